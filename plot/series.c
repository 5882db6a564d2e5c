// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "series.h"

static bool row_matches(const struct sample *smp, const struct pair_key *pair,
			const char *phase, const char *metric)
{
	return !strcmp(smp->scenario, pair->scenario) &&
	       !strcmp(smp->driver, pair->driver) &&
	       !strcmp(smp->metric, metric) &&
	       (!phase || !strcmp(smp->phase, phase));
}

static int cmp_rep(const void *pa, const void *pb)
{
	const struct sample *a = *(const struct sample *const *)pa;
	const struct sample *b = *(const struct sample *const *)pb;

	return (a->rep > b->rep) - (a->rep < b->rep);
}

/*
 * Rows [*i, end) sharing one rep fold into one value.  Duplicates were
 * refused when loading, so the row count is the number of phases present.
 */
static void fold_rep(const struct sample **rows, size_t *i, size_t end,
		     size_t want_phases, double divisor, struct series *s)
{
	unsigned long rep = rows[*i]->rep;
	unsigned long long sum = 0;
	size_t count = 0;
	bool na = false;

	for (; *i < end && rows[*i]->rep == rep; (*i)++, count++) {
		na |= rows[*i]->na;
		sum += rows[*i]->value;
	}
	s->reps++;
	if (na)
		s->na++;
	else if (count < want_phases)
		s->incomplete++;
	else
		s->v[s->n++] = (double)sum / divisor;
}

static bool has_phase(const char **phases, size_t n, const char *phase)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(phases[i], phase))
			return true;
	return false;
}

int series_get(const struct run *run, const struct pair_key *pair,
	       const char *phase, const char *metric, bool whole_reps,
	       double divisor, struct series *s)
{
	const struct sample **rows = NULL;
	const char **phases = NULL;
	size_t i, nrows = 0, nphases = 1;
	int ret = -1;

	memset(s, 0, sizeof(*s));
	rows = malloc((run->nsamples ? run->nsamples : 1) * sizeof(*rows));
	if (!rows)
		goto out;
	for (i = 0; i < run->nsamples; i++)
		if (row_matches(&run->samples[i], pair, phase, metric))
			rows[nrows++] = &run->samples[i];
	/* Phases that write the metric at all (not "remerge" for times). */
	if (!phase && whole_reps) {
		nphases = 0;
		phases = malloc((nrows ? nrows : 1) * sizeof(*phases));
		if (!phases)
			goto out;
		for (i = 0; i < nrows; i++)
			if (!has_phase(phases, nphases, rows[i]->phase))
				phases[nphases++] = rows[i]->phase;
	}
	qsort(rows, nrows, sizeof(*rows), cmp_rep);

	s->v = malloc((nrows ? nrows : 1) * sizeof(*s->v));
	if (!s->v)
		goto out;
	for (i = 0; i < nrows; )
		fold_rep(rows, &i, nrows, nphases, divisor, s);
	ret = 0;
out:
	if (ret)
		series_free(s);
	free(rows);
	free(phases);
	return ret;
}

void series_free(struct series *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}
