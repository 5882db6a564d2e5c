/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-walk part of a sweep (ksmbench-sweep): per kernel, the mean and
 * median over walks of every per-walk series (walks.csv, kprobe_walks.csv)
 * at each point, their log-log slopes against the swept key with Student-t
 * 95% intervals, and the data and fits for plot/sweep_walks.gp.
 */
#ifndef KSMBENCH_PLOT_SWEEP_WALKS_H
#define KSMBENCH_PLOT_SWEEP_WALKS_H

#include <stdbool.h>
#include <stdio.h>
#include "loglog_fit.h"
#include "sweep_points.h"

#define SWEEP_CONF	0.95

/*
 * Slope of the per-point mean (or median) of @ws against the key, over the
 * points with walks; @wmin, @wmax: walks per point used.  As loglog_fit(),
 * and -2 on ENOMEM.
 */
int sweep_walks_fit(const struct sweep_point *p, size_t n,
		    enum walk_series ws, bool median, struct loglog_fit *f,
		    size_t *wmin, size_t *wmax);

/* True when one point of @p has a walk in one per-walk series. */
bool sweep_walks_any(const struct sweep_point *p, size_t n);

/*
 * One kernel's per-walk table and slopes, or the line saying why there are
 * none.  -1 on ENOMEM.
 */
int sweep_walks_print(FILE *out, const struct sweep_point *p, size_t n);

/* sweepwalk_NAME_DRIVER.dat and .fit, one kernel after the other. */
struct sweep_walks_plot {
	FILE *dat, *fit;
	int blocks;		/* data blocks written so far */
	char list[2][256];	/* kernels with iterations, with time */
};

int sweep_walks_plot_kernel(struct sweep_walks_plot *pl, size_t k,
			    const char *label, const struct sweep_point *p,
			    size_t n);
void sweep_walks_plot_end(struct sweep_walks_plot *pl, const char *key,
			  size_t nk);

#endif
