// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include "kernel_label.h"
#include "mail_wrap.h"
#include "report_xcheck.h"
#include "walk_xcheck.h"

bool report_xcheck_any(const struct run *runs, size_t nruns)
{
	size_t k;

	for (k = 0; k < nruns; k++)
		if (runs[k].walks.present && runs[k].kwalks.present)
			return true;
	return false;
}

static bool tp_is(const struct run *run, const struct walk *w,
		  const struct pair_key *pair, const char *phase)
{
	const struct walk_key *key = &run->walks.keys[w->key];

	return !strcmp(key->scenario, pair->scenario) &&
	       !strcmp(key->driver, pair->driver) &&
	       !strcmp(key->phase, phase);
}

static bool kp_is(const struct kprobe_walk *w, const struct pair_key *pair,
		  const char *phase)
{
	return !strcmp(w->scenario, pair->scenario) &&
	       !strcmp(w->driver, pair->driver) && !strcmp(w->phase, phase);
}

/* One repetition's rows of both files, compared. */
static void compare_rep(const struct run *run, const struct pair_key *pair,
		       const char *phase, unsigned long long rep,
		       struct xc_tp *tp, struct xc_kp *kp, struct xc_result *r)
{
	const struct walk_table *w = &run->walks;
	const struct kprobe_walk_table *kw = &run->kwalks;
	size_t i, ntp = 0, nkp = 0;

	for (i = 0; i < w->nrows; i++) {
		const struct walk *row = &w->rows[i];

		if (row->rep != rep || !tp_is(run, row, pair, phase))
			continue;
		tp[ntp++] = (struct xc_tp){
			.tid = row->tid, .time_ns = row->time_ns,
			.lock_ns = row->v[WALK_LOCK_NS],
			.iterations = row->v[WALK_ITERATIONS],
		};
	}
	for (i = 0; i < kw->nrows; i++) {
		const struct kprobe_walk *row = &kw->rows[i];

		if (row->rep != rep || !kp_is(row, pair, phase))
			continue;
		kp[nkp++] = (struct xc_kp){
			.tid = row->tid, .start_ns = row->start_ns,
			.duration_ns = row->duration_ns,
			.iterations = row->iterations,
			.counted = row->counted,
		};
	}
	if (w->has_when) {
		xc_compare(tp, ntp, kp, nkp, XC_GRANULARITY_NS, r);
	} else {
		r->tp_walks += ntp;
		r->kp_walks += nkp;
	}
}

static unsigned long long max_rep(const struct run *run)
{
	unsigned long long max = 0;
	size_t i;

	for (i = 0; i < run->walks.nrows; i++)
		if (run->walks.rows[i].rep > max)
			max = run->walks.rows[i].rep;
	for (i = 0; i < run->kwalks.nrows; i++)
		if (run->kwalks.rows[i].rep > max)
			max = run->kwalks.rows[i].rep;
	return max;
}

static int compare_phase(const struct run *run, const struct pair_key *pair,
			 const char *phase, struct xc_result *r)
{
	struct xc_tp *tp;
	struct xc_kp *kp;
	unsigned long long rep, reps = max_rep(run);

	memset(r, 0, sizeof(*r));
	tp = malloc((run->walks.nrows + 1) * sizeof(*tp));
	kp = malloc((run->kwalks.nrows + 1) * sizeof(*kp));
	if (!tp || !kp) {
		free(tp);
		free(kp);
		return -1;
	}
	for (rep = 1; rep <= reps; rep++)
		compare_rep(run, pair, phase, rep, tp, kp, r);
	free(tp);
	free(kp);
	return 0;
}

static void print_row(FILE *f, size_t k, const char *phase, bool paired,
		      const struct xc_result *r)
{
	char iter[32];

	if (!paired) {
		fprintf(f, "    %c %-8s %7zu %7zu %7s %7s %7s %11s\n",
			kernel_letter(k), phase, r->tp_walks, r->kp_walks, "-",
			"-", "-", "-");
		return;
	}
	if (r->iter_compared)
		snprintf(iter, sizeof(iter), "%zu of %zu", r->iter_differ,
			 r->iter_compared);
	else
		snprintf(iter, sizeof(iter), "not counted");
	fprintf(f, "    %c %-8s %7zu %7zu %7zu %7zu %7zu %11s\n",
		kernel_letter(k), phase, r->tp_walks, r->kp_walks, r->tp_only,
		r->kp_only, r->shorter, iter);
	if (r->iter_one_less)
		fprintf(f, "      (%zu of those with one kprobe iteration "
			"less: left the loop early)\n", r->iter_one_less);
}

static void print_machine(FILE *f, size_t k, const struct pair_key *pair,
			  const char *phase, const struct xc_result *r)
{
	fprintf(f, "xcheck,%c,%s,%s,%s,%zu,%zu,%zu,%zu,%zu,%zu,%zu,%zu,%zu,"
		"%llu\n", kernel_letter(k), pair->scenario, pair->driver, phase,
		r->tp_walks, r->kp_walks, r->paired, r->tp_only, r->kp_only,
		r->shorter, r->iter_compared, r->iter_differ, r->iter_one_less,
		XC_GRANULARITY_NS);
}

static bool has_rows(const struct run *run, const struct pair_key *pair,
		     const char *phase)
{
	size_t i;

	for (i = 0; i < run->walks.nrows; i++)
		if (tp_is(run, &run->walks.rows[i], pair, phase))
			return true;
	for (i = 0; i < run->kwalks.nrows; i++)
		if (kp_is(&run->kwalks.rows[i], pair, phase))
			return true;
	return false;
}

static int kernel_rows(FILE *f, const struct run *run, size_t k,
		       const struct pair_key *pair, bool machine)
{
	const char **phases = NULL;
	struct xc_result r;
	size_t i, nphases = 0;
	int ret;

	if (!run->walks.present || !run->kwalks.present) {
		fprintf(f, "    %c %s\n", kernel_letter(k),
			run->walks.present ? "no kprobe_walks.csv" :
			"no walks.csv");
		return 0;
	}
	if (!run->walks.has_when)
		mail_wrap(f, 6, "    %c: walks.csv has no tid and time_ns "
			  "(written before they were recorded): walk counts "
			  "only, no pairing", kernel_letter(k));
	ret = keys_phases(run, pair, &phases, &nphases);
	for (i = 0; i < nphases && !ret; i++) {
		if (!has_rows(run, pair, phases[i]))
			continue;
		ret = compare_phase(run, pair, phases[i], &r);
		if (ret)
			break;
		print_row(f, k, phases[i], run->walks.has_when, &r);
		if (machine && run->walks.has_when)
			print_machine(f, k, pair, phases[i], &r);
	}
	free(phases);
	return ret;
}

int report_xcheck(FILE *f, const struct run *runs, size_t nruns,
		  const struct pair_key *pair, bool machine)
{
	size_t k;
	int ret = 0;

	if (!report_xcheck_any(runs, nruns))
		return 0;
	fputc('\n', f);
	mail_wrap(f, 2, "%s/%s walks.csv (tracepoint) against kprobe_walks.csv "
		  "(kprobes), walks of all repetitions:", pair->scenario,
		  pair->driver);
	fprintf(f, "    %-10s %7s %7s %7s %7s %7s %11s\n", "k phase", "tp",
		"kprobe", "tp only", "kp only", "shorter", "iter differ");
	for (k = 0; k < nruns && !ret; k++)
		ret = kernel_rows(f, &runs[k], k, pair, machine);
	return ret;
}

void report_xcheck_footer(FILE *f, bool machine)
{
	fprintf(f,
		"Cross-check: tp and kprobe count the walks in walks.csv and\n"
		"kprobe_walks.csv. Walks are paired per thread by time: the\n"
		"tracepoint's stamp lies between the kprobe walk's entry and\n"
		"return (%llu ns tolerance). tp only and kp only count walks "
		"one side\nlacks (a folio without a stable node returns "
		"before the tracepoint:\nkp only); shorter counts pairs whose "
		"kprobe duration is below the\ntracepoint's lock_ns by more "
		"than %llu ns; iter differ counts pairs\nwhose iterations "
		"differ, of those the kprobes counted (walk_iter). A\nwalk "
		"that leaves the tree loop at a node (rmap_one() failed, or\n"
		"rwc->done()) makes no last iter_next call: one kprobe "
		"iteration less.\n", XC_GRANULARITY_NS, XC_GRANULARITY_NS);
	if (machine)
		fputs("Lines \"xcheck,...\" repeat each row for scripts: "
		      "xcheck," XCHECK_CSV_COLUMNS ".\n", f);
}
