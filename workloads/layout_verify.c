// SPDX-License-Identifier: GPL-2.0
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "layout_math.h"
#include "layout_verify.h"
#include "page_content.h"
#include "page_frames.h"


size_t verify_result_size(const struct scenario *s)
{
	return sizeof(struct verify_result) + s->ksm_pages * sizeof(uint64_t);
}

static void bad(struct verify_result *r, unsigned long page, const char *what)
{
	if (!r->bad++) {
		r->first_bad = page;
		snprintf(r->what, sizeof(r->what), "%s", what);
	}
}

static void check_frame(int pm, const struct layout *l, unsigned long page,
			struct verify_result *r)
{
	const struct scenario *s = l->s;
	unsigned long k = layout_page_content(s, page);
	uint64_t f = layout_page_frame(pm, l, page);

	if (!f) {
		bad(r, page, "KSM page not mapped after the phase");
		return;
	}
	if (!r->frame[k]) {
		r->frame[k] = f;
		return;
	}
	if (r->frame[k] != f)
		bad(r, page, "mapping points to another frame than its "
		    "content's KSM page");
}

void layout_verify(const struct layout *l, bool frames,
		   struct verify_result *r)
{
	const struct scenario *s = l->s;
	unsigned long i, total = layout_total_pages(s);
	int pm = -1;

	r->checked = r->bad = 0;
	r->first_bad = -1;
	r->what[0] = '\0';
	r->nr_frames = frames ? s->ksm_pages : 0;
	memset(r->frame, 0, s->ksm_pages * sizeof(r->frame[0]));
	if (frames) {
		pm = open("/proc/self/pagemap", O_RDONLY);
		if (pm < 0) {
			bad(r, 0, "cannot open /proc/self/pagemap");
			frames = false;
		}
	}
	for (i = 0; i < total; i++) {
		r->progress = i + 1;
		if (r->skip_content && layout_page_is_shared(s, i) &&
		    layout_page_content(s, i) + 1 == r->skip_content)
			continue;
		/* A changed page is one failure, not one per other mapping. */
		if (!page_content_check(layout_page_addr(l, i), l->page_size,
					layout_page_nonce(l, i),
					layout_page_content(s, i)))
			bad(r, i, "contents changed");
		else if (frames && layout_page_is_shared(s, i))
			check_frame(pm, l, i, r);
		r->checked++;
	}
	r->progress = 0;
	if (pm >= 0)
		close(pm);
}

void layout_touch(const struct layout *l, struct verify_result *r)
{
	unsigned long i, total = layout_total_pages(l->s);

	for (i = 0; i < total; i++) {
		r->progress = i + 1;
		(void)*(volatile const char *)layout_page_addr(l, i);
	}
	r->progress = 0;
}

void layout_corrupt_one(const struct layout *l)
{
	char *p = layout_page_addr(l, layout_ksm_representative(l->s, 0));

	p[l->page_size / 2] ^= 0x5a;
}

void layout_unmerge_one(const struct layout *l)
{
	volatile char *p = layout_page_addr(l,
				layout_ksm_representative(l->s, 0));

	/* Same byte back: a private copy with the same contents. */
	p[0] = p[0];
}
