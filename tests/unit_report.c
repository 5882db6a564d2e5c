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
#include "run_files.h"
#include "driver_time_dat.h"
#include "kernel_label.h"
#include "report_text.h"
#include "results_read.h"
#include "run_keys.h"
#include "series.h"
#include "stats.h"
#include "walk_stats.h"

#define SAMPLES_HEADER	"scenario,driver,phase,rep,metric,unit,value\n"
#define STATUS_HEADER	"scenario,driver,status,reason\n"
#define WALKS_HDR	"scenario,driver,phase,rep,walk,items,iterations," \
			"skip_addr,skip_mm,rmap_one,lock_ns,lock_max_ns\n"
#define NOT_AVAILABLE	"per-walk numbers: not available (kernel without " \
			"the ksm_rmap_walk tracepoint)"
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

static void make_dir(const char *dir)
{
	if (mkdir(dir, 0755)) {
		perror(dir);
		exit(2);
	}
}

/*
 * A run directory under tmpdir (NAME may be "parent/run", the parent made
 * first); a NULL text leaves that file out.
 */
static const char *make_run_walks(const char *name, const char *samples,
				  const char *status, const char *metadata,
				  const char *walks)
{
	static char dir[512];
	char *slash;

	snprintf(dir, sizeof(dir), "%s/%s", tmpdir, name);
	slash = strrchr(dir, '/');
	if (strchr(name, '/')) {
		*slash = '\0';
		make_dir(dir);
		*slash = '/';
	}
	make_dir(dir);
	if (samples)
		write_in(dir, "samples.csv", samples);
	if (status)
		write_in(dir, "status.csv", status);
	if (metadata)
		write_in(dir, "metadata.json", metadata);
	if (walks)
		write_in(dir, "walks.csv", walks);
	return dir;
}

static const char *make_run(const char *name, const char *samples,
			    const char *status, const char *metadata)
{
	return make_run_walks(name, samples, status, metadata, NULL);
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
	      s && !s->na && s->value == 3200000 && !strcmp(s->unit, "ns") &&
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

/* A run made of these files must be refused naming @where. */
static void expect_bad_walks(const char *name, const char *samples,
			     const char *status, const char *metadata,
			     const char *walks, const char *where)
{
	const char *dir = make_run_walks(name, samples, status, metadata,
					 walks);
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

static void expect_bad(const char *name, const char *samples,
		       const char *status, const char *metadata,
		       const char *where)
{
	expect_bad_walks(name, samples, status, metadata, NULL, where);
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
	expect_bad("rejects a unit other than the declared one", SAMPLES_HEADER
		   "s1,migrate,out,1,wall_time,ms,5\n", a_status, NULL,
		   "samples.csv:2: metric wall_time must be in ns, not ms");
	expect_bad("schema 2: rejects an undeclared metric", SAMPLES_HEADER
		   "s1,migrate,out,1,bogus,ns,5\n", a_status,
		   "{\"schema_version\": 2, \"metrics\": []}",
		   "samples.csv:2: metric bogus is not declared");
	expect_bad("schema 2: rejects an unclosed quote", SAMPLES_HEADER
		   "\"s1,migrate,out,1,wall_time,ns,5\n", a_status,
		   "{\"schema_version\": 2, \"metrics\": []}",
		   "samples.csv:2: stray or unclosed quote");
	expect_bad("rejects a schema newer than the reader", SAMPLES_HEADER,
		   a_status, "{\"schema_version\": 99}",
		   "metadata.json: schema_version is not");
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

/*
 * Three kernels, A the baseline.  A and B are two builds of release 7.3.4
 * in variant directories 7.3-full and 7.3-bounded; C (7.2.13) has no
 * walks.csv.  s1 driver totals: A 20, 22 ms; B 1.0, 1.2 ms; C 9, 10 ms.
 * s2: C skipped.  s3: B failed, C absent.
 */
static const char wa_samples[] = SAMPLES_HEADER
	"s1,migrate,out,1,wall_time,ns,10000000\n"
	"s1,migrate,back,1,wall_time,ns,10000000\n"
	"s1,migrate,out,2,wall_time,ns,11000000\n"
	"s1,migrate,back,2,wall_time,ns,11000000\n"
	"s2,migrate,out,1,wall_time,ns,3000000\n"
	"s3,migrate,out,1,wall_time,ns,3000000\n";
static const char wb_samples[] = SAMPLES_HEADER
	"s1,migrate,out,1,wall_time,ns,500000\n"
	"s1,migrate,back,1,wall_time,ns,500000\n"
	"s1,migrate,out,2,wall_time,ns,600000\n"
	"s1,migrate,back,2,wall_time,ns,600000\n"
	"s1,migrate,out,1,rmap_walks_lost,count,4\n"
	"s2,migrate,out,1,wall_time,ns,1000000\n"
	"s3,migrate,out,1,wall_time,ns,1000000\n";
static const char wc_samples[] = SAMPLES_HEADER
	"s1,migrate,out,1,wall_time,ns,4500000\n"
	"s1,migrate,back,1,wall_time,ns,4500000\n"
	"s1,migrate,out,2,wall_time,ns,5000000\n"
	"s1,migrate,back,2,wall_time,ns,5000000\n";
static const char wa_status[] = STATUS_HEADER
	"s1,migrate,ok,\ns2,migrate,ok,\ns3,migrate,ok,\n";
static const char wb_status[] = STATUS_HEADER
	"s1,migrate,ok,\ns2,migrate,ok,\ns3,migrate,fail,verify: 1 page\n";
static const char wc_status[] = STATUS_HEADER
	"s1,migrate,ok,\ns2,migrate,skip,needs 2 NUMA nodes\n";
static const char meta_734[] = "{ \"kernel\": { \"release\": \"7.3.4\" } }\n";
static const char meta_7213[] = "{ \"kernel\": { \"release\": \"7.2.13\" } }\n";

/*
 * s1 of kernel A: rep 1 has 100 walks in phase out with iterations
 * 1..100, rep 2 has 50 walks in phase back with iterations 101..150, so
 * pooled the iterations are 1..150.  By hand: mean 151 / 2 = 75.5;
 * nearest-rank p99 is rank ceil(0.99 * 150) = ceil(148.5) = 149, value
 * 149 (interpolating would give 148.51); max 150; per-rep sums
 * sum(1..100) = 5050 and sum(101..150) = 6275, median 5662.5.  lock_ns is
 * 1000 * iterations (us: 75.500, 149.000, 150.000, 5662.500), lock_max_ns
 * half of it.  One more walk in s3.
 * Kernel B: the same walk counts with iterations 3 and lock_ns 500, so
 * A/B is 75.5 / 3 = 25.167 for iterations and 75500 / 500 = 151 for lock.
 */
static char *make_walks(bool full)
{
	unsigned long it, i;
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		exit(2);
	fputs(WALKS_HDR, f);
	for (i = 1; i <= 150; i++) {
		it = full ? i : 3;
		fprintf(f, "s1,migrate,%s,%d,%lu,2,%lu,%lu,%d,1,%lu,%lu\n",
			i <= 100 ? "out" : "back", i <= 100 ? 1 : 2,
			i <= 100 ? i : i - 100, it, full ? it - 1 : 1,
			full ? 0 : 1, full ? 1000 * it : 500,
			full ? 500 * it : 250);
	}
	fputs("s3,migrate,out,1,1,2,7,5,1,1,900,900\n", f);
	fclose(f);
	return buf;
}

static int load_three(struct run *runs)
{
	static const char *const names[] = {
		"w/7.3-full/run", "w/7.3-bounded/run", "w/7.2-stock/run",
	};
	char *wa = make_walks(true), *wb = make_walks(false);
	const char *texts[3][4] = {
		{ wa_samples, wa_status, meta_734, wa },
		{ wb_samples, wb_status, meta_734, wb },
		{ wc_samples, wc_status, meta_7213, NULL },
	};
	char dir[600], err[1024];
	size_t k, m;

	snprintf(dir, sizeof(dir), "%s/w", tmpdir);
	make_dir(dir);
	for (k = 0; k < 3; k++) {
		make_run_walks(names[k], texts[k][0], texts[k][1], texts[k][2],
			       texts[k][3]);
		snprintf(dir, sizeof(dir), "%s/%s", tmpdir, names[k]);
		if (run_load(dir, &runs[k], err, sizeof(err))) {
			CHECK("load three kernels", false, "%s", err);
			for (m = 0; m < k; m++)
				run_free(&runs[m]);
			k = 0;
			break;
		}
	}
	free(wa);
	free(wb);
	return k == 3 ? 0 : -1;
}

static void test_walk_stats(const struct run *runs)
{
	struct pair_key s1 = { "s1", "migrate" };
	const struct walk_field_stats *it, *lock;
	struct walk_summary ws;

	CHECK("walks.csv rows loaded, absent file noted",
	      runs[0].walks.present && runs[0].walks.nrows == 151 &&
	      !runs[2].walks.present && runs[2].walks.nrows == 0,
	      "A %zu rows, C present %d", runs[0].walks.nrows,
	      runs[2].walks.present);
	if (walk_summary_get(&runs[0], &s1, &ws)) {
		CHECK("walk summary", false, "out of memory");
		return;
	}
	it = &ws.f[WALK_ITERATIONS];
	lock = &ws.f[WALK_LOCK_NS];
	CHECK("walks pooled over phases and reps: 150, 75 per rep",
	      ws.walks == 150 && ws.reps == 2 && ws.walks_per_rep == 75.0,
	      "walks %zu reps %zu per rep %g", ws.walks, ws.reps,
	      ws.walks_per_rep);
	CHECK("iterations mean 75.5, nearest-rank p99 149, max 150",
	      it->mean == 75.5 && it->p99 == 149 && it->max == 150,
	      "mean %g p99 %llu max %llu", it->mean, it->p99, it->max);
	CHECK("iterations per rep: median of 5050 and 6275",
	      it->per_rep == 5662.5, "got %g", it->per_rep);
	CHECK("lock_ns p99 149000, max 150000",
	      lock->p99 == 149000 && lock->max == 150000 &&
	      lock->mean == 75500.0, "mean %g p99 %llu max %llu", lock->mean,
	      lock->p99, lock->max);
	walk_summary_get(&runs[1], &s1, &ws);
	CHECK("lost walks summed from samples.csv rmap_walks_lost",
	      ws.lost == 4, "got %llu", ws.lost);
}

static void test_report_three(const struct run *runs)
{
	char *text = render(report_text, runs, 3);
	char *s1 = strstr(text, "== scenario s1, driver migrate ==");
	char *s2 = strstr(text, "== scenario s2, driver migrate ==");
	char *s3 = strstr(text, "== scenario s3, driver migrate ==");
	char *foot = strstr(text, "\nk: kernel ");
	char *walks;

	CHECK("3 kernels: title names the baseline",
	      strstr(text, "(rmap_walk_ksm), kernel A (baseline) vs B, C\n"),
	      "%s", text);
	CHECK("3 kernels: same release told apart by the variant directory",
	      strstr(text, "\nA: 7.3.4 (7.3-full)\n") &&
	      strstr(text, "\nB: 7.3.4 (7.3-bounded)\n") &&
	      strstr(text, "\nC: 7.2.13\n"), "%s", text);
	CHECK("header: per-walk availability per kernel",
	      strstr(text, "   per-walk numbers: 151 walks in walks.csv\n") &&
	      strstr(text, "C: 7.2.13\n   run directory: ") &&
	      strstr(text, "\n   " NOT_AVAILABLE "\n"), "%s", text);
	CHECK("3 kernels: all sections, then the footer",
	      s1 && s2 && s3 && foot && s1 < s2 && s2 < s3 && s3 < foot,
	      "%s", text);
	if (!s1 || !s2 || !s3 || !foot)
		goto out;
	s2[-1] = s3[-1] = *foot = '\0';
	/* Medians 21, 1.1 and 9.5 ms: A/B 19.091, A/C 2.211. */
	CHECK("s1: one ratio row per other kernel, against A",
	      strstr(s1, "A/B      19.091") && strstr(s1, "A/C       2.211"),
	      "%s", s1);
	CHECK("s2: C skipped: A/C not compared, A/B still is",
	      strstr(s2, "A/C not compared") && !strstr(s2, "A/B not") &&
	      strstr(s2, "  A/B ") && !strstr(s2, "  A/C "), "%s", s2);
	walks = strstr(s1, "  per rmap_walk_ksm() call k ");
	CHECK("s1: per-walk section after the timing rows", walks, "%s", s1);
	if (!walks)
		goto out;
	CHECK("s1: walks, walks per rep and reps per kernel",
	      strstr(walks, "  walks [count]            A           150"
			    "          75           2\n"
			    "                           B           150"
			    "          75           2\n"), "%s", walks);
	CHECK("s1: lost walks noted",
	      strstr(walks, "(B: 4 more walks were lost by the harness's "
			    "ring buffer"), "%s", walks);
	CHECK("s1: kernel without walks.csv says so",
	      strstr(walks, "\n                           C   " NOT_AVAILABLE
			    "\n"), "%s", walks);
	CHECK("s1: iterations mean, nearest-rank p99, max, sum/rep",
	      strstr(walks, "  iterations [count]       A         75.50"
			    "         149         150        5662.5\n"
			    "                           B          3.00"
			    "           3           3           225\n"
			    "                           A/B      25.167\n"),
	      "%s", walks);
	CHECK("s1: lock in us with the unit in the label, ratio of means",
	      strstr(walks, "  lock [us]                A        75.500"
			    "     149.000     150.000      5662.500\n") &&
	      strstr(walks, "0.500       0.500       0.500        37.500\n"
			    "                           A/B     151.000\n"),
	      "%s", walks);
	CHECK("s1: lock_max in us",
	      strstr(walks, "  lock_max [us]            A        37.750"
			    "      74.500      75.000"), "%s", walks);
	CHECK("s1: no per-walk ratio against the kernel without walks",
	      !strstr(walks, "A/C"), "%s", walks);
	walks = strstr(s3, "  per rmap_walk_ksm() call k ");
	CHECK("s3: per-walk numbers of a failed kernel are not used",
	      walks && strstr(walks, "  B   not used: status fail\n") &&
	      !strstr(walks, "A/B") && strstr(walks, "iterations [count]"),
	      "%s", s3);
	CHECK("footer: kernels, baseline, nearest-rank p99 defined",
	      strstr(foot + 1, "k: kernel A, B or C.") &&
	      strstr(foot + 1, "A is the baseline. A/k is the ratio of "
				"medians") &&
	      strstr(foot + 1, "nearest-rank 99th percentile") &&
	      strstr(foot + 1, "the value at\nrank ceil(0.99 n) of the n "
				"walks") &&
	      strstr(foot + 1, "A/k there is the ratio of means"),
	      "%s", foot + 1);
out:
	free(text);
}

static void test_dat_three(const struct run *runs)
{
	char *dat = render(driver_time_dat, runs, 3);

	CHECK("dat: 3 kernels labelled by variant where releases clash",
	      strstr(dat, "\n\"scenario/driver\" \"7.3-full\" \"7.3-full min\" "
			  "\"7.3-full max\" \"7.3-full n\" \"7.3-bounded\" "
			  "\"7.3-bounded min\" \"7.3-bounded max\" "
			  "\"7.3-bounded n\" \"7.2.13\" \"7.2.13 min\" "
			  "\"7.2.13 max\" \"7.2.13 n\"\n"), "%s", dat);
	CHECK("dat: one median min max n per kernel",
	      strstr(dat, "\n\"s1/migrate\" 21.000000 20.000000 22.000000 2 "
			  "1.100000 1.000000 1.200000 2 "
			  "9.500000 9.000000 10.000000 2\n"), "%s", dat);
	CHECK("dat: NaN for the skipped and the absent kernel",
	      strstr(dat, "\n\"s2/migrate\" 3.000000 3.000000 3.000000 1 "
			  "1.000000 1.000000 1.000000 1 NaN NaN NaN 0\n") &&
	      strstr(dat, "\n\"s3/migrate\" 3.000000 3.000000 3.000000 1 "
			  "NaN NaN NaN 0 NaN NaN NaN 0\n"), "%s", dat);
	free(dat);
}

static void test_walks_three(void)
{
	struct run runs[3];

	if (load_three(runs))
		return;
	test_walk_stats(runs);
	test_report_three(runs);
	test_dat_three(runs);
	run_free(&runs[0]);
	run_free(&runs[1]);
	run_free(&runs[2]);
}

static void test_labels(void)
{
	struct run runs[3];
	char a[64], b[64], c[64];

	memset(runs, 0, sizeof(runs));
	runs[0].release = runs[1].release = "7.3.4";
	runs[2].release = "7.2.13";
	runs[0].parent = runs[1].parent = "7.3-full";
	runs[2].parent = "7.3-full";
	kernel_label(runs, 3, 0, a, sizeof(a));
	kernel_label(runs, 3, 1, b, sizeof(b));
	kernel_label(runs, 3, 2, c, sizeof(c));
	CHECK("labels stay distinct when variant directories clash too",
	      !strcmp(a, "7.3-full (A)") && !strcmp(b, "7.3-full (B)") &&
	      !strcmp(c, "7.2.13"), "got \"%s\", \"%s\", \"%s\"", a, b, c);
}

#define WROW(rest)	WALKS_HDR "s1,migrate,out,1," rest "\n"

static void test_malformed_walks(void)
{
	const char *ok = ROW("5");
	const char *dir;
	char err[1024];
	struct run run;

	expect_bad_walks("walks: non-numeric field", ok, a_status, NULL,
			 WROW("1,2,x,0,0,1,10,5"),
			 "walks.csv:2: iterations \"x\" is not");
	expect_bad_walks("walks: too few fields", ok, a_status, NULL,
			 WROW("1,2,3,0,0,1,10"), "walks.csv:2: 11 fields");
	expect_bad_walks("walks: too many fields", ok, a_status, NULL,
			 WROW("1,2,3,0,0,1,10,5,7"),
			 "walks.csv:2: more than 12 fields");
	expect_bad_walks("walks: walk 0", ok, a_status, NULL,
			 WROW("0,2,3,0,0,1,10,5"), "walks.csv:2: walk \"0\"");
	expect_bad_walks("walks: negative lock time", ok, a_status, NULL,
			 WROW("1,2,3,0,0,1,-10,5"), "walks.csv:2: lock_ns");
	expect_bad_walks("walks: longest hold above the total", ok, a_status,
			 NULL, WROW("1,2,3,0,0,1,10,11"),
			 "walks.csv:2: lock_max_ns 11 exceeds lock_ns 10");
	expect_bad_walks("walks: skips above iterations", ok, a_status, NULL,
			 WROW("1,2,3,2,1,1,10,5"),
			 "walks.csv:2: skip_addr 2 + skip_mm 1 + rmap_one 1");
	expect_bad_walks("walks: duplicate walk", ok, a_status, NULL,
			 WROW("1,2,3,0,0,1,10,5") "s1,migrate,out,1,1,2,3,0,0,"
			 "1,10,5\n", "walks.csv:3: duplicate of line 2");
	expect_bad_walks("walks: gap in the numbering", ok, a_status, NULL,
			 WROW("1,2,3,0,0,1,10,5") "s1,migrate,out,1,3,2,3,0,0,"
			 "1,10,5\n", "walks.csv:3: walk 3 follows walk 1");
	expect_bad_walks("walks: numbering not from 1", ok, a_status, NULL,
			 WROW("2,2,3,0,0,1,10,5"),
			 "walks.csv:2: walk 2 is the first");
	expect_bad_walks("walks: pair without a status row", ok, a_status, NULL,
			 WALKS_HDR "s9,migrate,out,1,1,2,3,0,0,1,10,5\n",
			 "walks.csv:2: scenario s9, driver migrate has no row "
			 "in status.csv");
	expect_bad_walks("walks: wrong header", ok, a_status, NULL,
			 "scenario,driver,phase,rep,walk,iterations\n",
			 "walks.csv:1: header");
	expect_bad_walks("walks: empty file", ok, a_status, NULL, "",
			 "walks.csv:1: empty file");

	dir = make_run_walks("walks-header-only", ok, a_status, NULL,
			     WALKS_HDR);
	if (run_load(dir, &run, err, sizeof(err))) {
		CHECK("walks.csv with only its header loads", false, "%s", err);
		return;
	}
	CHECK("walks.csv with only its header: present, no walks",
	      run.walks.present && !run.walks.nrows, "present %d rows %zu",
	      run.walks.present, run.walks.nrows);
	run_free(&run);
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

/*
 * A driver's own metrics get rows of their own, per phase, in the unit it
 * declared (ns shown as ms); a collector's do not, nor an all-NA metric.
 */
static void test_driver_rows(void)
{
	static const char meta[] = "{\"schema_version\": 2, \"metrics\": ["
		"{\"name\": \"wall_time\", \"unit\": \"ns\", "
		"\"better\": \"lower\", \"help\": \"h\", "
		"\"source\": \"perf_counters\"},"
		"{\"name\": \"ksm_pages_moved\", \"unit\": \"pages\", "
		"\"better\": \"higher\", \"help\": \"h\", "
		"\"source\": \"compact\"},"
		"{\"name\": \"settle_ns\", \"unit\": \"ns\", "
		"\"better\": \"lower\", \"help\": \"h\", "
		"\"source\": \"compact\"},"
		"{\"name\": \"never_counted\", \"unit\": \"count\", "
		"\"better\": \"none\", \"help\": \"h\", "
		"\"source\": \"compact\"},"
		"{\"name\": \"kprobe_walks\", \"unit\": \"count\", "
		"\"better\": \"none\", \"help\": \"h\", "
		"\"source\": \"kprobe_walks\"}]}";
	static const char samples[] = SAMPLES_HEADER
		"d,compact,compact,1,wall_time,ns,2000000\n"
		"d,compact,compact,1,ksm_pages_moved,pages,3\n"
		"d,compact,compact,1,settle_ns,ns,1500000\n"
		"d,compact,compact,1,never_counted,count,NA\n"
		"d,compact,compact,1,kprobe_walks,count,9\n"
		"d,compact,compact,2,wall_time,ns,4000000\n"
		"d,compact,compact,2,ksm_pages_moved,pages,5\n"
		"d,compact,compact,2,settle_ns,ns,2500000\n"
		"d,compact,compact,2,never_counted,count,NA\n"
		"d,compact,compact,2,kprobe_walks,count,9\n";
	struct run runs[2];
	char err[512], *text, *sec;

	if (run_load(make_run("drv-a", samples, STATUS_HEADER
			      "d,compact,ok,\n", meta), &runs[0], err,
		     sizeof(err))) {
		CHECK("driver rows: run A loads", false, "%s", err);
		return;
	}
	if (run_load(make_run("drv-b", samples, STATUS_HEADER
			      "d,compact,fail,pages left\n", meta), &runs[1],
		     err, sizeof(err))) {
		CHECK("driver rows: run B loads", false, "%s", err);
		run_free(&runs[0]);
		return;
	}
	text = render(report_text, runs, 2);
	sec = strstr(text, "== scenario d, driver compact ==");
	if (!sec)
		sec = text;
	CHECK("driver rows: the driver's metric per phase, in its unit, "
	      "shown for a failed kernel too",
	      strstr(text, "  compact ksm_pages_moved [pages]\n"
			   "                           A             4"
			   "           3           5") &&
	      strstr(text, "                           B             4"),
	      "%s", text);
	CHECK("driver rows: ns declared, ms shown",
	      strstr(text, "compact settle_ns [ms]   A         2.000"),
	      "%s", text);
	CHECK("driver rows: an all-NA metric is left out",
	      !strstr(sec, "never_counted"), "%s", text);
	/* The kprobe section below the driver rows shows it, as its own. */
	CHECK("driver rows: a collector's metric is not a driver row",
	      !strstr(sec, "compact kprobe_walks ["), "%s", text);
	free(text);
	run_free(&runs[0]);
	run_free(&runs[1]);
}

/* Schema 2: quoted fields, units and directions from "metrics". */
static void test_schema2(void)
{
	static const char meta[] = "{\"schema_version\": 2, \"metrics\": ["
		"{\"name\": \"wall_time\", \"unit\": \"ns\", "
		"\"better\": \"lower\", \"help\": \"h\", \"source\": \"x\"},"
		"{\"name\": \"moved\", \"unit\": \"pages\", "
		"\"better\": \"higher\", \"help\": \"h\", \"source\": \"x\"}]}";
	const char *dir = make_run("schema2", SAMPLES_HEADER
		"\"s,1\",migrate,out,1,wall_time,ns,5\n"
		"\"s,1\",migrate,out,1,moved,pages,7\n", STATUS_HEADER
		"\"s,1\",migrate,fail,\"a, \"\"b\"\", c\"\n", meta);
	const struct metric_desc *m;
	struct run run;
	char err[512];

	if (run_load(dir, &run, err, sizeof(err))) {
		CHECK("schema 2 run loads", false, "%s", err);
		return;
	}
	CHECK("schema 2: quoted scenario and reason read back",
	      run.nstatuses == 1 && !strcmp(run.statuses[0].scenario, "s,1") &&
	      !strcmp(run.statuses[0].reason, "a, \"b\", c"),
	      "got <%s>", run.nstatuses ? run.statuses[0].reason : "");
	m = run_metric(&run, "moved");
	CHECK("schema 2: unit and direction come from metadata.json",
	      m && !strcmp(m->unit, "pages") && m->better == BETTER_HIGHER,
	      "not declared as written");
	run_free(&run);
}

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
	test_schema2();
	test_driver_rows();
	test_malformed_walks();
	test_labels();
	test_walks_three();
out:
	nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	return CHECK_EXIT();
}
