// SPDX-License-Identifier: GPL-2.0
/*
 * procs: P processes, each with the split layout's N VMAs and contents.
 * The reservation is mapped but never touched before the children are
 * forked, and an untouched VMA has no anon_vma to share: each process's
 * first fault makes an anon_vma of its own, so the processes are as
 * unrelated as separate programs, at the same addresses.  A KSM page then
 * has S rmap_items in each process, each on its own process's anon_vma of
 * N nodes: the walk spans P anon_vmas.  With `forks`, the parent's tree
 * also gets its forked children's copies: the mixed case.
 */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "fork_children.h"
#include "layout.h"
#include "layout_math.h"
#include "options.h"

static const struct opt_desc procs_options[] = {
	UNIT_OPT_ULONG("procs", 2, 64, "4",
		       "procs: processes (the runner's included), each "
		       "faulting its own copy of the layout"),
	{ 0 },
};

static unsigned long procs_others(const struct scenario *s)
{
	return opt_ulong(s, "procs") - 1;
}

/* A child's own copy: the same shared contents, unique pages its own. */
static int procs_child_shape(struct layout *l, char *err, size_t errlen)
{
	l->unique_salt = ((uint64_t)getpid() << 32) | 0x9e37;
	return layout_split_shape(l, err, errlen);
}

static int procs_build(struct layout *l, char *err, size_t errlen)
{
	const struct scenario *s = l->s;

	if (layout_reserve(l, s->vmas * (s->pages_per_vma + 1), err, errlen))
		return -1;
	l->procs = calloc(1, sizeof(*l->procs));
	if (!l->procs) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* Forked while the reservation is untouched: no anon_vma to share. */
	if (children_fork_prep(l->procs, procs_others(s), l,
			       procs_child_shape, err, errlen))
		return -1;
	return layout_split_shape(l, err, errlen);
}

static int procs_check(const struct layout *l, char *err, size_t errlen)
{
	long shared, priv;
	unsigned long i;

	for (i = 0; i < l->procs->nr; i++) {
		if (layout_frames_shared(l, l->procs->pids[i], &shared, &priv,
					 err, errlen))
			return -1;
		if (!shared)
			continue;
		snprintf(err, errlen, "process %lu shares %ld unmerged pages "
			 "with the parent before merging (expected none: it "
			 "faulted its own)", i + 2, shared);
		return -1;
	}
	return 0;
}

static unsigned long long procs_memory(const struct scenario *s,
				       unsigned long page_size)
{
	unsigned long long one = layout_memory_estimate(s, page_size);
	struct scenario t = *s;

	/* Each other process holds its own pages, tables and VMAs. */
	t.forks = 0;
	return one + procs_others(s) * layout_memory_estimate(&t, page_size);
}

const struct layout_ops layout_procs = {
	.name = "procs",
	.help = "procs processes, each faulting its own split layout (its own "
		"anon_vma); with forks > 0 the mixed case",
	.options = procs_options,
	.build = procs_build,
	.nr_procs = procs_others,
	.memory = procs_memory,
	.check = procs_check,
};
