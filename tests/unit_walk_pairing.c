// SPDX-License-Identifier: GPL-2.0
/*
 * Pairing of kprobe entry/return events into walks, the attribution of
 * iterator counts to the walk they ran in, and the percentiles printed
 * from them, on synthetic event streams.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "value_summary.h"
#include "walk_pairing.h"

CHECK_DEFINE_STATE;

static uint64_t seq;

static struct wp_event ev(uint32_t tid, uint32_t cpu, enum wp_kind kind,
			  uint64_t time, uint64_t searches, uint64_t iters)
{
	struct wp_event e = {
		.time = time, .seq = seq++, .tid = tid, .cpu = cpu,
		.kind = kind, .count = { searches, iters },
	};
	return e;
}

/* An event with all of a thread's counters: searches, iterations, task
 * clock (ns), cycles, instructions, as the kprobe collector fills them. */
static struct wp_event evc(uint32_t tid, uint32_t cpu, enum wp_kind kind,
			   uint64_t time, const uint64_t c[WP_COUNTERS])
{
	struct wp_event e = ev(tid, cpu, kind, time, 0, 0);

	memcpy(e.count, c, sizeof(e.count));
	return e;
}

static const struct wp_call *find_call(const struct wp_result *r,
				       uint32_t tid, uint64_t start)
{
	size_t i;

	for (i = 0; i < r->nr_calls; i++)
		if (r->calls[i].tid == tid && r->calls[i].start == start)
			return &r->calls[i];
	return NULL;
}

static void test_simple(void)
{
	struct wp_event e[] = {
		ev(7, 0, WP_ENTRY, 100, 2, 5),
		ev(7, 0, WP_RETURN, 350, 4, 25),
	};
	struct wp_result r;
	const struct wp_call *c;

	CHECK("pair: runs", !wp_pair(e, 2, &r), "out of memory");
	c = find_call(&r, 7, 100);
	CHECK("pair: one call, duration and counts inside it",
	      r.nr_calls == 1 && c && c->ns == 250 && c->count[0] == 2 &&
	      c->count[1] == 20 && c->depth == 0,
	      "%zu calls, ns %llu count %llu/%llu", r.nr_calls,
	      c ? (unsigned long long)c->ns : 0ULL,
	      c ? (unsigned long long)c->count[0] : 0ULL,
	      c ? (unsigned long long)c->count[1] : 0ULL);
	CHECK("pair: nothing unmatched", !r.unmatched_returns &&
	      !r.unreturned && !r.broken && r.max_depth == 1,
	      "unmatched %lu unreturned %lu broken %lu depth %u",
	      r.unmatched_returns, r.unreturned, r.broken, r.max_depth);
	wp_result_free(&r);
}

/* Two threads on two CPUs, one migrating between CPUs mid-call, read
 * from per-CPU buffers one after the other (so out of time order). */
static void test_threads_out_of_order(void)
{
	struct wp_event e[] = {
		/* buffer of CPU 1 */
		ev(2, 1, WP_ENTRY, 20, 0, 100),
		ev(1, 1, WP_RETURN, 30, 0, 9),
		ev(2, 1, WP_RETURN, 50, 0, 130),
		/* buffer of CPU 0 */
		ev(1, 0, WP_ENTRY, 10, 0, 4),
		ev(1, 0, WP_ENTRY, 60, 0, 9),
		ev(1, 0, WP_RETURN, 75, 0, 10),
	};
	const struct wp_call *a, *b, *c;
	struct wp_result r;

	CHECK("threads: runs", !wp_pair(e, 6, &r), "out of memory");
	a = find_call(&r, 1, 10);
	b = find_call(&r, 2, 20);
	c = find_call(&r, 1, 60);
	CHECK("threads: three calls, each paired within its thread",
	      r.nr_calls == 3 && a && b && c && a->ns == 20 && b->ns == 30 &&
	      c->ns == 15, "%zu calls", r.nr_calls);
	CHECK("threads: counts follow the thread, not the CPU",
	      a && b && c && a->count[1] == 5 && b->count[1] == 30 &&
	      c->count[1] == 1, "counts wrong");
	CHECK("threads: a call that changed CPU keeps both CPUs",
	      a && a->cpu_entry == 0 && a->cpu_return == 1,
	      "cpu %u -> %u", a ? a->cpu_entry : 99, a ? a->cpu_return : 99);
	CHECK("threads: nothing unmatched", !r.unmatched_returns &&
	      !r.unreturned, "unmatched %lu unreturned %lu",
	      r.unmatched_returns, r.unreturned);
	wp_result_free(&r);
}

static void test_missing(void)
{
	struct wp_event e[] = {
		ev(3, 0, WP_RETURN, 5, 0, 0),	/* entry before the phase */
		ev(3, 0, WP_ENTRY, 10, 0, 0),
		ev(3, 0, WP_RETURN, 20, 0, 3),
		ev(3, 0, WP_ENTRY, 30, 0, 3),	/* still running at the end */
		ev(4, 1, WP_ENTRY, 12, 0, 0),
	};
	struct wp_result r;

	CHECK("missing: runs", !wp_pair(e, 5, &r), "out of memory");
	CHECK("missing: only the complete call is a call", r.nr_calls == 1 &&
	      r.calls[0].start == 10 && r.calls[0].ns == 10,
	      "%zu calls", r.nr_calls);
	CHECK("missing: a return without entry is counted",
	      r.unmatched_returns == 1, "%lu", r.unmatched_returns);
	CHECK("missing: entries without return are counted, per thread",
	      r.unreturned == 2, "%lu", r.unreturned);
	wp_result_free(&r);
}

static void test_recursion(void)
{
	struct wp_event e[] = {
		ev(5, 0, WP_ENTRY, 0, 0, 0),
		ev(5, 0, WP_ENTRY, 10, 1, 3),
		ev(5, 0, WP_ENTRY, 12, 2, 4),
		ev(5, 0, WP_RETURN, 14, 3, 6),
		ev(5, 0, WP_RETURN, 20, 3, 8),
		ev(5, 0, WP_RETURN, 40, 4, 10),
	};
	const struct wp_call *outer, *mid, *inner;
	struct wp_result r;

	CHECK("recursion: runs", !wp_pair(e, 6, &r), "out of memory");
	outer = find_call(&r, 5, 0);
	mid = find_call(&r, 5, 10);
	inner = find_call(&r, 5, 12);
	CHECK("recursion: each level paired with its own return",
	      r.nr_calls == 3 && outer && mid && inner && outer->ns == 40 &&
	      mid->ns == 10 && inner->ns == 2, "%zu calls", r.nr_calls);
	CHECK("recursion: depths", outer && mid && inner &&
	      outer->depth == 0 && mid->depth == 1 && inner->depth == 2 &&
	      r.max_depth == 3, "max depth %u", r.max_depth);
	/* inner 4->6: 2; mid 3->8 is 5, minus inner's 2: 3; outer 0->10 is
	 * 10, minus mid's inclusive 5: 5.  The sum is the thread's total. */
	CHECK("recursion: each count goes to the innermost call only",
	      outer && mid && inner && inner->count[1] == 2 &&
	      mid->count[1] == 3 && outer->count[1] == 5 &&
	      outer->count[0] + mid->count[0] + inner->count[0] == 4,
	      "outer %llu mid %llu inner %llu",
	      outer ? (unsigned long long)outer->count[1] : 0ULL,
	      mid ? (unsigned long long)mid->count[1] : 0ULL,
	      inner ? (unsigned long long)inner->count[1] : 0ULL);
	wp_result_free(&r);
}

static bool counts_are(const struct wp_call *c, uint64_t tc, uint64_t cyc,
		       uint64_t ins)
{
	return c && c->count[2] == tc && c->count[3] == cyc &&
	       c->count[4] == ins;
}

/*
 * The task clock, cycles and instructions of each walk: thread 3 nests a
 * walk in a walk; thread 4 walks at the same time on the other CPU, is
 * preempted inside its walk and returns on another CPU; both threads'
 * counters run on between walks.  Buffers are read per CPU, out of time
 * order.  Each walk gets its own thread's delta, nested walks' own left
 * out of the enclosing one, and nothing between walks.
 */
static void test_thread_counters(void)
{
	static const uint64_t
		/* thread 3: outer 100..400, nested 150..250 */
		a0[] = { 0, 0, 1000, 5000, 7000 },
		a1[] = { 1, 3, 1040, 5100, 7050 },
		a2[] = { 2, 9, 1120, 5400, 7250 },
		a3[] = { 2, 12, 1300, 6000, 7600 },
		/* thread 4: 200..350 (CPU 1 to 0), 500..600 */
		b0[] = { 0, 0, 50000, 10, 20 },
		b1[] = { 1, 4, 50090, 310, 170 },
		b2[] = { 1, 4, 50700, 900, 800 },
		b3[] = { 2, 6, 50760, 1000, 880 };
	struct wp_event e[] = {
		/* buffer of CPU 0 */
		evc(3, 0, WP_ENTRY, 100, a0),
		evc(3, 0, WP_ENTRY, 150, a1),
		evc(3, 0, WP_RETURN, 250, a2),
		evc(4, 0, WP_RETURN, 350, b1),
		evc(3, 0, WP_RETURN, 400, a3),
		/* buffer of CPU 1 */
		evc(4, 1, WP_ENTRY, 200, b0),
		evc(4, 1, WP_ENTRY, 500, b2),
		evc(4, 1, WP_RETURN, 600, b3),
	};
	const struct wp_call *outer, *inner, *pre, *later;
	struct wp_result r;

	CHECK("counters: runs", !wp_pair(e, 8, &r), "out of memory");
	outer = find_call(&r, 3, 100);
	inner = find_call(&r, 3, 150);
	pre = find_call(&r, 4, 200);
	later = find_call(&r, 4, 500);
	CHECK("counters: four walks, none unmatched", r.nr_calls == 4 &&
	      outer && inner && pre && later && !r.unmatched_returns &&
	      !r.unreturned, "%zu calls", r.nr_calls);
	CHECK("counters: nested walk gets its own delta",
	      counts_are(inner, 80, 300, 200),
	      "task clock %llu cycles %llu instructions %llu",
	      inner ? (unsigned long long)inner->count[2] : 0ULL,
	      inner ? (unsigned long long)inner->count[3] : 0ULL,
	      inner ? (unsigned long long)inner->count[4] : 0ULL);
	/* 300 - 80, 1000 - 300, 600 - 200 */
	CHECK("counters: enclosing walk without the nested one's",
	      counts_are(outer, 220, 700, 400),
	      "task clock %llu cycles %llu instructions %llu",
	      outer ? (unsigned long long)outer->count[2] : 0ULL,
	      outer ? (unsigned long long)outer->count[3] : 0ULL,
	      outer ? (unsigned long long)outer->count[4] : 0ULL);
	CHECK("counters: a preempted walk's task clock is below its duration",
	      pre && pre->ns == 150 && counts_are(pre, 90, 300, 150) &&
	      pre->cpu_entry == 1 && pre->cpu_return == 0,
	      "ns %llu task clock %llu",
	      pre ? (unsigned long long)pre->ns : 0ULL,
	      pre ? (unsigned long long)pre->count[2] : 0ULL);
	CHECK("counters: what ran between walks goes to none",
	      counts_are(later, 60, 100, 80) && later->count[1] == 2,
	      "task clock %llu cycles %llu instructions %llu",
	      later ? (unsigned long long)later->count[2] : 0ULL,
	      later ? (unsigned long long)later->count[3] : 0ULL,
	      later ? (unsigned long long)later->count[4] : 0ULL);
	wp_result_free(&r);
}

static void test_lost(void)
{
	struct wp_event e[] = {
		ev(6, 0, WP_ENTRY, 10, 0, 0),
		ev(6, 0, WP_LOST, 15, 0, 0),
		ev(6, 0, WP_RETURN, 30, 0, 7),
		ev(6, 0, WP_ENTRY, 40, 0, 7),
		ev(6, 0, WP_RETURN, 45, 0, 8),
	};
	struct wp_result r;

	CHECK("lost: runs", !wp_pair(e, 5, &r), "out of memory");
	CHECK("lost: the open call is dropped, not closed by a guess",
	      r.broken == 1 && r.unmatched_returns == 1,
	      "broken %lu unmatched %lu", r.broken, r.unmatched_returns);
	CHECK("lost: pairing resumes after the loss", r.nr_calls == 1 &&
	      r.calls[0].start == 40 && r.calls[0].count[1] == 1,
	      "%zu calls", r.nr_calls);
	wp_result_free(&r);
}

static void test_too_deep(void)
{
	struct wp_event e[2 * (WP_DEPTH_MAX + 2)];
	struct wp_result r;
	size_t i, n = WP_DEPTH_MAX + 2;

	for (i = 0; i < n; i++)
		e[i] = ev(8, 0, WP_ENTRY, i, 0, 0);
	for (i = 0; i < n; i++)
		e[n + i] = ev(8, 0, WP_RETURN, 100 + i, 0, 0);
	CHECK("deep: runs", !wp_pair(e, 2 * n, &r), "out of memory");
	CHECK("deep: calls past the limit are counted, the rest paired",
	      r.too_deep == 2 && r.nr_calls == WP_DEPTH_MAX &&
	      !r.unmatched_returns && !r.unreturned,
	      "too deep %lu, %zu calls, unmatched %lu", r.too_deep,
	      r.nr_calls, r.unmatched_returns);
	wp_result_free(&r);
}

static void test_empty(void)
{
	struct wp_result r;

	CHECK("empty: no events, no calls", !wp_pair(NULL, 0, &r) &&
	      r.nr_calls == 0 && !r.unreturned, "%zu", r.nr_calls);
	wp_result_free(&r);
}

static void test_summary(void)
{
	struct value_summary s;
	uint64_t v[100], one = 42;
	size_t i;

	/* Shuffled 1..100. */
	for (i = 0; i < 100; i++)
		v[i] = (i * 37) % 100 + 1;
	value_summarize(v, 100, &s);
	CHECK("summary: nearest-rank percentiles of 1..100",
	      s.n == 100 && s.p50 == 50 && s.p90 == 90 && s.p99 == 99 &&
	      s.max == 100 && s.total == 5050,
	      "p50 %llu p90 %llu p99 %llu max %llu total %llu",
	      (unsigned long long)s.p50, (unsigned long long)s.p90,
	      (unsigned long long)s.p99, (unsigned long long)s.max,
	      (unsigned long long)s.total);
	CHECK("summary: values above a limit",
	      value_count_above(v, 100, 90) == 10 &&
	      value_count_above(v, 100, 100) == 0 &&
	      value_count_above(v, 100, 0) == 100, "%zu",
	      value_count_above(v, 100, 90));
	value_summarize(&one, 1, &s);
	CHECK("summary: one value is every percentile",
	      s.p50 == 42 && s.p99 == 42 && s.max == 42, "%llu",
	      (unsigned long long)s.p50);
	value_summarize(NULL, 0, &s);
	CHECK("summary: no values", s.n == 0 && s.max == 0, "%zu", s.n);
}

int main(void)
{
	test_simple();
	test_threads_out_of_order();
	test_missing();
	test_recursion();
	test_thread_counters();
	test_lost();
	test_too_deep();
	test_empty();
	test_summary();
	return CHECK_EXIT();
}
