// SPDX-License-Identifier: GPL-2.0
/*
 * Sweeps: parsing of the `sweep` option, the points it makes, their
 * expansion into scenarios checked like any other (the largest point that
 * cannot run is named), the NAME@KEY=VALUE names read back by the
 * plotter, and the log-log fit on synthetic data with a known slope.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "layout_limits.h"
#include "loglog_fit.h"
#include "options.h"
#include "sweep.h"
#include "sweep_name.h"

CHECK_DEFINE_STATE;

static void check_parse(void)
{
	static const char *const bad[] = {
		"vmas", "vmas=", "vmas=10..", "vmas=10..5*2", "vmas=0..10*2",
		"vmas=1..10*1", "vmas=1..10*x", "vmas=1..10+0", "vmas=1..10",
		"reps=1..10*2", "vmas=1..10*2junk", "=1..10*2", "vmas=-1..10*2",
	};
	struct sweep_spec sp;
	unsigned long v[SWEEP_MAX_POINTS];
	char err[200], name[64];
	size_t i;
	int n;

	CHECK("geometric sweep parses",
	      !sweep_parse("vmas=1000..32000*2", &sp, err, sizeof(err)) &&
	      sp.geometric && sp.from == 1000 && sp.to == 32000 &&
	      sp.factor == 2 && !strcmp(sp.key, "vmas"), "%s", err);
	n = sweep_points(&sp, v, SWEEP_MAX_POINTS, err, sizeof(err));
	CHECK("1000..32000*2 is 1000, 2000, ... 32000 (6 points)",
	      n == 6 && v[0] == 1000 && v[1] == 2000 && v[5] == 32000,
	      "%d points, last %lu", n, n > 0 ? v[n - 1] : 0);
	CHECK("x is a synonym of *",
	      !sweep_parse("forks=1..8x2", &sp, err, sizeof(err)) &&
	      sweep_points(&sp, v, SWEEP_MAX_POINTS, err, sizeof(err)) == 4,
	      "%s", err);
	CHECK("linear sweep parses and stops at TO",
	      !sweep_parse("sharing=2..300+100", &sp, err, sizeof(err)) &&
	      !sp.geometric && sweep_points(&sp, v, SWEEP_MAX_POINTS, err,
					    sizeof(err)) == 3 && v[2] == 202,
	      "%s", err);
	CHECK("geometric with a fractional factor keeps distinct points",
	      !sweep_parse("ksm_pages=1..4*1.2", &sp, err, sizeof(err)) &&
	      (n = sweep_points(&sp, v, SWEEP_MAX_POINTS, err,
				sizeof(err))) == 4 && v[0] == 1 && v[1] == 2 &&
	      v[3] == 4, "%d points: %s", n, err);
	CHECK("too many points refused",
	      !sweep_parse("vmas=1..1000+1", &sp, err, sizeof(err)) &&
	      sweep_points(&sp, v, SWEEP_MAX_POINTS, err, sizeof(err)) < 0 &&
	      strstr(err, "more than"), "%s", err);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(name, sizeof(name), "bad sweep refused: %s", bad[i]);
		err[0] = '\0';
		CHECK(name, sweep_parse(bad[i], &sp, err, sizeof(err)) &&
		      strstr(err, "sweep"), "accepted (%s)", err);
	}
}

static void check_expand(void)
{
	static struct run run;
	struct layout_limits lim = {
		.page_size = 4096, .mem_available = 1ULL << 30,
		.max_map_count = 65530,
	};
	char err[400] = "";
	int i, refused = -1;

	scenario_defaults(&run.rec[0].s);
	snprintf(run.rec[0].s.name, SCENARIO_NAME_MAX, "sw");
	opt_set(&run.rec[0].s, "sweep", "vmas=1000..32000*2", err,
		sizeof(err));
	scenario_defaults(&run.rec[1].s);
	run.nr = 2;
	CHECK("a scenario with a sweep expands into its points",
	      !sweep_expand(&run, err, sizeof(err)) && run.nr == 7 &&
	      !strcmp(run.rec[0].s.name, "sw@vmas=1000") &&
	      run.rec[5].s.vmas == 32000 &&
	      !strcmp(run.rec[6].s.name, "custom"), "%d: %s", run.nr, err);
	/* 1 GiB available: only points needing < 512 MiB may run. */
	for (i = 0; i < run.nr; i++) {
		run.rec[i].s.pages_per_vma = 9;
		if (refused < 0 && layout_limits_check(&run.rec[i].s, &lim, err,
						       sizeof(err)))
			refused = i;
	}
	CHECK("a point too large for memory is refused, named",
	      refused == 4 && strstr(err, "sw@vmas=16000") &&
	      strstr(err, "refusing"), "refused %d: %s", refused, err);
	lim.mem_available = 1ULL << 40;
	lim.max_map_count = 20000;
	run.rec[5].s.pages_per_vma = 1;
	CHECK("a point over vm.max_map_count is refused, named",
	      layout_limits_check(&run.rec[5].s, &lim, err, sizeof(err)) &&
	      strstr(err, "sw@vmas=32000") && strstr(err, "max_map_count"),
	      "%s", err);
	run.nr = 1;
	run.rec[0].s = run.rec[6].s;
	opt_set(&run.rec[0].s, "sweep", "sharing=2..4000*2", err, sizeof(err));
	CHECK("a point that breaks a cross-key rule is refused, named",
	      sweep_expand(&run, err, sizeof(err)) &&
	      strstr(err, "custom@sharing=512"), "%s", err);
}

/* Layouts that make processes count them in what they need. */
static void check_layout_memory(void)
{
	struct scenario a, b, c;
	char err[200];
	unsigned long long ma, mb, mc;

	scenario_defaults(&a);
	a.vmas = 1000;
	a.pages_per_vma = 64;
	b = a;
	c = a;
	snprintf(b.layout, sizeof(b.layout), "procs");
	snprintf(c.layout, sizeof(c.layout), "fork_before");
	opt_set(&b, "procs", "4", err, sizeof(err));
	opt_set(&c, "forks_before", "4", err, sizeof(err));
	ma = layout_memory_need(&a, 4096);
	mb = layout_memory_need(&b, 4096);
	mc = layout_memory_need(&c, 4096);
	CHECK("procs: every process's own pages counted", mb >= 4 * ma,
	      "%llu vs %llu", mb, ma);
	CHECK("fork_before: children's tables counted, pages shared",
	      mc > ma && mc < 2 * ma, "%llu vs %llu", mc, ma);
	b.sharing = 100;
	b.max_page_sharing = 256;
	CHECK("procs: sharing x processes must stay within max_page_sharing",
	      scenario_validate(&b, err, sizeof(err)) &&
	      strstr(err, "max_page_sharing"), "%s", err);
}

static void check_names(void)
{
	char name[64], key[24];
	double v;

	CHECK("point name parses",
	      !sweep_name_parse("sweep_vmas@vmas=4000", name, sizeof(name), key,
				sizeof(key), &v) && !strcmp(name, "sweep_vmas")
	      && !strcmp(key, "vmas") && v == 4000, "%s %s %g", name, key, v);
	CHECK("a plain scenario is no point",
	      sweep_name_parse("nv8000", name, sizeof(name), key, sizeof(key),
			       &v), "parsed");
	CHECK("a point without a value is no point",
	      sweep_name_parse("a@vmas=", name, sizeof(name), key, sizeof(key),
			       &v), "parsed");
}

/* Deterministic noise, so the test cannot pass or fail by chance. */
static double noise(unsigned i)
{
	return ((i * 2654435761u) % 1000) / 1000.0 - 0.5;
}

static void check_fit(void)
{
	double x[40], y[40];
	struct loglog_fit f;
	unsigned i;

	for (i = 0; i < 6; i++) {
		x[i] = 1000 << i;
		y[i] = 3e-4 * pow(x[i], 1.5);
	}
	CHECK("exact power law: slope 1.5, zero-width interval",
	      !loglog_fit(x, y, 6, 0.95, &f) && fabs(f.slope - 1.5) < 1e-9 &&
	      fabs(f.hi - f.lo) < 1e-6 && fabs(f.r2 - 1) < 1e-9 &&
	      fabs(f.intercept - log(3e-4)) < 1e-9, "slope %g [%g, %g]",
	      f.slope, f.lo, f.hi);
	for (i = 0; i < 40; i++) {
		x[i] = 1000 << (i % 6);
		y[i] = 7 * x[i] * exp(0.2 * noise(i));
	}
	CHECK("noisy linear data: interval holds 1 and is narrow",
	      !loglog_fit(x, y, 40, 0.95, &f) && f.lo < 1 && f.hi > 1 &&
	      f.hi - f.lo < 0.1 && f.n == 40, "slope %g [%g, %g]", f.slope,
	      f.lo, f.hi);
	for (i = 0; i < 6; i++)
		y[i] = 5.0 + noise(i);
	CHECK("flat data: interval holds 0",
	      !loglog_fit(x, y, 6, 0.95, &f) && f.lo < 0 && f.hi > 0,
	      "slope %g [%g, %g]", f.slope, f.lo, f.hi);
	CHECK("fewer than 3 points: no fit", loglog_fit(x, y, 2, 0.95, &f),
	      "fitted");
	for (i = 0; i < 5; i++)
		x[i] = 100;
	CHECK("one value of x: no fit", loglog_fit(x, y, 5, 0.95, &f),
	      "fitted");
	CHECK("t quantile: 12.706 for 1 df, 2.571 for 5 df at 95%",
	      fabs(student_t_quantile(0.95, 1) - 12.706) < 0.001 &&
	      fabs(student_t_quantile(0.95, 5) - 2.571) < 0.001, "%g %g",
	      student_t_quantile(0.95, 1), student_t_quantile(0.95, 5));
}

int main(void)
{
	check_parse();
	check_expand();
	check_layout_memory();
	check_names();
	check_fit();
	return CHECK_EXIT();
}
