/* SPDX-License-Identifier: GPL-2.0 */
/*
 * driver_time.dat, the data behind driver_time.gp: one row per (scenario,
 * driver) with, per kernel, the median, min, max and n of the driver total
 * wall_time in ms.  The first non-comment line is a header row whose
 * columns 2, 6, 10, ... are the kernels' labels (kernel_label.h), so
 * gnuplot's columnheader() titles the bars with them.  "NaN" marks a
 * kernel whose timing is not valid there (status not ok, or no complete
 * repetition).
 */
#ifndef KSMBENCH_PLOT_DRIVER_TIME_DAT_H
#define KSMBENCH_PLOT_DRIVER_TIME_DAT_H

#include <stddef.h>
#include <stdio.h>
#include "results_read.h"

/* @nruns is 1 to KERNELS_MAX.  Returns -1 on ENOMEM. */
int driver_time_dat(FILE *f, const struct run *runs, size_t nruns);

#endif
