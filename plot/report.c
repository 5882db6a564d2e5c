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
#include "driver_time_dat.h"
#include "kcidb.h"
#include "kernel_label.h"
#include "report_mail.h"
#include "report_text.h"
#include "run_compat.h"
#include "results_read.h"

#define EXIT_BAD_INPUT	2

static const char usage[] =
	"usage: ksmbench-report [--mail] [--out DIR] [--kcidb FILE] RUN_A\n"
	"                       [RUN_B ...]\n"
	"Compares run directories, one per kernel, with the first (the\n"
	"baseline, kernel A), or sums up one; at most 26 kernels.\n"
	"The report goes to stdout; with --out DIR it is also written to\n"
	"DIR/report.txt, with the plot data in DIR/driver_time.dat.\n"
	"--kcidb FILE writes the runs as one KCIDB (v5) submission to FILE\n"
	"(- for stdout) instead of the report.\n"
	"--mail prints the comparison for a patch mail instead (72\n"
	"columns, no local paths; also DIR/mail.txt), and refuses runs\n"
	"of different scenario parameters or KSM states.\n";

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

static int write_outputs(const char *outdir, const struct run *runs,
			 size_t nruns, bool mail)
{
	char *text = NULL, *dat = NULL;
	size_t tlen, dlen;
	int ret = EXIT_FAILURE;

	text = render(mail ? report_mail : report_text, runs, nruns, &tlen);
	if (outdir)
		dat = render(driver_time_dat, runs, nruns, &dlen);
	if (!text || (outdir && !dat)) {
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
			       tlen) ||
		    write_file(outdir, "driver_time.dat", dat, dlen))
			goto out;
	}
	ret = EXIT_SUCCESS;
out:
	free(text);
	free(dat);
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
		{ "kcidb", required_argument, NULL, 'k' },
		{ "mail", no_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct run runs[KERNELS_MAX];
	const char *outdir = NULL, *kcidb = NULL;
	char err[8192];
	size_t k, nruns = 0;
	int opt, ret = EXIT_BAD_INPUT;
	bool mail = false;

	while ((opt = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'o':
			outdir = optarg;
			break;
		case 'k':
			kcidb = optarg;
			break;
		case 'm':
			mail = true;
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
		      write_outputs(outdir, runs, nruns, mail);
out:
	for (k = 0; k < nruns; k++)
		run_free(&runs[k]);
	return ret;
}
