/* SPDX-License-Identifier: GPL-2.0 */
/* A small streaming JSON writer: it tracks commas and nesting for us. */
#ifndef KSMBENCH_JSON_WRITER_H
#define KSMBENCH_JSON_WRITER_H

#include <stdbool.h>
#include <stdio.h>

#define JSON_DEPTH_MAX 16

struct json {
	FILE *f;
	int depth;
	bool first[JSON_DEPTH_MAX];
};

void json_init(struct json *j, FILE *f);
/* key may be NULL inside arrays */
void json_object_begin(struct json *j, const char *key);
void json_object_end(struct json *j);
void json_array_begin(struct json *j, const char *key);
void json_array_end(struct json *j);
void json_str(struct json *j, const char *key, const char *val);
void json_ulong(struct json *j, const char *key, unsigned long val);
void json_long(struct json *j, const char *key, long val);
void json_double(struct json *j, const char *key, double val);
void json_null(struct json *j, const char *key);
void json_bool(struct json *j, const char *key, bool val);
void json_finish(struct json *j);

#endif
