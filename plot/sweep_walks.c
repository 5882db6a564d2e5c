// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sweep_walks.h"

static bool series_present(const struct sweep_point *p, size_t n,
			   enum walk_series ws)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i].w[ws].walks)
			return true;
	return false;
}

bool sweep_walks_any(const struct sweep_point *p, size_t n)
{
	int ws;

	for (ws = 0; ws < WS_NSERIES; ws++)
		if (series_present(p, n, ws))
			return true;
	return false;
}

static double stat_of(const struct walk_point *wp, bool median)
{
	return median ? wp->median : wp->mean;
}

int sweep_walks_fit(const struct sweep_point *p, size_t n,
		    enum walk_series ws, bool median, struct loglog_fit *f,
		    size_t *wmin, size_t *wmax)
{
	double *x = calloc(n + 1, sizeof(*x));
	double *y = calloc(n + 1, sizeof(*y));
	size_t i, m = 0;
	int ret = -2;

	*wmin = *wmax = 0;
	if (!x || !y)
		goto out;
	for (i = 0; i < n; i++) {
		const struct walk_point *wp = &p[i].w[ws];

		/* The fit drops what log() cannot take: say the same in n. */
		if (!wp->walks || !(stat_of(wp, median) > 0) ||
		    !(p[i].value > 0))
			continue;
		x[m] = p[i].value;
		y[m++] = stat_of(wp, median);
		if (!*wmin || wp->walks < *wmin)
			*wmin = wp->walks;
		if (wp->walks > *wmax)
			*wmax = wp->walks;
	}
	ret = loglog_fit(x, y, m, SWEEP_CONF, f);
out:
	free(x);
	free(y);
	return ret;
}

static void print_fit(FILE *out, size_t n, enum walk_series ws, bool median, int ret,
		      const struct loglog_fit *f, size_t wmin, size_t wmax)
{
	char what[64];

	snprintf(what, sizeof(what), "%s %s per walk",
		 median ? "median" : "mean", walk_series[ws].what);
	fprintf(out, "  slope of %-26s ", what);
	if (ret)
		fprintf(out, "n/a (%zu usable points; needs 3 or more over 2 "
			"or more values of the key)", f->n);
	else
		fprintf(out, "%6.3f  95%% CI [%6.3f, %6.3f]  n=%zu of %zu "
			"points, %zu-%zu walks/point  R^2=%.3f", f->slope,
			f->lo, f->hi, f->n, n, wmin, wmax, f->r2);
	fprintf(out, "  [%s %s, %s]\n", walk_series_file(ws),
		walk_series[ws].column, walk_series_unit(ws));
}

/* The points of one per-walk file: walks, then mean and median per series. */
static void print_table(FILE *out, const struct sweep_point *p, size_t n,
			enum schema_file file)
{
	char head[64];
	size_t i, walks;
	int ws;

	fprintf(out, "  per walk from %s (phases and repetitions pooled):\n"
		"  %10s %7s", schema_table(file)->file, p->key, "walks");
	for (ws = 0; ws < WS_NSERIES; ws++) {
		if (walk_series[ws].file != file || !series_present(p, n, ws))
			continue;
		snprintf(head, sizeof(head), "%s mean", walk_series[ws].column);
		fprintf(out, " %18s", head);
		snprintf(head, sizeof(head), "%s median",
			 walk_series[ws].column);
		fprintf(out, " %18s", head);
	}
	fputc('\n', out);
	for (i = 0; i < n; i++) {
		for (walks = 0, ws = 0; ws < WS_NSERIES; ws++)
			if (walk_series[ws].file == file &&
			    p[i].w[ws].walks > walks)
				walks = p[i].w[ws].walks;
		fprintf(out, "  %10.0f %7zu", p[i].value, walks);
		for (ws = 0; ws < WS_NSERIES; ws++) {
			if (walk_series[ws].file != file ||
			    !series_present(p, n, ws))
				continue;
			if (!p[i].w[ws].walks)
				fprintf(out, " %18s %18s", "-", "-");
			else
				fprintf(out, " %18.1f %18.1f", p[i].w[ws].mean,
					p[i].w[ws].median);
		}
		fputc('\n', out);
	}
}

static void print_none(FILE *out, const struct sweep_point *p, size_t n)
{
	bool tp = false, kp = false;
	size_t i;

	for (i = 0; i < n; i++) {
		tp |= p[i].has_walks_csv;
		kp |= p[i].has_kprobe_walks_csv;
	}
	if (!tp && !kp)
		fputs("  per-walk slopes: none (no walks.csv or "
		      "kprobe_walks.csv in the points)\n", out);
	else
		fprintf(out, "  per-walk slopes: none (%s%s%s hold%s no walk "
			"of these points)\n", tp ? "walks.csv" : "",
			tp && kp ? " and " : "", kp ? "kprobe_walks.csv" : "",
			tp && kp ? "" : "s");
}

int sweep_walks_print(FILE *out, const struct sweep_point *p, size_t n)
{
	static const enum schema_file files[] = {
		SCHEMA_WALKS, SCHEMA_KPROBE_WALKS,
	};
	struct loglog_fit f;
	size_t k, wmin, wmax;
	int ws, med, ret;

	if (!sweep_walks_any(p, n)) {
		print_none(out, p, n);
		return 0;
	}
	for (k = 0; k < sizeof(files) / sizeof(files[0]); k++) {
		for (ws = 0; ws < WS_NSERIES; ws++)
			if (walk_series[ws].file == files[k] &&
			    series_present(p, n, ws))
				break;
		if (ws < WS_NSERIES)
			print_table(out, p, n, files[k]);
	}
	for (ws = 0; ws < WS_NSERIES; ws++) {
		if (!series_present(p, n, ws))
			continue;
		for (med = 0; med < 2; med++) {
			ret = sweep_walks_fit(p, n, ws, med, &f, &wmin, &wmax);
			if (ret == -2)
				return -1;
			print_fit(out, n, ws, med, ret, &f, wmin, wmax);
		}
	}
	return 0;
}

/*
 * The plot's two panels: iterations, and time per walk.  The tracepoint's
 * numbers come first: they carry no probe cost.
 */
static const enum walk_series panel_series[2][2] = {
	{ WS_TP_ITERATIONS, WS_KP_ITERATIONS },
	{ WS_TP_LOCK, WS_KP_DURATION },
};
static const char *const panel_prefix[2] = { "i", "t" };

static void plot_panel(struct sweep_walks_plot *pl, int panel, size_t k,
		       const char *label, const struct sweep_point *p,
		       size_t n, struct loglog_fit *f, int ret)
{
	const char *v = panel_prefix[panel];
	enum walk_series ws = panel_series[panel][0];
	size_t i, len;

	if (!series_present(p, n, ws))
		ws = panel_series[panel][1];
	fprintf(pl->dat, "# %s: %s %s (value mean median walks)\n", label,
		walk_series_file(ws), walk_series[ws].column);
	for (i = 0; i < n; i++)
		if (p[i].w[ws].walks)
			fprintf(pl->dat, "%.0f %.6g %.6g %zu\n", p[i].value,
				p[i].w[ws].mean, p[i].w[ws].median,
				p[i].w[ws].walks);
	fprintf(pl->dat, "\n\n");
	fprintf(pl->fit, "%s_idx%zu = %d\n%s_src%zu = \"%s %s\"\n%s_ok%zu = "
		"%d\n%s_b%zu = %.6f\n%s_lna%zu = %.6f\n%s_lo%zu = %.4f\n"
		"%s_hi%zu = %.4f\n", v, k, pl->blocks++, v, k,
		walk_series_file(ws), walk_series[ws].column, v, k, !ret, v,
		k, ret ? 0 : f->slope, v, k, ret ? 0 : f->intercept, v, k,
		ret ? 0 : f->lo, v, k, ret ? 0 : f->hi);
	len = strlen(pl->list[panel]);
	snprintf(pl->list[panel] + len, sizeof(pl->list[panel]) - len, "%s%zu",
		 len ? " " : "", k);
}

int sweep_walks_plot_kernel(struct sweep_walks_plot *pl, size_t k,
			    const char *label, const struct sweep_point *p,
			    size_t n)
{
	struct loglog_fit f;
	size_t wmin, wmax;
	int panel, ret;
	enum walk_series ws;

	fprintf(pl->fit, "kname%zu = \"%s\"\n", k, label);
	for (panel = 0; panel < 2; panel++) {
		ws = panel_series[panel][0];
		if (!series_present(p, n, ws))
			ws = panel_series[panel][1];
		if (!series_present(p, n, ws))
			continue;
		ret = sweep_walks_fit(p, n, ws, false, &f, &wmin, &wmax);
		if (ret == -2)
			return -1;
		plot_panel(pl, panel, k, label, p, n, &f, ret);
	}
	return 0;
}

void sweep_walks_plot_end(struct sweep_walks_plot *pl, const char *key,
			  size_t nk)
{
	fprintf(pl->fit, "key = \"%s\"\nnk = %zu\ni_list = \"%s\"\n"
		"t_list = \"%s\"\n", key, nk, pl->list[0], pl->list[1]);
}
