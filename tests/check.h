/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal check macros shared by the C tests.  Each check prints one line:
 *   "ok NAME", "not ok NAME: detail" or "skip NAME: reason".
 * tests/run-tests.sh counts those lines across all test programs, so a
 * test program never decides the suite's verdict on its own.
 */
#ifndef KSMBENCH_TESTS_CHECK_H
#define KSMBENCH_TESTS_CHECK_H

#include <stdio.h>

extern int check_failures;

#define CHECK(name, cond, fmt, ...)					\
	do {								\
		if (cond) {						\
			printf("ok %s\n", (name));			\
		} else {						\
			printf("not ok %s: " fmt "\n", (name),		\
			       ##__VA_ARGS__);				\
			check_failures++;				\
		}							\
		fflush(stdout);						\
	} while (0)

#define SKIP(name, fmt, ...)						\
	do {								\
		printf("skip %s: " fmt "\n", (name), ##__VA_ARGS__);	\
		fflush(stdout);						\
	} while (0)

/* Define once per test program, next to main(). */
#define CHECK_DEFINE_STATE int check_failures
#define CHECK_EXIT() (check_failures ? 1 : 0)

#endif
