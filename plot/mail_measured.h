/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The end of the mail: how the numbers were measured (kernels, machine or
 * QEMU accelerator, ksmbench commit, scenario parameters, KSM census and
 * knobs, the statistics used) and the commands that reproduce them, all
 * from metadata.json and without local paths.
 */
#ifndef KSMBENCH_PLOT_MAIL_MEASURED_H
#define KSMBENCH_PLOT_MAIL_MEASURED_H

#include <stddef.h>
#include <stdio.h>
#include "results_read.h"

void mail_how_measured(FILE *f, const struct run *runs, size_t nruns);
void mail_reproduce(FILE *f, const struct run *runs, size_t nruns);

#endif
