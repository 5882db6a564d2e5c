// SPDX-License-Identifier: GPL-2.0
/*
 * jit: one heap whose protections flip the way a JIT or a moving GC flips
 * them.  Regions of P pages alternate between data (rw-) and code (r-x);
 * in each round the whole heap is made writable (the VMAs merge back into
 * one), written, then the code regions are protected again (split into N
 * VMAs).  No page is unmapped: the N VMAs are adjacent, all on the one
 * anon_vma of the first fault, as in the production Java process behind
 * the upstream report (~20,000 VMAs on one anon_vma).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "layout.h"
#include "layout_math.h"
#include "options.h"

#define PROT_DATA	(PROT_READ | PROT_WRITE)
#define PROT_CODE	(PROT_READ | PROT_EXEC)

static const struct opt_desc jit_options[] = {
	UNIT_OPT_ULONG("jit_rounds", 1, 100, "3",
		       "jit: rounds of unprotect (VMAs merge), write, "
		       "protect (VMAs split) before merging"),
	{ 0 },
};

static int protect(char *p, size_t len, int prot,
		   char *err, size_t errlen)
{
	if (!mprotect(p, len, prot))
		return 0;
	snprintf(err, errlen, "mprotect(%s): %s", prot == PROT_CODE ?
		 "r-x" : "rw-", strerror(errno));
	return -1;
}

/* Every odd region becomes code: N VMAs, alternating. */
static int protect_code(struct layout *l, char *err, size_t errlen)
{
	size_t vlen = l->s->pages_per_vma * l->page_size;
	unsigned long v;

	for (v = 1; v < l->s->vmas; v += 2)
		if (protect(l->vma_start[v], vlen, PROT_CODE, err, errlen))
			return -1;
	return 0;
}

static int jit_build(struct layout *l, char *err, size_t errlen)
{
	const struct scenario *s = l->s;
	size_t vlen = s->pages_per_vma * l->page_size;
	unsigned long v, page, round, total = layout_total_pages(s);

	if (layout_reserve(l, total, err, errlen))
		return -1;
	for (v = 0; v < s->vmas; v++)
		l->vma_start[v] = l->reserve + v * vlen;
	for (page = 0; page < total; page++)
		layout_fill_page(l, page);
	if (madvise(l->reserve, l->reserve_len, MADV_MERGEABLE)) {
		snprintf(err, errlen, "madvise(MADV_MERGEABLE): %s",
			 strerror(errno));
		return -1;
	}
	for (round = 0; round < opt_ulong(s, "jit_rounds"); round++) {
		if (protect_code(l, err, errlen))
			return -1;
		/* The collector's turn: one writable heap again. */
		if (protect(l->reserve, l->reserve_len, PROT_DATA, err,
			    errlen))
			return -1;
		for (page = round % 2; page < total; page += 2)
			layout_fill_page(l, page);
	}
	return protect_code(l, err, errlen);
}

/* maps must show the regions alternating rw- and r-x. */
static int jit_check(const struct layout *l, char *err, size_t errlen)
{
	unsigned long start, end, lo = (unsigned long)l->reserve, seen = 0;
	unsigned long hi = lo + l->reserve_len;
	size_t vlen = l->s->pages_per_vma * l->page_size;
	char line[512], perms[8];
	FILE *f = fopen("/proc/self/maps", "r");
	int ret = 0;

	if (!f) {
		snprintf(err, errlen, "/proc/self/maps: %s", strerror(errno));
		return -1;
	}
	while (!ret && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx %7s", &start, &end, perms) != 3 ||
		    start < lo || end > hi)
			continue;
		if (strncmp(perms, (start - lo) / vlen % 2 ? "r-x" : "rw-",
			    3)) {
			snprintf(err, errlen, "jit: VMA at offset %lu pages "
				 "is %s", (start - lo) / l->page_size, perms);
			ret = -1;
		}
		seen++;
	}
	fclose(f);
	if (!ret && seen != l->s->vmas) {
		snprintf(err, errlen, "jit: %lu VMAs in the heap, expected "
			 "%lu", seen, l->s->vmas);
		ret = -1;
	}
	return ret;
}

const struct layout_ops layout_jit = {
	.name = "jit",
	.help = "one heap, regions flipped rw-/r-x by mprotect() in rounds "
		"(VMAs split and merge); adjacent VMAs, one anon_vma",
	.options = jit_options,
	.build = jit_build,
	.check = jit_check,
};
