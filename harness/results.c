// SPDX-License-Identifier: GPL-2.0
/*
 * The CSV result files (results/schema.h, RFC 4180).  Each is written under
 * NAME.partial and renamed into place when the run ends, so a file under
 * its final name is always complete.  Rows are flushed whenever a
 * repetition is complete, so a crash loses at most the repetition in
 * flight: NAME.partial then holds everything before it.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "collector.h"
#include "run.h"
#include "schema.h"

#define PARTIAL	".partial"

void utc_now(char *buf, size_t len)
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A field needs quotes when a reader would otherwise split or trim it. */
static bool needs_quotes(const char *s)
{
	size_t len = strlen(s);

	if (strpbrk(s, ",\"\r\n"))
		return true;
	return len && (s[0] == ' ' || s[len - 1] == ' ');
}

/* One field; line breaks become spaces so every row stays one line. */
void csv_put_field(FILE *f, const char *s)
{
	bool quote = needs_quotes(s);

	if (quote)
		fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputs("\"\"", f);
		else if (*s == '\n' || *s == '\r')
			fputc(' ', f);
		else
			fputc(*s, f);
	}
	if (quote)
		fputc('"', f);
}

static void put_keys(FILE *f, const char *scenario, const char *driver,
		     const char *phase)
{
	csv_put_field(f, scenario);
	fputc(',', f);
	csv_put_field(f, driver);
	if (!phase)
		return;
	fputc(',', f);
	csv_put_field(f, phase);
}

static FILE *open_named(const char *dir, const char *file,
			const char *header, char *err, size_t errlen)
{
	char path[PATH_MAX + 32];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s" PARTIAL, dir, file);
	f = fopen(path, "w");
	if (!f) {
		snprintf(err, errlen, "cannot create %s: %s", path,
			 strerror(errno));
		return NULL;
	}
	fprintf(f, "%s\n", header);
	fflush(f);
	return f;
}

static FILE *open_csv(const char *dir, enum schema_file which, char *err,
		      size_t errlen)
{
	return open_named(dir, schema_table(which)->file,
			  schema_header(which), err, errlen);
}

int results_open(struct run *run, char *err, size_t errlen)
{
	if (mkdir(run->out_dir, 0755) && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", run->out_dir,
			 strerror(errno));
		return -1;
	}
	run->samples = open_csv(run->out_dir, SCHEMA_SAMPLES, err, errlen);
	if (!run->samples)
		return -1;
	run->status = open_csv(run->out_dir, SCHEMA_STATUS, err, errlen);
	return run->status ? 0 : -1;
}

/*
 * Rows arrive repetition by repetition: a row of another (scenario, driver,
 * rep) means the last one is complete.
 */
static void rep_boundary(struct run *run, const char *scenario,
			 const char *driver, unsigned long rep)
{
	char key[sizeof(run->last_rep)];

	snprintf(key, sizeof(key), "%s\x1f%s\x1f%lu", scenario, driver, rep);
	if (!strcmp(key, run->last_rep))
		return;
	results_flush(run);
	memcpy(run->last_rep, key, sizeof(key));
}

void results_flush(struct run *run)
{
	int i;

	if (run->samples)
		fflush(run->samples);
	for (i = 0; i < run->nr_walk_files; i++)
		fflush(run->walk_files[i].f);
}

void results_sample(struct run *run, const char *scenario,
		    const char *driver, const char *phase, unsigned long rep,
		    const char *metric, const char *unit, bool valid,
		    unsigned long long value)
{
	rep_boundary(run, scenario, driver, rep);
	put_keys(run->samples, scenario, driver, phase);
	fprintf(run->samples, ",%lu,", rep);
	csv_put_field(run->samples, metric);
	fputc(',', run->samples);
	csv_put_field(run->samples, unit);
	if (valid)
		fprintf(run->samples, ",%llu\n", value);
	else
		fputs(",NA\n", run->samples);
}

void results_status(struct run *run, const char *scenario,
		    const struct driver_record *d)
{
	put_keys(run->status, scenario, d->name, NULL);
	fputc(',', run->status);
	csv_put_field(run->status, d->status);
	fputc(',', run->status);
	csv_put_field(run->status, d->reason);
	fputc('\n', run->status);
	fflush(run->status);
	results_flush(run);
}

/* A collector's per-walk file, created on its first row. */
FILE *results_walk_file(struct run *run, const char *name,
			const char *columns, char *err, size_t errlen)
{
	struct walk_file *w;
	char header[512];
	int i;

	for (i = 0; i < run->nr_walk_files; i++)
		if (!strcmp(run->walk_files[i].name, name))
			return run->walk_files[i].f;
	if (i == RUN_WALK_FILES) {
		snprintf(err, errlen, "more than %d per-walk files",
			 RUN_WALK_FILES);
		return NULL;
	}
	snprintf(header, sizeof(header), "scenario,driver,phase,rep,walk,%s",
		 columns);
	w = &run->walk_files[i];
	w->f = open_named(run->out_dir, name, header, err, errlen);
	if (!w->f)
		return NULL;
	w->name = name;
	run->nr_walk_files++;
	return w->f;
}

/* vals in the order of the file's columns, as its collector numbers them. */
void results_walk(struct run *run, FILE *f, const char *scenario,
		  const char *driver, const char *phase, unsigned long rep,
		  unsigned long walk, const uint64_t *vals, int nr)
{
	int i;

	rep_boundary(run, scenario, driver, rep);
	put_keys(f, scenario, driver, phase);
	fprintf(f, ",%lu,%lu", rep, walk);
	for (i = 0; i < nr; i++) {
		if (vals[i] == COLLECT_WALK_NA)
			fputs(",NA", f);
		else
			fprintf(f, ",%llu", (unsigned long long)vals[i]);
	}
	fputc('\n', f);
}

static int close_named(struct run *run, FILE **f, const char *file)
{
	char tmp[PATH_MAX + 40], path[PATH_MAX + 32];
	int ret = 0;

	if (!*f)
		return 0;
	if (fclose(*f))
		ret = -1;
	*f = NULL;
	snprintf(path, sizeof(path), "%s/%s", run->out_dir, file);
	snprintf(tmp, sizeof(tmp), "%s" PARTIAL, path);
	if (!ret && rename(tmp, path))
		ret = -1;
	return ret;
}

int results_close(struct run *run)
{
	int i, ret = 0;

	ret |= close_named(run, &run->samples,
			   schema_table(SCHEMA_SAMPLES)->file);
	ret |= close_named(run, &run->status,
			   schema_table(SCHEMA_STATUS)->file);
	for (i = 0; i < run->nr_walk_files; i++)
		ret |= close_named(run, &run->walk_files[i].f,
				   run->walk_files[i].name);
	run->nr_walk_files = 0;
	return ret ? -1 : 0;
}
