/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-repetition values of one metric of one (scenario, driver) pair in
 * one run: either a single phase, or the driver total, which is the sum over
 * all of the pair's phases within the same repetition.
 */
#ifndef KSMBENCH_PLOT_SERIES_H
#define KSMBENCH_PLOT_SERIES_H

#include <stddef.h>
#include "results_read.h"
#include "run_keys.h"

struct series {
	double *v;		/* usable repetitions, in rep order, / divisor */
	size_t n;
	size_t reps;		/* repetitions with at least one row */
	size_t na;		/* repetitions left out for an NA value */
	size_t incomplete;	/* totals: repetitions missing some phase */
};

/*
 * Collects @metric of @pair in @run; @phase NULL asks for the driver total.
 * Values are divided by @divisor (1e6 turns ns into ms).  Returns -1 on
 * ENOMEM.
 */
int series_get(const struct run *run, const struct pair_key *pair,
	       const char *phase, const char *metric, double divisor,
	       struct series *s);
void series_free(struct series *s);

#endif
