/* SPDX-License-Identifier: GPL-2.0 */
/* What one `ksmbench run` did, kept for the result files. */
#ifndef KSMBENCH_RUN_H
#define KSMBENCH_RUN_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ksm_merge.h"
#include "ksm_users.h"
#include "layout_math.h"
#include "scenario.h"

#define RUN_MAX_SCENARIOS	32
#define RUN_MAX_DRIVERS		8
#define RUN_REASON_MAX		320
#define KNOB_SNAP_MAX		24
#define RUN_WALK_FILES		4

struct knob_snapshot {
	int nr;
	char name[KNOB_SNAP_MAX][32];
	char val[KNOB_SNAP_MAX][32];
};

struct driver_record {
	const char *name;
	const char *status;		/* "ok", "skip", "fail" */
	char reason[RUN_REASON_MAX];
	unsigned long reps_done;
	const char *stopped;		/* why the repetitions ended */
	double ci_rel;			/* 95% CI half-width / median; NAN */
};

struct scenario_record {
	struct scenario s;
	struct ksm_expect expect;
	long vmas_seen;
	bool merged;
	struct merge_result merge;
	struct knob_snapshot ksm_during;
	struct driver_record drv[RUN_MAX_DRIVERS];
	int nr_drv;
};

struct run {
	char out_dir[PATH_MAX];
	char vm_cmdline[4096];		/* empty on bare metal */
	char started[40];
	char finished[40];
	uint64_t nonce;
	FILE *log;
	FILE *samples;
	FILE *status;
	/* Per-walk rows, one file per collector that writes them. */
	struct walk_file {
		const char *name;
		FILE *f;
	} walk_files[RUN_WALK_FILES];
	int nr_walk_files;
	char last_rep[160];		/* scenario, driver, rep of the last row */
	struct knob_snapshot ksm_before;
	struct ksm_users others_before;	/* other KSM users (ksm_users.h) */
	struct ksm_users others_after;
	struct scenario_record rec[RUN_MAX_SCENARIOS];
	int nr;
	int failures;
};

/* results.c */
int results_open(struct run *run, char *err, size_t errlen);
void results_sample(struct run *run, const char *scenario,
		    const char *driver, const char *phase, unsigned long rep,
		    const char *metric, const char *unit, bool valid,
		    unsigned long long value);
void results_status(struct run *run, const char *scenario,
		    const struct driver_record *d);
/* The per-walk file `name` (walks.csv, kprobe_walks.csv), created with
 * its header on first use; columns follow scenario,driver,phase,rep,walk. */
FILE *results_walk_file(struct run *run, const char *name,
			const char *columns, char *err, size_t errlen);
/* One row; a value of COLLECT_WALK_NA is written as NA. */
void results_walk(struct run *run, FILE *f, const char *scenario,
		  const char *driver, const char *phase, unsigned long rep,
		  unsigned long walk, const uint64_t *vals, int nr);
/* Makes every row written so far survive a crash. */
void results_flush(struct run *run);
/* One RFC 4180 field: quoted when it holds a comma, quote or line break. */
void csv_put_field(FILE *f, const char *s);
/* Closes the files and renames them from NAME.partial into place. */
int results_close(struct run *run);
void utc_now(char *buf, size_t len);

/* metadata.c */
void knob_snapshot_take(struct knob_snapshot *snap);
int metadata_write(const struct run *run, char *err, size_t errlen);

/* runner.c */
void run_scenario(struct run *run, struct scenario_record *rec);

#endif
