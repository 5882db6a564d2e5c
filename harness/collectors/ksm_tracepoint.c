// SPDX-License-Identifier: GPL-2.0
/*
 * Per-walk numbers from the ksm:ksm_rmap_walk tracepoint that the
 * instrumentation patches of kernel-patch/ add: one raw sample per
 * rmap_walk_ksm() call, read through libperf's ring buffers after each
 * phase.  The event is sampled on every CPU with the thread id, so walks
 * done for us by kernel threads (kswapd, kcompactd, our kdamond) count,
 * and walks of other threads (another DAMON monitor, another process's
 * reclaim) are counted apart instead of polluting ours.
 * Fields are found by name in the event's tracefs format file.  Stock
 * kernels lack the event: then everything here is NA, with the reason.
 */
#include <errno.h>
#include <linux/perf_event.h>
#include <perf/cpumap.h>
#include <perf/event.h>
#include <perf/evlist.h>
#include <perf/evsel.h>
#include <perf/mmap.h>
#include <perf/threadmap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collector.h"
#include "tracefs.h"

extern const struct collector collector_ksm_tracepoint;

#define EVENT_DIR	"events/ksm/ksm_rmap_walk"
/* 512 KiB a CPU: ~5,000 walks a phase a CPU before samples are lost. */
#define RING_PAGES	128

enum walk_field {
	WF_ITEMS,
	WF_ITERATIONS,
	WF_SKIP_ADDR,
	WF_SKIP_MM,
	WF_RMAP_ONE,
	WF_LOCK_NS,
	WF_LOCK_MAX_NS,
	WF_NR,
};

struct walk_phase {
	unsigned long walks;
	unsigned long other;		/* walks of threads not ours */
	unsigned long lost;		/* samples the ring buffers dropped */
	uint64_t sum[WF_NR];
	uint64_t max[WF_NR];
};

struct field_loc {
	unsigned int offset;
	unsigned int size;
};

static const char *const field_names[WF_NR] = {
	[WF_ITEMS] = "items",
	[WF_ITERATIONS] = "iterations",
	[WF_SKIP_ADDR] = "skip_addr",
	[WF_SKIP_MM] = "skip_mm",
	[WF_RMAP_ONE] = "rmap_one",
	[WF_LOCK_NS] = "lock_ns",
	[WF_LOCK_MAX_NS] = "lock_max_ns",
};

static const struct metric_desc tp_metrics[] = {
	{ "rmap_walks", "count", BETTER_NONE,
	  "rmap_walk_ksm() calls by the measuring thread and its kernel "
	  "threads" },
	{ "rmap_walks_other", "count", BETTER_NONE,
	  "rmap_walk_ksm() calls by other threads during the phase" },
	{ "rmap_walks_lost", "count", BETTER_LOWER,
	  "tracepoint samples the ring buffers dropped" },
	{ "walk_items", "count", BETTER_NONE,
	  "rmap_items visited, summed over the phase's walks" },
	{ "walk_iterations", "count", BETTER_LOWER,
	  "anon_vma interval-tree iterations, summed over the walks" },
	{ "walk_skip_addr", "count", BETTER_LOWER,
	  "tree nodes skipped: address outside the VMA, summed" },
	{ "walk_skip_mm", "count", BETTER_NONE,
	  "tree nodes skipped: another mm, summed" },
	{ "walk_rmap_one", "count", BETTER_NONE,
	  "rmap_one() calls, summed over the walks" },
	{ "walk_lock_ns", "ns", BETTER_LOWER,
	  "anon_vma lock hold, summed over the walks" },
	{ "walk_lock_max_ns", "ns", BETTER_LOWER,
	  "longest anon_vma lock hold of one walk in the phase" },
	{ NULL },
};

static struct field_loc loc[WF_NR];
static struct perf_evlist *evlist;
static struct perf_thread_map *threads;
static struct perf_cpu_map *cpus;
static char why[200] = "not opened";
static struct collect_target target;

static const char *tp_unsupported(const char *metric)
{
	(void)metric;
	return evlist ? NULL : why;
}

/* "	field:unsigned long iterations;	offset:16;	size:8;	signed:0;" */
static void parse_format_line(const char *line, unsigned int *found)
{
	const char *decl = strstr(line, "field:"), *semi, *name;
	unsigned int off, size;
	const char *p;
	size_t len;
	int f;

	if (!decl || !(semi = strchr(decl, ';')))
		return;
	p = strstr(semi, "offset:");
	if (!p || sscanf(p, "offset:%u;%*[ \t]size:%u;", &off, &size) != 2)
		return;
	for (name = semi; name > decl && name[-1] != ' '; name--)
		;
	len = semi - name;
	for (f = 0; f < WF_NR; f++) {
		if (strlen(field_names[f]) != len ||
		    strncmp(name, field_names[f], len))
			continue;
		if (size == 4 || size == 8) {
			loc[f].offset = off;
			loc[f].size = size;
			*found |= 1U << f;
		}
	}
}

static int read_format(__u64 *id)
{
	unsigned int found = 0;
	unsigned long long v;
	char line[512];
	FILE *f;

	f = tracefs_open(EVENT_DIR "/id");
	if (!f || fscanf(f, "%llu", &v) != 1) {
		snprintf(why, sizeof(why), "kernel has no ksm:ksm_rmap_walk "
			 "tracepoint (%s); build one with kernel-patch/",
			 f ? "unreadable id" : strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	*id = v;
	f = tracefs_open(EVENT_DIR "/format");
	if (!f) {
		snprintf(why, sizeof(why), "cannot read %s/format: %s",
			 EVENT_DIR, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f))
		parse_format_line(line, &found);
	fclose(f);
	if (found != (1U << WF_NR) - 1) {
		snprintf(why, sizeof(why), "ksm:ksm_rmap_walk lacks fields "
			 "kernel-patch/README.md names (found mask 0x%x)",
			 found);
		return -1;
	}
	return 0;
}

static void tp_close(void);

static void tp_open(void)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.type = PERF_TYPE_TRACEPOINT,
		.sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_TIME |
			       PERF_SAMPLE_RAW,
		.sample_period = 1,
		.disabled = 1,
		/* kprobe_walks' clock: the report pairs walks of both. */
		.use_clockid = 1,
		.clockid = CLOCK_MONOTONIC,
	};
	struct perf_evsel *evsel;
	int err;

	if (read_format(&attr.config))
		return;
	threads = perf_thread_map__new_dummy();
	cpus = perf_cpu_map__new(NULL);
	evlist = perf_evlist__new();
	evsel = perf_evsel__new(&attr);
	if (!threads || !cpus || !evlist || !evsel) {
		snprintf(why, sizeof(why), "libperf: out of memory");
		goto fail;
	}
	/* pid -1 on every CPU: whoever walks, we see it with its tid. */
	perf_thread_map__set_pid(threads, 0, -1);
	perf_evlist__add(evlist, evsel);
	perf_evlist__set_maps(evlist, cpus, threads);
	err = perf_evlist__open(evlist);
	if (!err)
		err = perf_evlist__mmap(evlist, RING_PAGES);
	if (!err) {
		perf_evlist__enable(evlist);
		return;
	}
	snprintf(why, sizeof(why), "opening ksm:ksm_rmap_walk for sampling: "
		 "%s", strerror(-err));
fail:
	tp_close();
}

static uint64_t field(const unsigned char *raw, __u32 size, enum walk_field f)
{
	uint32_t v32;
	uint64_t v64;

	if (loc[f].offset + loc[f].size > size)
		return 0;
	if (loc[f].size == 4) {
		memcpy(&v32, raw + loc[f].offset, 4);
		return v32;
	}
	memcpy(&v64, raw + loc[f].offset, 8);
	return v64;
}

static bool is_target(pid_t tid)
{
	int i;

	if (tid == target.self)
		return true;
	for (i = 0; i < target.nr_kthreads; i++)
		if (tid == target.kthreads[i])
			return true;
	return false;
}

/*
 * Sample body: u32 pid, u32 tid (PERF_SAMPLE_TID), u64 time
 * (PERF_SAMPLE_TIME), u32 size, raw data.  A row is the fields, then the
 * thread and the time (walk_columns).
 */
static void account(struct walk_phase *ph, const union perf_event *ev,
		    const struct collect_out *out)
{
	const unsigned char *p = (const unsigned char *)ev +
				 sizeof(ev->header);
	uint64_t row[WF_NR + 2], time;
	__u32 ids[2], size;
	int f;

	memcpy(ids, p, sizeof(ids));
	if (!is_target((pid_t)ids[1])) {
		ph->other++;
		return;
	}
	p += sizeof(ids);
	memcpy(&time, p, sizeof(time));
	p += sizeof(time);
	memcpy(&size, p, sizeof(size));
	for (f = 0; f < WF_NR; f++) {
		row[f] = field(p + sizeof(size), size, f);
		ph->sum[f] += row[f];
		if (row[f] > ph->max[f])
			ph->max[f] = row[f];
	}
	row[WF_NR] = ids[1];
	row[WF_NR + 1] = time;
	ph->walks++;
	if (out && out->walk)
		out->walk(out->arg, &collector_ksm_tracepoint, ph->walks,
			  row, WF_NR + 2);
}

static void drain(struct walk_phase *ph, const struct collect_out *out)
{
	union perf_event *ev;
	struct perf_mmap *map;

	perf_evlist__for_each_mmap(evlist, map, false) {
		if (perf_mmap__read_init(map) < 0)
			continue;
		while ((ev = perf_mmap__read_event(map))) {
			if (ph && ev->header.type == PERF_RECORD_SAMPLE)
				account(ph, ev, out);
			else if (ph && ev->header.type == PERF_RECORD_LOST)
				ph->lost += ev->lost.lost;
			perf_mmap__consume(map);
		}
		perf_mmap__read_done(map);
	}
}

static void tp_begin(const struct collect_target *t)
{
	target = *t;
	if (evlist)
		drain(NULL, NULL);
}

static void tp_end(const struct collect_out *out)
{
	struct walk_phase ph;
	bool ok = evlist != NULL;
	int f;

	memset(&ph, 0, sizeof(ph));
	if (ok)
		drain(&ph, out);
	out->sample(out->arg, "rmap_walks", ok, ph.walks);
	out->sample(out->arg, "rmap_walks_other", ok, ph.other);
	out->sample(out->arg, "rmap_walks_lost", ok, ph.lost);
	for (f = 0; f < WF_NR; f++) {
		char name[48];
		bool is_max = f == WF_LOCK_MAX_NS;

		snprintf(name, sizeof(name), "walk_%s", field_names[f]);
		out->sample(out->arg, name, ok,
			    is_max ? ph.max[f] : ph.sum[f]);
	}
}

static void tp_close(void)
{
	if (evlist) {
		perf_evlist__disable(evlist);
		perf_evlist__munmap(evlist);
		perf_evlist__close(evlist);
		/* Deleting the evlist deletes the evsels it holds. */
		perf_evlist__delete(evlist);
	}
	if (threads)
		perf_thread_map__put(threads);
	if (cpus)
		perf_cpu_map__put(cpus);
	evlist = NULL;
	threads = NULL;
	cpus = NULL;
}

const struct collector collector_ksm_tracepoint = {
	.name = "ksm_tracepoint",
	.help = "per-walk rows from ksm:ksm_rmap_walk (kernels built from "
		"kernel-patch/)",
	.metrics = tp_metrics,
	.walk_file = "walks.csv",
	.walk_columns = "items,iterations,skip_addr,skip_mm,rmap_one,lock_ns,"
			"lock_max_ns,tid,time_ns",
	.open = tp_open,
	.unsupported = tp_unsupported,
	.begin = tp_begin,
	.end = tp_end,
	.close = tp_close,
};
