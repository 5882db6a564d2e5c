// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "csv_read.h"

int csv_bad(struct csv_src *s, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (s->line)
		snprintf(s->err, s->errlen, "%s:%lu: %s", s->path, s->line,
			 msg);
	else
		snprintf(s->err, s->errlen, "%s: %s", s->path, msg);
	return -1;
}

void csv_src_set(struct csv_src *s, const char *dir, const char *name)
{
	size_t len = strlen(dir);

	snprintf(s->path, sizeof(s->path), "%s%s%s", dir,
		 len && dir[len - 1] == '/' ? "" : "/", name);
	s->line = 0;
}

FILE *csv_open(struct csv_src *s, const char *dir, const char *name)
{
	FILE *f;

	csv_src_set(s, dir, name);
	f = fopen(s->path, "r");
	if (!f)
		csv_bad(s, "cannot open: %s", strerror(errno));
	return f;
}

FILE *csv_open_optional(struct csv_src *s, const char *dir, const char *name,
			int *ret)
{
	FILE *f;

	csv_src_set(s, dir, name);
	f = fopen(s->path, "r");
	*ret = 0;
	if (!f && errno != ENOENT)
		*ret = csv_bad(s, "cannot open: %s", strerror(errno));
	return f;
}

int csv_next_line(FILE *f, struct csv_src *s, char **buf, size_t *cap)
{
	ssize_t len;

	errno = 0;
	len = getline(buf, cap, f);
	if (len < 0) {
		if (errno)
			return csv_bad(s, "read error: %s", strerror(errno));
		return 0;
	}
	s->line++;
	if (len && (*buf)[len - 1] == '\n')
		(*buf)[--len] = '\0';
	if (len && (*buf)[len - 1] == '\r')
		(*buf)[--len] = '\0';
	if (strlen(*buf) != (size_t)len)
		return csv_bad(s, "NUL byte in line");
	return 1;
}

int csv_header_line(FILE *f, struct csv_src *s, const char *want,
		    char **line)
{
	size_t cap = 0;
	int ret;

	*line = NULL;
	ret = csv_next_line(f, s, line, &cap);
	if (ret > 0)
		return 0;
	free(*line);
	*line = NULL;
	if (ret == 0) {
		s->line = 1;
		csv_bad(s, "empty file, expected header \"%s\"", want);
	}
	return -1;
}

int csv_check_header(FILE *f, struct csv_src *s, const char *want)
{
	char *buf;
	int ret;

	if (csv_header_line(f, s, want, &buf))
		return -1;
	ret = strcmp(buf, want) ? csv_bad(s, "header is \"%s\", expected "
					  "\"%s\"", buf, want) : 0;
	free(buf);
	return ret;
}

/* Unquotes the field at *@p in place; NULL on a stray quote. */
static char *quoted_field(char **p)
{
	char *in = *p + 1, *out = *p, *start = *p;

	for (;;) {
		if (!*in)
			return NULL;
		if (*in == '"' && in[1] == '"') {
			*out++ = '"';
			in += 2;
			continue;
		}
		if (*in == '"')
			break;
		*out++ = *in++;
	}
	in++;
	if (*in && *in != ',')
		return NULL;
	*out = '\0';
	*p = in;
	return start;
}

int csv_split(char *row, const char **fields, int want, bool rest)
{
	char *p = row;
	int n = 0;

	for (;;) {
		if (n == want)
			return want + 1;
		if (n == want - 1 && rest) {
			fields[n++] = p;
			return n;
		}
		if (*p == '"') {
			fields[n] = quoted_field(&p);
			if (!fields[n])
				return -1;
		} else {
			fields[n] = p;
			p += strcspn(p, ",\"");
			if (*p == '"')
				return -1;
		}
		n++;
		if (!*p)
			return n;
		*p++ = '\0';
	}
}

int csv_parse_decimal(const char *str, unsigned long long *v)
{
	const char *p;
	char *end;

	if (!*str)
		return -1;
	for (p = str; *p; p++)
		if (*p < '0' || *p > '9')
			return -1;
	errno = 0;
	*v = strtoull(str, &end, 10);
	return errno || *end ? -1 : 0;
}

int csv_grow(void *arr, size_t n, size_t *cap, size_t size)
{
	size_t newcap = *cap ? *cap * 2 : 64;
	void *p;

	if (n < *cap)
		return 0;
	p = realloc(*(void **)arr, newcap * size);
	if (!p)
		return -1;
	*(void **)arr = p;
	*cap = newcap;
	return 0;
}
