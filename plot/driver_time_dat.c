// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include "driver_time_dat.h"
#include "kernel_label.h"
#include "run_keys.h"
#include "series.h"
#include "stats.h"

#define NS_PER_MS	1e6

/* gnuplot has no escape for '"' inside a quoted column: drop it. */
static void put_bare(FILE *f, const char *s)
{
	for (; *s; s++)
		if (*s != '"')
			fputc(*s, f);
}

static void put_header(FILE *f, const struct run *runs, size_t nruns)
{
	static const char *const suffix[] = { "", " min", " max", " n" };
	char label[256];
	size_t k, c;

	fputs("# ksmbench driver_time: driver total wall_time per repetition "
	      "(sum over the\n# driver's phases), in ms.  Per kernel: median, "
	      "min, max over repetitions,\n# n = repetitions.  NaN: not timed "
	      "(status not ok, or no complete repetition).\n", f);
	for (k = 0; k < nruns; k++)
		fprintf(f, "# kernel %c: %s, run directory %s\n",
			kernel_letter(k), runs[k].release, runs[k].dir);
	fputs("\"scenario/driver\"", f);
	for (k = 0; k < nruns; k++) {
		kernel_label(runs, nruns, k, label, sizeof(label));
		for (c = 0; c < 4; c++) {
			fprintf(f, " \"");
			put_bare(f, label);
			fprintf(f, "%s\"", suffix[c]);
		}
	}
	fputc('\n', f);
}

static int put_kernel(FILE *f, const struct run *run,
		      const struct pair_key *pair)
{
	struct sample_stats st;
	struct series s;
	int ret = 0;

	if (!run_timing_valid(run, pair->scenario, pair->driver)) {
		fputs(" NaN NaN NaN 0", f);
		return 0;
	}
	if (series_get(run, pair, NULL, "wall_time", true, NS_PER_MS, &s))
		return -1;
	if (!s.n)
		fputs(" NaN NaN NaN 0", f);
	else if (stats_compute(s.v, s.n, &st))
		ret = -1;
	else
		fprintf(f, " %.6f %.6f %.6f %zu", st.median, st.min, st.max,
			st.n);
	series_free(&s);
	return ret;
}

int driver_time_dat(FILE *f, const struct run *runs, size_t nruns)
{
	struct pair_key *pairs;
	size_t i, k, npairs;
	int ret = 0;

	if (keys_pairs(runs, nruns, &pairs, &npairs))
		return -1;
	put_header(f, runs, nruns);
	for (i = 0; i < npairs && !ret; i++) {
		fputc('"', f);
		put_bare(f, pairs[i].scenario);
		fputc('/', f);
		put_bare(f, pairs[i].driver);
		fputc('"', f);
		for (k = 0; k < nruns && !ret; k++)
			ret = put_kernel(f, &runs[k], &pairs[i]);
		fputc('\n', f);
	}
	free(pairs);
	return ret;
}
