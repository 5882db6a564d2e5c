/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The text comparison of runs, kernel A (the baseline), B, C, ... in the
 * manner of mmtests' compare-kernels: per (scenario, driver) the status of
 * each kernel, then per metric the median, min, max, CoV and n of each
 * kernel and, for each other kernel k that is ok along with A, the ratio
 * of medians A/k with a Welch t-test mark; then the per-walk table.
 */
#ifndef KSMBENCH_PLOT_REPORT_TEXT_H
#define KSMBENCH_PLOT_REPORT_TEXT_H

#include <stddef.h>
#include <stdio.h>
#include "results_read.h"

/* @nruns is 1 to KERNELS_MAX.  Returns -1 on ENOMEM. */
int report_text(FILE *f, const struct run *runs, size_t nruns);

/* "**" for p < 0.01, "*" for p < 0.05, "n/s" otherwise, "-" for NAN. */
const char *report_significance(double p);

#endif
