// SPDX-License-Identifier: GPL-2.0
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "walks_read.h"

#define WALK_KEYS	(schema_table(SCHEMA_WALKS)->nkeys)
#define WALKS_NCOLS	(5 + WALK_NFIELDS + SCHEMA_WALKS_WHEN_COLS)
#define WALKS_NCOLS_OLD	(5 + WALK_NFIELDS)

const struct schema_column *walk_field_column(enum walk_field f)
{
	return &schema_table(SCHEMA_WALKS)->col[WALK_KEYS + f];
}

const char *walk_field_name(enum walk_field f)
{
	return f < WALK_NFIELDS ? walk_field_column(f)->name : "?";
}

int walk_key_add(struct walk_key **keys, size_t *nkeys,
		 const char *const *f, unsigned long line, size_t *idx)
{
	struct walk_key *k;
	size_t i;

	/* Rows come grouped by key, so the last one nearly always matches. */
	for (i = *nkeys; i-- > 0; ) {
		k = &(*keys)[i];
		if (!strcmp(k->scenario, f[0]) && !strcmp(k->driver, f[1]) &&
		    !strcmp(k->phase, f[2])) {
			*idx = i;
			return 0;
		}
	}
	k = realloc(*keys, (*nkeys + 1) * sizeof(*k));
	if (!k)
		return -1;
	*keys = k;
	k = &k[*nkeys];
	k->scenario = strdup(f[0]);
	k->driver = strdup(f[1]);
	k->phase = strdup(f[2]);
	k->line = line;
	if (!k->scenario || !k->driver || !k->phase) {
		free(k->scenario);
		free(k->driver);
		free(k->phase);
		return -1;
	}
	*idx = (*nkeys)++;
	return 0;
}

static int parse_index(struct csv_src *s, const char *name, const char *str,
		       unsigned long *v)
{
	unsigned long long n;

	if (csv_parse_decimal(str, &n) || !n || n > ULONG_MAX)
		return csv_bad(s, "%s \"%s\" is not a positive integer", name,
			       str);
	*v = (unsigned long)n;
	return 0;
}

/*
 * The tracepoint's own definitions bound some fields by others; a row
 * breaking them has its columns in the wrong order or is corrupt.
 */
static int check_consistent(struct csv_src *s, const struct walk *r)
{
	unsigned long long it = r->v[WALK_ITERATIONS];
	unsigned long long a = r->v[WALK_SKIP_ADDR], m = r->v[WALK_SKIP_MM];
	unsigned long long one = r->v[WALK_RMAP_ONE];

	if (r->v[WALK_LOCK_MAX_NS] > r->v[WALK_LOCK_NS])
		return csv_bad(s, "lock_max_ns %llu exceeds lock_ns %llu: the "
			       "longest hold is part of the total",
			       r->v[WALK_LOCK_MAX_NS], r->v[WALK_LOCK_NS]);
	/* Each visited node is skipped once, passed to rmap_one, or neither. */
	if (a > it || m > it - a || one > it - a - m)
		return csv_bad(s, "skip_addr %llu + skip_mm %llu + rmap_one "
			       "%llu exceed iterations %llu: each counts "
			       "visited anon_vma tree nodes", a, m, one, it);
	return 0;
}

static int parse_walk(struct csv_src *s, char *row, struct walk_table *w,
		      struct walk *r)
{
	static const char *const names[] = { "scenario", "driver", "phase" };
	const char *header = w->has_when ? WALKS_HEADER :
			     schema_walks_header_old();
	int want = w->has_when ? WALKS_NCOLS : WALKS_NCOLS_OLD;
	const char *f[WALKS_NCOLS];
	int i, n;

	n = csv_split(row, f, want, false);
	if (n < 0)
		return csv_bad(s, "stray or unclosed quote");
	if (n > want)
		return csv_bad(s, "more than %d fields, expected %s", want,
			       header);
	if (n < want)
		return csv_bad(s, "%d field%s, expected %s", n,
			       n == 1 ? "" : "s", header);
	for (i = 0; i < 3; i++)
		if (!*f[i])
			return csv_bad(s, "empty %s field", names[i]);
	if (parse_index(s, "rep", f[3], &r->rep) ||
	    parse_index(s, "walk", f[4], &r->walk))
		return -1;
	for (i = 0; i < WALK_NFIELDS; i++)
		if (csv_parse_decimal(f[5 + i], &r->v[i]))
			return csv_bad(s, "%s \"%s\" is not a non-negative "
				       "integer", walk_field_name(i), f[5 + i]);
	if (check_consistent(s, r))
		return -1;
	r->tid = r->time_ns = 0;
	if (w->has_when && (csv_parse_decimal(f[WALKS_NCOLS_OLD], &r->tid) ||
			    csv_parse_decimal(f[WALKS_NCOLS_OLD + 1],
					      &r->time_ns)))
		return csv_bad(s, "tid \"%s\" or time_ns \"%s\" is not a "
			       "non-negative integer", f[WALKS_NCOLS_OLD],
			       f[WALKS_NCOLS_OLD + 1]);
	r->line = s->line;
	if (walk_key_add(&w->keys, &w->nkeys, f, s->line, &r->key))
		return csv_bad(s, "out of memory");
	return 0;
}

static int cmp_walk(const void *pa, const void *pb)
{
	const struct walk *a = pa, *b = pb;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (a->rep != b->rep)
		return a->rep < b->rep ? -1 : 1;
	if (a->walk != b->walk)
		return a->walk < b->walk ? -1 : 1;
	return (a->line > b->line) - (a->line < b->line);
}

/*
 * The harness numbers the walks of a phase 1, 2, 3, ...: a repeated or
 * missing number means rows were duplicated or lost on the way, and the
 * walk count and percentiles would silently be wrong.
 */
static int check_numbering(struct csv_src *s, const struct walk_table *w)
{
	const struct walk *r, *prev;
	const struct walk_key *k;
	size_t i;

	for (i = 0; i < w->nrows; i++) {
		r = &w->rows[i];
		prev = i ? &w->rows[i - 1] : NULL;
		if (prev && (prev->key != r->key || prev->rep != r->rep))
			prev = NULL;
		if (r->walk == (prev ? prev->walk + 1 : 1))
			continue;
		k = &w->keys[r->key];
		s->line = r->line;
		if (prev && prev->walk == r->walk)
			return csv_bad(s, "duplicate of line %lu (scenario %s, "
				       "driver %s, phase %s, rep %lu, walk "
				       "%lu)", prev->line, k->scenario,
				       k->driver, k->phase, r->rep, r->walk);
		if (prev)
			return csv_bad(s, "walk %lu follows walk %lu (scenario "
				       "%s, driver %s, phase %s, rep %lu): "
				       "walks are numbered 1, 2, 3, ... "
				       "without gaps", r->walk, prev->walk,
				       k->scenario, k->driver, k->phase,
				       r->rep);
		return csv_bad(s, "walk %lu is the first of scenario %s, "
			       "driver %s, phase %s, rep %lu: walks are "
			       "numbered from 1", r->walk, k->scenario,
			       k->driver, k->phase, r->rep);
	}
	return 0;
}

/* Files written before walks.csv had tid and time_ns are read too. */
static int read_header(FILE *f, struct csv_src *s, struct walk_table *w)
{
	const char *old = schema_walks_header_old();
	char *buf;
	int ret = 0;

	if (csv_header_line(f, s, WALKS_HEADER, &buf))
		return -1;
	if (!strcmp(buf, WALKS_HEADER))
		w->has_when = true;
	else if (strcmp(buf, old))
		ret = csv_bad(s, "header is \"%s\", expected \"%s\" (or, "
			      "written before tid and time_ns, \"%s\")", buf,
			      WALKS_HEADER, old);
	free(buf);
	return ret;
}

static int read_rows(FILE *f, struct csv_src *s, struct walk_table *w)
{
	char *buf = NULL;
	size_t bufcap = 0, cap = 0;
	int ret;

	ret = read_header(f, s, w);
	while (!ret && (ret = csv_next_line(f, s, &buf, &bufcap)) > 0) {
		if (csv_grow(&w->rows, w->nrows, &cap, sizeof(*w->rows))) {
			ret = csv_bad(s, "out of memory");
			break;
		}
		ret = parse_walk(s, buf, w, &w->rows[w->nrows]);
		if (!ret)
			w->nrows++;
	}
	free(buf);
	return ret < 0 ? -1 : 0;
}

int walks_load(const char *dir, struct walk_table *w, struct csv_src *s)
{
	FILE *f;
	int ret;

	memset(w, 0, sizeof(*w));
	f = csv_open_optional(s, dir, "walks.csv", &ret);
	if (!f)
		return ret;
	w->present = true;
	ret = read_rows(f, s, w);
	fclose(f);
	if (!ret && w->nrows) {	/* qsort() must not see NULL */
		qsort(w->rows, w->nrows, sizeof(*w->rows), cmp_walk);
		ret = check_numbering(s, w);
	}
	if (ret)
		walks_free(w);
	return ret;
}

void walk_keys_free(struct walk_key *keys, size_t nkeys)
{
	size_t i;

	for (i = 0; i < nkeys; i++) {
		free(keys[i].scenario);
		free(keys[i].driver);
		free(keys[i].phase);
	}
	free(keys);
}

void walks_free(struct walk_table *w)
{
	walk_keys_free(w->keys, w->nkeys);
	free(w->rows);
	memset(w, 0, sizeof(*w));
}
