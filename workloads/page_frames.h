/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where this process's KSM pages are: the frame of each KSM content's
 * representative page, from /proc/self/pagemap (root sees frame numbers).
 */
#ifndef KSMBENCH_PAGE_FRAMES_H
#define KSMBENCH_PAGE_FRAMES_H

#include <stdint.h>
#include "layout.h"

/* Frame of layout page `page` in the open pagemap pm; 0 when not present. */
uint64_t layout_page_frame(int pm, const struct layout *l, unsigned long page);
/* frames[k] for k < ksm_pages; 0 where the page is not present. */
int ksm_frames_read(const struct layout *l, uint64_t *frames, char *err,
		    size_t errlen);

/* Frames of the KSM pages before a phase, to tell which ones moved. */
struct frame_watch {
	uint64_t *before, *after;
	unsigned long n;
};

int frame_watch_init(struct frame_watch *w, unsigned long n);
void frame_watch_free(struct frame_watch *w);
int frame_watch_mark(struct frame_watch *w, const struct layout *l,
		     char *err, size_t errlen);
/* KSM pages on another frame than at the mark; -1 with err on error. */
long frame_watch_moved(struct frame_watch *w, const struct layout *l,
		       char *err, size_t errlen);

#endif
