// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fork_children.h"
#include "ksm_census.h"
#include "ksm_knobs.h"
#include "ksm_merge.h"
#include "stage.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long read_merging_pages_of(const char *path)
{
	long val = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	if (fscanf(f, "%ld", &val) != 1)
		val = -1;
	fclose(f);
	return val;
}

static long read_merging_pages(void)
{
	return read_merging_pages_of("/proc/self/ksm_merging_pages");
}

/* The layout's other processes must be merged too: -1 if unknown. */
static long procs_merging_pages(const struct layout *l)
{
	unsigned long i;
	long sum = 0, v;
	char path[64];

	for (i = 0; l->procs && i < l->procs->nr; i++) {
		snprintf(path, sizeof(path), "/proc/%d/ksm_merging_pages",
			 (int)l->procs->pids[i]);
		v = read_merging_pages_of(path);
		if (v < 0)
			return -1;
		sum += v;
	}
	return sum;
}

int ksm_counters_read(struct ksm_counters *c)
{
	if (ksm_read_ulong("pages_shared", &c->pages_shared) ||
	    ksm_read_ulong("pages_sharing", &c->pages_sharing) ||
	    ksm_read_ulong("full_scans", &c->full_scans))
		return -1;
	c->merging_pages = read_merging_pages();
	return 0;
}

/*
 * Cheap test for the polling loop: our own merged-page count where the
 * kernel has it (5.19+), the system-wide deltas otherwise.
 */
static bool looks_merged(const struct layout *l, const struct ksm_expect *e,
			 struct merge_result *r)
{
	unsigned long np = l->procs ? l->procs->nr : 0;
	long others = procs_merging_pages(l);

	r->shared = r->after.pages_shared - r->before.pages_shared;
	r->sharing = r->after.pages_sharing - r->before.pages_sharing;
	r->scans = r->after.full_scans - r->before.full_scans;
	if (r->after.merging_pages >= 0 && others >= 0)
		return (unsigned long)r->after.merging_pages ==
		       e->merging_pages &&
		       (unsigned long)others == np * e->merging_pages;
	/* All processes share the same K KSM pages. */
	return r->shared == e->pages_shared &&
	       r->sharing == e->pages_sharing + np * e->merging_pages;
}

static bool census_matches(const struct ksm_expect *e,
			   const struct ksm_census *c)
{
	return c->ksm_frames == e->pages_shared &&
	       c->ksm_mapped - c->ksm_frames == e->pages_sharing &&
	       !c->misplaced;
}

static int start_ksmd(unsigned long max_sharing, char *err, size_t errlen)
{
	if (ksm_knob_set("max_page_sharing", max_sharing, err, errlen) ||
	    ksm_knob_set("merge_across_nodes", 1, err, errlen) ||
	    ksm_knob_set("pages_to_scan", 20000, err, errlen) ||
	    ksm_knob_set("sleep_millisecs", 0, err, errlen))
		return -1;
	return ksm_knob_set("run", 1, err, errlen);
}

static void progress(FILE *log, const struct ksm_expect *e,
		     const struct merge_result *r, double t)
{
	/* System-wide deltas: other users' unmerging can make them < 0. */
	fprintf(log, "merge: %6.1f s  pages_shared %+ld/%lu  pages_sharing "
		"%+ld/%lu  full scans %lu\n", t, (long)r->shared,
		e->pages_shared, (long)r->sharing, e->pages_sharing, r->scans);
	fflush(log);
}

int ksm_merge_layout(const struct layout *l, const struct ksm_expect *e,
		     unsigned long max_sharing,
		     unsigned long timeout_s, FILE *log,
		     struct merge_result *r, char *err, size_t errlen)
{
	unsigned long stable_since = 0, last_progress = ~0UL, progress_now;
	double t0 = now_s(), next_report = 5;
	bool match = false;

	memset(r, 0, sizeof(*r));
	if (ksm_counters_read(&r->before) || start_ksmd(max_sharing, err,
							 errlen)) {
		if (!err[0])
			snprintf(err, errlen, "cannot read KSM counters");
		return -1;
	}
	for (;;) {
		usleep(100 * 1000);
		if (ksm_counters_read(&r->after))
			break;
		stage_enter("merge");
		match = looks_merged(l, e, r);
		/*
		 * The per-mm count lags after a layout unmapped before this
		 * one (its rmap_items go only when ksmd scans our mm again),
		 * and may read 0 while our pages are merged: our own pages'
		 * census decides, and measures progress.
		 */
		if (ksm_census_take(l, &r->census, err, errlen))
			break;
		if (!match || r->before.merging_pages > 0)
			match = census_matches(e, &r->census);
		if (match || now_s() - t0 > timeout_s)
			break;
		progress_now = r->census.ksm_mapped;
		if (progress_now != last_progress) {
			last_progress = progress_now;
			stable_since = r->after.full_scans;
		}
		/* Settled short of (or past) the goal: waiting won't help. */
		if (r->after.full_scans >= stable_since + 3 && r->scans >= 6)
			break;
		if (now_s() - t0 >= next_report) {
			progress(log, e, r, now_s() - t0);
			next_report += 5;
		}
	}
	r->seconds = now_s() - t0;
	progress(log, e, r, r->seconds);
	/* Stopping ksmd (run=0) keeps the merged pages. */
	if (ksm_knob_set("run", 0, err, errlen))
		return -1;
	if (ksm_census_take(l, &r->census, err, errlen))
		return -1;
	/* Our own pages decide, whatever the loop's last guess was. */
	if (census_matches(e, &r->census)) {
		/* Each other process of the layout, on the same frames. */
		int ret = ksm_census_procs(l, e, err, errlen);

		return ret < 0 ? -1 : ret;
	}
	snprintf(err, errlen, "KSM merged our pages into %lu KSM pages "
		 "(expected %lu) with %lu extra mappings (expected %lu), %lu "
		 "pages on another content's frame; ksm_merging_pages %ld "
		 "(expected %lu); system-wide +%lu shared +%lu sharing; after "
		 "%.1f s and %lu full scans", r->census.ksm_frames,
		 e->pages_shared, r->census.ksm_mapped - r->census.ksm_frames,
		 e->pages_sharing, r->census.misplaced,
		 r->after.merging_pages, e->merging_pages, r->shared,
		 r->sharing, r->seconds, r->scans);
	return 1;
}
