// SPDX-License-Identifier: GPL-2.0
/* The collector table: one line per file in harness/collectors/. */
#include <stddef.h>

#include "collector.h"

extern const struct collector collector_perf;
extern const struct collector collector_ksm_tracepoint;
extern const struct collector collector_kprobe_walks;
extern const struct collector collector_lock_victim;

static const struct collector *const collectors[] = {
	&collector_perf,
	&collector_ksm_tracepoint,
	&collector_kprobe_walks,
	/* Last: starts after the counters, stops before them. */
	&collector_lock_victim,
};
#define NR_COLLECTORS (sizeof(collectors) / sizeof(collectors[0]))

const struct collector *collector_at(size_t i)
{
	return i < NR_COLLECTORS ? collectors[i] : NULL;
}

void collectors_open(void)
{
	size_t i;

	for (i = 0; i < NR_COLLECTORS; i++)
		collectors[i]->open();
}

void collectors_begin(const struct collect_target *t)
{
	size_t i;

	for (i = 0; i < NR_COLLECTORS; i++)
		collectors[i]->begin(t);
}

/* Reverse order: the first to begin is the last to stop counting. */
void collectors_end(const struct collect_out *out)
{
	size_t i;

	for (i = NR_COLLECTORS; i-- > 0;)
		collectors[i]->end(out);
}

void collectors_close(void)
{
	size_t i;

	for (i = 0; i < NR_COLLECTORS; i++)
		collectors[i]->close();
}
