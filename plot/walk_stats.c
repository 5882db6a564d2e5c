// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "stats.h"
#include "walk_stats.h"

static bool pair_is(const struct pair_key *pair, const char *scenario,
		    const char *driver)
{
	return !strcmp(pair->scenario, scenario) &&
	       !strcmp(pair->driver, driver);
}

static int cmp_ulong(const void *pa, const void *pb)
{
	unsigned long a = *(const unsigned long *)pa;
	unsigned long b = *(const unsigned long *)pb;

	return (a > b) - (a < b);
}

static int cmp_ull(const void *pa, const void *pb)
{
	unsigned long long a = *(const unsigned long long *)pa;
	unsigned long long b = *(const unsigned long long *)pb;

	return (a > b) - (a < b);
}

/*
 * The pair's repetitions, sorted and each once.  samples.csv counts too: a
 * repetition whose phases made no walk at all still sums to 0.
 */
static int pair_reps(const struct run *run, const struct pair_key *pair,
		     const bool *in_pair, unsigned long **out, size_t *n)
{
	unsigned long *reps;
	size_t i, j, m = 0;

	reps = malloc((run->nsamples + run->walks.nrows + 1) * sizeof(*reps));
	if (!reps)
		return -1;
	for (i = 0; i < run->nsamples; i++)
		if (pair_is(pair, run->samples[i].scenario,
			    run->samples[i].driver))
			reps[m++] = run->samples[i].rep;
	for (i = 0; i < run->walks.nrows; i++)
		if (in_pair[run->walks.rows[i].key])
			reps[m++] = run->walks.rows[i].rep;
	qsort(reps, m, sizeof(*reps), cmp_ulong);
	for (i = j = 0; i < m; i++)
		if (!j || reps[j - 1] != reps[i])
			reps[j++] = reps[i];
	*out = reps;
	*n = j;
	return 0;
}

static unsigned long long lost_walks(const struct run *run,
				     const struct pair_key *pair)
{
	const struct sample *smp;
	unsigned long long lost = 0;
	size_t i;

	for (i = 0; i < run->nsamples; i++) {
		smp = &run->samples[i];
		if (!smp->na && !strcmp(smp->metric, "rmap_walks_lost") &&
		    pair_is(pair, smp->scenario, smp->driver))
			lost += smp->value;
	}
	return lost;
}

static double median_of(const double *v, size_t n)
{
	struct sample_stats st;

	if (stats_compute(v, n, &st))
		return NAN;
	return st.median;
}

/* Per repetition: the number of walks, then each field's sum. */
struct rep_sums {
	double walks;
	double sum[WALK_NFIELDS];
};

static void sum_reps(const struct run *run, const bool *in_pair,
		     const unsigned long *reps, size_t nreps,
		     struct rep_sums *sums)
{
	const struct walk *r;
	const unsigned long *ri;
	size_t i;
	int f;

	for (i = 0; i < run->walks.nrows; i++) {
		r = &run->walks.rows[i];
		if (!in_pair[r->key])
			continue;
		ri = bsearch(&r->rep, reps, nreps, sizeof(*reps), cmp_ulong);
		sums[ri - reps].walks++;
		for (f = 0; f < WALK_NFIELDS; f++)
			sums[ri - reps].sum[f] += (double)r->v[f];
	}
}

/* Over the walks: mean, nearest-rank percentile and maximum of field @f. */
static void field_over_walks(const struct run *run, const bool *in_pair,
			     int f, unsigned long long *vals, size_t n,
			     struct walk_field_stats *fs)
{
	long double sum = 0;
	size_t i, m = 0;

	for (i = 0; i < run->walks.nrows; i++) {
		if (!in_pair[run->walks.rows[i].key])
			continue;
		vals[m] = run->walks.rows[i].v[f];
		sum += vals[m++];
	}
	qsort(vals, n, sizeof(*vals), cmp_ull);
	fs->mean = (double)(sum / n);
	fs->p99 = vals[stats_nearest_rank(n, WALK_PERCENTILE) - 1];
	fs->max = vals[n - 1];
}

static int summarise(const struct run *run, const struct pair_key *pair,
		     const bool *in_pair, struct walk_summary *ws)
{
	unsigned long long *vals = NULL;
	struct rep_sums *sums = NULL;
	unsigned long *reps = NULL;
	double *col = NULL;
	size_t i;
	int f, ret = -1;

	if (pair_reps(run, pair, in_pair, &reps, &ws->reps))
		return -1;
	vals = malloc((ws->walks ? ws->walks : 1) * sizeof(*vals));
	sums = calloc(ws->reps ? ws->reps : 1, sizeof(*sums));
	col = malloc((ws->reps ? ws->reps : 1) * sizeof(*col));
	if (!vals || !sums || !col)
		goto out;
	sum_reps(run, in_pair, reps, ws->reps, sums);
	for (i = 0; i < ws->reps; i++)
		col[i] = sums[i].walks;
	ws->walks_per_rep = median_of(col, ws->reps);
	for (f = 0; f < WALK_NFIELDS; f++) {
		if (ws->walks)
			field_over_walks(run, in_pair, f, vals, ws->walks,
					 &ws->f[f]);
		for (i = 0; i < ws->reps; i++)
			col[i] = sums[i].sum[f];
		ws->f[f].per_rep = median_of(col, ws->reps);
	}
	ret = 0;
out:
	free(vals);
	free(sums);
	free(reps);
	free(col);
	return ret;
}

int walk_summary_get(const struct run *run, const struct pair_key *pair,
		     struct walk_summary *ws)
{
	const struct walk_table *w = &run->walks;
	bool *in_pair;
	size_t i;
	int f, ret;

	memset(ws, 0, sizeof(*ws));
	ws->walks_per_rep = NAN;
	for (f = 0; f < WALK_NFIELDS; f++)
		ws->f[f].mean = ws->f[f].per_rep = NAN;
	ws->lost = lost_walks(run, pair);

	in_pair = calloc(w->nkeys ? w->nkeys : 1, sizeof(*in_pair));
	if (!in_pair)
		return -1;
	for (i = 0; i < w->nkeys; i++)
		in_pair[i] = pair_is(pair, w->keys[i].scenario,
				     w->keys[i].driver);
	for (i = 0; i < w->nrows; i++)
		ws->walks += in_pair[w->rows[i].key];
	ret = summarise(run, pair, in_pair, ws);
	free(in_pair);
	return ret;
}
