/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every plot ksmbench-report draws, declared once: a data writer that
 * turns the runs into NAME.dat, and the gnuplot script plot/NAME.gp that
 * turns NAME.dat into NAME.png and NAME.svg.  Adding a plot is one data
 * writer, one script and one line in plots.c.
 */
#ifndef KSMBENCH_PLOT_PLOTS_H
#define KSMBENCH_PLOT_PLOTS_H

#include <stddef.h>
#include <stdio.h>
#include "results_read.h"

struct plot_desc {
	const char *name;	/* NAME.dat, plot/NAME.gp, NAME.png/.svg */
	const char *help;
	/* Writes NAME.dat; -1 on ENOMEM. */
	int (*write_dat)(FILE *f, const struct run *runs, size_t nruns);
};

/* The i-th declared plot, or NULL past the last. */
const struct plot_desc *plot_at(size_t i);

/* The formats every plot is drawn in: gnuplot's `term` and the suffix. */
extern const char *const plot_formats[];

/*
 * Writes every NAME.dat into @outdir and runs gnuplot on plot/NAME.gp for
 * each format; the scripts are looked up in @gp_dir.  Returns 0 when every
 * declared plot was drawn, -1 after naming what failed on stderr.
 */
int plots_draw(const char *outdir, const char *gp_dir,
	       const struct run *runs, size_t nruns);

#endif
