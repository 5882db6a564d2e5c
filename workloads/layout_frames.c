// SPDX-License-Identifier: GPL-2.0
/*
 * Which pages two processes of a layout share before merging: forked
 * children share every frame with the parent until something writes;
 * processes that faulted their own pages share none.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "layout.h"
#include "layout_math.h"

/* Frame of a page in the pagemap pm, 0 when not present. */
static uint64_t frame_in(int pm, const struct layout *l, unsigned long page)
{
	uintptr_t va = (uintptr_t)layout_page_addr(l, page);
	uint64_t ent;

	if (pread(pm, &ent, sizeof(ent), va / l->page_size * sizeof(ent)) !=
	    sizeof(ent) || !(ent >> 63))
		return 0;
	return ent & ((1ULL << 55) - 1);
}

int layout_frames_shared(const struct layout *l, pid_t pid, long *shared,
			 char *err, size_t errlen)
{
	unsigned long i, total = layout_total_pages(l->s);
	char path[64];
	int pm, mine;
	uint64_t a;

	snprintf(path, sizeof(path), "/proc/%d/pagemap", (int)pid);
	mine = open("/proc/self/pagemap", O_RDONLY);
	pm = open(path, O_RDONLY);
	*shared = 0;
	if (pm < 0 || mine < 0) {
		snprintf(err, errlen, "cannot open %s: %s", path,
			 strerror(errno));
		*shared = -1;
		goto out;
	}
	for (i = 0; i < total; i++) {
		a = frame_in(mine, l, i);
		if (a && a == frame_in(pm, l, i))
			++*shared;
	}
out:
	if (pm >= 0)
		close(pm);
	if (mine >= 0)
		close(mine);
	return *shared < 0 ? -1 : 0;
}
