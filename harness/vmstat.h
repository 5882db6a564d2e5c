/* SPDX-License-Identifier: GPL-2.0 */
/* Counters of /proc/vmstat, read by name; system-wide, not ours alone. */
#ifndef KSMBENCH_VMSTAT_H
#define KSMBENCH_VMSTAT_H

#include <stdbool.h>
#include <stdint.h>

/* Value of counter `name`; false when the kernel has no such counter. */
bool vmstat_read(const char *name, uint64_t *val);

#endif
