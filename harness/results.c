// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "collector.h"
#include "run.h"

void utc_now(char *buf, size_t len)
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static FILE *open_csv(const char *dir, const char *name, const char *header,
		      char *err, size_t errlen)
{
	char path[PATH_MAX + 32];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f) {
		snprintf(err, errlen, "cannot create %s: %s", path,
			 strerror(errno));
		return NULL;
	}
	fprintf(f, "%s\n", header);
	return f;
}

int results_open(struct run *run, char *err, size_t errlen)
{
	if (mkdir(run->out_dir, 0755) && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", run->out_dir,
			 strerror(errno));
		return -1;
	}
	run->samples = open_csv(run->out_dir, "samples.csv",
				"scenario,driver,phase,rep,metric,unit,value",
				err, errlen);
	if (!run->samples)
		return -1;
	run->status = open_csv(run->out_dir, "status.csv",
			       "scenario,driver,status,reason", err, errlen);
	return run->status ? 0 : -1;
}

void results_sample(struct run *run, const char *scenario,
		    const char *driver, const char *phase, unsigned long rep,
		    const char *metric, const char *unit, bool valid,
		    unsigned long long value)
{
	fprintf(run->samples, "%s,%s,%s,%lu,%s,%s,", scenario, driver, phase,
		rep, metric, unit);
	if (valid)
		fprintf(run->samples, "%llu\n", value);
	else
		fputs("NA\n", run->samples);
}

/* The reason is the rest of the line: keep it on one line. */
void results_status(struct run *run, const char *scenario,
		    const struct driver_record *d)
{
	const char *p;

	fprintf(run->status, "%s,%s,%s,", scenario, d->name, d->status);
	for (p = d->reason; *p; p++)
		fputc(*p == '\n' ? ' ' : *p, run->status);
	fputc('\n', run->status);
	fflush(run->status);
}

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
	w->f = open_csv(run->out_dir, name, header, err, errlen);
	if (!w->f)
		return NULL;
	w->name = name;
	run->nr_walk_files++;
	return w->f;
}

/* vals in the order of the file's columns, as its collector numbers them. */
void results_walk(FILE *f, const char *scenario, const char *driver,
		  const char *phase, unsigned long rep, unsigned long walk,
		  const uint64_t *vals, int nr)
{
	int i;

	fprintf(f, "%s,%s,%s,%lu,%lu", scenario, driver, phase, rep, walk);
	for (i = 0; i < nr; i++) {
		if (vals[i] == COLLECT_WALK_NA)
			fputs(",NA", f);
		else
			fprintf(f, ",%llu", (unsigned long long)vals[i]);
	}
	fputc('\n', f);
}

int results_close(struct run *run)
{
	int i, ret = 0;

	if (run->samples && fclose(run->samples))
		ret = -1;
	if (run->status && fclose(run->status))
		ret = -1;
	for (i = 0; i < run->nr_walk_files; i++)
		if (fclose(run->walk_files[i].f))
			ret = -1;
	run->nr_walk_files = 0;
	run->samples = run->status = NULL;
	return ret;
}
