/* SPDX-License-Identifier: GPL-2.0 */
/* Test helper: a whole file as one malloc'd string, or NULL. */
#ifndef KSMBENCH_TESTS_SLURP_H
#define KSMBENCH_TESTS_SLURP_H

#include <stdio.h>
#include <stdlib.h>

static inline char *slurp(const char *path)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return NULL;
	if (getdelim(&text, &len, '\0', f) < 0) {
		free(text);
		text = NULL;
	}
	fclose(f);
	return text;
}

#endif
