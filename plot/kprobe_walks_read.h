/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kprobe_walks.csv (results/README.md): one row per rmap_walk_ksm() call
 * the kprobe_walks collector paired entry to return, on any kernel with
 * the kprobe PMU.  Optional like walks.csv, and checked as strictly: the
 * columns are the schema's (results/schema.c), every number a decimal
 * integer, tree_searches and iterations both NA (probes on the walk only)
 * or both counted.
 */
#ifndef KSMBENCH_PLOT_KPROBE_WALKS_READ_H
#define KSMBENCH_PLOT_KPROBE_WALKS_READ_H

#include <stdbool.h>
#include <stddef.h>
#include "csv_read.h"
#include "walks_read.h"

struct kprobe_walk {
	unsigned long rep;
	unsigned long walk;
	unsigned long line;
	size_t key;			/* into kprobe_walk_table.keys */
	unsigned long long duration_ns;
	bool counted;			/* false: iterations were NA */
	unsigned long long iterations;	/* iter_next calls, when counted */
};

struct kprobe_walk_table {
	bool present;		/* false: no kprobe_walks.csv in the run */
	struct walk_key *keys;	/* (scenario, driver, phase), first seen */
	size_t nkeys;
	struct kprobe_walk *rows;	/* in file order */
	size_t nrows;
};

/*
 * Loads DIR/kprobe_walks.csv into @w; a missing file leaves @w->present
 * false and is no error.  On bad input returns -1 with "FILE:LINE: what"
 * in @s->err and @w freed.
 */
int kprobe_walks_load(const char *dir, struct kprobe_walk_table *w,
		      struct csv_src *s);
void kprobe_walks_free(struct kprobe_walk_table *w);

#endif
