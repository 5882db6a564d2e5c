/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where this process's KSM pages are: the frame of each KSM content's
 * representative page, from /proc/self/pagemap (root sees frame numbers).
 */
#ifndef KSMBENCH_PAGE_FRAMES_H
#define KSMBENCH_PAGE_FRAMES_H

#include <stdint.h>
#include "layout.h"

/* frames[k] for k < ksm_pages; 0 where the page is not present. */
int ksm_frames_read(const struct layout *l, uint64_t *frames, char *err,
		    size_t errlen);

#endif
