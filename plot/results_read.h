/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One run directory (results/README.md) loaded into memory: every row of
 * samples.csv, status.csv and (when present) walks.csv, checked strictly,
 * plus the few metadata.json values the report prints.
 */
#ifndef KSMBENCH_PLOT_RESULTS_READ_H
#define KSMBENCH_PLOT_RESULTS_READ_H

#include <stdbool.h>
#include <stddef.h>
#include "walks_read.h"

enum metric_unit {
	UNIT_NS,
	UNIT_COUNT,
};

enum run_status {
	STATUS_OK,
	STATUS_SKIP,
	STATUS_FAIL,
};

struct sample {
	const char *scenario;	/* these point into @row */
	const char *driver;
	const char *phase;
	const char *metric;
	unsigned long rep;
	enum metric_unit unit;
	bool na;
	unsigned long long value;	/* valid unless @na */
	unsigned long line;	/* in samples.csv; also orders the output */
	char *row;
};

struct status_entry {
	const char *scenario;	/* these point into @row */
	const char *driver;
	const char *reason;	/* "" when the harness gave none */
	enum run_status status;
	unsigned long line;
	char *row;
};

struct run {
	char *dir;
	char *release;		/* kernel.release, else the directory's name */
	bool release_from_dir;
	char *parent;		/* name of the directory holding @dir */
	char *tool;		/* "ksmbench VERSION (COMMIT)", or NULL */
	char *accel;		/* vm.accelerator: kvm, tcg, none; or NULL */
	char *unsupported;	/* perf.unsupported, "event: why" per line */
	/* Sorted by scenario, driver, phase, metric, rep. */
	struct sample *samples;
	size_t nsamples;
	struct status_entry *statuses;	/* in file order */
	size_t nstatuses;
	struct walk_table walks;
};

/*
 * Loads @dir into @run.  On bad input returns -1 with "FILE:LINE: what"
 * in @err; @run is then already freed.
 */
int run_load(const char *dir, struct run *run, char *err, size_t errlen);
void run_free(struct run *run);

const struct status_entry *run_find_status(const struct run *run,
					   const char *scenario,
					   const char *driver);
/* Timing counts only for a pair whose status row says ok. */
bool run_timing_valid(const struct run *run, const char *scenario,
		      const char *driver);
const char *run_status_name(enum run_status status);
const char *metric_unit_name(enum metric_unit unit);

#endif
