/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whatever exit the process takes (return, exit(), SIGINT, SIGTERM, SIGHUP,
 * SIGQUIT), the children die, the layout is unmapped and the KSM knobs and
 * the tracefs mount are put back.  Unmapping comes before the knobs: the
 * knobs that need an empty stable tree cannot be restored while our KSM
 * pages are still mapped.
 */
#ifndef KSMBENCH_CLEANUP_H
#define KSMBENCH_CLEANUP_H

#include "fork_children.h"
#include "layout.h"

void cleanup_install(void);
void cleanup_track(struct layout *l, struct children *c);
void cleanup_untrack(void);

#endif
