// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for what ksmbench reads from outside before it changes
 * anything: the command line (cli_parse, then every option through
 * opt_set and scenario_validate) and scenario files (scenario_parse_buf).
 * The first byte picks which; the rest is the input.  For the command
 * line, NUL bytes separate the arguments.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "options.h"
#include "scenario_file.h"
#include "utf8.h"

#define MAX_ARGS 64

/* Usage errors are the expected answer to most inputs: not worth a line. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	stderr = fopen("/dev/null", "w");
	return 0;
}

static void fuzz_cli(const char *data, size_t size)
{
	char *copy = malloc(size + 1), *argv[MAX_ARGS], err[512];
	struct scenario s;
	struct cli cli;
	size_t i, start = 0;
	int argc = 0;

	if (!copy)
		return;
	memcpy(copy, data, size);
	copy[size] = '\0';
	for (i = 0; i <= size && argc < MAX_ARGS; i++) {
		if (copy[i])
			continue;
		argv[argc++] = copy + start;
		start = i + 1;
	}
	if (!cli_parse(argc, argv, &cli)) {
		scenario_defaults(&s);
		for (i = 0; i < (size_t)cli.nr; i++)
			if (opt_set(&s, cli.key[i], cli.val[i], err,
				    sizeof(err)))
				break;
		scenario_validate(&s, err, sizeof(err));
	}
	free(copy);
}

static void fuzz_file(const char *data, size_t size)
{
	static struct scenario_set set;
	char err[512];
	int i;

	if (scenario_parse_buf(data, size, "fuzz", &set, err, sizeof(err))) {
		/* Every refusal names the input and a line. */
		if (strncmp(err, "fuzz", 4))
			abort();
		return;
	}
	/* What was accepted must be text JSON can carry. */
	for (i = 0; i < set.nr; i++)
		if (!utf8_valid(set.item[i].description,
				strlen(set.item[i].description)) ||
		    !utf8_valid(set.item[i].name, strlen(set.item[i].name)))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	if (data[0] & 1)
		fuzz_cli((const char *)data + 1, size - 1);
	else
		fuzz_file((const char *)data + 1, size - 1);
	return 0;
}
