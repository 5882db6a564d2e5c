// SPDX-License-Identifier: GPL-2.0
/* Layout arithmetic: page contents, representatives, expected KSM counts. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "layout_math.h"
#include "page_content.h"

CHECK_DEFINE_STATE;

static struct scenario make(unsigned long n, unsigned long p,
			    unsigned long k, unsigned long s)
{
	struct scenario sc;

	scenario_defaults(&sc);
	sc.vmas = n;
	sc.pages_per_vma = p;
	sc.ksm_pages = k;
	sc.sharing = s;
	return sc;
}

/* Count by brute force what the closed forms claim. */
static void test_contents(const char *name, struct scenario sc)
{
	unsigned long total = layout_total_pages(&sc), i, bad = 0, unique = 0;
	unsigned long *seen = calloc(sc.ksm_pages, sizeof(*seen));
	struct ksm_expect e;
	char label[128];

	for (i = 0; i < total; i++) {
		unsigned long c = layout_page_content(&sc, i);

		if (layout_page_is_shared(&sc, i) != (c < sc.ksm_pages))
			bad++;
		if (c < sc.ksm_pages)
			seen[c]++;
		else if (c != sc.ksm_pages + unique++)
			bad++;
	}
	for (i = 0; i < sc.ksm_pages; i++) {
		if (seen[i] != sc.sharing)
			bad++;
		if (layout_page_content(&sc, layout_ksm_representative(&sc, i))
		    != i)
			bad++;
	}
	layout_expect(&sc, &e);
	snprintf(label, sizeof(label), "%s: every KSM content on S pages, "
		 "unique pages distinct", name);
	CHECK(label, !bad, "%lu mismatches", bad);
	snprintf(label, sizeof(label), "%s: expected counters", name);
	CHECK(label, e.pages_shared == sc.ksm_pages &&
	      e.pages_sharing == sc.ksm_pages * (sc.sharing - 1) &&
	      e.merging_pages == sc.ksm_pages * sc.sharing &&
	      e.unique_pages == unique, "shared %lu sharing %lu merging %lu "
	      "unique %lu/%lu", e.pages_shared, e.pages_sharing,
	      e.merging_pages, e.unique_pages, unique);
	free(seen);
}

static void test_memory(void)
{
	struct scenario a = make(8000, 1, 16, 500), b = a;
	unsigned long long ma, mb;

	b.forks = 3;
	ma = layout_memory_estimate(&a, 4096);
	mb = layout_memory_estimate(&b, 4096);
	CHECK("memory estimate covers the data pages",
	      ma >= 8000ULL * 4096, "%llu", ma);
	CHECK("memory estimate grows with forks", mb > ma, "%llu <= %llu",
	      mb, ma);
}

static void test_page_content(void)
{
	char a[4096], b[4096];

	page_content_fill(a, sizeof(a), 42, 7);
	page_content_fill(b, sizeof(b), 42, 7);
	CHECK("same content id gives identical pages", !memcmp(a, b, 4096),
	      "differ");
	CHECK("page checks against its own id",
	      page_content_check(a, sizeof(a), 42, 7), "mismatch");
	CHECK("page fails against another id",
	      !page_content_check(a, sizeof(a), 42, 8), "matched");
	CHECK("page fails against another nonce",
	      !page_content_check(a, sizeof(a), 43, 7), "matched");
	a[4095] ^= 1;
	CHECK("one flipped bit is caught",
	      !page_content_check(a, sizeof(a), 42, 7), "matched");
}

int main(void)
{
	test_contents("nv8000", make(8000, 1, 16, 500));
	test_contents("multi-page with unique", make(10, 7, 3, 11));
	test_contents("all distinct but one pair", make(4, 4, 1, 2));
	test_memory();
	test_page_content();
	return CHECK_EXIT();
}
