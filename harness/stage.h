/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where a run is, by name, so that an interrupted run can say where it was
 * stopped ("interrupted by SIGTERM during merge").  Stages: options, layout,
 * merge, fork, phase, teardown, ksmd-wait.
 *
 * For the fault-matrix test only: with KSMBENCH_TEST_STAGE=NAME in the
 * environment, the run announces "ksmbench-test: at stage NAME pid N" on
 * stderr when it enters that stage and waits there for a signal, so that a
 * signal can be delivered at each stage deterministically.
 */
#ifndef KSMBENCH_STAGE_H
#define KSMBENCH_STAGE_H

void stage_enter(const char *name);
/* Async-signal-safe: the last stage entered, "start" before any. */
const char *stage_current(void);

#endif
