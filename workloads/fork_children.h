/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Children forked after merging: each holds a copy of every VMA, linked into
 * the parent's anon_vma, so the interval tree grows to (F + 1) * N nodes and
 * the KSM pages gain mappings that only the search_new_forks pass finds.
 * Each child is an agent (child_agent.h): it touches nothing until the
 * parent asks it to read back its pages, and exits when its command pipe
 * closes.
 *
 * No child outlives the run, whenever a signal comes: signals are blocked
 * across each fork() until the new pid is registered, so the signal path
 * (children_kill_all) always knows every child; a child dies with its
 * parent (PR_SET_PDEATHSIG) and checks that the parent did not die before
 * it asked for that.
 */
#ifndef KSMBENCH_FORK_CHILDREN_H
#define KSMBENCH_FORK_CHILDREN_H

#include <stddef.h>
#include <sys/types.h>

#include "layout.h"

struct children {
	pid_t *pids;
	unsigned long nr;
	int release_fd;		/* unused: each child has its own cmd pipe */
	int *cmd_fd;		/* parent -> child i */
	int *reply_fd;		/* child i -> parent */
	char *slots;		/* MAP_SHARED, slot_size bytes per child */
	size_t slot_size;
	unsigned long cap;	/* slots allocated */
};

int children_fork(struct children *c, unsigned long nr,
		  const struct layout *l, char *err, size_t errlen);
/*
 * The same, but each child first runs prep on its own copy of the layout
 * (to fault its own pages) and the call returns once all are ready.
 */
typedef int (*child_prep_fn)(struct layout *l, char *err, size_t errlen);
int children_fork_prep(struct children *c, unsigned long nr,
		       struct layout *l, child_prep_fn prep, char *err,
		       size_t errlen);
/* Let them exit and reap them. */
void children_release(struct children *c);
/* Async-signal-safe: SIGKILL and reap every child still registered. */
void children_kill(const struct children *c);
/* Async-signal-safe: the same for every set children_fork() made. */
void children_kill_all(void);

#endif
