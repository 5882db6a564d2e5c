// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "../plot/stats.h"
#include "value_summary.h"

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t at_rank(const uint64_t *sorted, size_t n, unsigned int pct)
{
	return sorted[stats_nearest_rank(n, pct) - 1];
}

void value_summarize(uint64_t *v, size_t n, struct value_summary *s)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	if (!n)
		return;
	qsort(v, n, sizeof(*v), cmp_u64);
	s->n = n;
	s->p50 = at_rank(v, n, 50);
	s->p90 = at_rank(v, n, 90);
	s->p99 = at_rank(v, n, 99);
	s->max = v[n - 1];
	for (i = 0; i < n; i++)
		s->total += v[i];
}

size_t value_count_above(const uint64_t *sorted, size_t n, uint64_t limit)
{
	size_t lo = 0, hi = n, mid;

	/* First index whose value is above limit. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (sorted[mid] > limit)
			hi = mid;
		else
			lo = mid + 1;
	}
	return n - lo;
}
