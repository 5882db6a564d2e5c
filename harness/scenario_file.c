// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "scenario_file.h"
#include "utf8.h"

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

/* '#' at the start or after a blank starts a comment; "C#" keeps its '#'. */
static void strip_comment(char *line)
{
	char *p;

	for (p = line; (p = strchr(p, '#')); p++) {
		if (p == line || p[-1] == ' ' || p[-1] == '\t') {
			*p = '\0';
			return;
		}
	}
}

/* A line must be text: UTF-8, no control characters but tab, bounded. */
static int check_line(const char *p, size_t len, const char *origin,
		      int line, char *err, size_t errlen)
{
	size_t i;

	if (len > SCENARIO_LINE_MAX) {
		snprintf(err, errlen, "%s:%d: line too long (%zu bytes, at "
			 "most %d)", origin, line, len, SCENARIO_LINE_MAX);
		return -1;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = p[i];

		if (c == '\r' && i + 1 == len)
			continue;	/* CRLF line end */
		if (!c) {
			snprintf(err, errlen, "%s:%d: NUL byte: not a text "
				 "file", origin, line);
			return -1;
		}
		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			snprintf(err, errlen, "%s:%d: control character "
				 "0x%02x", origin, line, c);
			return -1;
		}
	}
	if (!utf8_valid(p, len)) {
		snprintf(err, errlen, "%s:%d: not valid UTF-8", origin, line);
		return -1;
	}
	return 0;
}

int scenario_parse_buf(const char *text, size_t len, const char *origin,
		       struct scenario_set *set, char *err, size_t errlen)
{
	char *copy = malloc(len + 1), *cur, *end, *next, *p;
	int line = 0, ret = -1;

	set->nr = 0;
	if (!copy) {
		snprintf(err, errlen, "%s: out of memory", origin);
		return -1;
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
	end = copy + len;
	for (cur = copy; cur < end; cur = next) {
		next = memchr(cur, '\n', end - cur);
		if (!next)
			next = end;
		line++;
		if (check_line(cur, next - cur, origin, line, err, errlen))
			goto out;
		*next++ = '\0';
		strip_comment(cur);
		p = trim(cur);
		if (!*p)
			continue;
		if (parse_line(set, p, origin, line, err, errlen))
			goto out;
	}
	ret = finish(set, origin, line, err, errlen);
out:
	free(copy);
	return ret;
}

int scenario_parse(const char *text, const char *origin,
		   struct scenario_set *set, char *err, size_t errlen)
{
	return scenario_parse_buf(text, strlen(text), origin, set, err,
				  errlen);
}

/* The whole file or nothing: a short read is an error, never a prefix. */
static char *read_whole(const char *path, size_t *len, char *err,
			size_t errlen)
{
	char *text = malloc(SCENARIO_FILE_MAX + 1);
	FILE *f = fopen(path, "re");
	size_t n = 0;

	if (!f || !text) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	n = fread(text, 1, SCENARIO_FILE_MAX + 1, f);
	if (ferror(f)) {
		snprintf(err, errlen, "%s: cannot read: %s", path,
			 strerror(errno));
		goto fail;
	}
	if (n > SCENARIO_FILE_MAX) {
		snprintf(err, errlen, "%s: larger than %d bytes: not a "
			 "scenario file", path, SCENARIO_FILE_MAX);
		goto fail;
	}
	fclose(f);
	*len = n;
	return text;
fail:
	if (f)
		fclose(f);
	free(text);
	return NULL;
}

int scenario_load_file(const char *path, struct scenario_set *set, char *err,
		       size_t errlen)
{
	size_t len;
	char *text = read_whole(path, &len, err, errlen);
	int ret;

	if (!text)
		return -1;
	ret = scenario_parse_buf(text, len, path, set, err, errlen);
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
