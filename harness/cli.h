/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The command line of `ksmbench run|list|restore`, parsed without touching
 * the system: an unknown option is "unknown option", a missing value "needs
 * a value", the same option twice is refused (the last one never wins
 * silently), and each message is one line on stderr with exit status 2.
 */
#ifndef KSMBENCH_CLI_H
#define KSMBENCH_CLI_H

#include <stdbool.h>

#define EXIT_USAGE	2
#define CLI_MAX_OVERRIDES 32

struct cli {
	bool help;
	bool wait;			/* wait for the run lock */
	bool replace;			/* --out may exist */
	const char *scenarios;		/* comma-separated, or NULL */
	const char *scenario_file;
	const char *out_dir;
	const char *vm_cmdline_file;
	const char *key[CLI_MAX_OVERRIDES];
	const char *val[CLI_MAX_OVERRIDES];
	int nr;
};

/* argv holds the arguments after the command; 0 or EXIT_USAGE. */
int cli_parse(int argc, char **argv, struct cli *cli);
/* "ksmbench: <fmt with arg>" and the --help hint; returns EXIT_USAGE. */
int cli_bad_usage(const char *fmt, const char *arg);

#endif
