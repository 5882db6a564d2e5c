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
#include <stdio.h>
#include <sys/types.h>
#include "scenario.h"

struct children;

struct layout {
	const struct scenario *s;
	size_t page_size;
	uint64_t nonce;
	char **vma_start;	/* s->vmas entries, each pages_per_vma long */
	char *reserve;		/* the original mapping, holes included */
	size_t reserve_len;
	/*
	 * Processes the layout itself created that map it at the same
	 * addresses (fork_before, procs); NULL for one-process layouts.  They
	 * are verification agents (child_agent.h) and are counted, census
	 * and read-back, like the parent.
	 */
	struct children *procs;
	/*
	 * Mixed into the nonce of the unique (non-shared) pages only: a
	 * process that builds its own copy sets its own, so that its unique
	 * pages do not merge with another process's.  0 in one process.
	 */
	uint64_t unique_salt;
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
	/* Optional: why this machine cannot build it (a skip), else 0. */
	int (*unsupported)(const struct scenario *s, char *why, size_t len);
	/* Optional: cross-key checks of its own keys (bad usage), else 0. */
	int (*validate)(const struct scenario *s, char *err, size_t errlen);
	/* Optional: processes it creates besides the caller (default 0). */
	unsigned long (*nr_procs)(const struct scenario *s);
	/* Optional: bytes it needs (default layout_memory_estimate()). */
	unsigned long long (*memory)(const struct scenario *s,
				     unsigned long page_size);
	/*
	 * Optional: check, before merging, what /proc shows of the shape
	 * beyond the VMA bounds (frames shared or not, huge pages); 0 if it
	 * is what the layout promises.
	 */
	int (*check)(const struct layout *l, char *err, size_t errlen);
};

extern const struct layout_ops layout_split;
extern const struct layout_ops layout_mremap;
extern const struct layout_ops layout_fork_before;
extern const struct layout_ops layout_procs;
extern const struct layout_ops layout_holes;
extern const struct layout_ops layout_jit;
extern const struct layout_ops layout_thp;

const struct layout_ops *layout_find(const char *name);
/* The keys every layout accepts, with their meaning (ksmbench list). */
void layout_common_keys(void (*fn)(const char *name, const char *help,
				   void *arg), void *arg);
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
/* The nonce page's content derives from (see unique_salt). */
uint64_t layout_page_nonce(const struct layout *l, unsigned long page);
/* VMAs of the layout found with exactly their expected bounds in maps. */
long layout_count_vmas(const struct layout *l, char *err, size_t errlen);
/* The same in /proc/PID/maps of another process mapping the layout. */
long layout_count_vmas_pid(const struct layout *l, pid_t pid, char *err,
			   size_t errlen);
/*
 * Every process of the layout (the caller and l->procs) has its N VMAs in
 * its maps, and the layout's own check() agrees; err names what is not.
 */
int layout_check_shape(const struct layout *l, char *err, size_t errlen);
/* The layout's unsupported() hook: nonzero with why when it must skip. */
int layout_unsupported(const struct scenario *s, char *why, size_t len);
/*
 * Of the pages present and not KSM in both this process and pid
 * (*private_pages), those on the same frame (*shared; root sees frames).
 * Before merging, a child forked from the filled layout shares all of them
 * (copy-on-write); a process that faulted its own pages shares none.
 */
int layout_frames_shared(const struct layout *l, pid_t pid, long *shared,
			 long *private_pages, char *err, size_t errlen);
/* Pages of the layout backed by a transparent huge page (kpageflags). */
long layout_thp_backed(const struct layout *l, char *err, size_t errlen);
/* Processes mapping the layout besides the caller, before any fork. */
unsigned long layout_nr_procs(const struct scenario *s);
/* The cut shared by split and its variants: fill, mark mergeable, cut. */
int layout_split_shape(struct layout *l, char *err, size_t errlen);

#endif
