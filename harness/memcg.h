/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A memory cgroup of ksmbench's own, created below the one the process is
 * in (so whatever limits the machine put around us still hold), on cgroup
 * v2 where the memory controller is there, else on the v1 memory
 * hierarchy.  Reclaim is asked of it directly: v2 memory.reclaim, v1
 * memory.force_empty; both reclaim in the writing thread.  The directory,
 * the process's membership and (v2, root cgroup only) enabling the memory
 * controller for children are registered with undo.h.
 */
#ifndef KSMBENCH_MEMCG_H
#define KSMBENCH_MEMCG_H

#include <stddef.h>
#include <sys/types.h>

#define MEMCG_MOUNT_MAX	512
#define MEMCG_REL_MAX	1024
#define MEMCG_PATH_MAX	(MEMCG_MOUNT_MAX + MEMCG_REL_MAX)

struct memcg {
	int version;			/* 1 or 2; 0 before memcg_find() */
	char mount[MEMCG_MOUNT_MAX];	/* hierarchy root */
	char orig[MEMCG_PATH_MAX];	/* the cgroup we were in */
	char path[MEMCG_PATH_MAX + 32];	/* ours */
	char orig_procs[MEMCG_PATH_MAX + 32];	/* orig/cgroup.procs */
	char self_text[16];		/* our pid, for the signal path */
	int h_enable, h_rmdir, h_member;	/* undo handles, -1 none */
};

/* Which hierarchy holds the memory controller, and where we are in it. */
int memcg_find(struct memcg *m, char *err, size_t errlen);
/*
 * Make our cgroup and move this process into it: 0, -1 on failure, 1 when
 * the machine does not let us (v2 without the controller delegated).
 */
int memcg_create(struct memcg *m, char *err, size_t errlen);
/* Move another process (a child) back to where we came from. */
int memcg_release_pid(const struct memcg *m, pid_t pid);
/*
 * Reclaim as much of the cgroup as the kernel will: v2 writes the cgroup's
 * anon + file bytes to memory.reclaim (EAGAIN, "could not reclaim all of
 * it", is no error), v1 writes memory.force_empty.  0 or -errno.
 */
int memcg_reclaim(const struct memcg *m);
/* The interface memcg_reclaim() uses, for the results. */
const char *memcg_reclaim_file(const struct memcg *m);
/* Back to the original cgroup, remove ours, restore the controller. */
void memcg_destroy(struct memcg *m);

#endif
