/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tracefs, mounted by us when nobody has, and unmounted on every exit path
 * through the undo table.
 */
#ifndef KSMBENCH_TRACEFS_H
#define KSMBENCH_TRACEFS_H

#include <stdio.h>

#define TRACEFS "/sys/kernel/tracing"

/* Open TRACEFS/rel, mounting tracefs first if it is not there. */
FILE *tracefs_open(const char *rel);

#endif
