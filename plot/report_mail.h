/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksmbench-report --mail: a comparison to paste into a patch mail as is.
 * Plain text of at most 72 columns, shaped like mmtests' compare output
 * (Min, Median, Amean, Stddev, CoV, Max per kernel with the % change
 * against the baseline), ratios with 95% confidence intervals, the
 * per-walk table where walks.csv exists, how it was measured, and the
 * command that reproduces it.  No local paths.
 */
#ifndef KSMBENCH_PLOT_REPORT_MAIL_H
#define KSMBENCH_PLOT_REPORT_MAIL_H

#include <stddef.h>
#include <stdio.h>
#include "results_read.h"

#define MAIL_COLUMNS	72
/* Flagged in the text: fewer repetitions, more spread than this. */
#define MAIL_N_FLAG	5
#define MAIL_COV_FLAG	0.05

/* The caller has checked runs_comparable().  Returns -1 on ENOMEM. */
int report_mail(FILE *f, const struct run *runs, size_t nruns);

#endif
