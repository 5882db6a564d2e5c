// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include "kernel_label.h"

char kernel_letter(size_t k)
{
	return k < KERNELS_MAX ? (char)('A' + k) : '?';
}

bool kernel_release_shared(const struct run *runs, size_t nruns, size_t k)
{
	size_t j;

	for (j = 0; j < nruns; j++)
		if (j != k && !strcmp(runs[j].release, runs[k].release))
			return true;
	return false;
}

static const char *base_label(const struct run *runs, size_t nruns,
			      size_t k)
{
	if (kernel_release_shared(runs, nruns, k) && runs[k].parent &&
	    *runs[k].parent)
		return runs[k].parent;
	return runs[k].release;
}

void kernel_label(const struct run *runs, size_t nruns, size_t k, char *buf,
		  size_t len)
{
	const char *mine = base_label(runs, nruns, k);
	size_t j;

	for (j = 0; j < nruns; j++) {
		if (j != k && !strcmp(base_label(runs, nruns, j), mine)) {
			snprintf(buf, len, "%s (%c)", mine, kernel_letter(k));
			return;
		}
	}
	snprintf(buf, len, "%s", mine);
}
