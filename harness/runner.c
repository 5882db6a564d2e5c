// SPDX-License-Identifier: GPL-2.0
/*
 * One scenario: build the layout, check it, merge it, fork the children,
 * then let every driver of the scenario walk the rmaps R times.  Timing and
 * verification are recorded separately: a wrong result is a `fail`, never a
 * slow or fast sample.
 */
#include <string.h>
#include <time.h>

#include "cleanup.h"
#include "driver.h"
#include "fork_children.h"
#include "ksm_knobs.h"
#include "layout.h"
#include "perf_counters.h"
#include "run.h"
#include "walk_trace.h"

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void set_status(struct driver_record *d, const char *status,
		       const char *reason)
{
	/* The first failure explains the rest: keep it. */
	if (d->status && !strcmp(d->status, "fail"))
		return;
	d->status = status;
	snprintf(d->reason, sizeof(d->reason), "%s", reason);
}

static void mark_all(struct scenario_record *rec, const char *status,
		     const char *reason)
{
	int i;

	for (i = 0; i < rec->nr_drv; i++)
		set_status(&rec->drv[i], status, reason);
}

static void init_drivers(struct scenario_record *rec)
{
	char list[SCENARIO_LIST_MAX], *save, *name;

	snprintf(list, sizeof(list), "%s", rec->s.drivers);
	rec->nr_drv = 0;
	for (name = strtok_r(list, ",", &save);
	     name && rec->nr_drv < RUN_MAX_DRIVERS;
	     name = strtok_r(NULL, ",", &save)) {
		struct driver_record *d = &rec->drv[rec->nr_drv++];

		d->name = driver_find(name)->name;
		d->status = NULL;
		d->reason[0] = '\0';
	}
}

struct walk_ctx {
	struct run *run;
	const char *scenario, *driver, *phase;
	unsigned long rep;
};

static void write_walk(const struct walk_row *row, unsigned long n, void *arg)
{
	struct walk_ctx *w = arg;

	results_walk(w->run, w->scenario, w->driver, w->phase, w->rep, n,
		     row->val, WF_NR);
}

/* Per-phase totals of the walks; NA on kernels without the tracepoint. */
static void record_walks(struct run *run, const struct walk_ctx *w,
			 const struct walk_phase *ph)
{
	bool ok = !walk_trace_unsupported();
	int f;

	results_sample(run, w->scenario, w->driver, w->phase, w->rep,
		       "rmap_walks", "count", ok, ph->walks);
	results_sample(run, w->scenario, w->driver, w->phase, w->rep,
		       "rmap_walks_lost", "count", ok, ph->lost);
	for (f = 0; f < WF_NR; f++) {
		char name[48];
		bool is_max = f == WF_LOCK_MAX_NS;
		bool is_ns = f == WF_LOCK_NS || is_max;

		snprintf(name, sizeof(name), "walk_%s", walk_field_name(f));
		results_sample(run, w->scenario, w->driver, w->phase, w->rep,
			       name, is_ns ? "ns" : "count", ok,
			       is_max ? ph->max[f] : ph->sum[f]);
	}
}

static void record_phase(struct run *run, const struct scenario *s,
			 const char *driver, const char *phase,
			 unsigned long rep, unsigned long long wall,
			 const struct pc_values *a, const struct pc_values *b,
			 const struct phase_stats *st)
{
	int e;

	results_sample(run, s->name, driver, phase, rep, "wall_time", "ns",
		       true, wall);
	for (e = 0; e < PC_NR; e++)
		results_sample(run, s->name, driver, phase, rep,
			       perf_counter_name(e), perf_counter_unit(e),
			       a->valid[e] && b->valid[e],
			       b->val[e] - a->val[e]);
	results_sample(run, s->name, driver, phase, rep, "pages_requested",
		       "count", true, st->pages_requested);
	results_sample(run, s->name, driver, phase, rep, "pages_moved",
		       "count", true, st->pages_moved);
	results_sample(run, s->name, driver, phase, rep, "pages_failed",
		       "count", true, st->pages_failed);
	results_sample(run, s->name, driver, phase, rep, "verify_failures",
		       "count", true, st->verify_failures);
}

/* One repetition of every phase; returns nonzero if it failed. */
static int run_rep(struct run *run, const struct driver *drv,
		   struct run_ctx *ctx, unsigned long rep,
		   struct driver_record *d)
{
	char line[256], reason[RUN_REASON_MAX];
	struct pc_values a, b;
	unsigned long long t0, wall;
	unsigned int p;
	int len, failed = 0;

	len = snprintf(line, sizeof(line), "%s %s rep %lu/%lu:", ctx->s->name,
		       drv->name, rep, ctx->s->reps);
	for (p = 0; drv->phases[p]; p++) {
		struct phase_stats st;

		struct walk_ctx w = {
			.run = run, .scenario = ctx->s->name,
			.driver = drv->name, .phase = drv->phases[p],
			.rep = rep,
		};
		struct walk_phase ph;

		memset(&st, 0, sizeof(st));
		walk_trace_begin();
		perf_counters_read(&a);
		t0 = now_ns();
		drv->run_phase(ctx, p, &st);
		wall = now_ns() - t0;
		perf_counters_read(&b);
		/* Collected before verify(), whose queries are not walks. */
		walk_trace_collect(&ph, run->walks ? write_walk : NULL, &w);
		drv->verify(ctx, p, &st);
		record_phase(run, ctx->s, drv->name, drv->phases[p], rep, wall,
			     &a, &b, &st);
		record_walks(run, &w, &ph);
		if (len < (int)sizeof(line))
			len += snprintf(line + len, sizeof(line) - len,
					"  %s %.3f ms", drv->phases[p],
					wall / 1e6);
		if ((st.pages_failed || st.verify_failures) && !failed) {
			snprintf(reason, sizeof(reason), "rep %lu phase %s: "
				 "%lu pages not migrated, %lu verification "
				 "failures; %s", rep, drv->phases[p],
				 st.pages_failed, st.verify_failures,
				 st.detail);
			set_status(d, "fail", reason);
			failed = 1;
		}
	}
	fprintf(run->log, "%s%s\n", line, failed ? "  FAILED" : "");
	fflush(run->log);
	return failed;
}

static void run_driver(struct run *run, struct scenario_record *rec,
		       const struct layout *layout, struct driver_record *d)
{
	const struct driver *drv = driver_find(d->name);
	struct run_ctx ctx = {
		.s = &rec->s, .layout = layout, .log = run->log,
	};
	char reason[RUN_REASON_MAX] = "";
	unsigned long rep;

	if (drv->check(reason, sizeof(reason))) {
		set_status(d, "skip", reason);
		fprintf(run->log, "%s %s: SKIP: %s\n", rec->s.name, d->name,
			reason);
		return;
	}
	if (drv->setup(&ctx, reason, sizeof(reason))) {
		set_status(d, "fail", reason);
		goto out;
	}
	set_status(d, "ok", "");
	/* Stop at the first failed repetition: what follows builds on it. */
	for (rep = 1; rep <= rec->s.reps; rep++) {
		d->reps_done = rep;
		if (run_rep(run, drv, &ctx, rep, d))
			break;
	}
out:
	drv->teardown(&ctx);
}

static int build_and_merge(struct run *run, struct scenario_record *rec,
			   struct layout *layout, char *err, size_t errlen)
{
	const struct scenario *s = &rec->s;
	int ret;

	fprintf(run->log, "%s: building layout %s: %lu VMAs x %lu pages, "
		"%lu KSM pages x %lu sharing, %lu forks\n", s->name,
		s->layout, s->vmas, s->pages_per_vma, s->ksm_pages,
		s->sharing, s->forks);
	fflush(run->log);
	if (layout_create(layout, s, run->nonce, err, errlen))
		return -1;
	cleanup_track(layout, NULL);
	rec->vmas_seen = layout_count_vmas(layout, err, errlen);
	if (rec->vmas_seen != (long)s->vmas) {
		snprintf(err, errlen, "layout has %ld of its %lu VMAs in "
			 "/proc/self/maps", rec->vmas_seen, s->vmas);
		return -1;
	}
	ret = ksm_merge_layout(layout, &rec->expect, s->max_page_sharing,
			       s->merge_timeout, run->log, &rec->merge, err,
			       errlen);
	knob_snapshot_take(&rec->ksm_during);
	rec->merged = ret == 0;
	return ret ? -1 : 0;
}

void run_scenario(struct run *run, struct scenario_record *rec)
{
	char err[RUN_REASON_MAX] = "";
	struct children kids = { .release_fd = -1 };
	struct layout layout = { 0 };
	int i;

	init_drivers(rec);
	layout_expect(&rec->s, &rec->expect);
	if (ksm_check_available(err, sizeof(err))) {
		mark_all(rec, "skip", err);
		return;
	}
	if (ksm_knobs_save(err, sizeof(err)))
		goto fail;
	if (build_and_merge(run, rec, &layout, err, sizeof(err)))
		goto fail;
	if (children_fork(&kids, rec->s.forks, err, sizeof(err)))
		goto fail;
	cleanup_track(&layout, &kids);
	for (i = 0; i < rec->nr_drv; i++)
		run_driver(run, rec, &layout, &rec->drv[i]);
	goto out;
fail:
	fprintf(run->log, "%s: FAILED: %s\n", rec->s.name, err);
	mark_all(rec, "fail", err);
out:
	children_release(&kids);
	cleanup_track(&layout, NULL);
	layout_destroy(&layout);
	cleanup_untrack();
	ksm_knobs_restore();
	for (i = 0; i < rec->nr_drv; i++) {
		results_status(run, rec->s.name, &rec->drv[i]);
		if (!strcmp(rec->drv[i].status, "fail"))
			run->failures++;
	}
}
