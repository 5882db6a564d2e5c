// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <linux/perf_event.h>
#include <perf/core.h>
#include <perf/evsel.h>
#include <perf/threadmap.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "perf_counters.h"

#define TRACEFS "/sys/kernel/tracing"
#define MIGRATE_TP "events/migrate/mm_migrate_pages/id"

struct pc_desc {
	const char *name;
	const char *unit;
	__u32 type;
	__u64 config;
};

static const struct pc_desc descs[PC_NR] = {
	[PC_TASK_CLOCK] = { "task_clock", "ns", PERF_TYPE_SOFTWARE,
			    PERF_COUNT_SW_TASK_CLOCK },
	[PC_CONTEXT_SWITCHES] = { "context_switches", "count",
				  PERF_TYPE_SOFTWARE,
				  PERF_COUNT_SW_CONTEXT_SWITCHES },
	[PC_PAGE_FAULTS] = { "page_faults", "count", PERF_TYPE_SOFTWARE,
			     PERF_COUNT_SW_PAGE_FAULTS },
	[PC_CYCLES] = { "cycles", "count", PERF_TYPE_HARDWARE,
			PERF_COUNT_HW_CPU_CYCLES },
	[PC_INSTRUCTIONS] = { "instructions", "count", PERF_TYPE_HARDWARE,
			      PERF_COUNT_HW_INSTRUCTIONS },
	[PC_MIGRATE_EVENTS] = { "migrate_events", "count",
				PERF_TYPE_TRACEPOINT, 0 },
};

static struct perf_thread_map *threads;
static struct perf_evsel *evsel[PC_NR];
static char why[PC_NR][160];
static bool mounted_tracefs;

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
	FILE *f = fopen(TRACEFS "/" MIGRATE_TP, "r");

	if (!f && errno == ENOENT && access(TRACEFS "/events", F_OK) &&
	    !mount("tracefs", TRACEFS, "tracefs", 0, NULL)) {
		mounted_tracefs = true;
		f = fopen(TRACEFS "/" MIGRATE_TP, "r");
	}
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
		.type = descs[e].type,
		.config = descs[e].config,
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
	err = perf_evsel__open(evsel[e], NULL, threads);
	if (!err)
		return;
	snprintf(why[e], sizeof(why[e]), "perf_event_open: %s%s",
		 strerror(-err), descs[e].type == PERF_TYPE_HARDWARE ?
		 " (no hardware PMU exposed to this kernel)" : "");
	perf_evsel__delete(evsel[e]);
	evsel[e] = NULL;
}

void perf_counters_open(void)
{
	int e;

	libperf_init(quiet);
	threads = perf_thread_map__new_dummy();
	if (!threads) {
		for (e = 0; e < PC_NR; e++)
			snprintf(why[e], sizeof(why[e]), "libperf: no memory");
		return;
	}
	perf_thread_map__set_pid(threads, 0, 0);
	for (e = 0; e < PC_NR; e++)
		open_one(e);
}

void perf_counters_read(struct pc_values *v)
{
	struct perf_counts_values c;
	int e;

	for (e = 0; e < PC_NR; e++) {
		memset(&c, 0, sizeof(c));
		v->valid[e] = evsel[e] && !perf_evsel__read(evsel[e], 0, 0, &c);
		v->val[e] = v->valid[e] ? c.val : 0;
	}
}

void perf_counters_close(void)
{
	int e;

	for (e = 0; e < PC_NR; e++) {
		if (!evsel[e])
			continue;
		perf_evsel__close(evsel[e]);
		perf_evsel__delete(evsel[e]);
		evsel[e] = NULL;
	}
	if (threads)
		perf_thread_map__put(threads);
	threads = NULL;
	perf_counters_restore();
}

void perf_counters_restore(void)
{
	if (mounted_tracefs && !umount2(TRACEFS, MNT_DETACH))
		mounted_tracefs = false;
}

const char *perf_counter_name(enum pc_event e)
{
	return descs[e].name;
}

const char *perf_counter_unit(enum pc_event e)
{
	return descs[e].unit;
}

const char *perf_counter_unsupported(enum pc_event e)
{
	return evsel[e] ? NULL : why[e];
}
