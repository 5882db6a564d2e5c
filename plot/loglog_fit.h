/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A power law y = a * x^b fitted by least squares on (log x, log y), with
 * a confidence interval of the slope b from Student's t on n - 2 degrees
 * of freedom: how a cost grows with a swept key.
 */
#ifndef KSMBENCH_PLOT_LOGLOG_FIT_H
#define KSMBENCH_PLOT_LOGLOG_FIT_H

#include <stddef.h>

struct loglog_fit {
	size_t n;		/* points used (x > 0 and y > 0) */
	double slope;		/* b */
	double intercept;	/* log(a), natural log */
	double lo, hi;		/* the slope's interval at the confidence */
	double r2;
};

/* Two-sided Student t quantile: P(|T| <= q) = conf on df freedoms. */
double student_t_quantile(double conf, double df);
/*
 * Returns 0, or -1 with fewer than 3 usable points or a single x value.
 * With an exact fit the interval is [slope, slope].
 */
int loglog_fit(const double *x, const double *y, size_t n, double conf,
	       struct loglog_fit *f);

#endif
