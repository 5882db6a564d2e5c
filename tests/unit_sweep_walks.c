// SPDX-License-Identifier: GPL-2.0
/*
 * ksmbench-sweep's per-walk slopes on synthetic sweeps written here: per
 * point walks.csv or kprobe_walks.csv rows whose iterations, lock hold and
 * duration grow with known powers of the swept key (with deterministic
 * noise), then the fitted slopes, their intervals, the printed table, the
 * plot files, and the "none" line for points without per-walk files.
 *
 *   unit_sweep_walks BUILD/ksmbench-sweep
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "results_read.h"
#include "run_files.h"
#include "sweep_points.h"
#include "sweep_walks.h"

CHECK_DEFINE_STATE;

#define NPOINTS	6
#define REPS	3
#define WALKS	8	/* per phase and repetition */

enum per_walk { PW_NONE, PW_TRACEPOINT, PW_KPROBE_ITER, PW_KPROBE };

/* The powers of the key each synthetic kernel's numbers grow with. */
#define A_ITER	1.0	/* walks.csv iterations */
#define A_LOCK	0.8	/* walks.csv lock_ns */
#define B_ITER	0.5	/* kprobe_walks.csv iterations (walk_iter) */
#define B_DUR	0.5	/* kprobe_walks.csv duration_ns */
#define E_DUR	1.2	/* kprobe_walks.csv duration_ns (walk: no iterations) */

static const char *bin;
static char tmp[] = "/tmp/ksmbench-unit-sweep-walks.XXXXXX";

/* Deterministic noise in [-0.5, 0.5), so no run can pass by chance. */
static double noise(unsigned i)
{
	return ((i * 2654435761u) % 1000) / 1000.0 - 0.5;
}

static unsigned long long grown(double scale, double value, double power,
				unsigned i)
{
	return llround(scale * pow(value, power) * (1 + 0.1 * noise(i)));
}

static FILE *open_file(const char *dir, const char *name, const char *head)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f)
		fprintf(f, "%s\n", head);
	return f;
}

static void walk_rows(FILE *w, FILE *k, enum per_walk pw, double dur_power,
		      const char *point, double value, unsigned long rep,
		      unsigned *seq)
{
	unsigned long long it, lock;
	unsigned walk;

	for (walk = 1; walk <= WALKS; walk++, ++*seq) {
		if (pw == PW_TRACEPOINT) {
			it = grown(32, value, A_ITER, *seq);
			lock = grown(40, value, A_LOCK, *seq + 7);
			fprintf(w, "%s,migrate,out,%lu,%u,32,%llu,%llu,0,32,"
				"%llu,%llu\n", point, rep, walk, it, it - 32,
				lock, lock / 2);
		} else if (pw == PW_KPROBE_ITER) {
			fprintf(k, "%s,migrate,out,%lu,%u,100,0,0,0,%u000,%llu,"
				"32,%llu\n", point, rep, walk, *seq,
				grown(1000, value, dur_power, *seq + 3),
				grown(10, value, B_ITER, *seq));
		} else if (pw == PW_KPROBE) {
			fprintf(k, "%s,migrate,out,%lu,%u,100,0,1,0,%u000,%llu,"
				"NA,NA\n", point, rep, walk, *seq,
				grown(1000, value, dur_power, *seq + 3));
		}
	}
}

/* One kernel's run directory: a sweep of vmas over 1000..32000 (x2). */
static int make_run(const char *name, enum per_walk pw, double dur_power,
		    char *dir, size_t len)
{
	FILE *s, *st, *w = NULL, *k = NULL;
	char point[64];
	unsigned seq = 0, i;
	unsigned long rep;
	double value;
	int ret;

	snprintf(dir, len, "%s/%s", tmp, name);
	mkdir(dir, 0755);
	s = open_file(dir, "samples.csv",
		      "scenario,driver,phase,rep,metric,unit,value");
	st = open_file(dir, "status.csv", "scenario,driver,status,reason");
	if (pw == PW_TRACEPOINT)
		w = open_file(dir, "walks.csv", "scenario,driver,phase,rep,"
			      "walk,items,iterations,skip_addr,skip_mm,"
			      "rmap_one,lock_ns,lock_max_ns");
	if (pw == PW_KPROBE_ITER || pw == PW_KPROBE)
		k = open_file(dir, "kprobe_walks.csv", "scenario,driver,phase,"
			      "rep,walk,tid,cpu_entry,cpu_return,depth,"
			      "start_ns,duration_ns,tree_searches,iterations");
	if (!s || !st || (pw == PW_TRACEPOINT && !w) ||
	    ((pw == PW_KPROBE_ITER || pw == PW_KPROBE) && !k))
		goto out;
	for (i = 0; i < NPOINTS; i++) {
		value = 1000 << i;
		snprintf(point, sizeof(point), "sw@vmas=%.0f", value);
		fprintf(st, "%s,migrate,ok,\n", point);
		for (rep = 1; rep <= REPS; rep++) {
			fprintf(s, "%s,migrate,out,%lu,wall_time,ns,%llu\n",
				point, rep, grown(1e5, value, 0.7, seq));
			walk_rows(w, k, pw, dur_power, point, value, rep, &seq);
		}
	}
out:
	ret = s && st ? 0 : -1;
	if ((s && fclose(s)) || (st && fclose(st)) || (w && fclose(w)) ||
	    (k && fclose(k)))
		ret = -1;
	return ret;
}

/* The fit of @ws over the points of @dir, and that it holds @power. */
static void check_slope(const char *dir, const char *what,
			enum walk_series ws, bool median, double power)
{
	struct sweep_point *p = NULL;
	struct loglog_fit f = { 0 };
	struct run run;
	char err[1024], name[200];
	size_t n = 0, wmin = 0, wmax = 0;
	int ret = -1;

	snprintf(name, sizeof(name), "%s: %s slope %.1f inside a narrow 95%% "
		 "interval, n = 6 points x %d walks", what,
		 median ? "median" : "mean", power, REPS * WALKS);
	if (run_load(dir, &run, err, sizeof(err))) {
		CHECK(name, false, "%s", err);
		return;
	}
	if (!sweep_points_get(&run, &p, &n, err, sizeof(err)))
		ret = sweep_walks_fit(p, n, ws, median, &f, &wmin, &wmax);
	CHECK(name, !ret && f.lo <= power && f.hi >= power &&
	      f.hi - f.lo < 0.1 && fabs(f.slope - power) < 0.03 &&
	      f.n == NPOINTS && wmin == REPS * WALKS && wmax == wmin,
	      "ret %d slope %g [%g, %g] n %zu walks %zu-%zu (%s)", ret,
	      f.slope, f.lo, f.hi, f.n, wmin, wmax, ret ? err : "");
	sweep_points_free(p, n);
	run_free(&run);
}

static char *run_sweep(const char *args, int *status)
{
	char cmd[PATH_MAX * 4];
	char *text;

	snprintf(cmd, sizeof(cmd), "%s %s > '%s/out.txt' 2>&1", bin, args,
		 tmp);
	*status = shell(cmd, NULL, 0);
	snprintf(cmd, sizeof(cmd), "%s/out.txt", tmp);
	text = slurp(cmd);
	return text ? text : strdup("");
}

static int count(const char *text, const char *what)
{
	int n = 0;

	for (; (text = strstr(text, what)); text++)
		n++;
	return n;
}

static void check_tool(const char *a, const char *b, const char *e)
{
	char args[PATH_MAX * 4], path[PATH_MAX + 64];
	struct stat st;
	char *out;
	int status;

	snprintf(args, sizeof(args), "--out '%s/plots' '%s' '%s' '%s'", tmp,
		 a, b, e);
	out = run_sweep(args, &status);
	CHECK("tool: exit 0 on three kernels with per-walk files",
	      status == 0, "status %d: %s", status, out);
	CHECK("tool: no 'none' line where every point has walks",
	      !strstr(out, "per-walk slopes: none"), "%s", out);
	CHECK("tool: walks.csv iterations and lock hold, mean and median",
	      count(out, "[walks.csv iterations, count]") == 2 &&
	      count(out, "[walks.csv lock_ns, ns]") == 2, "%s", out);
	CHECK("tool: kprobe_walks.csv duration on two kernels, iterations on "
	      "the walk_iter one only",
	      count(out, "[kprobe_walks.csv duration_ns, ns]") == 4 &&
	      count(out, "[kprobe_walks.csv iterations, count]") == 2,
	      "%s", out);
	CHECK("tool: n as points and walks per point",
	      count(out, "n=6 of 6 points, 24-24 walks/point") == 10,
	      "%d: %s", count(out, "n=6 of 6 points, 24-24 walks/point"),
	      out);
	CHECK("tool: per-point table per file",
	      strstr(out, "per walk from walks.csv") &&
	      strstr(out, "per walk from kprobe_walks.csv"), "%s", out);
	free(out);
	snprintf(path, sizeof(path), "%s/plots/sweepwalk_sw_migrate.fit", tmp);
	CHECK("tool: per-walk plot data and fits written",
	      !stat(path, &st) && st.st_size, "%s missing", path);
	if (system("command -v gnuplot >/dev/null")) {
		SKIP("tool: per-walk plot drawn", "gnuplot is not installed "
		     "(make deps-build installs gnuplot-nox)");
		return;
	}
	snprintf(args, sizeof(args), "gnuplot -e \"datafile='%s/plots/"
		 "sweepwalk_sw_migrate.dat'; fitfile='%s'; outfile='%s/plots/"
		 "w.png'\" plot/sweep_walks.gp", tmp, path, tmp);
	snprintf(path, sizeof(path), "%s/plots/w.png", tmp);
	CHECK("tool: per-walk plot drawn (plot/sweep_walks.gp)",
	      !shell(args, NULL, 0) && !stat(path, &st) && st.st_size,
	      "gnuplot failed");
}

static void check_none(const char *c, const char *d)
{
	char args[PATH_MAX * 4], path[PATH_MAX + 64];
	struct stat st;
	char *out;
	int status;

	snprintf(args, sizeof(args), "--out '%s/none' '%s' '%s'", tmp, c, d);
	out = run_sweep(args, &status);
	CHECK("no per-walk files: exit 0", status == 0, "status %d: %s",
	      status, out);
	CHECK("no per-walk files: the 'none' line for each kernel",
	      count(out, "  per-walk slopes: none (no walks.csv or "
		    "kprobe_walks.csv in the points)\n") == 2, "%s", out);
	CHECK("no per-walk files: driver time still fitted, no walk slope",
	      count(out, "slope of driver time") == 2 &&
	      !strstr(out, "per walk  "), "%s", out);
	snprintf(path, sizeof(path), "%s/none/sweepwalk_sw_migrate.dat", tmp);
	CHECK("no per-walk files: no per-walk plot", stat(path, &st),
	      "%s written", path);
	free(out);
}

/* A kprobe_walks.csv row with one of the iterator counts NA is refused. */
static void check_bad(const char *b)
{
	char args[PATH_MAX * 2], cmd[PATH_MAX * 2];
	char *out;
	int status;

	snprintf(cmd, sizeof(cmd), "sed -i '3s/,32,\\([0-9]*\\)$/,32,NA/' "
		 "'%s/kprobe_walks.csv'", b);
	CHECK("bad file prepared", !shell(cmd, NULL, 0), "sed failed");
	snprintf(args, sizeof(args), "'%s'", b);
	out = run_sweep(args, &status);
	CHECK("bad kprobe_walks.csv: refused, naming file and line",
	      status && strstr(out, "kprobe_walks.csv:3:") &&
	      strstr(out, "must both be NA or both be counted"), "status %d: %s",
	      status, out);
	free(out);
}

int main(int argc, char **argv)
{
	char a[PATH_MAX], b[PATH_MAX], c[PATH_MAX], d[PATH_MAX], e[PATH_MAX];
	char cmd[PATH_MAX + 16];

	bin = argc > 1 ? argv[1] : "build/ksmbench-sweep";
	if (!mkdtemp(tmp)) {
		CHECK("mkdtemp", false, "failed");
		return CHECK_EXIT();
	}
	if (make_run("A", PW_TRACEPOINT, 0, a, sizeof(a)) ||
	    make_run("B", PW_KPROBE_ITER, B_DUR, b, sizeof(b)) ||
	    make_run("E", PW_KPROBE, E_DUR, e, sizeof(e)) ||
	    make_run("C", PW_NONE, 0, c, sizeof(c)) ||
	    make_run("D", PW_NONE, 0, d, sizeof(d))) {
		CHECK("synthetic runs written", false, "in %s", tmp);
		return CHECK_EXIT();
	}
	check_slope(a, "walks.csv iterations", WS_TP_ITERATIONS, false, A_ITER);
	check_slope(a, "walks.csv iterations", WS_TP_ITERATIONS, true, A_ITER);
	check_slope(a, "walks.csv lock_ns", WS_TP_LOCK, false, A_LOCK);
	check_slope(b, "kprobe_walks.csv iterations", WS_KP_ITERATIONS, false,
		    B_ITER);
	check_slope(b, "kprobe_walks.csv duration_ns", WS_KP_DURATION, true,
		    B_DUR);
	check_slope(e, "kprobe_walks.csv duration_ns (walk)", WS_KP_DURATION,
		    false, E_DUR);
	check_tool(a, b, e);
	check_none(c, d);
	check_bad(b);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	CHECK("cleanup", !system(cmd), "rm failed");
	return CHECK_EXIT();
}
