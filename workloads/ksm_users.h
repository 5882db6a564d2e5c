/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Other processes that use KSM: those with memory registered for merging
 * (madvise(MADV_MERGEABLE), prctl(PR_SET_MEMORY_MERGE); a QEMU guest's RAM)
 * or already merged, from /proc/PID/ksm_stat.  While ksmbench runs ksmd,
 * ksmd merges their memory too; afterwards it stays merged, and KSM refuses
 * max_page_sharing and merge_across_nodes changes while any KSM page exists.
 */
#ifndef KSMBENCH_KSM_USERS_H
#define KSMBENCH_KSM_USERS_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#define KSM_USERS_LISTED 8

struct ksm_user {
	int pid;
	char comm[20];
	bool mergeable;			/* registered with ksmd */
	unsigned long merging_pages;	/* its pages mapped on KSM pages */
};

struct ksm_users {
	bool known;			/* ksm_stat exists on this kernel */
	int procs;			/* other processes using KSM */
	unsigned long merging_pages;	/* theirs, all together */
	int listed;
	struct ksm_user user[KSM_USERS_LISTED];	/* most merged first */
};

/* Every process but self (our children are gone when this runs). */
void ksm_users_scan(struct ksm_users *u, pid_t self);
/* One line for the log: who, how many pages merged. */
void ksm_users_print(const struct ksm_users *u, const char *when, FILE *log);

#endif
