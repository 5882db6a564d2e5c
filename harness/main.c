// SPDX-License-Identifier: GPL-2.0
/*
 * ksmbench: measure what the kernel pays to reverse-map KSM pages.
 * Everything the command line says is checked before the system is touched:
 * a bad value is one message and exit status 2, with nothing changed.  Then
 * the run takes the machine-wide run lock, restores what a killed run left,
 * and looks at the other KSM users before its first change.
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "cli.h"
#include "driver.h"
#include "ksm_knobs.h"
#include "ksm_users.h"
#include "layout.h"
#include "layout_limits.h"
#include "options.h"
#include "collector.h"
#include "run.h"
#include "run_lock.h"
#include "scenario_file.h"
#include "stage.h"
#include "sweep.h"
#include "undo.h"
#include "utf8.h"
#include "version.h"

#define bad_usage cli_bad_usage

static void usage(FILE *f)
{
	fprintf(f,
"usage: ksmbench run [--scenario NAME[,NAME...]] [--scenario-file PATH]\n"
"                    [--out DIR [--replace]] [--vm-cmdline-file PATH]\n"
"                    [--wait] [--OPTION VALUE...]\n"
"       ksmbench list [--scenario-file PATH]\n"
"       ksmbench restore [--wait]\n"
"       ksmbench --help | --version\n\n"
"Builds address spaces whose KSM pages have many rmap items on anon_vmas\n"
"with many VMAs, makes the kernel walk those rmaps (rmap_walk_ksm) and\n"
"measures each walk-driving phase: wall time, task clock, context switches,\n"
"page faults, cycles and instructions (where a PMU exists) and migrate\n"
"tracepoint hits, then verifies that every page is where and what it must\n"
"be.  Results: DIR/samples.csv, DIR/status.csv, DIR/metadata.json; a run\n"
"that did not finish leaves DIR/INCOMPLETE saying why.\n\n"
"run options:\n"
"  --scenario NAMES     presets to run (default: one scenario from the\n"
"                       options below, named 'custom')\n"
"  --scenario-file PATH read presets from PATH instead of the built-in ones\n"
"  --out DIR            result directory (default results/<time>-<kernel>);\n"
"                       its parent must exist\n"
"  --replace            overwrite the results in an existing --out DIR\n"
"  --vm-cmdline-file F  record F's text as the QEMU command line\n"
"  --wait               wait for another ksmbench run to end instead of\n"
"                       refusing to start\n\n"
"restore: put back what a killed run changed (" UNDO_JOURNAL ");\n"
"every run does this first too.\n\n"
"scenario options (override the presets; also the keys of scenario files):\n");
	opt_print_help(f);
	fprintf(f, "\nNeeds root and KSM; the migrate driver needs two NUMA "
		"nodes.\nExit status: 0 all ran or were skipped, 1 a run "
		"failed, mis-verified or left something unrestored, 2 bad "
		"usage or refused before any change.\n");
}

static int load_set(const struct cli *cli, struct scenario_set *set)
{
	char err[512];
	int ret;

	if (cli->scenario_file)
		ret = scenario_load_file(cli->scenario_file, set, err,
					 sizeof(err));
	else
		ret = scenario_load_builtin(set, err, sizeof(err));
	if (ret)
		return bad_usage("%s", err);
	return 0;
}

static int apply_overrides(const struct cli *cli, struct scenario *s)
{
	char err[512];
	int i;

	for (i = 0; i < cli->nr; i++)
		if (opt_set(s, cli->key[i], cli->val[i], err, sizeof(err)))
			return bad_usage("%s", err);
	if (scenario_validate(s, err, sizeof(err)))
		return bad_usage("%s", err);
	return 0;
}

/* Refuse before building rather than let the OOM killer decide. */
static int check_fits(const struct scenario *s)
{
	char msg[256];

	if (layout_fits(s, msg, sizeof(msg)))
		return bad_usage("%s", msg);
	return 0;
}

static int add_scenario(struct run *run, const struct scenario_set *set,
			const char *name)
{
	const struct scenario *s = scenario_find(set, name);
	int i;

	if (!s)
		return bad_usage("no scenario named '%s' (see `ksmbench "
				 "list`)", name);
	for (i = 0; i < run->nr; i++)
		if (!strcmp(run->rec[i].s.name, name))
			return bad_usage("scenario '%s' listed twice", name);
	if (run->nr == RUN_MAX_SCENARIOS)
		return bad_usage("too many scenarios%s", "");
	run->rec[run->nr++].s = *s;
	return 0;
}

static int select_scenarios(const struct cli *cli, struct run *run)
{
	struct scenario_set *set = calloc(1, sizeof(*set));
	char list[512], *save, *name;
	int ret = EXIT_USAGE;

	if (!set || load_set(cli, set))
		goto out;
	if (!cli->scenarios) {
		scenario_defaults(&run->rec[0].s);
		run->nr = 1;
	} else if (strlen(cli->scenarios) >= sizeof(list)) {
		bad_usage("--scenario list too long%s", "");
		goto out;
	}
	snprintf(list, sizeof(list), "%s", cli->scenarios ? : "");
	for (name = strtok_r(list, ",", &save); name;
	     name = strtok_r(NULL, ",", &save))
		if (add_scenario(run, set, name))
			goto out;
	if (!run->nr) {
		bad_usage("--scenario '%s' names no scenario", cli->scenarios);
		goto out;
	}
	for (int i = 0; i < run->nr; i++)
		if (apply_overrides(cli, &run->rec[i].s))
			goto out;
	if (sweep_expand(run, list, sizeof(list))) {
		bad_usage("%s", list);
		goto out;
	}
	for (int i = 0; i < run->nr; i++)
		if (check_fits(&run->rec[i].s))
			goto out;
	ret = 0;
out:
	free(set);
	return ret;
}

/* --out: a directory we can create, or one to replace when asked. */
static int check_out(const char *dir, bool replace)
{
	char copy[PATH_MAX], *parent;
	struct stat st;

	if (!dir[0])
		return bad_usage("--out is empty%s", "");
	if (!stat(dir, &st)) {
		if (!S_ISDIR(st.st_mode))
			return bad_usage("--out %s exists and is not a "
					 "directory", dir);
		if (!replace)
			return bad_usage("--out %s already exists; add "
					 "--replace to overwrite its results",
					 dir);
		if (access(dir, W_OK | X_OK))
			return bad_usage("--out %s is not writable", dir);
		return 0;
	}
	if (errno != ENOENT)
		return bad_usage("--out: %s", strerror(errno));
	snprintf(copy, sizeof(copy), "%s", dir);
	parent = dirname(copy);
	if (stat(parent, &st) || !S_ISDIR(st.st_mode))
		return bad_usage("the parent directory of --out (%s) does not "
				 "exist", parent);
	if (access(parent, W_OK | X_OK))
		return bad_usage("cannot create directories in %s (the parent "
				 "of --out)", parent);
	return 0;
}

static int read_vm_cmdline(const char *path, struct run *run)
{
	size_t n;
	FILE *f = fopen(path, "r");

	if (!f)
		return bad_usage("cannot read --vm-cmdline-file: %s",
				 strerror(errno));
	n = fread(run->vm_cmdline, 1, sizeof(run->vm_cmdline) - 1, f);
	fclose(f);
	run->vm_cmdline[n] = '\0';
	run->vm_cmdline[strcspn(run->vm_cmdline, "\n")] = '\0';
	if (!utf8_valid(run->vm_cmdline, strlen(run->vm_cmdline)))
		return bad_usage("--vm-cmdline-file %s is not UTF-8 text",
				 path);
	return 0;
}

static int prepare_run(const struct cli *cli, struct run *run)
{
	struct utsname u;
	char stamp[40];

	if (cli->out_dir) {
		if (strlen(cli->out_dir) >= sizeof(run->out_dir) - 64)
			return bad_usage("--out path too long%s", "");
		snprintf(run->out_dir, sizeof(run->out_dir), "%s",
			 cli->out_dir);
	} else {
		uname(&u);
		utc_now(stamp, sizeof(stamp));
		snprintf(run->out_dir, sizeof(run->out_dir),
			 "results/%s-%s", stamp, u.release);
	}
	if (check_out(run->out_dir, cli->replace))
		return EXIT_USAGE;
	if (cli->vm_cmdline_file)
		return read_vm_cmdline(cli->vm_cmdline_file, run);
	return 0;
}

static uint64_t make_nonce(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((uint64_t)ts.tv_sec << 32) ^ ts.tv_nsec ^
	       ((uint64_t)getpid() << 16);
}

/* The lock, then what a killed run left; 0, or the exit status. */
static int take_machine(const struct cli *cli)
{
	char err[512];

	if (run_lock_take(RUN_LOCK, cli->wait, err, sizeof(err))) {
		fprintf(stderr, "ksmbench: %s\n", err);
		return EXIT_USAGE;
	}
	cleanup_install();
	ksm_knobs_init();
	undo_init(UNDO_JOURNAL, stderr);
	return 0;
}

/* Other KSM users and max_page_sharing, before the first change. */
static int plan_ksm(struct run *run)
{
	char note[512], err[512];
	int i;

	ksm_users_scan(&run->others_before, getpid());
	ksm_users_print(&run->others_before, "before the run", stderr);
	if (run->others_before.procs)
		fprintf(stderr, "ksmbench: ksmd will also merge their memory "
			"while this run lasts; it stays merged afterwards\n");
	for (i = 0; i < run->nr; i++) {
		if (ksm_knobs_plan(&run->rec[i].s, run->others_before.procs > 0,
				   note, sizeof(note), err, sizeof(err)))
			return bad_usage("refusing: %s", err);
		if (note[0])
			fprintf(stderr, "ksmbench: %s\n", note);
	}
	return 0;
}

/* --replace: what an earlier run wrote must not mix with this one's. */
static void remove_old_results(const char *dir)
{
	static const char *const names[] = {
		"samples.csv", "status.csv", "walks.csv", "kprobe_walks.csv",
		"samples.csv.partial", "status.csv.partial",
		"walks.csv.partial", "kprobe_walks.csv.partial",
		"metadata.json", "INCOMPLETE",
	};
	char path[PATH_MAX + 32];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
}

static int open_results(struct run *run, bool replace)
{
	char err[512];

	if (replace)
		remove_old_results(run->out_dir);
	if (results_open(run, err, sizeof(err)) ||
	    cleanup_mark_incomplete(run->out_dir, err, sizeof(err))) {
		fprintf(stderr, "ksmbench: %s\n", err);
		return 1;
	}
	return 0;
}

static int finish_run(struct run *run)
{
	char err[512];

	ksm_users_scan(&run->others_after, getpid());
	ksm_users_print(&run->others_after, "after the run", stderr);
	utc_now(run->finished, sizeof(run->finished));
	if (metadata_write(run, err, sizeof(err)) || results_close(run)) {
		fprintf(stderr, "ksmbench: %s\n", err);
		run->failures++;
	} else {
		cleanup_complete();
	}
	collectors_close();
	undo_run_all();
	if (undo_pending()) {
		undo_report(stderr);
		run->failures++;
	}
	fprintf(stderr, "ksmbench: results in %s (%d failed)\n", run->out_dir,
		run->failures);
	return run->failures ? 1 : 0;
}

static int do_run(const struct cli *cli, struct run *run)
{
	char err[512];
	int i, ret;

	stage_enter("options");
	ret = take_machine(cli);
	if (!ret)
		ret = plan_ksm(run);
	if (ret)
		return ret;
	run->log = stderr;
	run->nonce = make_nonce();
	utc_now(run->started, sizeof(run->started));
	collectors_open();
	if (open_results(run, cli->replace))
		return 1;
	knob_snapshot_take(&run->ksm_before);
	metadata_write(run, err, sizeof(err));
	for (i = 0; i < run->nr; i++)
		run_scenario(run, &run->rec[i]);
	return finish_run(run);
}

static int do_restore(const struct cli *cli)
{
	int ret = take_machine(cli);

	if (ret)
		return ret;
	if (undo_pending())
		return 1;
	fprintf(stderr, "ksmbench: nothing left to restore\n");
	return 0;
}

/*
 * ksmbench list: every section's name column as wide as the longest name
 * of all, so that the help texts start in one column.  A first pass with
 * !print measures, the second prints.
 */
struct list_col {
	int width;
	bool print;
};

static void list_row(struct list_col *c, const char *name, const char *help)
{
	int len = (int)strlen(name);

	if (c->print)
		printf("  %-*s %s\n", c->width, name, help);
	else if (len > c->width)
		c->width = len;
}

static void list_title(const struct list_col *c, const char *title)
{
	if (c->print)
		fputs(title, stdout);
}

static void list_layout(const struct layout_ops *ops, void *arg)
{
	list_row(arg, ops->name, ops->help);
}

static void list_driver(const struct driver *d, void *arg)
{
	list_row(arg, d->name, d->help);
}

static void list_key(const char *name, const char *help, void *arg)
{
	list_row(arg, name, help);
}

static void list_all(const struct scenario_set *set, struct list_col *c)
{
	int i;

	list_title(c, "scenarios:\n");
	for (i = 0; i < set->nr; i++)
		list_row(c, set->item[i].name, set->item[i].description);
	list_title(c, "layouts:\n");
	layout_list(list_layout, c);
	list_title(c, "keys of every layout (a layout's own keys: "
		   "`ksmbench run --help`):\n");
	layout_common_keys(list_key, c);
	list_title(c, "drivers:\n");
	driver_list(list_driver, c);
}

static int do_list(const struct cli *cli)
{
	struct scenario_set *set = calloc(1, sizeof(*set));
	struct list_col col = { 0 };
	int ret;

	if (!set)
		return 1;
	ret = load_set(cli, set);
	if (!ret) {
		list_all(set, &col);
		col.print = true;
		list_all(set, &col);
	}
	free(set);
	return ret;
}

/* Options only `run` takes are refused elsewhere, not ignored. */
static int check_command_options(const char *cmd, const struct cli *cli)
{
	bool run_only = cli->scenarios || cli->out_dir || cli->replace ||
			cli->vm_cmdline_file || cli->nr;

	if (!strcmp(cmd, "list") && (run_only || cli->wait))
		return bad_usage("`ksmbench list` takes only "
				 "--scenario-file%s", "");
	if (!strcmp(cmd, "restore") && (run_only || cli->scenario_file))
		return bad_usage("`ksmbench restore` takes only --wait%s", "");
	if (!strcmp(cmd, "run") && cli->replace && !cli->out_dir)
		return bad_usage("--replace needs --out%s", "");
	return 0;
}

int main(int argc, char **argv)
{
	static struct run run;
	struct cli cli;
	int ret;

	if (argc < 2)
		return bad_usage("missing command%s", "");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("ksmbench %s (%s)\n", KSMBENCH_VERSION,
		       KSMBENCH_GIT_COMMIT);
		return 0;
	}
	if (strcmp(argv[1], "run") && strcmp(argv[1], "list") &&
	    strcmp(argv[1], "restore"))
		return bad_usage("unknown command '%s'", argv[1]);
	ret = cli_parse(argc - 2, argv + 2, &cli);
	if (ret)
		return ret;
	if (cli.help) {
		usage(stdout);
		return 0;
	}
	ret = check_command_options(argv[1], &cli);
	if (ret)
		return ret;
	if (!strcmp(argv[1], "list"))
		return do_list(&cli);
	if (!strcmp(argv[1], "restore"))
		return do_restore(&cli);
	ret = select_scenarios(&cli, &run);
	if (!ret)
		ret = prepare_run(&cli, &run);
	return ret ? ret : do_run(&cli, &run);
}
