/* SPDX-License-Identifier: GPL-2.0 */
/* Text from outside (files, the command line) must be UTF-8 to reach JSON. */
#ifndef KSMBENCH_UTF8_H
#define KSMBENCH_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Well-formed UTF-8 (no overlongs, surrogates or code points > U+10FFFF). */
bool utf8_valid(const char *s, size_t len);

#endif
