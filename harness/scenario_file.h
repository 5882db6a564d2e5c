/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scenario files: `[name]` opens a scenario, `key = value` lines set its
 * options (the same table as the command line), `#` at the start of a line
 * or after a blank starts a comment ("C#" in a description stays).  The
 * file is read whole or refused with the line number: NUL bytes, control
 * characters, invalid UTF-8 and lines over SCENARIO_LINE_MAX bytes are
 * refused; CRLF line ends are fine.
 * The suite's own presets (workloads/scenarios.conf) are built into the
 * binary, so a guest needs no file.
 */
#ifndef KSMBENCH_SCENARIO_FILE_H
#define KSMBENCH_SCENARIO_FILE_H

#include <stddef.h>
#include "scenario.h"

#define SCENARIO_SET_MAX 32
#define SCENARIO_LINE_MAX 1024
#define SCENARIO_FILE_MAX (1 << 20)

struct scenario_set {
	struct scenario item[SCENARIO_SET_MAX];
	int nr;
};

/* Parse text; origin names it in errors ("file:line: ..."). */
int scenario_parse(const char *text, const char *origin,
		   struct scenario_set *set, char *err, size_t errlen);
/* The same for len bytes that may hold NULs (which it refuses). */
int scenario_parse_buf(const char *text, size_t len, const char *origin,
		       struct scenario_set *set, char *err, size_t errlen);
int scenario_load_file(const char *path, struct scenario_set *set, char *err,
		       size_t errlen);
int scenario_load_builtin(struct scenario_set *set, char *err, size_t errlen);
const struct scenario *scenario_find(const struct scenario_set *set,
				     const char *name);

#endif
