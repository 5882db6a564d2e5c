// SPDX-License-Identifier: GPL-2.0
/*
 * split: one anonymous mapping, faulted in whole, then cut into N VMAs of P
 * pages by unmapping one guard page after each.  The anon_vma is created by
 * the first fault, before any cut, so every piece keeps that one anon_vma
 * and the interval tree holds N nodes keyed by their original pgoff.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "layout.h"
#include "layout_math.h"

/* On a reservation of N * (P + 1) pages made by layout_reserve(). */
int layout_split_shape(struct layout *l, char *err, size_t errlen)
{
	const struct scenario *s = l->s;
	size_t stride = (s->pages_per_vma + 1) * l->page_size;
	unsigned long v, page;

	for (v = 0; v < s->vmas; v++)
		l->vma_start[v] = l->reserve + v * stride;
	for (page = 0; page < layout_total_pages(s); page++)
		layout_fill_page(l, page);
	if (madvise(l->reserve, l->reserve_len, MADV_MERGEABLE)) {
		snprintf(err, errlen, "madvise(MADV_MERGEABLE): %s",
			 strerror(errno));
		return -1;
	}
	for (v = 0; v < s->vmas; v++) {
		char *guard = l->vma_start[v] + s->pages_per_vma * l->page_size;

		if (munmap(guard, l->page_size)) {
			snprintf(err, errlen, "munmap of guard page %lu: %s",
				 v, strerror(errno));
			return -1;
		}
	}
	return 0;
}

static int split_build(struct layout *l, char *err, size_t errlen)
{
	const struct scenario *s = l->s;

	if (layout_reserve(l, s->vmas * (s->pages_per_vma + 1), err, errlen))
		return -1;
	return layout_split_shape(l, err, errlen);
}

const struct layout_ops layout_split = {
	.name = "split",
	.help = "one mapping cut into N VMAs of P pages by guard holes; "
		"all VMAs keep one anon_vma",
	.build = split_build,
};
