// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "kernel_label.h"
#include "mail_measured.h"
#include "mail_table.h"
#include "mail_wrap.h"
#include "report_mail.h"
#include "report_probes.h"
#include "report_xcheck.h"
#include "run_keys.h"
#include "schema.h"
#include "series.h"
#include "walks_read.h"

#define NS_PER_MS	1e6
#define NS_PER_US	1e3

struct mail {
	FILE *f;
	const struct run *runs;
	size_t nruns;
	const char *labels[KERNELS_MAX];
	char label_buf[KERNELS_MAX][64];
};

static const char *status_why(const struct run *run,
			      const struct pair_key *pair)
{
	const struct status_entry *st;

	st = run_find_status(run, pair->scenario, pair->driver);
	if (!st)
		return "not run";
	return st->status == STATUS_OK ? NULL : run_status_name(st->status);
}

/* One kernel's driver time per repetition, for @phase or the total. */
static int time_col(const struct run *run, const struct pair_key *pair,
		    const char *phase, struct mail_col *c)
{
	struct series s;
	size_t i;

	memset(c, 0, sizeof(*c));
	c->why = status_why(run, pair);
	c->quiet = c->why != NULL;	/* status_lines() said why */
	if (c->why)
		return 0;
	if (series_get(run, pair, phase, SCHEMA_TIME_METRIC, true, 1.0, &s))
		return -1;
	c->start = malloc((s.n + 1) * sizeof(*c->start));
	if (!c->start) {
		series_free(&s);
		return -1;
	}
	for (i = 0; i <= s.n; i++)
		c->start[i] = i;
	c->v = s.v;
	c->g = (struct boot_groups){ .v = c->v, .start = c->start,
				     .ngroups = s.n };
	c->usable = s.n > 0;
	c->why = c->usable ? NULL : "no complete repetition";
	return c->usable ? mail_col_stats(c) : 0;
}

static void free_cols(struct mail_col *cols, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		mail_col_free(&cols[k]);
}

/* The reader's warnings, in the text rather than hidden. */
static void flag_cols(struct mail *m, const struct mail_col *cols)
{
	size_t k;

	for (k = 0; k < m->nruns; k++) {
		if (!cols[k].usable)
			continue;
		if (cols[k].g.ngroups < MAIL_N_FLAG)
			fprintf(m->f, "  ! %c: n = %zu repetitions (< %d)\n",
				kernel_letter(k), cols[k].g.ngroups, MAIL_N_FLAG);
		if (cols[k].st.cov > MAIL_COV_FLAG)
			fprintf(m->f, "  ! %c: CoV %.1f%% (> %.0f%%): noisy\n",
				kernel_letter(k), cols[k].st.cov * 100.0,
				MAIL_COV_FLAG * 100.0);
	}
}

static int time_table(struct mail *m, const struct pair_key *pair,
		      const char *phase)
{
	struct mail_col cols[KERNELS_MAX];
	char title[128];
	struct mail_table t = {
		.title = title, .labels = m->labels, .nk = m->nruns,
		.cols = cols, .scale = NS_PER_MS, .per_rep = true,
		.ratios = true,
		.rows = 1u << ROW_REPS | 1u << ROW_MIN | 1u << ROW_MEDIAN |
			1u << ROW_AMEAN | 1u << ROW_STDDEV | 1u << ROW_COV |
			1u << ROW_MAX,
	};
	size_t k;
	int ret = 0;

	memset(cols, 0, sizeof(cols));
	for (k = 0; k < m->nruns && !ret; k++)
		ret = time_col(&m->runs[k], pair, phase, &cols[k]);
	snprintf(title, sizeof(title), "\n%s/%s %s %s [ms], lower is better",
		 pair->scenario, pair->driver, phase ? phase : "total",
		 SCHEMA_TIME_METRIC);
	if (!ret)
		ret = mail_table_print(m->f, &t);
	if (!ret)
		flag_cols(m, cols);
	free_cols(cols, m->nruns);
	return ret;
}

static int cmp_rep_val(const void *pa, const void *pb)
{
	const double *a = pa, *b = pb;

	return (a[0] > b[0]) - (a[0] < b[0]);
}

/* Field @fld of the pair's walks, grouped by repetition. */
static int walk_col(const struct run *run, const struct pair_key *pair,
		    int fld, struct mail_col *c)
{
	const struct walk_table *w = &run->walks;
	double *tmp;
	size_t i, n = 0;

	memset(c, 0, sizeof(*c));
	c->why = status_why(run, pair);
	c->quiet = c->why != NULL;
	if (!w->present)
		c->why = "no walks.csv (kernel without the tracepoint)";
	if (c->why)
		return 0;
	tmp = malloc((w->nrows + 1) * 2 * sizeof(*tmp));
	c->v = malloc((w->nrows + 1) * sizeof(*c->v));
	c->start = malloc((w->nrows + 2) * sizeof(*c->start));
	if (!tmp || !c->v || !c->start) {
		free(tmp);
		return -1;
	}
	for (i = 0; i < w->nrows; i++) {
		const struct walk_key *key = &w->keys[w->rows[i].key];

		if (strcmp(key->scenario, pair->scenario) ||
		    strcmp(key->driver, pair->driver))
			continue;
		tmp[2 * n] = (double)w->rows[i].rep;
		tmp[2 * n++ + 1] = (double)w->rows[i].v[fld];
	}
	qsort(tmp, n, 2 * sizeof(*tmp), cmp_rep_val);
	for (i = 0; i < n; i++) {
		if (!i || tmp[2 * i] != tmp[2 * i - 2])
			c->start[c->g.ngroups++] = i;
		c->v[i] = tmp[2 * i + 1];
	}
	c->start[c->g.ngroups] = n;
	free(tmp);
	c->g.v = c->v;
	c->g.start = c->start;
	c->usable = n > 0;
	c->why = c->usable ? NULL : "no walks";
	return c->usable ? mail_col_stats(c) : 0;
}

static bool any_walks(const struct mail *m)
{
	size_t k;

	for (k = 0; k < m->nruns; k++)
		if (m->runs[k].walks.present)
			return true;
	return false;
}

static int walk_table(struct mail *m, const struct pair_key *pair, int fld)
{
	const struct schema_column *col = walk_field_column(fld);
	bool ns = !strcmp(col->unit, "ns");
	struct mail_col cols[KERNELS_MAX];
	char title[128];
	struct mail_table t = {
		.title = title, .labels = m->labels, .nk = m->nruns,
		.cols = cols, .scale = ns ? NS_PER_US : 1.0,
		.ratios = col->better != BETTER_NONE,
		.rows = 1u << ROW_MEDIAN | 1u << ROW_AMEAN | 1u << ROW_P99 |
			1u << ROW_MAX,
	};
	size_t k;
	int ret = 0;

	memset(cols, 0, sizeof(cols));
	for (k = 0; k < m->nruns && !ret; k++)
		ret = walk_col(&m->runs[k], pair, fld, &cols[k]);
	snprintf(title, sizeof(title), "%s [%s]: %s", col->name,
		 ns ? "us" : col->unit, col->help);
	if (!ret)
		ret = mail_table_print(m->f, &t);
	free_cols(cols, m->nruns);
	return ret;
}

static int walk_tables(struct mail *m, const struct pair_key *pair)
{
	struct mail_col c;
	size_t k;
	int fld, ret = 0;

	if (!any_walks(m))
		return 0;
	fprintf(m->f, "\n%s/%s per rmap_walk_ksm() call, all phases and "
		"repetitions\n", pair->scenario, pair->driver);
	for (k = 0; k < m->nruns && !ret; k++) {
		ret = walk_col(&m->runs[k], pair, WALK_ITEMS, &c);
		if (!ret && c.usable)
			fprintf(m->f, "  %c: %zu walks in %zu repetitions\n",
				kernel_letter(k), c.st.n, c.g.ngroups);
		mail_col_free(&c);
	}
	/* Fields the workload fixes (better "none") are the same anyway. */
	for (fld = 0; fld < WALK_NFIELDS && !ret; fld++)
		if (walk_field_column(fld)->better != BETTER_NONE)
			ret = walk_table(m, pair, fld);
	return ret;
}

static void status_lines(struct mail *m, const struct pair_key *pair)
{
	const struct status_entry *st;
	size_t k;

	for (k = 0; k < m->nruns; k++) {
		st = run_find_status(&m->runs[k], pair->scenario, pair->driver);
		if (st && st->status == STATUS_OK)
			continue;
		if (!st)
			mail_wrap(m->f, 6, "  %c: not run", kernel_letter(k));
		else
			mail_wrap(m->f, 6, "  %c: %s: %s", kernel_letter(k),
			     run_status_name(st->status),
			     *st->reason ? st->reason : "(no reason given)");
	}
}

/* Whether any kernel timed @phase of @pair ("remerge" is untimed). */
static bool phase_timed(const struct mail *m, const struct pair_key *pair,
			const char *phase)
{
	const struct sample *smp;
	size_t k, i;

	for (k = 0; k < m->nruns; k++) {
		for (i = 0; i < m->runs[k].nsamples; i++) {
			smp = &m->runs[k].samples[i];
			if (!strcmp(smp->scenario, pair->scenario) &&
			    !strcmp(smp->driver, pair->driver) &&
			    !strcmp(smp->phase, phase) &&
			    !strcmp(smp->metric, SCHEMA_TIME_METRIC))
				return true;
		}
	}
	return false;
}

static int pair_section(struct mail *m, const struct pair_key *pair)
{
	const char **phases = NULL;
	size_t k, i, nphases = 0;
	int ret = 0;

	fprintf(m->f, "\n== %s/%s ==\n", pair->scenario, pair->driver);
	status_lines(m, pair);
	for (k = 0; k < m->nruns && !ret; k++)
		ret = keys_phases(&m->runs[k], pair, &phases, &nphases);
	if (!ret)
		ret = time_table(m, pair, NULL);
	for (i = 0; i < nphases && !ret; i++)
		if (phase_timed(m, pair, phases[i]))
			ret = time_table(m, pair, phases[i]);
	free(phases);
	if (!ret)
		ret = walk_tables(m, pair);
	if (!ret)
		ret = report_probes(m->f, m->runs, m->nruns, pair);
	if (!ret)
		ret = report_xcheck(m->f, m->runs, m->nruns, pair, false);
	return ret;
}

static void title(struct mail *m)
{
	size_t k;

	fputs("ksmbench: cost of reverse-mapping KSM pages "
	      "(rmap_walk_ksm())\n", m->f);
	for (k = 0; k < m->nruns; k++)
		fprintf(m->f, "  %c = %s%s\n", kernel_letter(k), m->labels[k],
			k ? "" : " (baseline)");
}

int report_mail(FILE *f, const struct run *runs, size_t nruns)
{
	struct mail m = { .f = f, .runs = runs, .nruns = nruns };
	struct pair_key *pairs;
	size_t i, k, npairs;
	int ret = 0;

	for (k = 0; k < nruns; k++) {
		kernel_label(runs, nruns, k, m.label_buf[k],
			     sizeof(m.label_buf[k]));
		m.labels[k] = m.label_buf[k];
	}
	if (keys_pairs(runs, nruns, &pairs, &npairs))
		return -1;
	title(&m);
	for (i = 0; i < npairs && !ret; i++)
		ret = pair_section(&m, &pairs[i]);
	free(pairs);
	if (ret)
		return ret;
	if (report_probes_any(runs, nruns)) {
		fputc('\n', f);
		report_probes_footer(f);
	}
	if (report_xcheck_any(runs, nruns)) {
		fputc('\n', f);
		report_xcheck_footer(f, false);
	}
	mail_how_measured(f, runs, nruns);
	mail_reproduce(f, runs, nruns);
	return 0;
}
