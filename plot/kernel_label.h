/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How the report names the kernels it compares: a letter (A is the
 * baseline) and a label for the plot.  The label is the kernel release,
 * unless another run has the same release (two local builds of one tree):
 * then it is the name of the directory holding the run directory, which the
 * compare runner names after the kernel variant ("7.3-full").
 */
#ifndef KSMBENCH_PLOT_KERNEL_LABEL_H
#define KSMBENCH_PLOT_KERNEL_LABEL_H

#include <stdbool.h>
#include <stddef.h>
#include "results_read.h"

/* One letter each, A to Z. */
#define KERNELS_MAX	26

char kernel_letter(size_t k);

/* Whether another of the @nruns runs has the release of run @k. */
bool kernel_release_shared(const struct run *runs, size_t nruns, size_t k);

/*
 * The label of run @k in @buf; should two runs still end up with one
 * label, each gets its letter appended, so no two labels are the same.
 */
void kernel_label(const struct run *runs, size_t nruns, size_t k, char *buf,
		  size_t len);

#endif
