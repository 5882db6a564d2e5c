/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The walks.csv rows of one (scenario, driver) pair in one run, summed up:
 * all phases and repetitions pooled, per tracepoint field the mean, the
 * nearest-rank 99th percentile and the maximum over walks, and the median
 * over repetitions of each repetition's sum.
 */
#ifndef KSMBENCH_PLOT_WALK_STATS_H
#define KSMBENCH_PLOT_WALK_STATS_H

#include <stddef.h>
#include "results_read.h"
#include "run_keys.h"
#include "walks_read.h"

#define WALK_PERCENTILE	99

struct walk_field_stats {
	double mean;			/* NAN without walks */
	unsigned long long p99;		/* nearest rank, see stats.h */
	unsigned long long max;
	double per_rep;			/* median of the per-rep sums */
};

struct walk_summary {
	size_t walks;
	size_t reps;		/* in samples.csv or walks.csv for the pair */
	double walks_per_rep;	/* median over those repetitions */
	/* Sum of samples.csv rmap_walks_lost: walks missing from walks.csv. */
	unsigned long long lost;
	struct walk_field_stats f[WALK_NFIELDS];
};

/* Fills @ws for @pair of @run.  Returns -1 on ENOMEM. */
int walk_summary_get(const struct run *run, const struct pair_key *pair,
		     struct walk_summary *ws);

#endif
