// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "scenario_file.h"

/* workloads/scenarios.conf, linked in by scenarios_blob.S */
extern const char ksmbench_builtin_scenarios[];

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

static int finish(struct scenario_set *set, const char *origin, int line,
		  char *err, size_t errlen)
{
	char why[256];

	if (!set->nr)
		return 0;
	if (!scenario_validate(&set->item[set->nr - 1], why, sizeof(why)))
		return 0;
	snprintf(err, errlen, "%s:%d: %s", origin, line, why);
	return -1;
}

static int open_block(struct scenario_set *set, char *name,
		      const char *origin, int line, char *err, size_t errlen)
{
	static const char allowed[] = "abcdefghijklmnopqrstuvwxyz0123456789_-";
	struct scenario *s;
	size_t len = strlen(name);

	if (!len || name[len - 1] != ']')
		goto bad;
	name[len - 1] = '\0';
	name = trim(name);
	if (set->nr == SCENARIO_SET_MAX) {
		snprintf(err, errlen, "%s:%d: more than %d scenarios", origin,
			 line, SCENARIO_SET_MAX);
		return -1;
	}
	if (scenario_find(set, name)) {
		snprintf(err, errlen, "%s:%d: scenario '%s' defined twice",
			 origin, line, name);
		return -1;
	}
	if (!*name || strlen(name) >= sizeof(s->name) ||
	    strspn(name, allowed) != strlen(name))
		goto bad;
	s = &set->item[set->nr++];
	scenario_defaults(s);
	strcpy(s->name, name);
	return 0;
bad:
	snprintf(err, errlen, "%s:%d: bad scenario header (want [name] with "
		 "a-z 0-9 _ -)", origin, line);
	return -1;
}

static int parse_line(struct scenario_set *set, char *p, const char *origin,
		      int line, char *err, size_t errlen)
{
	char why[256], *eq;

	if (*p == '[') {
		if (finish(set, origin, line, err, errlen))
			return -1;
		return open_block(set, p + 1, origin, line, err, errlen);
	}
	eq = strchr(p, '=');
	if (!eq) {
		snprintf(err, errlen, "%s:%d: expected 'key = value'", origin,
			 line);
		return -1;
	}
	if (!set->nr) {
		snprintf(err, errlen, "%s:%d: option before any [scenario]",
			 origin, line);
		return -1;
	}
	*eq = '\0';
	if (opt_set(&set->item[set->nr - 1], trim(p), trim(eq + 1), why,
		    sizeof(why))) {
		snprintf(err, errlen, "%s:%d: %s", origin, line, why);
		return -1;
	}
	return 0;
}

int scenario_parse(const char *text, const char *origin,
		   struct scenario_set *set, char *err, size_t errlen)
{
	char *copy = strdup(text), *cur, *next, *p;
	int line = 0, ret = -1;

	set->nr = 0;
	if (!copy) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (cur = copy; cur; cur = next) {
		next = strchr(cur, '\n');
		if (next)
			*next++ = '\0';
		line++;
		cur[strcspn(cur, "#")] = '\0';
		p = trim(cur);
		if (*p && parse_line(set, p, origin, line, err, errlen))
			goto out;
	}
	ret = finish(set, origin, line, err, errlen);
out:
	free(copy);
	return ret;
}

int scenario_load_file(const char *path, struct scenario_set *set, char *err,
		       size_t errlen)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = fopen(path, "r");
	int ret;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (getdelim(&text, &len, '\0', f) < 0) {
		snprintf(err, errlen, "%s: cannot read", path);
		fclose(f);
		free(text);
		return -1;
	}
	fclose(f);
	ret = scenario_parse(text, path, set, err, errlen);
	free(text);
	return ret;
}

int scenario_load_builtin(struct scenario_set *set, char *err, size_t errlen)
{
	return scenario_parse(ksmbench_builtin_scenarios,
			      "workloads/scenarios.conf", set, err, errlen);
}

const struct scenario *scenario_find(const struct scenario_set *set,
				     const char *name)
{
	int i;

	for (i = 0; i < set->nr; i++)
		if (!strcmp(set->item[i].name, name))
			return &set->item[i];
	return NULL;
}
