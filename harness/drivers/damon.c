// SPDX-License-Identifier: GPL-2.0
/*
 * damon: a DAMON physical-address monitor of our own over the frames of
 * the layout's KSM pages.  Every sampling interval kdamond clears and then
 * checks the accessed bit of each region's folio, and for a KSM folio both
 * go through rmap_walk() -> rmap_walk_ksm(), in the kdamond thread.  The
 * measuring thread meanwhile reads the KSM pages in a loop: its reads per
 * second are the cost a user of those pages sees.
 *
 * DAMON's sysfs interface numbers monitors by nr_kdamonds; writing it
 * rebuilds every kdamond directory, which would drop the configuration of
 * a monitor somebody else runs.  So we only ever go from 0 to 1 monitor,
 * and skip, with that reason, where another one exists.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "driver.h"
#include "layout_math.h"
#include "page_frames.h"
#include "sysfs_file.h"
#include "undo.h"

#define DAMON_ADMIN	"/sys/kernel/mm/damon/admin/kdamonds"
#define KD0		DAMON_ADMIN "/0"
#define CTX0		KD0 "/contexts/0"
#define TARGET0		CTX0 "/targets/0"

static const char *const damon_phases[] = { "monitor", NULL };

static const struct metric_desc damon_metrics[] = {
	{ "monitor_seconds", "ns", BETTER_NONE,
	  "time our kdamond ran over the KSM frames" },
	{ "regions", "count", BETTER_NONE,
	  "DAMON regions: one per KSM page frame" },
	{ "reader_passes", "count", BETTER_HIGHER,
	  "passes of the measuring thread over every KSM page meanwhile" },
	{ NULL },
};

static const struct opt_desc damon_options[] = {
	UNIT_OPT_ULONG("damon_ms", 100, 600000, "2000",
		       "milliseconds our DAMON monitor runs in each phase"),
	UNIT_OPT_ULONG("damon_sample_us", 100, 1000000, "1000",
		       "DAMON sampling interval in microseconds"),
	{ NULL },
};

static int undo_handle = -1;

static int damon_check(const struct scenario *s, char *reason, size_t len)
{
	char buf[32];

	(void)s;
	if (sysfs_get(DAMON_ADMIN "/nr_kdamonds", buf, sizeof(buf))) {
		snprintf(reason, len, "no DAMON sysfs interface (%s): kernel "
			 "without CONFIG_DAMON_SYSFS", strerror(errno));
		return -1;
	}
	if (strcmp(buf, "0")) {
		snprintf(reason, len, "%s DAMON monitor(s) already configured "
			 "here by someone else; adding ours means rewriting "
			 "nr_kdamonds, which would drop theirs", buf);
		return -1;
	}
	if (access(DAMON_ADMIN "/nr_kdamonds", W_OK)) {
		snprintf(reason, len, "cannot write DAMON's nr_kdamonds: %s",
			 strerror(errno));
		return -1;
	}
	return 0;
}

/* Async-signal-safe: stop and remove the monitor we added. */
static void damon_remove(void *arg)
{
	(void)arg;
	sysfs_put(KD0 "/state", "off");
	sysfs_put(DAMON_ADMIN "/nr_kdamonds", "0");
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int put(const char *path, const char *fmt, unsigned long long v,
	       char *err, size_t errlen)
{
	char buf[32];

	snprintf(buf, sizeof(buf), fmt, v);
	if (!sysfs_put(path, buf))
		return 0;
	snprintf(err, errlen, "writing %s to %s: %s", buf, path,
		 strerror(errno));
	return -1;
}

/* One page-sized region per KSM frame, in address order. */
static int set_regions(const struct run_ctx *ctx, char *err, size_t errlen)
{
	unsigned long k, n = ctx->s->ksm_pages;
	uint64_t *f = calloc(n, sizeof(*f));
	size_t ps = ctx->layout->page_size;
	char path[160];
	int ret = -1;

	if (!f || ksm_frames_read(ctx->layout, f, err, errlen))
		goto out;
	qsort(f, n, sizeof(*f), cmp_u64);
	if (put(TARGET0 "/regions/nr_regions", "%llu", n, err, errlen))
		goto out;
	for (k = 0; k < n; k++) {
		snprintf(path, sizeof(path), TARGET0 "/regions/%lu/start", k);
		if (put(path, "%llu", f[k] * ps, err, errlen))
			goto out;
		snprintf(path, sizeof(path), TARGET0 "/regions/%lu/end", k);
		if (put(path, "%llu", (f[k] + 1) * ps, err, errlen))
			goto out;
	}
	ret = 0;
out:
	free(f);
	return ret;
}

/*
 * DAMON refuses a second monitor while an exclusive one runs (damon_stat,
 * DAMON_RECLAIM, DAMON_LRU_SORT): that is a skip, with the module named.
 */
static int probe_start(struct run_ctx *ctx, char *err, size_t errlen)
{
	char stat[8] = "?";

	if (set_regions(ctx, err, errlen))
		return -1;
	if (!sysfs_put(KD0 "/state", "on")) {
		sysfs_put(KD0 "/state", "off");
		return 0;
	}
	if (errno != EBUSY) {
		snprintf(err, errlen, "starting our kdamond: %s",
			 strerror(errno));
		return -1;
	}
	sysfs_get("/sys/module/damon_stat/parameters/enabled", stat,
		  sizeof(stat));
	snprintf(err, errlen, "DAMON refused to start our monitor (EBUSY): "
		 "another exclusive DAMON user runs (damon_stat enabled=%s; "
		 "or DAMON_RECLAIM / DAMON_LRU_SORT)", stat);
	return 1;
}

static int damon_setup(struct run_ctx *ctx, char *err, size_t errlen)
{
	unsigned long us = opt_ulong(ctx->s, "damon_sample_us");

	if (put(DAMON_ADMIN "/nr_kdamonds", "%llu", 1, err, errlen))
		return -1;
	undo_handle = undo_push("our DAMON monitor",
				"write " KD0 "/state off\n"
				"write " DAMON_ADMIN "/nr_kdamonds 0",
				damon_remove, NULL);
	if (put(KD0 "/contexts/nr_contexts", "%llu", 1, err, errlen) ||
	    sysfs_put(CTX0 "/operations", "paddr") ||
	    put(CTX0 "/monitoring_attrs/intervals/sample_us", "%llu", us,
		err, errlen) ||
	    put(CTX0 "/monitoring_attrs/intervals/aggr_us", "%llu", us * 20,
		err, errlen) ||
	    put(CTX0 "/targets/nr_targets", "%llu", 1, err, errlen)) {
		if (!err[0])
			snprintf(err, errlen, "DAMON paddr operations: %s",
				 strerror(errno));
		return -1;
	}
	return probe_start(ctx, err, errlen);
}

static int damon_prepare(struct run_ctx *ctx, unsigned int phase, char *err,
			 size_t errlen)
{
	(void)phase;
	/* Frames are read anew each repetition: a phase may move them. */
	if (set_regions(ctx, err, errlen))
		return -1;
	if (!sysfs_put(KD0 "/state", "on"))
		return 0;
	snprintf(err, errlen, "starting our kdamond: %s", strerror(errno));
	return -1;
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int damon_run(struct run_ctx *ctx, unsigned int phase,
		     struct phase_stats *st)
{
	const struct scenario *s = ctx->s;
	unsigned long long t0, end, passes = 0;
	unsigned long k;
	volatile char sink;

	(void)phase;
	t0 = now_ns();
	end = t0 + opt_ulong(s, "damon_ms") * 1000000ULL;
	while (now_ns() < end) {
		for (k = 0; k < s->ksm_pages; k++)
			sink = *layout_page_addr(ctx->layout,
					layout_ksm_representative(s, k));
		passes++;
	}
	(void)sink;
	sysfs_put(KD0 "/state", "off");
	phase_set(damon_metrics, st, "monitor_seconds", now_ns() - t0);
	phase_set(damon_metrics, st, "regions", s->ksm_pages);
	phase_set(damon_metrics, st, "reader_passes", passes);
	return 0;
}

/* Our kdamond's pid, once it runs; the runner asks before each phase. */
static int damon_kthreads(struct run_ctx *ctx, pid_t *tids, int max)
{
	char buf[32];

	(void)ctx;
	if (max < 1 || sysfs_get(KD0 "/pid", buf, sizeof(buf)) ||
	    atoi(buf) <= 0)
		return 0;
	tids[0] = atoi(buf);
	return 1;
}

static void damon_teardown(struct run_ctx *ctx)
{
	(void)ctx;
	if (undo_handle >= 0)
		undo_pop(undo_handle, true);
	undo_handle = -1;
}

const struct driver driver_damon = {
	.name = "damon",
	.help = "a DAMON paddr monitor of our own over the KSM frames: "
		"kdamond walks their rmaps every sampling interval",
	.phases = damon_phases,
	.options = damon_options,
	.metrics = damon_metrics,
	.frame_check = 0x1,
	.check = damon_check,
	.setup = damon_setup,
	.prepare_phase = damon_prepare,
	.run_phase = damon_run,
	.teardown = damon_teardown,
	.kthreads = damon_kthreads,
};
