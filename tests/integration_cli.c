// SPDX-License-Identifier: GPL-2.0
/*
 * The ksmbench binary as a user meets it: bad input gets exit status 2, one
 * message and no change to the system; a real run writes its result files,
 * records a SKIP with its reason where the machine lacks something, and
 * leaves the KSM knobs as it found them.
 */
#include <limits.h>
#include <numa.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "check.h"
#include "slurp.h"
#include "ksm_state.h"
#include "run_lock.h"

CHECK_DEFINE_STATE;

static const char *bin;
static char tmpdir[] = "/tmp/ksmbench-cli-XXXXXX";

/* Run ksmbench with args; capture stderr into buf; return exit status. */
static int run(const char *args, char *buf, size_t len)
{
	char cmd[1024];
	size_t n = 0;
	FILE *p;
	int st;

	snprintf(cmd, sizeof(cmd), "%s %s 2>&1 >/dev/null", bin, args);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	if (buf && len)
		n = fread(buf, 1, len - 1, p);
	if (buf && len)
		buf[n] = '\0';
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static const struct {
	const char *args;
	const char *says;
} bad[] = {
	{ "run --vmas 12x --out %s/bad", "not a whole number" },
	{ "run --vmas 0 --out %s/bad", "out of range" },
	{ "run --scenario nosuch --out %s/bad", "no scenario named" },
	{ "run --bogus 1 --out %s/bad", "unknown option" },
	{ "run --layout nosuch --out %s/bad", "unknown name" },
	{ "run --scenario smoke --sharing 100000 --out %s/bad", "exceeds" },
	{ "run --scenario smoke --vmas 60000 --pages_per_vma 262144 "
	  "--out %s/bad", "refusing" },
	{ "run --scenario-file /nonexistent --out %s/bad", "nonexistent" },
	{ "run --sweep vmas=1..2 --out %s/bad", "not KEY=FROM..TO" },
	{ "run --sweep reps=1..8*2 --out %s/bad", "cannot sweep 'reps'" },
	{ "run --scenario smoke --sweep vmas=30000..120000*2 --out %s/bad",
	  "smoke@vmas=120000: vmas: 120000 is out of range" },
	{ "run --scenario smoke --pages_per_vma 65536 --sweep "
	  "vmas=1..60000*4 --out %s/bad", "refusing" },
	{ "run --layout thp --pages_per_vma 100 --out %s/bad", "multiple of" },
	{ "run --layout procs --procs 8 --ksm_pages 4 --sharing 64 "
	  "--max_page_sharing 256 "
	  "--out %s/bad", "max_page_sharing" },
	{ "frobnicate", "unknown command" },
	{ "run --reps", "needs a value" },
	{ "run --bogus", "unknown option '--bogus'" },
	{ "run --vmas 5 --vmas 6 --out %s/bad", "given twice" },
	{ "run --out %s/bad --out %s/bad2", "given twice" },
	{ "run --scenario smoke,smoke --out %s/bad", "listed twice" },
	{ "run --scenario , --out %s/bad", "names no scenario" },
	{ "run --scenario '' --out %s/bad", "names no scenario" },
	{ "run --out %s/file", "not a directory" },
	{ "run --out %s/existing", "already exists" },
	{ "run --out /nonexistent-ksmbench/x", "does not exist" },
	{ "run --replace", "needs --out" },
	{ "run --wait=1 --out %s/bad", "takes no value" },
	{ "list --out %s/bad", "takes only" },
	{ "run --scenario mremap2k --vmas 40000 --out %s/bad",
	  "vm.max_map_count" },
	{ "run --vm-cmdline-file %s/latin1 --out %s/bad", "not UTF-8" },
	{ "run --scenario-file %s/nul.conf --out %s/bad", "nul.conf:3: NUL" },
	{ "run --scenario-file %s/latin1 --out %s/bad", "latin1:1: not valid "
	  "UTF-8" },
	{ "run --scenario-file %s/long.conf --out %s/bad", "long.conf:2: line "
	  "too long" },
	{ "run --scenario-file %s/ctl.conf --out %s/bad", "ctl.conf:2: control" },
	{ "run --scenario-file %s/hash.conf --out %s/bad", "hash.conf:2: vmas: "
	  "'10#ten' is not" },
	{ "run --description $(printf 'caf\\351') --out %s/bad",
	  "not UTF-8" },
};

/* Scenario files that lie, and the paths --out must refuse. */
static void make_bad_files(void)
{
	static const char nul[] = "[a]\nvmas = 10\nforks = 1\0\n";
	char path[PATH_MAX], line[2000];
	FILE *f;

	snprintf(path, sizeof(path), "%s/nul.conf", tmpdir);
	f = fopen(path, "w");
	fwrite(nul, 1, sizeof(nul) - 1, f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/latin1", tmpdir);
	f = fopen(path, "w");
	fputs("# caf\xe9\n", f);
	fclose(f);
	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	snprintf(path, sizeof(path), "%s/long.conf", tmpdir);
	f = fopen(path, "w");
	fprintf(f, "[a]\ndescription = %s\n", line);
	fclose(f);
	snprintf(path, sizeof(path), "%s/ctl.conf", tmpdir);
	f = fopen(path, "w");
	fputs("[a]\nvmas = 1\r0\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/hash.conf", tmpdir);
	f = fopen(path, "w");
	fputs("[a]\r\nvmas = 10#ten\r\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/file", tmpdir);
	fclose(fopen(path, "w"));
	snprintf(path, sizeof(path), "%s/existing", tmpdir);
	mkdir(path, 0755);
}

static void check_bad_input(void)
{
	struct ksm_state before, after;
	char args[512], out[1024], name[600], path[PATH_MAX];
	size_t i;

	ksm_state_read(&before);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int st;

		snprintf(args, sizeof(args), bad[i].args, tmpdir, tmpdir);
		st = run(args, out, sizeof(out));
		snprintf(name, sizeof(name), "bad input exits 2 and says why: "
			 "%s", bad[i].args);
		CHECK(name, st == 2 && strstr(out, bad[i].says),
		      "status %d, said: %s", st, out);
	}
	snprintf(path, sizeof(path), "%s/bad", tmpdir);
	CHECK("bad input creates no result directory", access(path, F_OK),
	      "%s exists", path);
	ksm_state_read(&after);
	CHECK("bad input changes no KSM knob", !ksm_state_diff(&before, &after),
	      "%s changed", ksm_state_diff(&before, &after));
}

static int nodes_with_memory(void)
{
	int n, found = 0;

	for (n = 0; numa_available() >= 0 && n <= numa_max_node(); n++)
		if (numa_node_size64(n, NULL) > 0)
			found++;
	return found;
}

static void check_real_run(void)
{
	struct ksm_state before, after;
	char args[512], out[8192], path[PATH_MAX];
	char *status, *meta, *samples;
	const char *why = ksm_state_unusable();
	int st;

	if (why) {
		SKIP("smoke run on the running kernel", "%s", why);
		return;
	}
	ksm_state_read(&before);
	snprintf(args, sizeof(args), "run --scenario smoke --reps 2 "
		 "--drivers migrate,compact --out %s/ok", tmpdir);
	st = run(args, out, sizeof(out));
	CHECK("smoke run exits 0", st == 0, "status %d: %s", st, out);
	snprintf(path, sizeof(path), "%s/ok/status.csv", tmpdir);
	status = slurp(path);
	snprintf(path, sizeof(path), "%s/ok/metadata.json", tmpdir);
	meta = slurp(path);
	snprintf(path, sizeof(path), "%s/ok/samples.csv", tmpdir);
	samples = slurp(path);
	CHECK("bare metal: metadata says accelerator none",
	      meta && strstr(meta, "\"accelerator\": \"none\""), "%.200s",
	      meta ? meta : "(none)");
	CHECK("metadata records the merge as expected",
	      meta && strstr(meta, "\"merged_as_expected\": true") &&
	      strstr(meta, "\"finished\": \"") &&
	      strstr(meta, "\"release\": "), "metadata: %.200s",
	      meta ? meta : "(none)");
	if (nodes_with_memory() < 2) {
		CHECK("one NUMA node: migrate is a SKIP with its reason",
		      status && strstr(status, "smoke,migrate,skip,needs two "
				       "NUMA nodes"), "status: %s",
		      status ? status : "(none)");
	} else {
		CHECK("migrate ran and verified", status &&
		      strstr(status, "smoke,migrate,ok,"), "status: %s",
		      status ? status : "(none)");
		CHECK("two reps of both phases timed", samples &&
		      strstr(samples, "smoke,migrate,out,2,wall_time,ns,") &&
		      strstr(samples, "smoke,migrate,back,2,wall_time,ns,"),
		      "samples missing");
	}
	ksm_state_read(&after);
	CHECK("run leaves the KSM knobs as it found them",
	      !ksm_state_diff(&before, &after), "%s differs",
	      ksm_state_diff(&before, &after));
	free(status);
	free(meta);
	free(samples);
}

/* metadata.json names the accelerator from the recorded QEMU command line. */
static void check_accelerator(void)
{
	static const char *const accels[][2] = {
		{ "qemu-system-x86_64 -accel kvm -cpu host -smp 2", "kvm" },
		{ "qemu-system-x86_64 -accel tcg,thread=multi -cpu max", "tcg" },
	};
	char args[2 * PATH_MAX + 128], path[PATH_MAX], want[64], name[96];
	char out[1024];
	size_t i;
	int st;
	char *meta;
	FILE *f;

	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/cmdline-%zu", tmpdir, i);
		f = fopen(path, "w");
		if (!f || fprintf(f, "%s\n", accels[i][0]) < 0 || fclose(f)) {
			CHECK("write a QEMU command line file", 0, "%s", path);
			return;
		}
		snprintf(args, sizeof(args), "run --scenario smoke --reps 1 "
			 "--drivers migrate --wait --vm-cmdline-file %s "
			 "--out %s/acc-%zu",
			 path, tmpdir, i);
		st = run(args, out, sizeof(out));
		snprintf(path, sizeof(path), "%s/acc-%zu/metadata.json", tmpdir,
			 i);
		meta = slurp(path);
		snprintf(want, sizeof(want), "\"accelerator\": \"%s\"",
			 accels[i][1]);
		snprintf(name, sizeof(name), "metadata records accelerator %s",
			 accels[i][1]);
		CHECK(name, meta && strstr(meta, want), "status %d, %.300s",
		      st, meta ? meta : out);
		free(meta);
	}
}

/* Every name row of `ksmbench list` starts its help in one column. */
static void check_list_aligned(void)
{
	char cmd[PATH_MAX + 16], line[1024];
	size_t rows = 0, col, first = 0, bad = 0;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "%s list", bin);
	p = popen(cmd, "r");
	if (!p) {
		CHECK("list: runs", 0, "popen failed");
		return;
	}
	while (fgets(line, sizeof(line), p)) {
		if (strncmp(line, "  ", 2) || line[2] == ' ')
			continue;
		col = 2 + strcspn(line + 2, " ");
		col += strspn(line + col, " ");
		if (!rows++)
			first = col;
		else if (col != first && !bad++)
			fprintf(stderr, "misaligned: %s", line);
	}
	CHECK("list: exits 0", pclose(p) == 0, "non-zero exit");
	CHECK("list: every help text starts in one column",
	      rows > 10 && !bad, "%zu rows, %zu misaligned", rows, bad);
}

int main(int argc, char **argv)
{
	char cmd[64 + sizeof(tmpdir)];

	bin = argc > 1 ? argv[1] : "build/ksmbench";
	if (!mkdtemp(tmpdir)) {
		CHECK("temporary directory", 0, "mkdtemp failed");
		return 1;
	}
	CHECK("--help describes the run command",
	      run("--help", NULL, 0) == 0, "non-zero exit");
	check_list_aligned();
	make_bad_files();
	/* No other ksmbench may change the knobs while we compare them. */
	if (!ksm_state_unusable() &&
	    run_lock_take(RUN_LOCK, true, cmd, sizeof(cmd)))
		CHECK("run lock", 0, "%s", cmd);
	check_bad_input();
	run_lock_release();
	check_real_run();
	check_accelerator();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", tmpdir);
	return CHECK_EXIT();
}
