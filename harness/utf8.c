// SPDX-License-Identifier: GPL-2.0
#include "utf8.h"

/* Length of the sequence starting with lead byte c and its valid range. */
static int seq_len(unsigned char c, unsigned long *min)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		*min = 0x80;
		return 2;
	}
	if (c >= 0xe0 && c <= 0xef) {
		*min = 0x800;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		*min = 0x10000;
		return 4;
	}
	return 0;
}

bool utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		unsigned long cp, min = 0;
		int n = seq_len(p[i], &min), k;

		if (!n || i + n > len)
			return false;
		if (n == 1) {
			i++;
			continue;
		}
		cp = p[i] & (0x7f >> n);
		for (k = 1; k < n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += n;
	}
	return true;
}
