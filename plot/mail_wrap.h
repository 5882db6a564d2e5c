/* SPDX-License-Identifier: GPL-2.0 */
/* Text for the mail, wrapped at MAIL_COLUMNS (report_mail.h). */
#ifndef KSMBENCH_PLOT_MAIL_WRAP_H
#define KSMBENCH_PLOT_MAIL_WRAP_H

#include <stdio.h>

/* Words wrapped, later lines indented by @indent; leading blanks kept. */
void __attribute__((format(printf, 3, 4)))
mail_wrap(FILE *f, int indent, const char *fmt, ...);

/* A shell command: each broken line ends in a backslash. */
void __attribute__((format(printf, 2, 3)))
mail_wrap_cmd(FILE *f, const char *fmt, ...);

#endif
