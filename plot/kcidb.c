// SPDX-License-Identifier: GPL-2.0
/*
 * KCIDB submission writer (see kcidb.h).  Field rules followed, from the
 * v5 schema of kernelci/kcidb-io: object ids are "ORIGIN:anything", origins
 * match [a-z0-9_]+, test paths are dot-separated [a-zA-Z0-9_-]+ words,
 * status is one of FAIL ERROR MISS PASS DONE SKIP, "number" holds "value"
 * and optionally "unit" and "prefix" ("metric" or "binary"), and no value
 * may be null.  Run-level facts (start time, kernel version string,
 * architecture) come from each run's metadata.json.
 */
#include <ctype.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kcidb.h"
#include "stats.h"

/* The numbers a lab watches per scenario, driver and phase. */
static const char *const headline[] = {
	"wall_time", "walk_iterations", "walk_lock_max_ns",
};

/* Appends @s to @dst with every character outside [a-zA-Z0-9_-] as '_'. */
static void path_word(char *dst, size_t len, const char *s)
{
	size_t i = strlen(dst);

	if (i && i + 1 < len)
		dst[i++] = '.';
	for (; *s && i + 1 < len; s++)
		dst[i++] = isalnum((unsigned char)*s) || *s == '-' ? *s : '_';
	dst[i] = '\0';
}

/* FNV-1a: a short, stable id suffix for a run (not a security hash). */
static unsigned long long fnv1a(const char *a, const char *b)
{
	unsigned long long h = 1469598103934665603ULL;
	const char *p;

	for (p = a; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	for (p = b; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return h;
}

struct run_meta {
	const char *started;	/* borrowed from @doc; "" if unknown */
	const char *version;
	const char *machine;
	const char *cpu;
	json_t *doc;
};

static const char *meta_str(json_t *doc, const char *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(
		obj ? json_object_get(doc, obj) : doc, key));

	return s ? s : "";
}

static void meta_load(const struct run *run, struct run_meta *m)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/metadata.json", run->dir);
	m->doc = json_load_file(path, 0, NULL);
	m->started = meta_str(m->doc, NULL, "started");
	m->version = meta_str(m->doc, "kernel", "version");
	m->machine = meta_str(m->doc, "kernel", "machine");
	m->cpu = meta_str(m->doc, "machine", "cpu_model");
}

/* The KCIDB unit and prefix for one of the run's units, and the scale. */
static double kcidb_unit(const char *u, json_t *number)
{
	if (!strcmp(u, "ns")) {
		json_object_set_new(number, "unit", json_string("s"));
		json_object_set_new(number, "prefix", json_string("metric"));
		return 1e-9;
	}
	json_object_set_new(number, "prefix", json_string("metric"));
	return 1;
}

static json_t *test_new(const char *build_id, const char *id,
			const char *path, const char *status,
			const struct run_meta *m)
{
	json_t *t = json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", id,
			      "build_id", build_id, "origin", KCIDB_ORIGIN,
			      "path", path, "status", status);

	if (t && m->started[0])
		json_object_set_new(t, "start_time", json_string(m->started));
	if (t && m->cpu[0])
		json_object_set_new(t, "environment",
				    json_pack("{s:s}", "comment", m->cpu));
	return t;
}

/* Tests of the headline metrics of one (scenario, driver) pair. */
static int add_measurements(json_t *tests, const struct run *run,
			    const struct status_entry *st, const char *build_id,
			    const struct run_meta *m)
{
	size_t h, i, j, n;
	double *v = calloc(run->nsamples ? run->nsamples : 1, sizeof(*v));
	char path[256], id[512];
	struct sample_stats ss;
	int ret = -1;

	if (!v)
		return -1;
	for (h = 0; h < sizeof(headline) / sizeof(headline[0]); h++) {
		for (i = 0; i < run->nsamples; i++) {
			const struct sample *s = &run->samples[i];
			json_t *t, *num;
			double scale;

			/* Samples are sorted: a phase starts where the key changes. */
			if (strcmp(s->metric, headline[h]) ||
			    strcmp(s->scenario, st->scenario) ||
			    strcmp(s->driver, st->driver) ||
			    (i && !strcmp(run->samples[i - 1].metric, s->metric) &&
			     !strcmp(run->samples[i - 1].phase, s->phase) &&
			     !strcmp(run->samples[i - 1].scenario, s->scenario) &&
			     !strcmp(run->samples[i - 1].driver, s->driver)))
				continue;
			for (n = 0, j = i; j < run->nsamples; j++) {
				const struct sample *u = &run->samples[j];

				if (strcmp(u->metric, s->metric) || strcmp(u->phase, s->phase) ||
				    strcmp(u->scenario, s->scenario) ||
				    strcmp(u->driver, s->driver))
					break;
				if (!u->na)
					v[n++] = (double)u->value;
			}
			if (!n)
				continue;
			if (stats_compute(v, n, &ss))
				goto out;
			path[0] = '\0';
			path_word(path, sizeof(path), "ksmbench");
			path_word(path, sizeof(path), s->scenario);
			path_word(path, sizeof(path), s->driver);
			path_word(path, sizeof(path), s->phase);
			path_word(path, sizeof(path), s->metric);
			snprintf(id, sizeof(id), "%s:%s", build_id, path);
			t = test_new(build_id, id, path, "DONE", m);
			num = json_object();
			if (!t || !num) {
				json_decref(t);
				json_decref(num);
				goto out;
			}
			scale = kcidb_unit(s->unit, num);
			json_object_set_new(num, "value", json_real(ss.median * scale));
			json_object_set_new(t, "number", num);
			json_object_set_new(t, "misc", json_pack(
				"{s:s, s:I, s:f, s:f, s:s}", "statistic", "median over repetitions",
				"n", (json_int_t)n, "min", ss.min * scale, "max", ss.max * scale,
				"unit", !strcmp(s->unit, "ns") ? "s" : ""));
			if (json_array_append_new(tests, t))
				goto out;
		}
	}
	ret = 0;
out:
	free(v);
	return ret;
}

static const char *kcidb_status(enum run_status st)
{
	return st == STATUS_OK ? "PASS" : st == STATUS_SKIP ? "SKIP" : "FAIL";
}

/* The checkout, the build and the tests of one run. */
static int add_run(json_t *doc, const struct run *run)
{
	json_t *checkouts = json_object_get(doc, "checkouts");
	json_t *builds = json_object_get(doc, "builds");
	json_t *tests = json_object_get(doc, "tests");
	char id[256], tid[512], path[256];
	struct run_meta m;
	json_t *c, *b, *t;
	size_t i;
	int ret = -1;

	meta_load(run, &m);
	snprintf(id, sizeof(id), "%s:%s-%016llx", KCIDB_ORIGIN, run->release,
		 fnv1a(m.version, m.started));
	c = json_pack("{s:s, s:s, s:b, s:{s:s}}", "id", id, "origin", KCIDB_ORIGIN,
		      "valid", 1, "misc", "kernel_release", run->release);
	b = json_pack("{s:s, s:s, s:s, s:s}", "id", id, "origin", KCIDB_ORIGIN,
		      "checkout_id", id, "config_name", "ksmbench");
	if (!c || !b)
		goto out;
	if (m.version[0]) {
		json_object_set_new(c, "comment", json_string(m.version));
		json_object_set_new(b, "comment", json_string(m.version));
	}
	if (m.machine[0]) {
		char arch[32];

		/* KCIDB architectures match [a-z0-9_]*. */
		for (i = 0; m.machine[i] && i + 1 < sizeof(arch); i++)
			arch[i] = isalnum((unsigned char)m.machine[i]) ?
				  tolower((unsigned char)m.machine[i]) : '_';
		arch[i] = '\0';
		json_object_set_new(b, "architecture", json_string(arch));
	}
	if (json_array_append(checkouts, c) || json_array_append(builds, b))
		goto out;
	for (i = 0; i < run->nstatuses; i++) {
		const struct status_entry *st = &run->statuses[i];

		path[0] = '\0';
		path_word(path, sizeof(path), "ksmbench");
		path_word(path, sizeof(path), st->scenario);
		path_word(path, sizeof(path), st->driver);
		snprintf(tid, sizeof(tid), "%s:%s", id, path);
		t = test_new(id, tid, path, kcidb_status(st->status), &m);
		if (!t)
			goto out;
		if (st->reason[0])
			json_object_set_new(t, "log_excerpt", json_string(st->reason));
		if (json_array_append_new(tests, t))
			goto out;
		if (st->status == STATUS_OK &&
		    add_measurements(tests, run, st, id, &m))
			goto out;
	}
	ret = 0;
out:
	json_decref(c);
	json_decref(b);
	json_decref(m.doc);
	return ret;
}

int kcidb_write(FILE *f, const struct run *runs, size_t nruns)
{
	json_t *doc = json_pack("{s:{s:i, s:i}, s:[], s:[], s:[]}", "version",
				"major", 5, "minor", 0, "checkouts", "builds",
				"tests");
	size_t k;
	int ret = -1;

	if (!doc)
		goto enomem;
	for (k = 0; k < nruns; k++)
		if (add_run(doc, &runs[k]))
			goto enomem;
	if (json_dumpf(doc, f, JSON_INDENT(1) | JSON_SORT_KEYS | JSON_REAL_PRECISION(9)) ||
	    fputc('\n', f) == EOF) {
		fputs("ksmbench-report: cannot write the KCIDB submission\n", stderr);
		goto out;
	}
	ret = 0;
	goto out;
enomem:
	fputs("ksmbench-report: out of memory building the KCIDB submission\n", stderr);
out:
	json_decref(doc);
	return ret;
}
