/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a layout page holds.  Every byte derives from (nonce, content id), so
 * pages with the same id are identical and merge, pages with different ids
 * never do, and a page that changed or moved wrongly is caught by comparing
 * it with what it should hold.  The nonce keeps two runs from merging with
 * each other.  No page is mostly zero, so use_zero_pages cannot interfere.
 */
#ifndef KSMBENCH_PAGE_CONTENT_H
#define KSMBENCH_PAGE_CONTENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void page_content_fill(void *page, size_t size, uint64_t nonce,
		       unsigned long content);
bool page_content_check(const void *page, size_t size, uint64_t nonce,
			unsigned long content);

#endif
