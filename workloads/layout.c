// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fork_children.h"
#include "layout.h"
#include "layout_math.h"
#include "page_content.h"

static const struct layout_ops *const layouts[] = {
	&layout_split,
	&layout_mremap,
	&layout_fork_before,
	&layout_procs,
	&layout_holes,
	&layout_jit,
	&layout_thp,
};

/* What the keys every layout accepts mean, whatever the layout. */
static const char *const common_keys[][2] = {
	{ "vmas", "N: VMAs of the layout in each of its processes" },
	{ "pages_per_vma", "P: pages in each VMA" },
	{ "ksm_pages", "K: KSM pages the shared contents merge into" },
	{ "sharing", "S: pages per KSM page in each process that builds its "
		     "own copy (rmap_items: S x those processes)" },
	{ "forks", "F: children forked from the first process after merging "
		   "(no rmap_items; found by the walk's search_new_forks pass)" },
};

void layout_common_keys(void (*fn)(const char *name, const char *help,
				   void *arg), void *arg)
{
	size_t i;

	for (i = 0; i < sizeof(common_keys) / sizeof(common_keys[0]); i++)
		fn(common_keys[i][0], common_keys[i][1], arg);
}

const struct layout_ops *layout_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++)
		if (!strcmp(layouts[i]->name, name))
			return layouts[i];
	return NULL;
}

const struct layout_ops *layout_at(size_t i)
{
	return i < sizeof(layouts) / sizeof(layouts[0]) ? layouts[i] : NULL;
}

void layout_list(void (*fn)(const struct layout_ops *ops, void *arg),
		 void *arg)
{
	size_t i;

	for (i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++)
		fn(layouts[i], arg);
}

char *layout_page_addr(const struct layout *l, unsigned long page)
{
	unsigned long ppv = l->s->pages_per_vma;

	return l->vma_start[page / ppv] + (page % ppv) * l->page_size;
}

uint64_t layout_page_nonce(const struct layout *l, unsigned long page)
{
	if (layout_page_is_shared(l->s, page))
		return l->nonce;
	return l->nonce ^ l->unique_salt;
}

void layout_fill_page(const struct layout *l, unsigned long page)
{
	page_content_fill(layout_page_addr(l, page), l->page_size,
			  layout_page_nonce(l, page),
			  layout_page_content(l->s, page));
}

int layout_reserve(struct layout *l, size_t span_pages, char *err,
		   size_t errlen)
{
	size_t len = span_pages * l->page_size;
	void *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		snprintf(err, errlen, "mmap of %zu bytes: %s", len,
			 strerror(errno));
		return -1;
	}
	/* A THP would be split by KSM and by our own munmap: keep it out. */
	madvise(p, len, MADV_NOHUGEPAGE);
	l->reserve = p;
	l->reserve_len = len;
	return 0;
}

int layout_create(struct layout *l, const struct scenario *s, uint64_t nonce,
		  char *err, size_t errlen)
{
	const struct layout_ops *ops = layout_find(s->layout);

	memset(l, 0, sizeof(*l));
	if (!ops) {
		snprintf(err, errlen, "unknown layout '%s'", s->layout);
		return -1;
	}
	l->s = s;
	l->nonce = nonce;
	l->page_size = sysconf(_SC_PAGESIZE);
	l->vma_start = calloc(s->vmas, sizeof(*l->vma_start));
	if (!l->vma_start) {
		snprintf(err, errlen, "out of memory for %lu VMAs", s->vmas);
		return -1;
	}
	if (ops->build(l, err, errlen)) {
		layout_destroy(l);
		return -1;
	}
	return 0;
}

int layout_unsupported(const struct scenario *s, char *why, size_t len)
{
	const struct layout_ops *ops = layout_find(s->layout);

	return ops && ops->unsupported ? ops->unsupported(s, why, len) : 0;
}

unsigned long layout_nr_procs(const struct scenario *s)
{
	const struct layout_ops *ops = layout_find(s->layout);

	return ops && ops->nr_procs ? ops->nr_procs(s) : 0;
}

void layout_unmap(struct layout *l)
{
	size_t len;
	unsigned long i;

	if (l->procs)
		children_kill(l->procs);
	if (!l->vma_start)
		return;
	len = l->s->pages_per_vma * l->page_size;
	for (i = 0; i < l->s->vmas; i++)
		if (l->vma_start[i])
			munmap(l->vma_start[i], len);
	if (l->reserve)
		munmap(l->reserve, l->reserve_len);
	l->reserve = NULL;
}

void layout_destroy(struct layout *l)
{
	if (l->procs) {
		children_release(l->procs);
		free(l->procs);
		l->procs = NULL;
	}
	layout_unmap(l);
	free(l->vma_start);
	l->vma_start = NULL;
}

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;

	return x < y ? -1 : x > y;
}

long layout_count_vmas(const struct layout *l, char *err, size_t errlen)
{
	return layout_count_vmas_pid(l, 0, err, errlen);
}

long layout_count_vmas_pid(const struct layout *l, pid_t pid, char *err,
			   size_t errlen)
{
	size_t vlen = l->s->pages_per_vma * l->page_size;
	uintptr_t *starts, start, end;
	unsigned long n = l->s->vmas;
	long found = -1;
	char line[512], path[64];
	FILE *f;

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	else
		snprintf(path, sizeof(path), "/proc/self/maps");
	starts = malloc(n * sizeof(*starts));
	f = fopen(path, "r");
	if (!starts || !f) {
		snprintf(err, errlen, "reading %s: %s", path,
			 strerror(errno));
		goto out;
	}
	memcpy(starts, l->vma_start, n * sizeof(*starts));
	qsort(starts, n, sizeof(*starts), cmp_ptr);
	found = 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx", &start, &end) != 2)
			continue;
		if (end - start == vlen &&
		    bsearch(&start, starts, n, sizeof(*starts), cmp_ptr))
			found++;
	}
out:
	if (f)
		fclose(f);
	free(starts);
	return found;
}

int layout_check_shape(const struct layout *l, char *err, size_t errlen)
{
	const struct layout_ops *ops = layout_find(l->s->layout);
	unsigned long i;
	long n;

	n = layout_count_vmas(l, err, errlen);
	if (n != (long)l->s->vmas) {
		if (n >= 0)
			snprintf(err, errlen, "layout has %ld of its %lu VMAs "
				 "in /proc/self/maps", n, l->s->vmas);
		return -1;
	}
	for (i = 0; l->procs && i < l->procs->nr; i++) {
		n = layout_count_vmas_pid(l, l->procs->pids[i], err, errlen);
		if (n == (long)l->s->vmas)
			continue;
		if (n >= 0)
			snprintf(err, errlen, "process %lu of the layout (pid "
				 "%d) has %ld of its %lu VMAs in its maps",
				 i + 1, (int)l->procs->pids[i], n,
				 l->s->vmas);
		return -1;
	}
	return ops && ops->check ? ops->check(l, err, errlen) : 0;
}
