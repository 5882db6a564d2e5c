/* SPDX-License-Identifier: GPL-2.0 */
/*
 * walks.csv (results/README.md): one row per rmap_walk_ksm() call the
 * ksm:ksm_rmap_walk tracepoint reported during a measured phase.  The file
 * is optional, since stock kernels lack the tracepoint; when present it is
 * checked as strictly as samples.csv.
 */
#ifndef KSMBENCH_PLOT_WALKS_READ_H
#define KSMBENCH_PLOT_WALKS_READ_H

#include <stdbool.h>
#include <stddef.h>
#include "csv_read.h"

#include "schema.h"

#define WALKS_HEADER	schema_header(SCHEMA_WALKS)

/* The tracepoint's fields, in walks.csv column order (results/schema.c). */
enum walk_field {
	WALK_ITEMS,
	WALK_ITERATIONS,
	WALK_SKIP_ADDR,
	WALK_SKIP_MM,
	WALK_RMAP_ONE,
	WALK_LOCK_NS,
	WALK_LOCK_MAX_NS,
	WALK_NFIELDS,
};

/* (scenario, driver, phase), stored once rather than on every row. */
struct walk_key {
	char *scenario;
	char *driver;
	char *phase;
	unsigned long line;	/* first row with this key */
};

struct walk {
	unsigned long long v[WALK_NFIELDS];
	unsigned long rep;
	unsigned long walk;	/* 1, 2, ... within (key, rep) */
	unsigned long line;
	size_t key;		/* index into walk_table.keys */
	unsigned long long tid;		/* 0 and 0 unless walk_table.has_when */
	unsigned long long time_ns;
};

struct walk_table {
	bool present;		/* false: no walks.csv in the run */
	bool has_when;		/* rows carry tid and time_ns */
	struct walk_key *keys;	/* in order of first appearance */
	size_t nkeys;
	struct walk *rows;	/* sorted by key, rep, walk */
	size_t nrows;
};

/*
 * Loads DIR/walks.csv into @w; a missing file leaves @w->present false and
 * is no error.  On bad input returns -1 with "FILE:LINE: what" in @s->err
 * and @w freed.
 */
int walks_load(const char *dir, struct walk_table *w, struct csv_src *s);
void walks_free(struct walk_table *w);

/*
 * The index of key (f[0], f[1], f[2]) in *@keys, added with @line when new;
 * -1 on ENOMEM.  Shared by the per-walk files' readers.
 */
int walk_key_add(struct walk_key **keys, size_t *nkeys,
		 const char *const *f, unsigned long line, size_t *idx);
void walk_keys_free(struct walk_key *keys, size_t nkeys);

/* The walks.csv column of @f, as the schema declares it. */
const struct schema_column *walk_field_column(enum walk_field f);
const char *walk_field_name(enum walk_field f);

#endif
