// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "stats.h"

static int cmp_double(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return (a > b) - (a < b);
}

static double median_of_sorted(const double *v, size_t n)
{
	if (n % 2)
		return v[n / 2];
	return (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

/* Two passes: the one-pass formula loses digits on large, close values. */
static double sample_variance(const double *v, size_t n, double mean)
{
	double ss = 0.0;
	size_t i;

	for (i = 0; i < n; i++)
		ss += (v[i] - mean) * (v[i] - mean);
	return ss / (double)(n - 1);
}

int stats_compute(const double *v, size_t n, struct sample_stats *st)
{
	double *sorted, sum = 0.0;
	size_t i;

	st->n = n;
	st->min = st->max = st->median = st->mean = NAN;
	st->stddev = st->cov = NAN;
	if (!n)
		return 0;

	sorted = malloc(n * sizeof(*sorted));
	if (!sorted)
		return -1;
	memcpy(sorted, v, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_double);

	for (i = 0; i < n; i++)
		sum += sorted[i];
	st->min = sorted[0];
	st->max = sorted[n - 1];
	st->median = median_of_sorted(sorted, n);
	st->mean = sum / (double)n;
	if (n >= 2) {
		st->stddev = sqrt(sample_variance(sorted, n, st->mean));
		if (st->mean != 0.0)
			st->cov = st->stddev / fabs(st->mean);
	}
	free(sorted);
	return 0;
}

size_t stats_nearest_rank(size_t n, unsigned int pct)
{
	size_t rank;

	if (!n)
		return 0;
	if (pct >= 100)
		return n;
	/* In integers: 0.99 * 100 in floating point need not be 99. */
	rank = n / 100 * pct + (n % 100 * pct + 99) / 100;
	return rank ? rank : 1;
}

/*
 * Continued fraction for I_x(a, b) (Abramowitz & Stegun 26.5.8), evaluated
 * with the modified Lentz method.  It converges quickly only for
 * x < (a + 1) / (a + b + 2); stats_incbeta() uses the symmetry
 * I_x(a, b) = 1 - I_(1-x)(b, a) to stay in that region.
 */
#define INCBETA_EPS	1e-15
#define INCBETA_TINY	1e-300
#define INCBETA_ITERS	1000

static double lentz_guard(double v)
{
	return fabs(v) < INCBETA_TINY ? INCBETA_TINY : v;
}

static double incbeta_cf(double x, double a, double b)
{
	double c = 1.0, d, f, num, delta;
	int i, m;

	/* Term 1 (m = 0) starts the recurrence; terms alternate from 2 on. */
	d = 1.0 / lentz_guard(1.0 - (a + b) * x / (a + 1.0));
	f = d;
	for (i = 2; i <= INCBETA_ITERS; i++) {
		m = i / 2;
		if (i % 2)
			num = -((a + m) * (a + b + m) * x) /
			      ((a + 2.0 * m) * (a + 2.0 * m + 1.0));
		else
			num = (m * (b - m) * x) /
			      ((a + 2.0 * m - 1.0) * (a + 2.0 * m));
		d = 1.0 / lentz_guard(1.0 + num * d);
		c = lentz_guard(1.0 + num / c);
		delta = c * d;
		f *= delta;
		if (fabs(delta - 1.0) < INCBETA_EPS)
			break;
	}
	return f;
}

double stats_incbeta(double x, double a, double b)
{
	double lfront;

	if (isnan(x) || a <= 0.0 || b <= 0.0 || x < 0.0 || x > 1.0)
		return NAN;
	if (x == 0.0 || x == 1.0)
		return x;
	if (x > (a + 1.0) / (a + b + 2.0))
		return 1.0 - stats_incbeta(1.0 - x, b, a);

	lfront = a * log(x) + b * log1p(-x) -
		 (lgamma(a) + lgamma(b) - lgamma(a + b));
	return exp(lfront) / a * incbeta_cf(x, a, b);
}

/*
 * Both tails of Student's t beyond |t| together have probability
 * I_(df / (df + t^2))(df / 2, 1 / 2).
 */
static double student_t_two_tail(double t, double df)
{
	return stats_incbeta(df / (df + t * t), df / 2.0, 0.5);
}

double stats_student_t_cdf(double t, double df)
{
	double tail;

	if (isnan(t) || !(df > 0.0))
		return NAN;
	if (isinf(t))
		return t > 0 ? 1.0 : 0.0;
	tail = student_t_two_tail(t, df) / 2.0;
	return t > 0 ? 1.0 - tail : tail;
}

static double mean_of(const double *v, size_t n)
{
	double sum = 0.0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += v[i];
	return sum / (double)n;
}

int stats_welch(const double *a, size_t na, const double *b, size_t nb,
		struct welch_result *res)
{
	double ma, mb, va, vb, se2;

	res->t = res->df = res->p = NAN;
	if (na < 2 || nb < 2)
		return -1;

	ma = mean_of(a, na);
	mb = mean_of(b, nb);
	/* Variances of the two means, not of the samples. */
	va = sample_variance(a, na, ma) / (double)na;
	vb = sample_variance(b, nb, mb) / (double)nb;
	se2 = va + vb;
	if (se2 == 0.0)
		return -1;

	res->t = (ma - mb) / sqrt(se2);
	res->df = se2 * se2 /
		  (va * va / (double)(na - 1) + vb * vb / (double)(nb - 1));
	res->p = student_t_two_tail(res->t, res->df);
	return 0;
}

double stats_median_inplace(double *v, size_t n)
{
	if (!n)
		return NAN;
	qsort(v, n, sizeof(*v), cmp_double);
	return median_of_sorted(v, n);
}

/* xorshift64*: small, fast, and the same sequence on every machine. */
static uint64_t rng_next(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

static size_t rng_below(uint64_t *state, size_t n)
{
	return (size_t)(rng_next(state) % n);
}

static size_t group_total(const struct boot_groups *g)
{
	return g->ngroups ? g->start[g->ngroups] - g->start[0] : 0;
}

/* Statistic of the pooled groups @pick[0..ngroups); @buf has room. */
static double pooled_stat(const struct boot_groups *g, const size_t *pick,
			  enum boot_stat stat, double *buf)
{
	double sum = 0.0;
	size_t i, j, n = 0;

	for (i = 0; i < g->ngroups; i++)
		for (j = g->start[pick[i]]; j < g->start[pick[i] + 1]; j++)
			buf[n++] = g->v[j];
	if (!n)
		return NAN;
	if (stat == BOOT_MEDIAN)
		return stats_median_inplace(buf, n);
	for (i = 0; i < n; i++)
		sum += buf[i];
	return sum / (double)n;
}

/* Resampled groups can pool more values than the data hold. */
static size_t largest_pool(const struct boot_groups *g)
{
	size_t i, big = 0;

	for (i = 0; i < g->ngroups; i++)
		if (g->start[i + 1] - g->start[i] > big)
			big = g->start[i + 1] - g->start[i];
	return big * g->ngroups;
}

int stats_boot_ratio(const struct boot_groups *a, const struct boot_groups *b,
		     enum boot_stat stat, unsigned int iters, uint64_t seed,
		     struct ratio_ci *ci)
{
	size_t na = largest_pool(a), nb = largest_pool(b), i, g, tail;
	size_t *pick = NULL;
	double *buf = NULL, *ratios = NULL, sb;
	uint64_t state = seed ? seed : 1;
	int ret = -1;

	ci->ratio = ci->lo = ci->hi = NAN;
	if (!group_total(a) || !group_total(b) || !iters)
		return -1;
	pick = malloc((a->ngroups + b->ngroups) * sizeof(*pick));
	buf = malloc((na > nb ? na : nb) * sizeof(*buf));
	ratios = malloc(iters * sizeof(*ratios));
	if (!pick || !buf || !ratios)
		goto out;

	for (g = 0; g < a->ngroups + b->ngroups; g++)
		pick[g] = g < a->ngroups ? g : g - a->ngroups;
	sb = pooled_stat(b, pick + a->ngroups, stat, buf);
	if (sb == 0.0)
		goto out;
	ci->ratio = pooled_stat(a, pick, stat, buf) / sb;
	for (i = 0; i < iters; i++) {
		for (g = 0; g < a->ngroups; g++)
			pick[g] = rng_below(&state, a->ngroups);
		for (g = 0; g < b->ngroups; g++)
			pick[a->ngroups + g] = rng_below(&state, b->ngroups);
		sb = pooled_stat(b, pick + a->ngroups, stat, buf);
		ratios[i] = pooled_stat(a, pick, stat, buf) / sb;
		/* 0 / 0: treat as unbounded, like x / 0, so it sorts last. */
		if (isnan(ratios[i]))
			ratios[i] = INFINITY;
	}
	qsort(ratios, iters, sizeof(*ratios), cmp_double);
	tail = iters / 40;	/* 2.5% on each side */
	ci->lo = ratios[tail];
	ci->hi = ratios[iters - 1 - tail];
	ret = 0;
out:
	free(pick);
	free(buf);
	free(ratios);
	return ret;
}
