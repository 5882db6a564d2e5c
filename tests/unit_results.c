// SPDX-License-Identifier: GPL-2.0
/*
 * Result writing: RFC 4180 CSV as results/schema.h declares it, read back
 * by python3's csv module (a reader that is not ours); files renamed into
 * place only when complete; metadata.json through jansson.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <glob.h>
#include <unistd.h>

#include "check.h"
#include "collector.h"
#include "slurp.h"
#include "run.h"
#include "schema.h"

CHECK_DEFINE_STATE;

/* Awkward on purpose: commas, quotes, a line break, edge spaces. */
#define NASTY_REASON	"rep 1, phase out: \"8 pages\" left,\nlast error EPERM "

static char dir[] = "/tmp/ksmbench-unit-XXXXXX";

static bool exists(const char *run_dir, const char *name)
{
	char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/%s", run_dir, name);
	return !access(path, F_OK);
}

/* python3's csv module turns the file into JSON: [[field, ...], ...]. */
static json_t *python_rows(const char *path)
{
	char cmd[PATH_MAX + 256], *out = NULL;
	size_t len = 0;
	json_t *rows = NULL;
	FILE *p, *mem;
	int c;

	snprintf(cmd, sizeof(cmd), "python3 -c 'import csv, json, sys; "
		 "print(json.dumps(list(csv.reader(open(sys.argv[1], "
		 "newline=\"\")))))' '%s'", path);
	p = popen(cmd, "r");
	mem = open_memstream(&out, &len);
	if (!p || !mem)
		return NULL;
	while ((c = fgetc(p)) != EOF)
		fputc(c, mem);
	fclose(mem);
	if (!pclose(p))
		rows = json_loads(out, 0, NULL);
	free(out);
	return rows;
}

static bool row_is(json_t *rows, size_t i, const char *const *want, size_t n)
{
	json_t *row = json_array_get(rows, i);
	size_t k;

	if (json_array_size(row) != n)
		return false;
	for (k = 0; k < n; k++)
		if (strcmp(json_string_value(json_array_get(row, k)) ?: "",
			   want[k]))
			return false;
	return true;
}

static void check_with_python(const char *run_dir)
{
	static const char *const status_row[] = {
		"nv,8000", "migrate", "fail",
		"rep 1, phase out: \"8 pages\" left, last error EPERM ",
	};
	static const char *const sample_row[] = {
		"nv,8000", "migrate", "out", "1", "wall_time", "ns", "123456789",
	};
	char path[PATH_MAX + 32];
	json_t *rows;

	if (system("python3 -c 'import csv' 2>/dev/null")) {
		SKIP("csv read by python3", "python3 with its csv module is not "
		     "installed");
		return;
	}
	snprintf(path, sizeof(path), "%s/status.csv", run_dir);
	rows = python_rows(path);
	CHECK("python3 csv reads status.csv: header and one row",
	      json_array_size(rows) == 2, "got %zu rows",
	      json_array_size(rows));
	CHECK("python3 csv reads back a reason with commas and quotes",
	      row_is(rows, 1, status_row, 4), "row differs");
	json_decref(rows);
	snprintf(path, sizeof(path), "%s/samples.csv", run_dir);
	rows = python_rows(path);
	CHECK("python3 csv reads back a quoted scenario name and the value",
	      json_array_size(rows) == 5 && row_is(rows, 1, sample_row, 7),
	      "got %zu rows", json_array_size(rows));
	json_decref(rows);
}

static void test_csv(void)
{
	static struct run run;
	struct driver_record d = { .name = "migrate", .status = "fail" };
	char path[PATH_MAX + 32], err[256], *text;

	snprintf(run.out_dir, sizeof(run.out_dir), "%s/run", dir);
	CHECK("results_open creates the run directory",
	      !results_open(&run, err, sizeof(err)), "err=%s", err);
	results_sample(&run, "nv,8000", "migrate", "out", 1, "wall_time", "ns",
		       true, 123456789ULL);
	results_sample(&run, "nv,8000", "migrate", "out", 1, "cycles", "count",
		       false, 99);
	CHECK("no samples.csv while the run goes on",
	      !exists(run.out_dir, "samples.csv") &&
	      exists(run.out_dir, "samples.csv.partial"), "wrong files");
	/* The first row of rep 2 completes rep 1: it must be on disk now. */
	results_sample(&run, "nv,8000", "migrate", "out", 2, "wall_time", "ns",
		       true, 7);
	snprintf(path, sizeof(path), "%s/samples.csv.partial", run.out_dir);
	text = slurp(path);
	CHECK("a completed repetition is on disk before the run ends",
	      text && strstr(text, ",1,cycles,count,NA\n"), "got <%s>",
	      text ?: "(none)");
	free(text);
	/* Rep 1 of the next driver completes rep 2 of this one. */
	results_sample(&run, "nv,8000", "compact", "c", 1, "wall_time", "ns",
		       true, 8);
	text = slurp(path);
	CHECK("another driver's rep 1 puts the last one's rows on disk",
	      text && strstr(text, ",out,2,wall_time,ns,7\n"), "got <%s>",
	      text ?: "(none)");
	free(text);

	snprintf(d.reason, sizeof(d.reason), NASTY_REASON);
	results_status(&run, "nv,8000", &d);
	CHECK("results_close flushes and renames", !results_close(&run),
	      "failed");
	CHECK("samples.csv and status.csv in place, no .partial left",
	      exists(run.out_dir, "samples.csv") &&
	      exists(run.out_dir, "status.csv") &&
	      !exists(run.out_dir, "samples.csv.partial") &&
	      !exists(run.out_dir, "status.csv.partial"), "wrong files");

	snprintf(path, sizeof(path), "%s/status.csv", run.out_dir);
	text = slurp(path);
	CHECK("status.csv: header from the schema, RFC 4180 quoting",
	      text && !strcmp(text, "scenario,driver,status,reason\n"
		      "\"nv,8000\",migrate,fail,\"rep 1, phase out: "
		      "\"\"8 pages\"\" left, last error EPERM \"\n"),
	      "got <%s>", text ?: "(none)");
	free(text);
	check_with_python(run.out_dir);
}

static void test_metadata(void)
{
	static struct run run;
	char path[PATH_MAX + 32], err[256];
	json_error_t jerr;
	json_t *doc, *m;
	size_t i;
	bool wall = false;

	snprintf(run.out_dir, sizeof(run.out_dir), "%s/run", dir);
	snprintf(run.started, sizeof(run.started), "2026-01-01T00:00:00Z");
	CHECK("metadata_write", !metadata_write(&run, err, sizeof(err)),
	      "err=%s", err);
	snprintf(path, sizeof(path), "%s/metadata.json", run.out_dir);
	doc = json_load_file(path, 0, &jerr);
	CHECK("metadata.json parses", doc, "%s:%d: %s", path, jerr.line,
	      jerr.text);
	CHECK("metadata.json carries the schema version",
	      json_integer_value(json_object_get(doc, "schema_version")) ==
	      SCHEMA_VERSION, "missing or wrong");
	json_array_foreach(json_object_get(doc, "metrics"), i, m) {
		const char *name = json_string_value(json_object_get(m, "name"));
		const char *better = json_string_value(json_object_get(m,
								       "better"));

		if (name && !strcmp(name, SCHEMA_TIME_METRIC))
			wall = better && !strcmp(better, "lower") &&
			       json_is_string(json_object_get(m, "unit")) &&
			       json_is_string(json_object_get(m, "source"));
	}
	CHECK("metadata.json declares wall_time: unit, lower is better, source",
	      wall, "not found");
	CHECK("metadata.json: finished is null while running",
	      json_is_null(json_object_get(doc, "finished")), "not null");
	json_decref(doc);
}

/*
 * Every collector's per-walk file is what the schema declares, so that
 * the readers (plot/) and the writers cannot drift apart.
 */
static void test_walk_files(void)
{
	static const enum schema_file files[] = {
		SCHEMA_WALKS, SCHEMA_KPROBE_WALKS,
	};
	const struct collector *c;
	char want[512], name[160];
	size_t i, k, seen = 0;

	for (i = 0; (c = collector_at(i)); i++) {
		if (!c->walk_file)
			continue;
		for (k = 0; k < sizeof(files) / sizeof(files[0]); k++)
			if (!strcmp(schema_table(files[k])->file, c->walk_file))
				break;
		snprintf(name, sizeof(name), "%s: per-walk file %s is in the "
			 "schema", c->name, c->walk_file);
		CHECK(name, k < sizeof(files) / sizeof(files[0]), "it is not");
		if (k == sizeof(files) / sizeof(files[0]))
			continue;
		seen++;
		snprintf(want, sizeof(want), "scenario,driver,phase,rep,walk,%s",
			 c->walk_columns);
		snprintf(name, sizeof(name), "%s: %s columns as the schema "
			 "declares", c->name, c->walk_file);
		CHECK(name, !strcmp(want, schema_header(files[k])),
		      "writer <%s>, schema <%s>", want,
		      schema_header(files[k]));
	}
	CHECK("both per-walk collectors found", seen == 2, "%zu", seen);
}

/* The first line of @text, without its end, in @buf. */
static void first_line(const char *text, char *buf, size_t size)
{
	size_t n = strcspn(text, "\r\n");

	snprintf(buf, size, "%.*s", (int)n, text);
}

/*
 * kprobe_walks.csv gained columns at its end; the files committed before
 * (results/reference/) must still be recognised, and nothing else.
 */
static void test_header_compat(void)
{
	const struct schema_table *t = schema_table(SCHEMA_KPROBE_WALKS);
	char line[1024], name[PATH_MAX + 64];
	const char *cur = schema_header(SCHEMA_KPROBE_WALKS);
	glob_t g;
	size_t i;
	char *text;
	int n;

	CHECK("header: the current kprobe_walks.csv header, all columns",
	      schema_header_columns(SCHEMA_KPROBE_WALKS, cur) == t->ncols,
	      "%d", schema_header_columns(SCHEMA_KPROBE_WALKS, cur));
	/* Drop the last column name: still readable down to nmin. */
	snprintf(line, sizeof(line), "%s", cur);
	*strrchr(line, ',') = '\0';
	CHECK("header: one column fewer is an older file",
	      schema_header_columns(SCHEMA_KPROBE_WALKS, line) ==
	      t->ncols - 1, "%d", schema_header_columns(SCHEMA_KPROBE_WALKS,
							line));
	CHECK("header: fewer than nmin columns is refused",
	      t->nmin > t->nkeys &&
	      schema_header_columns(SCHEMA_KPROBE_WALKS,
				    "scenario,driver,phase,rep,walk") == -1,
	      "nmin %d", t->nmin);
	snprintf(line, sizeof(line), "%s,extra", cur);
	CHECK("header: an unknown trailing column is refused",
	      schema_header_columns(SCHEMA_KPROBE_WALKS, line) == -1, "%s",
	      line);
	snprintf(line, sizeof(line), "%s", cur);
	line[strlen(line) - 1] = 'X';
	CHECK("header: a misspelt column is refused",
	      schema_header_columns(SCHEMA_KPROBE_WALKS, line) == -1, "%s",
	      line);
	CHECK("header: walks.csv reads whole, or without its last columns",
	      schema_header_columns(SCHEMA_WALKS,
				    schema_header(SCHEMA_WALKS)) ==
	      schema_table(SCHEMA_WALKS)->ncols &&
	      schema_table(SCHEMA_WALKS)->nmin ==
	      schema_table(SCHEMA_WALKS)->ncols - SCHEMA_WALKS_WHEN_COLS,
	      "walks.csv");
	if (glob("results/reference/*/*/run/kprobe_walks.csv", 0, NULL, &g)) {
		SKIP("header: committed kprobe_walks.csv", "none found from %s",
		     "the repository root");
		return;
	}
	for (i = 0; i < g.gl_pathc; i++) {
		text = slurp(g.gl_pathv[i]);
		first_line(text ? text : "", line, sizeof(line));
		n = schema_header_columns(SCHEMA_KPROBE_WALKS, line);
		snprintf(name, sizeof(name), "header: committed %s is read",
			 g.gl_pathv[i]);
		CHECK(name, n >= t->nmin && n <= t->ncols, "%d columns: %s",
		      n, line);
		free(text);
	}
	globfree(&g);
}

int main(void)
{
	char cmd[PATH_MAX];

	CHECK("temporary directory", mkdtemp(dir), "mkdtemp failed");
	test_csv();
	test_metadata();
	test_walk_files();
	test_header_compat();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK("cleanup", !system(cmd), "rm failed");
	return CHECK_EXIT();
}
