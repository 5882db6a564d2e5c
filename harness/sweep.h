/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A sweep varies one scenario key over a range and runs each point as a
 * scenario of its own, named NAME@KEY=VALUE.  The range is the `sweep`
 * option (command line or scenario file):
 *   KEY=FROM..TO*F   geometric: FROM, FROM*F, ... up to TO (F > 1; `x` works
 *                    for `*`)
 *   KEY=FROM..TO+D   linear: FROM, FROM+D, ... up to TO
 * KEY is one of vmas, forks, sharing, ksm_pages.
 */
#ifndef KSMBENCH_SWEEP_H
#define KSMBENCH_SWEEP_H

#include <stdbool.h>
#include <stddef.h>

#include "run.h"

#define SWEEP_MAX_POINTS 24

struct sweep_spec {
	char key[24];
	unsigned long from, to;
	bool geometric;
	double factor;		/* geometric */
	unsigned long step;	/* linear */
};

int sweep_parse(const char *text, struct sweep_spec *sp, char *err,
		size_t errlen);
/* The points' values, ascending, TO included when reached; or -1. */
int sweep_points(const struct sweep_spec *sp, unsigned long *val, int max,
		 char *err, size_t errlen);
/*
 * Replace every scenario of the run that has a `sweep` by its points, each
 * validated like a scenario of its own; err names the first bad point.
 */
int sweep_expand(struct run *run, char *err, size_t errlen);

#endif
