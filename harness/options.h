/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One table of scenario options, used by the command line (--name VALUE)
 * and by the scenario file (name = value), so both validate the same way.
 * Drivers and layouts add rows of their own in their own files; the
 * values of those rows live in the scenario's uopt[] as checked text.
 */
#ifndef KSMBENCH_OPTIONS_H
#define KSMBENCH_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "scenario.h"

enum opt_type {
	OPT_ULONG,
	OPT_TEXT,	/* free text */
	OPT_NAME,	/* [a-z0-9_-]+, checked against a list by verify */
	OPT_LIST,	/* comma-separated names, each checked by verify */
};

struct opt_desc {
	const char *name;
	enum opt_type type;
	size_t offset;			/* core rows: field of struct scenario */
	size_t size;			/* for text types */
	unsigned long min, max;		/* for OPT_ULONG */
	const char *help;
	/* Extra check of one name; returns 0 if known. */
	int (*verify)(const char *name);
	/* OPT_TEXT rows: check the whole value; 0 if good, else err set. */
	int (*check_text)(const char *value, char *err, size_t errlen);
	const char *def;		/* unit rows: the value when unset */
	const char *owner;		/* unit rows: the driver or layout */
	/* 0 or 1; on the command line the value may be left out (= 1). */
	bool flag;
};

/* A row a unit declares in its own file (offset and size unused). */
#define UNIT_OPT_ULONG(n, lo, hi, d, text) \
	{ .name = (n), .type = OPT_ULONG, .min = (lo), .max = (hi), \
	  .def = (d), .help = (text), .size = SCENARIO_UOPT_VAL }
#define UNIT_OPT_FLAG(n, text) \
	{ .name = (n), .type = OPT_ULONG, .min = 0, .max = 1, .def = "0", \
	  .flag = true, .help = (text), .size = SCENARIO_UOPT_VAL }
#define UNIT_OPT_NAME(n, check, d, text) \
	{ .name = (n), .type = OPT_NAME, .verify = (check), .def = (d), \
	  .help = (text), .size = SCENARIO_UOPT_VAL }

const struct opt_desc *opt_find(const char *name);
/* Parse and store one value; on error, err names the option and why. */
int opt_set(struct scenario *s, const char *name, const char *value,
	    char *err, size_t errlen);
void opt_print_help(FILE *f);
/* Call fn for every option with its current value as text. */
void opt_foreach_value(const struct scenario *s,
		       void (*fn)(const struct opt_desc *o, const char *val,
				  void *arg), void *arg);
/* A unit option's value (set or default); the row must exist. */
unsigned long opt_ulong(const struct scenario *s, const char *name);
const char *opt_text(const struct scenario *s, const char *name);

#endif
