// SPDX-License-Identifier: GPL-2.0
/*
 * The reclaim driver on the running kernel: every KSM page of the layout
 * goes out to a zram swap of ksmbench's own and comes back, and afterwards
 * the machine is as before -- no swap area, zram device or cgroup of ours
 * left, KSM knobs unchanged -- after a clean run, after a failed one, and
 * after SIGTERM in the middle of a run.
 */
#include <dirent.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "ksm_state.h"
#include "slurp.h"

CHECK_DEFINE_STATE;

static const char *bin;
static char tmpdir[] = "/tmp/ksmbench-reclaim-XXXXXX";

/* What the runs must leave as they found it. */
struct machine {
	struct ksm_state ksm;
	char *swaps;
	char zram[512];		/* zram device names in /sys/block */
	int cgroups;		/* ksmbench.* below our memory cgroup */
};

/* Our memory cgroup's directory: v1 memory hierarchy, else cgroup2. */
static void own_cgroup_dir(char *out, size_t len)
{
	char line[1024], *rel;
	FILE *f = fopen("/proc/self/cgroup", "r");

	snprintf(out, len, "/sys/fs/cgroup");
	while (f && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		rel = strrchr(line, ':');
		if (!rel)
			continue;
		if (strstr(line, ":memory:")) {
			snprintf(out, len, "/sys/fs/cgroup/memory%s", rel + 1);
			break;
		}
		if (!strncmp(line, "0::", 3))
			snprintf(out, len, "/sys/fs/cgroup%s", rel + 1);
	}
	if (f)
		fclose(f);
}

static int count_ksmbench_cgroups(void)
{
	char dir[1100];
	struct dirent *e;
	DIR *d;
	int n = 0;

	own_cgroup_dir(dir, sizeof(dir));
	d = opendir(dir);
	while (d && (e = readdir(d)))
		n += !strncmp(e->d_name, "ksmbench.", 9);
	if (d)
		closedir(d);
	return n;
}

static void machine_read(struct machine *m)
{
	struct dirent *e;
	DIR *d = opendir("/sys/block");

	ksm_state_read(&m->ksm);
	m->cgroups = count_ksmbench_cgroups();
	m->swaps = slurp("/proc/swaps");
	m->zram[0] = '\0';
	while (d && (e = readdir(d)))
		if (!strncmp(e->d_name, "zram", 4) &&
		    strlen(m->zram) + strlen(e->d_name) + 2 < sizeof(m->zram)) {
			strcat(m->zram, e->d_name);
			strcat(m->zram, " ");
		}
	if (d)
		closedir(d);
}


static void check_restored(const char *when, const struct machine *before)
{
	struct machine after;
	char name[160];
	const char *knob;

	machine_read(&after);
	snprintf(name, sizeof(name), "%s: no swap area left", when);
	CHECK(name, before->swaps && after.swaps &&
	      !strcmp(before->swaps, after.swaps), "before:\n%safter:\n%s",
	      before->swaps ? before->swaps : "?",
	      after.swaps ? after.swaps : "?");
	snprintf(name, sizeof(name), "%s: no zram device left", when);
	CHECK(name, !strcmp(before->zram, after.zram), "before '%s', after "
	      "'%s'", before->zram, after.zram);
	snprintf(name, sizeof(name), "%s: no cgroup left", when);
	CHECK(name, after.cgroups == before->cgroups, "%d ksmbench.* cgroups "
	      "before, %d after", before->cgroups, after.cgroups);
	knob = ksm_state_diff(&before->ksm, &after.ksm);
	snprintf(name, sizeof(name), "%s: KSM knobs as before", when);
	CHECK(name, !knob, "%s differs", knob);
	free(after.swaps);
}

/* Run ksmbench; stdout+stderr into out; exit status. */
static int run(const char *args, char *out, size_t len)
{
	char cmd[1024];
	size_t n;
	FILE *p;
	int st;

	/* --wait: one ksmbench at a time on the machine, ours too. */
	snprintf(cmd, sizeof(cmd), "%s %s --wait 2>&1", bin, args);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	n = fread(out, 1, len - 1, p);
	out[n] = '\0';
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *result(const char *dir, const char *file)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s/%s", tmpdir, dir, file);
	return slurp(path);
}

/* Exact sample line (rep, phase, metric, value) in samples.csv. */
static bool has_sample(const char *samples, const char *line)
{
	return samples && strstr(samples, line);
}

static void check_clean_run(void)
{
	struct machine before;
	char args[512], out[16384], *status, *samples;
	int st;

	machine_read(&before);
	snprintf(args, sizeof(args), "run --scenario smoke --drivers reclaim "
		 "--setup-swap --reps 2 --out %s/ok", tmpdir);
	st = run(args, out, sizeof(out));
	status = result("ok", "status.csv");
	samples = result("ok", "samples.csv");
	CHECK("reclaim smoke run exits 0 and is ok", st == 0 && status &&
	      strstr(status, "smoke,reclaim,ok,"), "status %d: %s\n%s", st,
	      status ? status : "(no status.csv)", out);
	CHECK("out: all 4 KSM pages swapped out, in both repetitions",
	      has_sample(samples, "smoke,reclaim,out,1,ksm_pages_swapped_out,"
			 "pages,4\n") &&
	      has_sample(samples, "smoke,reclaim,out,2,ksm_pages_swapped_out,"
			 "pages,4\n") &&
	      has_sample(samples, "smoke,reclaim,out,2,ksm_pages_not_reclaimed,"
			 "pages,0\n"), "samples: %.300s",
	      samples ? samples : "");
	/* 256 pages, 2 processes: 512 mappings of KSM contents. */
	CHECK("out: every mapping in every process is a swap entry",
	      has_sample(samples, "smoke,reclaim,out,1,mappings_swapped,count,"
			 "512\n"), "missing");
	CHECK("in: every KSM page back, none of them KSM any more",
	      has_sample(samples, "smoke,reclaim,in,1,ksm_pages_swapped_in,"
			 "pages,4\n") &&
	      has_sample(samples, "smoke,reclaim,in,1,mappings_resident,count,"
			 "512\n") &&
	      has_sample(samples, "smoke,reclaim,in,1,mappings_still_ksm,"
			 "count,0\n"), "missing");
	CHECK("repetition 2 started from a re-merge, its time recorded",
	      has_sample(samples, "smoke,reclaim,remerge,2,remerge_time,ns,"),
	      "no remerge_time row");
	CHECK("the cgroup version is recorded",
	      has_sample(samples, "smoke,reclaim,out,1,memcg_version,version,"
			 "1\n") ||
	      has_sample(samples, "smoke,reclaim,out,1,memcg_version,version,"
			 "2\n"), "no memcg_version row");
	check_restored("after a clean run", &before);
	free(status);
	free(samples);
	free(before.swaps);
}

/* mremap()ed VMAs: a kernel that bounds the walk by address fails here. */
static void check_mremap(void)
{
	char args[512], out[16384], *status;
	int st;

	snprintf(args, sizeof(args), "run --scenario mremap2k --drivers "
		 "reclaim --setup-swap --reps 1 --out %s/mremap", tmpdir);
	st = run(args, out, sizeof(out));
	status = result("mremap", "status.csv");
	CHECK("mremap2k: every mremap()ed KSM page reclaimed on this kernel",
	      st == 0 && status && strstr(status, "mremap2k,reclaim,ok,"),
	      "status %d: %s", st, status ? status : out);
	free(status);
}

static void check_failed_run(void)
{
	struct machine before;
	char args[512], out[16384], *status;
	int st;

	machine_read(&before);
	snprintf(args, sizeof(args), "run --scenario smoke --drivers reclaim "
		 "--setup-swap --reps 1 --inject_fault corrupt_child "
		 "--out %s/fail", tmpdir);
	st = run(args, out, sizeof(out));
	status = result("fail", "status.csv");
	CHECK("a page corrupted in a child turns the run to fail",
	      st == 1 && status && strstr(status, "smoke,reclaim,fail,"),
	      "status %d: %s", st, status ? status : out);
	check_restored("after a failed run", &before);
	free(status);
	free(before.swaps);
}

static bool in_our_cgroup(pid_t pid)
{
	char path[64], *cg;
	bool in;

	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	cg = slurp(path);
	in = cg && strstr(cg, "/ksmbench.");
	free(cg);
	return in;
}

static void check_sigterm(void)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	struct machine before;
	char out_dir[512];
	int i, st = 0;
	pid_t pid;

	machine_read(&before);
	snprintf(out_dir, sizeof(out_dir), "%s/term", tmpdir);
	pid = fork();
	if (!pid) {
		/* Its progress lines are not this test's output. */
		if (!freopen("/dev/null", "w", stdout) ||
		    !freopen("/dev/null", "w", stderr))
			_exit(126);
		execl(bin, bin, "run", "--scenario", "smoke", "--drivers",
		      "reclaim", "--setup-swap", "--reps", "50", "--out",
		      out_dir, "--wait", (char *)NULL);
		_exit(127);
	}
	/* In its cgroup: swap is on, the layout is being built or used. */
	for (i = 0; i < 60000 && !in_our_cgroup(pid); i++)
		nanosleep(&tick, NULL);
	CHECK("the run entered a cgroup of its own", in_our_cgroup(pid),
	      "not within 600 s");
	/* Let it get into the repetitions. */
	sleep(2);
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
	CHECK("SIGTERM ends the run by that signal",
	      WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "status 0x%x", st);
	check_restored("after SIGTERM", &before);
	free(before.swaps);
}

static const char *unusable(void)
{
	const char *why = ksm_state_unusable();

	if (why)
		return why;
	if (access("/sys/class/zram-control/hot_add", F_OK))
		return "no /sys/class/zram-control (zram not built or loaded)";
	if (access("/sys/fs/cgroup/memory/cgroup.procs", F_OK) &&
	    !strstr(slurp("/sys/fs/cgroup/cgroup.controllers") ?: "",
		    "memory"))
		return "no memory cgroup controller";
	return NULL;
}

int main(int argc, char **argv)
{
	const char *why = unusable();
	char cmd[64 + sizeof(tmpdir)];

	bin = argc > 1 ? argv[1] : "build/ksmbench";
	if (why) {
		SKIP("reclaim driver on the running kernel", "%s", why);
		return 0;
	}
	if (!mkdtemp(tmpdir)) {
		CHECK("temporary directory", 0, "mkdtemp failed");
		return 1;
	}
	check_clean_run();
	check_mremap();
	check_failed_run();
	check_sigterm();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", tmpdir);
	return CHECK_EXIT();
}
