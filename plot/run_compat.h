/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whether runs may be compared at all: every scenario they share must have
 * run with the same parameters and reached the same KSM state before the
 * drivers ran (the census in metadata.json "observed").  Otherwise a ratio
 * would compare two different workloads.
 */
#ifndef KSMBENCH_PLOT_RUN_COMPAT_H
#define KSMBENCH_PLOT_RUN_COMPAT_H

#include <stddef.h>
#include "results_read.h"

/* 0 when comparable; -1 with the reason in @why. */
int runs_comparable(const struct run *runs, size_t nruns, char *why,
		    size_t len);

#endif
