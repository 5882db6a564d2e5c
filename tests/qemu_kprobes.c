// SPDX-License-Identifier: GPL-2.0
/*
 * Per-walk numbers through kprobes, end to end.  On this host: a run that
 * asks for kprobes where the kernel has none writes NA and says why.  In
 * QEMU on a stock Debian kernel (which has the kprobe PMU): migration makes
 * walks, each paired entry to return with its iterator calls, written per
 * walk; a phase with no driver makes none; each walk carries the task
 * clock of its thread, and cycles and instructions only where the guest
 * has a PMU (TCG has none: NA, with the reason).  In both, a victim thread
 * merges and splits a VMA of the layout's anon_vma during every phase and
 * times its calls.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "run_files.h"

CHECK_DEFINE_STATE;

#define KPROBE_PMU "/sys/bus/event_source/devices/kprobe/type"
#define WALK_FIELDS 24

/*
 * A walk's task clock is read from local_clock(), its duration from
 * CLOCK_MONOTONIC: two clocks.  Debian's kernels have
 * HAVE_UNSTABLE_SCHED_CLOCK, and under TCG the TSC is not stable, so
 * local_clock() is the TSC clamped to the last tick's CLOCK_MONOTONIC plus
 * one tick (kernel/sched/clock.c, sched_clock_local()): a delta of it can
 * exceed the same interval on CLOCK_MONOTONIC by up to a tick at either
 * end.  Seen in the guest under load: 2.8 ms over on a ~400 ms walk.  The
 * bound is the duration plus two ticks (the clock's granularity here) plus
 * 1% for the TSC's calibration against emulated timers; a delta taken
 * across threads or over the wrong interval is off by far more.
 */
#define CLOCK_RATE_SLACK_PER_MILLE 10
#define HZ_FALLBACK 100		/* the longest tick a kernel can choose */

static int csv_rows(const char *text)
{
	int n = 0;

	for (; text && *text; text++)
		n += *text == '\n';
	return n ? n - 1 : 0;		/* minus the header */
}

/* The victim ran in every phase of prefix, on its own CPU if two. */
static void check_victim(const char *samples, const char *prefix,
			 const char *what)
{
	struct metric_tally calls = metric_tally(samples, prefix,
						 "victim_calls");
	struct metric_tally pinned = metric_tally(samples, prefix,
						  "victim_pinned");
	char name[128];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	snprintf(name, sizeof(name), "%s: the victim merged and split in "
		 "every phase", what);
	CHECK(name, calls.rows > 0 && !calls.na && calls.sum >= 2 *
	      calls.rows, "%d rows, %d NA, %ld calls", calls.rows, calls.na,
	      calls.sum);
	snprintf(name, sizeof(name), "%s: victim pinned away from the "
		 "driver", what);
	/* The guest has two vCPUs; the host may have one. */
	if (strstr(what, "host") && cpus < 2)
		SKIP(name, "one CPU online");
	else
		CHECK(name, pinned.rows == calls.rows && !pinned.na &&
		      pinned.sum == pinned.rows, "%ld of %d", pinned.sum,
		      pinned.rows);
}

static void check_host(const char *bin, const char *dir)
{
	char cmd[1024], run[512];
	char *samples, *meta, *status;
	struct metric_tally w;
	bool have_pmu = access(KPROBE_PMU, R_OK) == 0;

	if (geteuid()) {
		SKIP("host kprobes", "needs root");
		return;
	}
	snprintf(run, sizeof(run), "%s/host", dir);
	snprintf(cmd, sizeof(cmd), "%s run --scenario smoke --drivers idle "
		 "--idle_ms 200 --reps 1 --kprobe walk --victim merge_split --wait "
		 "--out %s >&2", bin, run);
	CHECK("host: a run asking for kprobes succeeds", !shell(cmd, NULL, 0),
	      "%s", cmd);
	status = slurp_in(run, "status.csv");
	samples = slurp_in(run, "samples.csv");
	meta = slurp_in(run, "metadata.json");
	if (status && strstr(status, "smoke,idle,skip,")) {
		SKIP("host kprobes", "idle driver skipped: %s", status);
		goto out;
	}
	w = metric_tally(samples, "smoke,idle,idle,", "kprobe_walks");
	if (!have_pmu) {
		CHECK("host: no kprobe PMU: walks are NA, never 0",
		      w.rows == 1 && w.na == 1, "%d rows, %d NA", w.rows,
		      w.na);
		CHECK("host: metadata says why kprobe figures are missing",
		      meta && strstr(meta, "\"kprobe_walks\": \"no kprobe PMU"),
		      "no reason in metadata.json");
	} else {
		CHECK("host: idle makes no walk of ours", w.rows == 1 &&
		      !w.na && w.sum == 0, "%d rows, %d NA, sum %ld",
		      w.rows, w.na, w.sum);
	}
	check_victim(samples, "smoke,idle,", "host idle");
out:
	free(status);
	free(samples);
	free(meta);
}

/* Index of @name among the comma-separated names of @header, or -1. */
static int column(const char *header, const char *name)
{
	size_t len = strlen(name);
	int i = 0;

	for (const char *p = header; p && *p && *p != '\n'; i++) {
		if (!strncmp(p, name, len) && (p[len] == ',' ||
		    p[len] == '\n' || !p[len]))
			return i;
		p = strpbrk(p, ",\n");
		if (!p || *p == '\n')
			break;
		p++;
	}
	return -1;
}

/* Splits one line (no quoting in these files) into at most WALK_FIELDS. */
static int split(char *line, char *f[WALK_FIELDS])
{
	int n = 0;

	for (char *tok = strtok(line, ","); tok && n < WALK_FIELDS;
	     tok = strtok(NULL, ","))
		f[n++] = tok;
	return n;
}

/* The tick of the kernel booted: CONFIG_HZ of the config beside it. */
static unsigned long long tick_ns(const char *vmlinuz)
{
	const char *slash = strrchr(vmlinuz, '/');
	int dir = slash ? (int)(slash - vmlinuz) + 1 : 0;
	char path[PATH_MAX + 8], *text, *hz;
	unsigned long v = 0;

	snprintf(path, sizeof(path), "%.*sconfig", dir, vmlinuz);
	text = slurp(path);
	hz = text ? strstr(text, "\nCONFIG_HZ=") : NULL;
	if (hz)
		v = strtoul(hz + 11, NULL, 10);
	free(text);
	if (!v) {
		printf("# no CONFIG_HZ in %s: a tick of HZ=%d assumed\n",
		       path, HZ_FALLBACK);
		v = HZ_FALLBACK;
	}
	return 1000000000ULL / v;
}

struct walk_counters {
	unsigned long long tick;
	int rows, tc_bad, over, hw_na, hw_bad;
	unsigned long long tc_min, tc_max, worst_excess, tc_sum[2];
	char example[160];
};

static void tally_walk(struct walk_counters *w, char **f, const int *col)
{
	unsigned long long ns, tc, slack;
	int hw, k;

	w->rows++;
	ns = strtoull(f[col[0]], NULL, 10);
	tc = strtoull(f[col[1]], NULL, 10);
	if (!strcmp(f[col[1]], "NA") || !tc) {
		w->tc_bad++;
		snprintf(w->example, sizeof(w->example), "walk %s: task "
			 "clock %s", f[4], f[col[1]]);
		return;
	}
	w->tc_sum[!strcmp(f[2], "back")] += tc;
	if (!w->tc_min || tc < w->tc_min)
		w->tc_min = tc;
	if (tc > w->tc_max)
		w->tc_max = tc;
	slack = ns * CLOCK_RATE_SLACK_PER_MILLE / 1000 + 2 * w->tick;
	if (tc > ns && tc - ns > w->worst_excess)
		w->worst_excess = tc - ns;
	if (tc > ns + slack) {
		w->over++;
		snprintf(w->example, sizeof(w->example), "walk %s: task "
			 "clock %llu ns over duration %llu ns", f[4], tc, ns);
	}
	for (k = 2, hw = 0; k < 4; k++) {
		if (!strcmp(f[col[k]], "NA"))
			hw++;
		else if (!strtoull(f[col[k]], NULL, 10))
			w->hw_bad++;
	}
	/* Both or neither: one group member cannot be there alone. */
	if (hw == 2)
		w->hw_na++;
	else if (hw)
		w->hw_bad++;
}

static struct walk_counters walk_counters(char *walks,
					  unsigned long long tick)
{
	static const char *const names[] = {
		"duration_ns", "task_clock_ns", "cycles", "instructions",
	};
	struct walk_counters w = { .tick = tick };
	char *line, *next, *f[WALK_FIELDS];
	int col[4], i;

	if (!walks)
		return w;
	for (i = 0; i < 4; i++)
		col[i] = column(walks, names[i]);
	for (i = 0; i < 4; i++)
		if (col[i] < 0)
			return w;
	for (line = strchr(walks, '\n'); line && line[1]; line = next) {
		line++;
		next = strchr(line, '\n');
		if (next)
			*next = '\0';
		if (strncmp(line, "smoke,migrate,", 14))
			continue;
		if (split(line, f) > col[3])
			tally_walk(&w, f, col);
		if (!next)
			break;
	}
	return w;
}

/*
 * Per-walk task clock under migration, and cycles/instructions NA with the
 * reason where the guest has no PMU (or, where it has one, positive).
 */
static void check_walk_counters(char *walks, const char *samples,
				const char *meta, long nr_walks,
				unsigned long long tick)
{
	struct walk_counters w = walk_counters(walks, tick);
	static const char *const phases[2] = { "smoke,migrate,out,",
					       "smoke,migrate,back," };
	char name[128];
	long phase_tc;
	int i;

	printf("# per-walk task clock over %d migrate walks: min %llu ns, "
	       "max %llu ns; most above duration %llu ns\n", w.rows,
	       w.tc_min, w.tc_max, w.worst_excess);
	CHECK("guest: every walk under migration has a positive task clock",
	      w.rows == nr_walks && w.rows > 0 && !w.tc_bad,
	      "%d rows of %ld walks, %d NA or 0 (%s)", w.rows, nr_walks,
	      w.tc_bad, w.example);
	snprintf(name, sizeof(name), "guest: a walk's task clock at most its "
		 "duration + 1%% + 2 ticks of %llu ns", tick);
	CHECK(name, w.rows > 0 && !w.over, "%d of %d over (%s)", w.over,
	      w.rows, w.example);
	/* Same clock, same thread, walks inside the phase: no slack. */
	for (i = 0; i < 2; i++) {
		phase_tc = metric_sum(samples, phases[i], "task_clock") +
			   metric_sum(samples, phases[i], "kthread_task_clock");
		snprintf(name, sizeof(name), "guest: %sthe walks' task clock "
			 "fits in the phase's", phases[i]);
		CHECK(name, w.tc_sum[i] > 0 && w.tc_sum[i] <= (unsigned long long)
		      phase_tc, "%s walks %llu ns, phase %ld ns", phases[i],
		      w.tc_sum[i], phase_tc);
	}
	CHECK("guest: task clock per phase (p50, max) written",
	      metric_tally(samples, "smoke,migrate,",
			   "kprobe_walk_task_clock_max_ns").rows == 2 &&
	      !metric_tally(samples, "smoke,migrate,",
			    "kprobe_walk_task_clock_max_ns").na &&
	      !metric_tally(samples, "smoke,migrate,",
			    "kprobe_walk_task_clock_p50_ns").na, "NA or missing");
	CHECK("guest: the probe group never left the PMU",
	      metric_tally(samples, "smoke,", "kprobe_group_off_ns").sum == 0 &&
	      !metric_tally(samples, "smoke,", "kprobe_group_off_ns").na,
	      "%ld ns", metric_sum(samples, "smoke,", "kprobe_group_off_ns"));
	CHECK("guest: cycles and instructions both there or both NA",
	      !w.hw_bad, "%d walks with one of them, or a 0", w.hw_bad);
	if (w.hw_na) {
		CHECK("guest: no PMU: every walk's cycles NA, and why",
		      w.hw_na == w.rows && meta &&
		      strstr(meta, "\"kprobe_walk_cycles_mean\": \"") &&
		      strstr(meta, "\"kprobe_walk_instructions_mean\": \""),
		      "%d of %d NA; metadata.json %s a reason", w.hw_na,
		      w.rows, meta && strstr(meta, "kprobe_walk_cycles_mean\": "
					     "\"") ? "has" : "lacks");
		CHECK("guest: no PMU: per-phase means NA",
		      metric_tally(samples, "smoke,migrate,",
				   "kprobe_walk_cycles_mean").na == 2, "%d",
		      metric_tally(samples, "smoke,migrate,",
				   "kprobe_walk_cycles_mean").na);
	} else {
		CHECK("guest: PMU: cycles and instructions per phase",
		      metric_tally(samples, "smoke,migrate,",
				   "kprobe_walk_cycles_mean").sum > 0 &&
		      metric_tally(samples, "smoke,migrate,",
				   "kprobe_walk_instructions_mean").sum > 0,
		      "zero or NA");
	}
}

static void check_guest(const char *dir, const char *release,
			unsigned long long tick)
{
	char run[512];
	char *gs, *status, *samples, *walks, *meta;
	struct metric_tally walked, idle, moved;
	long iters, unpaired;

	snprintf(run, sizeof(run), "%s/guest/run", dir);
	gs = slurp_in(dir, "guest/guest-status");
	status = slurp_in(run, "status.csv");
	samples = slurp_in(run, "samples.csv");
	walks = slurp_in(run, "kprobe_walks.csv");
	meta = slurp_in(run, "metadata.json");
	CHECK("guest: status ok", gs && !strncmp(gs, "ok", 2), "%s",
	      gs ? gs : "(none)");
	CHECK("guest: migrate and idle ran and verified", status &&
	      strstr(status, "smoke,migrate,ok,") &&
	      strstr(status, "smoke,idle,ok,"), "status.csv: %s",
	      status ? status : "(none)");
	walked = metric_tally(samples, "smoke,migrate,", "kprobe_walks");
	moved = metric_tally(samples, "smoke,migrate,", "pages_moved");
	CHECK("guest: migration makes walks, at least one per page moved",
	      walked.rows == 2 && !walked.na && moved.sum > 0 &&
	      walked.sum >= moved.sum, "%s: %ld walks over %d rows (%d NA), "
	      "%ld pages moved", release, walked.sum, walked.rows, walked.na,
	      moved.sum);
	idle = metric_tally(samples, "smoke,idle,", "kprobe_walks");
	CHECK("guest: no driver, no walk", idle.rows == 1 && !idle.na &&
	      idle.sum == 0, "%ld walks over %d rows (%d NA)", idle.sum,
	      idle.rows, idle.na);
	unpaired = metric_sum(samples, "smoke,", "kprobe_walks_unpaired") +
		   metric_sum(samples, "smoke,", "kprobe_lost");
	CHECK("guest: every entry paired with its return, nothing lost",
	      unpaired == 0, "%ld unpaired or lost", unpaired);
	iters = metric_sum(samples, "smoke,migrate,", "kprobe_iterations");
	CHECK("guest: the iterator is counted inside the walks", iters > 0 &&
	      metric_tally(samples, "smoke,migrate,",
			   "kprobe_iterations").na == 0, "%ld", iters);
	CHECK("guest: one kprobe_walks.csv row per walk",
	      csv_rows(walks) == walked.sum, "%d rows, %ld walks",
	      csv_rows(walks), walked.sum);
	check_walk_counters(walks, samples, meta, walked.sum, tick);
	check_victim(samples, "smoke,migrate,", "guest migrate");
	check_victim(samples, "smoke,idle,", "guest idle");
	free(meta);
	free(gs);
	free(status);
	free(samples);
	free(walks);
}

int main(int argc, char **argv)
{
	const char *release = argc > 1 ? argv[1] : "7.2.13+deb14-cloud-amd64";
	const char *initrd = argc > 2 ? argv[2] : "build/initramfs.cpio.gz";
	const char *bin = argc > 3 ? argv[3] : "build/ksmbench";
	char dir[] = "/tmp/ksmbench-kprobes-XXXXXX", vmlinuz[PATH_MAX];
	char cmd[3 * PATH_MAX];
	int st;

	if (!mkdtemp(dir))
		return 1;
	check_host(bin, dir);
	if (shell("command -v qemu-system-x86_64 >/dev/null", NULL, 0)) {
		SKIP("qemu kprobes", "qemu-system-x86_64 is not installed");
		goto out;
	}
	snprintf(cmd, sizeof(cmd), "harness/qemu/debian-fetch.sh kernel '%s'",
		 release);
	if (shell(cmd, vmlinuz, sizeof(vmlinuz)) || !vmlinuz[0]) {
		SKIP("qemu kprobes", "cannot fetch Debian kernel %s", release);
		goto out;
	}
	snprintf(cmd, sizeof(cmd), "harness/qemu/boot.sh --kernel '%s' "
		 "--initrd '%s' --out '%s/guest' --timeout 300 -- --scenario "
		 "smoke --reps 1 --drivers migrate,idle --idle_ms 300 "
		 "--kprobe walk_iter --victim merge_split >&2", vmlinuz, initrd, dir);
	st = shell(cmd, NULL, 0);
	CHECK("guest: boot.sh succeeds", st == 0, "exit %d", st);
	check_guest(dir, release, tick_ns(vmlinuz));
out:
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		fprintf(stderr, "cannot remove %s\n", dir);
	return CHECK_EXIT();
}
