/* SPDX-License-Identifier: GPL-2.0 */
/*
 * walk_cdf.dat: the distribution of anon_vma lock hold per rmap_walk_ksm()
 * call (walks.csv lock_ns, in us), one block per (scenario, driver) and
 * kernel whose status is ok: sorted values and the fraction of walks at or
 * below each.
 */
#ifndef KSMBENCH_PLOT_WALK_CDF_DAT_H
#define KSMBENCH_PLOT_WALK_CDF_DAT_H

#include <stddef.h>
#include <stdio.h>
#include "results_read.h"

int walk_cdf_dat(FILE *f, const struct run *runs, size_t nruns);

#endif
