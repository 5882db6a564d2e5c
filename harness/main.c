// SPDX-License-Identifier: GPL-2.0
/*
 * ksmbench: measure what the kernel pays to reverse-map KSM pages.
 * Everything the command line says is checked before the system is touched:
 * a bad value is one message and exit status 2, with nothing changed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "driver.h"
#include "ksm_knobs.h"
#include "layout.h"
#include "options.h"
#include "collector.h"
#include "run.h"
#include "version.h"
#include "scenario_file.h"

#define EXIT_USAGE 2
#define MAX_OVERRIDES 32

struct cli {
	const char *scenarios;		/* comma-separated, or NULL */
	const char *scenario_file;
	const char *out_dir;
	const char *vm_cmdline_file;
	const char *key[MAX_OVERRIDES];
	const char *val[MAX_OVERRIDES];
	int nr;
};

static void usage(FILE *f)
{
	fprintf(f,
"usage: ksmbench run [--scenario NAME[,NAME...]] [--scenario-file PATH]\n"
"                    [--out DIR] [--vm-cmdline-file PATH] [--OPTION VALUE...]\n"
"       ksmbench list [--scenario-file PATH]\n"
"       ksmbench --help | --version\n\n"
"Builds address spaces whose KSM pages have many rmap items on anon_vmas\n"
"with many VMAs, makes the kernel walk those rmaps (rmap_walk_ksm) and\n"
"measures each walk-driving phase: wall time, task clock, context switches,\n"
"page faults, cycles and instructions (where a PMU exists) and migrate\n"
"tracepoint hits, then verifies that every page is where and what it must\n"
"be.  Results: DIR/samples.csv, DIR/status.csv, DIR/metadata.json.\n\n"
"run options:\n"
"  --scenario NAMES     presets to run (default: one scenario from the\n"
"                       options below, named 'custom')\n"
"  --scenario-file PATH read presets from PATH instead of the built-in ones\n"
"  --out DIR            result directory (default results/<time>-<kernel>)\n"
"  --vm-cmdline-file F  record F's text as the QEMU command line\n\n"
"scenario options (override the presets; also the keys of scenario files):\n");
	opt_print_help(f);
	fprintf(f, "\nNeeds root and KSM; the migrate driver needs two NUMA "
		"nodes.\nExit status: 0 all ran or were skipped, 1 a run "
		"failed or mis-verified, 2 bad usage.\n");
}

static int bad_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "ksmbench: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'ksmbench --help'.\n");
	return EXIT_USAGE;
}

static int parse_cli(int argc, char **argv, struct cli *cli)
{
	int i;

	for (i = 0; i < argc; i++) {
		const char *arg = argv[i], *val;
		char key[64];
		size_t klen;

		if (!strcmp(arg, "--help")) {
			usage(stdout);
			exit(0);
		}
		if (strncmp(arg, "--", 2))
			return bad_usage("unexpected argument '%s'", arg);
		arg += 2;
		val = strchr(arg, '=');
		klen = val ? (size_t)(val - arg) : strlen(arg);
		if (klen >= sizeof(key))
			return bad_usage("unknown option '%s'", argv[i]);
		memcpy(key, arg, klen);
		key[klen] = '\0';
		if (val)
			val++;
		else if (i + 1 < argc)
			val = argv[++i];
		else
			return bad_usage("option '%s' needs a value", argv[i]);
		if (!strcmp(key, "scenario"))
			cli->scenarios = val;
		else if (!strcmp(key, "scenario-file"))
			cli->scenario_file = val;
		else if (!strcmp(key, "out"))
			cli->out_dir = val;
		else if (!strcmp(key, "vm-cmdline-file"))
			cli->vm_cmdline_file = val;
		else if (!opt_find(key))
			return bad_usage("unknown option '--%s'", key);
		else if (cli->nr == MAX_OVERRIDES)
			return bad_usage("too many options%s", "");
		else {
			cli->key[cli->nr] = opt_find(key)->name;
			cli->val[cli->nr++] = val;
		}
	}
	return 0;
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

static unsigned long long mem_available(void)
{
	unsigned long long kib = 0;
	char line[256];
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %llu kB", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib << 10;
}

/* Refuse before building rather than let the OOM killer decide. */
static int check_fits(const struct scenario *s)
{
	unsigned long long need, avail = mem_available();
	unsigned long map_count = 65530;
	char msg[256];
	FILE *f;

	need = layout_memory_estimate(s, sysconf(_SC_PAGESIZE));
	if (avail && need > avail / 2) {
		snprintf(msg, sizeof(msg), "%s needs about %llu MiB, more than "
			 "half of the %llu MiB available: refusing", s->name,
			 need >> 20, avail >> 20);
		return bad_usage("%s", msg);
	}
	f = fopen("/proc/sys/vm/max_map_count", "r");
	if (f) {
		if (fscanf(f, "%lu", &map_count) != 1)
			map_count = 65530;
		fclose(f);
	}
	if (s->vmas + 1000 > map_count) {
		snprintf(msg, sizeof(msg), "%s needs %lu VMAs but "
			 "vm.max_map_count is %lu: refusing", s->name,
			 s->vmas, map_count);
		return bad_usage("%s", msg);
	}
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
	}
	snprintf(list, sizeof(list), "%s", cli->scenarios ? : "");
	for (name = strtok_r(list, ",", &save); name;
	     name = strtok_r(NULL, ",", &save)) {
		const struct scenario *s = scenario_find(set, name);

		if (!s) {
			bad_usage("no scenario named '%s' (see `ksmbench "
				  "list`)", name);
			goto out;
		}
		if (run->nr == RUN_MAX_SCENARIOS) {
			bad_usage("too many scenarios%s", "");
			goto out;
		}
		run->rec[run->nr++].s = *s;
	}
	for (int i = 0; i < run->nr; i++)
		if (apply_overrides(cli, &run->rec[i].s) ||
		    check_fits(&run->rec[i].s))
			goto out;
	ret = 0;
out:
	free(set);
	return ret;
}

static int prepare_run(const struct cli *cli, struct run *run)
{
	struct utsname u;
	char stamp[40];
	FILE *f;

	if (cli->out_dir) {
		snprintf(run->out_dir, sizeof(run->out_dir), "%s",
			 cli->out_dir);
	} else {
		uname(&u);
		utc_now(stamp, sizeof(stamp));
		snprintf(run->out_dir, sizeof(run->out_dir),
			 "results/%s-%s", stamp, u.release);
	}
	if (!cli->vm_cmdline_file)
		return 0;
	f = fopen(cli->vm_cmdline_file, "r");
	if (!f)
		return bad_usage("cannot read --vm-cmdline-file: %s",
				 strerror(errno));
	if (!fgets(run->vm_cmdline, sizeof(run->vm_cmdline), f))
		run->vm_cmdline[0] = '\0';
	run->vm_cmdline[strcspn(run->vm_cmdline, "\n")] = '\0';
	fclose(f);
	return 0;
}

static uint64_t make_nonce(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((uint64_t)ts.tv_sec << 32) ^ ts.tv_nsec ^
	       ((uint64_t)getpid() << 16);
}

static int do_run(struct run *run)
{
	char err[512];
	int i;

	run->log = stderr;
	run->nonce = make_nonce();
	utc_now(run->started, sizeof(run->started));
	collectors_open();
	if (results_open(run, err, sizeof(err))) {
		fprintf(stderr, "ksmbench: %s\n", err);
		return 1;
	}
	ksm_knobs_recover(stderr);
	cleanup_install();
	knob_snapshot_take(&run->ksm_before);
	metadata_write(run, err, sizeof(err));
	for (i = 0; i < run->nr; i++)
		run_scenario(run, &run->rec[i]);
	utc_now(run->finished, sizeof(run->finished));
	if (metadata_write(run, err, sizeof(err)) || results_close(run)) {
		fprintf(stderr, "ksmbench: %s\n", err);
		run->failures++;
	}
	collectors_close();
	fprintf(stderr, "ksmbench: results in %s (%d failed)\n", run->out_dir,
		run->failures);
	return run->failures ? 1 : 0;
}

static void list_layout(const struct layout_ops *ops, void *arg)
{
	(void)arg;
	printf("  %-10s %s\n", ops->name, ops->help);
}

static void list_driver(const struct driver *d, void *arg)
{
	(void)arg;
	printf("  %-10s %s\n", d->name, d->help);
}

static int do_list(const struct cli *cli)
{
	struct scenario_set *set = calloc(1, sizeof(*set));
	int i, ret;

	if (!set)
		return 1;
	ret = load_set(cli, set);
	if (!ret) {
		printf("scenarios:\n");
		for (i = 0; i < set->nr; i++)
			printf("  %-10s %s\n", set->item[i].name,
			       set->item[i].description);
		printf("layouts:\n");
		layout_list(list_layout, NULL);
		printf("drivers:\n");
		driver_list(list_driver, NULL);
	}
	free(set);
	return ret;
}

int main(int argc, char **argv)
{
	static struct run run;
	struct cli cli = { 0 };
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
	ret = parse_cli(argc - 2, argv + 2, &cli);
	if (ret)
		return ret;
	if (!strcmp(argv[1], "list"))
		return do_list(&cli);
	if (strcmp(argv[1], "run"))
		return bad_usage("unknown command '%s'", argv[1]);
	ret = select_scenarios(&cli, &run);
	if (!ret)
		ret = prepare_run(&cli, &run);
	return ret ? ret : do_run(&run);
}
