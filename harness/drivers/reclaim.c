// SPDX-License-Identifier: GPL-2.0
/*
 * reclaim: push every KSM page of the layout out to swap through a memory
 * cgroup of our own (`out`), then fault every mapping back in, in the
 * parent and in each child (`in`).  Reclaiming a KSM folio walks its rmap
 * at least twice, both through rmap_walk_ksm(): folio_referenced() to age
 * it, try_to_unmap() to replace every mapping by a swap entry.  A walk that
 * misses a mapping leaves the folio mapped there, so reclaim cannot free
 * it: that is how upstream caught the first, address-bounded version of
 * the 7.3 change (Hugh Dickins' test saw mremap()ed KSM pages no longer
 * swapped out).  So a KSM page still resident after `out` while swap had
 * room is a failure, not a slow or fast sample.
 *
 * The cgroup's reclaim (memory.reclaim on v2, memory.force_empty on v1) runs
 * in the measuring thread: no kernel thread does the work, so kthreads() is
 * not needed.  Swap-in loses the KSM flag ("the ksm flag is lost on actual
 * swapout", mm/memory.c): every mapping comes back as a page of its own, so
 * the runner merges again (and forks fresh children) before each repetition.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "child_agent.h"
#include "driver.h"
#include "fork_children.h"
#include "layout_math.h"
#include "layout_verify.h"
#include "memcg.h"
#include "swap_census.h"
#include "zram_swap.h"

/* Reclaim rounds before giving up on a KSM page that stays resident. */
#define RECLAIM_PASSES	8

enum { PHASE_OUT, PHASE_IN };

struct reclaim_state {
	struct memcg cg;
	struct zram_swap zs;
	bool own_swap;
	bool *was_out;			/* per content: out in `out` */
	struct verify_result *touch;	/* the parent's progress in `in` */
	unsigned long passes;
	int reclaim_err;
};

static const char *const reclaim_phases[] = { "out", "in", NULL };

static const struct opt_desc reclaim_options[] = {
	UNIT_OPT_FLAG("setup_swap", "reclaim: create a zram swap device of "
		      "ksmbench's own for the run (taken down afterwards); "
		      "without it the driver needs swap to exist"),
	{ NULL },
};

static const struct metric_desc reclaim_metrics[] = {
	{ "ksm_pages_swapped_out", "pages", BETTER_HIGHER,
	  "out: KSM pages with every mapping, in every process, in swap" },
	{ "ksm_pages_not_reclaimed", "pages", BETTER_LOWER,
	  "out: KSM pages with a mapping still resident (a missed walk)" },
	{ "ksm_pages_swapped_in", "pages", BETTER_HIGHER,
	  "in: KSM pages swapped out before, every mapping resident again" },
	{ "mappings_swapped", "count", BETTER_NONE,
	  "mappings of KSM contents, all processes, that are swap entries" },
	{ "mappings_resident", "count", BETTER_NONE,
	  "mappings of KSM contents, all processes, that are present" },
	{ "mappings_still_ksm", "count", BETTER_NONE,
	  "present mappings on a KSM frame (swap-in copies: 0 expected)" },
	{ "reclaim_passes", "count", BETTER_LOWER,
	  "out: cgroup reclaim requests until every KSM page was out" },
	{ "memcg_version", "version", BETTER_NONE,
	  "out: cgroup version reclaimed through (2: memory.reclaim, "
	  "1: memory.force_empty)" },
	{ NULL },
};

static long long sys_swap_kib(void)
{
	long long kib = swap_free_kib(NULL);

	return kib < 0 ? 0 : kib;
}

static int reclaim_check(const struct scenario *s, char *reason, size_t len)
{
	struct memcg cg;

	if (geteuid()) {
		snprintf(reason, len, "needs root (cgroups, swap)");
		return -1;
	}
	if (memcg_find(&cg, reason, len))
		return -1;
	if (opt_ulong(s, "setup_swap"))
		return zram_swap_available(reason, len);
	if (swap_free_kib(NULL) < 0) {
		snprintf(reason, len, "no swap on this machine; --setup-swap "
			 "makes a zram swap device for the run");
		return -1;
	}
	return 0;
}

/* Room for the whole cgroup: the layout in every process, and slack. */
static uint64_t zram_bytes(const struct scenario *s)
{
	return 2 * layout_memory_estimate(s, sysconf(_SC_PAGESIZE)) +
	       (256ULL << 20);
}

static int reclaim_prepare_layout(struct run_ctx *ctx, char *err,
				  size_t errlen)
{
	struct reclaim_state *r = calloc(1, sizeof(*r));
	int ret;

	ctx->priv = r;
	if (!r) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	r->zs.id = -1;
	r->zs.h_remove = r->zs.h_swapoff = -1;
	if (memcg_find(&r->cg, err, errlen))
		return -1;
	if (opt_ulong(ctx->s, "setup_swap")) {
		if (zram_swap_create(&r->zs, zram_bytes(ctx->s), err, errlen))
			return -1;
		r->own_swap = true;
		fprintf(ctx->log, "%s reclaim: swap on %s (%llu MiB)\n",
			ctx->s->name, r->zs.dev,
			(unsigned long long)(r->zs.bytes >> 20));
	}
	/* Before the layout exists, so that its pages are charged to us. */
	ret = memcg_create(&r->cg, err, errlen);
	if (ret)
		return ret;
	fprintf(ctx->log, "%s reclaim: cgroup v%d %s, reclaim through %s\n",
		ctx->s->name, r->cg.version, r->cg.path,
		memcg_reclaim_file(&r->cg));
	return 0;
}

static int reclaim_setup(struct run_ctx *ctx, char *err, size_t errlen)
{
	struct reclaim_state *r = ctx->priv;

	r->was_out = calloc(ctx->s->ksm_pages, sizeof(bool));
	r->touch = calloc(1, verify_result_size(ctx->s));
	if (r->was_out && r->touch)
		return 0;
	snprintf(err, errlen, "out of memory");
	return -1;
}

/* Every process that maps the layout: the parent, then the children. */
static int census(struct run_ctx *ctx, bool flags, struct swap_census *c,
		  char *err, size_t errlen)
{
	unsigned long i;

	if (swap_census_init(c, ctx->s)) {
		snprintf(err, errlen, "out of memory for the census");
		return -1;
	}
	if (swap_census_add(c, ctx->layout, 0, flags, err, errlen))
		goto fail;
	for (i = 0; i < ctx->kids->nr; i++)
		if (swap_census_add(c, ctx->layout, ctx->kids->pids[i], flags,
				    err, errlen))
			goto fail;
	swap_census_finish(c);
	return 0;
fail:
	swap_census_free(c);
	return -1;
}

static bool all_out(struct run_ctx *ctx)
{
	struct swap_census c;
	char err[128];
	bool done;

	if (census(ctx, false, &c, err, sizeof(err)))
		return false;
	done = c.contents_swapped == ctx->s->ksm_pages;
	swap_census_free(&c);
	return done;
}

static int clear_refs(pid_t pid)
{
	char path[64];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "/proc/%d/clear_refs", (int)pid);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, "1", 1) != 1)
		ret = -errno;
	if (fd >= 0)
		close(fd);
	return ret;
}

/*
 * Every mapping KSM installs is young (x86 page protections carry the
 * accessed bit), and the read-back after `in` makes the others young too.
 * Reclaim would then activate each KSM page on first sight and, with memcg
 * LRU sizes flushed only every few seconds, may not age the active list
 * again within the phase: whether a page went out would depend on the
 * timing of a stats flush.  So the phase starts from pages nobody touched
 * lately, in every process: accessed bits and PG_referenced cleared.
 * folio_referenced() still walks every mapping to test them.
 */
static int reclaim_prepare_phase(struct run_ctx *ctx, unsigned int phase,
				 char *err, size_t errlen)
{
	unsigned long i;
	int ret;

	if (phase != PHASE_OUT)
		return 0;
	ret = clear_refs(getpid());
	for (i = 0; !ret && i < ctx->kids->nr; i++)
		ret = clear_refs(ctx->kids->pids[i]);
	if (ret)
		snprintf(err, errlen, "clear_refs: %s", strerror(-ret));
	return ret ? -1 : 0;
}

static void run_out(struct run_ctx *ctx, struct phase_stats *st)
{
	struct reclaim_state *r = ctx->priv;

	r->reclaim_err = 0;
	for (r->passes = 1; r->passes <= RECLAIM_PASSES; r->passes++) {
		r->reclaim_err = memcg_reclaim(&r->cg);
		if (r->reclaim_err || all_out(ctx))
			break;
	}
	if (r->passes > RECLAIM_PASSES)
		r->passes = RECLAIM_PASSES;
	phase_set(reclaim_metrics, st, "reclaim_passes", r->passes);
	phase_set(reclaim_metrics, st, "memcg_version", r->cg.version);
}

static void run_in(struct run_ctx *ctx, struct phase_stats *st)
{
	struct reclaim_state *r = ctx->priv;
	struct agents_verdict v;

	children_touch_begin(ctx->kids, &v);
	layout_touch(ctx->layout, r->touch);
	children_touch_end(ctx->kids, ctx->s->verify_timeout, &v);
	if (!v.hung && !v.detail[0])
		return;
	st->failures += v.hung ? v.hung : 1;
	snprintf(st->detail, sizeof(st->detail), "swap-in: %.200s", v.detail);
}

static int reclaim_run_phase(struct run_ctx *ctx, unsigned int phase,
			     struct phase_stats *st)
{
	if (phase == PHASE_OUT)
		run_out(ctx, st);
	else
		run_in(ctx, st);
	return 0;
}

static void census_metrics(const struct swap_census *c, struct phase_stats *st)
{
	phase_set(reclaim_metrics, st, "mappings_swapped", c->swapped);
	phase_set(reclaim_metrics, st, "mappings_resident", c->resident);
	phase_set(reclaim_metrics, st, "mappings_still_ksm", c->resident_ksm);
}

static void verify_out(struct run_ctx *ctx, const struct swap_census *c,
		       struct phase_stats *st)
{
	struct reclaim_state *r = ctx->priv;
	unsigned long k, nr = ctx->s->ksm_pages, left;
	long long room;
	size_t len;

	for (k = 0; k < nr; k++)
		r->was_out[k] = swap_census_content_swapped(c, k);
	left = nr - c->contents_swapped;
	phase_set(reclaim_metrics, st, "ksm_pages_swapped_out",
		  c->contents_swapped);
	phase_set(reclaim_metrics, st, "ksm_pages_not_reclaimed", left);
	if (!left && !r->reclaim_err)
		return;
	room = r->own_swap ? swap_free_kib(r->zs.dev) : sys_swap_kib();
	st->failures += left ? left : 1;
	len = strlen(st->detail);
	snprintf(st->detail + len, sizeof(st->detail) - len,
		 "%s%lu of %lu KSM pages not reclaimed (%lu of %lu mappings "
		 "still resident) after %lu %s requests%s%s; swap had %lld "
		 "KiB free", len ? "; " : "", left, nr, c->resident,
		 c->mappings, r->passes, memcg_reclaim_file(&r->cg),
		 r->reclaim_err ? ", the last failed: " : "",
		 r->reclaim_err ? strerror(-r->reclaim_err) : "", room);
}

static void verify_in(struct run_ctx *ctx, const struct swap_census *c,
		      struct phase_stats *st)
{
	struct reclaim_state *r = ctx->priv;
	unsigned long k, back = 0;
	size_t len;

	for (k = 0; k < ctx->s->ksm_pages; k++)
		back += r->was_out[k] && swap_census_content_resident(c, k);
	phase_set(reclaim_metrics, st, "ksm_pages_swapped_in", back);
	if (!c->swapped && !c->absent)
		return;
	st->failures += c->swapped + c->absent;
	len = strlen(st->detail);
	snprintf(st->detail + len, sizeof(st->detail) - len,
		 "%s%lu of %lu mappings of KSM contents not resident after "
		 "every process touched them", len ? "; " : "",
		 c->swapped + c->absent, c->mappings);
}

static void reclaim_verify(struct run_ctx *ctx, unsigned int phase,
			   struct phase_stats *st)
{
	struct swap_census c;
	char err[200];

	if (census(ctx, true, &c, err, sizeof(err))) {
		st->failures++;
		snprintf(st->detail, sizeof(st->detail), "census: %s", err);
		return;
	}
	census_metrics(&c, st);
	if (phase == PHASE_OUT)
		verify_out(ctx, &c, st);
	else
		verify_in(ctx, &c, st);
	swap_census_free(&c);
}

/* Before the runner releases them: children leave our cgroup too. */
static void reclaim_teardown(struct run_ctx *ctx)
{
	struct reclaim_state *r = ctx->priv;
	unsigned long i;

	if (!r)
		return;
	for (i = 0; r->cg.h_member >= 0 && i < ctx->kids->nr; i++)
		memcg_release_pid(&r->cg, ctx->kids->pids[i]);
	if (r->cg.version)
		memcg_destroy(&r->cg);
	zram_swap_destroy(&r->zs);
	free(r->was_out);
	free(r->touch);
	free(r);
	ctx->priv = NULL;
}

const struct driver driver_reclaim = {
	.name = "reclaim",
	.help = "swap every KSM page out through a memory cgroup (zram swap "
		"with --setup-swap) and fault every mapping back in",
	.phases = reclaim_phases,
	.options = reclaim_options,
	.metrics = reclaim_metrics,
	.flags = DRV_REMERGE | DRV_REFORK,
	.readback_skip = 1U << PHASE_OUT,
	.check = reclaim_check,
	.prepare_layout = reclaim_prepare_layout,
	.setup = reclaim_setup,
	.prepare_phase = reclaim_prepare_phase,
	.run_phase = reclaim_run_phase,
	.verify = reclaim_verify,
	.teardown = reclaim_teardown,
};
