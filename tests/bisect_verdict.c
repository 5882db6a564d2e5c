// SPDX-License-Identifier: GPL-2.0
/*
 * bisect_verdict VERDICT REF_DIR: ksmbench-verdict's exit statuses, the
 * contract with `git bisect run`, on the committed reference run of 7.3
 * full/bounded/naive (REF_DIR) and on guest directories made up here for
 * what a reference run cannot show (a panic, a guest with no results).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "check.h"

CHECK_DEFINE_STATE;

#define TMP "build/tests/verdict"

static const char *verdict, *ref;

static int verdict_rc(const char *args)
{
	char cmd[PATH_MAX * 3];
	int st;

	snprintf(cmd, sizeof(cmd), "%s %s >/dev/null 2>&1", verdict, args);
	st = system(cmd);
	return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void expect(const char *name, const char *fmt, const char *a,
		   const char *b, int want)
{
	char args[PATH_MAX * 2];
	int rc;

	snprintf(args, sizeof(args), fmt, a, b);
	rc = verdict_rc(args);
	CHECK(name, rc == want, "exit %d, want %d (%s)", rc, want, args);
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s VERDICT REF_DIR\n", argv[0]);
		return 2;
	}
	verdict = argv[1];
	ref = argv[2];
	expect("verdict: verification failure is bad (1)",
	       "--verify --scenario mremap2k %s/7.3-naive%s", ref, "", 1);
	expect("verdict: verification passed is good (0)",
	       "--verify --scenario mremap2k %s/7.3-bounded%s", ref, "", 0);
	expect("verdict: a run directory works as well",
	       "--verify --scenario mremap2k %s/7.3-naive/run%s", ref, "", 1);
	expect("verdict: scenario not in the run cannot tell (125)",
	       "--verify --scenario nv8000 %s/7.3-bounded%s", ref, "", 125);
	expect("verdict: metric under the ratio is good",
	       "--max-ratio wall_time=0.5 --baseline %s/7.3-full/run --scenario xu20k %s/7.3-bounded",
	       ref, ref, 0);
	expect("verdict: metric over the ratio is bad",
	       "--max-ratio wall_time=0.5 --baseline %s/7.3-bounded/run --scenario xu20k %s/7.3-full",
	       ref, ref, 1);
	expect("verdict: --min-ratio marks the fast kernel",
	       "--min-ratio wall_time=0.1 --baseline %s/7.3-full/run --scenario xu20k %s/7.3-bounded",
	       ref, ref, 1);
	expect("verdict: metric of a failed pair cannot tell",
	       "--max wall_time=1e12 --scenario mremap2k %s/7.3-naive%s", ref, "", 125);
	expect("verdict: bad rule is bad usage (2)", "--max wall_time %s%s", ref, "", 2);
	expect("verdict: two rules are bad usage", "--verify --max x=1 %s%s", ref, "", 2);

	/* Guests that did not finish, or finished without results. */
	if (system("rm -rf " TMP " && mkdir -p " TMP "/panic " TMP "/norun") ||
	    write_file(TMP "/panic/guest-status", "panic\nconsole: Kernel panic - not syncing\n") ||
	    write_file(TMP "/norun/guest-status", "ok\npayload returned\n")) {
		CHECK("verdict: made-up guest directories", 0, "cannot write under %s", TMP);
		return CHECK_EXIT();
	}
	expect("verdict: panicked guest cannot tell", "--verify %s%s", TMP "/panic", "", 125);
	expect("verdict: guest without a run cannot tell", "--verify %s%s", TMP "/norun", "", 125);
	return CHECK_EXIT();
}
