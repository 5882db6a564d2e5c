/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a comparison iterates over: the (scenario, driver) pairs present in
 * any run and the phases of a pair.  Both come out in the order the harness
 * first wrote them, which follows scenarios.conf, not the alphabet.
 */
#ifndef KSMBENCH_PLOT_RUN_KEYS_H
#define KSMBENCH_PLOT_RUN_KEYS_H

#include <stddef.h>
#include "results_read.h"

struct pair_key {
	const char *scenario;	/* borrowed from the runs */
	const char *driver;
};

/*
 * Pairs of all @nruns runs, each once: the first run's status.csv rows,
 * then its samples, then the next run's.  Returns -1 on ENOMEM.
 */
int keys_pairs(const struct run *runs, size_t nruns, struct pair_key **out,
	       size_t *n);

/* Phases of one pair, each once, appended to @out unless already there. */
int keys_phases(const struct run *run, const struct pair_key *pair,
		const char ***out, size_t *n);

#endif
