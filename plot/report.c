// SPDX-License-Identifier: GPL-2.0
/*
 * ksmbench-report: compare the run directories of several kernels with the
 * first one, the baseline (or sum up one).  Exit status: 0 done, 1 out of
 * memory or cannot write, 2 bad input or usage.
 */
#include <errno.h>
#include <stdbool.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "kcidb.h"
#include "plots.h"
#include "kernel_label.h"
#include "report_mail.h"
#include "report_text.h"
#include "run_compat.h"
#include "results_read.h"

#define EXIT_BAD_INPUT	2

static const char usage[] =
	"usage: ksmbench-report [--mail] [--out DIR [--plot-dir D]]\n"
	"                       [--kcidb FILE] RUN_A [RUN_B ...]\n"
	"Compares run directories, one per kernel, with the first (the\n"
	"baseline, kernel A), or sums up one; at most 26 kernels.\n"
	"The report goes to stdout; with --out DIR it is also written to\n"
	"DIR/report.txt, and every declared plot is drawn there as\n"
	"NAME.dat, NAME.png and NAME.svg with gnuplot, from the scripts\n"
	"in D (default: plot/ beside the directory of this program, or\n"
	"$KSMBENCH_PLOT_DIR).\n"
	"--mail prints the comparison for a patch mail instead (72\n"
	"columns, no local paths; also DIR/mail.txt), and refuses runs\n"
	"of different scenario parameters or KSM states.\n"
	"--kcidb FILE writes the runs as one KCIDB (v5) submission to FILE\n"
	"(- for stdout) instead of the report.\n";

static int write_file(const char *dir, const char *name, const char *data,
		      size_t len)
{
	char path[4096];
	FILE *f;
	int ret = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "ksmbench-report: cannot create %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	if (fwrite(data, 1, len, f) != len)
		ret = -1;
	if (fclose(f))
		ret = -1;
	if (ret)
		fprintf(stderr, "ksmbench-report: cannot write %s: %s\n", path,
			strerror(errno));
	return ret;
}

/* Builds a document in memory so stdout and the file get the same bytes. */
static char *render(int (*fn)(FILE *, const struct run *, size_t),
		    const struct run *runs, size_t nruns, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	int ret;

	if (!f)
		return NULL;
	ret = fn(f, runs, nruns);
	if (fclose(f) || ret) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* plot/ of the checkout this program was built in: BUILD/../plot. */
static char *default_plot_dir(void)
{
	char exe[4096], *slash, *dir;
	ssize_t len;

	if (getenv("KSMBENCH_PLOT_DIR"))
		return strdup(getenv("KSMBENCH_PLOT_DIR"));
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len <= 0)
		return strdup("plot");
	exe[len] = '\0';
	slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	if (asprintf(&dir, "%s/../plot", exe) < 0)
		return NULL;
	return dir;
}

static int write_outputs(const char *outdir, const char *plot_dir,
			 const struct run *runs, size_t nruns, bool mail)
{
	char *text = NULL, *gp = NULL;
	size_t tlen;
	int ret = EXIT_FAILURE;

	text = render(mail ? report_mail : report_text, runs, nruns, &tlen);
	if (!text) {
		fputs("ksmbench-report: out of memory\n", stderr);
		goto out;
	}
	if (fwrite(text, 1, tlen, stdout) != tlen || fflush(stdout)) {
		perror("ksmbench-report: stdout");
		goto out;
	}
	if (outdir) {
		if (mkdir(outdir, 0755) && errno != EEXIST) {
			fprintf(stderr, "ksmbench-report: cannot create %s: %s\n",
				outdir, strerror(errno));
			goto out;
		}
		if (write_file(outdir, mail ? "mail.txt" : "report.txt", text,
			       tlen))
			goto out;
		gp = plot_dir ? strdup(plot_dir) : default_plot_dir();
		if (!gp || plots_draw(outdir, gp, runs, nruns))
			goto out;
	}
	ret = EXIT_SUCCESS;
out:
	free(text);
	free(gp);
	return ret;
}

static int write_kcidb(const char *path, const struct run *runs, size_t nruns)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "w") : stdout;
	int ret;

	if (!f) {
		fprintf(stderr, "ksmbench-report: cannot create %s: %s\n", path,
			strerror(errno));
		return EXIT_FAILURE;
	}
	ret = kcidb_write(f, runs, nruns);
	if ((f == stdout ? fflush(f) : fclose(f)) && !ret) {
		fprintf(stderr, "ksmbench-report: cannot write %s\n", path);
		ret = -1;
	}
	return ret ? EXIT_FAILURE : EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "mail", no_argument, NULL, 'm' },
		{ "plot-dir", required_argument, NULL, 'p' },
		{ "kcidb", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct run runs[KERNELS_MAX];
	const char *outdir = NULL, *plot_dir = NULL, *kcidb = NULL;
	char err[8192];
	size_t k, nruns = 0;
	int opt, ret = EXIT_BAD_INPUT;
	bool mail = false;

	while ((opt = getopt_long(argc, argv, "o:mp:k:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'o':
			outdir = optarg;
			break;
		case 'm':
			mail = true;
			break;
		case 'k':
			kcidb = optarg;
			break;
		case 'p':
			plot_dir = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return EXIT_SUCCESS;
		default:
			fputs(usage, stderr);
			return EXIT_BAD_INPUT;
		}
	}
	if (argc - optind < 1) {
		fputs(usage, stderr);
		return EXIT_BAD_INPUT;
	}
	if (argc - optind > KERNELS_MAX) {
		fprintf(stderr, "ksmbench-report: %d run directories, at most "
			"%d (kernels are lettered A to Z)\n", argc - optind,
			KERNELS_MAX);
		return EXIT_BAD_INPUT;
	}

	for (; nruns < (size_t)(argc - optind); nruns++) {
		if (run_load(argv[optind + nruns], &runs[nruns], err,
			     sizeof(err))) {
			fprintf(stderr, "ksmbench-report: %s\n", err);
			goto out;
		}
	}
	if (mail && runs_comparable(runs, nruns, err, sizeof(err))) {
		fprintf(stderr, "ksmbench-report: refusing to compare: %s\n",
			err);
		goto out;
	}
	ret = kcidb ? write_kcidb(kcidb, runs, nruns) :
		      write_outputs(outdir, plot_dir, runs, nruns, mail);
out:
	for (k = 0; k < nruns; k++)
		run_free(&runs[k]);
	return ret;
}
