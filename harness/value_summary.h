/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Percentiles of per-call values (walk durations, a victim's syscall
 * times): nearest rank, as the report computes them from walks.csv, so a
 * figure printed by a run and one recomputed from its rows agree.
 */
#ifndef KSMBENCH_VALUE_SUMMARY_H
#define KSMBENCH_VALUE_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

struct value_summary {
	size_t n;
	uint64_t p50, p90, p99, max;
	uint64_t total;
};

/* Sorts v[0..n) in place; all zero when n is 0. */
void value_summarize(uint64_t *v, size_t n, struct value_summary *s);
/* Values of sorted v[0..n) strictly above limit. */
size_t value_count_above(const uint64_t *sorted, size_t n, uint64_t limit);

#endif
