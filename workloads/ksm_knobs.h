/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The KSM tunables ksmbench touches, saved before the first change and put
 * back on every exit path: the normal one, atexit, a fatal signal, and, when
 * the process was killed outright, from a journal on the next start.
 */
#ifndef KSMBENCH_KSM_KNOBS_H
#define KSMBENCH_KSM_KNOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define KSM_SYSFS "/sys/kernel/mm/ksm"

/* 0 when KSM is usable; otherwise the reason it is not. */
int ksm_check_available(char *reason, size_t len);
int ksm_read_ulong(const char *name, unsigned long *val);

/* Restore a run that was killed before it could restore; prints what it did. */
int ksm_knobs_recover(FILE *log);
/* Save every knob from the table and write the journal. */
int ksm_knobs_save(char *err, size_t errlen);
int ksm_knob_set(const char *name, unsigned long val, char *err,
		 size_t errlen);
/*
 * Put back the saved values.  Async-signal-safe: only open/read/write/close,
 * nanosleep and unlink, on strings prepared by ksm_knobs_save().
 */
void ksm_knobs_restore(void);
bool ksm_knobs_saved(void);
/* Emit `"name": value` pairs for every readable knob and counter. */
void ksm_knobs_foreach(void (*fn)(const char *name, const char *val,
				  void *arg), void *arg);

#endif
