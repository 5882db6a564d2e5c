// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "collector.h"
#include "driver.h"
#include "metric.h"

const struct metric_desc core_metrics[] = {
	{ "wall_time", "ns", BETTER_LOWER,
	  "wall-clock time of the phase, measured by the runner" },
	{ "verify_failures", "count", BETTER_LOWER,
	  "pages found wrong after the phase, in any process" },
	{ "walked_nothing", "bool", BETTER_NONE,
	  "1 when the phase triggered no rmap walk (its time is no result)" },
	{ "remerge_time", "ns", BETTER_NONE,
	  "KSM merging again before a repetition (phase remerge, untimed)" },
	{ NULL },
};

const char *metric_better_name(enum metric_better b)
{
	switch (b) {
	case BETTER_LOWER:
		return "lower";
	case BETTER_HIGHER:
		return "higher";
	default:
		return "none";
	}
}

const struct metric_desc *metric_in(const struct metric_desc *table,
				    const char *name)
{
	for (; table && table->name; table++)
		if (!strcmp(table->name, name))
			return table;
	return NULL;
}

size_t metric_count(const struct metric_desc *table)
{
	size_t n = 0;

	while (table && table[n].name)
		n++;
	return n;
}

static void each(const struct metric_desc *t, const char *source,
		 void (*fn)(const struct metric_desc *, const char *, void *),
		 void *arg)
{
	for (; t && t->name; t++)
		fn(t, source, arg);
}

void metric_foreach(void (*fn)(const struct metric_desc *m,
			       const char *source, void *arg), void *arg)
{
	const struct collector *c;
	const struct driver *d;
	size_t i;

	each(core_metrics, "runner", fn, arg);
	for (i = 0; (c = collector_at(i)); i++)
		each(c->metrics, c->name, fn, arg);
	for (i = 0; (d = driver_at(i)); i++)
		each(d->metrics, d->name, fn, arg);
}

struct find_arg {
	const char *name;
	const struct metric_desc *found;
};

static void find_one(const struct metric_desc *m, const char *source,
		     void *arg)
{
	struct find_arg *f = arg;

	(void)source;
	if (!f->found && !strcmp(m->name, f->name))
		f->found = m;
}

const struct metric_desc *metric_find(const char *name)
{
	struct find_arg f = { name, NULL };

	metric_foreach(find_one, &f);
	return f.found;
}
