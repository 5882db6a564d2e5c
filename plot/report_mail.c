// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "kernel_label.h"
#include "mail_table.h"
#include "report_mail.h"
#include "run_keys.h"
#include "schema.h"
#include "series.h"
#include "walks_read.h"

#define NS_PER_MS	1e6
#define NS_PER_US	1e3
#define COV_FLAG	0.05
#define N_FLAG		5

struct mail {
	FILE *f;
	const struct run *runs;
	size_t nruns;
	const char *labels[KERNELS_MAX];
	char label_buf[KERNELS_MAX][64];
};

/*
 * Words wrapped at MAIL_COLUMNS, later lines indented by @indent and each
 * broken line ended by @cont; leading spaces are kept.
 */
static void vwrap(FILE *f, int indent, const char *cont, const char *fmt,
		  va_list ap)
{
	char *text, *word, *save = NULL;
	bool first = true;
	int col = 0;

	if (vasprintf(&text, fmt, ap) < 0)
		text = NULL;
	if (!text)
		return;
	while (text[col] == ' ')
		fputc(text[col++], f);
	for (word = strtok_r(text + col, " ", &save); word;
	     word = strtok_r(NULL, " ", &save)) {
		int len = (int)strlen(word);

		if (!first && col + 1 + len + (int)strlen(cont) > MAIL_COLUMNS) {
			fprintf(f, "%s\n%*s", cont, indent, "");
			col = indent;
		} else if (!first) {
			fputc(' ', f);
			col++;
		}
		fputs(word, f);
		col += len;
		first = false;
	}
	fputc('\n', f);
	free(text);
}

static void __attribute__((format(printf, 3, 4)))
wrap(FILE *f, int indent, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwrap(f, indent, "", fmt, ap);
	va_end(ap);
}

/* A shell command: continued lines end in a backslash. */
static void __attribute__((format(printf, 2, 3)))
wrap_cmd(FILE *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwrap(f, 6, " \\", fmt, ap);
	va_end(ap);
}

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
		if (cols[k].g.ngroups < N_FLAG)
			fprintf(m->f, "  ! %c: n = %zu repetitions (< %d)\n",
				kernel_letter(k), cols[k].g.ngroups, N_FLAG);
		if (cols[k].st.cov > COV_FLAG)
			fprintf(m->f, "  ! %c: CoV %.1f%% (> %.0f%%): noisy\n",
				kernel_letter(k), cols[k].st.cov * 100.0,
				COV_FLAG * 100.0);
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
			wrap(m->f, 6, "  %c: not run", kernel_letter(k));
		else
			wrap(m->f, 6, "  %c: %s: %s", kernel_letter(k),
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
	return ret;
}

static const char *meta_str(json_t *root, const char *obj, const char *key)
{
	json_t *o = obj ? json_object_get(root, obj) : root;

	return json_string_value(json_object_get(o, key));
}

/* Value of "-opt VALUE" in a QEMU command line, or NULL. */
static char *qemu_opt(const char *cmd, const char *opt)
{
	char pat[32];
	const char *p;

	snprintf(pat, sizeof(pat), " %s ", opt);
	p = strstr(cmd, pat);
	if (!p)
		return NULL;
	p += strlen(pat);
	return strndup(p, strcspn(p, " "));
}

/* The accelerator decides what timings mean: TCG is an emulator. */
static char *machine_text(const struct run *run)
{
	const char *cmd = meta_str(run->meta, "vm", "qemu_cmdline");
	json_t *mach = json_object_get(run->meta, "machine");
	json_int_t cpus = json_integer_value(json_object_get(mach, "cpus"));
	json_int_t kib = json_integer_value(json_object_get(mach,
							    "mem_total_kib"));
	size_t nodes = json_array_size(json_object_get(mach, "numa_nodes"));
	const char *cpu = meta_str(mach, NULL, "cpu_model") ?: "unknown";
	char *accel = cmd ? qemu_opt(cmd, "-accel") : NULL;
	char where[64];

	if (!run->meta)
		return NULL;
	if (!cmd)
		snprintf(where, sizeof(where), "bare metal");
	else
		snprintf(where, sizeof(where), "QEMU %s",
			 !accel ? "(accelerator not named)" :
			 !strncmp(accel, "tcg", 3) ? "TCG (emulated, no KVM)" :
			 !strncmp(accel, "kvm", 3) ? "KVM" : accel);
	char *text;

	if (asprintf(&text, "%s, %lld CPUs (%s), %lld MiB, %zu NUMA node%s",
		     where, (long long)cpus, cpu, (long long)kib / 1024, nodes,
		     nodes == 1 ? "" : "s") < 0)
		text = NULL;
	free(accel);
	return text;
}

/* Kernels that ran on the same machine share one line. */
static void machine_lines(FILE *f, const struct mail *m)
{
	char *text[KERNELS_MAX], who[2 * KERNELS_MAX + 1];
	bool done[KERNELS_MAX] = { false };
	size_t k, j, n;

	for (k = 0; k < m->nruns; k++)
		text[k] = machine_text(&m->runs[k]);
	for (k = 0; k < m->nruns; k++) {
		if (done[k] || !text[k])
			continue;
		for (j = k, n = 0; j < m->nruns; j++) {
			if (done[j] || !text[j] || strcmp(text[j], text[k]))
				continue;
			n += snprintf(who + n, sizeof(who) - n, "%s%c",
				      n ? "," : "", kernel_letter(j));
			done[j] = true;
		}
		wrap(f, 6, "  %s: %s", who, text[k]);
	}
	for (k = 0; k < m->nruns; k++)
		free(text[k]);
}

static void tool_lines(FILE *f, const struct mail *m)
{
	const char *first = NULL;
	size_t k;

	for (k = 0; k < m->nruns; k++) {
		const char *v = meta_str(m->runs[k].meta, "ksmbench", "version");
		const char *c = meta_str(m->runs[k].meta, "ksmbench",
					 "git_commit");
		char commit[64];
		size_t len;

		if (!c)
			c = "unknown";
		len = strlen(c);
		if (len > 6 && !strcmp(c + len - 6, "-dirty"))
			snprintf(commit, sizeof(commit), "commit %.*s plus "
				 "uncommitted changes (dirty tree)",
				 (int)(len - 6), c);
		else
			snprintf(commit, sizeof(commit), "commit %s", c);
		if (first && !strcmp(first, c))
			continue;
		wrap(f, 6, "  %s ksmbench %s, %s", k ? "and" : "by",
		     v ?: "?", commit);
		first = c;
	}
}

static void ksm_line(FILE *f, const struct run *run, const char *scenario)
{
	static const char *const knobs[] = {
		"max_page_sharing", "pages_to_scan", "sleep_millisecs",
		"merge_across_nodes", "use_zero_pages", "run",
	};
	json_t *during = json_object_get(run_scenario_meta(run, scenario),
					 "ksm_during");
	char buf[256];
	size_t i, len = 0;

	for (i = 0; i < sizeof(knobs) / sizeof(*knobs); i++) {
		const char *v = meta_str(during, NULL, knobs[i]);

		if (v)
			len += snprintf(buf + len, sizeof(buf) - len, "%s%s=%s",
					len ? " " : "", knobs[i], v);
	}
	if (len)
		wrap(f, 6, "      KSM while driving: %s", buf);
}

static void scenario_lines(FILE *f, const struct run *run)
{
	json_t *sc, *v, *obs;
	const char *key;
	size_t i;

	json_array_foreach(json_object_get(run->meta, "scenarios"), i, sc) {
		char buf[512];
		size_t len = 0;

		json_object_foreach(json_object_get(sc, "params"), key, v) {
			if (!json_is_integer(v) && strcmp(key, "layout"))
				continue;
			if (json_is_integer(v))
				len += snprintf(buf + len, sizeof(buf) - len,
						" %s=%lld", key,
						(long long)json_integer_value(v));
			else
				len += snprintf(buf + len, sizeof(buf) - len,
						" %s=%s", key,
						json_string_value(v) ?: "?");
			if (len >= sizeof(buf))
				break;
		}
		wrap(f, 6, "  %s:%s", meta_str(sc, NULL, "name") ?: "?", buf);
		obs = json_object_get(sc, "observed");
		wrap(f, 6, "      census before driving (same on all kernels):"
		     " %lld KSM pages, %lld sharing, %lld on a wrong page",
		     (long long)json_integer_value(json_object_get(obs,
							"pages_shared")),
		     (long long)json_integer_value(json_object_get(obs,
							"pages_sharing")),
		     (long long)json_integer_value(json_object_get(obs,
						"pages_on_wrong_frame")));
		ksm_line(f, run, meta_str(sc, NULL, "name") ?: "");
	}
}

static void how_measured(struct mail *m)
{
	size_t k;

	fputs("\nHow it was measured\n", m->f);
	for (k = 0; k < m->nruns; k++) {
		const char *rel = m->runs[k].release;

		wrap(m->f, 6, "  %c: kernel %s", kernel_letter(k), rel);
	}
	machine_lines(m->f, m);
	tool_lines(m->f, m);
	scenario_lines(m->f, &m->runs[0]);
	wrap(m->f, 2, "Statistics: per repetition the %s of each phase, "
	     "and its sum over phases (total). Min, Median, Amean, Stddev, "
	     "CoV (stddev/mean), Max over repetitions; (%%) is the change "
	     "against A. Ratios are A over the kernel with a 95%% percentile "
	     "bootstrap interval (%d resamples of whole repetitions, fixed "
	     "seed); * marks an interval without 1, in the table on the "
	     "row of that statistic. p is Welch's two-sided t-test on the "
	     "repetitions. Per walk: p99 is nearest-rank. ! flags n < %d "
	     "and CoV > %.0f%%.", SCHEMA_TIME_METRIC, BOOT_ITERS, N_FLAG,
	     COV_FLAG * 100.0);
}

/* A built variant ("7.3-full") needs `make kernels` first. */
static bool is_variant(const char *name, char *base, size_t len)
{
	unsigned int maj, min;
	int end = 0;

	if (sscanf(name, "%u.%u-%*[A-Za-z0-9_]%n", &maj, &min, &end) != 2 ||
	    name[end])
		return false;
	snprintf(base, len, "%u.%u", maj, min);
	return true;
}

static void reproduce(struct mail *m)
{
	char kernels[512] = "", variants[256] = "", scen[256] = "";
	char base[16] = "";
	json_t *sc, *reps = NULL;
	size_t k, i, kl = 0, vl = 0, sl = 0;

	for (k = 0; k < m->nruns; k++) {
		const char *name = m->runs[k].parent ?: m->runs[k].release;

		kl += snprintf(kernels + kl, sizeof(kernels) - kl, "%s%s",
			       k ? " " : "", name);
		if (is_variant(name, base, sizeof(base)))
			vl += snprintf(variants + vl, sizeof(variants) - vl,
				       "%s%s", vl ? " " : "",
				       strchr(name, '-') + 1);
	}
	json_array_foreach(json_object_get(m->runs[0].meta, "scenarios"), i,
			   sc) {
		sl += snprintf(scen + sl, sizeof(scen) - sl, "%s%s",
			       i ? "," : "", meta_str(sc, NULL, "name") ?: "?");
		reps = json_object_get(json_object_get(sc, "params"), "reps");
	}
	fputs("\nTo reproduce (Debian, as root, in a ksmbench checkout):\n",
	      m->f);
	if (!meta_str(json_object_get(m->runs[0].meta, "vm"), NULL,
		      "qemu_cmdline")) {
		wrap(m->f, 6, "  on each kernel, booted on this machine:");
		wrap_cmd(m->f, "  make bench SCENARIOS=%s REPS=%lld", scen,
			 (long long)json_integer_value(reps));
		wrap(m->f, 6, "  then: make mail RUNS=\"<baseline run> <other "
		     "runs>\"");
		return;
	}
	if (vl)
		wrap_cmd(m->f, "  make kernels BASE=%s VARIANTS=\"%s\"", base,
			 variants);
	wrap_cmd(m->f, "  make compare KERNELS=\"%s\" SCENARIOS=%s REPS=%lld",
		 kernels, scen, (long long)json_integer_value(reps));
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
	how_measured(&m);
	reproduce(&m);
	return 0;
}
