/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where every mapping of the layout's KSM contents is, in every process
 * that maps the layout: resident (and whether on a KSM frame) or a swap
 * entry, from /proc/PID/pagemap and /proc/kpageflags.  A KSM page counts as
 * swapped out only when every one of its mappings is in swap: a walk that
 * misses a mapping leaves the page mapped there, and reclaim cannot free it.
 */
#ifndef KSMBENCH_SWAP_CENSUS_H
#define KSMBENCH_SWAP_CENSUS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "layout.h"

struct swap_census {
	unsigned long mappings;		/* of KSM contents, seen */
	unsigned long swapped;		/* ... that are swap entries */
	unsigned long resident;		/* ... that are present */
	unsigned long resident_ksm;	/* ... present on a KSM frame */
	unsigned long absent;		/* ... neither (never faulted) */
	/* Contents with every mapping in swap, and with every one present. */
	unsigned long contents_swapped;
	unsigned long contents_resident;
	/* Per content, filled by swap_census_add(). */
	unsigned long *nr_swapped, *nr_resident, *nr_seen;
	unsigned long nr_contents;
};

int swap_census_init(struct swap_census *c, const struct scenario *s);
/*
 * Add one process's view (pid 0: this one).  With ksm_flags, look up each
 * resident frame's KSM bit too (one read per mapping: slower).
 */
int swap_census_add(struct swap_census *c, const struct layout *l, pid_t pid,
		    bool ksm_flags, char *err, size_t errlen);
/* Fill contents_swapped and contents_resident from the per-content counts. */
void swap_census_finish(struct swap_census *c);
/* Is every mapping of content k in swap (resident)? After finish(). */
bool swap_census_content_swapped(const struct swap_census *c, unsigned long k);
bool swap_census_content_resident(const struct swap_census *c,
				  unsigned long k);
void swap_census_free(struct swap_census *c);

#endif
