// SPDX-License-Identifier: GPL-2.0
#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "kernel_label.h"
#include "mail_wrap.h"
#include "report_fmt.h"
#include "report_probes.h"
#include "stats.h"

#define NS_PER_MS	1e6
#define NS_PER_US	1e3
#define WALKED_NOTHING	"walked_nothing"

struct block {
	const char *title;
	const char *const *metrics;	/* in table order */
	bool baseline;			/* rows of the idle driver follow */
};

/*
 * Rows computed per repetition as num / den * factor: none where the run
 * has no num row at all, NA where either side is NA or den is 0.
 */
struct derived {
	const char *name, *num, *den;
	double factor;
	const char *unit;	/* NULL: num's unit + "/walk" */
	enum metric_better better;
	const char *help;
};

static const struct derived derived_rows[] = {
	{ PROBES_ITER_PER_WALK, "kprobe_iterations", "kprobe_walks", 1.0,
	  NULL, BETTER_LOWER, "interval-tree iter_next calls per walk: "
	  "kprobe_iterations / kprobe_walks of each repetition" },
	{ PROBES_WALKS_PER_S, "kprobe_walks", "wall_time", 1e9, "per_s",
	  BETTER_NONE, "walks a second the driver made the kernel do: "
	  "kprobe_walks / wall_time of each repetition" },
};

static const struct derived *derived_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(derived_rows) / sizeof(derived_rows[0]); i++)
		if (!strcmp(derived_rows[i].name, name))
			return &derived_rows[i];
	return NULL;
}

static const char *const kprobe_rows[] = {
	"kprobe_walks", PROBES_WALKS_PER_S, PROBES_ITER_PER_WALK,
	"kprobe_iter_max",
	"kprobe_walk_p50_ns", "kprobe_walk_p90_ns", "kprobe_walk_p99_ns",
	"kprobe_walk_max_ns", "kprobe_walk_total_ns", "kprobe_walks_unpaired",
	"kprobe_lost", "kprobe_iter_thread", NULL,
};

static const char *const victim_rows[] = {
	"victim_calls", "victim_calls_per_s", "victim_p50_ns", "victim_p99_ns",
	"victim_max_ns", "victim_over_1ms", "victim_over_10ms",
	"victim_over_100ms", NULL,
};

static const struct block blocks[] = {
	{ "kprobes on rmap_walk_ksm(), per phase:",
	  kprobe_rows, false },
	{ "lock victim, per phase, then the same run's idle driver "
	  "(baseline, no walks):", victim_rows, true },
};

/* The per-repetition values of one metric in one phase. */
struct pvals {
	double *v;
	size_t n;		/* repetitions with a value */
	size_t reps;		/* repetitions with a row */
	size_t na;
};

static bool row_is(const struct sample *s, const char *scenario,
		   const char *driver, const char *phase, const char *metric)
{
	return !strcmp(s->scenario, scenario) && !strcmp(s->driver, driver) &&
	       (!phase || !strcmp(s->phase, phase)) &&
	       !strcmp(s->metric, metric);
}

static const struct sample *find_rep(const struct run *run,
				     const struct sample *like,
				     const char *metric)
{
	size_t i;

	for (i = 0; i < run->nsamples; i++)
		if (run->samples[i].rep == like->rep &&
		    row_is(&run->samples[i], like->scenario, like->driver,
			   like->phase, metric))
			return &run->samples[i];
	return NULL;
}

/* num / den * factor of the repetition of @num; false when NA. */
static bool derive(const struct run *run, const struct derived *d,
		   const struct sample *num, double *v)
{
	const struct sample *den = find_rep(run, num, d->den);

	if (num->na || !den || den->na || !den->value)
		return false;
	*v = (double)num->value / (double)den->value * d->factor;
	return true;
}

/* Samples are sorted by rep within a metric: @pv comes in rep order. */
static int collect(const struct run *run, const char *scenario,
		   const char *driver, const char *phase, const char *metric,
		   struct pvals *pv)
{
	const struct derived *d = derived_find(metric);
	const char *base = d ? d->num : metric;
	const struct sample *s;
	double v;
	size_t i;

	memset(pv, 0, sizeof(*pv));
	pv->v = malloc((run->nsamples + 1) * sizeof(*pv->v));
	if (!pv->v)
		return -1;
	for (i = 0; i < run->nsamples; i++) {
		s = &run->samples[i];
		if (!row_is(s, scenario, driver, phase, base))
			continue;
		pv->reps++;
		if (d ? derive(run, d, s, &v) : !s->na) {
			pv->v[pv->n++] = d ? v : (double)s->value;
			continue;
		}
		pv->na++;
	}
	return 0;
}

/* How a metric is shown: declared unit, ns scaled to what reads best. */
struct shown {
	const char *name;
	char unit[32];
	double scale;
	bool decimals;
	enum metric_better better;
	const char *help;
};

static const struct metric_desc *declared(const struct run *runs,
					  size_t nruns, const char *name)
{
	const struct metric_desc *m;
	size_t k;

	for (k = 0; k < nruns; k++) {
		m = run_metric(&runs[k], name);
		if (m)
			return m;
	}
	return NULL;
}

/*
 * A run of schema 1 without a "metrics" array declares nothing of these:
 * the unit its samples.csv rows carry, with no direction.
 */
static const struct metric_desc *undeclared(const struct run *runs,
					    size_t nruns, const char *name,
					    struct metric_desc *m)
{
	size_t k, i;

	for (k = 0; k < nruns; k++) {
		for (i = 0; i < runs[k].nsamples; i++) {
			if (strcmp(runs[k].samples[i].metric, name))
				continue;
			*m = (struct metric_desc){
				.name = name, .unit = runs[k].samples[i].unit,
				.better = BETTER_NONE, .help = NULL,
			};
			return m;
		}
	}
	return NULL;
}

/* Largest value of @name in @pair and the baseline pair of any run. */
static unsigned long long largest(const struct run *runs, size_t nruns,
				  const struct pair_key *pair,
				  const char *name)
{
	unsigned long long max = 0;
	const struct sample *s;
	size_t k, i;

	for (k = 0; k < nruns; k++) {
		for (i = 0; i < runs[k].nsamples; i++) {
			s = &runs[k].samples[i];
			if (s->na || strcmp(s->scenario, pair->scenario) ||
			    strcmp(s->metric, name))
				continue;
			if ((!strcmp(s->driver, pair->driver) ||
			     !strcmp(s->driver, PROBES_BASELINE_DRIVER)) &&
			    s->value > max)
				max = s->value;
		}
	}
	return max;
}

static int shown_get(const struct run *runs, size_t nruns,
		     const struct pair_key *pair, const char *name,
		     struct shown *sh)
{
	const struct derived *d = derived_find(name);
	const struct metric_desc *m;
	struct metric_desc fallback;

	memset(sh, 0, sizeof(*sh));
	sh->name = name;
	sh->scale = 1.0;
	m = declared(runs, nruns, d ? d->num : name);
	if (!m)
		m = undeclared(runs, nruns, d ? d->num : name, &fallback);
	if (!m)
		return -1;
	sh->better = d ? d->better : m->better;
	sh->help = d ? d->help : m->help;
	sh->decimals = d;
	if (d && d->unit)
		snprintf(sh->unit, sizeof(sh->unit), "%s", d->unit);
	else
		snprintf(sh->unit, sizeof(sh->unit), "%s%s", m->unit,
			 d ? "/walk" : "");
	if (d || strcmp(m->unit, "ns"))
		return 0;
	sh->decimals = true;
	sh->scale = largest(runs, nruns, pair, name) >= NS_PER_MS ?
		    NS_PER_MS : NS_PER_US;
	snprintf(sh->unit, sizeof(sh->unit), "%s",
		 sh->scale == NS_PER_MS ? "ms" : "us");
	return 0;
}

static void fmt_shown(char *buf, size_t len, double v, const struct shown *sh)
{
	if (sh->decimals)
		fmt_decimal3(buf, len, v / sh->scale);
	else
		fmt_count(buf, len, v);
}

/* One row: kernel, phase, median, min, max, CoV, n. */
static int value_row(FILE *f, size_t k, const char *label,
		     const struct pvals *pv, const struct shown *sh)
{
	struct sample_stats st;
	char med[32], min[32], max[32], cov[16];

	if (!pv->n)
		return 0;
	if (stats_compute(pv->v, pv->n, &st))
		return -1;
	fmt_shown(med, sizeof(med), st.median, sh);
	fmt_shown(min, sizeof(min), st.min, sh);
	fmt_shown(max, sizeof(max), st.max, sh);
	if (isnan(st.cov))
		snprintf(cov, sizeof(cov), "-");
	else
		snprintf(cov, sizeof(cov), "%.2f%%", st.cov * 100.0);
	fprintf(f, "    %c %-16s %10s %10s %10s %7s %4zu\n", kernel_letter(k),
		label, med, min, max, cov, st.n);
	if (pv->na)
		fprintf(f, "      (%zu of %zu repetitions NA, left out)\n",
			pv->na, pv->reps);
	return 0;
}

/* The baseline pair of a kernel, when its figures stand. */
struct kernel_use {
	bool rows;		/* the pair has rows of the block */
	bool used;		/* and they are shown */
	bool base;		/* baseline rows follow */
};

static bool all_walked_nothing(const struct run *run, const char *scenario)
{
	const struct sample *s;
	size_t i, seen = 0;

	for (i = 0; i < run->nsamples; i++) {
		s = &run->samples[i];
		if (!row_is(s, scenario, PROBES_BASELINE_DRIVER, NULL,
			    WALKED_NOTHING))
			continue;
		if (s->na || s->value != 1)
			return false;
		seen++;
	}
	return seen > 0;
}

/*
 * A baseline is meant to walk nothing.  Runs written before the idle
 * driver was marked as a baseline recorded that as "skip: no repetition
 * made the kernel walk": those figures stand, and the status is shown.
 */
static bool baseline_usable(FILE *f, const struct run *run, size_t k,
			    const char *scenario, bool say)
{
	const struct status_entry *st;

	st = run_find_status(run, scenario, PROBES_BASELINE_DRIVER);
	if (st && st->status == STATUS_OK)
		return true;
	if (st && st->status == STATUS_SKIP &&
	    all_walked_nothing(run, scenario)) {
		if (say)
			mail_wrap(f, 6, "  %c: baseline %s has status skip "
				  "(%s); used, since every repetition walked "
				  "nothing", kernel_letter(k),
				  PROBES_BASELINE_DRIVER, st->reason);
		return true;
	}
	if (say)
		fprintf(f, "  %c: no baseline: %s%s\n", kernel_letter(k),
			st ? "idle driver has status " : "no idle driver in "
			"this run", st ? run_status_name(st->status) : "");
	return false;
}

static bool block_rows(const struct run *run, const struct pair_key *pair,
		       const struct block *b)
{
	const struct sample *s;
	size_t i, j;

	for (i = 0; i < run->nsamples; i++) {
		s = &run->samples[i];
		if (strcmp(s->scenario, pair->scenario) ||
		    strcmp(s->driver, pair->driver))
			continue;
		for (j = 0; b->metrics[j]; j++)
			if (!strcmp(s->metric, b->metrics[j]))
				return true;
	}
	return false;
}

static void kernel_status(FILE *f, const struct run *run, size_t k,
			  const struct pair_key *pair, const struct block *b,
			  struct kernel_use *u)
{
	const struct status_entry *st;
	bool is_base = !strcmp(pair->driver, PROBES_BASELINE_DRIVER);

	memset(u, 0, sizeof(*u));
	u->rows = block_rows(run, pair, b);
	if (!u->rows) {
		fprintf(f, "  %c: none in this run\n", kernel_letter(k));
		return;
	}
	st = run_find_status(run, pair->scenario, pair->driver);
	if (is_base && b->baseline)
		u->used = baseline_usable(f, run, k, pair->scenario, true);
	else
		u->used = st && st->status == STATUS_OK;
	if (!u->used && !(is_base && b->baseline)) {
		fprintf(f, "  %c: not used: %s%s\n", kernel_letter(k),
			st ? "status " : "no status row",
			st ? run_status_name(st->status) : "");
		return;
	}
	if (u->used && b->baseline && !is_base)
		u->base = baseline_usable(f, run, k, pair->scenario, true);
}

/* Why @metric is NA in @run, as the run recorded it. */
static const char *na_reason(const struct run *run, const char *scenario,
			     const char *metric, char *buf, size_t len)
{
	json_t *u = json_object_get(json_object_get(run->meta, "perf"),
				    "unsupported");
	json_t *params = json_object_get(run_scenario_meta(run, scenario),
					 "params");
	const char *why, *kp;

	if (derived_find(metric))
		metric = derived_find(metric)->num;
	why = json_string_value(json_object_get(u, metric));
	if (why)
		return why;
	kp = json_string_value(json_object_get(params, "kprobe"));
	if (kp && !strncmp(metric, "kprobe_", 7))
		snprintf(buf, len, "NA without a recorded reason; the "
			 "scenario ran with kprobe=%s", kp);
	else
		snprintf(buf, len, "NA without a recorded reason");
	return buf;
}

/* Whether @metric has rows in @pair but a value in none. */
static int all_na(const struct run *run, const struct pair_key *pair,
		  const char *metric, bool *out)
{
	struct pvals pv;
	int ret;

	ret = collect(run, pair->scenario, pair->driver, NULL, metric, &pv);
	*out = !ret && pv.reps && !pv.n;
	free(pv.v);
	return ret;
}

/* "A: unavailable: m1, m2: reason", one line group per reason. */
static int print_unavailable(FILE *f, const struct run *run, size_t k,
			     const struct pair_key *pair,
			     const struct block *b, bool *skip)
{
	char bufa[256], bufb[256], *list = NULL;
	const char *why, *other;
	size_t i, j, len;
	FILE *m;
	int ret = 0;

	for (i = 0; b->metrics[i] && !ret; i++)
		ret = all_na(run, pair, b->metrics[i], &skip[i]);
	for (i = 0; b->metrics[i] && !ret; i++) {
		if (!skip[i])
			continue;
		why = na_reason(run, pair->scenario, b->metrics[i], bufa,
				sizeof(bufa));
		m = open_memstream(&list, &len);
		if (!m)
			return -1;
		for (j = 0; b->metrics[j]; j++) {
			if (!skip[j])
				continue;
			other = na_reason(run, pair->scenario, b->metrics[j],
					  bufb, sizeof(bufb));
			if (j < i && !strcmp(why, other))
				break;	/* printed with an earlier one */
			if (j >= i && !strcmp(why, other))
				fprintf(m, "%s%s", j > i ? ", " : "",
					b->metrics[j]);
		}
		fclose(m);
		if (!b->metrics[j])
			mail_wrap(f, 6, "  %c: unavailable: %s: %s",
				  kernel_letter(k), list, why);
		free(list);
		list = NULL;
	}
	return ret;
}

static int metric_rows(FILE *f, const struct run *run, size_t k,
		       const struct pair_key *pair, const char **phases,
		       size_t nphases, const char *scenario,
		       const char *driver, const char *suffix,
		       const struct shown *sh)
{
	char label[64];
	struct pvals pv;
	size_t i;
	int ret = 0;

	for (i = 0; i < nphases && !ret; i++) {
		ret = collect(run, scenario, driver, phases[i], sh->name, &pv);
		snprintf(label, sizeof(label), "%s%s", phases[i], suffix);
		if (!ret)
			ret = value_row(f, k, label, &pv, sh);
		free(pv.v);
	}
	(void)pair;
	return ret;
}

struct block_ctx {
	const struct run *runs;
	size_t nruns;
	const struct pair_key *pair;
	const struct block *b;
	struct kernel_use use[KERNELS_MAX];
	bool *skip[KERNELS_MAX];	/* per metric: all NA, listed */
	const char **phases;
	size_t nphases;
	const char **base_phases;
	size_t nbase;
	bool header;		/* the column header is out */
};

static int metric_block(FILE *f, struct block_ctx *c, size_t mi)
{
	const char *name = c->b->metrics[mi];
	struct pair_key base = { c->pair->scenario, PROBES_BASELINE_DRIVER };
	const char *dir;
	struct shown sh;
	bool any = false;
	size_t k;
	int ret = 0;

	for (k = 0; k < c->nruns; k++)
		any |= c->use[k].used && !c->skip[k][mi];
	if (!any || shown_get(c->runs, c->nruns, c->pair, name, &sh))
		return 0;
	if (!c->header)
		fprintf(f, "    %-18s %10s %10s %10s %7s %4s\n", "k phase",
			"median", "min", "max", "CoV", "n");
	c->header = true;
	dir = sh.better == BETTER_LOWER ? ", lower is better" :
	      sh.better == BETTER_HIGHER ? ", higher is better" : "";
	mail_wrap(f, 4, "  %s [%s]%s%s%s", name, sh.unit, dir,
		  sh.help ? ": " : "", sh.help ? sh.help : "");
	for (k = 0; k < c->nruns && !ret; k++) {
		if (!c->use[k].used || c->skip[k][mi])
			continue;
		ret = metric_rows(f, &c->runs[k], k, c->pair, c->phases,
				  c->nphases, c->pair->scenario,
				  c->pair->driver, "", &sh);
		if (!ret && c->use[k].base)
			ret = metric_rows(f, &c->runs[k], k, &base,
					  c->base_phases, c->nbase,
					  base.scenario, base.driver,
					  " (baseline)", &sh);
	}
	return ret;
}

static int block_body(FILE *f, struct block_ctx *c)
{
	struct pair_key base = { c->pair->scenario, PROBES_BASELINE_DRIVER };
	size_t k, i, nm;
	int ret = 0;

	for (nm = 0; c->b->metrics[nm]; nm++)
		;
	for (k = 0; k < c->nruns && !ret; k++) {
		c->skip[k] = calloc(nm + 1, sizeof(bool));
		if (!c->skip[k])
			return -1;
		kernel_status(f, &c->runs[k], k, c->pair, c->b, &c->use[k]);
		if (c->use[k].used)
			ret = print_unavailable(f, &c->runs[k], k, c->pair,
						c->b, c->skip[k]);
		if (!ret)
			ret = keys_phases(&c->runs[k], c->pair, &c->phases,
					  &c->nphases);
		if (!ret && c->use[k].base)
			ret = keys_phases(&c->runs[k], &base, &c->base_phases,
					  &c->nbase);
	}
	for (i = 0; i < nm && !ret; i++)
		ret = metric_block(f, c, i);
	return ret;
}

/* Whether another driver of @scenario has victim rows (and so baseline rows). */
static bool baseline_shown(const struct run *runs, size_t nruns,
			   const struct pair_key *pair, const struct block *b)
{
	struct pair_key other = { pair->scenario, NULL };
	size_t k, i;

	for (k = 0; k < nruns; k++) {
		for (i = 0; i < runs[k].nsamples; i++) {
			other.driver = runs[k].samples[i].driver;
			if (strcmp(other.driver, PROBES_BASELINE_DRIVER) &&
			    !strcmp(runs[k].samples[i].scenario,
				    pair->scenario) &&
			    block_rows(&runs[k], &other, b))
				return true;
		}
	}
	return false;
}

static int print_block(FILE *f, const struct run *runs, size_t nruns,
		       const struct pair_key *pair, const struct block *b)
{
	struct block_ctx c = {
		.runs = runs, .nruns = nruns, .pair = pair, .b = b,
	};
	bool any = false;
	size_t k;
	int ret;

	for (k = 0; k < nruns; k++)
		any |= block_rows(&runs[k], pair, b);
	if (!any)
		return 0;
	fprintf(f, "\n");
	if (b->baseline && !strcmp(pair->driver, PROBES_BASELINE_DRIVER) &&
	    baseline_shown(runs, nruns, pair, b)) {
		mail_wrap(f, 2, "%s/%s lock victim: the \"(baseline)\" rows "
			  "of the other drivers of %s.", pair->scenario,
			  pair->driver, pair->scenario);
		return 0;
	}
	mail_wrap(f, 2, "%s/%s %s", pair->scenario, pair->driver, b->title);
	ret = block_body(f, &c);
	for (k = 0; k < nruns; k++)
		free(c.skip[k]);
	free(c.phases);
	free(c.base_phases);
	return ret;
}

int report_probes(FILE *f, const struct run *runs, size_t nruns,
		  const struct pair_key *pair)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < sizeof(blocks) / sizeof(blocks[0]) && !ret; i++)
		ret = print_block(f, runs, nruns, pair, &blocks[i]);
	return ret;
}

bool report_probes_any(const struct run *runs, size_t nruns)
{
	const struct sample *s;
	size_t k, i;

	for (k = 0; k < nruns; k++) {
		for (i = 0; i < runs[k].nsamples; i++) {
			s = &runs[k].samples[i];
			if (!strncmp(s->metric, "kprobe_", 7) ||
			    !strncmp(s->metric, "victim_", 7))
				return true;
		}
	}
	return false;
}

void report_probes_footer(FILE *f)
{
	fputs("kprobe and victim rows: per phase, the median, min and max "
	      "over\nrepetitions of each repetition's figure (a p99 row is "
	      "the median of\nper-repetition p99s), CoV and n as above; "
	      "units and directions as the\nrun declares them, ns shown in "
	      "us or ms. kprobe durations include the\nprobes' own cost. "
	      PROBES_ITER_PER_WALK " is kprobe_iterations /\nkprobe_walks "
	      "of each repetition, " PROBES_WALKS_PER_S " kprobe_walks\n"
	      "over the phase's wall_time. \"(baseline)\" rows are the idle\n"
	      "driver of the same run: the victim with no driver walking.\n",
	      f);
}
