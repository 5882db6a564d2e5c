// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "run_keys.h"

static int cmp_line(const void *pa, const void *pb)
{
	const struct sample *a = *(const struct sample *const *)pa;
	const struct sample *b = *(const struct sample *const *)pb;

	return (a->line > b->line) - (a->line < b->line);
}

/* The run keeps samples sorted by key; the order of the file is wanted. */
static const struct sample **samples_by_line(const struct run *run)
{
	const struct sample **v;
	size_t i;

	v = malloc((run->nsamples ? run->nsamples : 1) * sizeof(*v));
	if (!v)
		return NULL;
	for (i = 0; i < run->nsamples; i++)
		v[i] = &run->samples[i];
	qsort(v, run->nsamples, sizeof(*v), cmp_line);
	return v;
}

static bool have_pair(const struct pair_key *keys, size_t n,
		      const char *scenario, const char *driver)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(keys[i].scenario, scenario) &&
		    !strcmp(keys[i].driver, driver))
			return true;
	return false;
}

static int add_pair(struct pair_key **keys, size_t *n, const char *scenario,
		    const char *driver)
{
	struct pair_key *p;

	if (have_pair(*keys, *n, scenario, driver))
		return 0;
	p = realloc(*keys, (*n + 1) * sizeof(*p));
	if (!p)
		return -1;
	p[*n].scenario = scenario;
	p[*n].driver = driver;
	*keys = p;
	(*n)++;
	return 0;
}

static int add_run_pairs(const struct run *run, struct pair_key **keys,
			 size_t *n)
{
	const struct sample **order;
	size_t i;
	int ret = 0;

	for (i = 0; i < run->nstatuses && !ret; i++)
		ret = add_pair(keys, n, run->statuses[i].scenario,
			       run->statuses[i].driver);
	if (ret)
		return -1;

	order = samples_by_line(run);
	if (!order)
		return -1;
	for (i = 0; i < run->nsamples && !ret; i++)
		ret = add_pair(keys, n, order[i]->scenario, order[i]->driver);
	free(order);
	return ret;
}

int keys_pairs(const struct run *runs, size_t nruns, struct pair_key **out,
	       size_t *n)
{
	size_t i;

	*out = NULL;
	*n = 0;
	for (i = 0; i < nruns; i++) {
		if (add_run_pairs(&runs[i], out, n)) {
			free(*out);
			*out = NULL;
			*n = 0;
			return -1;
		}
	}
	return 0;
}

static int add_phase(const char ***phases, size_t *n, const char *phase)
{
	const char **p;
	size_t i;

	for (i = 0; i < *n; i++)
		if (!strcmp((*phases)[i], phase))
			return 0;
	p = realloc(*phases, (*n + 1) * sizeof(*p));
	if (!p)
		return -1;
	p[(*n)++] = phase;
	*phases = p;
	return 0;
}

int keys_phases(const struct run *run, const struct pair_key *pair,
		const char ***out, size_t *n)
{
	const struct sample **order;
	size_t i;
	int ret = 0;

	order = samples_by_line(run);
	if (!order)
		return -1;
	for (i = 0; i < run->nsamples && !ret; i++) {
		if (strcmp(order[i]->scenario, pair->scenario) ||
		    strcmp(order[i]->driver, pair->driver))
			continue;
		ret = add_phase(out, n, order[i]->phase);
	}
	free(order);
	return ret;
}
