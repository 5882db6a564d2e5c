// SPDX-License-Identifier: GPL-2.0
#include "layout_math.h"

unsigned long layout_total_pages(const struct scenario *s)
{
	return s->vmas * s->pages_per_vma;
}

unsigned long layout_shared_pages(const struct scenario *s)
{
	return s->ksm_pages * s->sharing;
}

bool layout_page_is_shared(const struct scenario *s, unsigned long page)
{
	return page < layout_shared_pages(s);
}

unsigned long layout_page_content(const struct scenario *s, unsigned long page)
{
	if (layout_page_is_shared(s, page))
		return page % s->ksm_pages;
	return s->ksm_pages + (page - layout_shared_pages(s));
}

unsigned long layout_ksm_representative(const struct scenario *s,
					unsigned long k)
{
	(void)s;
	/* Content of page i is i % ksm_pages, so page k is the first with k. */
	return k;
}

void layout_expect(const struct scenario *s, struct ksm_expect *e)
{
	e->pages_shared = s->ksm_pages;
	e->pages_sharing = s->ksm_pages * (s->sharing - 1);
	e->merging_pages = layout_shared_pages(s);
	e->unique_pages = layout_total_pages(s) - layout_shared_pages(s);
}

/*
 * Generous on purpose: it decides whether to refuse a run, so it errs toward
 * counting too much.  Per VMA, the kernel keeps a vm_area_struct, an
 * anon_vma_chain per process and interval-tree nodes: 512 bytes covers them.
 * Every process needs its own page tables: one 4 KiB table per 512 pages of
 * the mapping (guard pages included) plus one per VMA at worst.
 */
unsigned long long layout_memory_estimate(const struct scenario *s,
					  unsigned long page_size)
{
	unsigned long long procs = s->forks + 1;
	unsigned long long span = s->vmas * (s->pages_per_vma + 1);
	unsigned long long data, tables, vmas;

	data = (unsigned long long)layout_total_pages(s) * page_size;
	tables = procs * (span / 512 + 1 + s->vmas / 64) * page_size;
	vmas = procs * s->vmas * 512ULL;
	return data + tables + vmas;
}
