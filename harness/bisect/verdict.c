// SPDX-License-Identifier: GPL-2.0
/*
 * ksmbench-verdict: turn one guest's results into the exit status that
 * `git bisect run` understands, by a rule given on the command line.
 *
 *   0    good: the rule holds
 *   1    bad: the rule is broken
 *   125  cannot tell: the guest did not boot, panicked, timed out, sent no
 *        results, or the selected rows are missing or skipped
 *   2    bad usage or unreadable input (the bisect wrapper aborts on it)
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "results_read.h"
#include "stats.h"

#define EXIT_GOOD	0
#define EXIT_BAD	1
#define EXIT_USAGE	2
#define EXIT_UNTESTABLE	125

enum rule_kind { RULE_NONE, RULE_VERIFY, RULE_LIMIT };

struct rule {
	enum rule_kind kind;
	const char *metric;
	double limit;		/* a value, or a ratio with @baseline */
	bool below;		/* --min*: bad when under the limit */
	bool ratio;		/* --*-ratio: limit x the baseline's median */
	const char *baseline;	/* run directory, with @ratio */
	const char *scenario;	/* filters; NULL = any */
	const char *driver;
	const char *phase;
};

static const char usage[] =
	"usage: ksmbench-verdict [--scenario S] [--driver D] [--phase P] RULE DIR\n"
	"RULE is one of\n"
	"  --verify                    bad if a selected scenario failed verification\n"
	"  --max METRIC=VALUE          bad if the median of METRIC (in its unit in\n"
	"                              samples.csv) exceeds VALUE in any selected\n"
	"                              scenario, driver and phase\n"
	"  --max-ratio METRIC=R --baseline RUN_DIR\n"
	"                              bad if that median exceeds R times the\n"
	"                              baseline run's median of the same rows\n"
	"  --min METRIC=VALUE, --min-ratio METRIC=R --baseline RUN_DIR\n"
	"                              bad if the median is below the limit (to\n"
	"                              find what made a metric fall, with\n"
	"                              git bisect --term-old/--term-new)\n"
	"DIR is a guest directory written by harness/qemu/boot.sh (guest-status,\n"
	"exit-status, run/) or a run directory.  --check validates the arguments\n"
	"only.  Exit status: 0 good, 1 bad, 125 cannot tell, 2 bad usage.\n";

static int bad_usage(const char *what, const char *arg)
{
	fprintf(stderr, "ksmbench-verdict: %s '%s'\n%s", what, arg, usage);
	return EXIT_USAGE;
}

/* "METRIC=NUMBER" with a finite, positive number. */
static int parse_limit(const char *arg, struct rule *r)
{
	const char *eq = strchr(arg, '=');
	char *end;

	if (!eq || eq == arg)
		return -1;
	errno = 0;
	r->limit = strtod(eq + 1, &end);
	if (errno || end == eq + 1 || *end || !isfinite(r->limit) ||
	    r->limit <= 0)
		return -1;
	r->metric = strndup(arg, eq - arg);
	return r->metric ? 0 : -1;
}

static bool selected(const struct rule *r, const char *scenario,
		     const char *driver, const char *phase)
{
	if (r->scenario && strcmp(r->scenario, scenario))
		return false;
	if (r->driver && strcmp(r->driver, driver))
		return false;
	return !phase || !r->phase || !strcmp(r->phase, phase);
}

/* Line @nr (0-based) of DIR/NAME without its newline, or "" if absent. */
static void read_line(const char *dir, const char *name, int nr, char *buf,
		      size_t len)
{
	char path[PATH_MAX];
	FILE *f;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f)
		return;
	while (nr-- >= 0 && fgets(buf, len, f))
		;
	if (nr >= 0)
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

/*
 * A guest directory that says the guest did not finish cannot be judged.
 * Sets @rundir to DIR/run when DIR is a guest directory, else to DIR.
 */
static int guest_untestable(const char *dir, char *rundir, size_t len)
{
	char status[64], why[1024], path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/guest-status", dir);
	if (stat(path, &st)) {
		snprintf(rundir, len, "%s", dir);
		return 0;
	}
	snprintf(rundir, len, "%s/run", dir);
	read_line(dir, "guest-status", 0, status, sizeof(status));
	if (!strcmp(status, "ok"))
		return 0;
	read_line(dir, "guest-status", 1, why, sizeof(why));
	printf("verdict: cannot tell: guest %s: %s\n",
	       status[0] ? status : "status empty", why);
	return 1;
}

static int judge_verify(const struct rule *r, const struct run *run)
{
	size_t i, ok = 0;

	for (i = 0; i < run->nstatuses; i++) {
		const struct status_entry *s = &run->statuses[i];

		if (!selected(r, s->scenario, s->driver, NULL))
			continue;
		if (s->status == STATUS_FAIL) {
			printf("verdict: bad: %s/%s failed: %s\n", s->scenario,
			       s->driver, s->reason);
			return EXIT_BAD;
		}
		if (s->status == STATUS_OK)
			ok++;
	}
	if (!ok) {
		printf("verdict: cannot tell: no selected scenario ran (none, or all skipped)\n");
		return EXIT_UNTESTABLE;
	}
	printf("verdict: good: %zu selected scenario/driver pairs passed verification\n",
	       ok);
	return EXIT_GOOD;
}

/*
 * Median of @r->metric over the repetitions of (scenario, driver, phase) in
 * @run.  Returns 1 and sets @med when there are values, 0 when none, -1 on
 * ENOMEM.
 */
static int group_median(const struct run *run, const struct rule *r,
			const struct sample *key, double *med)
{
	struct sample_stats st;
	double *v = calloc(run->nsamples ? run->nsamples : 1, sizeof(*v));
	size_t i, n = 0;
	int ret = -1;

	if (!v)
		return -1;
	for (i = 0; i < run->nsamples; i++) {
		const struct sample *s = &run->samples[i];

		if (s->na || strcmp(s->metric, r->metric) ||
		    strcmp(s->scenario, key->scenario) ||
		    strcmp(s->driver, key->driver) || strcmp(s->phase, key->phase))
			continue;
		v[n++] = (double)s->value;
	}
	if (n && stats_compute(v, n, &st))
		goto out;
	ret = n ? 1 : 0;
	if (n)
		*med = st.median;
out:
	free(v);
	return ret;
}

/* True if @s starts a (scenario, driver, phase) group not seen before it. */
static bool first_of_group(const struct run *run, size_t i)
{
	const struct sample *s = &run->samples[i], *p;
	size_t j;

	for (j = 0; j < i; j++) {
		p = &run->samples[j];
		if (!strcmp(p->metric, s->metric) && !strcmp(p->scenario, s->scenario) &&
		    !strcmp(p->driver, s->driver) && !strcmp(p->phase, s->phase))
			return false;
	}
	return true;
}

static int judge_metric(const struct rule *r, const struct run *run,
			const struct run *base)
{
	size_t i, groups = 0;
	int ret = EXIT_GOOD;

	for (i = 0; i < run->nsamples; i++) {
		const struct sample *s = &run->samples[i];
		double med, bmed = 0, limit = r->limit;
		int got;

		if (strcmp(s->metric, r->metric) ||
		    !selected(r, s->scenario, s->driver, s->phase) ||
		    !first_of_group(run, i))
			continue;
		if (!run_timing_valid(run, s->scenario, s->driver)) {
			printf("verdict: cannot tell: %s/%s did not pass, its %s is no measurement\n",
			       s->scenario, s->driver, r->metric);
			return EXIT_UNTESTABLE;
		}
		got = group_median(run, r, s, &med);
		if (got < 0)
			goto enomem;
		if (!got)
			continue;
		if (base) {
			got = group_median(base, r, s, &bmed);
			if (got < 0)
				goto enomem;
			if (!got || bmed <= 0) {
				printf("verdict: cannot tell: the baseline has no positive %s for %s/%s %s\n",
				       r->metric, s->scenario, s->driver, s->phase);
				return EXIT_UNTESTABLE;
			}
			limit = r->limit * bmed;
		}
		groups++;
		printf("verdict: %s/%s %s: median %s %.0f %s, %s limit %.0f%s\n",
		       s->scenario, s->driver, s->phase, r->metric, med,
		       s->unit, r->below ? "lower" : "upper",
		       limit, base ? " (ratio x baseline median)" : "");
		if (r->below ? med < limit : med > limit)
			ret = EXIT_BAD;
	}
	if (!groups) {
		printf("verdict: cannot tell: no selected samples of %s\n", r->metric);
		return EXIT_UNTESTABLE;
	}
	printf("verdict: %s: %s %s its limit\n", ret == EXIT_BAD ? "bad" : "good",
	       r->metric, ret == EXIT_BAD ? "crosses" : "stays within");
	return ret;
enomem:
	fputs("ksmbench-verdict: out of memory\n", stderr);
	return EXIT_USAGE;
}

static int parse_args(int argc, char **argv, struct rule *r, bool *check)
{
	static const struct option opts[] = {
		{ "verify", no_argument, NULL, 'v' },
		{ "max", required_argument, NULL, 'm' },
		{ "max-ratio", required_argument, NULL, 'r' },
		{ "min", required_argument, NULL, 'n' },
		{ "min-ratio", required_argument, NULL, 'R' },
		{ "baseline", required_argument, NULL, 'b' },
		{ "scenario", required_argument, NULL, 's' },
		{ "driver", required_argument, NULL, 'd' },
		{ "phase", required_argument, NULL, 'p' },
		{ "check", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (strchr("vmrnR", c) && r->kind != RULE_NONE)
			return bad_usage("a second rule", argv[optind - 1]);
		switch (c) {
		case 'v':
			r->kind = RULE_VERIFY;
			break;
		case 'm':
		case 'r':
		case 'n':
		case 'R':
			r->kind = RULE_LIMIT;
			r->below = c == 'n' || c == 'R';
			r->ratio = c == 'r' || c == 'R';
			if (parse_limit(optarg, r))
				return bad_usage("want METRIC=POSITIVE_NUMBER, got", optarg);
			break;
		case 'b':
			r->baseline = optarg;
			break;
		case 's':
			r->scenario = optarg;
			break;
		case 'd':
			r->driver = optarg;
			break;
		case 'p':
			r->phase = optarg;
			break;
		case 'c':
			*check = true;
			break;
		case 'h':
			fputs(usage, stdout);
			exit(EXIT_GOOD);
		default:
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (r->kind == RULE_NONE)
		return bad_usage("no rule (--verify, --max, --min, --max-ratio, --min-ratio) in",
				 argv[0]);
	if (r->ratio != !!r->baseline)
		return bad_usage("--baseline goes with --max-ratio or --min-ratio, and only with them:",
				 r->baseline ? r->baseline : "a ratio rule");
	if (argc - optind != (*check ? 0 : 1))
		return bad_usage(*check ? "--check takes no DIR, got" :
				 "want exactly one DIR after the rule, got",
				 optind < argc ? argv[optind] : "nothing");
	return 0;
}

int main(int argc, char **argv)
{
	struct rule r = { .kind = RULE_NONE };
	struct run run = { 0 }, base = { 0 };
	char rundir[PATH_MAX], err[512];
	bool check = false, have_base = false;
	int ret;

	ret = parse_args(argc, argv, &r, &check);
	if (ret || check)
		goto out;
	if (guest_untestable(argv[optind], rundir, sizeof(rundir))) {
		ret = EXIT_UNTESTABLE;
		goto out;
	}
	if (run_load(rundir, &run, err, sizeof(err))) {
		/* A guest that booted but sent no readable run: cannot tell. */
		printf("verdict: cannot tell: %s\n", err);
		ret = EXIT_UNTESTABLE;
		goto out;
	}
	if (r.baseline) {
		if (run_load(r.baseline, &base, err, sizeof(err))) {
			fprintf(stderr, "ksmbench-verdict: baseline: %s\n", err);
			run_free(&run);
			ret = EXIT_USAGE;
			goto out;
		}
		have_base = true;
	}
	if (r.kind == RULE_VERIFY)
		ret = judge_verify(&r, &run);
	else
		ret = judge_metric(&r, &run, have_base ? &base : NULL);
	run_free(&run);
	if (have_base)
		run_free(&base);
out:
	free((char *)r.metric);
	return ret;
}
