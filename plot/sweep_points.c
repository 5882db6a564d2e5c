// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run_keys.h"
#include "series.h"
#include "sweep_name.h"
#include "sweep_points.h"
#include "walk_stats.h"

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

static int fill_point(const struct run *run, const struct pair_key *pk,
		      struct sweep_point *p)
{
	struct walk_summary ws;
	struct series s;

	p->driver = pk->driver;
	p->iterations = p->lock_ns = NAN;
	if (run_timing_valid(run, pk->scenario, pk->driver)) {
		if (series_get(run, pk, NULL, "wall_time", true, 1e6, &s))
			return -1;
		p->ms = s.v;
		p->n = s.n;
	}
	if (!run->walks.present || walk_summary_get(run, pk, &ws))
		return 0;
	p->walks = ws.walks;
	if (ws.walks) {
		p->iterations = ws.f[WALK_ITERATIONS].mean;
		p->lock_ns = ws.f[WALK_LOCK_NS].mean;
	}
	return 0;
}

int sweep_points_get(const struct run *run, struct sweep_point **out,
		     size_t *n)
{
	struct pair_key *pairs = NULL;
	struct sweep_point *pts;
	size_t npairs = 0, i;

	*out = NULL;
	*n = 0;
	if (keys_pairs(run, 1, &pairs, &npairs))
		return -1;
	pts = calloc(npairs ? npairs : 1, sizeof(*pts));
	if (!pts)
		goto fail;
	for (i = 0; i < npairs; i++) {
		struct sweep_point *p = &pts[*n];

		if (sweep_name_parse(pairs[i].scenario, p->sweep,
				     sizeof(p->sweep), p->key, sizeof(p->key),
				     &p->value))
			continue;
		if (fill_point(run, &pairs[i], p))
			goto fail;
		++*n;
	}
	qsort(pts, *n, sizeof(*pts), cmp_point);
	free(pairs);
	*out = pts;
	return 0;
fail:
	free(pairs);
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
