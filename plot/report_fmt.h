/* SPDX-License-Identifier: GPL-2.0 */
/* Number formatting shared by the report's tables. */
#ifndef KSMBENCH_PLOT_REPORT_FMT_H
#define KSMBENCH_PLOT_REPORT_FMT_H

#include <stddef.h>

/*
 * Three decimals; below 1, four significant digits (at most six decimals)
 * rather than a fixed, mostly-zero 0.00x.  Whole ns shown as ms or whole
 * ns as us are therefore printed exactly.
 */
void fmt_decimal3(char *buf, size_t len, double v);

/* Counts are integers, and a median of two of them ends in .5 at most. */
void fmt_count(char *buf, size_t len, double v);

#endif
