// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include "schema.h"

#define KEY(n, h)	{ .name = n, .better = BETTER_NONE, .help = h }
#define LOWER(n, u, h)	{ .name = n, .unit = u, .better = BETTER_LOWER, .help = h }
#define NCOLS(a)	((int)(sizeof(a) / sizeof((a)[0])))

static const struct schema_column samples_cols[] = {
	KEY("scenario", "scenario name (workloads/scenarios.conf), or custom"),
	KEY("driver", "the driver that triggered the rmap walks"),
	KEY("phase", "the driver's phase"),
	KEY("rep", "repetition number, from 1"),
	KEY("metric", "metric name, declared in metadata.json \"metrics\""),
	KEY("unit", "the metric's unit, as declared"),
	KEY("value", "a non-negative integer, or NA when not counted"),
};

static const struct schema_column status_cols[] = {
	KEY("scenario", "as in samples.csv"),
	KEY("driver", "as in samples.csv"),
	KEY("status", "ok, skip or fail"),
	KEY("reason", "why skip or fail; empty for ok"),
};

static const struct schema_column walks_cols[] = {
	KEY("scenario", "as in samples.csv"),
	KEY("driver", "as in samples.csv"),
	KEY("phase", "as in samples.csv"),
	KEY("rep", "as in samples.csv"),
	KEY("walk", "1, 2, ... within (scenario, driver, phase, rep)"),
	{ .name = "items", .unit = "count", .better = BETTER_NONE,
	  .help = "rmap_items visited (both passes)" },
	LOWER("iterations", "count", "anon_vma interval-tree nodes visited"),
	LOWER("skip_addr", "count",
	      "nodes skipped: rmap_item address outside the VMA"),
	LOWER("skip_mm", "count", "nodes skipped: VMA of another mm"),
	{ .name = "rmap_one", .unit = "count", .better = BETTER_NONE,
	  .help = "rwc->rmap_one() calls" },
	LOWER("lock_ns", "ns", "total anon_vma read-lock hold in the walk"),
	LOWER("lock_max_ns", "ns", "longest single anon_vma lock hold"),
	/* SCHEMA_WALKS_WHEN_COLS: absent in files written before. */
	KEY("tid", "the thread that walked"),
	{ .name = "time_ns", .unit = "ns", .better = BETTER_NONE,
	  .help = "CLOCK_MONOTONIC of the tracepoint (at the walk's end)" },
};

static const struct schema_column kprobe_walks_cols[] = {
	KEY("scenario", "as in samples.csv"),
	KEY("driver", "as in samples.csv"),
	KEY("phase", "as in samples.csv"),
	KEY("rep", "as in samples.csv"),
	KEY("walk", "1, 2, ... within (scenario, driver, phase, rep)"),
	KEY("tid", "the thread that walked"),
	KEY("cpu_entry", "the CPU of the entry"),
	KEY("cpu_return", "the CPU of the return"),
	KEY("depth", "0 for an outermost call, more for a nested one"),
	{ .name = "start_ns", .unit = "ns", .better = BETTER_NONE,
	  .help = "CLOCK_MONOTONIC at entry" },
	LOWER("duration_ns", "ns",
	      "return minus entry (includes the probes' own cost)"),
	{ .name = "tree_searches", .unit = "count", .better = BETTER_NONE,
	  .help = "interval-tree iter_first calls in the walk; NA without "
		  "walk_iter" },
	LOWER("iterations", "count",
	      "interval-tree iter_next calls in the walk; NA without "
	      "walk_iter"),
	/* Appended: files written before end at iterations (nmin). */
	LOWER("task_clock_ns", "ns",
	      "CPU time of the walking thread in the walk (task clock: "
	      "leaves out time it was preempted); nested walks' own left out"),
	LOWER("cycles", "count",
	      "CPU cycles of the walking thread in the walk; NA without a PMU "
	      "(metadata.json perf.unsupported kprobe_walk_cycles_mean says "
	      "why)"),
	LOWER("instructions", "count",
	      "instructions of the walking thread in the walk; NA without a "
	      "PMU (perf.unsupported kprobe_walk_instructions_mean says why)"),
};

static const struct schema_table tables[SCHEMA_NFILES] = {
	[SCHEMA_SAMPLES] = { "samples.csv", samples_cols, NCOLS(samples_cols),
			     4, NCOLS(samples_cols) },
	[SCHEMA_STATUS] = { "status.csv", status_cols, NCOLS(status_cols), 2,
			    NCOLS(status_cols) },
	[SCHEMA_WALKS] = { "walks.csv", walks_cols, NCOLS(walks_cols), 5,
			   NCOLS(walks_cols) - SCHEMA_WALKS_WHEN_COLS },
	/* Runs before task_clock_ns, cycles, instructions lack those 3. */
	[SCHEMA_KPROBE_WALKS] = { "kprobe_walks.csv", kprobe_walks_cols,
				  NCOLS(kprobe_walks_cols), 5,
				  NCOLS(kprobe_walks_cols) - 3 },
};

const struct metric_desc schema_v1_metrics[] = {
	{ "wall_time", "ns", BETTER_LOWER, "CLOCK_MONOTONIC around the phase" },
	{ "task_clock", "ns", BETTER_LOWER,
	  "perf task-clock of the measuring thread" },
	{ "context_switches", "count", BETTER_LOWER, "perf context switches" },
	{ "page_faults", "count", BETTER_LOWER, "perf page faults" },
	{ "cycles", "count", BETTER_LOWER, "perf hardware cycles" },
	{ "instructions", "count", BETTER_LOWER, "perf hardware instructions" },
	{ "migrate_events", "count", BETTER_NONE,
	  "migrate:mm_migrate_pages tracepoint hits" },
	{ "pages_requested", "count", BETTER_NONE, "pages asked to move" },
	{ "pages_moved", "count", BETTER_NONE, "pages that moved" },
	{ "pages_failed", "count", BETTER_LOWER,
	  "pages left on the wrong node after the retries" },
	{ "verify_failures", "count", BETTER_LOWER,
	  "layout pages wrong after the phase" },
	{ "rmap_walks", "count", BETTER_NONE, "ksm_rmap_walk samples" },
	{ "rmap_walks_lost", "count", BETTER_LOWER,
	  "walks the ring buffer dropped" },
	{ "walk_items", "count", BETTER_LOWER, "sum of walks.csv items" },
	{ "walk_iterations", "count", BETTER_LOWER,
	  "sum of walks.csv iterations" },
	{ "walk_skip_addr", "count", BETTER_LOWER, "sum of skip_addr" },
	{ "walk_skip_mm", "count", BETTER_LOWER, "sum of skip_mm" },
	{ "walk_rmap_one", "count", BETTER_NONE, "sum of rmap_one" },
	{ "walk_lock_ns", "ns", BETTER_LOWER, "sum of lock_ns" },
	{ "walk_lock_max_ns", "ns", BETTER_LOWER, "largest lock_max_ns" },
	{ NULL, NULL, BETTER_NONE, NULL },
};

const char *const schema_report_times[] = {
	SCHEMA_TIME_METRIC, "task_clock", NULL,
};

const char *const schema_report_counts[] = {
	"pages_failed", "verify_failures", NULL,
};

const struct schema_table *schema_table(enum schema_file f)
{
	return &tables[f];
}

int schema_header_columns(enum schema_file f, const char *line)
{
	const struct schema_table *t = &tables[f];
	size_t len;
	int i;

	for (i = 0; i < t->ncols && (!i || *line); i++) {
		if (i && *line++ != ',')
			return -1;
		len = strlen(t->col[i].name);
		if (strncmp(line, t->col[i].name, len))
			return -1;
		line += len;
		if (*line && *line != ',')
			return -1;
	}
	if (*line || i < t->nmin)
		return -1;
	return i;
}

const char *schema_header(enum schema_file f)
{
	static char header[SCHEMA_NFILES][512];
	const struct schema_table *t = &tables[f];
	size_t len = 0;
	int i;

	if (header[f][0])
		return header[f];
	for (i = 0; i < t->ncols; i++)
		len += snprintf(header[f] + len, sizeof(header[f]) - len,
				"%s%s", i ? "," : "", t->col[i].name);
	return header[f];
}

const char *schema_walks_header_old(void)
{
	static char header[256];
	const struct schema_table *t = &tables[SCHEMA_WALKS];
	size_t len = 0;
	int i;

	if (header[0])
		return header;
	for (i = 0; i < t->ncols - SCHEMA_WALKS_WHEN_COLS; i++)
		len += snprintf(header + len, sizeof(header) - len, "%s%s",
				i ? "," : "", t->col[i].name);
	return header;
}

static const char *const better_names[] = {
	[BETTER_LOWER] = "lower",
	[BETTER_HIGHER] = "higher",
	[BETTER_NONE] = "none",
};

const char *schema_better_name(enum metric_better b)
{
	return better_names[b];
}

int schema_better_parse(const char *name, enum metric_better *b)
{
	int i;

	for (i = 0; i < NCOLS(better_names); i++) {
		if (!strcmp(name, better_names[i])) {
			*b = i;
			return 0;
		}
	}
	return -1;
}
