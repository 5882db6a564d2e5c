// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "json_lookup.h"

/* Deeper nesting than metadata.json will ever have; bounds the recursion. */
#define JSON_MAX_DEPTH	64

struct cursor {
	const char *p;
	const char *end;
	unsigned line;
	const char *why;
};

static int fail(struct cursor *c, const char *why)
{
	c->why = why;
	return -1;
}

static void skip_ws(struct cursor *c)
{
	for (; c->p < c->end; c->p++) {
		if (*c->p == '\n')
			c->line++;
		else if (*c->p != ' ' && *c->p != '\t' && *c->p != '\r')
			return;
	}
}

static bool at(struct cursor *c, char ch)
{
	return c->p < c->end && *c->p == ch;
}

static bool is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

static bool is_hex(char ch)
{
	return is_digit(ch) || (ch >= 'a' && ch <= 'f') ||
	       (ch >= 'A' && ch <= 'F');
}

static int skip_escape(struct cursor *c)
{
	int i;

	if (c->p >= c->end)
		return fail(c, "unterminated string");
	if (*c->p && strchr("\"\\/bfnrt", *c->p)) {
		c->p++;
		return 0;
	}
	if (*c->p != 'u')
		return fail(c, "bad escape in string");
	c->p++;
	for (i = 0; i < 4; i++, c->p++)
		if (c->p >= c->end || !is_hex(*c->p))
			return fail(c, "bad \\u escape in string");
	return 0;
}

static int skip_string(struct cursor *c)
{
	c->p++;		/* opening quote */
	while (c->p < c->end) {
		unsigned char ch = *c->p;

		if (ch == '"') {
			c->p++;
			return 0;
		}
		if (ch < 0x20)
			return fail(c, "control character in string");
		c->p++;
		if (ch == '\\' && skip_escape(c))
			return -1;
	}
	return fail(c, "unterminated string");
}

static int skip_digits(struct cursor *c)
{
	if (c->p >= c->end || !is_digit(*c->p))
		return fail(c, "bad number");
	while (c->p < c->end && is_digit(*c->p))
		c->p++;
	return 0;
}

static int skip_number(struct cursor *c)
{
	if (at(c, '-'))
		c->p++;
	if (at(c, '0'))
		c->p++;
	else if (skip_digits(c))
		return -1;
	if (at(c, '.')) {
		c->p++;
		if (skip_digits(c))
			return -1;
	}
	if (at(c, 'e') || at(c, 'E')) {
		c->p++;
		if (at(c, '+') || at(c, '-'))
			c->p++;
		if (skip_digits(c))
			return -1;
	}
	return 0;
}

static int skip_literal(struct cursor *c)
{
	static const char *const words[] = { "true", "false", "null" };
	size_t i, n;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		n = strlen(words[i]);
		if ((size_t)(c->end - c->p) >= n && !memcmp(c->p, words[i], n)) {
			c->p += n;
			return 0;
		}
	}
	return fail(c, "unexpected character");
}

static int skip_value(struct cursor *c, int depth);

/* Shared by arrays and objects: "[" v, v "]" or "{" k: v, k: v "}". */
static int skip_container(struct cursor *c, int depth, bool object)
{
	char close = object ? '}' : ']';

	if (depth >= JSON_MAX_DEPTH)
		return fail(c, "nesting too deep");
	c->p++;
	skip_ws(c);
	if (at(c, close)) {
		c->p++;
		return 0;
	}
	for (;;) {
		if (object) {
			if (!at(c, '"'))
				return fail(c, "expected a string key");
			if (skip_string(c))
				return -1;
			skip_ws(c);
			if (!at(c, ':'))
				return fail(c, "expected ':' after key");
			c->p++;
		}
		if (skip_value(c, depth + 1))
			return -1;
		skip_ws(c);
		if (at(c, close)) {
			c->p++;
			return 0;
		}
		if (!at(c, ','))
			return fail(c, object ? "expected ',' or '}'" :
						"expected ',' or ']'");
		c->p++;
		skip_ws(c);
	}
}

static int skip_value(struct cursor *c, int depth)
{
	skip_ws(c);
	if (c->p >= c->end)
		return fail(c, "unexpected end of file");
	switch (*c->p) {
	case '{':
		return skip_container(c, depth, true);
	case '[':
		return skip_container(c, depth, false);
	case '"':
		return skip_string(c);
	default:
		if (*c->p == '-' || is_digit(*c->p))
			return skip_number(c);
		return skip_literal(c);
	}
}

int json_validate(const char *text, size_t len, unsigned *line,
		  const char **why)
{
	struct cursor c = { .p = text, .end = text + len, .line = 1 };

	if (skip_value(&c, 0))
		goto bad;
	skip_ws(&c);
	if (c.p != c.end) {
		fail(&c, "trailing characters after the document");
		goto bad;
	}
	return 0;
bad:
	*line = c.line;
	*why = c.why;
	return -1;
}

static void put_utf8(FILE *f, unsigned long cp)
{
	if (cp < 0x80) {
		fputc((int)cp, f);
	} else if (cp < 0x800) {
		fputc(0xc0 | (int)(cp >> 6), f);
		fputc(0x80 | (int)(cp & 0x3f), f);
	} else if (cp < 0x10000) {
		fputc(0xe0 | (int)(cp >> 12), f);
		fputc(0x80 | (int)((cp >> 6) & 0x3f), f);
		fputc(0x80 | (int)(cp & 0x3f), f);
	} else {
		fputc(0xf0 | (int)(cp >> 18), f);
		fputc(0x80 | (int)((cp >> 12) & 0x3f), f);
		fputc(0x80 | (int)((cp >> 6) & 0x3f), f);
		fputc(0x80 | (int)(cp & 0x3f), f);
	}
}

static unsigned long hex4(const char *p)
{
	char buf[5];

	memcpy(buf, p, 4);
	buf[4] = '\0';
	return strtoul(buf, NULL, 16);
}

/* @p points after "\u"; a surrogate pair consumes the second escape too. */
static const char *put_u_escape(FILE *f, const char *p, const char *end)
{
	unsigned long cp = hex4(p), lo;

	p += 4;
	if (cp >= 0xd800 && cp < 0xdc00 && end - p >= 6 &&
	    p[0] == '\\' && p[1] == 'u') {
		lo = hex4(p + 2);
		if (lo >= 0xdc00 && lo < 0xe000) {
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			p += 6;
		}
	}
	/* A lone surrogate is not a character: show the replacement one. */
	if (cp >= 0xd800 && cp < 0xe000)
		cp = 0xfffd;
	put_utf8(f, cp);
	return p;
}

static char unescape_simple(char ch)
{
	switch (ch) {
	case 'b': return '\b';
	case 'f': return '\f';
	case 'n': return '\n';
	case 'r': return '\r';
	case 't': return '\t';
	default:  return ch;
	}
}

/* Writes the string starting at @p (its opening quote); returns its end. */
static const char *put_string(FILE *f, const char *p, const char *end)
{
	for (p++; p < end && *p != '"'; ) {
		if (*p != '\\') {
			fputc(*p++, f);
			continue;
		}
		p++;
		if (*p == 'u')
			p = put_u_escape(f, p + 1, end);
		else
			fputc(unescape_simple(*p++), f);
	}
	return p + 1;
}

static char *string_to_text(const char *p, const char *end)
{
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	put_string(f, p, end);
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}

static bool key_equals(const char *p, const char *end, const char *key,
		       size_t keylen)
{
	char *s = string_to_text(p, end);
	bool eq;

	if (!s)
		return false;
	eq = strlen(s) == keylen && !memcmp(s, key, keylen);
	free(s);
	return eq;
}

/* Only called on validated text, so skip_*() cannot fail here. */
static int find_member(struct json_span obj, const char *key, size_t keylen,
		       struct json_span *out)
{
	struct cursor c = { .p = obj.p, .end = obj.p + obj.len, .line = 1 };
	const char *kp, *vp;

	if (!at(&c, '{'))
		return 0;
	c.p++;
	for (;;) {
		skip_ws(&c);
		if (!at(&c, '"'))
			return 0;
		kp = c.p;
		skip_string(&c);
		skip_ws(&c);
		c.p++;		/* ':' */
		skip_ws(&c);
		vp = c.p;
		skip_value(&c, 0);
		if (key_equals(kp, c.end, key, keylen)) {
			out->p = vp;
			out->len = (size_t)(c.p - vp);
			return 1;
		}
		skip_ws(&c);
		if (!at(&c, ','))
			return 0;
		c.p++;
	}
}

int json_find(const char *text, size_t len, const char *path,
	      struct json_span *out)
{
	struct cursor c = { .p = text, .end = text + len, .line = 1 };
	struct json_span cur;
	const char *dot;
	size_t keylen;

	skip_ws(&c);
	cur.p = c.p;
	cur.len = (size_t)(c.end - c.p);
	while (*path) {
		dot = strchr(path, '.');
		keylen = dot ? (size_t)(dot - path) : strlen(path);
		if (!find_member(cur, path, keylen, &cur))
			return 0;
		path += keylen + (dot ? 1 : 0);
	}
	*out = cur;
	return 1;
}

int json_is_string(struct json_span v)
{
	return v.len && *v.p == '"';
}

static void put_text(FILE *f, struct json_span v, const char *member_sep);

/* Elements of an array, or "key: value" members of an object. */
static void put_container(FILE *f, struct json_span v, bool object,
			  const char *member_sep)
{
	struct cursor c = { .p = v.p + 1, .end = v.p + v.len, .line = 1 };
	struct json_span elem;
	bool first = true;

	for (;;) {
		skip_ws(&c);
		if (!at(&c, '"') && object)
			return;
		if (at(&c, ']'))
			return;
		if (!first)
			fputs(object ? member_sep : ", ", f);
		first = false;
		if (object) {
			c.p = put_string(f, c.p, c.end);
			fputs(": ", f);
			skip_ws(&c);
			c.p++;		/* ':' */
			skip_ws(&c);
		}
		elem.p = c.p;
		skip_value(&c, 0);
		elem.len = (size_t)(c.p - elem.p);
		put_text(f, elem, member_sep);
		skip_ws(&c);
		if (!at(&c, ','))
			return;
		c.p++;
	}
}

static void put_text(FILE *f, struct json_span v, const char *member_sep)
{
	if (!v.len)
		return;
	if (*v.p == '"')
		put_string(f, v.p, v.p + v.len);
	else if (*v.p == '{' || *v.p == '[')
		put_container(f, v, *v.p == '{', member_sep);
	else
		fwrite(v.p, 1, v.len, f);
}

char *json_to_text(struct json_span v, const char *member_sep)
{
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	put_text(f, v, member_sep);
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}
