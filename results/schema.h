/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The result files' schema, declared once for the writer (ksmbench) and the
 * reader (ksmbench-report): each CSV file's columns, the per-walk fields
 * with their units, and the metrics of runs written before metadata.json
 * carried a "metrics" array.  results/README.md documents the same.
 */
#ifndef KSMBENCH_RESULTS_SCHEMA_H
#define KSMBENCH_RESULTS_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include "metric.h"

/*
 * 1: status.csv reasons unquoted (the rest of the line), no "metrics".
 * 2: RFC 4180 CSV everywhere, metadata.json "schema_version" and "metrics".
 */
#define SCHEMA_VERSION		2
#define SCHEMA_VERSION_LEGACY	1

enum schema_file {
	SCHEMA_SAMPLES,
	SCHEMA_STATUS,
	SCHEMA_WALKS,
	SCHEMA_KPROBE_WALKS,
	SCHEMA_NFILES,
};

struct schema_column {
	const char *name;
	const char *unit;		/* NULL for key columns */
	enum metric_better better;
	const char *help;
};

struct schema_table {
	const char *file;		/* "samples.csv" */
	const struct schema_column *col;
	int ncols;
	int nkeys;			/* leading columns that identify a row */
	/*
	 * Columns are only ever appended: a file written before the last
	 * ones existed ends earlier, but never before nmin columns.  Its
	 * rows have no value for the rest (read them as NA).
	 */
	int nmin;
};

const struct schema_table *schema_table(enum schema_file f);

/* The header line, "a,b,c", without a line end. */
const char *schema_header(enum schema_file f);

/*
 * walks.csv gained its last columns, the walking thread and the time of
 * the sample, so that the report can pair its walks with kprobe_walks.csv;
 * files written before end at lock_max_ns and are still read.
 */
#define SCHEMA_WALKS_WHEN_COLS	2
/* The header of a walks.csv written before: without those columns. */
const char *schema_walks_header_old(void);

/*
 * How many columns a file whose header is @line (no line end) holds: the
 * declared ones or, for a file written by an older ksmbench, the first
 * nmin or more of them.  -1 for anything else.
 */
int schema_header_columns(enum schema_file f, const char *line);

/* The metric driver time is measured by: every phase writes it. */
#define SCHEMA_TIME_METRIC	"wall_time"

/*
 * The text report's rows, NULL-terminated: times that add up over phases
 * (per phase and total), then counts of what went wrong (total).  Their
 * units come from the run's declarations.
 */
extern const char *const schema_report_times[];
extern const char *const schema_report_counts[];

/*
 * The metrics of a schema 1 run (no "metrics" array in its metadata.json),
 * as that version of ksmbench wrote them; NULL-terminated.
 */
extern const struct metric_desc schema_v1_metrics[];

const char *schema_better_name(enum metric_better b);
/* -1 when @name is none of "lower", "higher", "none". */
int schema_better_parse(const char *name, enum metric_better *b);

#endif
