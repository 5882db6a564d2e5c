/* SPDX-License-Identifier: GPL-2.0 */
/* Drive ksmd until a layout's pages are merged as the scenario expects. */
#ifndef KSMBENCH_KSM_MERGE_H
#define KSMBENCH_KSM_MERGE_H

#include <stdio.h>
#include "ksm_census.h"
#include "layout.h"
#include "layout_math.h"

struct ksm_counters {
	unsigned long pages_shared;
	unsigned long pages_sharing;
	unsigned long full_scans;
	long merging_pages;	/* /proc/self/ksm_merging_pages, -1 if absent */
};

int ksm_counters_read(struct ksm_counters *c);

struct merge_result {
	struct ksm_counters before;	/* system-wide, before merging */
	struct ksm_counters after;
	unsigned long shared;		/* after - before: other processes' */
	unsigned long sharing;		/* merges land here too */
	struct ksm_census census;	/* ours alone */
	double seconds;
	unsigned long scans;		/* full scans ksmd needed */
};

/*
 * Set ksmd to scan fast, wait until this process's pages are merged as
 * expected (progress on `log`), then stop ksmd so that no scan runs while
 * walks are measured.  The verdict comes from the census of our own pages;
 * the system-wide deltas are recorded beside it.  Returns 0 on a match,
 * 1 on a mismatch or deadline (err says which numbers differ), -1 when KSM
 * could not be driven.
 */
int ksm_merge_layout(const struct layout *l, const struct ksm_expect *e,
		     unsigned long max_sharing,
		     unsigned long timeout_s, FILE *log,
		     struct merge_result *r, char *err, size_t errlen);

#endif
