/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a unit (a driver or a collector) says about each number it writes:
 * the name in samples.csv, its unit, which direction is better, and one line
 * of help.  The run writes every declaration into metadata.json, so the
 * report learns units and directions from the results it reads instead of
 * from a list of its own.
 */
#ifndef KSMBENCH_METRIC_H
#define KSMBENCH_METRIC_H

#include <stdbool.h>
#include <stddef.h>

enum metric_better {
	BETTER_LOWER,
	BETTER_HIGHER,
	BETTER_NONE,
};

struct metric_desc {
	const char *name;	/* samples.csv `metric` column */
	const char *unit;	/* "ns", "count", "pages", "per_s", ... */
	enum metric_better better;
	const char *help;
};

#define METRIC_MAX 24		/* metrics one unit may declare */

/* Metrics every phase gets from the runner itself. */
extern const struct metric_desc core_metrics[];

const char *metric_better_name(enum metric_better b);
/* Every metric a run can write, with the unit that declares it. */
void metric_foreach(void (*fn)(const struct metric_desc *m,
			       const char *source, void *arg), void *arg);
/* The declaration of `name` by any unit, or NULL. */
const struct metric_desc *metric_find(const char *name);
/* The declaration of `name` in a NULL-name-terminated table, or NULL. */
const struct metric_desc *metric_in(const struct metric_desc *table,
				    const char *name);
/* Entries before the terminator. */
size_t metric_count(const struct metric_desc *table);

#endif
