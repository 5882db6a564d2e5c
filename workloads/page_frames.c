// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "layout_math.h"
#include "page_frames.h"

#define PM_PRESENT	(1ULL << 63)
#define PM_PFN_MASK	((1ULL << 55) - 1)

uint64_t layout_page_frame(int pm, const struct layout *l, unsigned long page)
{
	uintptr_t va = (uintptr_t)layout_page_addr(l, page);
	uint64_t ent;

	if (pread(pm, &ent, sizeof(ent), va / l->page_size * sizeof(ent)) !=
	    sizeof(ent) || !(ent & PM_PRESENT))
		return 0;
	return ent & PM_PFN_MASK;
}

int ksm_frames_read(const struct layout *l, uint64_t *frames, char *err,
		    size_t errlen)
{
	const struct scenario *s = l->s;
	unsigned long k;
	int pm = open("/proc/self/pagemap", O_RDONLY);

	if (pm < 0) {
		snprintf(err, errlen, "/proc/self/pagemap: %s",
			 strerror(errno));
		return -1;
	}
	for (k = 0; k < s->ksm_pages; k++)
		frames[k] = layout_page_frame(pm, l,
					      layout_ksm_representative(s, k));
	close(pm);
	return 0;
}

int frame_watch_init(struct frame_watch *w, unsigned long n)
{
	w->n = n;
	w->before = calloc(n, sizeof(uint64_t));
	w->after = calloc(n, sizeof(uint64_t));
	if (w->before && w->after)
		return 0;
	frame_watch_free(w);
	return -1;
}

void frame_watch_free(struct frame_watch *w)
{
	free(w->before);
	free(w->after);
	w->before = w->after = NULL;
}

int frame_watch_mark(struct frame_watch *w, const struct layout *l,
		     char *err, size_t errlen)
{
	return ksm_frames_read(l, w->before, err, errlen);
}

long frame_watch_moved(struct frame_watch *w, const struct layout *l,
		       char *err, size_t errlen)
{
	unsigned long k;
	long moved = 0;

	if (ksm_frames_read(l, w->after, err, errlen))
		return -1;
	for (k = 0; k < w->n; k++)
		if (w->after[k] != w->before[k])
			moved++;
	return moved;
}
