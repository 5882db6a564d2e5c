// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kprobe_walks_read.h"
#include "run_keys.h"
#include "series.h"
#include "stats.h"
#include "sweep_name.h"
#include "sweep_points.h"

const struct walk_series_desc walk_series[WS_NSERIES] = {
	[WS_TP_ITERATIONS] = { "iterations", SCHEMA_WALKS, "iterations" },
	[WS_TP_LOCK] = { "lock hold", SCHEMA_WALKS, "lock_ns" },
	[WS_KP_ITERATIONS] = { "iterations", SCHEMA_KPROBE_WALKS,
			       "iterations" },
	[WS_KP_DURATION] = { "duration", SCHEMA_KPROBE_WALKS,
			     "duration_ns" },
};

const char *walk_series_file(enum walk_series ws)
{
	return schema_table(walk_series[ws].file)->file;
}

const char *walk_series_unit(enum walk_series ws)
{
	const struct schema_table *t = schema_table(walk_series[ws].file);
	int i;

	for (i = 0; i < t->ncols; i++)
		if (!strcmp(t->col[i].name, walk_series[ws].column))
			return t->col[i].unit ? t->col[i].unit : "?";
	return "?";
}

static int cmp_point(const void *a, const void *b)
{
	const struct sweep_point *x = a, *y = b;
	int c = strcmp(x->sweep, y->sweep);

	if (!c)
		c = strcmp(x->driver, y->driver);
	if (!c)
		c = (x->value > y->value) - (x->value < y->value);
	return c;
}

static bool key_is(const struct walk_key *k, const struct pair_key *pk)
{
	return !strcmp(k->scenario, pk->scenario) &&
	       !strcmp(k->driver, pk->driver);
}

/* -1 on ENOMEM. */
static int walk_point_of(const double *v, size_t n, struct walk_point *wp)
{
	struct sample_stats st;

	wp->walks = n;
	wp->mean = wp->median = NAN;
	if (stats_compute(v, n, &st))
		return -1;
	wp->mean = st.mean;
	wp->median = st.median;
	return 0;
}

/* walks.csv: iterations and lock hold of every walk of the pair. */
static int tp_series(const struct walk_table *w, const struct pair_key *pk,
		     struct sweep_point *p)
{
	double *it = malloc((w->nrows + 1) * sizeof(*it));
	double *lk = malloc((w->nrows + 1) * sizeof(*lk));
	const struct walk *r;
	size_t i, n = 0;
	int ret = -1;

	if (!it || !lk)
		goto out;
	for (i = 0; i < w->nrows; i++) {
		r = &w->rows[i];
		if (!key_is(&w->keys[r->key], pk))
			continue;
		it[n] = r->v[WALK_ITERATIONS];
		lk[n++] = r->v[WALK_LOCK_NS];
	}
	if (!walk_point_of(it, n, &p->w[WS_TP_ITERATIONS]) &&
	    !walk_point_of(lk, n, &p->w[WS_TP_LOCK]))
		ret = 0;
out:
	free(it);
	free(lk);
	return ret;
}

/* kprobe_walks.csv: durations, and iterations where they were counted. */
static int kp_series(const struct kprobe_walk_table *w,
		     const struct pair_key *pk, struct sweep_point *p)
{
	double *it = malloc((w->nrows + 1) * sizeof(*it));
	double *du = malloc((w->nrows + 1) * sizeof(*du));
	const struct kprobe_walk *r;
	size_t i, ni = 0, nd = 0;
	int ret = -1;

	if (!it || !du)
		goto out;
	for (i = 0; i < w->nrows; i++) {
		r = &w->rows[i];
		if (strcmp(r->scenario, pk->scenario) ||
		    strcmp(r->driver, pk->driver))
			continue;
		du[nd++] = r->duration_ns;
		if (r->counted)
			it[ni++] = r->iterations;
	}
	if (!walk_point_of(it, ni, &p->w[WS_KP_ITERATIONS]) &&
	    !walk_point_of(du, nd, &p->w[WS_KP_DURATION]))
		ret = 0;
out:
	free(it);
	free(du);
	return ret;
}

static int fill_point(const struct run *run,
		      const struct kprobe_walk_table *kw,
		      const struct pair_key *pk, struct sweep_point *p)
{
	struct series s;
	int i;

	p->driver = pk->driver;
	for (i = 0; i < WS_NSERIES; i++)
		walk_point_of(NULL, 0, &p->w[i]);
	if (run_timing_valid(run, pk->scenario, pk->driver)) {
		if (series_get(run, pk, NULL, "wall_time", true, 1e6, &s))
			return -1;
		p->ms = s.v;
		p->n = s.n;
	}
	p->has_walks_csv = run->walks.present;
	p->has_kprobe_walks_csv = kw->present;
	if ((run->walks.present && tp_series(&run->walks, pk, p)) ||
	    (kw->present && kp_series(kw, pk, p)))
		return -1;
	p->walks = p->w[WS_TP_ITERATIONS].walks;
	p->iterations = p->w[WS_TP_ITERATIONS].mean;
	p->lock_ns = p->w[WS_TP_LOCK].mean;
	return 0;
}

int sweep_points_get(const struct run *run, struct sweep_point **out,
		     size_t *n, char *err, size_t errlen)
{
	struct csv_src src = { .err = err, .errlen = errlen };
	struct kprobe_walk_table kw;
	struct pair_key *pairs = NULL;
	struct sweep_point *pts = NULL;
	size_t npairs = 0, i;

	*out = NULL;
	*n = 0;
	if (kprobe_walks_load(run->dir, &kw, &src))
		return -1;
	snprintf(err, errlen, "out of memory");
	if (keys_pairs(run, 1, &pairs, &npairs))
		goto fail;
	pts = calloc(npairs ? npairs : 1, sizeof(*pts));
	if (!pts)
		goto fail;
	for (i = 0; i < npairs; i++) {
		struct sweep_point *p = &pts[*n];

		if (sweep_name_parse(pairs[i].scenario, p->sweep,
				     sizeof(p->sweep), p->key, sizeof(p->key),
				     &p->value))
			continue;
		if (fill_point(run, &kw, &pairs[i], p))
			goto fail;
		++*n;
	}
	qsort(pts, *n, sizeof(*pts), cmp_point);
	free(pairs);
	kprobe_walks_free(&kw);
	*out = pts;
	return 0;
fail:
	free(pairs);
	kprobe_walks_free(&kw);
	sweep_points_free(pts, *n);
	*n = 0;
	return -1;
}

void sweep_points_free(struct sweep_point *p, size_t n)
{
	size_t i;

	for (i = 0; p && i < n; i++)
		free(p[i].ms);
	free(p);
}
