// SPDX-License-Identifier: GPL-2.0
/* The swap header ksmbench writes instead of mkswap(8): field by field. */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "swap_header.h"

CHECK_DEFINE_STATE;

static uint32_t u32_at(const unsigned char *p, size_t off)
{
	uint32_t v;

	memcpy(&v, p + off, sizeof(v));
	return v;
}

int main(void)
{
	static unsigned char page[4096], other[4096];
	const size_t ps = sizeof(page);
	static const unsigned char zero[16];

	CHECK("a 1 MiB area gets a header",
	      !swap_header_build(page, ps, 1 << 20), "refused");
	CHECK("magic SWAPSPACE2 in the last 10 bytes of the page",
	      !memcmp(page + ps - 10, "SWAPSPACE2", 10), "magic missing");
	CHECK("version 1", u32_at(page, SWAP_HDR_VERSION) == 1, "version %u",
	      u32_at(page, SWAP_HDR_VERSION));
	CHECK("last_page is the index of the last page",
	      u32_at(page, SWAP_HDR_LAST_PAGE) == (1 << 20) / ps - 1,
	      "last_page %u", u32_at(page, SWAP_HDR_LAST_PAGE));
	CHECK("no bad pages", u32_at(page, SWAP_HDR_NR_BADPAGES) == 0,
	      "nr_badpages %u", u32_at(page, SWAP_HDR_NR_BADPAGES));
	CHECK("boot sector left zero", !memcmp(page, zero, sizeof(zero)),
	      "bootbits written");
	CHECK("a partial last page is not counted",
	      !swap_header_build(other, ps, (1 << 20) + 100) &&
	      u32_at(other, SWAP_HDR_LAST_PAGE) == (1 << 20) / ps - 1,
	      "last_page %u", u32_at(other, SWAP_HDR_LAST_PAGE));
	CHECK("each area gets its own UUID",
	      memcmp(page + SWAP_HDR_UUID, other + SWAP_HDR_UUID, 16),
	      "same UUID twice");
	CHECK("an area under 10 pages is refused",
	      swap_header_build(page, ps, 9 * ps) != 0, "accepted");
	CHECK("an area past 2^32 pages is refused",
	      swap_header_build(page, ps, ((uint64_t)1 << 32) * ps + ps) != 0,
	      "accepted");
	return CHECK_EXIT();
}
