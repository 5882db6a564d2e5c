// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fork_children.h"
#include "ksm_census.h"
#include "layout_math.h"

#define PM_PRESENT	(1ULL << 63)
#define PM_PFN_MASK	((1ULL << 55) - 1)
#define KPF_KSM		21

static int read_u64(int fd, uint64_t index, uint64_t *val)
{
	return pread(fd, val, sizeof(*val), index * sizeof(*val)) ==
	       sizeof(*val) ? 0 : -1;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static unsigned long count_distinct(uint64_t *v, unsigned long n)
{
	unsigned long i, d = 0;

	qsort(v, n, sizeof(*v), cmp_u64);
	for (i = 0; i < n; i++)
		if (!i || v[i] != v[i - 1])
			d++;
	return d;
}

/* Frame of a page, 0 when absent or not KSM. */
static uint64_t ksm_frame(int pm, int kf, const struct layout *l,
			  unsigned long page)
{
	uintptr_t va = (uintptr_t)layout_page_addr(l, page);
	uint64_t ent, flags;

	if (read_u64(pm, va / l->page_size, &ent) || !(ent & PM_PRESENT))
		return 0;
	ent &= PM_PFN_MASK;
	if (!ent || read_u64(kf, ent, &flags) || !(flags & (1ULL << KPF_KSM)))
		return 0;
	return ent;
}

int ksm_census_take(const struct layout *l, struct ksm_census *c, char *err,
		    size_t errlen)
{
	return ksm_census_pid(l, 0, c, NULL, err, errlen);
}

int ksm_census_pid(const struct layout *l, pid_t pid, struct ksm_census *c,
		   uint64_t *content_frame, char *err, size_t errlen)
{
	const struct scenario *s = l->s;
	unsigned long i, k, total = layout_total_pages(s);
	uint64_t *frames = NULL, *first = NULL, f;
	int pm, kf, ret = -1;
	char path[64];

	memset(c, 0, sizeof(*c));
	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/pagemap", (int)pid);
	else
		snprintf(path, sizeof(path), "/proc/self/pagemap");
	pm = open(path, O_RDONLY);
	kf = open("/proc/kpageflags", O_RDONLY);
	frames = calloc(total, sizeof(*frames));
	first = calloc(s->ksm_pages, sizeof(*first));
	if (pm < 0 || kf < 0 || !frames || !first) {
		snprintf(err, errlen, "per-process KSM census needs "
			 "/proc/self/pagemap and /proc/kpageflags: %s",
			 strerror(errno));
		goto out;
	}
	for (i = 0; i < total; i++) {
		f = ksm_frame(pm, kf, l, i);
		if (!f)
			continue;
		frames[c->ksm_mapped++] = f;
		if (!layout_page_is_shared(s, i))
			continue;
		k = layout_page_content(s, i);
		if (i == layout_ksm_representative(s, k))
			first[k] = f;
		else if (f != first[k])
			c->misplaced++;
	}
	c->ksm_frames = count_distinct(frames, c->ksm_mapped);
	if (content_frame)
		memcpy(content_frame, first, s->ksm_pages * sizeof(*first));
	ret = 0;
out:
	if (pm >= 0)
		close(pm);
	if (kf >= 0)
		close(kf);
	free(frames);
	free(first);
	return ret;
}

static bool census_ok(const struct ksm_census *c, const struct ksm_expect *e)
{
	return c->ksm_frames == e->pages_shared && !c->misplaced &&
	       c->ksm_mapped - c->ksm_frames == e->pages_sharing;
}

static int check_one(const struct layout *l, pid_t pid, unsigned long nr,
		     const struct ksm_expect *e, uint64_t *mine,
		     uint64_t *theirs, char *err, size_t errlen)
{
	struct ksm_census c;
	unsigned long k;

	if (ksm_census_pid(l, pid, &c, theirs, err, errlen))
		return -1;
	if (!census_ok(&c, e)) {
		snprintf(err, errlen, "process %lu of the layout (pid %d): %lu "
			 "KSM pages (expected %lu), %lu extra mappings "
			 "(expected %lu), %lu on another content's frame", nr,
			 (int)pid, c.ksm_frames, e->pages_shared,
			 c.ksm_mapped - c.ksm_frames, e->pages_sharing,
			 c.misplaced);
		return 1;
	}
	for (k = 0; k < l->s->ksm_pages; k++) {
		if (mine[k] == theirs[k])
			continue;
		snprintf(err, errlen, "process %lu of the layout (pid %d) maps "
			 "KSM content %lu from another frame than the parent",
			 nr, (int)pid, k);
		return 1;
	}
	return 0;
}

int ksm_census_procs(const struct layout *l, const struct ksm_expect *e,
		     char *err, size_t errlen)
{
	uint64_t *mine, *theirs;
	struct ksm_census c;
	unsigned long i;
	int ret = -1;

	if (!l->procs || !l->procs->nr)
		return 0;
	mine = calloc(l->s->ksm_pages, sizeof(*mine));
	theirs = calloc(l->s->ksm_pages, sizeof(*theirs));
	if (!mine || !theirs) {
		snprintf(err, errlen, "out of memory for the census");
		goto out;
	}
	ret = ksm_census_pid(l, 0, &c, mine, err, errlen);
	for (i = 0; !ret && i < l->procs->nr; i++)
		ret = check_one(l, l->procs->pids[i], i + 1, e, mine, theirs,
				err, errlen);
out:
	free(mine);
	free(theirs);
	return ret;
}
