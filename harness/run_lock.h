/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One ksmbench run at a time per machine: an flock() on RUN_LOCK held for
 * the whole run.  The kernel drops it when the holder dies, however it
 * dies, so a stale lock cannot block the next run; the file only carries
 * the holder's pid for the message.
 */
#ifndef KSMBENCH_RUN_LOCK_H
#define KSMBENCH_RUN_LOCK_H

#include <stdbool.h>
#include <stddef.h>

#define RUN_LOCK "/run/ksmbench.lock"

/*
 * Take the lock at path (RUN_LOCK outside tests).  Busy: with wait, say who
 * holds it on stderr and block until it is free; else fail with who holds
 * it in err.  Returns 0 or -1.
 */
int run_lock_take(const char *path, bool wait, char *err, size_t errlen);
/* For tests that hold the lock for a while (a run never lets it go). */
void run_lock_release(void);

#endif
