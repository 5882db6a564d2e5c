// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "csv_read.h"
#include "schema.h"
#include "results_read.h"

#define SAMPLES_HEADER	schema_header(SCHEMA_SAMPLES)
#define STATUS_HEADER	schema_header(SCHEMA_STATUS)

/* The declared unit decides the scale of a whole column. */
static int check_metric_unit(struct csv_src *s, const struct run *run,
			     const struct sample *smp)
{
	const struct metric_desc *m = run_metric(run, smp->metric);

	if (!m && run->schema_version >= SCHEMA_VERSION)
		return csv_bad(s, "metric %s is not declared in metadata.json "
			       "\"metrics\"", smp->metric);
	if (m && m->unit && strcmp(m->unit, smp->unit))
		return csv_bad(s, "metric %s must be in %s, not %s",
			       smp->metric, m->unit, smp->unit);
	return 0;
}

static int parse_sample(struct csv_src *s, const struct run *run, char *row,
			struct sample *smp)
{
	static const char *const names[] = {
		"scenario", "driver", "phase", "rep", "metric", "unit", "value",
	};
	const char *f[7];
	int i, n;

	n = csv_split(row, f, 7, false);
	if (n < 0)
		return csv_bad(s, "stray or unclosed quote");
	if (n > 7)
		return csv_bad(s, "more than 7 fields, expected %s",
			       SAMPLES_HEADER);
	if (n < 7)
		return csv_bad(s, "%d field%s, expected %s", n,
			       n == 1 ? "" : "s", SAMPLES_HEADER);
	for (i = 0; i < 7; i++)
		if (!*f[i])
			return csv_bad(s, "empty %s field", names[i]);

	smp->scenario = f[0];
	smp->driver = f[1];
	smp->phase = f[2];
	smp->metric = f[4];
	if (csv_parse_decimal(f[3], &smp->value) || !smp->value ||
	    smp->value > ULONG_MAX)
		return csv_bad(s, "rep \"%s\" is not a positive integer", f[3]);
	smp->rep = (unsigned long)smp->value;
	smp->unit = f[5];
	if (check_metric_unit(s, run, smp))
		return -1;

	smp->na = !strcmp(f[6], "NA");
	smp->value = 0;
	if (!smp->na && csv_parse_decimal(f[6], &smp->value))
		return csv_bad(s, "value \"%s\" is not a non-negative "
			       "integer or NA", f[6]);
	return 0;
}

static int cmp_sample(const void *pa, const void *pb)
{
	const struct sample *a = pa, *b = pb;
	int d;

	d = strcmp(a->scenario, b->scenario);
	if (!d)
		d = strcmp(a->driver, b->driver);
	if (!d)
		d = strcmp(a->phase, b->phase);
	if (!d)
		d = strcmp(a->metric, b->metric);
	if (!d)
		d = (a->rep > b->rep) - (a->rep < b->rep);
	return d;
}

/* A repeated row would be summed twice into a driver total. */
static int check_duplicate_samples(struct csv_src *s, const struct run *run)
{
	const struct sample *a, *b;
	size_t i;

	for (i = 1; i < run->nsamples; i++) {
		a = &run->samples[i - 1];
		b = &run->samples[i];
		if (cmp_sample(a, b))
			continue;
		if (a->line > b->line) {
			const struct sample *t = a;

			a = b;
			b = t;
		}
		s->line = b->line;
		return csv_bad(s, "duplicate of line %lu (scenario %s, "
			       "driver %s, phase %s, metric %s, rep %lu)",
			       a->line, a->scenario, a->driver, a->phase,
			       a->metric, a->rep);
	}
	return 0;
}

static int load_samples(struct run *run, struct csv_src *s)
{
	char *buf = NULL;
	size_t bufcap = 0, cap = 0;
	struct sample *smp;
	FILE *f;
	int ret;

	f = csv_open(s, run->dir, "samples.csv");
	if (!f)
		return -1;
	ret = csv_check_header(f, s, SAMPLES_HEADER);
	while (!ret && (ret = csv_next_line(f, s, &buf, &bufcap)) > 0) {
		if (csv_grow(&run->samples, run->nsamples, &cap,
			 sizeof(*run->samples))) {
			ret = csv_bad(s, "out of memory");
			break;
		}
		smp = &run->samples[run->nsamples];
		smp->row = strdup(buf);
		if (!smp->row) {
			ret = csv_bad(s, "out of memory");
			break;
		}
		run->nsamples++;
		smp->line = s->line;
		ret = parse_sample(s, run, smp->row, smp);
	}
	free(buf);
	fclose(f);
	if (ret < 0)
		return -1;
	if (run->nsamples)	/* qsort() must not see NULL */
		qsort(run->samples, run->nsamples, sizeof(*run->samples),
		      cmp_sample);
	return check_duplicate_samples(s, run);
}

static int parse_status(struct csv_src *s, const struct run *run, char *row,
			struct status_entry *st)
{
	bool legacy = run->schema_version < SCHEMA_VERSION;
	const char *f[4];
	int n;

	n = csv_split(row, f, 4, legacy);
	if (n < 0)
		return csv_bad(s, "stray or unclosed quote");
	if (n != 4)
		return csv_bad(s, "%d field%s, expected %s", n,
			       n == 1 ? "" : "s", STATUS_HEADER);
	if (!*f[0] || !*f[1])
		return csv_bad(s, "empty %s field",
			       *f[0] ? "driver" : "scenario");
	st->scenario = f[0];
	st->driver = f[1];
	st->reason = f[3];
	if (!strcmp(f[2], "ok"))
		st->status = STATUS_OK;
	else if (!strcmp(f[2], "skip"))
		st->status = STATUS_SKIP;
	else if (!strcmp(f[2], "fail"))
		st->status = STATUS_FAIL;
	else
		return csv_bad(s, "status \"%s\" is not ok, skip or fail",
			       f[2]);
	return 0;
}

static int check_duplicate_status(struct csv_src *s, const struct run *run)
{
	const struct status_entry *last = &run->statuses[run->nstatuses - 1];
	size_t i;

	for (i = 0; i + 1 < run->nstatuses; i++) {
		const struct status_entry *st = &run->statuses[i];

		if (!strcmp(st->scenario, last->scenario) &&
		    !strcmp(st->driver, last->driver))
			return csv_bad(s, "duplicate of line %lu (scenario "
				       "%s, driver %s)", st->line,
				       st->scenario, st->driver);
	}
	return 0;
}

static int load_status(struct run *run, struct csv_src *s)
{
	struct status_entry *st;
	char *buf = NULL;
	size_t bufcap = 0, cap = 0;
	FILE *f;
	int ret;

	f = csv_open(s, run->dir, "status.csv");
	if (!f)
		return -1;
	ret = csv_check_header(f, s, STATUS_HEADER);
	while (!ret && (ret = csv_next_line(f, s, &buf, &bufcap)) > 0) {
		if (csv_grow(&run->statuses, run->nstatuses, &cap,
			 sizeof(*run->statuses))) {
			ret = csv_bad(s, "out of memory");
			break;
		}
		st = &run->statuses[run->nstatuses];
		st->row = strdup(buf);
		if (!st->row) {
			ret = csv_bad(s, "out of memory");
			break;
		}
		run->nstatuses++;
		st->line = s->line;
		ret = parse_status(s, run, st->row, st);
		if (!ret)
			ret = check_duplicate_status(s, run);
	}
	free(buf);
	fclose(f);
	return ret < 0 ? -1 : 0;
}

static char *dir_basename(const char *dir)
{
	size_t end = strlen(dir), start;

	while (end > 1 && dir[end - 1] == '/')
		end--;
	for (start = end; start > 0 && dir[start - 1] != '/'; start--)
		;
	if (start == end)	/* "/" alone */
		start = 0;
	return strndup(dir + start, end - start);
}

static char *dup_at(json_t *root, const char *obj, const char *key)
{
	const char *v = json_string_value(json_object_get(
		json_object_get(root, obj), key));

	return v ? strdup(v) : NULL;
}

static void describe_tool(struct run *run)
{
	char *version = dup_at(run->meta, "ksmbench", "version");
	char *commit = dup_at(run->meta, "ksmbench", "git_commit");

	if (version && asprintf(&run->tool, "ksmbench %s%s%s%s", version,
				commit ? " (" : "", commit ? commit : "",
				commit ? ")" : "") < 0)
		run->tool = NULL;
	free(version);
	free(commit);
}

/* "event: why" per line. */
static int describe_unsupported(struct run *run)
{
	json_t *u = json_object_get(json_object_get(run->meta, "perf"),
				    "unsupported");
	const char *key;
	json_t *why;
	bool first = true;
	size_t len;
	FILE *f;

	if (!json_object_size(u))
		return 0;
	f = open_memstream(&run->unsupported, &len);
	if (!f)
		return -1;
	json_object_foreach(u, key, why) {
		fprintf(f, "%s%s: %s", first ? "" : "\n", key,
			json_string_value(why) ?: "?");
		first = false;
	}
	return fclose(f);
}

static int load_metrics(struct run *run, struct csv_src *s)
{
	json_t *a = json_object_get(run->meta, "metrics"), *m;
	const struct metric_desc *v1;
	size_t i;

	/*
	 * Some runs written before "schema_version" already declared their
	 * metrics (the kprobe and victim runs of 2026-11-29): the
	 * declaration beats the table of what version 1 wrote.
	 */
	if (run->schema_version < SCHEMA_VERSION && !json_is_array(a)) {
		for (v1 = schema_v1_metrics; v1->name; v1++)
			;
		run->metrics = malloc((v1 - schema_v1_metrics) *
				      sizeof(*run->metrics));
		if (!run->metrics)
			return csv_bad(s, "out of memory");
		for (v1 = schema_v1_metrics; v1->name; v1++)
			run->metrics[run->nmetrics++] = *v1;
		return 0;
	}
	if (!json_is_array(a))
		return csv_bad(s, "schema %d needs a \"metrics\" array",
			       run->schema_version);
	run->metrics = calloc(json_array_size(a) + 1, sizeof(*run->metrics));
	if (!run->metrics)
		return csv_bad(s, "out of memory");
	json_array_foreach(a, i, m) {
		struct metric_desc *d = &run->metrics[run->nmetrics];
		const char *better = json_string_value(json_object_get(m,
								       "better"));

		/* Strings stay owned by run->meta. */
		d->name = json_string_value(json_object_get(m, "name"));
		d->unit = json_string_value(json_object_get(m, "unit"));
		d->help = json_string_value(json_object_get(m, "help"));
		if (!d->name || !d->unit || !better ||
		    schema_better_parse(better, &d->better))
			return csv_bad(s, "metrics[%zu]: needs name, unit and "
				       "better (lower, higher or none)", i);
		run->nmetrics++;
	}
	return 0;
}

/* A missing metadata.json only costs the release name, so it is no error. */
static int load_metadata(struct run *run, struct csv_src *s)
{
	json_error_t jerr;
	json_t *v;

	csv_src_set(s, run->dir, "metadata.json");
	run->schema_version = SCHEMA_VERSION_LEGACY;
	run->meta = json_load_file(s->path, 0, &jerr);
	if (!run->meta && access(s->path, F_OK) == 0) {
		s->line = jerr.line > 0 ? (unsigned long)jerr.line : 0;
		return csv_bad(s, "malformed JSON: %s", jerr.text);
	}
	v = json_object_get(run->meta, "schema_version");
	if (v && (!json_is_integer(v) || json_integer_value(v) < 1 ||
		  json_integer_value(v) > SCHEMA_VERSION))
		return csv_bad(s, "schema_version is not 1..%d: this "
			       "ksmbench-report is older than the run",
			       SCHEMA_VERSION);
	if (v)
		run->schema_version = (int)json_integer_value(v);
	if (load_metrics(run, s))
		return -1;
	run->release = dup_at(run->meta, "kernel", "release");
	run->accel = dup_at(run->meta, "vm", "accelerator");
	describe_tool(run);
	if (describe_unsupported(run))
		return csv_bad(s, "out of memory");
	if (run->release && *run->release)
		return 0;
	free(run->release);
	run->release = dir_basename(run->dir);
	run->release_from_dir = true;
	return run->release ? 0 : csv_bad(s, "out of memory");
}

/*
 * Names the directory holding the run directory.  The compare runner names
 * it after the kernel variant, which tells apart two builds of one release.
 */
static int find_parent(struct run *run, struct csv_src *s)
{
	char *real, *slash;

	real = realpath(run->dir, NULL);
	if (!real) {
		csv_src_set(s, run->dir, "");
		return csv_bad(s, "cannot resolve: %s", strerror(errno));
	}
	slash = strrchr(real, '/');
	if (slash)	/* "/run" lies in "/" */
		slash[slash == real] = '\0';
	run->parent = dir_basename(real);
	free(real);
	return run->parent ? 0 : csv_bad(s, "out of memory");
}

/* Walks of a pair the run never reported on would be shown nowhere. */
static int check_walk_pairs(const struct run *run, struct csv_src *s)
{
	const struct walk_key *k;
	size_t i;

	for (i = 0; i < run->walks.nkeys; i++) {
		k = &run->walks.keys[i];
		if (run_find_status(run, k->scenario, k->driver))
			continue;
		csv_src_set(s, run->dir, "walks.csv");
		s->line = k->line;
		return csv_bad(s, "scenario %s, driver %s has no row in "
			       "status.csv", k->scenario, k->driver);
	}
	return 0;
}

int run_load(const char *dir, struct run *run, char *err, size_t errlen)
{
	struct csv_src s = { .err = err, .errlen = errlen };

	memset(run, 0, sizeof(*run));
	run->dir = strdup(dir);
	if (!run->dir) {
		snprintf(err, errlen, "%s: out of memory", dir);
		return -1;
	}
	if (load_metadata(run, &s) || load_samples(run, &s) ||
	    load_status(run, &s) || walks_load(run->dir, &run->walks, &s) ||
	    kprobe_walks_load(run->dir, &run->kwalks, &s) ||
	    check_walk_pairs(run, &s) || find_parent(run, &s)) {
		run_free(run);
		return -1;
	}
	return 0;
}

void run_free(struct run *run)
{
	size_t i;

	for (i = 0; i < run->nsamples; i++)
		free(run->samples[i].row);
	for (i = 0; i < run->nstatuses; i++)
		free(run->statuses[i].row);
	free(run->samples);
	free(run->statuses);
	free(run->dir);
	free(run->release);
	free(run->accel);
	free(run->tool);
	free(run->unsupported);
	free(run->parent);
	free(run->metrics);
	json_decref(run->meta);
	walks_free(&run->walks);
	kprobe_walks_free(&run->kwalks);
	memset(run, 0, sizeof(*run));
}

const struct status_entry *run_find_status(const struct run *run,
					   const char *scenario,
					   const char *driver)
{
	size_t i;

	for (i = 0; i < run->nstatuses; i++)
		if (!strcmp(run->statuses[i].scenario, scenario) &&
		    !strcmp(run->statuses[i].driver, driver))
			return &run->statuses[i];
	return NULL;
}

bool run_timing_valid(const struct run *run, const char *scenario,
		      const char *driver)
{
	const struct status_entry *st = run_find_status(run, scenario, driver);

	return st && st->status == STATUS_OK;
}

const char *run_status_name(enum run_status status)
{
	switch (status) {
	case STATUS_OK:
		return "ok";
	case STATUS_SKIP:
		return "skip";
	case STATUS_FAIL:
		return "fail";
	}
	return "?";
}

const struct metric_desc *run_metric(const struct run *run, const char *name)
{
	size_t i;

	for (i = 0; i < run->nmetrics; i++)
		if (!strcmp(run->metrics[i].name, name))
			return &run->metrics[i];
	return NULL;
}

json_t *run_scenario_meta(const struct run *run, const char *name)
{
	json_t *sc;
	size_t i;

	json_array_foreach(json_object_get(run->meta, "scenarios"), i, sc) {
		const char *n = json_string_value(json_object_get(sc, "name"));

		if (n && !strcmp(n, name))
			return sc;
	}
	return NULL;
}
