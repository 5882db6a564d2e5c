/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A layout builds the address space a scenario asks for.  Each layout is one
 * file in workloads/layouts/ exposing one `struct layout_ops`; layout.c
 * lists them.  Whatever the
 * layout does, it leaves vma_start[] pointing at each VMA, so page addresses,
 * verification and teardown are the same code for every layout.
 */
#ifndef KSMBENCH_LAYOUT_H
#define KSMBENCH_LAYOUT_H

#include <stddef.h>
#include <stdint.h>
#include "scenario.h"

struct layout {
	const struct scenario *s;
	size_t page_size;
	uint64_t nonce;
	char **vma_start;	/* s->vmas entries, each pages_per_vma long */
	char *reserve;		/* the original mapping, holes included */
	size_t reserve_len;
};

struct opt_desc;

struct layout_ops {
	const char *name;
	const char *help;
	const struct opt_desc *options;	/* own keys; NULL-name end */
	/* Map, fill and split; the pages must be faulted before splitting. */
	int (*build)(struct layout *l, char *err, size_t errlen);
	/* Mappings per VMA at the build's peak (vm.max_map_count); 0 = 1. */
	unsigned int maps_per_vma;
};

extern const struct layout_ops layout_split;
extern const struct layout_ops layout_mremap;

const struct layout_ops *layout_find(const char *name);
/* The i-th layout of the table, NULL past the end. */
const struct layout_ops *layout_at(size_t i);
void layout_list(void (*fn)(const struct layout_ops *ops, void *arg),
		 void *arg);

int layout_create(struct layout *l, const struct scenario *s, uint64_t nonce,
		  char *err, size_t errlen);
void layout_destroy(struct layout *l);
/* Unmap everything but keep vma_start[]; async-signal-safe. */
void layout_unmap(struct layout *l);
char *layout_page_addr(const struct layout *l, unsigned long page);
/* Map and fill a fresh reservation for span_pages pages (build helpers). */
int layout_reserve(struct layout *l, size_t span_pages, char *err,
		   size_t errlen);
void layout_fill_page(const struct layout *l, unsigned long page);
/* VMAs of the layout found with exactly their expected bounds in maps. */
long layout_count_vmas(const struct layout *l, char *err, size_t errlen);

#endif
