/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The text comparison of one or two runs (kernel A, kernel B): per
 * (scenario, driver) the status of each kernel, then per metric the
 * median, min, max, CoV and n of each kernel and, when both are ok, the
 * ratio of medians A/B with a Welch t-test mark.
 */
#ifndef KSMBENCH_PLOT_REPORT_TEXT_H
#define KSMBENCH_PLOT_REPORT_TEXT_H

#include <stddef.h>
#include <stdio.h>
#include "results_read.h"

/* @nruns is 1 or 2.  Returns -1 on ENOMEM. */
int report_text(FILE *f, const struct run *runs, size_t nruns);

/* "**" for p < 0.01, "*" for p < 0.05, "n/s" otherwise, "-" for NAN. */
const char *report_significance(double p);

#endif
