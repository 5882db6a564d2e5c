/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-walk part of the text report, from walks.csv: per (scenario,
 * driver) a "per rmap_walk_ksm() call" table with, per kernel, the number
 * of walks and the mean, nearest-rank p99 and maximum of each tracepoint
 * field over them, and the baseline's ratio of means for iterations and
 * lock hold time.  This is the table that backs (or refutes) a claim like
 * "iterations 22,169 -> 3; lock hold 228.65 ms -> 0.396 ms".
 */
#ifndef KSMBENCH_PLOT_REPORT_WALKS_H
#define KSMBENCH_PLOT_REPORT_WALKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "results_read.h"
#include "run_keys.h"

/* Whether any run has walks.csv; without, the section is left out. */
bool report_walks_any(const struct run *runs, size_t nruns);

/* The header line of one kernel: how many walks, or why none. */
void report_walks_availability(FILE *f, const struct run *run);

/* The section of @pair.  Returns -1 on ENOMEM. */
int report_walks(FILE *f, const struct run *runs, size_t nruns,
		 const struct pair_key *pair);

/* What the section's columns mean. */
void report_walks_footer(FILE *f, size_t nruns);

#endif
