// SPDX-License-Identifier: GPL-2.0
/*
 * holes: the split layout used as a malloc heap.  In each round, runs of
 * 1 to 8 pages at positions drawn from the run's nonce are freed with
 * MADV_DONTNEED, the way glibc trims the interior of large free chunks,
 * and then written again (re-faulted), so that hole_percent of the pages
 * are new folios by the time KSM scans.  The VMAs and their one anon_vma
 * stay as split made them: what changes is which folios back them.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "layout.h"
#include "layout_math.h"
#include "options.h"

static const struct opt_desc holes_options[] = {
	UNIT_OPT_ULONG("hole_percent", 1, 90, "25",
		       "holes: share of the pages freed and re-faulted in "
		       "each round"),
	UNIT_OPT_ULONG("hole_rounds", 1, 100, "3",
		       "holes: free/re-fault rounds before merging"),
	{ 0 },
};

static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* Free pages [first, first + n) of the layout, VMA by VMA, and refill. */
static int free_run(struct layout *l, unsigned long first, unsigned long n,
		    char *err, size_t errlen)
{
	unsigned long ppv = l->s->pages_per_vma, page = first, len;

	while (page < first + n) {
		len = ppv - page % ppv;
		if (len > first + n - page)
			len = first + n - page;
		if (madvise(layout_page_addr(l, page), len * l->page_size,
			    MADV_DONTNEED)) {
			snprintf(err, errlen, "madvise(MADV_DONTNEED): %s",
				 strerror(errno));
			return -1;
		}
		page += len;
	}
	for (page = first; page < first + n; page++)
		layout_fill_page(l, page);
	return 0;
}

static int holes_round(struct layout *l, unsigned long round, char *err,
		       size_t errlen)
{
	unsigned long total = layout_total_pages(l->s), page = 0, n;
	unsigned long pct = opt_ulong(l->s, "hole_percent");
	uint64_t r;

	while (page < total) {
		r = mix(l->nonce ^ (round << 40) ^ page);
		n = 1 + (r >> 8) % 8;
		if (n > total - page)
			n = total - page;
		/* A run freed with probability pct%, so pct% of pages. */
		if (r % 100 < pct && free_run(l, page, n, err, errlen))
			return -1;
		page += n;
	}
	return 0;
}

static int holes_build(struct layout *l, char *err, size_t errlen)
{
	const struct scenario *s = l->s;
	unsigned long round;

	if (layout_split.build(l, err, errlen))
		return -1;
	for (round = 0; round < opt_ulong(s, "hole_rounds"); round++)
		if (holes_round(l, round, err, errlen))
			return -1;
	return 0;
}

const struct layout_ops layout_holes = {
	.name = "holes",
	.help = "split used as a malloc heap: runs of pages freed with "
		"MADV_DONTNEED and re-faulted before merging",
	.options = holes_options,
	.build = holes_build,
};
