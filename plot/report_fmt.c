// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdio.h>
#include "report_fmt.h"

void fmt_decimal3(char *buf, size_t len, double v)
{
	int decimals = 3;

	if (v != 0.0 && fabs(v) < 1.0) {
		decimals = 3 - (int)floor(log10(fabs(v)));
		if (decimals > 6)
			decimals = 6;
	}
	snprintf(buf, len, "%.*f", decimals, v);
}

void fmt_count(char *buf, size_t len, double v)
{
	snprintf(buf, len, v == floor(v) ? "%.0f" : "%.1f", v);
}
