/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One run directory (results/README.md) loaded into memory: every row of
 * samples.csv, status.csv and (when present) walks.csv, checked strictly,
 * plus metadata.json (parsed by jansson) and the metrics it declares.
 */
#ifndef KSMBENCH_PLOT_RESULTS_READ_H
#define KSMBENCH_PLOT_RESULTS_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>
#include "metric.h"
#include "kprobe_walks_read.h"
#include "walks_read.h"

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
	const char *unit;	/* as declared for the metric */
	unsigned long rep;
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
	json_t *meta;		/* metadata.json; NULL when the run has none */
	int schema_version;	/* SCHEMA_VERSION_LEGACY without the key */
	/* metadata.json "metrics", or schema_v1_metrics for schema 1 */
	struct metric_desc *metrics;
	size_t nmetrics;
	/* Sorted by scenario, driver, phase, metric, rep. */
	struct sample *samples;
	size_t nsamples;
	struct status_entry *statuses;	/* in file order */
	size_t nstatuses;
	struct walk_table walks;
	struct kprobe_walk_table kwalks;	/* kprobe_walks.csv */
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
/* What the run declares about @name, or NULL. */
const struct metric_desc *run_metric(const struct run *run, const char *name);
/* The params object of scenario @name in metadata.json, or NULL. */
json_t *run_scenario_meta(const struct run *run, const char *name);

#endif
