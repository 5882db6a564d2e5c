/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Strict reading of the harness's CSV files (results/README.md): one line
 * at a time (the writer keeps rows on one line), RFC 4180 fields, plain decimal
 * integers only, and every complaint phrased as "FILE:LINE: what".
 */
#ifndef KSMBENCH_PLOT_CSV_READ_H
#define KSMBENCH_PLOT_CSV_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Where the line being parsed came from, for error messages. */
struct csv_src {
	char path[4096];
	unsigned long line;	/* 0: about the file as a whole */
	char *err;
	size_t errlen;
};

/* Writes "PATH:LINE: message" (or "PATH: message") to @s->err; returns -1. */
int __attribute__((format(printf, 2, 3)))
csv_bad(struct csv_src *s, const char *fmt, ...);

/* "DIR/NAME" as the user would write it, even when DIR ends in '/'. */
void csv_src_set(struct csv_src *s, const char *dir, const char *name);

/* Opens DIR/NAME for reading; NULL with the reason in @s->err. */
FILE *csv_open(struct csv_src *s, const char *dir, const char *name);

/*
 * Opens DIR/NAME for reading if it exists: NULL with *@ret 0 when it does
 * not, NULL with *@ret -1 and the reason in @s->err when it cannot be read.
 */
FILE *csv_open_optional(struct csv_src *s, const char *dir, const char *name,
			int *ret);

/*
 * Next line without its "\n" (or "\r\n"): 1 when read, 0 at end of file,
 * -1 on an unreadable line.
 */
int csv_next_line(FILE *f, struct csv_src *s, char **buf, size_t *cap);

/*
 * The first line into *@line (to free), for a header that may take more
 * than one form; -1 with the reason (an empty file, expected @want).
 */
int csv_header_line(FILE *f, struct csv_src *s, const char *want,
		    char **line);

/* The first line must be exactly @want. */
int csv_check_header(FILE *f, struct csv_src *s, const char *want);

/*
 * Splits @row in place into @want RFC 4180 fields, unquoting quoted ones.
 * With @rest, the last field is the rest of the line as is: schema 1 wrote
 * status.csv reasons unquoted.  Returns the number of fields found,
 * want + 1 when there are too many, -1 on a stray or unclosed quote.
 */
int csv_split(char *row, const char **fields, int want, bool rest);

/* Plain decimal digits only: strtoull alone would take "-1", " 7", "+7". */
int csv_parse_decimal(const char *str, unsigned long long *v);

/* Makes room for element @n of *@arr; on failure *@arr is left as it was. */
int csv_grow(void *arr, size_t n, size_t *cap, size_t size);

#endif
