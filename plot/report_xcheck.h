/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The report's cross-check of the tracepoint's walks (walks.csv) with the
 * kprobes' (kprobe_walks.csv), per (scenario, driver), kernel and phase,
 * for runs that have both (the same-tree kernels with --kprobe walk or
 * walk_iter): walk counts, walks only one side saw, kprobe durations
 * shorter than the tracepoint's lock hold, iteration counts that differ.
 * walk_xcheck.h says how walks are paired.  The text report adds one
 * machine-readable line per row: "xcheck," then XCHECK_CSV_COLUMNS.
 */
#ifndef KSMBENCH_PLOT_REPORT_XCHECK_H
#define KSMBENCH_PLOT_REPORT_XCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "results_read.h"
#include "run_keys.h"

#define XCHECK_CSV_COLUMNS						\
	"kernel,scenario,driver,phase,tp_walks,kp_walks,paired,tp_only,"	\
	"kp_only,shorter,iter_compared,iter_differ,iter_one_less,"		\
	"granularity_ns"

/* Whether any run has both walks.csv and kprobe_walks.csv. */
bool report_xcheck_any(const struct run *runs, size_t nruns);

/*
 * The section of @pair, with the "xcheck," lines when @machine.  Returns
 * -1 on ENOMEM.
 */
int report_xcheck(FILE *f, const struct run *runs, size_t nruns,
		  const struct pair_key *pair, bool machine);

void report_xcheck_footer(FILE *f, bool machine);

#endif
