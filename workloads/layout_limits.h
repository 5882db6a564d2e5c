/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The machine's limits a layout must fit in, read once, and the check of
 * one scenario against them (pure, so the tests can feed it limits).
 */
#ifndef KSMBENCH_LAYOUT_LIMITS_H
#define KSMBENCH_LAYOUT_LIMITS_H

#include <stddef.h>
#include "scenario.h"

struct layout_limits {
	unsigned long page_size;
	unsigned long long mem_available;	/* bytes; 0 = unknown */
	unsigned long max_map_count;
};

void layout_limits_read(struct layout_limits *lim);
/* Bytes the scenario's layout needs, all its processes counted. */
unsigned long long layout_memory_need(const struct scenario *s,
				      unsigned long page_size);
/* Mappings one process of the layout needs at its build's peak. */
unsigned long layout_maps_needed(const struct scenario *s);
/* 0 if it fits; else err says what it needs and what there is. */
int layout_limits_check(const struct scenario *s,
			const struct layout_limits *lim, char *err,
			size_t errlen);
/* layout_limits_check() against this machine. */
int layout_fits(const struct scenario *s, char *err, size_t errlen);

#endif
