// SPDX-License-Identifier: GPL-2.0
/*
 * Per-walk numbers on a stock kernel, through the kprobe PMU: an entry and
 * a return probe on rmap_walk_ksm() sampled with time, thread and CPU, and,
 * when asked, the interval-tree iterator (first and next) counted in the
 * same perf group.  Every sample of the group carries the group's counter
 * values (PERF_SAMPLE_READ), so the iterator calls between a walk's entry
 * and its return are the walk's, read from counters that follow the thread
 * across CPUs.  Iterator calls of other rmap walks (rmap_walk_anon() runs
 * the same iterator) fall between walks and are reported apart.  The same
 * way, the thread's task clock (its CPU time, which unlike the duration
 * leaves out time it was preempted) and, where the kernel has a PMU, its
 * cycles and instructions ride in the group: a walk's share of each is the
 * delta between its entry and its return.
 *
 * The events are opened per phase on the measuring thread and the kernel
 * threads the driver names; a per-CPU counter of rmap_walk_ksm() entries
 * tells how many walks other threads did meanwhile.  Probes cost time in
 * every walk, and the iterator probe in every iteration: they are off
 * unless the scenario asks (option kprobe), so driver time is compared in
 * runs without them.
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
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "collector.h"
#include "layout.h"
#include "options.h"
#include "value_summary.h"
#include "walk_pairing.h"

extern const struct collector collector_kprobe_walks;
/*
 * libperf allocates sample ids in perf_evlist__mmap() for events read with
 * PERF_FORMAT_ID, and only this function of its internal API frees them:
 * deleting the evsel without it fails an assertion.
 */
void perf_evsel__free_id(struct perf_evsel *evsel);

#define PMU_DIR		"/sys/bus/event_source/devices/kprobe"
#define WALK_FUNC	"rmap_walk_ksm"
/*
 * 2 MiB a thread.  A walk is two samples of 112 bytes (walk: probes and
 * task clock) to 176 bytes (walk_iter with cycles and instructions): some
 * 6,000 to 9,000 walks a phase before samples are lost (kprobe_lost).
 */
#define RING_PAGES	512
#define MAX_EVENTS	(1UL << 22)

enum kp_mode { KP_OFF, KP_WALK, KP_ITER, KP_WALK_ITER };

static const char *const mode_names[] = {
	[KP_OFF] = "off", [KP_WALK] = "walk", [KP_ITER] = "iter",
	[KP_WALK_ITER] = "walk_iter",
};

/* Group members, in group order; the counters follow G_FIRST. */
enum {
	G_ENTRY, G_RETURN, G_FIRST, G_NEXT, G_TASK_CLOCK, G_CYCLES,
	G_INSTRUCTIONS, G_NR,
};

/* Counters of a wp_event, in group order (member G_FIRST + i). */
enum { C_SEARCHES, C_ITERATIONS, C_TASK_CLOCK, C_CYCLES, C_INSTRUCTIONS };

enum kp_metric {
	M_WALKS, M_OTHER, M_UNPAIRED, M_LOST,
	M_P50, M_P90, M_P99, M_MAX, M_TOTAL,
	M_SEARCHES, M_ITERATIONS, M_ITER_MAX, M_ITER_THREAD, M_ITER_OUTSIDE,
	M_TC_P50, M_TC_MAX, M_GROUP_OFF, M_CYCLES_MEAN, M_INSTR_MEAN,
	M_NR,
};

static const struct metric_desc kp_metrics[] = {
	[M_WALKS] = { "kprobe_walks", "count", BETTER_NONE,
		"rmap_walk_ksm() calls paired entry to return, by the measuring "
		"thread and its kernel threads (kprobes)" },
	[M_OTHER] = { "kprobe_walks_other", "count", BETTER_NONE,
		"rmap_walk_ksm() entries by other threads during the phase" },
	[M_UNPAIRED] = { "kprobe_walks_unpaired", "count", BETTER_LOWER,
		"entries or returns that could not be paired (lost events, "
		"walks open at a phase edge)" },
	[M_LOST] = { "kprobe_lost", "count", BETTER_LOWER,
		"kprobe samples the ring buffers dropped" },
	[M_P50] = { "kprobe_walk_p50_ns", "ns", BETTER_LOWER,
		"median rmap_walk_ksm() duration, entry to return" },
	[M_P90] = { "kprobe_walk_p90_ns", "ns", BETTER_LOWER,
		"90th percentile (nearest rank) of rmap_walk_ksm() duration" },
	[M_P99] = { "kprobe_walk_p99_ns", "ns", BETTER_LOWER,
		"99th percentile (nearest rank) of rmap_walk_ksm() duration" },
	[M_MAX] = { "kprobe_walk_max_ns", "ns", BETTER_LOWER,
		"longest rmap_walk_ksm() call of the phase" },
	[M_TOTAL] = { "kprobe_walk_total_ns", "ns", BETTER_LOWER,
		"rmap_walk_ksm() durations summed over the phase" },
	[M_SEARCHES] = { "kprobe_tree_searches", "count", BETTER_NONE,
		"interval-tree searches (iter_first calls) inside the walks" },
	[M_ITERATIONS] = { "kprobe_iterations", "count", BETTER_LOWER,
		"interval-tree iter_next calls inside the walks, summed" },
	[M_ITER_MAX] = { "kprobe_iter_max", "count", BETTER_LOWER,
		"most iter_next calls in one walk of the phase" },
	[M_ITER_THREAD] = { "kprobe_iter_thread", "count", BETTER_NONE,
		"iter_next calls by the measuring thread and its kernel "
		"threads, in or out of rmap_walk_ksm()" },
	[M_ITER_OUTSIDE] = { "kprobe_iter_outside", "count", BETTER_NONE,
		"iter_next calls of those threads outside rmap_walk_ksm() "
		"(other rmap walks)" },
	[M_TC_P50] = { "kprobe_walk_task_clock_p50_ns", "ns", BETTER_LOWER,
		"median CPU time (task clock) of the walking thread inside "
		"one rmap_walk_ksm() call" },
	[M_TC_MAX] = { "kprobe_walk_task_clock_max_ns", "ns", BETTER_LOWER,
		"most CPU time (task clock) inside one rmap_walk_ksm() call" },
	[M_GROUP_OFF] = { "kprobe_group_off_ns", "ns", BETTER_LOWER,
		"time the probe group was off the PMU while its threads ran "
		"(hardware counters not schedulable): walks then are missing" },
	[M_CYCLES_MEAN] = { "kprobe_walk_cycles_mean", "count", BETTER_LOWER,
		"CPU cycles per rmap_walk_ksm() call, mean over the phase's "
		"walks (needs a PMU)" },
	[M_INSTR_MEAN] = { "kprobe_walk_instructions_mean", "count",
		BETTER_LOWER, "instructions per rmap_walk_ksm() call, mean "
		"over the phase's walks (needs a PMU)" },
	[M_NR] = { NULL },
};

static int kp_verify_mode(const char *name);

static const struct opt_desc kp_options[] = {
	UNIT_OPT_NAME("kprobe", kp_verify_mode, "off",
		      "kprobes on rmap_walk_ksm (collector kprobe_walks): off, "
		      "walk (entry/return: durations), walk_iter (also count "
		      "the interval-tree iterator per walk: slow on "
		      "full-range kernels), iter (the iterator alone)"),
	{ NULL },
};

/* What the running kernel offers, found once. */
static struct {
	int type;
	int retprobe_bit;
	char iter_func[2][64];		/* first, next */
	char why[200];			/* no walk probes: why */
	char why_iter[200];		/* no iterator probes: why */
	char why_hw[200];		/* no cycles/instructions: why */
} kp = { .why = "not opened" };

/* One phase. */
static struct {
	enum kp_mode mode;
	struct perf_evlist *group;	/* per thread */
	struct perf_evsel *member[G_NR];
	int pos[G_NR];			/* index in a group read, or -1 */
	struct perf_evsel *all_entries;	/* per CPU, counting */
	struct perf_cpu_map *cpus;
	struct perf_cpu_map *any_cpu;	/* per-thread events: cpu -1 */
	struct perf_thread_map *threads;
	bool opened;
	char why[200];			/* this phase's events failed */
} ph;

static int kp_verify_mode(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(mode_names) / sizeof(mode_names[0]); i++)
		if (!strcmp(name, mode_names[i]))
			return 0;
	return -1;
}

static enum kp_mode mode_of(const struct collect_target *t)
{
	const char *v = t->layout ? opt_text(t->layout->s, "kprobe") : "off";
	enum kp_mode m;

	for (m = KP_OFF; m <= KP_WALK_ITER; m++)
		if (!strcmp(v, mode_names[m]))
			return m;
	return KP_OFF;
}

static bool wants_walk(enum kp_mode m)
{
	return m == KP_WALK || m == KP_WALK_ITER;
}

static bool wants_iter(enum kp_mode m)
{
	return m == KP_ITER || m == KP_WALK_ITER;
}

static int read_int_file(const char *path, const char *fmt, int *v)
{
	FILE *f = fopen(path, "r");
	int ok;

	if (!f)
		return -1;
	ok = fscanf(f, fmt, v) == 1;
	fclose(f);
	if (!ok)
		errno = EINVAL;
	return ok ? 0 : -1;
}

/* Text symbols of the kernel image named exactly `name`. */
static bool in_kallsyms(FILE *f, const char *name)
{
	char line[512], sym[256], type;

	rewind(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %c %255s", &type, sym) == 2 &&
		    (type == 't' || type == 'T') && !strcmp(sym, name) &&
		    !strchr(line, '['))
			return true;
	return false;
}

/* The iterator was renamed in 7.3 (anon_rmap_tree_*). */
static void find_iterator(FILE *ks)
{
	static const char *const prefixes[] = {
		"anon_rmap_tree_iter_", "anon_vma_interval_tree_iter_",
	};
	size_t i;

	for (i = 0; i < 2; i++) {
		snprintf(kp.iter_func[0], sizeof(kp.iter_func[0]), "%sfirst",
			 prefixes[i]);
		snprintf(kp.iter_func[1], sizeof(kp.iter_func[1]), "%snext",
			 prefixes[i]);
		if (in_kallsyms(ks, kp.iter_func[0]) &&
		    in_kallsyms(ks, kp.iter_func[1]))
			return;
	}
	kp.iter_func[0][0] = kp.iter_func[1][0] = '\0';
	snprintf(kp.why_iter, sizeof(kp.why_iter), "/proc/kallsyms has "
		 "neither anon_rmap_tree_iter_first/next nor "
		 "anon_vma_interval_tree_iter_first/next");
}

/*
 * Cycles and instructions need a PMU, which virtual machines without
 * passthrough (QEMU TCG, this project's Firecracker host) lack.  Ask once,
 * on this thread, so that the run records why they are NA; a phase whose
 * group refuses them later says so too (kp_begin).
 */
static void probe_hardware(void)
{
	static const uint64_t config[2] = { PERF_COUNT_HW_CPU_CYCLES,
					    PERF_COUNT_HW_INSTRUCTIONS };
	static const char *const name[2] = { "cycles", "instructions" };
	struct perf_event_attr a;
	int i, fd;

	kp.why_hw[0] = '\0';
	for (i = 0; i < 2 && !kp.why_hw[0]; i++) {
		memset(&a, 0, sizeof(a));
		a.size = sizeof(a);
		a.type = PERF_TYPE_HARDWARE;
		a.config = config[i];
		a.disabled = 1;
		fd = syscall(SYS_perf_event_open, &a, 0, -1, -1,
			     PERF_FLAG_FD_CLOEXEC);
		if (fd >= 0) {
			close(fd);
			continue;
		}
		snprintf(kp.why_hw, sizeof(kp.why_hw), "cycles and "
			 "instructions need both; perf_event_open %s: %s%s",
			 name[i], strerror(errno), errno == ENOENT ||
			 errno == EOPNOTSUPP ? " (no hardware PMU exposed to "
			 "this kernel)" : "");
	}
}

static void kp_open(void)
{
	FILE *ks;

	kp.why[0] = kp.why_iter[0] = '\0';
	if (read_int_file(PMU_DIR "/type", "%d", &kp.type)) {
		snprintf(kp.why, sizeof(kp.why), "no kprobe PMU (%s/type: "
			 "%s): kernel without CONFIG_KPROBE_EVENTS", PMU_DIR,
			 strerror(errno));
		goto no_iter;
	}
	if (read_int_file(PMU_DIR "/format/retprobe", "config:%d",
			  &kp.retprobe_bit) || kp.retprobe_bit < 0 ||
	    kp.retprobe_bit > 63) {
		snprintf(kp.why, sizeof(kp.why), "kprobe PMU without a "
			 "readable format/retprobe bit");
		goto no_iter;
	}
	ks = fopen("/proc/kallsyms", "r");
	if (!ks) {
		snprintf(kp.why, sizeof(kp.why), "cannot read /proc/kallsyms: "
			 "%s", strerror(errno));
		goto no_iter;
	}
	if (!in_kallsyms(ks, WALK_FUNC))
		snprintf(kp.why, sizeof(kp.why), "/proc/kallsyms has no "
			 WALK_FUNC " (kernel without KSM?)");
	find_iterator(ks);
	fclose(ks);
	if (kp.why[0])
		goto no_iter;
	probe_hardware();
	return;
no_iter:
	snprintf(kp.why_iter, sizeof(kp.why_iter), "%s", kp.why);
}

static bool is_iter_metric(enum kp_metric m)
{
	return m >= M_SEARCHES && m <= M_ITER_OUTSIDE;
}

static bool is_hw_metric(enum kp_metric m)
{
	return m == M_CYCLES_MEAN || m == M_INSTR_MEAN;
}

static const char *kp_unsupported(const char *metric)
{
	enum kp_metric m;

	for (m = 0; m < M_NR; m++)
		if (!strcmp(kp_metrics[m].name, metric))
			break;
	if (m == M_NR)
		return NULL;
	if (kp.why[0])
		return kp.why;
	if (is_iter_metric(m))
		return kp.why_iter[0] ? kp.why_iter : NULL;
	if (is_hw_metric(m))
		return kp.why_hw[0] ? kp.why_hw : NULL;
	return NULL;
}

static void kprobe_attr(struct perf_event_attr *a, const char *func,
			bool ret, bool sample)
{
	memset(a, 0, sizeof(*a));
	a->size = sizeof(*a);
	a->type = kp.type;
	a->config = ret ? 1ULL << kp.retprobe_bit : 0;
	a->kprobe_func = (uint64_t)(uintptr_t)func;
	a->probe_offset = 0;
	a->disabled = 1;
	/* A group's members must share one clock (perf_event_open). */
	a->use_clockid = 1;
	a->clockid = CLOCK_MONOTONIC;
	if (!sample)
		return;
	a->sample_period = 1;
	a->sample_type = PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_TID |
			 PERF_SAMPLE_TIME | PERF_SAMPLE_CPU | PERF_SAMPLE_READ;
	/* The times tell whether the group was ever off the PMU. */
	a->read_format = PERF_FORMAT_GROUP | PERF_FORMAT_ID |
			 PERF_FORMAT_TOTAL_TIME_ENABLED |
			 PERF_FORMAT_TOTAL_TIME_RUNNING;
	a->sample_id_all = 1;
}

/* A counting member of the group: the task clock or a hardware counter. */
static void counter_attr(struct perf_event_attr *a, uint32_t type,
			 uint64_t config)
{
	memset(a, 0, sizeof(*a));
	a->size = sizeof(*a);
	a->type = type;
	a->config = config;
	a->disabled = 1;
	a->use_clockid = 1;
	a->clockid = CLOCK_MONOTONIC;
}

static void phase_close(void)
{
	int g;

	/* A failed open has closed the group already. */
	if (ph.group && ph.opened) {
		perf_evlist__disable(ph.group);
		perf_evlist__munmap(ph.group);
		perf_evlist__close(ph.group);
	}
	for (g = 0; ph.group && g < G_NR; g++)
		if (ph.member[g])
			perf_evsel__free_id(ph.member[g]);
	if (ph.group)
		perf_evlist__delete(ph.group);
	ph.opened = false;
	if (ph.all_entries) {
		perf_evsel__close(ph.all_entries);
		perf_evsel__delete(ph.all_entries);
	}
	if (ph.cpus)
		perf_cpu_map__put(ph.cpus);
	if (ph.threads)
		perf_thread_map__put(ph.threads);
	if (ph.any_cpu)
		perf_cpu_map__put(ph.any_cpu);
	ph.any_cpu = NULL;
	ph.group = NULL;
	ph.all_entries = NULL;
	ph.cpus = NULL;
	ph.threads = NULL;
	memset(ph.member, 0, sizeof(ph.member));
}

static int add_attr(int g, const struct perf_event_attr *a)
{
	int i, n = 0;

	ph.member[g] = perf_evsel__new((struct perf_event_attr *)a);
	if (!ph.member[g])
		return -ENOMEM;
	perf_evlist__add(ph.group, ph.member[g]);
	for (i = 0; i < g; i++)
		n += ph.member[i] != NULL;
	ph.pos[g] = n;
	return 0;
}

static int add_member(int g, const char *func, bool ret, bool sample)
{
	struct perf_event_attr a;

	kprobe_attr(&a, func, ret, sample);
	return add_attr(g, &a);
}

/*
 * The thread's counters beside the walk probes.  The kprobe PMU is a
 * software-context PMU, so the task clock joins its group as any software
 * event does.  A hardware event joining a group of software events moves
 * the whole group to the hardware PMU's context (perf_event_open(),
 * move_group): from then on the group is scheduled as a unit, and while
 * the PMU has no room for it, the walk probes are off too and walks go
 * unseen.  Counting cycles apart from the probes would keep them on, but
 * samples could then not carry the cycles of the walk.  So: the leader is
 * pinned when hardware counters join, which puts the group on the PMU
 * ahead of every unpinned event instead of multiplexing it, or, if it still
 * cannot go on, in error for the rest of the phase; the group's enabled
 * and running times are read at the end of the phase (kprobe_group_off_ns,
 * NA for a group in error), and the per-CPU entry counter, which is not
 * in the group, shows walks the group missed as kprobe_walks_other.
 * Where the kernel refuses the hardware members (no PMU, or a group it
 * cannot take), the group is opened again without them, exactly as it was
 * before they existed.
 */
static int add_counters(bool hw)
{
	struct perf_event_attr a;
	int err;

	counter_attr(&a, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK);
	err = add_attr(G_TASK_CLOCK, &a);
	if (err || !hw)
		return err;
	counter_attr(&a, PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES);
	err = add_attr(G_CYCLES, &a);
	if (err)
		return err;
	counter_attr(&a, PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS);
	return add_attr(G_INSTRUCTIONS, &a);
}

/* Entry and return sample; the iterator and thread counters ride along. */
static int open_group(const struct collect_target *t, bool hw)
{
	pid_t tids[1 + COLLECT_KTHREADS_MAX];
	int err = 0, n = 0, i;

	for (i = 0; i < G_NR; i++)
		ph.pos[i] = -1;

	tids[n++] = t->self;
	for (i = 0; i < t->nr_kthreads; i++)
		tids[n++] = t->kthreads[i];
	ph.threads = perf_thread_map__new_array(n, tids);
	ph.any_cpu = perf_cpu_map__new_any_cpu();
	ph.group = perf_evlist__new();
	if (!ph.threads || !ph.any_cpu || !ph.group)
		return -ENOMEM;
	if (wants_walk(ph.mode)) {
		err = add_member(G_ENTRY, WALK_FUNC, false, true);
		if (!err)
			err = add_member(G_RETURN, WALK_FUNC, true, true);
	}
	if (!err && wants_iter(ph.mode) && kp.iter_func[0][0]) {
		err = add_member(G_FIRST, kp.iter_func[0], false, false);
		if (!err)
			err = add_member(G_NEXT, kp.iter_func[1], false, false);
	}
	if (!err && wants_walk(ph.mode))
		err = add_counters(hw);
	if (err)
		return err;
	if (hw)
		perf_evsel__attr(ph.member[G_ENTRY])->pinned = 1;
	if (wants_walk(ph.mode))
		perf_evlist__set_leader(ph.group);
	perf_evlist__set_maps(ph.group, ph.any_cpu, ph.threads);
	err = perf_evlist__open(ph.group);
	ph.opened = !err;
	if (!err && wants_walk(ph.mode))
		err = perf_evlist__mmap(ph.group, RING_PAGES);
	return err;
}

/* Every CPU, every thread: how many walks happened at all. */
static int open_all_entries(void)
{
	struct perf_event_attr a;
	int err;

	kprobe_attr(&a, WALK_FUNC, false, false);
	ph.cpus = perf_cpu_map__new_online_cpus();
	ph.all_entries = perf_evsel__new(&a);
	if (!ph.cpus || !ph.all_entries)
		return -ENOMEM;
	err = perf_evsel__open(ph.all_entries, ph.cpus, NULL);
	if (err) {
		perf_evsel__delete(ph.all_entries);
		ph.all_entries = NULL;
	}
	return err;
}

static void kp_begin(const struct collect_target *t)
{
	bool hw;
	int err;

	ph.mode = mode_of(t);
	ph.why[0] = '\0';
	if (ph.mode == KP_OFF || kp.why[0])
		return;
	hw = wants_walk(ph.mode) && !kp.why_hw[0];
	err = open_group(t, hw);
	if (err && hw) {
		/* Recorded for the run (metadata.json) and the log. */
		snprintf(kp.why_hw, sizeof(kp.why_hw), "perf_event_open of "
			 "cycles/instructions in the kprobe group: %s",
			 strerror(-err));
		fprintf(stderr, "ksmbench: kprobe_walks: %s; per-walk cycles "
			"and instructions are NA\n", kp.why_hw);
		phase_close();
		err = open_group(t, false);
	}
	if (!err && wants_walk(ph.mode))
		err = open_all_entries();
	if (err) {
		snprintf(ph.why, sizeof(ph.why), "opening kprobes: %s",
			 strerror(-err));
		phase_close();
		return;
	}
	if (ph.all_entries)
		perf_evsel__enable(ph.all_entries);
	perf_evlist__enable(ph.group);
}

/* ---- reading the ring buffers after the phase */

struct harvest {
	struct wp_event *ev;
	size_t n, cap;
	unsigned long entries;		/* entry samples of our threads */
	unsigned long lost;
	unsigned long dropped;		/* events past MAX_EVENTS */
};

static int push(struct harvest *h, const struct wp_event *e)
{
	struct wp_event *p;
	size_t cap;

	if (h->n == h->cap) {
		if (h->cap >= MAX_EVENTS) {
			h->dropped++;
			return 0;
		}
		cap = h->cap ? 2 * h->cap : 4096;
		p = realloc(h->ev, cap * sizeof(*p));
		if (!p)
			return -1;
		h->ev = p;
		h->cap = cap;
	}
	h->ev[h->n++] = *e;
	return 0;
}

/* The group's counter ids, leader first, in the order read gives them. */
struct group_read {
	uint64_t nr, enabled, running;
	struct { uint64_t value, id; } v[G_NR];
};

/* id, pid/tid, time, cpu/res, then the group read. */
static int parse_sample(const union perf_event *ev, struct wp_event *e)
{
	const unsigned char *p = (const unsigned char *)ev +
				 sizeof(ev->header);
	const unsigned char *end = (const unsigned char *)ev + ev->header.size;
	uint32_t ids[2], cpu[2];
	struct group_read gr;
	uint64_t id;
	int i, at;

	if (p + 32 + 24 > end)
		return -1;
	memcpy(&id, p, 8);
	memcpy(ids, p + 8, 8);
	memcpy(&e->time, p + 16, 8);
	memcpy(cpu, p + 24, 8);
	memcpy(&gr.nr, p + 32, 8);
	if (gr.nr < 2 || gr.nr > G_NR ||
	    p + 56 + gr.nr * 16 > end)
		return -1;
	memcpy(gr.v, p + 56, gr.nr * 16);
	e->tid = ids[1];
	e->cpu = cpu[0];
	/* Leader (entry) first, then the return, then the counters. */
	if (id == gr.v[G_ENTRY].id)
		e->kind = WP_ENTRY;
	else if (id == gr.v[G_RETURN].id)
		e->kind = WP_RETURN;
	else
		return -1;
	for (i = 0; i < WP_COUNTERS; i++) {
		at = ph.pos[G_FIRST + i];
		e->count[i] = at >= 0 && (uint64_t)at < gr.nr ?
			      gr.v[at].value : 0;
	}
	return 0;
}

/* PERF_RECORD_LOST: id, lost, then sample_id (pid/tid first). */
static int parse_lost(const union perf_event *ev, struct wp_event *e,
		      uint64_t *lost)
{
	const unsigned char *p = (const unsigned char *)&ev->lost.lost + 8;
	uint32_t ids[2];

	if ((const unsigned char *)ev + ev->header.size < p + 16)
		return -1;
	*lost = ev->lost.lost;
	memcpy(ids, p, 8);
	memcpy(&e->time, p + 8, 8);
	e->tid = ids[1];
	e->kind = WP_LOST;
	return 0;
}

static int harvest(struct harvest *h)
{
	union perf_event *ev;
	struct perf_mmap *map;
	struct wp_event e;
	uint64_t seq = 0, lost;
	int err = 0;

	perf_evlist__for_each_mmap(ph.group, map, false) {
		if (perf_mmap__read_init(map) < 0)
			continue;
		while ((ev = perf_mmap__read_event(map))) {
			memset(&e, 0, sizeof(e));
			e.seq = seq++;
			if (ev->header.type == PERF_RECORD_SAMPLE &&
			    !parse_sample(ev, &e)) {
				h->entries += e.kind == WP_ENTRY;
				err |= push(h, &e);
			}
			else if (ev->header.type == PERF_RECORD_LOST &&
				 !parse_lost(ev, &e, &lost)) {
				h->lost += lost;
				err |= push(h, &e);
			}
			perf_mmap__consume(map);
		}
		perf_mmap__read_done(map);
	}
	return err;
}

static uint64_t read_counter(struct perf_evsel *e, int nr_cpus,
			     int nr_threads, bool *ok)
{
	struct perf_counts_values c;
	uint64_t sum = 0;
	int i, t;

	for (i = 0; i < nr_cpus; i++)
		for (t = 0; t < nr_threads; t++) {
			if (perf_evsel__read(e, i, t, &c))
				*ok = false;
			sum += c.val;
		}
	return sum;
}

struct phase_numbers {
	uint64_t v[M_NR];
	bool ok[M_NR];
};

static void set(struct phase_numbers *pn, enum kp_metric m, uint64_t v)
{
	pn->v[m] = v;
	pn->ok[m] = true;
}

/* Counter i of the call, or NA when its group member was not opened. */
static uint64_t walk_count(const struct wp_call *c, int i)
{
	return ph.member[G_FIRST + i] ? c->count[i] : COLLECT_WALK_NA;
}

static void write_walks(const struct wp_result *r,
			const struct collect_out *out)
{
	uint64_t row[6 + WP_COUNTERS];
	size_t i;
	int k;

	for (i = 0; out->walk && i < r->nr_calls; i++) {
		const struct wp_call *c = &r->calls[i];

		row[0] = c->tid;
		row[1] = c->cpu_entry;
		row[2] = c->cpu_return;
		row[3] = c->depth;
		row[4] = c->start;
		row[5] = c->ns;
		for (k = 0; k < WP_COUNTERS; k++)
			row[6 + k] = walk_count(c, k);
		out->walk(out->arg, &collector_kprobe_walks, i + 1, row,
			  6 + WP_COUNTERS);
	}
}

/* Task clock per walk (p50, max), cycles and instructions (mean). */
static void counter_numbers(struct phase_numbers *pn,
			    const struct wp_result *r)
{
	uint64_t *tc, cycles = 0, instr = 0, n = r->nr_calls;
	struct value_summary s;
	size_t i;

	if (!n)
		return;
	if (ph.member[G_TASK_CLOCK]) {
		tc = malloc(n * sizeof(*tc));
		if (!tc)
			return;
		for (i = 0; i < n; i++)
			tc[i] = r->calls[i].count[C_TASK_CLOCK];
		value_summarize(tc, n, &s);
		free(tc);
		set(pn, M_TC_P50, s.p50);
		set(pn, M_TC_MAX, s.max);
	}
	if (!ph.member[G_CYCLES] || !ph.member[G_INSTRUCTIONS])
		return;
	for (i = 0; i < n; i++) {
		cycles += r->calls[i].count[C_CYCLES];
		instr += r->calls[i].count[C_INSTRUCTIONS];
	}
	/* Rounded to the nearest count. */
	set(pn, M_CYCLES_MEAN, (cycles + n / 2) / n);
	set(pn, M_INSTR_MEAN, (instr + n / 2) / n);
}

static void walk_numbers(struct phase_numbers *pn, const struct harvest *h,
			 const struct wp_result *r, bool counted)
{
	uint64_t *ns = malloc((r->nr_calls + 1) * sizeof(*ns));
	uint64_t searches = 0, iters = 0, iter_max = 0;
	struct value_summary s;
	size_t i;

	if (!ns)
		return;
	for (i = 0; i < r->nr_calls; i++) {
		ns[i] = r->calls[i].ns;
		searches += r->calls[i].count[C_SEARCHES];
		iters += r->calls[i].count[C_ITERATIONS];
		if (r->calls[i].count[C_ITERATIONS] > iter_max)
			iter_max = r->calls[i].count[C_ITERATIONS];
	}
	value_summarize(ns, r->nr_calls, &s);
	free(ns);
	set(pn, M_WALKS, r->nr_calls);
	set(pn, M_UNPAIRED, r->unmatched_returns + r->unreturned +
	    r->broken + r->too_deep);
	set(pn, M_LOST, h->lost + h->dropped);
	set(pn, M_TOTAL, s.total);
	/* No walk has no percentile: NA, not a fast 0. */
	if (r->nr_calls) {
		set(pn, M_P50, s.p50);
		set(pn, M_P90, s.p90);
		set(pn, M_P99, s.p99);
		set(pn, M_MAX, s.max);
	}
	counter_numbers(pn, r);
	if (!counted)
		return;
	set(pn, M_SEARCHES, searches);
	set(pn, M_ITERATIONS, iters);
	set(pn, M_ITER_MAX, iter_max);
	if (pn->ok[M_ITER_THREAD] && pn->v[M_ITER_THREAD] >= iters)
		set(pn, M_ITER_OUTSIDE, pn->v[M_ITER_THREAD] - iters);
}

static void collect_walks(struct phase_numbers *pn,
			  const struct collect_out *out)
{
	bool counted = ph.member[G_NEXT] != NULL;
	struct harvest h = { 0 };
	struct wp_result r;
	bool ok = true;
	uint64_t all;

	if (harvest(&h) || wp_pair(h.ev, h.n, &r)) {
		free(h.ev);
		return;
	}
	all = read_counter(ph.all_entries, perf_cpu_map__nr(ph.cpus), 1, &ok);
	/* Our entries: paired walks plus whatever could not be paired. */
	/* Entries our buffers lost are in neither: counted in M_LOST. */
	if (ok && all >= h.entries)
		set(pn, M_OTHER, all - h.entries);
	walk_numbers(pn, &h, &r, counted);
	write_walks(&r, out);
	wp_result_free(&r);
	free(h.ev);
}

/*
 * Enabled minus running time of the leader, summed over the threads: how
 * long the group was kept off the PMU while its threads ran.  Always 0 for
 * a group of software events, which never fail to schedule.  A group in
 * error reads nothing, and the measuring thread (thread 0), which ran the
 * phase, cannot have zero enabled time otherwise: NA then.
 */
static void group_off(struct phase_numbers *pn, int nr_threads)
{
	struct perf_counts_values c;
	uint64_t off = 0;
	int t;

	for (t = 0; t < nr_threads; t++) {
		if (perf_evsel__read(ph.member[G_ENTRY], 0, t, &c) ||
		    (!t && !c.ena)) {
			fprintf(stderr, "ksmbench: kprobe_walks: the probe "
				"group of thread %d reads no time (in error?): "
				"walks may be missing\n", t);
			return;
		}
		off += c.ena > c.run ? c.ena - c.run : 0;
	}
	set(pn, M_GROUP_OFF, off);
	if (off)
		fprintf(stderr, "ksmbench: kprobe_walks: the probe group was "
			"off the PMU for %llu ns of the phase: walks then were "
			"not seen\n", (unsigned long long)off);
}

static void kp_end(const struct collect_out *out)
{
	struct phase_numbers pn;
	int nr_threads;
	bool ok = true;
	enum kp_metric m;

	memset(&pn, 0, sizeof(pn));
	if (ph.mode == KP_OFF)
		return;
	if (ph.opened) {
		perf_evlist__disable(ph.group);
		if (ph.all_entries)
			perf_evsel__disable(ph.all_entries);
		nr_threads = perf_thread_map__nr(ph.threads);
		if (ph.member[G_NEXT]) {
			uint64_t v = read_counter(ph.member[G_NEXT], 1,
						  nr_threads, &ok);
			if (ok)
				set(&pn, M_ITER_THREAD, v);
		}
		if (wants_walk(ph.mode)) {
			group_off(&pn, nr_threads);
			collect_walks(&pn, out);
		}
	}
	for (m = 0; m < M_NR; m++)
		out->sample(out->arg, kp_metrics[m].name, pn.ok[m], pn.v[m]);
	if (ph.why[0])
		fprintf(stderr, "ksmbench: kprobe_walks: %s\n", ph.why);
	phase_close();
}

static void kp_close(void)
{
	phase_close();
}

const struct collector collector_kprobe_walks = {
	.name = "kprobe_walks",
	.help = "rmap_walk_ksm() durations and iterator counts per walk "
		"through the kprobe PMU (stock kernels; scenario option "
		"kprobe)",
	.metrics = kp_metrics,
	.options = kp_options,
	.walk_file = "kprobe_walks.csv",
	.walk_columns = "tid,cpu_entry,cpu_return,depth,start_ns,duration_ns,"
			"tree_searches,iterations,task_clock_ns,cycles,"
			"instructions",
	.open = kp_open,
	.unsupported = kp_unsupported,
	.begin = kp_begin,
	.end = kp_end,
	.close = kp_close,
};
