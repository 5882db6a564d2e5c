// SPDX-License-Identifier: GPL-2.0
/*
 * Which pages two processes of a layout share before merging: forked
 * children share every frame with the parent until something writes;
 * processes that faulted their own pages share none.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "layout.h"
#include "layout_math.h"
#include "page_frames.h"

#define KPF_KSM	21

static bool is_ksm(int kf, uint64_t frame)
{
	uint64_t flags;

	return pread(kf, &flags, sizeof(flags), frame * sizeof(flags)) ==
	       sizeof(flags) && (flags & (1ULL << KPF_KSM));
}

int layout_frames_shared(const struct layout *l, pid_t pid, long *shared,
			 long *private_pages, char *err, size_t errlen)
{
	unsigned long i, total = layout_total_pages(l->s);
	int pm, mine, kf = -1;
	uint64_t a, b;
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/pagemap", (int)pid);
	mine = open("/proc/self/pagemap", O_RDONLY);
	pm = open(path, O_RDONLY);
	kf = open("/proc/kpageflags", O_RDONLY);
	*shared = *private_pages = 0;
	if (pm < 0 || mine < 0 || kf < 0) {
		snprintf(err, errlen, "cannot open %s or /proc/kpageflags: %s",
			 path, strerror(errno));
		*shared = -1;
		goto out;
	}
	for (i = 0; i < total; i++) {
		a = layout_page_frame(mine, l, i);
		b = layout_page_frame(pm, l, i);
		/* A ksmd someone else runs may merge before we look. */
		if (!a || !b || is_ksm(kf, a) || is_ksm(kf, b))
			continue;
		++*private_pages;
		if (a == b)
			++*shared;
	}
out:
	if (pm >= 0)
		close(pm);
	if (mine >= 0)
		close(mine);
	if (kf >= 0)
		close(kf);
	return *shared < 0 ? -1 : 0;
}
