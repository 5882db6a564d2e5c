/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Do the tracepoint (walks.csv) and the kprobes (kprobe_walks.csv) describe
 * the same rmap_walk_ksm() calls?  On kernels that have both, every walk
 * should appear in both, its kprobe duration (entry to return) should not
 * be shorter than the lock hold the tracepoint reports, beyond the clocks'
 * granularity, and both should count the same interval-tree iterations.
 *
 * Pairing: both collectors stamp samples with CLOCK_MONOTONIC (perf's
 * use_clockid) and the thread id.  The tracepoint fires inside the walk,
 * at its end, so its time lies within [entry, return] of the kprobe walk
 * of the same thread.  Per thread, the tracepoint walks in time order and
 * the kprobe walks in order of return are merged: a kprobe walk that
 * returned (plus the granularity) before the next tracepoint walk has no
 * tracepoint row; a tracepoint walk stamped (minus the granularity) before
 * the next kprobe walk's entry has no kprobe row; otherwise they pair.
 * One missing walk therefore costs one unpaired row, not a shifted pairing
 * of all that follow.  Nested calls return inner first, so the inner
 * call's tracepoint pairs with it, the outer one's with the outer.
 *
 * Two differences are expected, and told apart rather than hidden: a walk
 * of a folio without a stable node returns before the tracepoint (a
 * kprobe-only walk), and a walk that leaves the tree loop at a node
 * (rmap_one() failed or rwc->done()) makes no last iter_next call, so the
 * kprobes count one iteration less than the tracepoint's nodes visited.
 */
#ifndef KSMBENCH_PLOT_WALK_XCHECK_H
#define KSMBENCH_PLOT_WALK_XCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The tolerance for "shorter than the lock hold" and for the pairing
 * window: both sides are ns timestamps, but lock_ns is taken with the
 * kernel's clock inside the walk and the probes with perf's; 1 us covers
 * the difference between those clock reads.
 */
#define XC_GRANULARITY_NS	1000ULL

struct xc_tp {			/* a walks.csv row */
	uint64_t tid;
	uint64_t time_ns;
	uint64_t lock_ns;
	uint64_t iterations;
};

struct xc_kp {			/* a kprobe_walks.csv row */
	uint64_t tid;
	uint64_t start_ns;
	uint64_t duration_ns;
	uint64_t iterations;
	bool counted;		/* iterations recorded (walk_iter) */
};

struct xc_result {
	size_t tp_walks, kp_walks;
	size_t paired;
	size_t tp_only;		/* tracepoint walks without a kprobe walk */
	size_t kp_only;		/* kprobe walks without a tracepoint walk */
	size_t shorter;		/* paired: duration + granularity < lock_ns */
	size_t iter_compared;	/* paired with counted iterations */
	size_t iter_differ;
	size_t iter_one_less;	/* of those: kprobes one less (early exit) */
};

/*
 * Pairs @tp with @kp (both reordered in place) with tolerance @gran_ns and
 * adds the counts to @r (not cleared: callers sum repetitions).
 */
void xc_compare(struct xc_tp *tp, size_t ntp, struct xc_kp *kp, size_t nkp,
		uint64_t gran_ns, struct xc_result *r);

#endif
