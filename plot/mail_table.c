// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "kernel_label.h"
#include "mail_table.h"

#define LABEL_W	9
#define VALUE_W	9
#define PCT_W	9

static const char *const row_names[ROW_NR] = {
	[ROW_REPS] = "reps", [ROW_VALUES] = "walks", [ROW_MIN] = "Min", [ROW_MEDIAN] = "Median",
	[ROW_AMEAN] = "Amean", [ROW_STDDEV] = "Stddev", [ROW_COV] = "CoV",
	[ROW_P99] = "p99", [ROW_MAX] = "Max",
};

static int cmp_double(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return (a > b) - (a < b);
}

int mail_col_stats(struct mail_col *c)
{
	size_t n = c->g.ngroups ? c->g.start[c->g.ngroups] : 0;
	double *sorted;

	if (stats_compute(c->g.v, n, &c->st))
		return -1;
	c->p99 = NAN;
	if (!n)
		return 0;
	sorted = malloc(n * sizeof(*sorted));
	if (!sorted)
		return -1;
	memcpy(sorted, c->g.v, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_double);
	c->p99 = sorted[stats_nearest_rank(n, 99) - 1];
	free(sorted);
	return 0;
}

void mail_col_free(struct mail_col *c)
{
	free(c->v);
	free(c->start);
	memset(c, 0, sizeof(*c));
}

void mail_fmt_num(char *buf, size_t len, double v)
{
	double a = fabs(v);

	if (isnan(v))
		snprintf(buf, len, "-");
	else if (a >= 1000.0 || v == floor(v))
		snprintf(buf, len, "%.0f", v);
	else if (a >= 100.0)
		snprintf(buf, len, "%.1f", v);
	else if (a >= 10.0)
		snprintf(buf, len, "%.2f", v);
	else if (a >= 0.001)
		snprintf(buf, len, "%.4g", v);
	else
		snprintf(buf, len, "%.2e", v);
}

/* "(-99.60%)" in at most PCT_W characters. */
static void fmt_pct(char *buf, size_t len, double v, double base)
{
	double p = (v - base) / base * 100.0, a = fabs(p);

	if (base == 0.0 || isnan(v) || isnan(base))
		snprintf(buf, len, "%s", "");
	else if (a < 99.995)
		snprintf(buf, len, "(%+.2f%%)", p);
	else if (a < 999.95)
		snprintf(buf, len, "(%+.1f%%)", p);
	else if (a < 99999.5)
		snprintf(buf, len, "(%+.0f%%)", p);
	else
		snprintf(buf, len, "(x%.0f)", v / base);
	if (strlen(buf) > PCT_W)
		snprintf(buf, len, "(huge)");
}

static double row_value(const struct mail_col *c, enum mail_row r)
{
	switch (r) {
	case ROW_REPS:
		return (double)c->g.ngroups;
	case ROW_VALUES:
		return (double)c->st.n;
	case ROW_MIN:
		return c->st.min;
	case ROW_MEDIAN:
		return c->st.median;
	case ROW_AMEAN:
		return c->st.mean;
	case ROW_STDDEV:
		return c->st.stddev;
	case ROW_COV:
		return c->st.cov * 100.0;
	case ROW_P99:
		return c->p99;
	default:
		return c->st.max;
	}
}

/* Row @r has a % change against the baseline, and maybe a mark. */
static bool row_compares(enum mail_row r)
{
	return r == ROW_MIN || r == ROW_MEDIAN || r == ROW_AMEAN ||
	       r == ROW_P99 || r == ROW_MAX;
}

static bool excludes_one(const struct ratio_ci *ci)
{
	return !isnan(ci->lo) && (ci->lo > 1.0 || ci->hi < 1.0);
}

struct ratios {
	struct ratio_ci median, mean;
	struct welch_result welch;
	bool ok;
};

static void print_cell(FILE *f, const struct mail_table *t, size_t k,
		       enum mail_row r, const struct ratios *rt)
{
	const struct mail_col *c = &t->cols[k], *base = &t->cols[0];
	char val[48], pct[48] = "";
	const char *mark = " ";
	double v, scale = r == ROW_REPS || r == ROW_VALUES ||
			  r == ROW_COV ? 1.0 : t->scale;

	if (!c->usable) {
		fprintf(f, " %*s", VALUE_W + 1 + PCT_W + 1, "");
		return;
	}
	v = row_value(c, r) / scale;
	mail_fmt_num(val, sizeof(val), v);
	if (r == ROW_COV && !isnan(v))
		snprintf(val, sizeof(val), "%.2f%%", v);
	if (k && base->usable && row_compares(r))
		fmt_pct(pct, sizeof(pct), v, row_value(base, r) / scale);
	if (k && rt->ok && ((r == ROW_MEDIAN && excludes_one(&rt->median)) ||
			    (r == ROW_AMEAN && excludes_one(&rt->mean))))
		mark = "*";
	fprintf(f, " %*s %-*s%s", VALUE_W, val, PCT_W, pct, mark);
}

static void print_header(FILE *f, const struct mail_table *t,
			 const size_t *ks, size_t n)
{
	char line[256], letter[2] = "";
	size_t i, len;

	len = snprintf(line, sizeof(line), "%-*s", LABEL_W, "");
	for (i = 0; i < n && len < sizeof(line); i++) {
		const char *label = t->labels[ks[i]];

		/* A label too long for its column is replaced by its letter. */
		if (strlen(label) > VALUE_W + 1 + PCT_W) {
			letter[0] = kernel_letter(ks[i]);
			label = letter;
		}
		/* Over the values when it fits there, else from their left. */
		if (strlen(label) <= VALUE_W)
			len += snprintf(line + len, sizeof(line) - len,
					" %*s%*s", VALUE_W, label, PCT_W + 1, "");
		else
			len += snprintf(line + len, sizeof(line) - len, " %-*s",
					VALUE_W + 1 + PCT_W, label);
	}
	len = strlen(line);
	while (len && line[len - 1] == ' ')
		line[--len] = '\0';
	fprintf(f, "%s\n", line);
}

static void fmt_ci(char *buf, size_t len, const struct ratio_ci *ci)
{
	char r[32], lo[32], hi[32];

	mail_fmt_num(r, sizeof(r), ci->ratio);
	mail_fmt_num(lo, sizeof(lo), ci->lo);
	mail_fmt_num(hi, sizeof(hi), ci->hi);
	if (isnan(ci->lo))
		snprintf(buf, len, "%9s  CI -", r);
	else
		snprintf(buf, len, "%9s  CI [%s, %s]%s", r, lo, hi,
			 excludes_one(ci) ? " *" : "");
}

static void print_ratios(FILE *f, const struct mail_table *t, size_t k,
			 const struct ratios *rt)
{
	char name[8], buf[160];

	snprintf(name, sizeof(name), "A/%c", kernel_letter(k));
	if (!rt->ok) {
		fprintf(f, "  %s: no ratio (a side is zero)\n", name);
		return;
	}
	fmt_ci(buf, sizeof(buf), &rt->median);
	fprintf(f, "  %s median %s\n", name, buf);
	fmt_ci(buf, sizeof(buf), &rt->mean);
	fprintf(f, "      mean   %s", buf);
	if (t->per_rep && isnan(rt->welch.p))
		fputs("  p -", f);
	else if (t->per_rep && rt->welch.p < 0.0001)
		fputs("  p<0.0001", f);
	else if (t->per_rep)
		fprintf(f, "  p=%.4f", rt->welch.p);
	fputc('\n', f);
}

static int compute_ratios(const struct mail_table *t, size_t k,
			  struct ratios *rt)
{
	const struct mail_col *a = &t->cols[0], *b = &t->cols[k];

	memset(rt, 0, sizeof(*rt));
	if (!k || !a->usable || !b->usable)
		return 0;
	if (stats_boot_ratio(&a->g, &b->g, BOOT_MEDIAN, BOOT_ITERS,
			     BOOT_SEED, &rt->median) ||
	    stats_boot_ratio(&a->g, &b->g, BOOT_MEAN, BOOT_ITERS, BOOT_SEED,
			     &rt->mean))
		return isnan(rt->median.ratio) || isnan(rt->mean.ratio) ?
		       0 : -1;
	stats_welch(a->g.v, a->st.n, b->g.v, b->st.n, &rt->welch);
	rt->ok = true;
	return 0;
}

/* Cells are padded; the line is not. */
static int print_row(FILE *f, const struct mail_table *t, const size_t *ks,
		     size_t n, enum mail_row r, const struct ratios *rt)
{
	char *line = NULL;
	size_t len = 0, i;
	FILE *m = open_memstream(&line, &len);

	if (!m)
		return -1;
	fprintf(m, "%-*s", LABEL_W, row_names[r]);
	for (i = 0; i < n; i++)
		print_cell(m, t, ks[i], r, &rt[ks[i]]);
	if (fclose(m))
		return -1;
	while (len && line[len - 1] == ' ')
		line[--len] = '\0';
	fprintf(f, "%s\n", line);
	free(line);
	return 0;
}

static void print_group(FILE *f, const struct mail_table *t, const size_t *ks,
			size_t n, const struct ratios *rt)
{
	size_t i;
	int r;

	print_header(f, t, ks, n);
	for (r = 0; r < ROW_NR; r++) {
		if (!(t->rows & (1u << r)))
			continue;
		print_row(f, t, ks, n, r, rt);
	}
	for (i = 0; i < n; i++)
		if (!t->cols[ks[i]].usable && !t->cols[ks[i]].quiet)
			fprintf(f, "  %c: %s\n", kernel_letter(ks[i]),
				t->cols[ks[i]].why ?: "no values");
	for (i = 1; i < n && t->ratios; i++)
		if (t->cols[0].usable && t->cols[ks[i]].usable)
			print_ratios(f, t, ks[i], &rt[ks[i]]);
}

int mail_table_print(FILE *f, const struct mail_table *t)
{
	struct ratios *rt = calloc(t->nk, sizeof(*rt));
	size_t ks[MAIL_KERNELS_PER_TABLE], k = 1, n;
	int ret = 0;

	if (!rt)
		return -1;
	for (k = 1; k < t->nk && t->ratios && !ret; k++)
		ret = compute_ratios(t, k, &rt[k]);
	fprintf(f, "%s\n", t->title);
	/* Baseline first in every group of columns. */
	for (k = 1; !ret && (k < t->nk || k == 1); ) {
		ks[0] = 0;
		for (n = 1; n < MAIL_KERNELS_PER_TABLE && k < t->nk; n++)
			ks[n] = k++;
		print_group(f, t, ks, n, rt);
		if (k == 1)
			break;
	}
	free(rt);
	return ret;
}
