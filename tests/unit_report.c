// SPDX-License-Identifier: GPL-2.0
/*
 * The report's input side and output: synthetic run directories in a
 * mkdtemp() directory are loaded, aggregated and printed, and broken ones
 * must be refused with the file and line named.
 */
#include <ftw.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"
#include "driver_time_dat.h"
#include "report_text.h"
#include "results_read.h"
#include "run_keys.h"
#include "series.h"

#define SAMPLES_HEADER	"scenario,driver,phase,rep,metric,unit,value\n"
#define STATUS_HEADER	"scenario,driver,status,reason\n"
#define FAIL_REASON	"verify: 3 pages on node 1, expected node 0, after 5 retries"

static char tmpdir[] = "/tmp/ksmbench-unit-report.XXXXXX";

/*
 * Kernel A.  s1 wall_time totals per rep: 3+1 = 4.0, 3.2+1.2 = 4.4,
 * 2.8+1 = 3.8 ms.  task_clock of rep 1 is NA, leaving reps 2 and 3
 * (2.5 and 2.5 ms).  s2 rep 2 lacks its back phase: total only from rep 1.
 */
static const char a_samples[] = SAMPLES_HEADER
	"s1,migrate,out,1,wall_time,ns,3000000\n"
	"s1,migrate,back,1,wall_time,ns,1000000\n"
	"s1,migrate,out,1,task_clock,ns,2000000\n"
	"s1,migrate,back,1,task_clock,ns,NA\n"
	"s1,migrate,out,1,cycles,count,NA\n"
	"s1,migrate,out,1,pages_failed,count,0\n"
	"s1,migrate,back,1,pages_failed,count,0\n"
	"s1,migrate,out,2,wall_time,ns,3200000\n"
	"s1,migrate,back,2,wall_time,ns,1200000\n"
	"s1,migrate,out,2,task_clock,ns,2000000\n"
	"s1,migrate,back,2,task_clock,ns,500000\n"
	"s1,migrate,out,3,wall_time,ns,2800000\n"
	"s1,migrate,back,3,wall_time,ns,1000000\n"
	"s1,migrate,out,3,task_clock,ns,2100000\n"
	"s1,migrate,back,3,task_clock,ns,400000\n"
	"s2,migrate,out,1,wall_time,ns,5000000\n"
	"s2,migrate,back,1,wall_time,ns,1000000\n"
	"s2,migrate,out,2,wall_time,ns,5000000\n";

static const char a_status[] = STATUS_HEADER
	"s1,migrate,ok,\n"
	"s2,migrate,ok,\n";

/* A key named "release" outside "kernel", and an escaped '-'. */
static const char a_metadata[] =
	"{\n  \"os\": { \"release\": \"bookworm\" },\n"
	"  \"ksmbench\": { \"version\": \"0.1.0\", \"git_commit\": \"abc\" },\n"
	"  \"kernel\": { \"version\": \"Linux\", \"release\": \"7.2.13\\u002damd64\" },\n"
	"  \"perf\": { \"unsupported\": { \"cycles\": \"no PMU\",\n"
	"    \"instructions\": \"no PMU, \\\"really\\\"\" } }\n}\n";

/* Kernel B, with CRLF line ends: s1 totals 2.0, 2.2, 1.9 ms. */
static const char b_samples[] =
	"scenario,driver,phase,rep,metric,unit,value\r\n"
	"s1,migrate,out,1,wall_time,ns,1500000\r\n"
	"s1,migrate,back,1,wall_time,ns,500000\r\n"
	"s1,migrate,out,2,wall_time,ns,1600000\r\n"
	"s1,migrate,back,2,wall_time,ns,600000\r\n"
	"s1,migrate,out,3,wall_time,ns,1400000\r\n"
	"s1,migrate,back,3,wall_time,ns,500000\r\n"
	"s2,migrate,out,1,wall_time,ns,9000000\r\n"
	"s2,migrate,back,1,verify_failures,count,3\r\n";

static const char b_status[] =
	"scenario,driver,status,reason\r\n"
	"s1,migrate,ok,\r\n"
	"s2,migrate,fail," FAIL_REASON "\r\n";

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(2);
	}
	fputs(text, f);
	fclose(f);
}

/* A run directory under tmpdir; a NULL text leaves that file out. */
static const char *make_run(const char *name, const char *samples,
			    const char *status, const char *metadata)
{
	static char dir[512];

	snprintf(dir, sizeof(dir), "%s/%s", tmpdir, name);
	if (mkdir(dir, 0755)) {
		perror(dir);
		exit(2);
	}
	if (samples)
		write_file(dir, "samples.csv", samples);
	if (status)
		write_file(dir, "status.csv", status);
	if (metadata)
		write_file(dir, "metadata.json", metadata);
	return dir;
}

static const struct sample *find_sample(const struct run *run,
					const char *scenario,
					const char *phase, unsigned long rep,
					const char *metric)
{
	size_t i;

	for (i = 0; i < run->nsamples; i++) {
		const struct sample *s = &run->samples[i];

		if (!strcmp(s->scenario, scenario) && !strcmp(s->phase, phase) &&
		    s->rep == rep && !strcmp(s->metric, metric))
			return s;
	}
	return NULL;
}

static void test_parse(const struct run *a, const struct run *b)
{
	const struct status_entry *st;
	const struct sample *s;

	CHECK("all sample rows loaded", a->nsamples == 18 && b->nsamples == 8,
	      "A %zu, B %zu", a->nsamples, b->nsamples);
	s = find_sample(a, "s1", "out", 2, "wall_time");
	CHECK("integer value, unit and line kept",
	      s && !s->na && s->value == 3200000 && s->unit == UNIT_NS &&
	      s->line == 9, "%s", s ? "wrong fields" : "row missing");
	s = find_sample(a, "s1", "back", 1, "task_clock");
	CHECK("NA value flagged", s && s->na, "%s", s ? "not NA" : "missing");
	CHECK("kernel.release, not os.release, with \\u escape",
	      !strcmp(a->release, "7.2.13-amd64") && !a->release_from_dir,
	      "got \"%s\"", a->release);
	CHECK("release falls back to the directory name",
	      !strcmp(b->release, "kernel-b") && b->release_from_dir,
	      "got \"%s\"", b->release);
	CHECK("perf.unsupported as text, one event per line",
	      a->unsupported && !strcmp(a->unsupported, "cycles: no PMU\n"
					"instructions: no PMU, \"really\""),
	      "got \"%s\"", a->unsupported ? a->unsupported : "(null)");

	st = run_find_status(b, "s2", "migrate");
	CHECK("status reason keeps its commas, CRLF stripped",
	      st && st->status == STATUS_FAIL && !strcmp(st->reason, FAIL_REASON),
	      "got \"%s\"", st ? st->reason : "(no row)");
	st = run_find_status(a, "s1", "migrate");
	CHECK("empty reason of an ok row", st && st->status == STATUS_OK &&
	      !*st->reason, "%s", st ? st->reason : "(no row)");
	CHECK("timing valid only for ok",
	      run_timing_valid(b, "s1", "migrate") &&
	      !run_timing_valid(b, "s2", "migrate") &&
	      !run_timing_valid(b, "s3", "migrate"), "wrong");
}

static void test_series(const struct run *a)
{
	struct pair_key s1 = { "s1", "migrate" }, s2 = { "s2", "migrate" };
	struct series s;

	series_get(a, &s1, NULL, "wall_time", true, 1e6, &s);
	CHECK("driver total sums the phases of each rep",
	      s.n == 3 && fabs(s.v[0] - 4.0) < 1e-12 &&
	      fabs(s.v[1] - 4.4) < 1e-12 && fabs(s.v[2] - 3.8) < 1e-12,
	      "n %zu", s.n);
	series_free(&s);

	series_get(a, &s1, NULL, "task_clock", true, 1e6, &s);
	CHECK("a rep with an NA phase is left out of the total",
	      s.n == 2 && s.na == 1 && s.reps == 3 && fabs(s.v[0] - 2.5) < 1e-12,
	      "n %zu na %zu reps %zu", s.n, s.na, s.reps);
	series_free(&s);

	series_get(a, &s1, "back", "task_clock", true, 1e6, &s);
	CHECK("one phase: NA rep left out", s.n == 2 && s.na == 1 &&
	      fabs(s.v[0] - 0.5) < 1e-12, "n %zu na %zu", s.n, s.na);
	series_free(&s);

	series_get(a, &s2, NULL, "wall_time", true, 1e6, &s);
	CHECK("a rep missing a phase is left out of the total",
	      s.n == 1 && s.incomplete == 1 && fabs(s.v[0] - 6.0) < 1e-12,
	      "n %zu incomplete %zu", s.n, s.incomplete);
	series_free(&s);

	series_get(a, &s2, NULL, "wall_time", false, 1e6, &s);
	CHECK("a count-style total adds the phases present",
	      s.n == 2 && s.incomplete == 0 && fabs(s.v[1] - 5.0) < 1e-12,
	      "n %zu incomplete %zu", s.n, s.incomplete);
	series_free(&s);

	series_get(a, &s1, NULL, "cycles", true, 1.0, &s);
	CHECK("all-NA metric has no values", s.n == 0 && s.na == 1,
	      "n %zu na %zu", s.n, s.na);
	series_free(&s);
}

static char *render(int (*fn)(FILE *, const struct run *, size_t),
		    const struct run *runs, size_t nruns)
{
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	if (!f || fn(f, runs, nruns)) {
		perror("render");
		exit(2);
	}
	fclose(f);
	return buf;
}

static void test_report(const struct run *runs)
{
	char *text = render(report_text, runs, 2);
	char *s1 = strstr(text, "== scenario s1, driver migrate ==");
	char *s2 = strstr(text, "== scenario s2, driver migrate ==");

	CHECK("header names both kernels and directories",
	      strstr(text, "A: 7.2.13-amd64\n") &&
	      strstr(text, "B: kernel-b (directory name") &&
	      strstr(text, "run directory: "), "%s", text);
	CHECK("NA metrics listed as not counted",
	      strstr(text, "Not counted on A (NA): cycles, task_clock\n"),
	      "%s", text);
	CHECK("perf.unsupported reasons listed per event",
	      strstr(text, "\n   perf.unsupported: cycles: no PMU\n"
			   "   perf.unsupported: instructions: no PMU, "
			   "\"really\"\n"), "%s", text);
	CHECK("both pairs reported, s1 first", s1 && s2 && s1 < s2, "%s", text);
	if (!s1 || !s2)
		goto out;
	s2[-1] = '\0';		/* split into the two sections */
	CHECK("s1: medians, min, max, CoV, n of the total",
	      strstr(s1, "total wall_time [ms]     A         4.000       "
			 "3.800       4.400   7.51%     3"), "%s", s1);
	/* Medians 4.0 and 2.0; Welch t = 10.3 on 2.9 df gives p < 0.01. */
	CHECK("s1: ratio of medians with significance",
	      strstr(s1, "A/B       2.000") && strstr(s1, "**"), "%s", s1);
	CHECK("s1: B task_clock has no samples",
	      strstr(s1, "total task_clock [ms]") && strstr(s1, "no samples"),
	      "%s", s1);
	CHECK("s2: failing kernel's reason shown",
	      strstr(s2, "status B: fail: " FAIL_REASON "\n"), "%s", s2);
	CHECK("s2: no ratio when a kernel failed",
	      strstr(s2, "A/B not compared") && !strstr(s2, "  A/B "),
	      "%s", s2);
	CHECK("s2: failed kernel not timed, counts still shown",
	      strstr(s2, "not timed: status fail") &&
	      strstr(s2, "verify_failures [count]  A   no samples\n"
			 "                           B             3"), "%s", s2);
	CHECK("s2: left-out repetitions are noted",
	      strstr(s2, "(A: 1 of 2 repetitions left out: 1 missing a phase)"),
	      "%s", s2);
	CHECK("footer states the significance rule",
	      strstr(s2, "** p < 0.01, * p < 0.05, n/s not significant"),
	      "%s", s2);
out:
	free(text);
}

static void test_dat(const struct run *runs)
{
	char *dat = render(driver_time_dat, runs, 2);

	CHECK("dat header row names the kernels",
	      strstr(dat, "\n\"scenario/driver\" \"7.2.13-amd64\" "
			  "\"7.2.13-amd64 min\" \"7.2.13-amd64 max\" "
			  "\"7.2.13-amd64 n\" \"kernel-b\" "), "%s", dat);
	CHECK("dat row: median min max n per kernel",
	      strstr(dat, "\n\"s1/migrate\" 4.000000 3.800000 4.400000 3 "
			  "2.000000 1.900000 2.200000 3\n"), "%s", dat);
	CHECK("dat row: NaN for a failed kernel",
	      strstr(dat, "\n\"s2/migrate\" 6.000000 6.000000 6.000000 1 "
			  "NaN NaN NaN 0\n"), "%s", dat);
	free(dat);
}

static void test_significance(void)
{
	CHECK("significance marks",
	      !strcmp(report_significance(0.009), "**") &&
	      !strcmp(report_significance(0.01), "*") &&
	      !strcmp(report_significance(0.049), "*") &&
	      !strcmp(report_significance(0.05), "n/s") &&
	      !strcmp(report_significance(NAN), "-"), "wrong mark");
}

/* A run made of @samples and @status must be refused naming @where. */
static void expect_bad(const char *name, const char *samples,
		       const char *status, const char *metadata,
		       const char *where)
{
	const char *dir = make_run(name, samples, status, metadata);
	char err[1024] = "", want[600];
	struct run run;
	int ret;

	snprintf(want, sizeof(want), "%s/%s", dir, where);
	ret = run_load(dir, &run, err, sizeof(err));
	CHECK(name, ret == -1 && strstr(err, want), "ret %d, error \"%s\"",
	      ret, err);
	if (!ret)
		run_free(&run);
}

#define ROW(value)	SAMPLES_HEADER "s1,migrate,out,1,wall_time,ns," value "\n"

static void test_malformed(void)
{
	expect_bad("rejects non-numeric value", ROW("12x"), a_status, NULL,
		   "samples.csv:2: value \"12x\"");
	expect_bad("rejects lowercase na", ROW("na"), a_status, NULL,
		   "samples.csv:2:");
	expect_bad("rejects negative value", ROW("-5"), a_status, NULL,
		   "samples.csv:2:");
	expect_bad("rejects value with a space", ROW(" 5"), a_status, NULL,
		   "samples.csv:2:");
	expect_bad("rejects an extra field", ROW("5,6"), a_status, NULL,
		   "samples.csv:2: more than 7 fields");
	expect_bad("rejects a missing field", SAMPLES_HEADER
		   "s1,migrate,out,1,wall_time,ns\n", a_status, NULL,
		   "samples.csv:2: 6 fields");
	expect_bad("rejects rep 0", SAMPLES_HEADER
		   "s1,migrate,out,0,wall_time,ns,5\n", a_status, NULL,
		   "samples.csv:2: rep");
	expect_bad("rejects unknown unit", SAMPLES_HEADER
		   "s1,migrate,out,1,wall_time,ms,5\n", a_status, NULL,
		   "samples.csv:2: unit");
	expect_bad("rejects wall_time not in ns", SAMPLES_HEADER
		   "s1,migrate,out,1,wall_time,count,5\n", a_status, NULL,
		   "samples.csv:2: metric wall_time");
	expect_bad("rejects an empty line", ROW("5") "\n" "s1,migrate,back,1,"
		   "wall_time,ns,5\n", a_status, NULL, "samples.csv:3:");
	expect_bad("rejects a duplicate row", ROW("5") "s2,migrate,out,1,"
		   "wall_time,ns,7\ns1,migrate,out,1,wall_time,ns,6\n",
		   a_status, NULL, "samples.csv:4: duplicate of line 2");
	expect_bad("rejects a wrong header", "scenario,driver,rep\n",
		   a_status, NULL, "samples.csv:1: header");
	expect_bad("rejects an empty samples.csv", "", a_status, NULL,
		   "samples.csv:1: empty file");
	expect_bad("rejects a missing samples.csv", NULL, a_status, NULL,
		   "samples.csv: cannot open");
	expect_bad("rejects an unknown status", ROW("5"), STATUS_HEADER
		   "s1,migrate,okay,\n", NULL, "status.csv:2: status \"okay\"");
	expect_bad("rejects a status row without reason field", ROW("5"),
		   STATUS_HEADER "s1,migrate,ok\n", NULL, "status.csv:2: 3 fields");
	expect_bad("rejects a duplicate status row", ROW("5"), STATUS_HEADER
		   "s1,migrate,ok,\ns1,migrate,fail,x\n", NULL,
		   "status.csv:3: duplicate of line 2");
	expect_bad("rejects a missing status.csv", ROW("5"), NULL, NULL,
		   "status.csv: cannot open");
	expect_bad("rejects truncated metadata.json", ROW("5"), a_status,
		   "{\n  \"kernel\": {\n    \"release\": \"7.2",
		   "metadata.json:3: malformed JSON");
}

static int remove_entry(const char *path, const struct stat *sb, int flag,
			struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

CHECK_DEFINE_STATE;

int main(void)
{
	struct run runs[2];
	char err[1024], dir_b[600];
	const char *dir;

	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 2;
	}
	dir = make_run("kernel-a", a_samples, a_status, a_metadata);
	if (run_load(dir, &runs[0], err, sizeof(err))) {
		CHECK("load kernel A", false, "%s", err);
		goto out;
	}
	/* The trailing slash must not end up in the fallback release. */
	snprintf(dir_b, sizeof(dir_b), "%s/", make_run("kernel-b", b_samples,
							b_status, NULL));
	if (run_load(dir_b, &runs[1], err, sizeof(err))) {
		CHECK("load kernel B", false, "%s", err);
		run_free(&runs[0]);
		goto out;
	}
	test_parse(&runs[0], &runs[1]);
	test_series(&runs[0]);
	test_report(runs);
	test_dat(runs);
	run_free(&runs[0]);
	run_free(&runs[1]);
	test_significance();
	test_malformed();
out:
	nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	return CHECK_EXIT();
}
