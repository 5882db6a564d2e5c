/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-walk numbers from the ksm:ksm_rmap_walk tracepoint that the
 * instrumentation patches of kernel-patch/ add: one raw sample per
 * rmap_walk_ksm() call made by the measuring thread, read through libperf's
 * ring buffer after each phase.
 * Fields are found by name in the event's tracefs format file, so the
 * harness does not depend on their order.  Stock kernels lack the event:
 * then everything here is unsupported, with the reason.
 */
#ifndef KSMBENCH_WALK_TRACE_H
#define KSMBENCH_WALK_TRACE_H

#include <stdbool.h>
#include <stdint.h>

enum walk_field {
	WF_ITEMS,
	WF_ITERATIONS,
	WF_SKIP_ADDR,
	WF_SKIP_MM,
	WF_RMAP_ONE,
	WF_LOCK_NS,
	WF_LOCK_MAX_NS,
	WF_NR,
};

struct walk_row {
	uint64_t val[WF_NR];
};

struct walk_phase {
	unsigned long walks;
	unsigned long lost;		/* samples the ring buffer dropped */
	uint64_t sum[WF_NR];
	uint64_t max[WF_NR];
};

void walk_trace_open(void);
/* NULL when per-walk numbers are collected, else why not. */
const char *walk_trace_unsupported(void);
/* Throw away samples from before the phase. */
void walk_trace_begin(void);
/* Read the phase's samples: fn per walk, totals into ph. */
void walk_trace_collect(struct walk_phase *ph,
			void (*fn)(const struct walk_row *row, unsigned long n,
				   void *arg), void *arg);
void walk_trace_close(void);
const char *walk_field_name(enum walk_field f);

#endif
