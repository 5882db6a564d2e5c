// SPDX-License-Identifier: GPL-2.0
/*
 * ksmbench-report --mail from the committed 7.3 full/bounded/naive
 * reference run: width, content, no local paths; and refusal of runs that
 * did not run the same scenario parameters or reach the same KSM census.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "report_mail.h"
#include "results_read.h"
#include "run_compat.h"

CHECK_DEFINE_STATE;

#define REF	"results/reference/2026-11-24-7.3-full-bounded-naive-qemu-tcg"

static const char *const variants[] = { "7.3-full", "7.3-bounded",
					"7.3-naive" };

static char tmpdir[] = "/tmp/ksmbench-unit-mail.XXXXXX";

static int load(const char *dir, struct run *run)
{
	char err[1024];

	if (!run_load(dir, run, err, sizeof(err)))
		return 0;
	CHECK("load run", false, "%s", err);
	return -1;
}

static int load_reference(struct run *runs)
{
	char dir[256];
	size_t k;

	for (k = 0; k < 3; k++) {
		snprintf(dir, sizeof(dir), REF "/%s/run", variants[k]);
		if (load(dir, &runs[k]))
			return -1;
	}
	return 0;
}

static char *render(const struct run *runs, size_t n)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f || report_mail(f, runs, n)) {
		if (f)
			fclose(f);
		free(text);
		return NULL;
	}
	fclose(f);
	return text;
}

static size_t widest_line(const char *text, int *lineno)
{
	size_t widest = 0, len;
	int line = 1;

	for (; *text; line++) {
		len = strcspn(text, "\n");
		if (len > widest) {
			widest = len;
			*lineno = line;
		}
		text += len + (text[len] == '\n');
	}
	return widest;
}

static void test_mail(const struct run *runs)
{
	static const char *const want[] = {
		"A = 7.3.4-full (baseline)",
		"xu20k/migrate total wall_time [ms], lower is better",
		"Median        27176                107.8 (-99.60%)*",
		"  A/B median     252.0  CI [",
		"iterations [count]: anon_vma interval-tree nodes visited",
		"Median      9990040                 2000 (-99.98%)*",
		"lock_ns [us]",
		"  C: fail: rep 1 phase out: 8 pages not migrated",
		"QEMU TCG (emulated, no KVM)",
		"commit cf9dcaf6fe9a plus uncommitted changes (dirty",
		"census before driving",
		"make kernels BASE=7.3 VARIANTS=\"full bounded naive\"",
		"make compare KERNELS=\"7.3-full 7.3-bounded 7.3-naive\"",
		"! C: CoV 8.7% (> 5%)",
	};
	static const char *const never[] = {
		"/tmp", "/root", "/home", ".cache", "results/", "vmlinuz",
		"run directory",
	};
	char *text = render(runs, 3), *again;
	size_t i, w;
	int line = 0;

	CHECK("mail renders", text, "report_mail failed");
	if (!text)
		return;
	w = widest_line(text, &line);
	CHECK("mail: no line over 72 columns", w <= MAIL_COLUMNS,
	      "line %d has %zu", line, w);
	for (i = 0; i < sizeof(want) / sizeof(*want); i++)
		CHECK("mail: holds the expected line", strstr(text, want[i]),
		      "missing <%s>", want[i]);
	for (i = 0; i < sizeof(never) / sizeof(*never); i++)
		CHECK("mail: no local path", !strstr(text, never[i]),
		      "found <%s>", never[i]);
	CHECK("mail: no trailing blanks", !strstr(text, " \n"), "found one");
	again = render(runs, 3);
	CHECK("mail: same input, same bytes (fixed bootstrap seed)",
	      again && !strcmp(text, again), "differs");
	free(again);
	free(text);
}

/* A copy of kernel B with one value of its metadata.json replaced. */
static int altered_copy(const char *name, const char *scenario,
			const char *obj, const char *key, json_t *value,
			struct run *run)
{
	char cmd[1024], path[512];
	json_t *meta, *sc;
	size_t i;
	int ret = -1;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	snprintf(cmd, sizeof(cmd), "cp -r '" REF "/7.3-bounded/run' '%s'",
		 path);
	if (system(cmd))
		return -1;
	snprintf(path, sizeof(path), "%s/%s/metadata.json", tmpdir, name);
	meta = json_load_file(path, 0, NULL);
	json_array_foreach(json_object_get(meta, "scenarios"), i, sc)
		if (!strcmp(json_string_value(json_object_get(sc, "name")) ?: "",
			    scenario))
			json_object_set(json_object_get(sc, obj), key, value);
	if (meta && !json_dump_file(meta, path, JSON_INDENT(2))) {
		snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
		ret = load(path, run);
	}
	json_decref(meta);
	json_decref(value);
	return ret;
}

static void expect_refusal(const char *name, struct run *runs,
			   const char *why)
{
	char err[512] = "";

	CHECK(name, runs_comparable(runs, 2, err, sizeof(err)) &&
	      strstr(err, why), "got <%s>, want <%s>", err, why);
}

static void test_refusal(struct run *runs)
{
	struct run pair[2] = { runs[0] };
	char err[512];

	CHECK("full, bounded and naive are comparable",
	      !runs_comparable(runs, 3, err, sizeof(err)), "%s", err);
	if (!altered_copy("params", "xu20k", "params", "sharing",
			  json_integer(251), &pair[1])) {
		expect_refusal("refuses a different scenario parameter", pair,
			       "scenario xu20k: parameter sharing is 250 on "
			       "kernel A but 251 on kernel B");
		run_free(&pair[1]);
	}
	if (!altered_copy("census", "mremap2k", "observed", "pages_sharing",
			  json_integer(1000), &pair[1])) {
		expect_refusal("refuses a different KSM census", pair,
			       "scenario mremap2k: KSM census pages_sharing is "
			       "1992 on kernel A but 1000 on kernel B");
		run_free(&pair[1]);
	}
	if (!altered_copy("reps", "xu20k", "params", "reps", json_integer(9),
			  &pair[1])) {
		CHECK("a different repetition count is no refusal",
		      !runs_comparable(pair, 2, err, sizeof(err)), "%s", err);
		run_free(&pair[1]);
	}
}

int main(void)
{
	struct run runs[3];
	char cmd[256];
	size_t k;

	if (!mkdtemp(tmpdir)) {
		CHECK("mkdtemp", false, "failed");
		return CHECK_EXIT();
	}
	if (!load_reference(runs)) {
		test_mail(runs);
		test_refusal(runs);
		for (k = 0; k < 3; k++)
			run_free(&runs[k]);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	CHECK("cleanup", !system(cmd), "rm failed");
	return CHECK_EXIT();
}
