/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The KSM tunables ksmbench touches.  Before the first change each one is
 * registered with undo (harness/undo.h), so every exit path puts it back:
 * the normal one, atexit, a fatal signal and, after SIGKILL, the next start.
 *
 * max_page_sharing and merge_across_nodes cannot change while any KSM page
 * exists (EBUSY).  ksm_knobs_plan() settles that before anything changes:
 * with other KSM users on the machine (their pages would be merged by our
 * ksmd and block the restore) the run keeps the current value when the
 * scenario allows it, and refuses otherwise.
 */
#ifndef KSMBENCH_KSM_KNOBS_H
#define KSMBENCH_KSM_KNOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "scenario.h"

#define KSM_SYSFS "/sys/kernel/mm/ksm"

/*
 * Before undo_init(): KSM's EBUSY on a replayed knob is cleared by letting
 * ksmd run, and undo must know that before it replays a killed run.
 */
void ksm_knobs_init(void);
/* 0 when KSM is usable; otherwise the reason it is not. */
int ksm_check_available(char *reason, size_t len);
int ksm_read_ulong(const char *name, unsigned long *val);

/*
 * Before any change: can s run with its max_page_sharing here?  others: some
 * other process uses KSM.  May lower s->max_page_sharing to the current
 * value (note says so); returns -1 with the reason when s cannot run.
 */
int ksm_knobs_plan(struct scenario *s, bool others, char *note,
		   size_t notelen, char *err, size_t errlen);
/* Register the undo of every knob, before the first change. */
int ksm_knobs_save(char *err, size_t errlen);
/* Set one knob; EBUSY from our own stale KSM pages is waited out. */
int ksm_knob_set(const char *name, unsigned long val, char *err,
		 size_t errlen);
/* Put back what ksm_knobs_save() registered; what fails stays journaled. */
void ksm_knobs_restore(void);
bool ksm_knobs_saved(void);
/* Emit `"name": value` pairs for every readable knob and counter. */
void ksm_knobs_foreach(void (*fn)(const char *name, const char *val,
				  void *arg), void *arg);

#endif
