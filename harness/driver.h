/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A driver makes the kernel walk the KSM rmaps of a built layout: migration
 * now; reclaim, compaction and memory-failure later.  Each driver is one
 * file exposing one `struct driver`; drivers.c lists them and the runner
 * loops over that table.  The runner times run_phase() alone; verify() runs
 * after it, outside the measured window.
 */
#ifndef KSMBENCH_DRIVER_H
#define KSMBENCH_DRIVER_H

#include <stddef.h>
#include <stdio.h>
#include "layout.h"

struct run_ctx {
	const struct scenario *s;
	const struct layout *layout;
	FILE *log;
	void *priv;		/* the driver's own state */
};

struct phase_stats {
	unsigned long pages_requested;
	unsigned long pages_moved;
	unsigned long pages_failed;	/* still wrong after retries */
	unsigned long verify_failures;	/* found wrong by verify() */
	char detail[256];		/* the first failure, for the log */
};

struct driver {
	const char *name;
	const char *help;
	const char *const *phases;	/* NULL-terminated phase names */
	/* Nonzero when the machine or kernel cannot run it: the reason. */
	int (*check)(char *reason, size_t len);
	int (*setup)(struct run_ctx *ctx, char *err, size_t errlen);
	int (*run_phase)(struct run_ctx *ctx, unsigned int phase,
			 struct phase_stats *st);
	void (*verify)(struct run_ctx *ctx, unsigned int phase,
		       struct phase_stats *st);
	void (*teardown)(struct run_ctx *ctx);
};

extern const struct driver driver_migrate;

const struct driver *driver_find(const char *name);
void driver_list(void (*fn)(const struct driver *d, void *arg), void *arg);

#endif
