// SPDX-License-Identifier: GPL-2.0
/*
 * fork_before: the split layout, then C children forked *before* merging.
 * Each child's mm is registered with KSM at fork (it inherits
 * MMF_VM_MERGEABLE), so ksmd scans it and gives it rmap_items of its own:
 * the first pass of rmap_walk_ksm() finds the children's mappings through
 * those items, where the children of `forks` (after merging) are found
 * only by the search_new_forks pass.  A child's VMAs get their own anon_vma
 * (whose tree holds the child's N VMAs) chained to the parent's, so the
 * parent's tree holds (C + 1) * N nodes.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fork_children.h"
#include "layout.h"
#include "layout_math.h"
#include "options.h"

static const struct opt_desc fork_before_options[] = {
	UNIT_OPT_ULONG("forks_before", 1, 64, "2",
		       "fork_before: children forked before merging, each "
		       "merging its own pages (rmap_items of its own)"),
	{ 0 },
};

static unsigned long fork_before_procs(const struct scenario *s)
{
	return opt_ulong(s, "forks_before");
}

static int fork_before_build(struct layout *l, char *err, size_t errlen)
{
	if (layout_split.build(l, err, errlen))
		return -1;
	l->procs = calloc(1, sizeof(*l->procs));
	if (!l->procs) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return children_fork(l->procs, fork_before_procs(l->s), l, err, errlen);
}

static int fork_before_check(const struct layout *l, char *err, size_t errlen)
{
	long shared, priv;
	unsigned long i;

	for (i = 0; i < l->procs->nr; i++) {
		if (layout_frames_shared(l, l->procs->pids[i], &shared, &priv,
					 err, errlen))
			return -1;
		if (shared == priv && priv > 0)
			continue;
		snprintf(err, errlen, "child %lu forked before merging shares "
			 "%ld of %ld unmerged pages with the parent (expected "
			 "all)", i + 1, shared, priv);
		return -1;
	}
	return 0;
}

static unsigned long long fork_before_memory(const struct scenario *s,
					     unsigned long page_size)
{
	struct scenario t = *s;

	/* Page tables and VMAs per process; the pages stay shared. */
	t.forks += fork_before_procs(s);
	return layout_memory_estimate(&t, page_size);
}

const struct layout_ops layout_fork_before = {
	.name = "fork_before",
	.help = "split, then forks_before children forked before merging: "
		"each has rmap_items of its own (first walk pass)",
	.options = fork_before_options,
	.build = fork_before_build,
	.nr_procs = fork_before_procs,
	.memory = fork_before_memory,
	.check = fork_before_check,
};
