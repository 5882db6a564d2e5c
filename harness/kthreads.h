/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel threads found by name, so their work can be counted with ours. */
#ifndef KSMBENCH_KTHREADS_H
#define KSMBENCH_KTHREADS_H

#include <sys/types.h>

/* Kernel threads whose comm starts with prefix; returns how many. */
int kthreads_find(const char *prefix, pid_t *tids, int max);

#endif
