// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include "kprobe_walks_read.h"
#include "schema.h"

#define KW_HEADER	schema_header(SCHEMA_KPROBE_WALKS)
#define KW_MAXCOLS	16

enum { C_SCENARIO, C_DRIVER, C_PHASE, C_REP, C_WALK, C_TID, C_CPU_ENTRY,
       C_CPU_RETURN, C_DEPTH, C_START, C_DURATION, C_SEARCHES, C_ITERATIONS,
       C_TASK_CLOCK, C_CYCLES, C_INSTRUCTIONS };

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

/* A counter of the walk's thread, NA where the kernel could not count it. */
static int optional(struct csv_src *s, const char *const *f, int col,
		    bool *has, unsigned long long *v)
{
	*has = strcmp(f[col], "NA");
	return *has ? number(s, f, col, v) : 0;
}

/* Columns after iterations: only in files written since they exist. */
static int thread_counters(struct csv_src *s, const char *const *f,
			   int ncols, struct kprobe_walk *r)
{
	if (ncols <= C_TASK_CLOCK)
		return 0;
	return optional(s, f, C_TASK_CLOCK, &r->has_task_clock,
			&r->task_clock_ns) ||
	       optional(s, f, C_CYCLES, &r->has_cycles, &r->cycles) ||
	       optional(s, f, C_INSTRUCTIONS, &r->has_instructions,
			&r->instructions) ? -1 : 0;
}

static int parse_row(struct csv_src *s, struct kprobe_walk *r, int ncols)
{
	unsigned long long cpu;
	const char *f[KW_MAXCOLS];
	int i, n;

	n = csv_split(r->row, f, ncols, false);
	if (n < 0)
		return csv_bad(s, "stray or unclosed quote");
	if (n != ncols)
		return csv_bad(s, "%s%d fields, expected %d as in the header",
			       n > ncols ? "more than " : "",
			       n > ncols ? ncols : n, ncols);
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
	return counters(s, f, r) || thread_counters(s, f, ncols, r) ? -1 : 0;
}

/*
 * The header: the schema's, or that of an older file without the columns
 * appended since (schema nmin).  Returns the column count, or -1.
 */
static int read_header(FILE *f, struct csv_src *s)
{
	char *buf;
	int n;

	if (csv_header_line(f, s, KW_HEADER, &buf))
		return -1;
	n = schema_header_columns(SCHEMA_KPROBE_WALKS, buf);
	if (n < 0 || n > KW_MAXCOLS) {
		csv_bad(s, "header is \"%s\", expected \"%s\" or its first "
			"%d columns or more", buf, KW_HEADER,
			schema_table(SCHEMA_KPROBE_WALKS)->nmin);
		n = -1;
	}
	free(buf);
	return n;
}

static int read_rows(FILE *f, struct csv_src *s, struct kprobe_walk_table *w)
{
	char *buf = NULL;
	size_t bufcap = 0, cap = 0;
	struct kprobe_walk *r;
	int ret = 0, ncols;

	ncols = read_header(f, s);
	if (ncols < 0)
		return -1;
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
		ret = parse_row(s, r, ncols);
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
	f = csv_open_optional(s, dir, "kprobe_walks.csv", &ret);
	if (!f)
		return ret;
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
