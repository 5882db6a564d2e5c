/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The mail's tables: one column per kernel, the baseline first, at most
 * three kernels side by side so a row fits in 72 columns (more kernels
 * make more tables, each starting with the baseline again).  Under each
 * table, one ratio line pair per kernel: median and mean ratios with
 * their bootstrap 95% intervals.
 */
#ifndef KSMBENCH_PLOT_MAIL_TABLE_H
#define KSMBENCH_PLOT_MAIL_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "stats.h"

#define MAIL_KERNELS_PER_TABLE	3

/* What one kernel contributes to one table. */
struct mail_col {
	bool usable;
	const char *why;	/* when not usable: shown instead */
	bool quiet;		/* why was said before the table */
	struct boot_groups g;	/* values grouped by repetition */
	double *v;		/* owned, g.v */
	size_t *start;		/* owned, g.start */
	struct sample_stats st;	/* over all values */
	double p99;
};

enum mail_row {
	ROW_REPS,		/* repetitions */
	ROW_VALUES,		/* values over all repetitions (walks) */
	ROW_MIN,
	ROW_MEDIAN,
	ROW_AMEAN,
	ROW_STDDEV,
	ROW_COV,
	ROW_P99,
	ROW_MAX,
	ROW_NR,
};

struct mail_table {
	const char *title;
	const char *const *labels;	/* per kernel */
	size_t nk;
	struct mail_col *cols;
	unsigned int rows;		/* bit mask of enum mail_row */
	double scale;			/* values are divided by it */
	bool per_rep;			/* groups hold one value each */
	bool ratios;			/* print ratio lines */
};

/* Fills @c->st and @c->p99 from @c->g; -1 on ENOMEM. */
int mail_col_stats(struct mail_col *c);
void mail_col_free(struct mail_col *c);

/* Prints @t; returns -1 on ENOMEM. */
int mail_table_print(FILE *f, const struct mail_table *t);

/* Up to 4 significant digits without exponent where that fits. */
void mail_fmt_num(char *buf, size_t len, double v);

#endif
