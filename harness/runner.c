// SPDX-License-Identifier: GPL-2.0
/*
 * One scenario: for every driver, build a fresh layout, check it, merge
 * it, fork the children, then let the driver walk the rmaps R times.  Every
 * repetition starts from the verified merge state, and after every phase
 * each process that maps the layout reads it back.  Timing and verification
 * are recorded separately: a wrong result is a `fail`, never a slow or fast
 * sample.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "child_agent.h"
#include "cleanup.h"
#include "collector.h"
#include "driver.h"
#include "fork_children.h"
#include "ksm_census.h"
#include "ksm_knobs.h"
#include "layout.h"
#include "layout_verify.h"
#include "run.h"
#include "stage.h"
#include "stop_rule.h"

struct drive {
	struct run *run;
	struct scenario_record *rec;
	struct driver_record *d;
	const struct driver *drv;
	struct layout layout;
	struct children kids;
	struct run_ctx ctx;
	struct verify_result *mine;	/* the parent's own read-back */
	bool fault_done;
	unsigned long reps;		/* this driver's repetitions (max) */
	unsigned long reps_walked;	/* repetitions that walked at all */
	unsigned long poisoned;		/* 1 + content no one may read */
	uint64_t nonce;
	double *totals;			/* driver time per repetition, ms */
	char nothing[256];		/* why the last phase walked nothing */
};

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

/* ---- where the numbers of one phase go */

struct sink {
	struct run *run;
	const char *scenario, *driver, *phase;
	unsigned long rep;
};

static void sink_sample(void *arg, const char *metric, bool valid,
			uint64_t value)
{
	struct sink *k = arg;
	const struct metric_desc *m = metric_find(metric);

	results_sample(k->run, k->scenario, k->driver, k->phase, k->rep,
		       metric, m ? m->unit : "count", valid, value);
}

static void sink_walk(void *arg, const struct collector *c, unsigned long n,
		      const uint64_t *vals, int nr)
{
	struct sink *k = arg;
	char err[256];
	FILE *f;

	f = results_walk_file(k->run, c->walk_file, c->walk_columns, err,
			      sizeof(err));
	if (!f) {
		fprintf(k->run->log, "ksmbench: %s\n", err);
		return;
	}
	results_walk(k->run, f, k->scenario, k->driver, k->phase, k->rep, n,
		     vals, nr);
}

static void record_driver_metrics(const struct driver *drv, struct sink *k,
				  const struct phase_stats *st)
{
	size_t i;

	for (i = 0; drv->metrics && drv->metrics[i].name; i++)
		sink_sample(k, drv->metrics[i].name, st->valid[i],
			    st->val[i]);
}

/* ---- read-back in every process, each with a deadline */

struct parent_check {
	const struct layout *l;
	struct verify_result *r;
	bool frames;
};

static void *parent_check_thread(void *arg)
{
	struct parent_check *p = arg;

	layout_verify(p->l, p->frames, p->r);
	return NULL;
}

/*
 * The parent reads in a thread of its own so that a page a walk missed
 * (a migration entry left behind) hangs that thread, not the suite.
 */
static int parent_verify(struct drive *dv, bool frames, char *why, size_t len)
{
	struct parent_check p = { &dv->layout, dv->mine, frames };
	struct timespec ts;
	pthread_t t;

	if (pthread_create(&t, NULL, parent_check_thread, &p)) {
		snprintf(why, len, "cannot start the parent's verifier");
		return -1;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += dv->rec->s.verify_timeout;
	if (pthread_timedjoin_np(t, NULL, &ts)) {
		pthread_detach(t);
		snprintf(why, len, "parent hung reading page %lu",
			 dv->mine->progress ? dv->mine->progress - 1 : 0);
		return -1;
	}
	return 0;
}

static void verify_all(struct drive *dv, unsigned int phase,
		       struct phase_stats *st)
{
	const struct driver *drv = dv->drv;
	bool frames = drv->frame_check & (1U << phase);
	bool fault = !dv->fault_done;
	struct agents_verdict v;
	char why[200];

	if (drv->readback_skip & (1U << phase))
		return;
	if (st->poisoned)
		dv->poisoned = st->poisoned;
	dv->mine->skip_content = dv->poisoned;
	for (unsigned long i = 0; i < dv->kids.nr; i++)
		children_slot(&dv->kids, i)->skip_content = dv->poisoned;
	if (fault && !strcmp(dv->rec->s.inject_fault, "corrupt_parent"))
		layout_corrupt_one(&dv->layout);
	if (parent_verify(dv, frames, why, sizeof(why))) {
		phase_note_failure(st, 0, why);
		return;
	}
	if (dv->mine->bad) {
		st->verify_failures += dv->mine->bad - 1;
		phase_note_failure(st, dv->mine->first_bad, dv->mine->what);
	}
	children_verify(&dv->kids, frames, fault &&
			!strcmp(dv->rec->s.inject_fault, "corrupt_child"),
			dv->rec->s.verify_timeout, dv->mine, &v);
	dv->fault_done = true;
	if (v.bad || v.hung) {
		st->verify_failures += v.bad + v.hung - 1;
		phase_note_failure(st, 0, v.detail);
	}
	if (!dv->layout.procs)
		return;
	/* The layout's own processes map it too: the same read-back. */
	children_verify(dv->layout.procs, frames, false,
			dv->rec->s.verify_timeout, dv->mine, &v);
	if (v.bad || v.hung) {
		st->verify_failures += v.bad + v.hung - 1;
		phase_note_failure(st, 0, v.detail);
	}
}

/* ---- one phase, one repetition */

static void find_kthreads(struct drive *dv, struct collect_target *t)
{
	memset(t, 0, sizeof(*t));
	t->self = (pid_t)syscall(SYS_gettid);
	t->layout = &dv->layout;
	if (dv->drv->kthreads)
		t->nr_kthreads = dv->drv->kthreads(&dv->ctx, t->kthreads,
						   COLLECT_KTHREADS_MAX);
	if (t->nr_kthreads < 0)
		t->nr_kthreads = 0;
}

static int run_phase(struct drive *dv, unsigned long rep, unsigned int p,
		     struct phase_stats *st, unsigned long long *wall)
{
	const struct driver *drv = dv->drv;
	struct sink k = {
		.run = dv->run, .scenario = dv->rec->s.name,
		.driver = drv->name, .phase = drv->phases[p], .rep = rep,
	};
	struct collect_out out = { sink_sample, sink_walk, &k };
	struct collect_target t;
	unsigned long long t0;

	memset(st, 0, sizeof(*st));
	if (drv->prepare_phase && drv->prepare_phase(&dv->ctx, p, st->detail,
						     sizeof(st->detail)))
		return -1;
	stage_enter("phase");
	find_kthreads(dv, &t);
	collectors_begin(&t);
	t0 = now_ns();
	drv->run_phase(&dv->ctx, p, st);
	*wall = now_ns() - t0;
	/* Collected before verification, whose reads are not walks. */
	collectors_end(&out);
	if (drv->verify)
		drv->verify(&dv->ctx, p, st);
	verify_all(dv, p, st);
	sink_sample(&k, "wall_time", true, *wall);
	sink_sample(&k, "verify_failures", true, st->verify_failures);
	sink_sample(&k, "walked_nothing", true, st->walked_nothing);
	record_driver_metrics(drv, &k, st);
	return 0;
}

static int run_rep(struct drive *dv, unsigned long rep)
{
	const struct driver *drv = dv->drv;
	char line[256], reason[RUN_REASON_MAX];
	unsigned long long wall, total = 0;
	struct phase_stats st;
	unsigned int p;
	int len, failed = 0, walked = 0;

	len = snprintf(line, sizeof(line), "%s %s rep %lu/%lu:",
		       dv->rec->s.name, drv->name, rep, dv->reps);
	for (p = 0; drv->phases[p] && !failed; p++) {
		if (run_phase(dv, rep, p, &st, &wall)) {
			snprintf(reason, sizeof(reason), "rep %lu phase %s: "
				 "preparation failed: %.200s", rep,
				 drv->phases[p], st.detail);
			set_status(dv->d, "fail", reason);
			failed = 1;
			break;
		}
		total += wall;
		if (len < (int)sizeof(line))
			len += snprintf(line + len, sizeof(line) - len,
					"  %s %.3f ms%s", drv->phases[p],
					wall / 1e6, st.walked_nothing ?
					" (walked nothing)" : "");
		if (!st.walked_nothing)
			walked = 1;
		else
			snprintf(dv->nothing, sizeof(dv->nothing), "%s",
				 st.nothing);
		if (!st.failures && !st.verify_failures)
			continue;
		snprintf(reason, sizeof(reason), "rep %lu phase %s: %lu pages "
			 "left wrong by the driver, %lu verification "
			 "failures; %.200s", rep, drv->phases[p], st.failures,
			 st.verify_failures, st.detail);
		set_status(dv->d, "fail", reason);
		failed = 1;
	}
	fprintf(dv->run->log, "%s%s\n", line, failed ? "  FAILED" : "");
	fflush(dv->run->log);
	dv->reps_walked += walked;
	dv->totals[rep - 1] = total / 1e6;
	return failed;
}

/* ---- the state every repetition starts from */

static int build_and_merge(struct drive *dv, uint64_t nonce, char *err,
			   size_t errlen)
{
	struct scenario_record *rec = dv->rec;
	const struct scenario *s = &rec->s;
	int ret;

	fprintf(dv->run->log, "%s %s: building layout %s: %lu VMAs x %lu "
		"pages, %lu KSM pages x %lu sharing, %lu forks\n", s->name,
		dv->drv->name, s->layout, s->vmas, s->pages_per_vma,
		s->ksm_pages, s->sharing, s->forks);
	fflush(dv->run->log);
	if (layout_create(&dv->layout, s, nonce, err, errlen))
		return -1;
	cleanup_track(&dv->layout, NULL);
	stage_enter("layout");
	rec->vmas_seen = layout_count_vmas(&dv->layout, err, errlen);
	if (layout_check_shape(&dv->layout, err, errlen))
		return -1;
	ret = ksm_merge_layout(&dv->layout, &rec->expect, s->max_page_sharing,
			       s->merge_timeout, dv->run->log, &rec->merge,
			       err, errlen);
	knob_snapshot_take(&rec->ksm_during);
	rec->merged = ret == 0;
	return ret ? -1 : 0;
}

/* Merge again what the last repetition undid; the time is recorded. */
static int remerge(struct drive *dv, unsigned long rep, char *err,
		   size_t errlen)
{
	const struct scenario *s = &dv->rec->s;
	struct merge_result r;
	struct sink k = {
		.run = dv->run, .scenario = s->name,
		.driver = dv->drv->name, .phase = "remerge", .rep = rep,
	};

	if (dv->drv->flags & DRV_REFORK)
		children_release(&dv->kids);
	if (ksm_merge_layout(&dv->layout, &dv->rec->expect,
			     s->max_page_sharing, s->merge_timeout,
			     dv->run->log, &r, err, errlen))
		return -1;
	sink_sample(&k, "remerge_time", true,
		    (uint64_t)(r.seconds * 1e9));
	if (!(dv->drv->flags & DRV_REFORK))
		return 0;
	if (children_fork(&dv->kids, s->forks, &dv->layout, err, errlen))
		return -1;
	cleanup_track(&dv->layout, &dv->kids);
	return 0;
}

static int check_state(struct drive *dv, char *err, size_t errlen)
{
	const struct ksm_expect *e = &dv->rec->expect;
	struct ksm_census c;

	if (ksm_census_take(&dv->layout, &c, err, errlen))
		return -1;
	if (c.ksm_frames == e->pages_shared && !c.misplaced &&
	    c.ksm_mapped - c.ksm_frames == e->pages_sharing)
		return ksm_census_procs(&dv->layout, e, err, errlen) ? 1 : 0;
	snprintf(err, errlen, "not the merged state: %lu KSM pages (expected "
		 "%lu), %lu extra mappings (expected %lu), %lu on another "
		 "content's frame", c.ksm_frames, e->pages_shared,
		 c.ksm_mapped - c.ksm_frames, e->pages_sharing, c.misplaced);
	return 1;
}

static int fresh_layout(struct drive *dv, uint64_t nonce, char *err,
			size_t errlen);
static void drop_layout(struct drive *dv);

static int start_rep(struct drive *dv, unsigned long rep)
{
	char err[RUN_REASON_MAX - 64] = "", reason[RUN_REASON_MAX];
	int ret = 0;

	if (rep > 1 && (dv->drv->flags & DRV_FRESH_LAYOUT)) {
		drop_layout(dv);
		ret = fresh_layout(dv, dv->nonce + rep * 64, err,
				   sizeof(err));
	} else if (rep > 1 && (dv->drv->flags & DRV_REMERGE))
		ret = remerge(dv, rep, err, sizeof(err));
	/* Test mode: the check below must refuse this repetition. */
	if (!ret && rep == 2 && !strcmp(dv->rec->s.inject_fault,
					"unmerge_one"))
		layout_unmerge_one(&dv->layout);
	if (!ret)
		ret = check_state(dv, err, sizeof(err));
	if (!ret)
		return 0;
	snprintf(reason, sizeof(reason), "rep %lu refused: %s", rep, err);
	set_status(dv->d, "fail", reason);
	fprintf(dv->run->log, "%s %s: %s\n", dv->rec->s.name, dv->drv->name,
		reason);
	return -1;
}

/* ---- one driver */

/* The scenario's stopping rule, judged on the driver time so far. */
static bool enough_reps(struct drive *dv, unsigned long rep,
			unsigned long long t0)
{
	const struct scenario *s = &dv->rec->s;
	struct stop_rule r = {
		.min_reps = s->target_ci_pct || s->rep_time_cap ?
			    s->min_reps : dv->reps,
		.max_reps = dv->reps,
		.precision = s->target_ci_pct / 100.0,
		.time_cap_s = (double)s->rep_time_cap,
	};
	struct median_ci ci;
	enum stop_why why;

	why = stop_decide(&r, dv->totals, rep, (now_ns() - t0) / 1e9, &ci);
	dv->d->ci_rel = ci.rel;
	if (why == STOP_CONTINUE)
		return false;
	dv->d->stopped = stop_why_name(why);
	if (s->target_ci_pct)
		fprintf(dv->run->log, "%s %s: stopped after %lu repetitions: "
			"%s (95%% CI of the median +-%.1f%%)\n", s->name,
			dv->drv->name, rep, dv->d->stopped, ci.rel * 100.0);
	return true;
}

static void drive_reps(struct drive *dv)
{
	unsigned long long t0 = now_ns();
	unsigned long rep;

	set_status(dv->d, "ok", "");
	dv->d->ci_rel = NAN;
	dv->reps = scenario_reps_for(&dv->rec->s, dv->drv->name);
	dv->totals = calloc(dv->reps, sizeof(*dv->totals));
	if (!dv->totals) {
		set_status(dv->d, "fail", "out of memory for the driver times");
		return;
	}
	/* Stop at the first failed repetition: what follows builds on it. */
	for (rep = 1; rep <= dv->reps; rep++) {
		if (start_rep(dv, rep)) {
			dv->d->stopped = "a repetition could not start";
			break;
		}
		dv->d->reps_done = rep;
		if (run_rep(dv, rep)) {
			dv->d->stopped = "a repetition failed";
			break;
		}
		if (enough_reps(dv, rep, t0))
			break;
	}
	free(dv->totals);
	dv->totals = NULL;
	/* Times of phases that walked nothing measure nothing we study. */
	if (!dv->reps_walked && !(dv->drv->flags & DRV_BASELINE) &&
	    dv->d->reps_done &&
	    !strcmp(dv->d->status, "ok")) {
		char why[RUN_REASON_MAX];

		snprintf(why, sizeof(why), "no repetition made the kernel walk "
			 "a KSM rmap: %.200s", dv->nothing);
		set_status(dv->d, "skip", why);
	}
}

/* Driver preparation, layout, merge, children, driver setup. */
static int fresh_layout(struct drive *dv, uint64_t nonce, char *err,
			size_t errlen)
{
	const struct driver *drv = dv->drv;
	int ret;

	ret = drv->prepare_layout ? drv->prepare_layout(&dv->ctx, err,
							errlen) : 0;
	if (ret)
		return ret;
	if (build_and_merge(dv, nonce, err, errlen))
		return -1;
	if (children_fork(&dv->kids, dv->rec->s.forks, &dv->layout, err,
			  errlen))
		return -1;
	cleanup_track(&dv->layout, &dv->kids);
	return drv->setup(&dv->ctx, err, errlen);
}

static void drop_layout(struct drive *dv)
{
	stage_enter("teardown");
	dv->poisoned = 0;
	if (dv->drv->teardown)
		dv->drv->teardown(&dv->ctx);
	children_release(&dv->kids);
	cleanup_track(&dv->layout, NULL);
	layout_destroy(&dv->layout);
	cleanup_untrack();
}

static void run_driver(struct run *run, struct scenario_record *rec,
		       struct driver_record *d, uint64_t nonce)
{
	struct drive dv = {
		.run = run, .rec = rec, .d = d, .drv = driver_find(d->name),
		.kids = { .release_fd = -1 }, .nonce = nonce,
	};
	char err[RUN_REASON_MAX] = "";
	int ret;

	dv.ctx = (struct run_ctx){ .s = &rec->s, .layout = &dv.layout,
				   .kids = &dv.kids, .log = run->log };
	if (dv.drv->check(&rec->s, err, sizeof(err)) ||
	    layout_unsupported(&rec->s, err, sizeof(err))) {
		set_status(d, "skip", err);
		fprintf(run->log, "%s %s: SKIP: %s\n", rec->s.name, d->name,
			err);
		return;
	}
	dv.mine = calloc(1, verify_result_size(&rec->s));
	if (!dv.mine) {
		set_status(d, "fail", "out of memory for the verifier");
		return;
	}
	ret = fresh_layout(&dv, nonce, err, sizeof(err));
	if (!ret)
		drive_reps(&dv);
	else {
		fprintf(run->log, "%s %s: %s: %s\n", rec->s.name, d->name,
			ret > 0 ? "SKIP" : "FAILED", err);
		set_status(d, ret > 0 ? "skip" : "fail", err);
	}
	drop_layout(&dv);
	free(dv.mine);
}

void run_scenario(struct run *run, struct scenario_record *rec)
{
	char err[RUN_REASON_MAX] = "";
	int i;

	init_drivers(rec);
	layout_expect(&rec->s, &rec->expect);
	if (ksm_check_available(err, sizeof(err))) {
		mark_all(rec, "skip", err);
		goto out;
	}
	if (ksm_knobs_save(err, sizeof(err))) {
		fprintf(run->log, "%s: FAILED: %s\n", rec->s.name, err);
		mark_all(rec, "fail", err);
		goto out;
	}
	/* A nonce per driver: no layout merges with the one before it. */
	for (i = 0; i < rec->nr_drv; i++)
		run_driver(run, rec, &rec->drv[i], run->nonce + i + 1);
	ksm_knobs_restore();
out:
	for (i = 0; i < rec->nr_drv; i++) {
		results_status(run, rec->s.name, &rec->drv[i]);
		if (!strcmp(rec->drv[i].status, "fail"))
			run->failures++;
	}
}
