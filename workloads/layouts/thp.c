// SPDX-License-Identifier: GPL-2.0
/*
 * thp: N VMAs of P pages, each a whole number of PMD-sized transparent
 * huge pages (madvise(MADV_HUGEPAGE), so `madvise` mode is enough).  The
 * VMAs are cut apart by unmapping aligned PMD-sized gaps, which frees
 * whole huge pages and splits none, and they keep the one anon_vma of the
 * first fault.  KSM must split each huge page before it can merge one of
 * its subpages: the merge pays for that, the walks then see small pages.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "layout.h"
#include "layout_math.h"

#define THP_SYSFS	"/sys/kernel/mm/transparent_hugepage/"
#define KPF_THP		22

static unsigned long thp_pages(void)
{
	unsigned long bytes = 0;
	FILE *f = fopen(THP_SYSFS "hpage_pmd_size", "r");

	if (f) {
		if (fscanf(f, "%lu", &bytes) != 1)
			bytes = 0;
		fclose(f);
	}
	return bytes / sysconf(_SC_PAGESIZE);
}

static int thp_unsupported(const struct scenario *s, char *why, size_t len)
{
	char mode[128] = "";
	FILE *f = fopen(THP_SYSFS "enabled", "r");

	(void)s;
	if (!f || !thp_pages()) {
		if (f)
			fclose(f);
		snprintf(why, len, "kernel has no transparent huge pages (%s)",
			 THP_SYSFS "enabled");
		return -1;
	}
	if (!fgets(mode, sizeof(mode), f))
		mode[0] = '\0';
	fclose(f);
	if (strstr(mode, "[never]")) {
		snprintf(why, len, "transparent huge pages are disabled "
			 "(enabled = never)");
		return -1;
	}
	return 0;
}

static int thp_validate(const struct scenario *s, char *err, size_t errlen)
{
	unsigned long h = thp_pages();

	if (!h || s->pages_per_vma % h == 0)
		return 0;
	snprintf(err, errlen, "%s: layout thp needs pages_per_vma to be a "
		 "multiple of %lu (one PMD-sized huge page)", s->name, h);
	return -1;
}

static int thp_build(struct layout *l, char *err, size_t errlen)
{
	const struct scenario *s = l->s;
	unsigned long h = thp_pages(), v, page;
	size_t hlen = h * l->page_size;
	size_t stride = (s->pages_per_vma + h) * l->page_size;
	char *base, *p;

	l->reserve_len = s->vmas * stride + hlen;
	p = mmap(NULL, l->reserve_len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		snprintf(err, errlen, "mmap of %zu bytes: %s", l->reserve_len,
			 strerror(errno));
		return -1;
	}
	l->reserve = p;
	base = (char *)(((uintptr_t)p + hlen - 1) & ~(uintptr_t)(hlen - 1));
	for (v = 0; v < s->vmas; v++)
		l->vma_start[v] = base + v * stride;
	/* The slack around the aligned span is no part of the layout. */
	if ((base > p && munmap(p, base - p)) ||
	    munmap(base + s->vmas * stride, p + l->reserve_len -
		   (base + s->vmas * stride))) {
		snprintf(err, errlen, "munmap of the alignment slack: %s",
			 strerror(errno));
		return -1;
	}
	if (madvise(base, s->vmas * stride, MADV_HUGEPAGE)) {
		snprintf(err, errlen, "madvise(MADV_HUGEPAGE): %s",
			 strerror(errno));
		return -1;
	}
	for (page = 0; page < layout_total_pages(s); page++)
		layout_fill_page(l, page);
	if (madvise(base, s->vmas * stride, MADV_MERGEABLE)) {
		snprintf(err, errlen, "madvise(MADV_MERGEABLE): %s",
			 strerror(errno));
		return -1;
	}
	/* Whole, aligned, never-touched huge-page gaps: nothing is split. */
	for (v = 0; v < s->vmas; v++)
		if (munmap(l->vma_start[v] + s->pages_per_vma * l->page_size,
			   hlen)) {
			snprintf(err, errlen, "munmap of gap %lu: %s", v,
				 strerror(errno));
			return -1;
		}
	return 0;
}

/* Pages of the layout backed by a huge page, from kpageflags. */
long layout_thp_backed(const struct layout *l, char *err, size_t errlen)
{
	unsigned long i, total = layout_total_pages(l->s);
	int pm = open("/proc/self/pagemap", O_RDONLY);
	int kf = open("/proc/kpageflags", O_RDONLY);
	uint64_t ent, flags;
	long n = -1;

	if (pm < 0 || kf < 0) {
		snprintf(err, errlen, "pagemap/kpageflags: %s",
			 strerror(errno));
		goto out;
	}
	for (n = 0, i = 0; i < total; i++) {
		uintptr_t va = (uintptr_t)layout_page_addr(l, i);

		if (pread(pm, &ent, 8, va / l->page_size * 8) != 8 ||
		    !(ent >> 63))
			continue;
		ent &= (1ULL << 55) - 1;
		if (pread(kf, &flags, 8, ent * 8) == 8 &&
		    (flags & (1ULL << KPF_THP)))
			n++;
	}
out:
	if (pm >= 0)
		close(pm);
	if (kf >= 0)
		close(kf);
	return n;
}

static int thp_check(const struct layout *l, char *err, size_t errlen)
{
	long n = layout_thp_backed(l, err, errlen);

	if (n < 0)
		return -1;
	if (n > 0)
		return 0;
	snprintf(err, errlen, "thp: none of the %lu pages is backed by a "
		 "huge page (memory too fragmented, or THP defrag off)",
		 layout_total_pages(l->s));
	return -1;
}

const struct layout_ops layout_thp = {
	.name = "thp",
	.help = "N VMAs of whole PMD-sized transparent huge pages "
		"(pages_per_vma a multiple of 512 on x86) that KSM must split",
	.build = thp_build,
	.unsupported = thp_unsupported,
	.validate = thp_validate,
	.check = thp_check,
};
