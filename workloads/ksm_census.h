/* SPDX-License-Identifier: GPL-2.0 */
/*
 * This process's own view of its KSM sharing, exact even when other
 * processes merge at the same time: each layout page's frame from
 * /proc/self/pagemap, each frame's KSM bit from /proc/kpageflags (root).
 * Distinct KSM frames are our pages_shared; KSM-mapped pages beyond one per
 * frame are our pages_sharing.
 */
#ifndef KSMBENCH_KSM_CENSUS_H
#define KSMBENCH_KSM_CENSUS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "layout.h"

struct ksm_census {
	unsigned long ksm_frames;	/* distinct KSM pages */
	unsigned long ksm_mapped;	/* layout pages mapping a KSM page */
	unsigned long misplaced;	/* shared-content pages not on the
					 * frame of their content's first page */
};

int ksm_census_take(const struct layout *l, struct ksm_census *c, char *err,
		    size_t errlen);
/*
 * The census of another process mapping the layout at the same addresses
 * (pid 0: this one); content_frame (ksm_pages entries, or NULL) gets the
 * frame of each KSM content's first page.
 */
int ksm_census_pid(const struct layout *l, pid_t pid, struct ksm_census *c,
		   uint64_t *content_frame, char *err, size_t errlen);

struct ksm_expect;
/*
 * Every process in l->procs holds the caller's sharing (e, per process) on
 * the caller's frames: 0 yes, 1 no (err names the process), -1 error.
 */
int ksm_census_procs(const struct layout *l, const struct ksm_expect *e,
		     char *err, size_t errlen);

#endif
