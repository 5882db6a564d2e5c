// SPDX-License-Identifier: GPL-2.0
/*
 * ksmbench-lava RUN_DIR EXIT_STATUS: the LAVA test cases of one ksmbench run,
 * as lines the test definition (harness/lava/ksmbench.yaml) runs one by one:
 *
 *   lava-test-set start SCENARIO
 *   lava-test-case SCENARIO.DRIVER --result pass|fail|skip
 *   lava-test-case SCENARIO.DRIVER.PHASE.METRIC --result pass --measurement V --units U
 *   lava-test-set stop
 *   lava-test-case ksmbench-verdict --result pass|fail
 *   echo ...          (n and spread of a measurement, for the job log)
 *
 * LAVA calls a job complete even when a case fails, so the suite's own
 * verdict (ksmbench's exit status) is a case of its own.  Every word is made
 * of [A-Za-z0-9._-], so the shell may split the lines without quoting.
 * Runs in the guest: a static program, like ksmbench.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "results_read.h"
#include "stats.h"

/* The numbers a lab watches per scenario, driver and phase. */
static const char *const headline[] = {
	"wall_time", "walk_iterations", "walk_lock_max_ns",
};

static const char usage[] =
	"usage: ksmbench-lava RUN_DIR EXIT_STATUS\n"
	"Prints lava-test-set and lava-test-case command lines for the run in\n"
	"RUN_DIR; EXIT_STATUS is ksmbench's, the suite's own verdict.\n";

/* Copies @s with every character outside [A-Za-z0-9._-] replaced by '_'. */
static void word(char *dst, size_t len, const char *s)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < len; i++)
		dst[i] = isalnum((unsigned char)s[i]) || strchr("._-", s[i]) ?
			 s[i] : '_';
	dst[i] = '\0';
	if (!i && len > 1)
		snprintf(dst, len, "_");
}

static const char *lava_result(enum run_status st)
{
	switch (st) {
	case STATUS_OK:
		return "pass";
	case STATUS_SKIP:
		return "skip";
	default:
		return "fail";
	}
}

/* Medians of the headline metrics of one (scenario, driver) pair, per phase. */
static int measurements(const struct run *run, const struct status_entry *st)
{
	size_t h, i, j, n;
	double *v = calloc(run->nsamples ? run->nsamples : 1, sizeof(*v));
	char name[256], phase[64], unit[16];
	struct sample_stats ss;

	if (!v)
		return -1;
	for (h = 0; h < sizeof(headline) / sizeof(headline[0]); h++) {
		for (i = 0; i < run->nsamples; i++) {
			const struct sample *s = &run->samples[i];

			if (strcmp(s->metric, headline[h]) ||
			    strcmp(s->scenario, st->scenario) ||
			    strcmp(s->driver, st->driver))
				continue;
			/* One case per phase: only at the phase's first row. */
			for (j = 0; j < i; j++)
				if (!strcmp(run->samples[j].metric, s->metric) &&
				    !strcmp(run->samples[j].scenario, s->scenario) &&
				    !strcmp(run->samples[j].driver, s->driver) &&
				    !strcmp(run->samples[j].phase, s->phase))
					break;
			if (j < i)
				continue;
			for (n = 0, j = i; j < run->nsamples; j++) {
				const struct sample *t = &run->samples[j];

				if (!t->na && !strcmp(t->metric, s->metric) &&
				    !strcmp(t->scenario, s->scenario) &&
				    !strcmp(t->driver, s->driver) &&
				    !strcmp(t->phase, s->phase))
					v[n++] = (double)t->value;
			}
			if (!n)
				continue;
			if (stats_compute(v, n, &ss)) {
				free(v);
				return -1;
			}
			word(phase, sizeof(phase), s->phase);
			snprintf(name, sizeof(name), "%s.%s.%s.%s", st->scenario,
				 st->driver, phase, s->metric);
			word(name, sizeof(name), name);
			word(unit, sizeof(unit), s->unit);
			/* LAVA keeps one number per case: n and the spread go
			 * to the job log beside it. */
			printf("echo %s median-of-%zu-reps min %.0f max %.0f %s\n",
			       name, n, ss.min, ss.max, unit);
			printf("lava-test-case %s --result pass --measurement %.0f --units %s\n",
			       name, ss.median, unit);
		}
	}
	free(v);
	return 0;
}

int main(int argc, char **argv)
{
	char err[512], set[128], pair[256];
	struct run run;
	const char *open_set = NULL;
	size_t i;
	long rc;
	char *end;

	if (argc != 3) {
		fputs(usage, stderr);
		return 2;
	}
	errno = 0;
	rc = strtol(argv[2], &end, 10);
	if (errno || end == argv[2] || *end || rc < 0 || rc > 255) {
		fprintf(stderr, "ksmbench-lava: bad EXIT_STATUS '%s'\n%s", argv[2], usage);
		return 2;
	}
	if (run_load(argv[1], &run, err, sizeof(err))) {
		/* No readable results: the suite's verdict still goes to LAVA. */
		printf("echo ksmbench-lava: %s\n", "no readable run directory");
		fprintf(stderr, "ksmbench-lava: %s\n", err);
		printf("lava-test-case ksmbench-verdict --result fail\n");
		return 0;
	}
	for (i = 0; i < run.nstatuses; i++) {
		const struct status_entry *st = &run.statuses[i];

		word(set, sizeof(set), st->scenario);
		if (!open_set || strcmp(open_set, st->scenario)) {
			if (open_set)
				printf("lava-test-set stop\n");
			printf("lava-test-set start %s\n", set);
			open_set = st->scenario;
		}
		snprintf(pair, sizeof(pair), "%s.%s", st->scenario, st->driver);
		word(pair, sizeof(pair), pair);
		printf("lava-test-case %s --result %s\n", pair, lava_result(st->status));
		if (st->status == STATUS_OK && measurements(&run, st)) {
			fputs("ksmbench-lava: out of memory\n", stderr);
			run_free(&run);
			return 1;
		}
	}
	if (open_set)
		printf("lava-test-set stop\n");
	printf("lava-test-case ksmbench-verdict --result %s\n", rc ? "fail" : "pass");
	run_free(&run);
	return 0;
}
