/* SPDX-License-Identifier: GPL-2.0 */
/*
 * When to stop repeating: after at least min_reps, once the 95% interval
 * of the median driver time is within a fraction of the median, or when
 * the maximum count or the time cap is reached.  A pure function of the
 * values so far, shared by ksmbench (which decides) and the tests.
 *
 * The interval is distribution-free: order statistics x(j) and x(n+1-j)
 * with j the largest rank for which the Binomial(n, 1/2) coverage
 * 1 - 2 P(B <= j - 1) is still >= 95%.  It exists from n = 6 on, so the
 * precision target can be met at the 6th repetition at the earliest.
 */
#ifndef KSMBENCH_STOP_RULE_H
#define KSMBENCH_STOP_RULE_H

#include <stddef.h>

struct stop_rule {
	unsigned long min_reps;		/* never stop before (>= 1) */
	unsigned long max_reps;		/* always stop here */
	double precision;		/* relative half-width; 0: off */
	double time_cap_s;		/* 0: none */
};

enum stop_why {
	STOP_CONTINUE,
	STOP_PRECISION,		/* the interval is narrow enough */
	STOP_MAX_REPS,
	STOP_TIME_CAP,
};

struct median_ci {
	double median;
	double lo, hi;		/* NAN when n is too small */
	double rel;		/* max(median - lo, hi - median) / median */
};

/* The 95% order-statistic interval of the median of @n values. */
int stop_median_ci(const double *v, size_t n, struct median_ci *ci);

/*
 * Whether to stop after @n repetitions with values @v, @elapsed_s after
 * the first began.  Fills @ci (when not NULL) with the interval it judged.
 */
enum stop_why stop_decide(const struct stop_rule *r, const double *v,
			  size_t n, double elapsed_s, struct median_ci *ci);

const char *stop_why_name(enum stop_why why);

#endif
