// SPDX-License-Identifier: GPL-2.0
#include <math.h>

#include "loglog_fit.h"
#include "stats.h"

double student_t_quantile(double conf, double df)
{
	double lo = 0, hi = 1e6, mid, target = 0.5 + conf / 2;
	int i;

	/* The cdf is monotonic: bisection to well below print precision. */
	for (i = 0; i < 200; i++) {
		mid = (lo + hi) / 2;
		if (stats_student_t_cdf(mid, df) < target)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

int loglog_fit(const double *x, const double *y, size_t n, double conf,
	       struct loglog_fit *f)
{
	double sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0, lx, ly, mx, my;
	double sse, se, q;
	size_t i, m = 0;

	for (i = 0; i < n; i++) {
		if (!(x[i] > 0) || !(y[i] > 0))
			continue;
		lx = log(x[i]);
		ly = log(y[i]);
		sx += lx;
		sy += ly;
		m++;
	}
	f->n = m;
	if (m < 3)
		return -1;
	mx = sx / m;
	my = sy / m;
	for (i = 0; i < n; i++) {
		if (!(x[i] > 0) || !(y[i] > 0))
			continue;
		lx = log(x[i]) - mx;
		ly = log(y[i]) - my;
		sxx += lx * lx;
		sxy += lx * ly;
		syy += ly * ly;
	}
	if (sxx <= 0)
		return -1;
	f->slope = sxy / sxx;
	f->intercept = my - f->slope * mx;
	sse = syy - f->slope * sxy;
	if (sse < 0)
		sse = 0;
	f->r2 = syy > 0 ? 1 - sse / syy : 1;
	se = sqrt(sse / (m - 2) / sxx);
	q = student_t_quantile(conf, m - 2);
	f->lo = f->slope - q * se;
	f->hi = f->slope + q * se;
	return 0;
}
