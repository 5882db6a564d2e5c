/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Counters of the measuring thread, through libperf: software events always,
 * hardware events where the machine has a PMU, and the migrate tracepoint
 * where tracefs exposes it.  An event that cannot be opened is kept as
 * unsupported with the reason, and its samples are written as NA.
 */
#ifndef KSMBENCH_PERF_COUNTERS_H
#define KSMBENCH_PERF_COUNTERS_H

#include <stdbool.h>
#include <stdint.h>

enum pc_event {
	PC_TASK_CLOCK,
	PC_CONTEXT_SWITCHES,
	PC_PAGE_FAULTS,
	PC_CYCLES,
	PC_INSTRUCTIONS,
	PC_MIGRATE_EVENTS,
	PC_NR,
};

struct pc_values {
	uint64_t val[PC_NR];
	bool valid[PC_NR];
};

void perf_counters_open(void);
void perf_counters_read(struct pc_values *v);
void perf_counters_close(void);
const char *perf_counter_name(enum pc_event e);
const char *perf_counter_unit(enum pc_event e);
/* NULL when the event is counted, else why not. */
const char *perf_counter_unsupported(enum pc_event e);
/* Undo what opening changed (a tracefs mount); async-signal-safe. */
void perf_counters_restore(void);

#endif
