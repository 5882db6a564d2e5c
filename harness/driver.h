/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A driver makes the kernel walk the KSM rmaps of a built layout.  Each
 * driver is one file in harness/drivers/ exposing one `struct driver`, and
 * one line in harness/drivers.c; the runner loops over that table.
 *
 * A driver declares what it needs (check()), its own scenario options and
 * metrics, and the kernel threads whose work it triggers.  For each driver
 * the runner builds a fresh layout (after prepare_layout(), so a driver can
 * put the builder into a cgroup first), merges it, forks the children, and
 * then runs the repetitions: prepare_phase() untimed, run_phase() timed,
 * verify() untimed, then the runner's own check of every process.  A driver
 * whose phases undo the merge (reclaim, offline) sets DRV_REMERGE: the
 * runner merges again between repetitions, outside the measured window.
 */
#ifndef KSMBENCH_DRIVER_H
#define KSMBENCH_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "layout.h"
#include "metric.h"
#include "options.h"

struct children;

struct run_ctx {
	const struct scenario *s;
	const struct layout *layout;
	const struct children *kids;
	FILE *log;
	void *priv;		/* the driver's own state */
};

/* One phase's outcome; val[] follows the driver's metric table. */
struct phase_stats {
	uint64_t val[METRIC_MAX];
	bool valid[METRIC_MAX];
	unsigned long failures;		/* pages the driver left wrong */
	unsigned long verify_failures;	/* found wrong by a verifier */
	/* Nothing the phase did walked an rmap (compaction moved no page):
	 * the time is recorded as "walked nothing", never as fast. */
	bool walked_nothing;
	char nothing[160];		/* why it walked nothing */
	/* 1 + the KSM content the phase poisoned: no process may read it
	 * again (it would SIGBUS); 0 for none. */
	unsigned long poisoned;
	char detail[256];		/* the first failure, for the log */
};

enum driver_flags {
	DRV_REMERGE = 1 << 0,		/* phases undo the merge */
	DRV_DESTRUCTIVE = 1 << 1,	/* refused on bare metal unless asked */
	DRV_FRESH_LAYOUT = 1 << 2,	/* a new layout for every repetition */
	/* Walks nothing by design (a baseline): not a skip for that. */
	DRV_BASELINE = 1 << 3,
	/* With DRV_REMERGE: the phases gave the children pages of their own
	 * (swap-in copies every mapping), which KSM would merge with their
	 * own rmap_items.  The runner ends the children before merging again
	 * and forks new ones after, so they map the KSM pages by inheritance
	 * as in the first repetition. */
	DRV_REFORK = 1 << 4,
};

struct driver {
	const char *name;
	const char *help;
	const char *const *phases;		/* NULL-terminated */
	const struct opt_desc *options;		/* own keys; NULL-name end */
	const struct metric_desc *metrics;	/* own metrics; NULL-name end */
	unsigned int flags;
	/* Phases (bit i = phases[i]) after which the runner must not read
	 * the pages back (it would undo them: reclaim's out), and after
	 * which every mapping of a KSM content must share one frame. */
	unsigned int readback_skip;
	unsigned int frame_check;
	/* Nonzero when the machine, kernel or scenario cannot run it. */
	int (*check)(const struct scenario *s, char *reason, size_t len);
	/* Untimed, before the layout is built.  This and setup() return
	 * < 0 for a failure, > 0 for a skip (the machine said no), with the
	 * reason in err. */
	int (*prepare_layout)(struct run_ctx *ctx, char *err, size_t errlen);
	int (*setup)(struct run_ctx *ctx, char *err, size_t errlen);
	/* Untimed, before each phase. */
	int (*prepare_phase)(struct run_ctx *ctx, unsigned int phase,
			     char *err, size_t errlen);
	int (*run_phase)(struct run_ctx *ctx, unsigned int phase,
			 struct phase_stats *st);
	void (*verify)(struct run_ctx *ctx, unsigned int phase,
		       struct phase_stats *st);
	void (*teardown)(struct run_ctx *ctx);
	/* Kernel threads doing the driver's work (kswapd, kdamond.N). */
	int (*kthreads)(struct run_ctx *ctx, pid_t *tids, int max);
};

/* Set metric `name` of a driver's table; ignores unknown names. */
void phase_set(const struct metric_desc *metrics, struct phase_stats *st,
	       const char *name, uint64_t val);
struct frame_watch;
/*
 * After a phase that should move the KSM pages: sets the "ksm_pages_moved"
 * metric and walked_nothing; returns how many moved, -1 on error (noted).
 */
long phase_frames_moved(struct frame_watch *w, const struct run_ctx *ctx,
			const struct metric_desc *metrics,
			struct phase_stats *st);
/* Record the first failure in detail; counts verify failures. */
void phase_note_failure(struct phase_stats *st, unsigned long page,
			const char *what);

const struct driver *driver_find(const char *name);
/* The i-th driver of the table, NULL past the end. */
const struct driver *driver_at(size_t i);
void driver_list(void (*fn)(const struct driver *d, void *arg), void *arg);

#endif
