/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whatever exit the process takes (return, exit(), SIGINT, SIGTERM, SIGHUP,
 * SIGQUIT), the children die, the layout is unmapped, everything registered
 * with undo is put back and the results directory says why it is
 * incomplete.  Unmapping comes before the knobs: the knobs that need an
 * empty stable tree cannot be restored while our KSM pages are mapped.
 * SIGKILL leaves the undo journal to the next start (harness/undo.h).
 */
#ifndef KSMBENCH_CLEANUP_H
#define KSMBENCH_CLEANUP_H

#include "fork_children.h"
#include "layout.h"

void cleanup_install(void);
void cleanup_track(struct layout *l, struct children *c);
void cleanup_untrack(void);
/*
 * Mark dir incomplete (a file INCOMPLETE saying why) until
 * cleanup_complete(); a signal writes its name and the stage into it, and
 * the next start after SIGKILL notes that it was killed.
 */
int cleanup_mark_incomplete(const char *dir, char *err, size_t errlen);
void cleanup_complete(void);

#endif
