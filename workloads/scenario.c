// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "layout.h"
#include "layout_math.h"
#include "scenario.h"

void scenario_defaults(struct scenario *s)
{
	memset(s, 0, sizeof(*s));
	strcpy(s->name, "custom");
	strcpy(s->layout, "split");
	/* Every driver; each runs where the machine can, else is a skip. */
	strcpy(s->drivers, "migrate,reclaim,compact,damon,offline");
	s->vmas = 1000;
	s->pages_per_vma = 1;
	s->ksm_pages = 16;
	s->sharing = 2;
	s->max_page_sharing = 256;
	s->reps = 5;
	s->min_reps = 3;
	s->merge_timeout = 300;
	s->verify_timeout = 120;
	strcpy(s->inject_fault, "none");
}

int scenario_validate(const struct scenario *s, char *err, size_t errlen)
{
	unsigned long total = layout_total_pages(s);
	const struct layout_ops *ops;
	unsigned long procs;

	if (s->ksm_pages * s->sharing > total) {
		snprintf(err, errlen, "%s: ksm_pages * sharing = %lu exceeds "
			 "the layout's %lu pages (vmas * pages_per_vma)",
			 s->name, s->ksm_pages * s->sharing, total);
		return -1;
	}
	/*
	 * Past max_page_sharing rmap_items KSM splits a page into chained
	 * duplicates; every process merging its own pages adds S items.
	 */
	procs = 1 + layout_nr_procs(s);
	if (s->sharing * procs > s->max_page_sharing) {
		snprintf(err, errlen, "%s: sharing %lu x %lu processes exceeds "
			 "max_page_sharing %lu; raise max_page_sharing",
			 s->name, s->sharing, procs, s->max_page_sharing);
		return -1;
	}
	ops = layout_find(s->layout);
	if (ops && ops->validate && ops->validate(s, err, errlen))
		return -1;
	return 0;
}
