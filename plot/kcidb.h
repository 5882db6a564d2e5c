/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One KCIDB submission (schema v5.0, kernelci/kcidb-io) from run
 * directories: per run one checkout and one build (the kernel), one test per
 * scenario and driver (path ksmbench.SCENARIO.DRIVER, status PASS, FAIL or
 * SKIP) and one per phase and headline metric (path
 * ksmbench.SCENARIO.DRIVER.PHASE.METRIC, status DONE, the median over the
 * repetitions as "number", n and spread in "misc").
 */
#ifndef KSMBENCH_PLOT_KCIDB_H
#define KSMBENCH_PLOT_KCIDB_H

#include <stdio.h>
#include "results_read.h"

/* The origin (CI system name) of every object: [a-z0-9_]+. */
#define KCIDB_ORIGIN	"ksmbench"

/* Writes the submission to @f.  Returns 0, or -1 with a message on stderr. */
int kcidb_write(FILE *f, const struct run *runs, size_t nruns);

#endif
