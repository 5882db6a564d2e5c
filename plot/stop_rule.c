// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "stats.h"
#include "stop_rule.h"

#define CI_LEVEL	0.95

/* P(B <= k) for B ~ Binomial(n, 1/2), summed in logs for large n. */
static double binom_half_cdf(size_t n, size_t k)
{
	double sum = 0.0;
	size_t i;

	for (i = 0; i <= k && i <= n; i++)
		sum += exp(lgamma(n + 1.0) - lgamma(i + 1.0) -
			   lgamma(n - i + 1.0) - n * log(2.0));
	return sum;
}

/* Largest rank j with coverage >= CI_LEVEL, or 0 when none has. */
static size_t ci_rank(size_t n)
{
	size_t j, best = 0;

	for (j = 1; 2 * j <= n; j++) {
		if (1.0 - 2.0 * binom_half_cdf(n, j - 1) < CI_LEVEL)
			break;
		best = j;
	}
	return best;
}

static int cmp_double(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return (a > b) - (a < b);
}

int stop_median_ci(const double *v, size_t n, struct median_ci *ci)
{
	double *s;
	size_t j;

	ci->median = ci->lo = ci->hi = ci->rel = NAN;
	if (!n)
		return 0;
	s = malloc(n * sizeof(*s));
	if (!s)
		return -1;
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	ci->median = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
	j = ci_rank(n);
	if (j) {
		ci->lo = s[j - 1];
		ci->hi = s[n - j];
		ci->rel = fmax(ci->median - ci->lo, ci->hi - ci->median) /
			  fabs(ci->median);
	}
	free(s);
	return 0;
}

enum stop_why stop_decide(const struct stop_rule *r, const double *v,
			  size_t n, double elapsed_s, struct median_ci *ci)
{
	struct median_ci mine;

	if (!ci)
		ci = &mine;
	if (stop_median_ci(v, n, ci))
		memset(ci, 0, sizeof(*ci));
	if (n >= r->max_reps)
		return STOP_MAX_REPS;
	if (n < r->min_reps)
		return STOP_CONTINUE;
	if (r->precision > 0.0 && !isnan(ci->rel) && ci->rel <= r->precision)
		return STOP_PRECISION;
	if (r->time_cap_s > 0.0 && elapsed_s >= r->time_cap_s)
		return STOP_TIME_CAP;
	return STOP_CONTINUE;
}

const char *stop_why_name(enum stop_why why)
{
	static const char *const names[] = {
		[STOP_CONTINUE] = "running",
		[STOP_PRECISION] = "precision reached",
		[STOP_MAX_REPS] = "maximum repetitions",
		[STOP_TIME_CAP] = "time cap",
	};

	return names[why];
}
