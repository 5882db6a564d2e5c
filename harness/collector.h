/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A collector measures around every timed phase, whatever the driver:
 * perf counters, the ksm:ksm_rmap_walk tracepoint, later kprobes.  Each is
 * one file in harness/collectors/ exposing one `struct collector`, and one
 * line in harness/collectors.c.  It declares its metrics; what it cannot
 * count on this machine it names with the reason, and those samples are
 * written as NA.
 */
#ifndef KSMBENCH_COLLECTOR_H
#define KSMBENCH_COLLECTOR_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "metric.h"

#define COLLECT_KTHREADS_MAX 16

/* Whose work a phase is: the measuring thread and the kernel threads the
 * driver drives (kswapd, kcompactd, its own kdamond). */
struct collect_target {
	const struct layout *layout;	/* its scenario: layout->s */
	pid_t self;
	pid_t kthreads[COLLECT_KTHREADS_MAX];
	int nr_kthreads;
};

/* A per-walk value the collector could not measure: written as NA. */
#define COLLECT_WALK_NA	UINT64_MAX

struct collector;
struct layout;
struct opt_desc;

struct collect_out {
	void (*sample)(void *arg, const char *metric, bool valid,
		       uint64_t value);
	/* One rmap walk: vals in the order of c->walk_columns. */
	void (*walk)(void *arg, const struct collector *c, unsigned long n,
		     const uint64_t *vals, int nr);
	void *arg;
};

struct collector {
	const char *name;
	const char *help;
	const struct metric_desc *metrics;	/* NULL-name end */
	const struct opt_desc *options;		/* own keys; NULL-name end */
	/* Per-walk rows: the file in the run directory and its value
	 * columns, after scenario,driver,phase,rep,walk. */
	const char *walk_file;
	const char *walk_columns;
	void (*open)(void);
	/* NULL when `metric` is counted here, else why not. */
	const char *(*unsupported)(const char *metric);
	void (*begin)(const struct collect_target *t);
	void (*end)(const struct collect_out *out);
	void (*close)(void);
};

const struct collector *collector_at(size_t i);
void collectors_open(void);
void collectors_begin(const struct collect_target *t);
void collectors_end(const struct collect_out *out);
void collectors_close(void);

#endif
