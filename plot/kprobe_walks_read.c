// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "kprobe_walks_read.h"

#define KW_HEADER	schema_header(SCHEMA_KPROBE_WALKS)
#define KW_NCOLS	13

/* Column indexes in the schema's order. */
enum { C_REP = 3, C_WALK, C_TID, C_CPU_IN, C_CPU_OUT, C_DEPTH, C_START,
       C_DURATION, C_SEARCHES, C_ITERATIONS };

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

static const char *col_name(int i)
{
	return schema_table(SCHEMA_KPROBE_WALKS)->col[i].name;
}

static int parse_number(struct csv_src *s, const char *const *f, int i,
			unsigned long long *v)
{
	if (csv_parse_decimal(f[i], v))
		return csv_bad(s, "%s \"%s\" is not a non-negative integer",
			       col_name(i), f[i]);
	return 0;
}

/* The iterator counts are NA together (probes on the walk only) or not. */
static int parse_counts(struct csv_src *s, const char *const *f,
			struct kprobe_walk *r)
{
	bool na_s = !strcmp(f[C_SEARCHES], "NA");
	bool na_i = !strcmp(f[C_ITERATIONS], "NA");
	unsigned long long searches;

	if (na_s != na_i)
		return csv_bad(s, "tree_searches \"%s\" and iterations \"%s\": "
			       "both are counted or both NA", f[C_SEARCHES],
			       f[C_ITERATIONS]);
	r->counted = !na_i;
	if (!r->counted)
		return 0;
	return parse_number(s, f, C_SEARCHES, &searches) ||
	       parse_number(s, f, C_ITERATIONS, &r->iterations) ? -1 : 0;
}

static int parse_row(struct csv_src *s, char *row,
		     struct kprobe_walk_table *w, struct kprobe_walk *r)
{
	const char *f[KW_NCOLS];
	unsigned long long v;
	int i, n;

	n = csv_split(row, f, KW_NCOLS, false);
	if (n < 0)
		return csv_bad(s, "stray or unclosed quote");
	if (n != KW_NCOLS)
		return csv_bad(s, "%d fields, expected %s", n, KW_HEADER);
	for (i = 0; i < C_REP; i++)
		if (!*f[i])
			return csv_bad(s, "empty %s field", col_name(i));
	if (parse_index(s, "rep", f[C_REP], &r->rep) ||
	    parse_index(s, "walk", f[C_WALK], &r->walk))
		return -1;
	for (i = C_TID; i < C_DURATION; i++)
		if (parse_number(s, f, i, &v))
			return -1;
	if (parse_number(s, f, C_DURATION, &r->duration_ns) ||
	    parse_counts(s, f, r))
		return -1;
	r->line = s->line;
	if (walk_key_add(&w->keys, &w->nkeys, f, s->line, &r->key))
		return csv_bad(s, "out of memory");
	return 0;
}

static int read_rows(FILE *f, struct csv_src *s, struct kprobe_walk_table *w)
{
	char *buf = NULL;
	size_t bufcap = 0, cap = 0;
	int ret;

	ret = csv_check_header(f, s, KW_HEADER);
	while (!ret && (ret = csv_next_line(f, s, &buf, &bufcap)) > 0) {
		if (csv_grow(&w->rows, w->nrows, &cap, sizeof(*w->rows))) {
			ret = csv_bad(s, "out of memory");
			break;
		}
		ret = parse_row(s, buf, w, &w->rows[w->nrows]);
		if (!ret)
			w->nrows++;
	}
	free(buf);
	return ret < 0 ? -1 : 0;
}

int kprobe_walks_load(const char *dir, struct kprobe_walk_table *w,
		      struct csv_src *s)
{
	FILE *f;
	int ret;

	memset(w, 0, sizeof(*w));
	csv_src_set(s, dir, schema_table(SCHEMA_KPROBE_WALKS)->file);
	if (schema_table(SCHEMA_KPROBE_WALKS)->ncols != KW_NCOLS)
		return csv_bad(s, "the reader expects %d columns, the schema "
			       "declares %s", KW_NCOLS, KW_HEADER);
	f = fopen(s->path, "r");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		return csv_bad(s, "cannot open: %s", strerror(errno));
	}
	w->present = true;
	ret = read_rows(f, s, w);
	fclose(f);
	if (ret)
		kprobe_walks_free(w);
	return ret;
}

void kprobe_walks_free(struct kprobe_walk_table *w)
{
	walk_keys_free(w->keys, w->nkeys);
	free(w->rows);
	memset(w, 0, sizeof(*w));
}
