// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdlib.h>
#include "kernel_label.h"
#include "report_fmt.h"
#include "report_walks.h"
#include "walk_stats.h"

#define NS_PER_US	1e3

/* Table order: what the walk visits first, then what it holds. */
static const struct walk_row_spec {
	enum walk_field field;
	const char *label;
	bool lock;		/* ns in walks.csv, shown in us */
	bool ratio;		/* gets an A/k row */
} walk_rows[] = {
	{ WALK_ITERATIONS, "iterations [count]", false, true },
	{ WALK_SKIP_ADDR, "skip_addr [count]", false, false },
	{ WALK_SKIP_MM, "skip_mm [count]", false, false },
	{ WALK_RMAP_ONE, "rmap_one [count]", false, false },
	{ WALK_ITEMS, "items [count]", false, false },
	{ WALK_LOCK_NS, "lock [us]", true, true },
	{ WALK_LOCK_MAX_NS, "lock_max [us]", true, false },
};

/* One kernel's contribution: stats only when @usable. */
struct walk_cell {
	struct walk_summary ws;
	bool usable;
};

bool report_walks_any(const struct run *runs, size_t nruns)
{
	size_t k;

	for (k = 0; k < nruns; k++)
		if (runs[k].walks.present)
			return true;
	return false;
}

static const char not_available[] =
	"per-walk numbers: not available (kernel without the ksm_rmap_walk "
	"tracepoint)";

void report_walks_availability(FILE *f, const struct run *run)
{
	if (!run->walks.present)
		fprintf(f, "   %s\n", not_available);
	else
		fprintf(f, "   per-walk numbers: %zu walk%s in walks.csv\n",
			run->walks.nrows, run->walks.nrows == 1 ? "" : "s");
}

/*
 * Like timing, per-walk numbers of a pair whose status is not ok are not
 * used: a failed or skipped driver ran a different workload.  Prints the
 * kernel's "walks" line and says whether its field rows follow.
 */
static int walks_line(FILE *f, const struct run *run, size_t k,
		      const struct pair_key *pair, struct walk_cell *c)
{
	const struct status_entry *st;
	const char *label = k ? "" : "walks [count]";
	char per_rep[32];

	c->usable = false;
	if (!run->walks.present) {
		fprintf(f, "  %-24s %-3c %s\n", label, kernel_letter(k),
			not_available);
		return 0;
	}
	st = run_find_status(run, pair->scenario, pair->driver);
	if (!st || st->status != STATUS_OK) {
		fprintf(f, "  %-24s %-3c not used: %s%s\n", label,
			kernel_letter(k), st ? "status " : "no status row",
			st ? run_status_name(st->status) : "");
		return 0;
	}
	if (walk_summary_get(run, pair, &c->ws))
		return -1;
	fmt_count(per_rep, sizeof(per_rep), c->ws.walks_per_rep);
	fprintf(f, "  %-24s %-3c %11zu %11s %11zu\n", label, kernel_letter(k),
		c->ws.walks, c->ws.reps ? per_rep : "-", c->ws.reps);
	if (c->ws.lost)
		fprintf(f, "  %-24s %-3s (%c: %llu more walk%s lost by the "
			"harness's ring buffer: not in these numbers)\n", "",
			"", kernel_letter(k), c->ws.lost,
			c->ws.lost == 1 ? " was" : "s were");
	c->usable = c->ws.walks > 0;
	return 0;
}

static void fmt_lock(char *buf, size_t len, double ns)
{
	snprintf(buf, len, "%.3f", ns / NS_PER_US);
}

static void field_line(FILE *f, const char *label, size_t k,
		       const struct walk_row_spec *row,
		       const struct walk_field_stats *fs)
{
	char mean[32], p99[32], max[32], per_rep[32];

	if (row->lock) {
		fmt_lock(mean, sizeof(mean), fs->mean);
		fmt_lock(p99, sizeof(p99), (double)fs->p99);
		fmt_lock(max, sizeof(max), (double)fs->max);
		fmt_lock(per_rep, sizeof(per_rep), fs->per_rep);
	} else {
		snprintf(mean, sizeof(mean), "%.2f", fs->mean);
		snprintf(p99, sizeof(p99), "%llu", fs->p99);
		snprintf(max, sizeof(max), "%llu", fs->max);
		fmt_count(per_rep, sizeof(per_rep), fs->per_rep);
	}
	fprintf(f, "  %-24s %-3c %11s %11s %11s %13s\n", label,
		kernel_letter(k), mean, p99, max, per_rep);
}

static void ratio_line(FILE *f, size_t k, double base, double mine)
{
	char name[8], ratio[32];

	snprintf(name, sizeof(name), "A/%c", kernel_letter(k));
	if (mine != 0.0)
		fmt_decimal3(ratio, sizeof(ratio), base / mine);
	else
		snprintf(ratio, sizeof(ratio), "-");
	fprintf(f, "  %-24s %-3s %11s\n", "", name, ratio);
}

static void field_rows(FILE *f, const struct walk_cell *cells, size_t nruns,
		       const struct walk_row_spec *row)
{
	const struct walk_field_stats *fs;
	bool first = true;
	size_t k;

	for (k = 0; k < nruns; k++) {
		if (!cells[k].usable)
			continue;
		fs = &cells[k].ws.f[row->field];
		field_line(f, first ? row->label : "", k, row, fs);
		first = false;
	}
	if (!row->ratio || !cells[0].usable)
		return;
	for (k = 1; k < nruns; k++)
		if (cells[k].usable)
			ratio_line(f, k, cells[0].ws.f[row->field].mean,
				   cells[k].ws.f[row->field].mean);
}

int report_walks(FILE *f, const struct run *runs, size_t nruns,
		 const struct pair_key *pair)
{
	struct walk_cell cells[KERNELS_MAX];
	bool any = false;
	size_t k, i;

	if (!report_walks_any(runs, nruns))
		return 0;
	fprintf(f, "  %-24s %-3s %11s %11s %11s\n", "per rmap_walk_ksm() call",
		"k", "walks", "walks/rep", "reps");
	for (k = 0; k < nruns; k++) {
		if (walks_line(f, &runs[k], k, pair, &cells[k]))
			return -1;
		any |= cells[k].usable;
	}
	if (!any)
		return 0;
	fprintf(f, "  %-24s %-3s %11s %11s %11s %13s\n", "per walk [unit]", "k",
		"mean", "p99", "max", "sum/rep");
	for (i = 0; i < sizeof(walk_rows) / sizeof(walk_rows[0]); i++)
		field_rows(f, cells, nruns, &walk_rows[i]);
	return 0;
}

void report_walks_footer(FILE *f, size_t nruns)
{
	fprintf(f, "Per rmap_walk_ksm() call: one walks.csv row per call in "
		"the measured phases,\nall phases and repetitions of the pair "
		"pooled; only kernels whose status is ok.\nmean is over walks; "
		"p99 is the nearest-rank 99th percentile: the value at\nrank "
		"ceil(0.99 n) of the n walks in ascending order (for n < 100, "
		"the max).\nwalks/rep and sum/rep are the medians over "
		"repetitions of the count and sum\nof each repetition's walks. "
		"lock and lock_max are lock_ns (total anon_vma\nlock hold in "
		"the walk) and lock_max_ns (longest single hold) in "
		"microseconds.\n");
	if (nruns > 1)
		fprintf(f, "A/%s there is the ratio of means, baseline A over "
			"%s.\n", nruns == 2 ? "B" : "k",
			nruns == 2 ? "B" : "kernel k");
}
