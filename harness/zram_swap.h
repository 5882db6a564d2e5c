/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A swap device of ksmbench's own: a zram device added for the run through
 * /sys/class/zram-control/hot_add (never one that exists: it may belong to
 * someone else), given a swap header and swapped on at the highest
 * priority.  Every step registers its undo (undo.h) before the next one, so
 * swapoff and hot_remove run on every exit path.
 */
#ifndef KSMBENCH_ZRAM_SWAP_H
#define KSMBENCH_ZRAM_SWAP_H

#include <stddef.h>
#include <stdint.h>

#define ZRAM_CONTROL	"/sys/class/zram-control"

struct zram_swap {
	int id;				/* zramN, -1 when none */
	char dev[32];			/* /dev/zramN */
	char id_text[16];		/* N, for hot_remove from a signal */
	uint64_t bytes;			/* disksize */
	int h_remove, h_swapoff;	/* undo handles */
};

/* Nonzero, with the reason, when zram devices cannot be added here. */
int zram_swap_available(char *reason, size_t len);
/* Add zramN of `bytes`, write the swap header, swapon. */
int zram_swap_create(struct zram_swap *z, uint64_t bytes, char *err,
		     size_t errlen);
/* swapoff, hot_remove; safe on a half-made or absent device. */
void zram_swap_destroy(struct zram_swap *z);
/*
 * Free space of a swap area from /proc/swaps in KiB, -1 when the area is not
 * listed; path NULL: all areas together.
 */
long long swap_free_kib(const char *path);

#endif
