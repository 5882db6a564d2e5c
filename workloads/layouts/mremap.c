// SPDX-License-Identifier: GPL-2.0
/*
 * mremap: the split layout, then every VMA moved with mremap() to a second
 * region before merging.  mremap() keeps vm_pgoff, so each VMA's key in the
 * anon_vma tree (and its pages' index) still says where it was first
 * mapped, while rmap_items record where it is now.  A walk bounded by the
 * stored linear index finds these VMAs; one bounded by address >> PAGE_SHIFT
 * misses all of them, and migration leaves the KSM pages behind.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "layout.h"

static int mremap_build(struct layout *l, char *err, size_t errlen)
{
	const struct scenario *s = l->s;
	size_t vlen = s->pages_per_vma * l->page_size;
	size_t stride = vlen + l->page_size;
	char *dest, *old_reserve;
	unsigned long v;
	void *p;

	if (layout_split.build(l, err, errlen))
		return -1;
	old_reserve = l->reserve;
	/* A placeholder, so the moves land in one region no one else uses. */
	dest = mmap(NULL, l->reserve_len, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (dest == MAP_FAILED) {
		snprintf(err, errlen, "mmap of the mremap target: %s",
			 strerror(errno));
		return -1;
	}
	l->reserve = dest;
	for (v = 0; v < s->vmas; v++) {
		p = mremap(l->vma_start[v], vlen, vlen,
			   MREMAP_MAYMOVE | MREMAP_FIXED, dest + v * stride);
		if (p == MAP_FAILED) {
			snprintf(err, errlen, "mremap of VMA %lu: %s", v,
				 strerror(errno));
			return -1;
		}
		l->vma_start[v] = p;
	}
	/* Every piece has left the old range: drop what is left of it. */
	munmap(old_reserve, l->reserve_len);
	return 0;
}

const struct layout_ops layout_mremap = {
	.name = "mremap",
	.help = "split, then every VMA moved by mremap() before merging "
		"(vm_pgoff no longer matches the address)",
	.build = mremap_build,
	/* Each moved VMA sits beside a piece of the PROT_NONE placeholder. */
	.maps_per_vma = 2,
};
