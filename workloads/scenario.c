// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
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

/*
 * One "DRIVER=N" entry of driver_reps starting at p: the name's length and N.
 * Returns the entry's end (its comma or NUL), or NULL when it is malformed.
 */
static const char *reps_entry(const char *p, size_t *name_len,
			      unsigned long *n)
{
	const char *eq = strchr(p, '=');
	char *end;

	if (!eq || eq == p || memchr(p, ',', eq - p) ||
	    !isdigit((unsigned char)eq[1]))
		return NULL;
	errno = 0;
	*n = strtoul(eq + 1, &end, 10);
	if (errno || (*end && *end != ','))
		return NULL;
	*name_len = eq - p;
	return end;
}

unsigned long scenario_reps_for(const struct scenario *s, const char *driver)
{
	const char *p = s->driver_reps;
	unsigned long n;
	size_t len;

	while (*p) {
		const char *end = reps_entry(p, &len, &n);

		if (!end)
			break;
		if (len == strlen(driver) && !strncmp(p, driver, len))
			return n;
		p = *end ? end + 1 : end;
	}
	return s->reps;
}

int scenario_driver_reps_check(const char *value, unsigned long max,
			       bool (*known)(const char *name), char *err,
			       size_t errlen)
{
	const char *p = value;
	char name[SCENARIO_NAME_MAX];
	unsigned long n;
	size_t len;

	while (*p) {
		const char *end = reps_entry(p, &len, &n);

		if (!end) {
			snprintf(err, errlen, "driver_reps: '%s' is not "
				 "DRIVER=N[,DRIVER=N...]", value);
			return -1;
		}
		if (len >= sizeof(name))
			len = sizeof(name) - 1;
		memcpy(name, p, len);
		name[len] = '\0';
		if (!known(name)) {
			snprintf(err, errlen, "driver_reps: unknown driver "
				 "'%s' (see `ksmbench list`)", name);
			return -1;
		}
		if (n < 1 || n > max) {
			snprintf(err, errlen, "driver_reps: %s=%lu is out of "
				 "range [1, %lu]", name, n, max);
			return -1;
		}
		if (!*end)
			return 0;
		p = end + 1;
		if (!*p) {
			snprintf(err, errlen, "driver_reps: '%s' ends with a "
				 "comma", value);
			return -1;
		}
	}
	return 0;
}
