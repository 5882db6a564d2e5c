// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "csv_read.h"
#include "json_lookup.h"
#include "results_read.h"

#define SAMPLES_HEADER	"scenario,driver,phase,rep,metric,unit,value"
#define STATUS_HEADER	"scenario,driver,status,reason"

static int parse_unit(struct csv_src *s, const char *str,
		      enum metric_unit *unit)
{
	if (!strcmp(str, "ns"))
		*unit = UNIT_NS;
	else if (!strcmp(str, "count"))
		*unit = UNIT_COUNT;
	/* Dimensionless like a count (harness/metric.c): a flag, an errno. */
	else if (!strcmp(str, "bool") || !strcmp(str, "errno"))
		*unit = UNIT_COUNT;
	else
		return csv_bad(s, "unit \"%s\" is neither ns, count, bool nor errno", str);
	return 0;
}

/* The schema fixes these; a mismatch would mis-scale a whole column. */
static int check_metric_unit(struct csv_src *s, const struct sample *smp)
{
	static const char *const ns_metrics[] = { "wall_time", "task_clock" };
	bool want_ns = false;
	size_t i;

	for (i = 0; i < sizeof(ns_metrics) / sizeof(ns_metrics[0]); i++)
		if (!strcmp(smp->metric, ns_metrics[i]))
			want_ns = true;
	if (want_ns && smp->unit != UNIT_NS)
		return csv_bad(s, "metric %s must be in ns", smp->metric);
	return 0;
}

static int parse_sample(struct csv_src *s, char *row, struct sample *smp)
{
	static const char *const names[] = {
		"scenario", "driver", "phase", "rep", "metric", "unit", "value",
	};
	const char *f[7];
	int i, n;

	n = csv_split(row, f, 7, false);
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
	if (parse_unit(s, f[5], &smp->unit) || check_metric_unit(s, smp))
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
		ret = parse_sample(s, smp->row, smp);
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

static int parse_status(struct csv_src *s, char *row, struct status_entry *st)
{
	const char *f[4];
	int n;

	n = csv_split(row, f, 4, true);
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
		ret = parse_status(s, st->row, st);
		if (!ret)
			ret = check_duplicate_status(s, run);
	}
	free(buf);
	fclose(f);
	return ret < 0 ? -1 : 0;
}

/* The whole file as a string; NULL with errno set on failure. */
static char *slurp(const char *path, size_t *len)
{
	struct stat stbuf;
	char *text = NULL;
	FILE *f;

	f = fopen(path, "r");
	if (!f)
		return NULL;
	if (fstat(fileno(f), &stbuf))
		goto out;
	text = malloc((size_t)stbuf.st_size + 1);
	if (!text)
		goto out;
	*len = fread(text, 1, (size_t)stbuf.st_size, f);
	if (ferror(f)) {
		free(text);
		text = NULL;
		errno = EIO;
		goto out;
	}
	text[*len] = '\0';
out:
	fclose(f);
	return text;
}

static char *string_at(const char *text, size_t len, const char *path)
{
	struct json_span v;

	if (!json_find(text, len, path, &v) || !json_is_string(v))
		return NULL;
	return json_to_text(v, "; ");
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

static void describe_tool(struct run *run, const char *text, size_t len)
{
	char *version = string_at(text, len, "ksmbench.version");
	char *commit = string_at(text, len, "ksmbench.git_commit");

	if (version && asprintf(&run->tool, "ksmbench %s%s%s%s", version,
				commit ? " (" : "", commit ? commit : "",
				commit ? ")" : "") < 0)
		run->tool = NULL;
	free(version);
	free(commit);
}

static void describe_unsupported(struct run *run, const char *text,
				 size_t len)
{
	struct json_span v;

	if (!json_find(text, len, "perf.unsupported", &v))
		return;
	run->unsupported = json_to_text(v, "\n");
	if (run->unsupported && (!*run->unsupported ||
				 !strcmp(run->unsupported, "null"))) {
		free(run->unsupported);
		run->unsupported = NULL;
	}
}

/* A missing metadata.json only costs the release name, so it is no error. */
static int load_metadata(struct run *run, struct csv_src *s)
{
	const char *why;
	unsigned line;
	size_t len = 0;
	char *text;

	csv_src_set(s, run->dir, "metadata.json");
	text = slurp(s->path, &len);
	if (!text && errno != ENOENT)
		return csv_bad(s, "cannot read: %s", strerror(errno));
	if (text && json_validate(text, len, &line, &why)) {
		s->line = line;
		free(text);
		return csv_bad(s, "malformed JSON: %s", why);
	}
	if (text) {
		run->release = string_at(text, len, "kernel.release");
		run->accel = string_at(text, len, "vm.accelerator");
		describe_tool(run, text, len);
		describe_unsupported(run, text, len);
		free(text);
	}
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
	if (load_samples(run, &s) || load_status(run, &s) ||
	    walks_load(run->dir, &run->walks, &s) ||
	    check_walk_pairs(run, &s) || load_metadata(run, &s) ||
	    find_parent(run, &s)) {
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
	walks_free(&run->walks);
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

const char *metric_unit_name(enum metric_unit unit)
{
	return unit == UNIT_NS ? "ns" : "count";
}
