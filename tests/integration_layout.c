// SPDX-License-Identifier: GPL-2.0
/*
 * On the running kernel: build a layout, merge it, and check from
 * /proc/self/maps and /sys/kernel/mm/ksm (not through the code under test)
 * that it has the VMAs and sharing asked for; then check that the KSM knobs
 * come back on the normal path, on a fatal signal, and from the journal.
 */
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

#include "check.h"
#include "cleanup.h"
#include "fork_children.h"
#include "ksm_knobs.h"
#include "ksm_merge.h"
#include "ksm_state.h"
#include "ksm_users.h"
#include "layout.h"
#include "layout_math.h"
#include "page_content.h"
#include "run_lock.h"
#include "undo.h"

CHECK_DEFINE_STATE;

/* The same checks for every layout, named after it. */
#define CHECKL(name, cond, fmt, ...)					\
	do {								\
		char label_[160];					\
		snprintf(label_, sizeof(label_), "%s: %s", layout, name); \
		CHECK(label_, cond, fmt, ##__VA_ARGS__);		\
	} while (0)

/* VMAs inside [lo, hi) of exactly `len` bytes, as maps lists them. */
static long maps_count(pid_t pid, uintptr_t lo, uintptr_t hi, size_t len)
{
	char path[64], line[512];
	unsigned long s, e;
	long n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx", &s, &e) == 2 && s >= lo &&
		    e <= hi && e - s == len)
			n++;
	fclose(f);
	return n;
}

static void check_layout_and_merge(const char *layout)
{
	struct scenario sc;
	struct layout l;
	struct children kids;
	struct ksm_expect e;
	struct merge_result r;
	struct ksm_users others;
	char note[512];
	char err[320] = "";
	unsigned long shared0, sharing0, shared1, sharing1, i, bad = 0;
	uintptr_t lo, hi;
	long merging;
	int ret;

	scenario_defaults(&sc);
	snprintf(sc.layout, sizeof(sc.layout), "%s", layout);
	sc.vmas = 300;
	sc.pages_per_vma = 2;
	sc.ksm_pages = 5;
	sc.sharing = 40;	/* 200 shared pages, 400 unique */
	sc.forks = 2;
	layout_expect(&sc, &e);
	ksm_users_scan(&others, getpid());
	CHECKL("plan accepts the scenario", !ksm_knobs_plan(&sc, others.procs,
	       note, sizeof(note), err, sizeof(err)), "%s", err);
	CHECKL("knobs saved", !ksm_knobs_save(err, sizeof(err)), "%s", err);
	CHECKL("layout built", !layout_create(&l, &sc, 0x5eed, err,
					     sizeof(err)), "%s", err);
	/* Every layout leaves its VMAs inside l.reserve. */
	lo = (uintptr_t)l.reserve;
	hi = lo + l.reserve_len;
	CHECKL("maps shows N VMAs of P pages",
	      maps_count(getpid(), lo, hi, 2 * l.page_size) == 300,
	      "found %ld", maps_count(getpid(), lo, hi, 2 * l.page_size));
	ksm_read_ulong("pages_shared", &shared0);
	ksm_read_ulong("pages_sharing", &sharing0);
	ret = ksm_merge_layout(&l, &e, sc.max_page_sharing, 120, stderr, &r, err, sizeof(err));
	CHECKL("merge reaches the expected counts", !ret, "%s", err);
	ksm_read_ulong("pages_shared", &shared1);
	ksm_read_ulong("pages_sharing", &sharing1);
	/* Other KSM users (a QEMU guest's RAM) merge and unmerge meanwhile. */
	if (others.procs) {
		SKIP("sysfs counters grew by K and K*(S-1)", "%d other "
		     "processes use KSM: the census below is exact instead",
		     others.procs);
	} else {
		CHECKL("sysfs pages_shared grew by at least K",
		       shared1 - shared0 >= 5, "grew by %lu",
		       shared1 - shared0);
		CHECKL("sysfs pages_sharing grew by at least K*(S-1)",
		       sharing1 - sharing0 >= 5 * 39, "grew by %lu",
		       sharing1 - sharing0);
	}
	CHECKL("census: K KSM frames, K*S mappings, none misplaced",
	      r.census.ksm_frames == 5 && r.census.ksm_mapped == 200 &&
	      !r.census.misplaced, "frames %lu mapped %lu misplaced %lu",
	      r.census.ksm_frames, r.census.ksm_mapped, r.census.misplaced);
	merging = read_long_file("/proc/self/ksm_merging_pages");
	if (merging < 0)
		SKIP("ksm_merging_pages is K*S", "no /proc/self/ksm_merging_pages");
	else
		CHECKL("ksm_merging_pages is K*S", merging == 200, "%ld",
		      merging);
	CHECKL("ksmd stopped after merging", ksm_state_read_one("run") == 0,
	      "run=%ld", ksm_state_read_one("run"));
	for (i = 0; i < layout_total_pages(&sc); i++)
		if (!page_content_check(layout_page_addr(&l, i), l.page_size,
					l.nonce, layout_page_content(&sc, i)))
			bad++;
	CHECKL("every page still holds its content", !bad, "%lu bad", bad);
	CHECKL("children forked", !children_fork(&kids, 2, &l, err, sizeof(err)),
	      "%s", err);
	CHECKL("a child's maps holds the same N VMAs",
	      kids.nr == 2 && maps_count(kids.pids[1], lo, hi,
					 2 * l.page_size) == 300,
	      "child has %ld", kids.nr ? maps_count(kids.pids[1], lo, hi,
						    2 * l.page_size) : -1);
	children_release(&kids);
	layout_destroy(&l);
	ksm_knobs_restore();
	ksm_read_ulong("pages_shared", &shared1);
	if (others.procs)
		SKIP("our KSM pages are gone after restore", "%d other "
		     "processes use KSM: their pages count too", others.procs);
	else
		CHECKL("our KSM pages are gone after restore", !shared1,
		       "pages_shared %lu", shared1);
}

/* Child body: change a knob, then die the way `how` says. */
static void child_change_knob(int how)
{
	char err[320];

	cleanup_install();
	undo_init(UNDO_JOURNAL, stderr);	/* this child is the run now */
	if (ksm_knobs_save(err, sizeof(err)) ||
	    ksm_knob_set("pages_to_scan", 777, err, sizeof(err)))
		_exit(3);
	raise(how);
	_exit(4);
}

static int run_child(int how)
{
	int status;
	pid_t pid = fork();

	if (!pid)
		child_change_knob(how);
	waitpid(pid, &status, 0);
	return WIFSIGNALED(status) ? WTERMSIG(status) : -1;
}

static void check_restore_paths(const struct ksm_state *before)
{
	struct ksm_state now;
	const char *diff;

	CHECK("SIGTERM kills the run", run_child(SIGTERM) == SIGTERM,
	      "child did not die by SIGTERM");
	ksm_state_read(&now);
	diff = ksm_state_diff(before, &now);
	CHECK("knobs restored on SIGTERM", !diff, "%s differs", diff);

	CHECK("SIGKILL kills the run", run_child(SIGKILL) == SIGKILL,
	      "child did not die by SIGKILL");
	CHECK("SIGKILL leaves the changed knob (nothing can run)",
	      ksm_state_read_one("pages_to_scan") == 777, "pages_to_scan=%ld",
	      ksm_state_read_one("pages_to_scan"));
	CHECK("journal left for the next start", !access(UNDO_JOURNAL, F_OK),
	      "no %s", UNDO_JOURNAL);
	CHECK("next start restores everything from the journal",
	      undo_init(UNDO_JOURNAL, stderr) == 0, "%d left",
	      undo_pending());
	ksm_state_read(&now);
	diff = ksm_state_diff(before, &now);
	CHECK("knobs restored from the journal", !diff, "%s differs", diff);
	CHECK("journal consumed", access(UNDO_JOURNAL, F_OK),
	      "%s still there", UNDO_JOURNAL);
}

int main(void)
{
	struct ksm_state before, after;
	const char *why = ksm_state_unusable(), *diff;
	char err[320];

	if (why) {
		SKIP("integration: layout, merge and knob restore", "%s", why);
		return 0;
	}
	/* A ksmbench run elsewhere would fight over the same knobs. */
	if (run_lock_take(RUN_LOCK, true, err, sizeof(err))) {
		CHECK("run lock taken", 0, "%s", err);
		return CHECK_EXIT();
	}
	ksm_knobs_init();
	undo_init(UNDO_JOURNAL, stderr);
	ksm_state_read(&before);
	check_layout_and_merge("split");
	check_layout_and_merge("mremap");
	ksm_state_read(&after);
	diff = ksm_state_diff(&before, &after);
	CHECK("knobs restored on the normal path", !diff, "%s differs", diff);
	check_restore_paths(&before);
	return CHECK_EXIT();
}
