/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry and return events of a probed function, turned into calls: the
 * duration of each, and how much of each per-thread counter (the
 * interval-tree iterator's calls, the thread's CPU time, cycles,
 * instructions) ran inside it.  No system calls here: the kprobe
 * collector feeds what its ring buffers held, the tests feed synthetic
 * streams.
 *
 * Events may come from several buffers in any order.  Each thread is paired
 * on its own, in time order, with a stack for nested (recursive) calls.
 * What cannot be paired is counted, never guessed: a return with no open
 * call, a call still open at the end, calls open when the thread's buffer
 * lost events.
 */
#ifndef KSMBENCH_WALK_PAIRING_H
#define KSMBENCH_WALK_PAIRING_H

#include <stddef.h>
#include <stdint.h>

#define WP_COUNTERS	5	/* counters each event carries */
#define WP_DEPTH_MAX	16	/* deeper calls are counted, not paired */

enum wp_kind {
	WP_ENTRY,
	WP_RETURN,
	WP_LOST,	/* the thread's buffer dropped events here */
};

struct wp_event {
	uint64_t time;			/* ns */
	uint64_t seq;			/* order of arrival: breaks ties */
	uint32_t tid;
	uint32_t cpu;
	enum wp_kind kind;
	/* The thread's running counter totals at the event. */
	uint64_t count[WP_COUNTERS];
};

struct wp_call {
	uint32_t tid;
	uint32_t cpu_entry, cpu_return;
	unsigned int depth;		/* 0: outermost */
	uint64_t start;
	uint64_t ns;
	/* Counter increments inside this call, nested calls' own excluded. */
	uint64_t count[WP_COUNTERS];
};

struct wp_result {
	struct wp_call *calls;		/* in order of return per thread */
	size_t nr_calls;
	unsigned long unmatched_returns;
	unsigned long unreturned;	/* entries open at the end */
	unsigned long broken;		/* entries open when events were lost */
	unsigned long too_deep;		/* entries past WP_DEPTH_MAX */
	unsigned int max_depth;		/* deepest nesting seen, 0 = none */
};

/* Pairs ev[0..n) (reordered in place).  Returns -1 only out of memory. */
int wp_pair(struct wp_event *ev, size_t n, struct wp_result *r);
void wp_result_free(struct wp_result *r);

#endif
