/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Children forked after merging: each holds a copy of every VMA, linked into
 * the parent's anon_vma, so the interval tree grows to (F + 1) * N nodes and
 * the KSM pages gain mappings that only the search_new_forks pass finds.
 * They touch nothing, so no page is copied, and sleep until released.
 */
#ifndef KSMBENCH_FORK_CHILDREN_H
#define KSMBENCH_FORK_CHILDREN_H

#include <stddef.h>
#include <sys/types.h>

struct children {
	pid_t *pids;
	unsigned long nr;
	int release_fd;		/* write end: closing it lets them exit */
};

int children_fork(struct children *c, unsigned long nr, char *err,
		  size_t errlen);
/* Let them exit and reap them. */
void children_release(struct children *c);
/* Async-signal-safe: SIGKILL and reap every child still registered. */
void children_kill(const struct children *c);

#endif
