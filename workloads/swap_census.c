// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "layout_math.h"
#include "swap_census.h"

#define PM_PRESENT	(1ULL << 63)
#define PM_SWAP		(1ULL << 62)
#define PM_PFN_MASK	((1ULL << 55) - 1)
#define KPF_KSM		21
/* pagemap entries read at once: 512 KiB of buffer. */
#define WINDOW		65536UL

struct window {
	int fd;
	uint64_t first;		/* virtual page number of buf[0] */
	unsigned long nr;	/* valid entries */
	uint64_t buf[WINDOW];
};

int swap_census_init(struct swap_census *c, const struct scenario *s)
{
	memset(c, 0, sizeof(*c));
	c->nr_contents = s->ksm_pages;
	c->nr_swapped = calloc(s->ksm_pages, sizeof(unsigned long));
	c->nr_resident = calloc(s->ksm_pages, sizeof(unsigned long));
	c->nr_seen = calloc(s->ksm_pages, sizeof(unsigned long));
	if (c->nr_swapped && c->nr_resident && c->nr_seen)
		return 0;
	swap_census_free(c);
	return -1;
}

/* Pages ascend in address, so one forward window serves the whole walk. */
static int entry_at(struct window *w, uint64_t vpn, uint64_t *ent)
{
	ssize_t n;

	if (w->nr && vpn >= w->first && vpn < w->first + w->nr) {
		*ent = w->buf[vpn - w->first];
		return 0;
	}
	n = pread(w->fd, w->buf, sizeof(w->buf), vpn * sizeof(uint64_t));
	if (n < (ssize_t)sizeof(uint64_t))
		return -1;
	w->first = vpn;
	w->nr = n / sizeof(uint64_t);
	*ent = w->buf[0];
	return 0;
}

static bool frame_is_ksm(int kf, uint64_t pfn)
{
	uint64_t flags;

	return pread(kf, &flags, sizeof(flags), pfn * sizeof(flags)) ==
	       sizeof(flags) && (flags & (1ULL << KPF_KSM));
}

static void classify(struct swap_census *c, unsigned long k, uint64_t ent,
		     int kf)
{
	c->mappings++;
	c->nr_seen[k]++;
	if (ent & PM_PRESENT) {
		c->resident++;
		c->nr_resident[k]++;
		if (kf >= 0 && (ent & PM_PFN_MASK) &&
		    frame_is_ksm(kf, ent & PM_PFN_MASK))
			c->resident_ksm++;
	} else if (ent & PM_SWAP) {
		c->swapped++;
		c->nr_swapped[k]++;
	} else {
		c->absent++;
	}
}

int swap_census_add(struct swap_census *c, const struct layout *l, pid_t pid,
		    bool ksm_flags, char *err, size_t errlen)
{
	const struct scenario *s = l->s;
	unsigned long i, shared = layout_shared_pages(s);
	struct window *w;
	char path[64];
	int kf = -1, ret = -1;
	uint64_t ent;

	w = malloc(sizeof(*w));
	if (!w) {
		snprintf(err, errlen, "out of memory for the pagemap window");
		return -1;
	}
	w->nr = 0;
	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/pagemap", (int)pid);
	else
		snprintf(path, sizeof(path), "/proc/self/pagemap");
	w->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (ksm_flags)
		kf = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);
	if (w->fd < 0 || (ksm_flags && kf < 0)) {
		snprintf(err, errlen, "%s: %s", w->fd < 0 ? path :
			 "/proc/kpageflags", strerror(errno));
		goto out;
	}
	for (i = 0; i < shared; i++) {
		uintptr_t va = (uintptr_t)layout_page_addr(l, i);

		if (entry_at(w, va / l->page_size, &ent)) {
			snprintf(err, errlen, "%s: cannot read the entry of "
				 "page %lu: %s", path, i, strerror(errno));
			goto out;
		}
		classify(c, layout_page_content(s, i), ent, kf);
	}
	ret = 0;
out:
	if (w->fd >= 0)
		close(w->fd);
	if (kf >= 0)
		close(kf);
	free(w);
	return ret;
}

bool swap_census_content_swapped(const struct swap_census *c, unsigned long k)
{
	return c->nr_seen[k] && c->nr_swapped[k] == c->nr_seen[k];
}

bool swap_census_content_resident(const struct swap_census *c,
				  unsigned long k)
{
	return c->nr_seen[k] && c->nr_resident[k] == c->nr_seen[k];
}

void swap_census_finish(struct swap_census *c)
{
	unsigned long k;

	c->contents_swapped = c->contents_resident = 0;
	for (k = 0; k < c->nr_contents; k++) {
		c->contents_swapped += swap_census_content_swapped(c, k);
		c->contents_resident += swap_census_content_resident(c, k);
	}
}

void swap_census_free(struct swap_census *c)
{
	free(c->nr_swapped);
	free(c->nr_resident);
	free(c->nr_seen);
	c->nr_swapped = c->nr_resident = c->nr_seen = NULL;
}
