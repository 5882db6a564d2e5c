/* SPDX-License-Identifier: GPL-2.0 */
/* A sweep point's scenario name, NAME@KEY=VALUE (harness/sweep.h), read back. */
#ifndef KSMBENCH_PLOT_SWEEP_NAME_H
#define KSMBENCH_PLOT_SWEEP_NAME_H

#include <stddef.h>

/* Split "NAME@KEY=VALUE" (VALUE > 0); 0 on success. */
int sweep_name_parse(const char *scenario, char *name, size_t nlen,
		     char *key, size_t klen, double *value);

#endif
