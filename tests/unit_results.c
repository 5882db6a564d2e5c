// SPDX-License-Identifier: GPL-2.0
/* Result writing: CSV rows as results/README.md documents them, and JSON. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "slurp.h"
#include "json_writer.h"
#include "run.h"

CHECK_DEFINE_STATE;

static void test_csv(void)
{
	static struct run run;
	char dir[] = "/tmp/ksmbench-unit-XXXXXX", path[PATH_MAX + 32], err[256];
	struct driver_record d = { .name = "migrate", .status = "fail" };
	char *text;

	CHECK("temporary directory", mkdtemp(dir), "mkdtemp failed");
	snprintf(run.out_dir, sizeof(run.out_dir), "%s/run", dir);
	CHECK("results_open creates the run directory",
	      !results_open(&run, err, sizeof(err)), "err=%s", err);
	results_sample(&run, "nv8000", "migrate", "out", 1, "wall_time", "ns",
		       true, 123456789ULL);
	results_sample(&run, "nv8000", "migrate", "out", 1, "cycles", "count",
		       false, 99);
	snprintf(d.reason, sizeof(d.reason), "rep 1, phase out:\nleft");
	results_status(&run, "nv8000", &d);
	CHECK("results_close flushes", !results_close(&run), "failed");

	snprintf(path, sizeof(path), "%s/samples.csv", run.out_dir);
	text = slurp(path);
	CHECK("samples.csv header, value row and NA row", text &&
	      !strcmp(text, "scenario,driver,phase,rep,metric,unit,value\n"
		      "nv8000,migrate,out,1,wall_time,ns,123456789\n"
		      "nv8000,migrate,out,1,cycles,count,NA\n"),
	      "got <%s>", text ? text : "(none)");
	free(text);
	snprintf(path, sizeof(path), "%s/status.csv", run.out_dir);
	text = slurp(path);
	CHECK("status.csv keeps a reason with commas on one line", text &&
	      !strcmp(text, "scenario,driver,status,reason\n"
		      "nv8000,migrate,fail,rep 1, phase out: left\n"),
	      "got <%s>", text ? text : "(none)");
	free(text);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	CHECK("cleanup", !system(path), "rm failed");
}

static void test_json(void)
{
	char *buf = NULL;
	size_t len = 0;
	struct json j;
	FILE *f = open_memstream(&buf, &len);

	json_init(&j, f);
	json_object_begin(&j, NULL);
	json_str(&j, "s", "a\"b\\c\nd\x01");
	json_ulong(&j, "n", 42);
	json_array_begin(&j, "a");
	json_long(&j, NULL, -1);
	json_null(&j, NULL);
	json_array_end(&j);
	json_object_begin(&j, "empty");
	json_object_end(&j);
	json_bool(&j, "t", true);
	json_object_end(&j);
	json_finish(&j);
	fclose(f);
	CHECK("json: nesting, commas, escapes",
	      !strcmp(buf, "{\n  \"s\": \"a\\\"b\\\\c\\nd\\u0001\",\n"
		      "  \"n\": 42,\n  \"a\": [\n    -1,\n    null\n  ],\n"
		      "  \"empty\": {},\n  \"t\": true\n}\n"),
	      "got <%s>", buf);
	free(buf);
}

int main(void)
{
	test_csv();
	test_json();
	return CHECK_EXIT();
}
