// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mail_wrap.h"
#include "report_mail.h"

/*
 * Words wrapped at MAIL_COLUMNS, later lines indented by @indent and each
 * broken line ended by @cont; leading spaces are kept.
 */
static void vwrap(FILE *f, int indent, const char *cont, const char *fmt,
		  va_list ap)
{
	char *text, *word, *save = NULL;
	bool first = true;
	int col = 0;

	if (vasprintf(&text, fmt, ap) < 0)
		text = NULL;
	if (!text)
		return;
	while (text[col] == ' ')
		fputc(text[col++], f);
	for (word = strtok_r(text + col, " ", &save); word;
	     word = strtok_r(NULL, " ", &save)) {
		int len = (int)strlen(word);

		if (!first && col + 1 + len + (int)strlen(cont) > MAIL_COLUMNS) {
			fprintf(f, "%s\n%*s", cont, indent, "");
			col = indent;
		} else if (!first) {
			fputc(' ', f);
			col++;
		}
		fputs(word, f);
		col += len;
		first = false;
	}
	fputc('\n', f);
	free(text);
}

void mail_wrap(FILE *f, int indent, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwrap(f, indent, "", fmt, ap);
	va_end(ap);
}

/* A shell command: continued lines end in a backslash. */
void mail_wrap_cmd(FILE *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwrap(f, 6, " \\", fmt, ap);
	va_end(ap);
}
