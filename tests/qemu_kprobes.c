// SPDX-License-Identifier: GPL-2.0
/*
 * Per-walk numbers through kprobes, end to end.  On this host: a run that
 * asks for kprobes where the kernel has none writes NA and says why.  In
 * QEMU on a stock Debian kernel (which has the kprobe PMU): migration makes
 * walks, each paired entry to return with its iterator calls, written per
 * walk; a phase with no driver makes none.  In both, a victim thread
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

static void check_guest(const char *dir, const char *release)
{
	char run[512];
	char *gs, *status, *samples, *walks;
	struct metric_tally walked, idle, moved;
	long iters, unpaired;

	snprintf(run, sizeof(run), "%s/guest/run", dir);
	gs = slurp_in(dir, "guest/guest-status");
	status = slurp_in(run, "status.csv");
	samples = slurp_in(run, "samples.csv");
	walks = slurp_in(run, "kprobe_walks.csv");
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
	check_victim(samples, "smoke,migrate,", "guest migrate");
	check_victim(samples, "smoke,idle,", "guest idle");
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
	check_guest(dir, release);
out:
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		fprintf(stderr, "cannot remove %s\n", dir);
	return CHECK_EXIT();
}
