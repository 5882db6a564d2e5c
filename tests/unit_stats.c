// SPDX-License-Identifier: GPL-2.0
/*
 * plot/stats.c against values worked out by hand or read from a printed
 * table, never from the code under test.
 */
#include <math.h>
#include <stdbool.h>
#include "check.h"
#include "stats.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static bool near(double got, double want, double tol)
{
	return fabs(got - want) <= tol;
}

static void test_median(void)
{
	static const double odd[] = { 5, 1, 3 };
	static const double even[] = { 4, 1, 3, 2 };
	static const double one[] = { 42 };
	struct sample_stats st;

	stats_compute(odd, N(odd), &st);
	CHECK("median of odd n is the middle value", st.median == 3.0,
	      "got %g", st.median);
	stats_compute(even, N(even), &st);
	CHECK("median of even n averages the middle two", st.median == 2.5,
	      "got %g", st.median);
	CHECK("min and max of unsorted input", st.min == 1.0 && st.max == 4.0,
	      "got %g..%g", st.min, st.max);
	stats_compute(one, N(one), &st);
	CHECK("n = 1: median, no stddev, no CoV",
	      st.n == 1 && st.median == 42.0 && isnan(st.stddev) &&
	      isnan(st.cov), "n %zu median %g stddev %g", st.n, st.median,
	      st.stddev);
	stats_compute(one, 0, &st);
	CHECK("n = 0: everything NAN", st.n == 0 && isnan(st.median) &&
	      isnan(st.mean) && isnan(st.min), "median %g", st.median);
}

static void test_stddev(void)
{
	/*
	 * Mean 40 / 8 = 5.  Squared deviations 9 1 1 1 0 0 4 16 sum to 32;
	 * sample variance 32 / 7 = 4.571428..., stddev 2.1380899353,
	 * CoV 2.1380899353 / 5 = 0.4276179871.
	 */
	static const double v[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
	/* Mean 1e9 + 2; squared deviations 4 1 0 1 4 sum 10; var 2.5. */
	static const double big[] = { 1e9, 1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4 };
	struct sample_stats st;

	stats_compute(v, N(v), &st);
	CHECK("mean by hand", st.mean == 5.0, "got %.12g", st.mean);
	CHECK("sample stddev by hand", near(st.stddev, 2.1380899353, 1e-9),
	      "got %.12g", st.stddev);
	CHECK("CoV by hand", near(st.cov, 0.4276179871, 1e-9), "got %.12g",
	      st.cov);
	stats_compute(big, N(big), &st);
	CHECK("stddev keeps its digits on large, close values",
	      near(st.stddev, sqrt(2.5), 1e-6), "got %.12g", st.stddev);
}

static void test_distributions(void)
{
	/* I_x(1, 1) = x and I_x(2, 1) = x^2 follow from integrating t^(a-1). */
	CHECK("I_0.3(1,1) = 0.3", near(stats_incbeta(0.3, 1, 1), 0.3, 1e-13),
	      "got %.15g", stats_incbeta(0.3, 1, 1));
	CHECK("I_0.3(2,1) = 0.09", near(stats_incbeta(0.3, 2, 1), 0.09, 1e-13),
	      "got %.15g", stats_incbeta(0.3, 2, 1));
	CHECK("I_0.9(1,2) = 1 - 0.1^2",
	      near(stats_incbeta(0.9, 1, 2), 0.99, 1e-13), "got %.15g",
	      stats_incbeta(0.9, 1, 2));
	/* df = 1 is the Cauchy distribution: F(1) = 1/2 + atan(1)/pi = 3/4. */
	CHECK("t cdf, df 1, t 1 = 0.75",
	      near(stats_student_t_cdf(1, 1), 0.75, 1e-12), "got %.15g",
	      stats_student_t_cdf(1, 1));
	/*
	 * Critical values from the NIST/SEMATECH e-Handbook of Statistical
	 * Methods, table 1.3.6.7.2 (upper critical values of Student's t):
	 * df 10, upper tail 0.025: 2.228; df 30, upper tail 0.005: 2.750.
	 * The table is rounded to 3 decimals, hence the tolerance.
	 */
	CHECK("t cdf, df 10, t 2.228 = 0.975 (NIST table)",
	      near(stats_student_t_cdf(2.228, 10), 0.975, 1e-4), "got %.6f",
	      stats_student_t_cdf(2.228, 10));
	CHECK("t cdf, df 30, t -2.750 = 0.005 (NIST table)",
	      near(stats_student_t_cdf(-2.750, 30), 0.005, 1e-4), "got %.6f",
	      stats_student_t_cdf(-2.750, 30));
}

static void shifted(const double *v, double *out, size_t n, double by)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = v[i] + by;
}

static void test_welch(void)
{
	/*
	 * {1..5} has variance 2.5, so with equal n = 5 and equal variances
	 * the standard error is sqrt(2.5/5 + 2.5/5) = 1 and Welch's df is
	 * (0.5 + 0.5)^2 / (0.25/4 + 0.25/4) = 8.  Shifting the second
	 * sample by a critical value of t(8) therefore gives exactly that t.
	 * NIST table 1.3.6.7.2, df 8: 2.306 (upper 0.025), 3.355 (upper
	 * 0.005), i.e. two-sided p = 0.05 and p = 0.01.
	 */
	static const double a[] = { 1, 2, 3, 4, 5 };
	static const double c[] = { 0, 3, 6 };
	static const double two_a[] = { 0, 2 }, two_b[] = { 2, 4 };
	static const double same[] = { 7, 7, 7 };
	static const double lone[] = { 1 };
	struct welch_result w;
	double b[5];
	int ret;

	shifted(a, b, 5, 2.306);
	ret = stats_welch(a, 5, b, 5, &w);
	CHECK("welch df = 8 for equal n and variance",
	      !ret && near(w.df, 8.0, 1e-12), "ret %d df %.12g", ret, w.df);
	CHECK("welch t = -2.306", near(w.t, -2.306, 1e-12), "got %.12g", w.t);
	CHECK("welch p = 0.05 at t(8) = 2.306 (NIST table)",
	      near(w.p, 0.05, 2e-4), "got %.6f", w.p);
	shifted(a, b, 5, 3.355);
	stats_welch(a, 5, b, 5, &w);
	CHECK("welch p = 0.01 at t(8) = 3.355 (NIST table)",
	      near(w.p, 0.01, 1e-4), "got %.6f", w.p);

	/*
	 * n = 2 each, variance 2 each: se = sqrt(1 + 1), df = 4 / 2 = 2 and
	 * t = -2 / sqrt(2).  For df 2 the two-sided p has the closed form
	 * 1 - |t| / sqrt(2 + t^2) = 1 - sqrt(2) / 2 = 0.2928932188.
	 */
	stats_welch(two_a, 2, two_b, 2, &w);
	CHECK("welch df 2 closed form p = 0.2928932188",
	      near(w.df, 2.0, 1e-12) && near(w.p, 0.2928932188, 1e-9),
	      "df %.12g p %.12g", w.df, w.p);

	/*
	 * Unequal variances: {1..5} mean 3, var of mean 2.5/5 = 0.5;
	 * {0,3,6} mean 3, var 9, var of mean 3.  df = 3.5^2 /
	 * (0.5^2/4 + 3^2/2) = 12.25 / 4.5625 = 2.6849315068.  Equal means
	 * give t = 0 and p = 1.
	 */
	ret = stats_welch(a, 5, c, 3, &w);
	CHECK("welch df for unequal variances",
	      !ret && near(w.df, 2.6849315068, 1e-9), "ret %d df %.12g", ret,
	      w.df);
	CHECK("welch p = 1 for equal means", w.t == 0.0 && near(w.p, 1, 1e-12),
	      "t %g p %.12g", w.t, w.p);

	ret = stats_welch(a, 5, a, 5, &w);
	CHECK("identical samples: p = 1", !ret && near(w.p, 1.0, 1e-12),
	      "ret %d p %g", ret, w.p);
	ret = stats_welch(same, 3, same, 3, &w);
	CHECK("no spread on either side: not testable", ret == -1 && isnan(w.p),
	      "ret %d p %g", ret, w.p);
	ret = stats_welch(lone, 1, a, 5, &w);
	CHECK("n < 2: no p-value", ret == -1 && isnan(w.p), "ret %d p %g", ret,
	      w.p);
}

static void test_nearest_rank(void)
{
	/*
	 * Rank ceil(p / 100 * n): n 150 gives ceil(148.5) = 149, n 100 gives
	 * 99 (not the max), n 99 gives ceil(98.01) = 99 (the max), n 201
	 * gives ceil(198.99) = 199, n 1 gives 1.  Linear interpolation would
	 * instead land between ranks, e.g. 148.51 for n 150.
	 */
	CHECK("p99 rank, n 150 = 149", stats_nearest_rank(150, 99) == 149,
	      "got %zu", stats_nearest_rank(150, 99));
	CHECK("p99 rank, n 100 = 99", stats_nearest_rank(100, 99) == 99,
	      "got %zu", stats_nearest_rank(100, 99));
	CHECK("p99 rank, n 99 = 99 (the max)", stats_nearest_rank(99, 99) == 99,
	      "got %zu", stats_nearest_rank(99, 99));
	CHECK("p99 rank, n 201 = 199", stats_nearest_rank(201, 99) == 199,
	      "got %zu", stats_nearest_rank(201, 99));
	CHECK("p99 rank, n 1 = 1", stats_nearest_rank(1, 99) == 1, "got %zu",
	      stats_nearest_rank(1, 99));
	CHECK("p50 rank, n 4 = 2 (no averaging)",
	      stats_nearest_rank(4, 50) == 2, "got %zu",
	      stats_nearest_rank(4, 50));
	CHECK("p0 rank is 1, p100 rank is n, n 0 is 0",
	      stats_nearest_rank(10, 0) == 1 &&
	      stats_nearest_rank(10, 100) == 10 &&
	      stats_nearest_rank(0, 99) == 0, "got %zu %zu %zu",
	      stats_nearest_rank(10, 0), stats_nearest_rank(10, 100),
	      stats_nearest_rank(0, 99));
	/* 10^18 values: the integer formula must not overflow. */
	CHECK("p99 rank of 10^18 = 99 * 10^16",
	      stats_nearest_rank(1000000000000000000UL, 99) ==
	      990000000000000000UL, "got %zu",
	      stats_nearest_rank(1000000000000000000UL, 99));
}

CHECK_DEFINE_STATE;

static struct boot_groups singles(const double *v, size_t n, size_t *start)
{
	size_t i;

	for (i = 0; i <= n; i++)
		start[i] = i;
	return (struct boot_groups){ .v = v, .start = start, .ngroups = n };
}

/* Box-Muller over a fixed LCG: test data the same on every machine. */
static double normal(uint64_t *s, double mean, double sd)
{
	double u1, u2;

	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	u1 = ((*s >> 11) + 1.0) / 9007199254740993.0;
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	u2 = (*s >> 11) / 9007199254740992.0;
	return mean + sd * sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

static void test_bootstrap(void)
{
	static const double ten[] = { 10, 10, 10 }, five[] = { 5, 5, 5 };
	static const double walks[] = { 1, 1, 1, 3, 3, 3 }, one[] = { 1 };
	size_t sa[32], sb[32], sw[] = { 0, 3, 6 };
	struct boot_groups a, b;
	struct ratio_ci ci, ci2;
	double va[20], vb[20];
	uint64_t rng = 42;
	int t, covered = 0;
	size_t i;

	a = singles(ten, 3, sa);
	b = singles(five, 3, sb);
	CHECK("bootstrap: no spread gives ratio 2 and CI [2, 2]",
	      !stats_boot_ratio(&a, &b, BOOT_MEDIAN, BOOT_ITERS, BOOT_SEED, &ci) &&
	      ci.ratio == 2.0 && ci.lo == 2.0 && ci.hi == 2.0,
	      "ratio %g [%g, %g]", ci.ratio, ci.lo, ci.hi);

	a = (struct boot_groups){ .v = walks, .start = sw, .ngroups = 2 };
	b = singles(one, 1, sb);
	stats_boot_ratio(&a, &b, BOOT_MEDIAN, BOOT_ITERS, BOOT_SEED, &ci);
	CHECK("bootstrap resamples whole repetitions: pooled medians 1, 2, 3",
	      ci.ratio == 2.0 && ci.lo == 1.0 && ci.hi == 3.0,
	      "ratio %g [%g, %g]", ci.ratio, ci.lo, ci.hi);
	b = singles(one, 0, sb);
	CHECK("bootstrap refuses an empty side",
	      stats_boot_ratio(&a, &b, BOOT_MEAN, BOOT_ITERS, 1, &ci) == -1 &&
	      isnan(ci.ratio), "got %g", ci.ratio);

	/* True ratio of means 2: a ~ N(200, 20), b ~ N(100, 10), n = 20. */
	for (t = 0; t < 200; t++) {
		for (i = 0; i < 20; i++) {
			va[i] = normal(&rng, 200.0, 20.0);
			vb[i] = normal(&rng, 100.0, 10.0);
		}
		a = singles(va, 20, sa);
		b = singles(vb, 20, sb);
		if (stats_boot_ratio(&a, &b, BOOT_MEAN, 1000, t + 1, &ci))
			break;
		covered += ci.lo <= 2.0 && 2.0 <= ci.hi;
	}
	CHECK("bootstrap 95% CI covers the true ratio in 88..99% of 200 trials",
	      covered >= 176 && covered <= 198, "covered %d of 200", covered);
	stats_boot_ratio(&a, &b, BOOT_MEAN, 1000, 7, &ci);
	stats_boot_ratio(&a, &b, BOOT_MEAN, 1000, 7, &ci2);
	CHECK("bootstrap: same seed, same interval",
	      ci.lo == ci2.lo && ci.hi == ci2.hi, "[%g, %g] vs [%g, %g]",
	      ci.lo, ci.hi, ci2.lo, ci2.hi);
}

int main(void)
{
	test_median();
	test_stddev();
	test_distributions();
	test_welch();
	test_nearest_rank();
	test_bootstrap();
	return CHECK_EXIT();
}
