// SPDX-License-Identifier: GPL-2.0
/*
 * The harm other threads feel: a victim thread of the walked process that,
 * while the driver runs, keeps changing a VMA of the layout's anon_vma in
 * a way that takes that anon_vma's root lock for writing, and times each
 * call.  While a walk holds the lock for reading, those calls wait.
 *
 * The layout's VMAs are cut apart by one-page holes.  The victim maps the
 * hole after one VMA with that VMA's flags, then madvise(MADV_MERGEABLE)
 * makes the flags equal and merges the three VMAs into one (timed), and
 * munmap() of the hole splits them again (timed).  Merge and split both
 * lock the anon_vma for writing; flipping the protection of a whole
 * one-page VMA would lock nothing.  Before starting, begin() runs one cycle
 * and checks /proc/self/maps: merged, then the two VMAs back with their
 * exact bounds.  Where there are two CPUs the victim and the measuring
 * thread are pinned to different ones.  Its figures under the idle driver
 * are the baseline.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "collector.h"
#include "layout.h"
#include "options.h"
#include "value_summary.h"

/* Calls kept for percentiles: 16 MiB; more are counted, not kept. */
#define VICTIM_KEEP	(1UL << 21)

enum vm_metric {
	V_CALLS, V_PER_S, V_P50, V_P99, V_MAX, V_OVER_1MS, V_OVER_10MS,
	V_OVER_100MS, V_PINNED, V_NR,
};

static const struct metric_desc victim_metrics[] = {
	[V_CALLS] = { "victim_calls", "count", BETTER_NONE,
		"victim's VMA merges and splits that write-lock the layout's "
		"anon_vma, during the phase" },
	[V_PER_S] = { "victim_calls_per_s", "per_s", BETTER_HIGHER,
		"victim's merge and split calls a second" },
	[V_P50] = { "victim_p50_ns", "ns", BETTER_LOWER,
		"median duration of one victim call" },
	[V_P99] = { "victim_p99_ns", "ns", BETTER_LOWER,
		"99th percentile (nearest rank) of one victim call" },
	[V_MAX] = { "victim_max_ns", "ns", BETTER_LOWER,
		"longest victim call of the phase" },
	[V_OVER_1MS] = { "victim_over_1ms", "count", BETTER_LOWER,
		"victim calls longer than 1 ms" },
	[V_OVER_10MS] = { "victim_over_10ms", "count", BETTER_LOWER,
		"victim calls longer than 10 ms" },
	[V_OVER_100MS] = { "victim_over_100ms", "count", BETTER_LOWER,
		"victim calls longer than 100 ms" },
	[V_PINNED] = { "victim_pinned", "count", BETTER_NONE,
		"1 when victim and measuring thread ran on different CPUs" },
	[V_NR] = { NULL },
};

static int victim_verify_mode(const char *name)
{
	return strcmp(name, "off") && strcmp(name, "merge_split");
}

static const struct opt_desc victim_options[] = {
	UNIT_OPT_NAME("victim", victim_verify_mode, "off",
		      "lock victim (collector lock_victim): off, or "
		      "merge_split (a thread merges and splits a layout VMA "
		      "during every phase and times each call)"),
	{ NULL },
};

static struct {
	bool on;
	char *hole;			/* the page between vma[i] and vma[i+1] */
	char *vma_lo, *vma_hi;		/* bounds once merged */
	size_t page;
	pthread_t thread;
	bool running;
	atomic_bool stop;
	uint64_t *ns;			/* VICTIM_KEEP entries */
	unsigned long calls;
	unsigned long long elapsed_ns;
	int error;			/* errno of a failed call */
	cpu_set_t self_mask;		/* the measuring thread's, restored */
	bool pinned;
	char why[200];			/* this phase has no figures */
} v;

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void victim_open(void)
{
}

static const char *victim_unsupported(const char *metric)
{
	(void)metric;
	return NULL;
}

/* The layout VMA in the middle, the hole after it, and its neighbour. */
static int pick_hole(const struct layout *l)
{
	const struct scenario *s = l->s;
	unsigned long i = s->vmas / 2;
	size_t len;

	if (s->vmas < 2) {
		snprintf(v.why, sizeof(v.why), "needs two VMAs");
		return -1;
	}
	if (i + 1 >= s->vmas)
		i = s->vmas - 2;
	len = s->pages_per_vma * l->page_size;
	v.page = l->page_size;
	v.hole = l->vma_start[i] + len;
	v.vma_lo = l->vma_start[i];
	v.vma_hi = l->vma_start[i + 1] + len;
	if (l->vma_start[i + 1] != v.hole + v.page) {
		snprintf(v.why, sizeof(v.why), "layout %s has no one-page hole "
			 "between VMAs %lu and %lu", s->layout, i, i + 1);
		return -1;
	}
	return 0;
}

/* Is [lo, hi) one line of /proc/self/maps? */
static bool maps_has(const char *lo, const char *hi)
{
	unsigned long a, b;
	char line[512];
	bool found = false;
	FILE *f = fopen("/proc/self/maps", "r");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%lx-%lx", &a, &b) == 2 &&
			a == (unsigned long)lo && b == (unsigned long)hi;
	fclose(f);
	return found;
}

/* Fill the hole with the neighbours' flags: the madvise merges all three. */
static int merge(void)
{
	void *p = mmap(v.hole, v.page, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
		       MAP_FIXED_NOREPLACE, -1, 0);

	if (p == MAP_FAILED)
		return -1;
	if (p != v.hole) {
		munmap(p, v.page);
		errno = EEXIST;
		return -1;
	}
	return madvise(v.hole, v.page, MADV_NOHUGEPAGE);
}

static int merge_timed(uint64_t *ns)
{
	unsigned long long t0;
	int ret;

	if (merge())
		return -1;
	t0 = now_ns();
	ret = madvise(v.hole, v.page, MADV_MERGEABLE);
	*ns = now_ns() - t0;
	return ret;
}

static int split_timed(uint64_t *ns)
{
	unsigned long long t0 = now_ns();
	int ret = munmap(v.hole, v.page);

	*ns = now_ns() - t0;
	return ret;
}

/* One cycle, untimed, checked in /proc/self/maps. */
static int check_cycle(void)
{
	uint64_t ns;
	bool merged;

	if (merge_timed(&ns)) {
		snprintf(v.why, sizeof(v.why), "mapping the hole: %s",
			 strerror(errno));
		munmap(v.hole, v.page);
		return -1;
	}
	merged = maps_has(v.vma_lo, v.vma_hi);
	if (split_timed(&ns)) {
		snprintf(v.why, sizeof(v.why), "munmap of the hole: %s",
			 strerror(errno));
		return -1;
	}
	if (!merged) {
		snprintf(v.why, sizeof(v.why), "the VMAs around the hole did "
			 "not merge: the victim would not lock the anon_vma");
		return -1;
	}
	if (!maps_has(v.vma_lo, v.hole) ||
	    !maps_has(v.hole + v.page, v.vma_hi)) {
		snprintf(v.why, sizeof(v.why), "the VMAs around the hole did "
			 "not split back to their bounds");
		return -1;
	}
	return 0;
}

static void record(uint64_t ns)
{
	if (v.calls < VICTIM_KEEP)
		v.ns[v.calls] = ns;
	v.calls++;
}

static void *victim_main(void *arg)
{
	unsigned long long t0 = now_ns();
	uint64_t ns;

	(void)arg;
	while (!atomic_load(&v.stop)) {
		if (merge_timed(&ns)) {
			v.error = errno;
			munmap(v.hole, v.page);
			break;
		}
		record(ns);
		if (split_timed(&ns)) {
			v.error = errno;
			break;
		}
		record(ns);
	}
	v.elapsed_ns = now_ns() - t0;
	return NULL;
}

/* Victim on one CPU, the measuring thread on another, where there are two. */
static void pin(pthread_attr_t *attr)
{
	cpu_set_t mine, other;
	int c, first = -1, second = -1;

	v.pinned = false;
	if (sched_getaffinity(0, sizeof(v.self_mask), &v.self_mask))
		return;
	for (c = 0; c < CPU_SETSIZE && second < 0; c++) {
		if (!CPU_ISSET(c, &v.self_mask))
			continue;
		if (first < 0)
			first = c;
		else
			second = c;
	}
	if (second < 0)
		return;
	CPU_ZERO(&mine);
	CPU_SET(first, &mine);
	CPU_ZERO(&other);
	CPU_SET(second, &other);
	if (sched_setaffinity(0, sizeof(mine), &mine))
		return;
	pthread_attr_setaffinity_np(attr, sizeof(other), &other);
	v.pinned = true;
}

static void victim_begin(const struct collect_target *t)
{
	const char *mode = t->layout ? opt_text(t->layout->s, "victim") : "";
	pthread_attr_t attr;

	v.on = !strcmp(mode, "merge_split");
	v.why[0] = '\0';
	v.running = false;
	v.calls = 0;
	v.error = 0;
	if (!v.on)
		return;
	if (!v.ns && !(v.ns = malloc(VICTIM_KEEP * sizeof(*v.ns)))) {
		snprintf(v.why, sizeof(v.why), "out of memory");
		return;
	}
	if (pick_hole(t->layout) || check_cycle())
		return;
	atomic_store(&v.stop, false);
	pthread_attr_init(&attr);
	pin(&attr);
	if (pthread_create(&v.thread, &attr, victim_main, NULL)) {
		snprintf(v.why, sizeof(v.why), "cannot start the victim");
		if (v.pinned)
			sched_setaffinity(0, sizeof(v.self_mask), &v.self_mask);
	} else {
		v.running = true;
	}
	pthread_attr_destroy(&attr);
}

static void victim_stop(void)
{
	if (!v.running)
		return;
	atomic_store(&v.stop, true);
	pthread_join(v.thread, NULL);
	v.running = false;
	if (v.pinned)
		sched_setaffinity(0, sizeof(v.self_mask), &v.self_mask);
	if (v.error)
		snprintf(v.why, sizeof(v.why), "a victim call failed: %s",
			 strerror(v.error));
}

static void victim_end(const struct collect_out *out)
{
	struct value_summary s;
	size_t kept;
	uint64_t val[V_NR];
	bool ok;
	int m;

	if (!v.on)
		return;
	victim_stop();
	ok = !v.why[0] && v.calls;
	kept = v.calls < VICTIM_KEEP ? v.calls : VICTIM_KEEP;
	memset(val, 0, sizeof(val));
	if (ok) {
		value_summarize(v.ns, kept, &s);
		val[V_CALLS] = v.calls;
		val[V_PER_S] = v.elapsed_ns ?
			       v.calls * 1000000000ULL / v.elapsed_ns : 0;
		val[V_P50] = s.p50;
		val[V_P99] = s.p99;
		val[V_MAX] = s.max;
		val[V_OVER_1MS] = value_count_above(v.ns, kept, 1000000);
		val[V_OVER_10MS] = value_count_above(v.ns, kept, 10000000);
		val[V_OVER_100MS] = value_count_above(v.ns, kept, 100000000);
		val[V_PINNED] = v.pinned;
	} else {
		fprintf(stderr, "ksmbench: lock_victim: %s\n",
			v.why[0] ? v.why : "no call completed");
	}
	for (m = 0; m < V_NR; m++)
		out->sample(out->arg, victim_metrics[m].name, ok, val[m]);
}

static void victim_close(void)
{
	victim_stop();
	free(v.ns);
	v.ns = NULL;
}

const struct collector collector_lock_victim = {
	.name = "lock_victim",
	.help = "a thread that write-locks the layout's anon_vma over and "
		"over during each phase, timing every call (scenario option "
		"victim)",
	.metrics = victim_metrics,
	.options = victim_options,
	.open = victim_open,
	.unsupported = victim_unsupported,
	.begin = victim_begin,
	.end = victim_end,
	.close = victim_close,
};
