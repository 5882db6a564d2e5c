/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The report's section on what the kprobe collector (kprobe_* metrics) and
 * the lock victim (victim_* metrics) measured, per (scenario, driver),
 * phase and kernel: per metric the median, min, max, CoV and n over
 * repetitions, like the driver-time rows.  The victim's rows of each
 * kernel are followed by the same figures of that run's idle driver, the
 * baseline with no walk holding the anon_vma lock.  What is NA is listed
 * per kernel with the reason the run recorded.  At most 72 columns, so the
 * text report and --mail print the same section.
 */
#ifndef KSMBENCH_PLOT_REPORT_PROBES_H
#define KSMBENCH_PLOT_REPORT_PROBES_H

#include <stddef.h>
#include <stdio.h>
#include "results_read.h"
#include "run_keys.h"

/* The driver whose victim figures are every other driver's baseline. */
#define PROBES_BASELINE_DRIVER	"idle"

/* Iterations per walk: kprobe_iterations / kprobe_walks per repetition. */
#define PROBES_ITER_PER_WALK	"kprobe_iter_per_walk"
#define PROBES_WALKS_PER_S	"kprobe_walks_per_s"

/*
 * Prints the section of @pair; nothing when no run has a row of these
 * metrics for it (older runs).  Returns -1 on ENOMEM.
 */
int report_probes(FILE *f, const struct run *runs, size_t nruns,
		  const struct pair_key *pair);

/* Whether any run has a kprobe_* or victim_* row at all. */
bool report_probes_any(const struct run *runs, size_t nruns);

/* What the section's rows mean. */
void report_probes_footer(FILE *f);

#endif
