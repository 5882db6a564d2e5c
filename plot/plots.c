// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "driver_time_dat.h"
#include "plots.h"
#include "walk_cdf_dat.h"

static const struct plot_desc plots[] = {
	{ "driver_time", "driver time per scenario/driver and kernel: "
	  "median, min-max bars", driver_time_dat },
	{ "walk_cdf", "CDF of anon_vma lock hold per rmap_walk_ksm() call, "
	  "per scenario/driver and kernel, log x", walk_cdf_dat },
};

const char *const plot_formats[] = { "png", "svg", NULL };

extern char **environ;

const struct plot_desc *plot_at(size_t i)
{
	return i < sizeof(plots) / sizeof(plots[0]) ? &plots[i] : NULL;
}

static int write_dat(const char *path, const struct plot_desc *p,
		     const struct run *runs, size_t nruns)
{
	FILE *f = fopen(path, "w");
	int ret;

	if (!f) {
		fprintf(stderr, "ksmbench-report: cannot create %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	ret = p->write_dat(f, runs, nruns);
	if (fclose(f) || ret) {
		fprintf(stderr, "ksmbench-report: cannot write %s\n", path);
		return -1;
	}
	return 0;
}

/* gnuplot reads no arguments: settings go in as one -e command. */
static int run_gnuplot(const char *gp_dir, const char *script,
		       const char *dat, const char *out, const char *term)
{
	char *cmd = NULL;
	char *argv[5];
	pid_t pid;
	int status, err;

	if (asprintf(&cmd, "set loadpath '%s'; datafile='%s'; outfile='%s'; "
		     "term='%s'", gp_dir, dat, out, term) < 0)
		return -1;
	argv[0] = "gnuplot";
	argv[1] = "-e";
	argv[2] = cmd;
	argv[3] = (char *)script;
	argv[4] = NULL;
	err = posix_spawnp(&pid, "gnuplot", NULL, NULL, argv, environ);
	free(cmd);
	if (err) {
		fprintf(stderr, "ksmbench-report: cannot run gnuplot: %s "
			"(bash harness/install-deps.sh gnuplot-nox)\n",
			strerror(err));
		return -1;
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		fprintf(stderr, "ksmbench-report: gnuplot %s failed for %s\n",
			script, out);
		return -1;
	}
	return 0;
}

static int draw_one(const char *outdir, const char *gp_dir,
		    const struct plot_desc *p, const struct run *runs,
		    size_t nruns)
{
	char dat[4096], out[4096], script[4096];
	struct stat st;
	size_t i;

	snprintf(dat, sizeof(dat), "%s/%s.dat", outdir, p->name);
	snprintf(script, sizeof(script), "%s/%s.gp", gp_dir, p->name);
	if (write_dat(dat, p, runs, nruns))
		return -1;
	for (i = 0; plot_formats[i]; i++) {
		snprintf(out, sizeof(out), "%s/%s.%s", outdir, p->name,
			 plot_formats[i]);
		if (run_gnuplot(gp_dir, script, dat, out, plot_formats[i]))
			return -1;
		if (stat(out, &st) || !st.st_size) {
			fprintf(stderr, "ksmbench-report: gnuplot wrote no %s\n",
				out);
			return -1;
		}
	}
	return 0;
}

int plots_draw(const char *outdir, const char *gp_dir,
	       const struct run *runs, size_t nruns)
{
	const struct plot_desc *p;
	size_t i;
	int ret = 0;

	if (strchr(outdir, '\'') || strchr(gp_dir, '\'')) {
		fputs("ksmbench-report: no plots: a directory name holds a "
		      "single quote, which gnuplot's -e cannot take\n", stderr);
		return -1;
	}
	for (i = 0; (p = plot_at(i)); i++)
		if (draw_one(outdir, gp_dir, p, runs, nruns))
			ret = -1;
	return ret;
}
