/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The points of a sweep in one run directory: every (scenario, driver)
 * whose scenario is named NAME@KEY=VALUE (harness/sweep.h), with the
 * driver time of each repetition and, where walks.csv exists, the mean
 * iterations and anon_vma lock hold of one rmap walk.
 */
#ifndef KSMBENCH_PLOT_SWEEP_POINTS_H
#define KSMBENCH_PLOT_SWEEP_POINTS_H

#include <stddef.h>
#include "results_read.h"

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
};

/* Points of @run in ascending value per (NAME, driver); -1 on ENOMEM. */
int sweep_points_get(const struct run *run, struct sweep_point **out,
		     size_t *n);
void sweep_points_free(struct sweep_point *p, size_t n);

#endif
