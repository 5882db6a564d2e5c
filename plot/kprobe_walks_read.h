/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kprobe_walks.csv (results/README.md): one row per rmap_walk_ksm() call
 * the kprobe collector paired entry to return.  Optional like walks.csv,
 * and checked as strictly when present.
 */
#ifndef KSMBENCH_PLOT_KPROBE_WALKS_READ_H
#define KSMBENCH_PLOT_KPROBE_WALKS_READ_H

#include <stdbool.h>
#include <stddef.h>
#include "csv_read.h"

struct kprobe_walk {
	const char *scenario;	/* these point into @row */
	const char *driver;
	const char *phase;
	unsigned long long rep, walk;
	unsigned long long tid, depth, start_ns, duration_ns;
	bool counted;		/* iterations recorded (walk_iter), not NA */
	unsigned long long iterations;
	/* The walking thread's counters; absent in older files, or NA. */
	bool has_task_clock, has_cycles, has_instructions;
	unsigned long long task_clock_ns, cycles, instructions;
	unsigned long line;
	char *row;
};

struct kprobe_walk_table {
	bool present;		/* false: no kprobe_walks.csv in the run */
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
