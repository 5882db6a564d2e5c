// SPDX-License-Identifier: GPL-2.0
/*
 * Counters of the measuring thread through libperf: software events always,
 * hardware events where the machine has a PMU, the migrate tracepoint where
 * tracefs exposes it.  The kernel threads a driver names (kswapd,
 * kcompactd, its kdamond) get task-clock and context-switch counters of
 * their own for the phase, so work done on our behalf is not lost.
 */
#include <errno.h>
#include <linux/perf_event.h>
#include <perf/core.h>
#include <perf/evsel.h>
#include <perf/threadmap.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "collector.h"
#include "tracefs.h"

#define MIGRATE_TP "events/migrate/mm_migrate_pages/id"

enum pc_event {
	PC_TASK_CLOCK,
	PC_CONTEXT_SWITCHES,
	PC_PAGE_FAULTS,
	PC_CYCLES,
	PC_INSTRUCTIONS,
	PC_MIGRATE_EVENTS,
	PC_NR,
	/* Summed over the driver's kernel threads. */
	PC_KT_TASK_CLOCK = PC_NR,
	PC_KT_CONTEXT_SWITCHES,
	PC_ALL,
};

static const struct metric_desc pc_metrics[] = {
	[PC_TASK_CLOCK] = { "task_clock", "ns", BETTER_LOWER,
		"CPU time of the measuring thread" },
	[PC_CONTEXT_SWITCHES] = { "context_switches", "count", BETTER_LOWER,
		"context switches of the measuring thread" },
	[PC_PAGE_FAULTS] = { "page_faults", "count", BETTER_NONE,
		"page faults of the measuring thread" },
	[PC_CYCLES] = { "cycles", "count", BETTER_LOWER,
		"CPU cycles of the measuring thread (needs a PMU)" },
	[PC_INSTRUCTIONS] = { "instructions", "count", BETTER_LOWER,
		"instructions of the measuring thread (needs a PMU)" },
	[PC_MIGRATE_EVENTS] = { "migrate_events", "count", BETTER_NONE,
		"migrate:mm_migrate_pages hits in the measuring thread" },
	[PC_KT_TASK_CLOCK] = { "kthread_task_clock", "ns", BETTER_LOWER,
		"CPU time of the kernel threads the driver drives" },
	[PC_KT_CONTEXT_SWITCHES] = { "kthread_context_switches", "count",
		BETTER_NONE,
		"context switches of the kernel threads the driver drives" },
	[PC_ALL] = { NULL },
};

static const struct { __u32 type; __u64 config; } pc_attr[PC_NR] = {
	[PC_TASK_CLOCK] = { PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK },
	[PC_CONTEXT_SWITCHES] = { PERF_TYPE_SOFTWARE,
				  PERF_COUNT_SW_CONTEXT_SWITCHES },
	[PC_PAGE_FAULTS] = { PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS },
	[PC_CYCLES] = { PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES },
	[PC_INSTRUCTIONS] = { PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS },
	[PC_MIGRATE_EVENTS] = { PERF_TYPE_TRACEPOINT, 0 },
};

static struct perf_thread_map *self_map;
static struct perf_evsel *evsel[PC_NR];
static char why[PC_ALL][160];
static uint64_t at_begin[PC_NR];
static struct perf_evsel *kt_evsel[2];
static int nr_kthreads;

/* libperf's own debug output would only clutter the log. */
static int quiet(enum libperf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

static int tracepoint_id(__u64 *id)
{
	unsigned long long v;
	FILE *f = tracefs_open(MIGRATE_TP);

	if (!f)
		return -1;
	if (fscanf(f, "%llu", &v) != 1) {
		fclose(f);
		errno = EINVAL;
		return -1;
	}
	fclose(f);
	*id = v;
	return 0;
}

static void open_one(enum pc_event e)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.type = pc_attr[e].type,
		.config = pc_attr[e].config,
	};
	int err;

	if (e == PC_MIGRATE_EVENTS && tracepoint_id(&attr.config)) {
		snprintf(why[e], sizeof(why[e]), "no tracepoint "
			 TRACEFS "/" MIGRATE_TP ": %s", strerror(errno));
		return;
	}
	evsel[e] = perf_evsel__new(&attr);
	if (!evsel[e]) {
		snprintf(why[e], sizeof(why[e]), "libperf: out of memory");
		return;
	}
	err = perf_evsel__open(evsel[e], NULL, self_map);
	if (!err)
		return;
	snprintf(why[e], sizeof(why[e]), "perf_event_open: %s%s",
		 strerror(-err), pc_attr[e].type == PERF_TYPE_HARDWARE ?
		 " (no hardware PMU exposed to this kernel)" : "");
	perf_evsel__delete(evsel[e]);
	evsel[e] = NULL;
}

static void pc_open(void)
{
	int e;

	libperf_init(quiet);
	self_map = perf_thread_map__new_dummy();
	if (!self_map) {
		for (e = 0; e < PC_NR; e++)
			snprintf(why[e], sizeof(why[e]), "libperf: no memory");
		return;
	}
	perf_thread_map__set_pid(self_map, 0, 0);
	for (e = 0; e < PC_NR; e++)
		open_one(e);
}

static uint64_t read_sum(struct perf_evsel *ev, int nr_threads, bool *ok)
{
	struct perf_counts_values c;
	uint64_t sum = 0;
	int t;

	*ok = ev != NULL;
	for (t = 0; ev && t < nr_threads; t++) {
		memset(&c, 0, sizeof(c));
		if (perf_evsel__read(ev, 0, t, &c))
			*ok = false;
		sum += c.val;
	}
	return sum;
}

/* Counters that follow the driver's kernel threads for one phase. */
static void kthreads_open(const struct collect_target *t)
{
	static const __u64 cfg[2] = { PERF_COUNT_SW_TASK_CLOCK,
				      PERF_COUNT_SW_CONTEXT_SWITCHES };
	struct perf_thread_map *map;
	pid_t tids[COLLECT_KTHREADS_MAX];
	int i;

	nr_kthreads = t->nr_kthreads;
	if (!nr_kthreads)
		return;
	memcpy(tids, t->kthreads, nr_kthreads * sizeof(pid_t));
	map = perf_thread_map__new_array(nr_kthreads, tids);
	for (i = 0; i < 2 && map; i++) {
		struct perf_event_attr attr = {
			.size = sizeof(attr),
			.type = PERF_TYPE_SOFTWARE,
			.config = cfg[i],
		};
		int err;

		kt_evsel[i] = perf_evsel__new(&attr);
		if (!kt_evsel[i])
			continue;
		err = perf_evsel__open(kt_evsel[i], NULL, map);
		if (!err)
			continue;
		snprintf(why[PC_KT_TASK_CLOCK + i], sizeof(why[0]),
			 "perf_event_open on kernel threads: %s",
			 strerror(-err));
		perf_evsel__delete(kt_evsel[i]);
		kt_evsel[i] = NULL;
	}
	if (map)
		perf_thread_map__put(map);
}

static void pc_begin(const struct collect_target *t)
{
	bool ok;
	int e;

	kthreads_open(t);
	for (e = 0; e < PC_NR; e++)
		at_begin[e] = read_sum(evsel[e], 1, &ok);
}

static void pc_end(const struct collect_out *out)
{
	uint64_t v;
	bool ok;
	int e, i;

	for (e = 0; e < PC_NR; e++) {
		v = read_sum(evsel[e], 1, &ok);
		out->sample(out->arg, pc_metrics[e].name, ok,
			    v - at_begin[e]);
	}
	if (!nr_kthreads)
		return;
	for (i = 0; i < 2; i++) {
		v = read_sum(kt_evsel[i], nr_kthreads, &ok);
		out->sample(out->arg, pc_metrics[PC_KT_TASK_CLOCK + i].name,
			    ok, v);
		if (!kt_evsel[i])
			continue;
		perf_evsel__close(kt_evsel[i]);
		perf_evsel__delete(kt_evsel[i]);
		kt_evsel[i] = NULL;
	}
	nr_kthreads = 0;
}

static void pc_close(void)
{
	int e;

	for (e = 0; e < PC_NR; e++) {
		if (!evsel[e])
			continue;
		perf_evsel__close(evsel[e]);
		perf_evsel__delete(evsel[e]);
		evsel[e] = NULL;
	}
	if (self_map)
		perf_thread_map__put(self_map);
	self_map = NULL;
}

static const char *pc_unsupported(const char *metric)
{
	int e;

	for (e = 0; e < PC_ALL; e++) {
		if (strcmp(pc_metrics[e].name, metric))
			continue;
		if (e < PC_NR)
			return evsel[e] ? NULL : why[e];
		return why[e][0] ? why[e] : NULL;
	}
	return NULL;
}

const struct collector collector_perf = {
	.name = "perf",
	.help = "libperf counters of the measuring thread and of the kernel "
		"threads the driver drives",
	.metrics = pc_metrics,
	.open = pc_open,
	.unsupported = pc_unsupported,
	.begin = pc_begin,
	.end = pc_end,
	.close = pc_close,
};
