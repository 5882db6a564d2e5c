/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Arithmetic of a layout, kept free of system calls so the tests can check
 * it: how many pages, which content each page gets, what KSM should report.
 *
 * Page i of the layout (0 <= i < vmas * pages_per_vma) lives in VMA
 * i / pages_per_vma.  The first ksm_pages * sharing pages carry content
 * i % ksm_pages, so every KSM page gathers exactly `sharing` pages spread
 * over the whole tree; the remaining pages carry unique content.
 */
#ifndef KSMBENCH_LAYOUT_MATH_H
#define KSMBENCH_LAYOUT_MATH_H

#include <stdbool.h>
#include "scenario.h"

struct ksm_expect {
	unsigned long pages_shared;	/* KSM pages */
	unsigned long pages_sharing;	/* extra mappings saved by KSM */
	unsigned long merging_pages;	/* this process's merged pages */
	unsigned long unique_pages;
};

unsigned long layout_total_pages(const struct scenario *s);
unsigned long layout_shared_pages(const struct scenario *s);
bool layout_page_is_shared(const struct scenario *s, unsigned long page);
/* Content identifier of a page: < ksm_pages for shared pages. */
unsigned long layout_page_content(const struct scenario *s, unsigned long page);
/* The layout page used to migrate KSM page k (its first page). */
unsigned long layout_ksm_representative(const struct scenario *s,
					unsigned long k);
void layout_expect(const struct scenario *s, struct ksm_expect *e);
/* Bytes the layout needs in the parent and in all children together. */
unsigned long long layout_memory_estimate(const struct scenario *s,
					  unsigned long page_size);

#endif
