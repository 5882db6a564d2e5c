// SPDX-License-Identifier: GPL-2.0
/*
 * The stopping rule against answers worked out by hand: binomial ranks of
 * the median's order-statistic interval, and each reason to stop.
 */
#include <math.h>
#include "check.h"
#include "stop_rule.h"

CHECK_DEFINE_STATE;

static void test_interval(void)
{
	static const double five[] = { 5, 1, 4, 2, 3 };
	static const double six[] = { 6, 1, 5, 2, 4, 3 };
	double nine[9], many[20];
	struct median_ci ci;
	int i;

	stop_median_ci(five, 5, &ci);
	/* n = 5: even [min, max] covers only 1 - 2/32 = 93.75%. */
	CHECK("n = 5: median 3, no 95% interval", ci.median == 3.0 &&
	      isnan(ci.lo), "median %g lo %g", ci.median, ci.lo);
	stop_median_ci(six, 6, &ci);
	/* n = 6: [x(1), x(6)] covers 1 - 2/64 = 96.9%; [x(2), x(5)] 78%. */
	CHECK("n = 6: interval [min, max]", ci.lo == 1.0 && ci.hi == 6.0 &&
	      ci.median == 3.5, "[%g, %g] median %g", ci.lo, ci.hi,
	      ci.median);
	for (i = 0; i < 9; i++)
		nine[i] = i + 1;
	stop_median_ci(nine, 9, &ci);
	/* n = 9: j = 2 covers 1 - 2 * 10/512 = 96.1%; j = 3 91.0%. */
	CHECK("n = 9: interval [x(2), x(8)]", ci.lo == 2.0 && ci.hi == 8.0,
	      "[%g, %g]", ci.lo, ci.hi);
	for (i = 0; i < 20; i++)
		many[i] = i + 1;
	stop_median_ci(many, 20, &ci);
	/* n = 20: j = 6 covers 1 - 2 * 0.02069 = 95.9%; j = 7 88.5%. */
	CHECK("n = 20: interval [x(6), x(15)], rel 4.5/10.5", ci.lo == 6.0 &&
	      ci.hi == 15.0 && fabs(ci.rel - 4.5 / 10.5) < 1e-12,
	      "[%g, %g] rel %g", ci.lo, ci.hi, ci.rel);
}

static void test_decide(void)
{
	static const double tight[] = { 100, 101, 99, 100, 100.5, 99.5 };
	static const double loose[] = { 100, 130, 80, 100, 120, 90 };
	struct stop_rule r = { .min_reps = 3, .max_reps = 10,
			       .precision = 0.05 };

	CHECK("below min_reps: continue",
	      stop_decide(&r, tight, 2, 0, NULL) == STOP_CONTINUE, "stopped");
	CHECK("n = 5 cannot have an interval yet: continue",
	      stop_decide(&r, tight, 5, 0, NULL) == STOP_CONTINUE, "stopped");
	CHECK("6 values within 1%: precision reached",
	      stop_decide(&r, tight, 6, 0, NULL) == STOP_PRECISION,
	      "did not stop");
	CHECK("6 values spread 20%: continue",
	      stop_decide(&r, loose, 6, 0, NULL) == STOP_CONTINUE, "stopped");
	r.time_cap_s = 60;
	CHECK("spread but past the time cap: stop",
	      stop_decide(&r, loose, 6, 61, NULL) == STOP_TIME_CAP,
	      "did not stop");
	CHECK("time cap never cuts below min_reps",
	      stop_decide(&r, loose, 2, 600, NULL) == STOP_CONTINUE, "stopped");
	r.max_reps = 6;
	CHECK("maximum reached: stop",
	      stop_decide(&r, loose, 6, 0, NULL) == STOP_MAX_REPS,
	      "did not stop");
	r = (struct stop_rule){ .min_reps = 1, .max_reps = 5 };
	CHECK("precision off: a fixed count of 5",
	      stop_decide(&r, tight, 4, 1e9, NULL) == STOP_CONTINUE &&
	      stop_decide(&r, tight, 5, 0, NULL) == STOP_MAX_REPS, "wrong");
}

int main(void)
{
	test_interval();
	test_decide();
	return CHECK_EXIT();
}
