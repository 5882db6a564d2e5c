// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "kprobe_walks_read.h"
#include "schema.h"

#define KW_HEADER	schema_header(SCHEMA_KPROBE_WALKS)
#define KW_NCOLS	13

enum { C_SCENARIO, C_DRIVER, C_PHASE, C_REP, C_WALK, C_TID, C_CPU_ENTRY,
       C_CPU_RETURN, C_DEPTH, C_START, C_DURATION, C_SEARCHES, C_ITERATIONS };

static int number(struct csv_src *s, const char *const *f, int col,
		  unsigned long long *v)
{
	if (csv_parse_decimal(f[col], v))
		return csv_bad(s, "%s \"%s\" is not a non-negative integer",
			       schema_table(SCHEMA_KPROBE_WALKS)->col[col].name,
			       f[col]);
	return 0;
}

/* The collector writes NA for both counters or for neither. */
static int counters(struct csv_src *s, const char *const *f,
		    struct kprobe_walk *r)
{
	unsigned long long searches;
	bool na = !strcmp(f[C_SEARCHES], "NA");

	if (na != !strcmp(f[C_ITERATIONS], "NA"))
		return csv_bad(s, "tree_searches and iterations must both be "
			       "NA or both be counted");
	r->counted = !na;
	if (na)
		return 0;
	return number(s, f, C_SEARCHES, &searches) ||
	       number(s, f, C_ITERATIONS, &r->iterations) ? -1 : 0;
}

static int parse_row(struct csv_src *s, struct kprobe_walk *r)
{
	unsigned long long cpu;
	const char *f[KW_NCOLS];
	int i, n;

	n = csv_split(r->row, f, KW_NCOLS, false);
	if (n < 0)
		return csv_bad(s, "stray or unclosed quote");
	if (n != KW_NCOLS)
		return csv_bad(s, "%s%d fields, expected %s",
			       n > KW_NCOLS ? "more than " : "",
			       n > KW_NCOLS ? KW_NCOLS : n, KW_HEADER);
	for (i = C_SCENARIO; i <= C_PHASE; i++)
		if (!*f[i])
			return csv_bad(s, "empty %s field", schema_table(
				       SCHEMA_KPROBE_WALKS)->col[i].name);
	r->scenario = f[C_SCENARIO];
	r->driver = f[C_DRIVER];
	r->phase = f[C_PHASE];
	if (number(s, f, C_REP, &r->rep) || number(s, f, C_WALK, &r->walk) ||
	    number(s, f, C_TID, &r->tid) ||
	    number(s, f, C_CPU_ENTRY, &cpu) ||
	    number(s, f, C_CPU_RETURN, &cpu) ||
	    number(s, f, C_DEPTH, &r->depth) ||
	    number(s, f, C_START, &r->start_ns) ||
	    number(s, f, C_DURATION, &r->duration_ns))
		return -1;
	if (!r->rep || !r->walk)
		return csv_bad(s, "rep and walk count from 1");
	return counters(s, f, r);
}

static int read_rows(FILE *f, struct csv_src *s, struct kprobe_walk_table *w)
{
	char *buf = NULL;
	size_t bufcap = 0, cap = 0;
	struct kprobe_walk *r;
	int ret;

	ret = csv_check_header(f, s, KW_HEADER);
	while (!ret && (ret = csv_next_line(f, s, &buf, &bufcap)) > 0) {
		if (csv_grow(&w->rows, w->nrows, &cap, sizeof(*w->rows))) {
			ret = csv_bad(s, "out of memory");
			break;
		}
		r = &w->rows[w->nrows];
		memset(r, 0, sizeof(*r));
		r->row = strdup(buf);
		if (!r->row) {
			ret = csv_bad(s, "out of memory");
			break;
		}
		w->nrows++;
		r->line = s->line;
		ret = parse_row(s, r);
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
	csv_src_set(s, dir, "kprobe_walks.csv");
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
	size_t i;

	for (i = 0; i < w->nrows; i++)
		free(w->rows[i].row);
	free(w->rows);
	memset(w, 0, sizeof(*w));
}
