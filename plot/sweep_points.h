/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The points of a sweep in one run directory: every (scenario, driver)
 * whose scenario is named NAME@KEY=VALUE (harness/sweep.h), with the
 * driver time of each repetition and, where walks.csv or kprobe_walks.csv
 * exists, the mean and median over walks of each per-walk series.
 */
#ifndef KSMBENCH_PLOT_SWEEP_POINTS_H
#define KSMBENCH_PLOT_SWEEP_POINTS_H

#include <stddef.h>
#include "results_read.h"
#include "schema.h"

/* The per-walk numbers a sweep fits: one file's column each. */
enum walk_series {
	WS_TP_ITERATIONS,	/* walks.csv iterations (tracepoint) */
	WS_TP_LOCK,		/* walks.csv lock_ns */
	WS_KP_ITERATIONS,	/* kprobe_walks.csv iterations (walk_iter) */
	WS_KP_DURATION,		/* kprobe_walks.csv duration_ns */
	WS_NSERIES,
};

struct walk_series_desc {
	const char *what;	/* "iterations", "lock hold", "duration" */
	enum schema_file file;
	const char *column;	/* in the schema, which gives the unit */
};

extern const struct walk_series_desc walk_series[WS_NSERIES];
const char *walk_series_file(enum walk_series ws);
const char *walk_series_unit(enum walk_series ws);

/* One series at one point: all phases and repetitions pooled. */
struct walk_point {
	size_t walks;		/* 0: no walk of the pair in the file */
	double mean, median;	/* over walks; NAN without walks */
};

struct sweep_point {
	char sweep[64];		/* NAME */
	char key[24];		/* KEY */
	const char *driver;
	double value;		/* VALUE */
	double *ms;		/* driver total wall_time per usable rep */
	size_t n;
	double iterations;	/* per walk, mean; NAN without walks */
	double lock_ns;		/* per walk, mean; NAN without walks */
	size_t walks;
	bool has_walks_csv, has_kprobe_walks_csv;	/* in the run */
	struct walk_point w[WS_NSERIES];
};

/*
 * Points of @run in ascending value per (NAME, driver).  -1 on ENOMEM or
 * a bad kprobe_walks.csv, with "FILE:LINE: what" in @err.
 */
int sweep_points_get(const struct run *run, struct sweep_point **out,
		     size_t *n, char *err, size_t errlen);
void sweep_points_free(struct sweep_point *p, size_t n);

#endif
