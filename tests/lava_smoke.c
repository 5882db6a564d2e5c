// SPDX-License-Identifier: GPL-2.0
/*
 * lava_smoke JOB DEVICE KSMBENCH_LAVA FAILED_RUN: the LAVA integration.
 * First, offline: the case writer turns a run that failed verification into
 * a failing case for the pair and a failing ksmbench-verdict case.  Then for
 * real: Debian's lava-dispatcher runs JOB (make lava-job: the smoke scenario
 * on one stock kernel) on DEVICE with lava-run, and the test cases parsed
 * from its log must be the suite's: the pair passed, a wall_time measurement
 * in ns, the scenario's test set, and the suite's own verdict.
 * Skips when not root or when lava-dispatcher cannot be installed.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

CHECK_DEFINE_STATE;

#define LAVA_RUN	"/usr/bin/lava-run"
#define LOG		"build/tests/lava/log.yaml"

struct lava_case {
	char name[128];
	char result[16];
	char set[64];
	char units[16];
	double measurement;
	bool has_measurement;
};

static int run(const char *cmd)
{
	int st = system(cmd);

	return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The string value of "key": "value" in @line, or false. */
static bool field(const char *line, const char *key, char *out, size_t len)
{
	char pat[64];
	const char *p, *end;

	snprintf(pat, sizeof(pat), "\"%s\": ", key);
	p = strstr(line, pat);
	if (!p)
		return false;
	p += strlen(pat);
	/* LAVA tags some scalars with YAML's non-specific tag: ! "652". */
	if (!strncmp(p, "! ", 2))
		p += 2;
	if (*p++ != '"')
		return false;
	end = strchr(p, '"');
	if (!end || (size_t)(end - p) >= len)
		return false;
	memcpy(out, p, end - p);
	out[end - p] = '\0';
	return true;
}

/* Results lines of the ksmbench definition ("definition": "0_ksmbench"). */
static size_t parse_log(FILE *f, struct lava_case *cases, size_t max,
			bool *job_pass)
{
	char line[8192], def[64], num[64];
	size_t n = 0;

	*job_pass = false;
	while (fgets(line, sizeof(line), f)) {
		struct lava_case *c = &cases[n];

		if (!strstr(line, "\"lvl\": \"results\"") ||
		    !field(line, "definition", def, sizeof(def)) ||
		    !field(line, "case", c->name, sizeof(c->name)) ||
		    !field(line, "result", c->result, sizeof(c->result)))
			continue;
		if (!strcmp(def, "lava") && !strcmp(c->name, "job"))
			*job_pass = !strcmp(c->result, "pass");
		if (strcmp(def, "0_ksmbench") || n == max)
			continue;
		if (!field(line, "set", c->set, sizeof(c->set)))
			c->set[0] = '\0';
		c->has_measurement = field(line, "measurement", num, sizeof(num)) &&
				     field(line, "units", c->units, sizeof(c->units));
		if (c->has_measurement)
			c->measurement = strtod(num, NULL);
		n++;
	}
	return n;
}

static const struct lava_case *find(const struct lava_case *cases, size_t n,
				    const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(cases[i].name, name))
			return &cases[i];
	return NULL;
}

static void offline_cases(const char *bin, const char *failed_run)
{
	char cmd[PATH_MAX * 2], out[8192];
	size_t len;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "%s %s 1", bin, failed_run);
	p = popen(cmd, "r");
	len = p ? fread(out, 1, sizeof(out) - 1, p) : 0;
	out[len] = '\0';
	CHECK("lava cases: writer ran on a failed run", p && pclose(p) == 0,
	      "%s failed", cmd);
	CHECK("lava cases: failed pair is a failing case",
	      strstr(out, "lava-test-case mremap2k.migrate --result fail\n"),
	      "output:\n%s", out);
	CHECK("lava cases: suite verdict is a failing case",
	      strstr(out, "lava-test-case ksmbench-verdict --result fail\n"),
	      "output:\n%s", out);
	CHECK("lava cases: measurements carry units",
	      strstr(out, "--measurement ") && strstr(out, " --units ns\n"),
	      "output:\n%s", out);
}

int main(int argc, char **argv)
{
	struct lava_case cases[256];
	const struct lava_case *c;
	char cmd[PATH_MAX * 4];
	bool job_pass;
	size_t n, i, bad = 0;
	FILE *f;
	int rc;

	if (argc != 5) {
		fprintf(stderr, "usage: %s JOB DEVICE KSMBENCH_LAVA FAILED_RUN\n", argv[0]);
		return 2;
	}
	offline_cases(argv[3], argv[4]);
	if (geteuid()) {
		SKIP("lava-run smoke", "lava-run needs root (it runs QEMU and loop devices)");
		return CHECK_EXIT();
	}
	if (access(LAVA_RUN, X_OK))
		run("bash harness/install-deps.sh lava-dispatcher >&2");
	if (access(LAVA_RUN, X_OK)) {
		SKIP("lava-run smoke", "lava-dispatcher cannot be installed (bash harness/install-deps.sh lava-dispatcher failed)");
		return CHECK_EXIT();
	}
	/* /usr/bin/python3: a python3 earlier on PATH lacks the lava modules. */
	snprintf(cmd, sizeof(cmd),
		 "rm -rf build/tests/lava && mkdir -p build/tests/lava/out && "
		 "/usr/bin/python3 " LAVA_RUN " --job-id 1 --output-dir build/tests/lava/out "
		 "--device '%s' '%s' >" LOG " 2>&1", argv[2], argv[1]);
	rc = run(cmd);
	CHECK("lava-run exit status", rc == 0, "%d (log: %s)", rc, LOG);
	f = fopen(LOG, "r");
	if (!f) {
		CHECK("lava-run log", false, "cannot open %s", LOG);
		return CHECK_EXIT();
	}
	n = parse_log(f, cases, sizeof(cases) / sizeof(cases[0]), &job_pass);
	fclose(f);
	CHECK("lava job result pass", job_pass, "no \"job\" pass line in %s", LOG);
	for (i = 0; i < n; i++) {
		printf("# lava case %s %s%s%s\n", cases[i].name, cases[i].result,
		       cases[i].set[0] ? " set " : "", cases[i].set);
		if (strcmp(cases[i].result, "pass") && strcmp(cases[i].result, "fail") &&
		    strcmp(cases[i].result, "skip"))
			bad++;
	}
	CHECK("lava results: every case pass, fail or skip", n && !bad,
	      "%zu cases, %zu with another result", n, bad);
	c = find(cases, n, "smoke.migrate");
	CHECK("lava results: smoke.migrate passed in set smoke",
	      c && !strcmp(c->result, "pass") && !strcmp(c->set, "smoke"),
	      "%s", c ? c->result : "missing");
	c = find(cases, n, "smoke.migrate.out.wall_time");
	CHECK("lava results: out wall_time measured in ns",
	      c && c->has_measurement && c->measurement > 0 && !strcmp(c->units, "ns"),
	      "%s", c ? "no positive measurement in ns" : "missing");
	c = find(cases, n, "ksmbench-verdict");
	CHECK("lava results: suite verdict pass", c && !strcmp(c->result, "pass"),
	      "%s", c ? c->result : "missing");
	return CHECK_EXIT();
}
