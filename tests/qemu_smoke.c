// SPDX-License-Identifier: GPL-2.0
/*
 * End to end in QEMU: fetch one stock Debian kernel, boot it with the suite's
 * initramfs, run the smoke scenario, and check what comes back: the guest's
 * status, the migrate driver verified on two NUMA nodes, the reclaim driver
 * through cgroup v2 and the zram module, samples for every
 * repetition, the tracepoint counted, the QEMU command line recorded.  Then
 * check that a guest past its deadline is reported as a timeout.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "run_files.h"

CHECK_DEFINE_STATE;

static int count(const char *hay, const char *needle)
{
	int n = 0;

	while (hay && (hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* The drivers a one-node host cannot run all, run here. */
static void check_other_drivers(const char *status, const char *samples)
{
	CHECK("damon driver ran beside no other monitor",
	      status && strstr(status, "smoke,damon,ok,"), "status.csv: %s",
	      status ? status : "(none)");
	CHECK("our kdamond's CPU time is counted",
	      samples && metric_sum(samples, "smoke,damon,",
				    "kthread_task_clock") > 0,
	      "kthread_task_clock %ld", samples ? metric_sum(samples,
			"smoke,damon,", "kthread_task_clock") : -1);
	CHECK("offline soft-offlined every KSM page or recorded the refusal",
	      status && strstr(status, "smoke,offline,ok,") &&
	      (metric_sum(samples, "smoke,offline,", "ksm_pages_moved") ==
	       2 * 4 || metric_sum(samples, "smoke,offline,",
				   "first_errno") > 0),
	      "moved %ld, errno %ld", metric_sum(samples, "smoke,offline,",
						 "ksm_pages_moved"),
	      metric_sum(samples, "smoke,offline,", "first_errno"));
	CHECK("hard poison left no mapping of the poisoned KSM page",
	      samples && strstr(samples, "smoke,offline,hard,2,"
				"poisoned_still_mapped,count,") &&
	      metric_sum(samples, "smoke,offline,hard,",
			 "poisoned_still_mapped") == 0,
	      "still mapped %ld", metric_sum(samples, "smoke,offline,hard,",
					    "poisoned_still_mapped"));
	CHECK("compact moved KSM pages, or says it walked nothing",
	      status && (strstr(status, "smoke,compact,ok,") ||
			 strstr(status, "smoke,compact,skip,no repetition "
				"made the kernel walk")),
	      "status.csv: %s", status ? status : "(none)");
	CHECK("no driver saw a page go wrong in any process",
	      samples && metric_sum(samples, "smoke,", "verify_failures") == 0,
	      "verify_failures %ld", metric_sum(samples, "smoke,",
						"verify_failures"));
}

static void check_run(const char *dir, const char *release)
{
	char run[PATH_MAX + 8];
	char *gs = slurp_in(dir, "guest-status");
	char *status, *samples, *meta;

	snprintf(run, sizeof(run), "%s/run", dir);
	status = slurp_in(run, "status.csv");
	samples = slurp_in(run, "samples.csv");
	meta = slurp_in(run, "metadata.json");
	CHECK("guest status is ok", gs && !strncmp(gs, "ok", 2),
	      "guest-status: %s", gs ? gs : "(none)");
	CHECK("migrate driver ran and verified in the guest",
	      status && strstr(status, "smoke,migrate,ok,"), "status.csv: %s",
	      status ? status : "(none)");
	CHECK("every repetition of both phases has a wall time",
	      samples && strstr(samples, "smoke,migrate,out,1,wall_time,ns,") &&
	      strstr(samples, "smoke,migrate,back,2,wall_time,ns,"),
	      "samples incomplete");
	CHECK("no page failed or mis-verified",
	      samples && metric_sum(samples, "smoke,migrate,", "pages_failed")
	      == 0 && metric_sum(samples, "smoke,migrate,", "verify_failures")
	      == 0 && metric_sum(samples, "smoke,migrate,", "pages_moved") ==
	      2 * 2 * 4, "moved %ld failed %ld verify %ld",
	      metric_sum(samples, "smoke,migrate,", "pages_moved"),
	      metric_sum(samples, "smoke,migrate,", "pages_failed"),
	      metric_sum(samples, "smoke,migrate,", "verify_failures"));
	CHECK("migrate tracepoint counted in every phase",
	      samples && metric_sum(samples, "smoke,migrate,",
				    "migrate_events") >= 4,
	      "migrate_events total %ld",
	      samples ? metric_sum(samples, "smoke,migrate,",
				   "migrate_events") : -1);
	check_other_drivers(status, samples);
	/* The guest's cgroup v2 and zram module, loaded from the initramfs. */
	CHECK("reclaim driver ran and verified in the guest",
	      status && strstr(status, "smoke,reclaim,ok,"), "status.csv: %s",
	      status ? status : "(none)");
	CHECK("reclaim went through cgroup v2 and swapped out every KSM page",
	      samples && metric_sum(samples, "smoke,reclaim,out,",
				    "memcg_version") == 2 * 2 &&
	      metric_sum(samples, "smoke,reclaim,out,",
			 "ksm_pages_swapped_out") == 2 * 4 &&
	      metric_sum(samples, "smoke,reclaim,in,",
			 "ksm_pages_swapped_in") == 2 * 4,
	      "memcg_version sum %ld, swapped out %ld, in %ld",
	      metric_sum(samples, "smoke,reclaim,out,", "memcg_version"),
	      metric_sum(samples, "smoke,reclaim,out,",
			 "ksm_pages_swapped_out"),
	      metric_sum(samples, "smoke,reclaim,in,",
			 "ksm_pages_swapped_in"));
	CHECK("metadata names the guest kernel", meta && strstr(meta, release),
	      "release %s not in metadata", release);
	CHECK("metadata records the QEMU command line",
	      meta && strstr(meta, "\"qemu_cmdline\": \"qemu-system-x86_64"),
	      "no qemu_cmdline");
	CHECK("metadata shows two NUMA nodes",
	      count(meta, "\"mem_total_kib\"") == 3, "%d mem_total_kib keys",
	      count(meta, "\"mem_total_kib\""));
	free(gs);
	free(status);
	free(samples);
	free(meta);
}

int main(int argc, char **argv)
{
	const char *release = argc > 1 ? argv[1] : "7.3.4+deb13-cloud-amd64";
	const char *initrd = argc > 2 ? argv[2] : "build/initramfs.cpio.gz";
	char dir[] = "/tmp/ksmbench-qemu-XXXXXX", vmlinuz[PATH_MAX];
	char cmd[3 * PATH_MAX], sub[64], *gs;
	int st;

	if (shell("command -v qemu-system-x86_64 >/dev/null", NULL, 0)) {
		SKIP("qemu smoke", "qemu-system-x86_64 is not installed");
		return 0;
	}
	snprintf(cmd, sizeof(cmd), "harness/qemu/debian-fetch.sh kernel '%s'",
		 release);
	if (shell(cmd, vmlinuz, sizeof(vmlinuz)) || !vmlinuz[0]) {
		SKIP("qemu smoke", "cannot fetch Debian kernel %s", release);
		return 0;
	}
	if (!mkdtemp(dir))
		return 1;
	snprintf(cmd, sizeof(cmd), "harness/qemu/boot.sh --kernel '%s' "
		 "--initrd '%s' --out '%s/ok' --timeout 300 -- --scenario smoke "
		 "--reps 2 >&2", vmlinuz, initrd, dir);
	st = shell(cmd, NULL, 0);
	CHECK("boot.sh succeeds", st == 0, "exit %d", st);
	snprintf(sub, sizeof(sub), "%s/ok", dir);
	check_run(sub, release);

	snprintf(cmd, sizeof(cmd), "harness/qemu/boot.sh --kernel '%s' "
		 "--initrd '%s' --out '%s/late' --timeout 1 -- --scenario "
		 "smoke >&2", vmlinuz, initrd, dir);
	st = shell(cmd, NULL, 0);
	snprintf(sub, sizeof(sub), "%s/late", dir);
	gs = slurp_in(sub, "guest-status");
	CHECK("a guest past its deadline is reported as a timeout",
	      st != 0 && gs && !strncmp(gs, "timeout", 7),
	      "exit %d, guest-status %s", st, gs ? gs : "(none)");
	free(gs);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		fprintf(stderr, "cannot remove %s\n", dir);
	return CHECK_EXIT();
}
