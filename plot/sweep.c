// SPDX-License-Identifier: GPL-2.0
/*
 * ksmbench-sweep: per sweep (scenarios NAME@KEY=VALUE) and driver, the
 * curve of every kernel against the swept key, and the log-log slopes of
 * driver time and of one walk's iterations, lock hold and duration
 * (sweep_walks.c), with their 95% intervals.  Writes a text table and, per
 * sweep, gnuplot data.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kernel_label.h"
#include "loglog_fit.h"
#include "results_read.h"
#include "stats.h"
#include "sweep_points.h"
#include "sweep_walks.h"

#define CONF SWEEP_CONF

static const char usage[] =
"usage: ksmbench-sweep --out DIR RUN_DIR...\n"
"One run directory per kernel, each holding the points of a sweep\n"
"(scenarios named NAME@KEY=VALUE).  Prints the table and slopes, and\n"
"writes DIR/sweep.txt, DIR/sweep_NAME_DRIVER.dat and .fit for\n"
"plot/sweep.gp and, where the points have per-walk files,\n"
"DIR/sweepwalk_NAME_DRIVER.dat and .fit for plot/sweep_walks.gp.\n";

struct kernel_pts {
	char label[128];
	const char *accel;
	struct sweep_point *p;
	size_t n;
};

static bool same_group(const struct sweep_point *a,
		       const struct sweep_point *b)
{
	return !strcmp(a->sweep, b->sweep) && !strcmp(a->driver, b->driver);
}

/* Fit of driver time, every repetition a point. */
static int fit_group(const struct sweep_point *p, size_t n,
		     struct loglog_fit *f)
{
	double *x, *y;
	size_t i, j, m = 0, cap = 0;
	int ret;

	for (i = 0; i < n; i++)
		cap += p[i].n;
	x = calloc(cap + 1, sizeof(*x));
	y = calloc(cap + 1, sizeof(*y));
	if (!x || !y) {
		free(x);
		free(y);
		return -2;
	}
	for (i = 0; i < n; i++) {
		for (j = 0; j < p[i].n; j++) {
			x[m] = p[i].value;
			y[m++] = p[i].ms[j];
		}
	}
	ret = loglog_fit(x, y, m, CONF, f);
	free(x);
	free(y);
	return ret;
}

static void print_fit(FILE *f, const char *what, int ret,
		      const struct loglog_fit *fit)
{
	if (ret) {
		fprintf(f, "  slope of %-22s n/a (%zu usable points; needs 3 "
			"or more over 2 or more values of the key)\n", what,
			fit->n);
		return;
	}
	fprintf(f, "  slope of %-22s %6.3f  95%% CI [%6.3f, %6.3f]  n=%zu  "
		"R^2=%.3f\n", what, fit->slope, fit->lo, fit->hi, fit->n,
		fit->r2);
}

static void print_points(FILE *f, const struct sweep_point *p, size_t n)
{
	struct sample_stats st;
	size_t i;

	fprintf(f, "  %10s %3s %12s %12s %12s %14s %14s\n", p->key, "n",
		"median ms", "min ms", "max ms", "iter/walk", "lock ns/walk");
	for (i = 0; i < n; i++) {
		if (stats_compute(p[i].ms, p[i].n, &st))
			st.median = st.min = st.max = NAN;
		fprintf(f, "  %10.0f %3zu %12.3f %12.3f %12.3f ", p[i].value,
			p[i].n, st.median, st.min, st.max);
		/* Stock kernels have no walk tracepoint: no walk numbers. */
		if (isnan(p[i].iterations))
			fprintf(f, "%14s %14s\n", "-", "-");
		else
			fprintf(f, "%14.1f %14.0f\n", p[i].iterations,
				p[i].lock_ns);
	}
}

static void write_dat(FILE *d, const struct sweep_point *p, size_t n,
		      const char *label)
{
	struct sample_stats st;
	size_t i;

	fprintf(d, "# %s\n# value median_ms min_ms max_ms iterations "
		"lock_ns\n", label);
	for (i = 0; i < n; i++) {
		if (stats_compute(p[i].ms, p[i].n, &st))
			continue;
		fprintf(d, "%.0f %.6f %.6f %.6f %.3f %.3f\n", p[i].value,
			st.median, st.min, st.max, p[i].iterations,
			p[i].lock_ns);
	}
	fprintf(d, "\n\n");
}

static FILE *open_in(const char *dir, const char *fmt, const char *a,
		     const char *b)
{
	char path[4096], name[512];

	snprintf(name, sizeof(name), fmt, a, b);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return fopen(path, "w");
}

static void group_range(const struct kernel_pts *k,
			const struct sweep_point *first, size_t *a, size_t *b)
{
	for (*a = 0; *a < k->n && !same_group(&k->p[*a], first); ++*a)
		;
	for (*b = *a; *b < k->n && same_group(&k->p[*b], first); ++*b)
		;
}

static int close_all(FILE **f, size_t n)
{
	size_t i;
	int r = 0;

	for (i = 0; i < n; i++)
		if (f[i] && fclose(f[i]))
			r = -1;
	return r;
}

/* The per-walk plot's files, when a kernel of the group has walks. */
static int open_walk_plot(const char *dir, const struct kernel_pts *k,
			  size_t nk, const struct sweep_point *first,
			  struct sweep_walks_plot *pl)
{
	size_t i, a, b;
	bool any = false;

	memset(pl, 0, sizeof(*pl));
	for (i = 0; dir && i < nk && !any; i++) {
		group_range(&k[i], first, &a, &b);
		any = sweep_walks_any(k[i].p + a, b - a);
	}
	if (!any)
		return 0;
	pl->dat = open_in(dir, "sweepwalk_%s_%s.dat", first->sweep,
			  first->driver);
	pl->fit = open_in(dir, "sweepwalk_%s_%s.fit", first->sweep,
			  first->driver);
	return pl->dat && pl->fit ? 0 : -1;
}

/* One kernel of a sweep group: its table and fits; -2 on ENOMEM. */
static int report_kernel(FILE *out, const struct kernel_pts *k, size_t i,
			 const struct sweep_point *p, size_t n, FILE *fitf)
{
	struct loglog_fit fit;
	int r;

	fprintf(out, "%c: %s (accelerator: %s)\n", kernel_letter(i), k->label,
		k->accel);
	print_points(out, p, n);
	r = fit_group(p, n, &fit);
	if (r == -2)
		return -2;
	print_fit(out, "driver time", r, &fit);
	if (fitf)
		fprintf(fitf, "kname%zu = \"%s\"\nok%zu = %d\nb%zu = %.6f\n"
			"lna%zu = %.6f\nlo%zu = %.4f\nhi%zu = %.4f\n", i,
			k->label, i, !r, i, r ? 0 : fit.slope, i,
			r ? 0 : fit.intercept, i, r ? 0 : fit.lo, i,
			r ? 0 : fit.hi);
	return sweep_walks_print(out, p, n) ? -2 : 0;
}

/* One sweep group: every kernel's table, fits and plot data. */
static int report_group(FILE *out, const char *dir,
			const struct kernel_pts *k, size_t nk,
			const struct sweep_point *first)
{
	struct sweep_walks_plot wpl;
	FILE *dat = NULL, *fitf = NULL;
	size_t i, a, b;
	int r = 0;

	fprintf(out, "== sweep %s over %s, driver %s ==\n", first->sweep,
		first->key, first->driver);
	if (open_walk_plot(dir, k, nk, first, &wpl))
		goto io;
	if (dir) {
		dat = open_in(dir, "sweep_%s_%s.dat", first->sweep,
			      first->driver);
		fitf = open_in(dir, "sweep_%s_%s.fit", first->sweep,
			       first->driver);
		if (!dat || !fitf)
			goto io;
		fprintf(fitf, "key = \"%s\"\nnk = %zu\n", first->key, nk);
	}
	for (i = 0; i < nk && !r; i++) {
		group_range(&k[i], first, &a, &b);
		r = report_kernel(out, &k[i], i, k[i].p + a, b - a, fitf);
		if (!r && wpl.dat)
			r = sweep_walks_plot_kernel(&wpl, i, k[i].label,
						    k[i].p + a, b - a);
		if (dat)
			write_dat(dat, k[i].p + a, b - a, k[i].label);
	}
	if (r) {
		close_all((FILE *[]){ dat, fitf, wpl.dat, wpl.fit }, 4);
		return -1;
	}
	fputc('\n', out);
	if (wpl.fit)
		sweep_walks_plot_end(&wpl, first->key, nk);
	if (close_all((FILE *[]){ dat, fitf, wpl.dat, wpl.fit }, 4)) {
		fprintf(stderr, "ksmbench-sweep: writing in %s: %s\n", dir,
			strerror(errno));
		return -1;
	}
	return 0;
io:
	fprintf(stderr, "ksmbench-sweep: writing in %s: %s\n", dir,
		strerror(errno));
	close_all((FILE *[]){ dat, fitf, wpl.dat, wpl.fit }, 4);
	return -1;
}

static int report_all(FILE *out, const char *dir, const struct kernel_pts *k,
		      size_t nk)
{
	size_t i, j, groups = 0;

	/* Groups in the order of the first kernel that has them. */
	for (i = 0; i < nk; i++)
		for (j = 0; j < k[i].n; j++) {
			size_t x, y;
			bool seen = false;

			if (j && same_group(&k[i].p[j - 1], &k[i].p[j]))
				continue;
			for (x = 0; x < i && !seen; x++)
				for (y = 0; y < k[x].n && !seen; y++)
					seen = same_group(&k[x].p[y],
							  &k[i].p[j]);
			if (seen)
				continue;
			groups++;
			if (report_group(out, dir, k, nk, &k[i].p[j]))
				return -1;
		}
	if (!groups)
		fprintf(out, "no sweep points (scenarios named NAME@KEY=VALUE) "
			"in these runs\n");
	return groups ? 0 : 1;
}

static int run_all(const char *dir, struct run *runs, size_t nruns)
{
	struct kernel_pts k[KERNELS_MAX] = { 0 };
	char path[4096], err[8192], *text = NULL;
	size_t i, len = 0;
	FILE *mem = open_memstream(&text, &len);
	int ret = 1;

	for (i = 0; i < nruns; i++) {
		kernel_label(runs, nruns, i, k[i].label, sizeof(k[i].label));
		k[i].accel = runs[i].accel && *runs[i].accel ? runs[i].accel :
			     "not recorded";
		if (sweep_points_get(&runs[i], &k[i].p, &k[i].n, err,
				     sizeof(err))) {
			fprintf(stderr, "ksmbench-sweep: %s\n", err);
			goto out;
		}
	}
	if (!mem || (dir && mkdir(dir, 0755) && errno != EEXIST))
		goto out;
	ret = report_all(mem, dir, k, nruns);
	fclose(mem);
	mem = NULL;
	fputs(text, stdout);
	if (dir && ret == 0) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/sweep.txt", dir);
		f = fopen(path, "w");
		if (!f || fputs(text, f) < 0 || fclose(f))
			ret = 1;
	}
out:
	if (mem)
		fclose(mem);
	free(text);
	for (i = 0; i < nruns; i++)
		sweep_points_free(k[i].p, k[i].n);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct run runs[KERNELS_MAX];
	const char *dir = NULL;
	char err[8192];
	size_t i, nruns = 0;
	int opt, ret = 2;

	while ((opt = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		if (opt == 'o') {
			dir = optarg;
		} else if (opt == 'h') {
			fputs(usage, stdout);
			return 0;
		} else {
			fputs(usage, stderr);
			return 2;
		}
	}
	if (argc - optind < 1 || argc - optind > KERNELS_MAX) {
		fputs(usage, stderr);
		return 2;
	}
	for (; nruns < (size_t)(argc - optind); nruns++)
		if (run_load(argv[optind + nruns], &runs[nruns], err,
			     sizeof(err))) {
			fprintf(stderr, "ksmbench-sweep: %s\n", err);
			goto out;
		}
	ret = run_all(dir, runs, nruns);
out:
	for (i = 0; i < nruns; i++)
		run_free(&runs[i]);
	return ret;
}
