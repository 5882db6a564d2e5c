// SPDX-License-Identifier: GPL-2.0
/*
 * The driver shape on the running kernel, through the ksmbench binary:
 * every driver either runs or is a SKIP with a reason; the read-back in
 * every process catches a page changed behind the suite's back in the
 * parent or in a child; a repetition that cannot start from the merged
 * state is refused; kernel-thread counters are written for a driver that
 * names kernel threads; the KSM knobs are as before afterwards.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "ksm_state.h"
#include "slurp.h"

CHECK_DEFINE_STATE;

static const char *bin;
static char tmpdir[] = "/tmp/ksmbench-drv-XXXXXX";

static int run_ksmbench(const char *args)
{
	char cmd[1024];
	int st;

	/* --wait: another run on the machine holds the lock for a while. */
	snprintf(cmd, sizeof(cmd), "%s %s --wait >>%s/log 2>&1", bin, args,
		 tmpdir);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* status.csv of run directory `name`, or NULL. */
static char *status_of(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s/status.csv", tmpdir, name);
	return slurp(path);
}

static void check_every_driver_answers(void)
{
	static const char *const drivers[] = {
		"migrate", "compact", "damon", "offline",
	};
	char args[512], line[64];
	size_t i;

	snprintf(args, sizeof(args), "run --scenario smoke --reps 1 "
		 "--drivers migrate,compact,damon,offline --out %s/all",
		 tmpdir);
	run_ksmbench(args);
	for (i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++) {
		char *st = status_of("all"), *row;
		char name[96];

		snprintf(line, sizeof(line), "\nsmoke,%s,", drivers[i]);
		row = st ? strstr(st, line) : NULL;
		snprintf(name, sizeof(name), "%s: ok, or skip with a reason",
			 drivers[i]);
		CHECK(name, row && (!strncmp(row + strlen(line), "ok,", 3) ||
				    (!strncmp(row + strlen(line), "skip,", 5) &&
				     row[strlen(line) + 5] != '\n')),
		      "%.200s", row ? row + 1 : "(no row)");
		free(st);
	}
}

static void check_fault(const char *fault, const char *want)
{
	char args[512], name[128], dir[64];
	char *st;
	int rc;

	snprintf(dir, sizeof(dir), "fault-%s", fault);
	snprintf(args, sizeof(args), "run --scenario smoke --reps 2 "
		 "--drivers compact --inject_fault %s --out %s/%s", fault,
		 tmpdir, dir);
	rc = run_ksmbench(args);
	st = status_of(dir);
	snprintf(name, sizeof(name), "inject_fault %s: run fails", fault);
	CHECK(name, rc == 1 && st && strstr(st, "smoke,compact,fail,"),
	      "exit %d, status %.200s", rc, st ? st : "(none)");
	snprintf(name, sizeof(name), "inject_fault %s: reason names it",
		 fault);
	CHECK(name, st && strstr(st, want), "status %.300s",
	      st ? st : "(none)");
	free(st);
}

static void check_kthread_counters(void)
{
	char path[256];
	char *samples;

	snprintf(path, sizeof(path), "%s/all/samples.csv", tmpdir);
	samples = slurp(path);
	CHECK("compact writes kcompactd's CPU time", samples &&
	      strstr(samples, "smoke,compact,compact,1,kthread_task_clock,"),
	      "no kthread_task_clock row");
	CHECK("compact writes pages moved", samples &&
	      strstr(samples, "smoke,compact,compact,1,ksm_pages_moved,"),
	      "no ksm_pages_moved row");
	free(samples);
}

int main(int argc, char **argv)
{
	struct ksm_state before, after;
	const char *why = ksm_state_unusable();
	char cmd[64 + sizeof(tmpdir)];

	bin = argc > 1 ? argv[1] : "build/ksmbench";
	if (why) {
		SKIP("drivers on the running kernel", "%s", why);
		return 0;
	}
	if (!mkdtemp(tmpdir)) {
		CHECK("temporary directory", 0, "mkdtemp failed");
		return 1;
	}
	ksm_state_read(&before);
	check_every_driver_answers();
	check_kthread_counters();
	check_fault("corrupt_parent", "contents changed");
	check_fault("corrupt_child", "child 1");
	check_fault("unmerge_one", "rep 2 refused: not the merged state");
	ksm_state_read(&after);
	CHECK("drivers leave the KSM knobs as they found them",
	      !ksm_state_diff(&before, &after), "%s differs",
	      ksm_state_diff(&before, &after));
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", tmpdir);
	return CHECK_EXIT();
}
