/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every process that maps the layout checks after a phase, parent and
 * children alike: each page still holds its content, and (after migration
 * or compaction) every mapping of a KSM content points to one frame.  The
 * page being read is published in `progress` before it is touched, so that
 * a reader stuck on a migration entry a walk missed can be named.
 */
#ifndef KSMBENCH_LAYOUT_VERIFY_H
#define KSMBENCH_LAYOUT_VERIFY_H

#include <stdbool.h>
#include <stdint.h>
#include "layout.h"

#define VERIFY_WHAT_MAX 96

struct verify_result {
	volatile unsigned long progress;	/* page being read + 1; 0 idle */
	unsigned long checked;
	unsigned long bad;
	long first_bad;				/* page, or -1 */
	char what[VERIFY_WHAT_MAX];
	unsigned long nr_frames;		/* entries of frame[] filled */
	/* Set by the caller and kept: 1 + a KSM content not to touch (a
	 * hardware-poisoned page would SIGBUS the reader); 0 for none. */
	unsigned long skip_content;
	uint64_t frame[];			/* per KSM content, or 0 */
};

/* Bytes a verify_result with room for the layout's KSM frames needs. */
size_t verify_result_size(const struct scenario *s);
/* Read back every page; with frames, also check one frame per content. */
void layout_verify(const struct layout *l, bool frames,
		   struct verify_result *r);
/*
 * Read one byte of every page (faulting it in), publishing progress like
 * layout_verify(); checks nothing: the verifiers do that afterwards.
 */
void layout_touch(const struct layout *l, struct verify_result *r);
/* Write one byte into a KSM page, so that the verifiers must notice. */
void layout_corrupt_one(const struct layout *l);
/* Break one KSM mapping without changing what it reads (a COW copy). */
void layout_unmerge_one(const struct layout *l);

#endif
