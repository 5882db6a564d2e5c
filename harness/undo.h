/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where every change ksmbench makes to the system is
 * registered, with how to take it back.  The stack is mirrored in a journal
 * (UNDO_JOURNAL, a tmpfs file, so a power loss clears it together with the
 * volatile state it describes); when the process is killed outright, the
 * next start replays the journal.  An entry leaves the journal only once its
 * undo succeeded: what cannot be restored yet (EBUSY past the retry
 * deadline) stays, is retried by every later start, and is reported with
 * the command that finishes the job.
 *
 * Journal verbs, one per line, replayed newest first:
 *   write PATH VALUE    write VALUE (rest of the line) into PATH
 *   rmdir PATH          remove a directory (a cgroup); gone already is fine
 *   swapoff PATH        swapoff; not swapping already is fine
 *   umount PATH         lazy unmount; not mounted already is fine
 *   note PATH TEXT      append TEXT and a newline to PATH (a marker file)
 * An entry may hold several commands, one per line of its journal text
 * ("write .../state off\nwrite .../nr_kdamonds 0"); they all run, in that
 * order, the last one's result counts, and they stay one journal line,
 * joined by UNDO_SEP.
 */
#ifndef KSMBENCH_UNDO_H
#define KSMBENCH_UNDO_H

#include <stdbool.h>
#include <stdio.h>

#define UNDO_JOURNAL	"/run/ksmbench.journal"
#define UNDO_LINE_MAX	512
#define UNDO_SEP	" ;; "
#define UNDO_MAX	128
/* How long one undo keeps retrying EBUSY before it gives up for now. */
#define UNDO_BUSY_MS	20000

/*
 * fn must be async-signal-safe; journal is the line the next start replays
 * after SIGKILL, or NULL.  With fn NULL, undo carries out the journal line
 * itself, in-process too, and keeps the entry if that fails: prefer it.
 * Returns a handle, or -1 (err in errno) when nothing was registered: the
 * caller must not make the change then.
 */
int undo_push(const char *what, const char *journal, void (*fn)(void *arg),
	      void *arg);
/* Run now (or just forget) and remove; a failed journal line stays. */
void undo_pop(int handle, bool run_it);
/* Reverse order; the signal path and atexit.  Async-signal-safe. */
void undo_run_all(void);

/*
 * Use journal path (UNDO_JOURNAL outside tests) and replay what a killed
 * run left there; call with the run lock held.  Prints what it restored and
 * what it could not.  Entries that fail stay registered, under this run's
 * own, and are retried when it ends.  Returns how many are left.
 */
int undo_init(const char *path, FILE *log);
/*
 * Called once when a write under prefix meets EBUSY, before retrying (KSM:
 * let ksmd run so that stale stable nodes go away).  Async-signal-safe.
 */
void undo_on_busy(const char *prefix, void (*kick)(void));
/* Entries still registered (unrestored or not yet run). */
int undo_pending(void);
/* Print each unrestored entry with the command that finishes the job. */
void undo_report(FILE *log);
/* Carry out one journal line now; 0 or a negative errno. */
int undo_exec(const char *line);

#endif
