// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <linux/perf_event.h>
#include <perf/event.h>
#include <perf/evlist.h>
#include <perf/evsel.h>
#include <perf/mmap.h>
#include <perf/threadmap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "walk_trace.h"

#define EVENT_DIR	"/sys/kernel/tracing/events/ksm/ksm_rmap_walk"
/* 2 MiB of ring buffer: ~20,000 walks a phase before samples are lost. */
#define RING_PAGES	512

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

static struct field_loc loc[WF_NR];
static struct perf_evlist *evlist;
static struct perf_thread_map *threads;
static char why[200] = "not opened";

const char *walk_field_name(enum walk_field f)
{
	return field_names[f];
}

const char *walk_trace_unsupported(void)
{
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

	f = fopen(EVENT_DIR "/id", "r");
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
	f = fopen(EVENT_DIR "/format", "r");
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

void walk_trace_open(void)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.type = PERF_TYPE_TRACEPOINT,
		.sample_type = PERF_SAMPLE_RAW,
		.sample_period = 1,
		.disabled = 1,
	};
	struct perf_evsel *evsel;
	int err;

	if (read_format(&attr.config))
		return;
	threads = perf_thread_map__new_dummy();
	evlist = perf_evlist__new();
	evsel = perf_evsel__new(&attr);
	if (!threads || !evlist || !evsel) {
		snprintf(why, sizeof(why), "libperf: out of memory");
		goto fail;
	}
	perf_thread_map__set_pid(threads, 0, 0);
	perf_evlist__add(evlist, evsel);
	perf_evlist__set_maps(evlist, NULL, threads);
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
	walk_trace_close();
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

static void account(struct walk_phase *ph, const union perf_event *ev,
		    void (*fn)(const struct walk_row *, unsigned long, void *),
		    void *arg)
{
	const unsigned char *p = (const unsigned char *)ev +
				 sizeof(ev->header);
	struct walk_row row;
	__u32 size;
	int f;

	memcpy(&size, p, sizeof(size));
	for (f = 0; f < WF_NR; f++) {
		row.val[f] = field(p + sizeof(size), size, f);
		ph->sum[f] += row.val[f];
		if (row.val[f] > ph->max[f])
			ph->max[f] = row.val[f];
	}
	ph->walks++;
	if (fn)
		fn(&row, ph->walks, arg);
}

static void drain(struct walk_phase *ph,
		  void (*fn)(const struct walk_row *, unsigned long, void *),
		  void *arg)
{
	union perf_event *ev;
	struct perf_mmap *map;

	perf_evlist__for_each_mmap(evlist, map, false) {
		if (perf_mmap__read_init(map) < 0)
			continue;
		while ((ev = perf_mmap__read_event(map))) {
			if (ph && ev->header.type == PERF_RECORD_SAMPLE)
				account(ph, ev, fn, arg);
			else if (ph && ev->header.type == PERF_RECORD_LOST)
				ph->lost += ev->lost.lost;
			perf_mmap__consume(map);
		}
		perf_mmap__read_done(map);
	}
}

void walk_trace_begin(void)
{
	if (evlist)
		drain(NULL, NULL, NULL);
}

void walk_trace_collect(struct walk_phase *ph,
			void (*fn)(const struct walk_row *row, unsigned long n,
				   void *arg), void *arg)
{
	memset(ph, 0, sizeof(*ph));
	if (evlist)
		drain(ph, fn, arg);
}

void walk_trace_close(void)
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
	evlist = NULL;
	threads = NULL;
}
