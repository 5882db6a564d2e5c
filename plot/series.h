/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-repetition values of one metric of one (scenario, driver) pair in
 * one run: either a single phase, or the driver total, which is the sum over
 * all of the pair's phases within the same repetition.
 */
#ifndef KSMBENCH_PLOT_SERIES_H
#define KSMBENCH_PLOT_SERIES_H

#include <stdbool.h>
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
 * A total of times needs every phase of the rep (@whole_reps), or it would
 * look faster than it was; a total of counts adds up what is there, since a
 * failed run may stop between phases and its counts are the evidence.
 * Values are divided by @divisor (1e6 turns ns into ms).  Returns -1 on
 * ENOMEM.
 */
int series_get(const struct run *run, const struct pair_key *pair,
	       const char *phase, const char *metric, bool whole_reps,
	       double divisor, struct series *s);
void series_free(struct series *s);

#endif
