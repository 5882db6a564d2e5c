/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Everything ksmbench changes on the machine registers how to undo it, the
 * moment it changes it: a KSM knob, a tracefs mount, a swap device, a
 * cgroup, a DAMON monitor.  The undo actions run in reverse order on every
 * exit path: the normal one, exit(), a fatal signal.  `journal` is a line a
 * later start can replay when this process was killed outright.
 */
#ifndef KSMBENCH_UNDO_H
#define KSMBENCH_UNDO_H

#include <stdbool.h>

#define UNDO_MAX 32

/*
 * fn must be async-signal-safe: it may run from a signal handler.  journal
 * verbs: "write PATH VALUE", "rmdir PATH", "swapoff PATH"; NULL for none.
 * Returns a handle for undo_pop(), or -1 when the table is full.
 */
int undo_push(const char *what, const char *journal, void (*fn)(void *arg),
	      void *arg);
/* Run the action now (or only forget it) and remove it. */
void undo_pop(int handle, bool run_it);
/* Every action still registered, newest first; async-signal-safe. */
void undo_run_all(void);

#endif
