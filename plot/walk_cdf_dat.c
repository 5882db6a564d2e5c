// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "kernel_label.h"
#include "run_keys.h"
#include "walk_cdf_dat.h"

#define NS_PER_US	1e3

static int cmp_ull(const void *pa, const void *pb)
{
	unsigned long long a = *(const unsigned long long *)pa;
	unsigned long long b = *(const unsigned long long *)pb;

	return (a > b) - (a < b);
}

/* gnuplot's columnheader() titles a curve with its block's first row. */
static void put_title(FILE *f, const struct pair_key *pair,
		      const char *label)
{
	const char *p;

	fputc('"', f);
	for (p = pair->scenario; *p; p++)
		if (*p != '"')
			fputc(*p, f);
	fputc('/', f);
	for (p = pair->driver; *p; p++)
		if (*p != '"')
			fputc(*p, f);
	fputc(' ', f);
	for (p = label; *p; p++)
		if (*p != '"')
			fputc(*p, f);
	fputs("\" \"fraction\"\n", f);
}

/* One block; returns 1 when written, 0 when the pair has no walks. */
static int put_block(FILE *f, const struct run *run, const char *label,
		     const struct pair_key *pair, bool first)
{
	const struct walk_table *w = &run->walks;
	unsigned long long *v;
	size_t i, n = 0;

	if (!w->present || !run_timing_valid(run, pair->scenario, pair->driver))
		return 0;
	v = malloc((w->nrows + 1) * sizeof(*v));
	if (!v)
		return -1;
	for (i = 0; i < w->nrows; i++) {
		const struct walk_key *k = &w->keys[w->rows[i].key];

		if (!strcmp(k->scenario, pair->scenario) &&
		    !strcmp(k->driver, pair->driver))
			v[n++] = w->rows[i].v[WALK_LOCK_NS];
	}
	if (n) {
		qsort(v, n, sizeof(*v), cmp_ull);
		/* Two blank lines between blocks, none after the last. */
		if (!first)
			fputs("\n\n", f);
		put_title(f, pair, label);
		for (i = 0; i < n; i++)
			fprintf(f, "%.3f %.6f\n", (double)v[i] / NS_PER_US,
				(double)(i + 1) / (double)n);
	}
	free(v);
	return n ? 1 : 0;
}

int walk_cdf_dat(FILE *f, const struct run *runs, size_t nruns)
{
	struct pair_key *pairs;
	char label[256];
	size_t i, k, npairs, blocks = 0;
	int ret = 0;

	if (keys_pairs(runs, nruns, &pairs, &npairs))
		return -1;
	fputs("# ksmbench walk_cdf: anon_vma lock hold per rmap_walk_ksm() "
	      "call (walks.csv\n# lock_ns) in us, sorted, and the fraction "
	      "of the block's walks at or\n# below it.  One block per "
	      "scenario/driver and kernel with status ok.\n", f);
	for (i = 0; i < npairs && ret >= 0; i++) {
		for (k = 0; k < nruns && ret >= 0; k++) {
			kernel_label(runs, nruns, k, label, sizeof(label));
			ret = put_block(f, &runs[k], label, &pairs[i], !blocks);
			blocks += ret > 0;
		}
	}
	if (!blocks)
		fputs("# no walks: no kernel has the ksm_rmap_walk "
		      "tracepoint\n", f);
	free(pairs);
	return ret < 0 ? -1 : 0;
}
