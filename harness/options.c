// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <stdbool.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "collector.h"
#include "driver.h"
#include "layout.h"
#include "options.h"

#define FIELD(f) .offset = offsetof(struct scenario, f), \
		 .size = sizeof(((struct scenario *)0)->f)
#define NUM(f, lo, hi, text) { .name = #f, .type = OPT_ULONG, FIELD(f), \
			       .min = (lo), .max = (hi), .help = (text) }
#define STR(f, t, check, text) { .name = #f, .type = (t), FIELD(f), \
				 .verify = (check), .help = (text) }

static int verify_layout(const char *name)
{
	return layout_find(name) ? 0 : -1;
}

static int verify_driver(const char *name)
{
	return driver_find(name) ? 0 : -1;
}

static int verify_fault(const char *name)
{
	static const char *const faults[] = {
		"none", "corrupt_child", "corrupt_parent", "unmerge_one",
		NULL,
	};
	int i;

	for (i = 0; faults[i]; i++)
		if (!strcmp(faults[i], name))
			return 0;
	return -1;
}

static bool driver_known(const char *name)
{
	return driver_find(name);
}

static int check_driver_reps(const char *value, char *err, size_t errlen)
{
	return scenario_driver_reps_check(value, 10000, driver_known, err,
					  errlen);
}

static const struct opt_desc options[] = {
	STR(description, OPT_TEXT, NULL, "what the scenario models"),
	STR(layout, OPT_NAME, verify_layout,
	    "how the address space is built (see `ksmbench list`)"),
	STR(drivers, OPT_LIST, verify_driver,
	    "comma-separated drivers that trigger the rmap walks"),
	NUM(vmas, 1, 60000, "N: VMAs of the layout in each of its processes"),
	NUM(pages_per_vma, 1, 262144, "P: pages in each VMA"),
	NUM(ksm_pages, 1, 1UL << 20, "K: KSM pages the sharing pages merge into"),
	NUM(sharing, 2, 1UL << 20,
	    "S: pages merged into each KSM page (the rest stay unique)"),
	NUM(forks, 0, 256,
	    "F: children forked after merging (tree holds (F+1)*N VMAs)"),
	NUM(max_page_sharing, 2, 1UL << 20,
	    "KSM max_page_sharing knob during the scenario (>= sharing)"),
	NUM(reps, 1, 10000, "R: repetitions of each driver (the maximum when "
	    "target_ci_pct is set)"),
	{ .name = "driver_reps", .type = OPT_TEXT, FIELD(driver_reps),
	  .check_text = check_driver_reps,
	  .help = "repetitions of some drivers instead of reps: "
		  "DRIVER=N[,DRIVER=N...], e.g. reclaim=3,damon=3" },
	NUM(target_ci_pct, 0, 100,
	    "stop repeating once the 95% interval of the median driver time "
	    "is within this % of the median (0: exactly reps)"),
	NUM(min_reps, 1, 10000,
	    "repetitions before target_ci_pct or rep_time_cap may stop"),
	NUM(rep_time_cap, 0, 604800,
	    "seconds after which a driver stops repeating (0: no cap)"),
	NUM(merge_timeout, 1, 86400,
	    "seconds to wait for KSM to merge before failing"),
	NUM(verify_timeout, 1, 86400,
	    "seconds one process may take to read back its pages before it "
	    "counts as hung"),
	STR(sweep, OPT_TEXT, NULL,
	    "run one point per value of a key: KEY=FROM..TO*FACTOR or "
	    "KEY=FROM..TO+STEP, KEY one of vmas, forks, sharing, ksm_pages; "
	    "points are named NAME@KEY=VALUE"),
	STR(inject_fault, OPT_NAME, verify_fault,
	    "test mode: corrupt_child or corrupt_parent changes one mapped "
	    "page behind the suite's back, unmerge_one breaks one KSM "
	    "mapping after rep 1 (the run must fail); none"),
};
#define NR_OPTIONS (sizeof(options) / sizeof(options[0]))

/*
 * Every option row in one order: the core table, then each driver's rows,
 * then each layout's, then each collector's.  fn returns nonzero to stop.
 */
static const struct opt_desc *opt_walk(int (*fn)(const struct opt_desc *o,
						 void *arg), void *arg)
{
	const struct layout_ops *l;
	const struct collector *c;
	const struct driver *d;
	const struct opt_desc *o;
	size_t i;

	for (i = 0; i < NR_OPTIONS; i++)
		if (fn(&options[i], arg))
			return &options[i];
	for (i = 0; (d = driver_at(i)); i++)
		for (o = d->options; o && o->name; o++)
			if (fn(o, arg))
				return o;
	for (i = 0; (l = layout_at(i)); i++)
		for (o = l->options; o && o->name; o++)
			if (fn(o, arg))
				return o;
	for (i = 0; (c = collector_at(i)); i++)
		for (o = c->options; o && o->name; o++)
			if (fn(o, arg))
				return o;
	return NULL;
}

static int name_is(const struct opt_desc *o, void *arg)
{
	return !strcmp(o->name, arg);
}

const struct opt_desc *opt_find(const char *name)
{
	return opt_walk(name_is, (void *)name);
}

static bool is_unit_row(const struct opt_desc *o)
{
	return o < options || o >= options + NR_OPTIONS;
}

static const char *uopt_value(const struct scenario *s,
			      const struct opt_desc *o)
{
	int i;

	for (i = 0; i < s->nr_uopt; i++)
		if (!strcmp(s->uopt[i].name, o->name))
			return s->uopt[i].val;
	return o->def ? o->def : "";
}

static int uopt_store(struct scenario *s, const struct opt_desc *o,
		      const char *value, char *err, size_t errlen)
{
	int i;

	for (i = 0; i < s->nr_uopt; i++)
		if (!strcmp(s->uopt[i].name, o->name))
			break;
	if (i == SCENARIO_UOPT_MAX) {
		snprintf(err, errlen, "%s: too many driver and layout "
			 "options in one scenario", o->name);
		return -1;
	}
	s->uopt[i].name = o->name;
	snprintf(s->uopt[i].val, sizeof(s->uopt[i].val), "%s", value);
	if (i == s->nr_uopt)
		s->nr_uopt++;
	return 0;
}

unsigned long opt_ulong(const struct scenario *s, const char *name)
{
	const struct opt_desc *o = opt_find(name);

	return o ? strtoul(uopt_value(s, o), NULL, 10) : 0;
}

const char *opt_text(const struct scenario *s, const char *name)
{
	const struct opt_desc *o = opt_find(name);

	return o ? uopt_value(s, o) : "";
}

static int parse_ulong(const struct opt_desc *o, const char *value,
		       unsigned long *out, char *err, size_t errlen)
{
	char *end;

	errno = 0;
	if (!isdigit((unsigned char)value[0]))
		goto bad;
	*out = strtoul(value, &end, 10);
	if (errno || *end)
		goto bad;
	if (*out < o->min || *out > o->max) {
		snprintf(err, errlen, "%s: %lu is out of range [%lu, %lu]",
			 o->name, *out, o->min, o->max);
		return -1;
	}
	return 0;
bad:
	snprintf(err, errlen, "%s: '%s' is not a whole number", o->name,
		 value);
	return -1;
}

static int check_name(const struct opt_desc *o, const char *name, size_t len,
		      char *err, size_t errlen)
{
	char buf[64];
	size_t i;

	if (!len || len >= sizeof(buf))
		goto bad;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)name[i]) && name[i] != '_' &&
		    name[i] != '-')
			goto bad;
	memcpy(buf, name, len);
	buf[len] = '\0';
	if (o->verify && o->verify(buf)) {
		snprintf(err, errlen, "%s: unknown name '%s' (see `ksmbench "
			 "list`)", o->name, buf);
		return -1;
	}
	return 0;
bad:
	snprintf(err, errlen, "%s: '%.*s' is not a valid name", o->name,
		 (int)len, name);
	return -1;
}

static int parse_text(const struct opt_desc *o, const char *value, char *err,
		      size_t errlen)
{
	const char *p = value, *comma;

	if (strlen(value) >= o->size) {
		snprintf(err, errlen, "%s: value longer than %zu characters",
			 o->name, o->size - 1);
		return -1;
	}
	if (o->type == OPT_TEXT)
		return o->check_text ? o->check_text(value, err, errlen) : 0;
	if (o->type == OPT_NAME)
		return check_name(o, value, strlen(value), err, errlen);
	for (;;) {
		comma = strchr(p, ',');
		if (check_name(o, p, comma ? (size_t)(comma - p) : strlen(p),
			       err, errlen))
			return -1;
		if (!comma)
			return 0;
		p = comma + 1;
	}
}

int opt_set(struct scenario *s, const char *name, const char *value,
	    char *err, size_t errlen)
{
	const struct opt_desc *o = opt_find(name);
	unsigned long v;

	if (!o) {
		snprintf(err, errlen, "unknown option '%s'", name);
		return -1;
	}
	if (o->type == OPT_ULONG) {
		if (parse_ulong(o, value, &v, err, errlen))
			return -1;
		if (is_unit_row(o))
			return uopt_store(s, o, value, err, errlen);
		*(unsigned long *)((char *)s + o->offset) = v;
		return 0;
	}
	if (parse_text(o, value, err, errlen))
		return -1;
	if (is_unit_row(o))
		return uopt_store(s, o, value, err, errlen);
	strcpy((char *)s + o->offset, value);
	return 0;
}

static int print_row(const struct opt_desc *o, void *arg)
{
	FILE *f = arg;

	fprintf(f, "  --%-18s %s", o->name, o->help);
	if (o->type == OPT_ULONG)
		fprintf(f, " [%lu..%lu]", o->min, o->max);
	if (o->owner)
		fprintf(f, " (%s%s%s)", o->owner, o->def ? ", default " : "",
			o->def ? o->def : "");
	fputc('\n', f);
	return 0;
}

void opt_print_help(FILE *f)
{
	opt_walk(print_row, f);
}

struct foreach_arg {
	const struct scenario *s;
	void (*fn)(const struct opt_desc *o, const char *val, void *arg);
	void *arg;
};

static int value_row(const struct opt_desc *o, void *arg)
{
	struct foreach_arg *a = arg;
	const char *field = (const char *)a->s + o->offset;
	char buf[32];

	if (is_unit_row(o)) {
		a->fn(o, uopt_value(a->s, o), a->arg);
	} else if (o->type == OPT_ULONG) {
		snprintf(buf, sizeof(buf), "%lu",
			 *(const unsigned long *)field);
		a->fn(o, buf, a->arg);
	} else {
		a->fn(o, field, a->arg);
	}
	return 0;
}

void opt_foreach_value(const struct scenario *s,
		       void (*fn)(const struct opt_desc *o, const char *val,
				  void *arg), void *arg)
{
	struct foreach_arg a = { .s = s, .fn = fn, .arg = arg };

	opt_walk(value_row, &a);
}
