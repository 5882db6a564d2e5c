// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

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

int results_open_walks(struct run *run, char *err, size_t errlen)
{
	run->walks = open_csv(run->out_dir, "walks.csv",
			      "scenario,driver,phase,rep,walk,items,"
			      "iterations,skip_addr,skip_mm,rmap_one,lock_ns,"
			      "lock_max_ns", err, errlen);
	return run->walks ? 0 : -1;
}

/* vals in walks.csv column order, as walk_trace.h numbers them. */
void results_walk(struct run *run, const char *scenario, const char *driver,
		  const char *phase, unsigned long rep, unsigned long walk,
		  const uint64_t *vals, int nr)
{
	int i;

	fprintf(run->walks, "%s,%s,%s,%lu,%lu", scenario, driver, phase, rep,
		walk);
	for (i = 0; i < nr; i++)
		fprintf(run->walks, ",%llu", (unsigned long long)vals[i]);
	fputc('\n', run->walks);
}

int results_close(struct run *run)
{
	int ret = 0;

	if (run->samples && fclose(run->samples))
		ret = -1;
	if (run->status && fclose(run->status))
		ret = -1;
	if (run->walks && fclose(run->walks))
		ret = -1;
	run->samples = run->status = run->walks = NULL;
	return ret;
}
