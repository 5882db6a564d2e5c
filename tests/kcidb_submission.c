// SPDX-License-Identifier: GPL-2.0
/*
 * kcidb_submission REPORT SCHEMA GOOD_RUN FAILED_RUN: ksmbench-report
 * --kcidb on two committed reference runs (one passed, one failed
 * verification) must give a submission that a JSON-schema validator from
 * Debian (python3-jsonschema) accepts against the KCIDB v5 field rules in
 * SCHEMA, that links every test to a build, and whose statuses and medians
 * are those of the runs (the medians recomputed here from samples.csv).
 * The validator must also reject a submission with a bad status, so a
 * validator that accepts everything cannot pass this test.
 */
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

CHECK_DEFINE_STATE;

#define OUT	"build/tests/kcidb.json"
#define BAD	"build/tests/kcidb-bad.json"
#define PY	"/usr/bin/python3"

static int run(const char *cmd)
{
	int st = system(cmd);

	return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median of one (scenario, driver, phase, metric) in RUN/samples.csv. */
static double samples_median(const char *rundir, const char *key,
			     const char *metric)
{
	char path[PATH_MAX], line[512], m[64];
	double v[256], val;
	size_t n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/samples.csv", rundir);
	f = fopen(path, "r");
	if (!f)
		return NAN;
	while (fgets(line, sizeof(line), f) && n < 256) {
		char *p = line;
		int i;

		if (strncmp(line, key, strlen(key)))
			continue;
		/* scenario,driver,phase,rep,metric,unit,value */
		for (i = 0; i < 4 && p; i++)
			p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL;
		if (p && sscanf(p, "%63[^,],%*[^,],%lf", m, &val) == 2 &&
		    !strcmp(m, metric))
			v[n++] = val;
	}
	fclose(f);
	if (!n)
		return NAN;
	qsort(v, n, sizeof(v[0]), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static json_t *find_test(json_t *tests, const char *build_id, const char *path)
{
	size_t i;
	json_t *t;

	json_array_foreach(tests, i, t) {
		if (!strcmp(json_string_value(json_object_get(t, "path")), path) &&
		    !strcmp(json_string_value(json_object_get(t, "build_id")), build_id))
			return t;
	}
	return NULL;
}

static const char *status_of(json_t *t)
{
	const char *s = json_string_value(json_object_get(t, "status"));

	return s ? s : "missing";
}

static void check_links(json_t *doc)
{
	json_t *builds = json_object_get(doc, "builds");
	json_t *tests = json_object_get(doc, "tests");
	size_t i, j, unlinked = 0, dup = 0;
	json_t *t, *b, *u;

	json_array_foreach(tests, i, t) {
		const char *bid = json_string_value(json_object_get(t, "build_id"));
		bool found = false;

		json_array_foreach(builds, j, b)
			found |= !strcmp(bid, json_string_value(json_object_get(b, "id")));
		unlinked += !found;
		json_array_foreach(tests, j, u)
			dup += j > i && json_equal(json_object_get(t, "id"),
						   json_object_get(u, "id"));
	}
	CHECK("kcidb: every test's build_id names a build", !unlinked,
	      "%zu unlinked", unlinked);
	CHECK("kcidb: test ids unique", !dup, "%zu duplicates", dup);
}

static void check_runs(json_t *doc, const char *good_run)
{
	json_t *builds = json_object_get(doc, "builds");
	json_t *tests = json_object_get(doc, "tests");
	const char *good, *bad;
	json_t *t, *num;
	double want, got;

	CHECK("kcidb: one build per run", json_array_size(builds) == 2 &&
	      json_array_size(json_object_get(doc, "checkouts")) == 2,
	      "%zu builds", json_array_size(builds));
	if (json_array_size(builds) != 2)
		return;
	good = json_string_value(json_object_get(json_array_get(builds, 0), "id"));
	bad = json_string_value(json_object_get(json_array_get(builds, 1), "id"));
	t = find_test(tests, good, "ksmbench.xu20k.migrate");
	CHECK("kcidb: passed pair is PASS", t && !strcmp(status_of(t), "PASS"),
	      "%s", t ? status_of(t) : "missing");
	t = find_test(tests, bad, "ksmbench.mremap2k.migrate");
	CHECK("kcidb: failed pair is FAIL with its reason",
	      t && !strcmp(status_of(t), "FAIL") && json_object_get(t, "log_excerpt"),
	      "%s", t ? status_of(t) : "missing");
	CHECK("kcidb: failed pair has no measurements",
	      !find_test(tests, bad, "ksmbench.mremap2k.migrate.out.wall_time"), "found one");
	t = find_test(tests, good, "ksmbench.xu20k.migrate.out.wall_time");
	num = t ? json_object_get(t, "number") : NULL;
	want = samples_median(good_run, "xu20k,migrate,out,", "wall_time") * 1e-9;
	got = json_real_value(json_object_get(num, "value"));
	CHECK("kcidb: wall_time is the median in seconds, metric prefix",
	      num && isfinite(want) && fabs(got - want) <= 1e-9 * want &&
	      !strcmp(json_string_value(json_object_get(num, "unit")), "s") &&
	      !strcmp(json_string_value(json_object_get(num, "prefix")), "metric") &&
	      !strcmp(status_of(t), "DONE"),
	      "got %.9g, want %.9g", got, want);
}

int main(int argc, char **argv)
{
	char cmd[PATH_MAX * 4];
	json_error_t jerr;
	json_t *doc;
	int rc;

	if (argc != 5) {
		fprintf(stderr, "usage: %s REPORT SCHEMA GOOD_RUN FAILED_RUN\n", argv[0]);
		return 2;
	}
	snprintf(cmd, sizeof(cmd), "%s --kcidb %s %s %s", argv[1], OUT, argv[3], argv[4]);
	rc = run(cmd);
	CHECK("kcidb: ksmbench-report --kcidb exit status", rc == 0, "%d", rc);
	doc = json_load_file(OUT, 0, &jerr);
	CHECK("kcidb: output is JSON", doc, "%s:%d: %s", OUT, jerr.line, jerr.text);
	if (!doc)
		return CHECK_EXIT();
	CHECK("kcidb: version 5", json_integer_value(json_object_get(
	      json_object_get(doc, "version"), "major")) == 5, "other major");
	check_links(doc);
	check_runs(doc, argv[3]);
	json_decref(doc);

	if (run(PY " -c 'import jsonschema' 2>/dev/null"))
		run("bash harness/install-deps.sh python3-jsonschema >&2");
	if (run(PY " -c 'import jsonschema' 2>/dev/null")) {
		SKIP("kcidb: schema validation", "python3-jsonschema cannot be installed");
		return CHECK_EXIT();
	}
	snprintf(cmd, sizeof(cmd), PY " -m jsonschema -i %s %s >&2", OUT, argv[2]);
	rc = run(cmd);
	CHECK("kcidb: validates against the v5 field rules", rc == 0, "validator exit %d", rc);
	snprintf(cmd, sizeof(cmd), "sed 's/\"PASS\"/\"OK\"/' %s >%s && "
		 PY " -m jsonschema -i %s %s >/dev/null 2>&1", OUT, BAD, BAD, argv[2]);
	rc = run(cmd);
	CHECK("kcidb: validator rejects a bad status", rc != 0 && rc != -1,
	      "validator exit %d", rc);
	return CHECK_EXIT();
}
