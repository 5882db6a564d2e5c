// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "kernel_label.h"
#include "report_fmt.h"
#include "report_probes.h"
#include "report_text.h"
#include "report_xcheck.h"
#include "report_walks.h"
#include "run_keys.h"
#include "schema.h"
#include "series.h"
#include "stats.h"

#define NS_PER_MS	1e6

/* One line group of a pair's table. */
struct metric_row {
	const char *phase;	/* NULL: per repetition, summed over phases */
	const char *metric;
	bool timing;		/* withheld for kernels whose status is not ok */
	/* Rows of a driver's own metrics, shown whatever the status. */
	const char *unit;	/* as declared; NULL for the fixed rows */
};

/* What one kernel contributes to one metric row. */
struct cell {
	struct series s;
	struct sample_stats st;
	bool has_stats;
};

const char *report_significance(double p)
{
	if (isnan(p))
		return "-";
	if (p < 0.01)
		return "**";
	if (p < 0.05)
		return "*";
	return "n/s";
}

static void fmt_value(char *buf, size_t len, double v, bool timing)
{
	if (timing)
		fmt_decimal3(buf, len, v);
	else
		fmt_count(buf, len, v);
}

static int cmp_str(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* Metrics with at least one NA row, comma separated, sorted. */
static int print_na_metrics(FILE *f, const struct run *run)
{
	const char **names;
	size_t i, j, n = 0;

	names = malloc((run->nsamples ? run->nsamples : 1) * sizeof(*names));
	if (!names)
		return -1;
	for (i = 0; i < run->nsamples; i++) {
		if (!run->samples[i].na)
			continue;
		for (j = 0; j < n && strcmp(names[j], run->samples[i].metric);
		     j++)
			;
		if (j == n)
			names[n++] = run->samples[i].metric;
	}
	qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? ", " : "", names[i]);
	if (!n)
		fputs("none", f);
	free(names);
	return 0;
}

/* The harness's reasons, one event per line. */
static void print_unsupported(FILE *f, const char *text)
{
	const char *nl;

	for (; text && *text; text = nl ? nl + 1 : NULL) {
		nl = strchr(text, '\n');
		fprintf(f, "   perf.unsupported: %.*s\n",
			(int)(nl ? nl - text : (ptrdiff_t)strlen(text)), text);
	}
}

/* ", kernel A vs B", or with more kernels ", kernel A (baseline) vs B, C". */
static void print_title(FILE *f, size_t nruns)
{
	size_t k;

	fputs("ksmbench report: cost of reverse-mapping KSM pages "
	      "(rmap_walk_ksm)", f);
	if (nruns == 2)
		fputs(", kernel A vs B", f);
	if (nruns > 2)
		fputs(", kernel A (baseline) vs", f);
	for (k = 1; nruns > 2 && k < nruns; k++)
		fprintf(f, "%s %c", k > 1 ? "," : "", kernel_letter(k));
	fputc('\n', f);
}

/* Two builds of one release are told apart by their variant directory. */
static bool any_release_shared(const struct run *runs, size_t nruns)
{
	size_t k;

	for (k = 0; k < nruns; k++)
		if (kernel_release_shared(runs, nruns, k))
			return true;
	return false;
}

static void print_kernel(FILE *f, const struct run *runs, size_t nruns,
			 size_t k)
{
	char label[256];

	fprintf(f, "%c: %s", kernel_letter(k), runs[k].release);
	if (kernel_release_shared(runs, nruns, k)) {
		kernel_label(runs, nruns, k, label, sizeof(label));
		fprintf(f, " (%s)", label);
	}
	fprintf(f, "%s\n", runs[k].release_from_dir ?
		" (directory name: metadata.json has no kernel.release)" : "");
	fprintf(f, "   run directory: %s\n", runs[k].dir);
	if (runs[k].tool)
		fprintf(f, "   written by: %s\n", runs[k].tool);
	fprintf(f, "   accelerator: %s\n", runs[k].accel && *runs[k].accel ?
		runs[k].accel : "not recorded (run written before ksmbench "
		"recorded it)");
	report_walks_availability(f, &runs[k]);
}

static int print_header(FILE *f, const struct run *runs, size_t nruns)
{
	size_t k;

	print_title(f, nruns);
	for (k = 0; k < nruns; k++)
		print_kernel(f, runs, nruns, k);
	for (k = 0; k < nruns; k++) {
		fprintf(f, "Not counted on %c (NA): ", kernel_letter(k));
		if (print_na_metrics(f, &runs[k]))
			return -1;
		fputc('\n', f);
		print_unsupported(f, runs[k].unsupported);
	}
	fputs("Times are in milliseconds (ms). Statistics are over "
	      "repetitions;\nCoV is the sample standard deviation as % of the "
	      "mean; n counts repetitions.\n", f);
	return 0;
}

static bool pair_has_samples(const struct run *run,
			     const struct pair_key *pair)
{
	size_t i;

	for (i = 0; i < run->nsamples; i++)
		if (!strcmp(run->samples[i].scenario, pair->scenario) &&
		    !strcmp(run->samples[i].driver, pair->driver))
			return true;
	return false;
}

static void print_status(FILE *f, const struct run *run, size_t k,
			 const struct pair_key *pair)
{
	const struct status_entry *st;

	st = run_find_status(run, pair->scenario, pair->driver);
	fprintf(f, "status %c: ", kernel_letter(k));
	if (!st && !pair_has_samples(run, pair)) {
		fputs("absent (not in this run)\n", f);
		return;
	}
	if (!st) {
		fputs("unknown (no row in status.csv): not timed\n", f);
		return;
	}
	fputs(run_status_name(st->status), f);
	if (st->status != STATUS_OK)
		fprintf(f, ": %s", *st->reason ? st->reason : "(no reason given)");
	fputc('\n', f);
}

/* Declared in ns: shown in ms, like the times. */
static bool row_in_ms(const struct metric_row *row)
{
	return row->timing || (row->unit && !strcmp(row->unit, "ns"));
}

static void row_label(char *buf, size_t len, const struct metric_row *row)
{
	if (row->unit)
		snprintf(buf, len, "%s %s [%s]", row->phase ? row->phase :
			 "total", row->metric, row_in_ms(row) ? "ms" : row->unit);
	else if (!row->timing)
		snprintf(buf, len, "%s [count]", row->metric);
	else
		snprintf(buf, len, "%s %s [ms]", row->phase ? row->phase : "total",
			 row->metric);
}

static void print_stats_line(FILE *f, const char *label, char letter,
			     const struct cell *c, bool timing)
{
	char med[32], min[32], max[32], cov[16];

	fmt_value(med, sizeof(med), c->st.median, timing);
	fmt_value(min, sizeof(min), c->st.min, timing);
	fmt_value(max, sizeof(max), c->st.max, timing);
	if (isnan(c->st.cov))
		snprintf(cov, sizeof(cov), "-");
	else
		snprintf(cov, sizeof(cov), "%.2f%%", c->st.cov * 100.0);
	fprintf(f, "  %-24s %-3c %11s %11s %11s %7s %5zu\n", label, letter,
		med, min, max, cov, c->st.n);
}

static void print_left_out(FILE *f, char letter, const struct series *s)
{
	size_t out = s->na + s->incomplete;

	if (!out || !s->n)
		return;
	fprintf(f, "  %-24s %-3s (%c: %zu of %zu repetitions left out:", "", "",
		letter, out, s->reps);
	if (s->na)
		fprintf(f, " %zu not counted", s->na);
	if (s->incomplete)
		fprintf(f, "%s %zu missing a phase", s->na ? "," : "",
			s->incomplete);
	fputs(")\n", f);
}

/* Why a kernel's line has no numbers, or NULL when it has some. */
static const char *why_no_stats(const struct run *run,
				const struct pair_key *pair,
				const struct metric_row *row,
				const struct series *s, char *buf, size_t len)
{
	const struct status_entry *st;

	st = run_find_status(run, pair->scenario, pair->driver);
	if (row->timing && (!st || st->status != STATUS_OK)) {
		snprintf(buf, len, "not timed: %s%s",
			 st ? "status " : "no status row",
			 st ? run_status_name(st->status) : "");
		return buf;
	}
	if (!s->reps)
		return "no samples";
	if (s->na == s->reps)
		return "not counted (NA)";
	if (!s->n)
		return "no repetition has every phase";
	return NULL;
}

/* Prints one kernel's line; returns -1 on ENOMEM. */
static int print_cell(FILE *f, const char *label, const struct run *run,
		      size_t k, const struct pair_key *pair,
		      const struct metric_row *row, struct cell *c)
{
	const char *why;
	char buf[64];

	memset(c, 0, sizeof(*c));
	if (series_get(run, pair, row->phase, row->metric, row->timing,
		       row_in_ms(row) ? NS_PER_MS : 1.0, &c->s))
		return -1;
	why = why_no_stats(run, pair, row, &c->s, buf, sizeof(buf));
	if (why) {
		fprintf(f, "  %-24s %-3c %s\n", label, kernel_letter(k), why);
		return 0;
	}
	if (stats_compute(c->s.v, c->s.n, &c->st))
		return -1;
	c->has_stats = true;
	print_stats_line(f, label, kernel_letter(k), c, row_in_ms(row));
	print_left_out(f, kernel_letter(k), &c->s);
	return 0;
}

/* Baseline A over kernel @k, as mmtests compares each kernel with one. */
static void print_ratio(FILE *f, const struct cell *a, const struct cell *b,
			size_t k)
{
	struct welch_result w;
	char name[8], ratio[32], p[32];

	snprintf(name, sizeof(name), "A/%c", kernel_letter(k));
	if (!a->has_stats || !b->has_stats) {
		fprintf(f, "  %-24s %-3s %11s\n", "", name, "-");
		return;
	}
	if (b->st.median != 0.0)
		snprintf(ratio, sizeof(ratio), "%.3f",
			 a->st.median / b->st.median);
	else
		snprintf(ratio, sizeof(ratio), "-");
	stats_welch(a->s.v, a->s.n, b->s.v, b->s.n, &w);
	if (isnan(w.p))
		snprintf(p, sizeof(p), "p=-");
	else if (w.p < 0.0001)
		snprintf(p, sizeof(p), "p<0.0001");
	else
		snprintf(p, sizeof(p), "p=%.4f", w.p);
	fprintf(f, "  %-24s %-3s %11s %11s %11s\n", "", name, ratio, p,
		report_significance(w.p));
}

static int print_row(FILE *f, const struct run *runs, size_t nruns,
		     const struct pair_key *pair, const struct metric_row *row,
		     const bool *compare)
{
	struct cell cells[KERNELS_MAX];
	char label[128];
	size_t k, done = 0;
	int ret = 0;

	row_label(label, sizeof(label), row);
	/* A label wider than its column gets a line of its own. */
	if (strlen(label) > 24) {
		fprintf(f, "  %s\n", label);
		label[0] = '\0';
	}
	for (k = 0; k < nruns && !ret; k++, done++) {
		ret = print_cell(f, k ? "" : label, &runs[k], k, pair, row,
				 &cells[k]);
	}
	for (k = 1; !ret && row->timing && k < nruns; k++)
		if (compare[k])
			print_ratio(f, &cells[0], &cells[k], k);
	for (k = 0; k < done; k++)
		series_free(&cells[k].s);
	return ret;
}

static bool any_kernel_has(const struct run *runs, size_t nruns,
			   const struct pair_key *pair, const char *phase,
			   const char *metric)
{
	size_t k, i;

	for (k = 0; k < nruns; k++)
		for (i = 0; i < runs[k].nsamples; i++) {
			const struct sample *sm = &runs[k].samples[i];

			if (!sm->na && !strcmp(sm->metric, metric) &&
			    !strcmp(sm->phase, phase) &&
			    !strcmp(sm->driver, pair->driver) &&
			    !strcmp(sm->scenario, pair->scenario))
				return true;
		}
	return false;
}

static bool in_list(const char *const *list, const char *name)
{
	for (; *list; list++)
		if (!strcmp(*list, name))
			return true;
	return false;
}

/* The driver's metrics, and the runner's that have no fixed row. */
static bool own_row(const char *source, const char *metric,
		    const char *driver)
{
	if (!strcmp(source, driver))
		return true;
	return !strcmp(source, "runner") &&
	       !in_list(schema_report_times, metric) &&
	       !in_list(schema_report_counts, metric);
}

/*
 * What the driver itself declared it counts (pages moved, swapped out,
 * offlined, ...), per phase, in the order metadata.json lists them: the
 * driver's descriptor decides what the report shows, not this file.  A
 * metric no kernel counted in that phase is left out.
 */
static int print_driver_rows(FILE *f, const struct run *runs, size_t nruns,
			     const struct pair_key *pair, const char *phase,
			     const bool *compare)
{
	json_t *a = json_object_get(runs[0].meta, "metrics"), *m;
	struct metric_row row = { .phase = phase };
	size_t i;
	int ret = 0;

	json_array_foreach(a, i, m) {
		const char *src = json_string_value(json_object_get(m,
								    "source"));

		row.metric = json_string_value(json_object_get(m, "name"));
		row.unit = json_string_value(json_object_get(m, "unit"));
		if (!src || !row.metric || !row.unit ||
		    !own_row(src, row.metric, pair->driver) ||
		    !any_kernel_has(runs, nruns, pair, phase, row.metric))
			continue;
		ret = print_row(f, runs, nruns, pair, &row, compare);
		if (ret)
			break;
	}
	return ret;
}

static int print_pair_rows(FILE *f, const struct run *runs, size_t nruns,
			   const struct pair_key *pair, const char **phases,
			   size_t nphases, const bool *compare)
{
	struct metric_row row;
	size_t i, t;
	int ret = 0;

	for (i = 0; i <= nphases; i++) {
		for (t = 0; schema_report_times[t] && !ret; t++) {
			row.phase = i ? phases[i - 1] : NULL;
			/* A phase that is not timed (remerge) has no row. */
			if (row.phase && !any_kernel_has(runs, nruns, pair,
							 row.phase,
							 schema_report_times[t]))
				continue;
			row.metric = schema_report_times[t];
			row.timing = true;
			row.unit = NULL;
			ret = print_row(f, runs, nruns, pair, &row, compare);
		}
	}
	for (t = 0; schema_report_counts[t] && !ret; t++) {
		row.phase = NULL;
		row.metric = schema_report_counts[t];
		row.timing = false;
		row.unit = NULL;
		ret = print_row(f, runs, nruns, pair, &row, compare);
	}
	for (i = 0; i < nphases && !ret; i++)
		ret = print_driver_rows(f, runs, nruns, pair, phases[i],
					compare);
	return ret;
}

static int print_pair(FILE *f, const struct run *runs, size_t nruns,
		      const struct pair_key *pair)
{
	bool valid[KERNELS_MAX], compare[KERNELS_MAX];
	const char **phases = NULL;
	size_t k, nphases = 0;
	int ret = 0;

	fprintf(f, "\n== scenario %s, driver %s ==\n", pair->scenario,
		pair->driver);
	for (k = 0; k < nruns; k++) {
		print_status(f, &runs[k], k, pair);
		valid[k] = run_timing_valid(&runs[k], pair->scenario,
					    pair->driver);
		if (keys_phases(&runs[k], pair, &phases, &nphases)) {
			free(phases);
			return -1;
		}
	}
	/* Each kernel is compared with the baseline only. */
	compare[0] = false;
	for (k = 1; k < nruns; k++) {
		compare[k] = valid[0] && valid[k];
		if (!compare[k])
			fprintf(f, "A/%c not compared: timing counts only when "
				"both kernels are ok\n", kernel_letter(k));
	}

	fprintf(f, "  %-24s %-3s %11s %11s %11s %7s %5s\n", "metric [unit]",
		"k", "median", "min", "max", "CoV", "n");
	ret = print_pair_rows(f, runs, nruns, pair, phases, nphases, compare);
	free(phases);
	if (!ret)
		ret = report_walks(f, runs, nruns, pair);
	if (!ret)
		ret = report_probes(f, runs, nruns, pair);
	if (!ret)
		ret = report_xcheck(f, runs, nruns, pair, true);
	return ret;
}

/* "A", "A or B", "A, B or C", ... */
static void print_kernel_list(FILE *f, size_t nruns)
{
	size_t k;

	for (k = 0; k < nruns; k++)
		fprintf(f, "%s%c", !k ? "" : k + 1 < nruns ? ", " : " or ",
			kernel_letter(k));
}

static void print_ratio_footer(FILE *f, size_t nruns)
{
	if (nruns == 2) {
		fputs("A/B is the ratio of medians, for times only and only "
		      "when both kernels are ok.\np is from Welch's two-sided "
		      "t-test on the per-repetition values of A and B:\n", f);
	} else {
		fputs("A is the baseline. A/k is the ratio of medians, A "
		      "over kernel k, for times\nonly and only when both "
		      "kernels are ok. p is from Welch's two-sided t-test\n"
		      "on the per-repetition values of A and k:\n", f);
	}
	fputs("** p < 0.01, * p < 0.05, n/s not significant (p >= 0.05),\n"
	      "- not testable (n < 2 on a side, or no spread on either "
	      "side).\n", f);
}

static void print_footer(FILE *f, const struct run *runs, size_t nruns)
{
	fputs("\nk: kernel ", f);
	print_kernel_list(f, nruns);
	fputs(". \"total\" is per repetition the sum over the driver's "
	      "phases;\na repetition with an NA value or a missing phase is "
	      "left out of it.\npages_failed and verify_failures are per "
	      "repetition, summed over the phases\npresent. Timing of a "
	      "kernel whose status is skip or fail (or missing) is\nnever "
	      "used; its counts are still shown.\n", f);
	if (json_array_size(json_object_get(runs[0].meta, "metrics")))
		fputs("Rows after those, named by phase, are what the driver "
		      "declares it counts\n(metadata.json \"metrics\"), per "
		      "repetition, shown whatever the status.\n", f);
	if (nruns > 1)
		print_ratio_footer(f, nruns);
	if (any_release_shared(runs, nruns))
		fputs("(NAME) after a release that several kernels share: the "
		      "name of the directory\nholding the run directory (the "
		      "kernel variant), also the plot's label.\n", f);
	if (report_walks_any(runs, nruns))
		report_walks_footer(f, nruns);
	if (report_probes_any(runs, nruns))
		report_probes_footer(f);
	if (report_xcheck_any(runs, nruns))
		report_xcheck_footer(f, true);
}

int report_text(FILE *f, const struct run *runs, size_t nruns)
{
	struct pair_key *pairs;
	size_t i, npairs;
	int ret;

	ret = print_header(f, runs, nruns);
	if (ret)
		return ret;
	if (keys_pairs(runs, nruns, &pairs, &npairs))
		return -1;
	if (!npairs)
		fputs("\nNo (scenario, driver) pair in status.csv or "
		      "samples.csv.\n", f);
	for (i = 0; i < npairs && !ret; i++)
		ret = print_pair(f, runs, nruns, &pairs[i]);
	if (!ret)
		print_footer(f, runs, nruns);
	free(pairs);
	return ret;
}
