/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test helpers for a run directory: read or write one of its files, run a shell
 * command, and add up a metric over the samples.csv rows of one scenario
 * and driver.
 */
#ifndef KSMBENCH_TESTS_RUN_FILES_H
#define KSMBENCH_TESTS_RUN_FILES_H

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "slurp.h"

static inline char *slurp_in(const char *dir, const char *name)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    (int)sizeof(path))
		return NULL;
	return slurp(path);
}

/* Writes text to DIR/NAME; a test cannot go on without it: exit 2. */
static inline void write_in(const char *dir, const char *name,
			    const char *text)
{
	char path[PATH_MAX];
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

/* Exit status of cmd; its first output line into out when out is set. */
static inline int shell(const char *cmd, char *out, size_t len)
{
	size_t n = 0;
	FILE *p = popen(cmd, "r");
	int st;

	if (!p)
		return -1;
	if (out) {
		n = fread(out, 1, len - 1, p);
		out[n] = '\0';
		out[strcspn(out, "\n")] = '\0';
	}
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

struct metric_tally {
	long sum;
	int rows;
	int na;			/* rows whose value is NA */
};

/* The rows of `metric` among the samples.csv rows starting with prefix. */
static inline struct metric_tally metric_tally(const char *samples,
					       const char *prefix,
					       const char *metric)
{
	struct metric_tally t = { 0, 0, 0 };
	char line[512], field[7][96];
	const char *p = samples, *eol;

	for (; p && *p; p = eol ? eol + 1 : NULL) {
		eol = strchr(p, '\n');
		snprintf(line, sizeof(line), "%.*s",
			 (int)(eol ? eol - p : (long)strlen(p)), p);
		if (strncmp(line, prefix, strlen(prefix)) ||
		    sscanf(line, "%95[^,],%95[^,],%95[^,],%95[^,],%95[^,],"
			   "%95[^,],%95s", field[0], field[1], field[2],
			   field[3], field[4], field[5], field[6]) != 7 ||
		    strcmp(field[4], metric))
			continue;
		t.rows++;
		if (!strcmp(field[6], "NA"))
			t.na++;
		else
			t.sum += strtol(field[6], NULL, 10);
	}
	return t;
}

static inline long metric_sum(const char *samples, const char *prefix,
			      const char *metric)
{
	return metric_tally(samples, prefix, metric).sum;
}

#endif
