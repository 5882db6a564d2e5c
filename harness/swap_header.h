/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What mkswap(8) writes, so that ksmbench needs no util-linux in a busybox
 * guest: the version-1 swap header of include/linux/swap.h (`union
 * swap_header`) in the first page of the device, in the CPU's byte order.
 */
#ifndef KSMBENCH_SWAP_HEADER_H
#define KSMBENCH_SWAP_HEADER_H

#include <stddef.h>
#include <stdint.h>

/* Offsets inside the first page, from `union swap_header`. */
#define SWAP_HDR_VERSION	1024	/* __u32 version: 1 */
#define SWAP_HDR_LAST_PAGE	1028	/* __u32 last_page: pages - 1 */
#define SWAP_HDR_NR_BADPAGES	1032	/* __u32 nr_badpages: 0 */
#define SWAP_HDR_UUID		1036	/* unsigned char uuid[16] */
#define SWAP_HDR_MAGIC		"SWAPSPACE2"	/* last 10 bytes */
/* mkswap's own lower bound; the kernel refuses tiny areas too. */
#define SWAP_HDR_MIN_PAGES	10

/*
 * Fill page (page_size bytes) with the header of a swap area of `bytes`.
 * Returns 0, or -1 when the area is too small or too large for the format.
 */
int swap_header_build(void *page, size_t page_size, uint64_t bytes);
/* Write that header at offset 0 of fd and sync it; -errno on failure. */
int swap_header_write(int fd, size_t page_size, uint64_t bytes);

#endif
