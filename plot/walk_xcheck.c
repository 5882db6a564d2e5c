// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include "walk_xcheck.h"

static int cmp_u64(uint64_t a, uint64_t b)
{
	return (a > b) - (a < b);
}

static int cmp_tp(const void *pa, const void *pb)
{
	const struct xc_tp *a = pa, *b = pb;

	return cmp_u64(a->tid, b->tid) ?: cmp_u64(a->time_ns, b->time_ns);
}

static uint64_t kp_end(const struct xc_kp *k)
{
	return k->start_ns + k->duration_ns;
}

static int cmp_kp(const void *pa, const void *pb)
{
	const struct xc_kp *a = pa, *b = pb;

	return cmp_u64(a->tid, b->tid) ?: cmp_u64(kp_end(a), kp_end(b));
}

static void pair_one(const struct xc_tp *t, const struct xc_kp *k,
		     uint64_t gran_ns, struct xc_result *r)
{
	r->paired++;
	if (k->duration_ns + gran_ns < t->lock_ns)
		r->shorter++;
	if (!k->counted)
		return;
	r->iter_compared++;
	if (k->iterations != t->iterations)
		r->iter_differ++;
	if (k->iterations + 1 == t->iterations)
		r->iter_one_less++;
}

void xc_compare(struct xc_tp *tp, size_t ntp, struct xc_kp *kp, size_t nkp,
		uint64_t gran_ns, struct xc_result *r)
{
	size_t i = 0, j = 0;

	if (ntp)
		qsort(tp, ntp, sizeof(*tp), cmp_tp);
	if (nkp)
		qsort(kp, nkp, sizeof(*kp), cmp_kp);
	r->tp_walks += ntp;
	r->kp_walks += nkp;
	while (i < ntp || j < nkp) {
		if (j == nkp || (i < ntp && tp[i].tid < kp[j].tid)) {
			r->tp_only++;
			i++;
		} else if (i == ntp || kp[j].tid < tp[i].tid) {
			r->kp_only++;
			j++;
		} else if (kp_end(&kp[j]) + gran_ns < tp[i].time_ns) {
			r->kp_only++;		/* returned before */
			j++;
		} else if (tp[i].time_ns + gran_ns < kp[j].start_ns) {
			r->tp_only++;		/* stamped before entry */
			i++;
		} else {
			pair_one(&tp[i++], &kp[j++], gran_ns, r);
		}
	}
}
