/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sample statistics for comparing kernels: the summary printed per metric,
 * Welch's unequal-variance t-test behind the significance mark, and the
 * nearest-rank percentile of the per-walk tables.
 */
#ifndef KSMBENCH_PLOT_STATS_H
#define KSMBENCH_PLOT_STATS_H

#include <stddef.h>
#include <stdint.h>

struct sample_stats {
	size_t n;
	double min;
	double max;
	double median;
	double mean;
	double stddev;		/* sample (n - 1) stddev; NAN if n < 2 */
	double cov;		/* stddev / |mean|; NAN if undefined */
};

struct welch_result {
	double t;
	double df;		/* Welch-Satterthwaite degrees of freedom */
	double p;		/* two-sided */
};

/*
 * Fills @st from @n values (n == 0 leaves every field but n NAN).  Returns
 * -1 only when the scratch copy for the median cannot be allocated.
 */
int stats_compute(const double *v, size_t n, struct sample_stats *st);

/*
 * Two-sided Welch test of equal means.  Returns -1, with @res NAN, when the
 * test is undefined: fewer than two values on either side, or no spread at
 * all on both sides (the t statistic would divide by zero).
 */
int stats_welch(const double *a, size_t na, const double *b, size_t nb,
		struct welch_result *res);

/*
 * The 1-based rank of the nearest-rank @pct-th percentile of @n sorted
 * values: ceil(pct / 100 * n), at least 1; 0 when n is 0.  The result is
 * always one of the values, never an interpolation.
 */
size_t stats_nearest_rank(size_t n, unsigned int pct);

/* Regularised incomplete beta function I_x(a, b); NAN outside its domain. */
double stats_incbeta(double x, double a, double b);

/* P(T <= t) for Student's t with @df (> 0, not necessarily integral). */
double stats_student_t_cdf(double t, double df);

/*
 * Values in groups (one group per repetition): group g holds
 * v[start[g]] .. v[start[g + 1] - 1]; start has ngroups + 1 entries.
 */
struct boot_groups {
	const double *v;
	const size_t *start;
	size_t ngroups;
};

enum boot_stat {
	BOOT_MEDIAN,
	BOOT_MEAN,
};

struct ratio_ci {
	double ratio;		/* stat(a) / stat(b) on the data as they are */
	double lo, hi;		/* 95% percentile-bootstrap interval */
};

#define BOOT_ITERS	2000
#define BOOT_SEED	0x6b736d6265ULL	/* fixed: the same data, the same CI */

/*
 * Percentile bootstrap of stat(a) / stat(b): each of @iters rounds draws
 * the groups of each side with replacement (whole repetitions, so walks of
 * one repetition stay together) and takes the statistic of the pooled
 * values.  Deterministic for a given @seed.  Returns -1 on ENOMEM, or when
 * a side has no values or stat(b) is 0 (ratio NAN).
 */
int stats_boot_ratio(const struct boot_groups *a, const struct boot_groups *b,
		     enum boot_stat stat, unsigned int iters, uint64_t seed,
		     struct ratio_ci *ci);

/* The median of @n values (sorted in place). */
double stats_median_inplace(double *v, size_t n);

#endif
