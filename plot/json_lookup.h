/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Just enough JSON to read metadata.json: check the syntax of the whole
 * document (so a truncated file is reported, not half-read), find a value by
 * a dotted path of object keys, and turn a value into one line of text.
 */
#ifndef KSMBENCH_PLOT_JSON_LOOKUP_H
#define KSMBENCH_PLOT_JSON_LOOKUP_H

#include <stddef.h>

/* The raw text of one value inside the document. */
struct json_span {
	const char *p;
	size_t len;
};

/*
 * Returns 0 when @text is one well-formed JSON value, else -1 with the
 * 1-based line of the error in @line and a static message in @why.
 */
int json_validate(const char *text, size_t len, unsigned *line,
		  const char **why);

/*
 * Finds the value at @path ("kernel.release") in a validated document.
 * Returns 1 and fills @out when found, 0 when a key is missing or a step
 * is not an object.
 */
int json_find(const char *text, size_t len, const char *path,
	      struct json_span *out);

/* True when the span holds a string (as opposed to null, a number, ...). */
int json_is_string(struct json_span v);

/*
 * Plain text, malloc'd: strings unescaped, arrays as "a, b", objects as
 * "key: value" joined by @member_sep, anything else verbatim.  NULL on
 * ENOMEM.
 */
char *json_to_text(struct json_span v, const char *member_sep);

#endif
