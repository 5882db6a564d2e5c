// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "options.h"
#include "utf8.h"

int cli_bad_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "ksmbench: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'ksmbench --help'.\n");
	return EXIT_USAGE;
}

static bool *flag_of(struct cli *cli, const char *key)
{
	if (!strcmp(key, "help"))
		return &cli->help;
	if (!strcmp(key, "wait"))
		return &cli->wait;
	if (!strcmp(key, "replace"))
		return &cli->replace;
	return NULL;
}

static const char **value_of(struct cli *cli, const char *key)
{
	if (!strcmp(key, "scenario"))
		return &cli->scenarios;
	if (!strcmp(key, "scenario-file"))
		return &cli->scenario_file;
	if (!strcmp(key, "out"))
		return &cli->out_dir;
	if (!strcmp(key, "vm-cmdline-file"))
		return &cli->vm_cmdline_file;
	return NULL;
}

static int set_flag(struct cli *cli, const char *key, const char *val)
{
	bool *flag = flag_of(cli, key);

	if (val)
		return cli_bad_usage("option '--%s' takes no value", key);
	if (*flag)
		return cli_bad_usage("option '--%s' given twice", key);
	*flag = true;
	return 0;
}

static int set_override(struct cli *cli, const char *key, const char *val)
{
	const struct opt_desc *o = opt_find(key);
	int i;

	for (i = 0; i < cli->nr; i++)
		if (!strcmp(cli->key[i], o->name))
			return cli_bad_usage("option '--%s' given twice", key);
	if (cli->nr == CLI_MAX_OVERRIDES)
		return cli_bad_usage("too many options%s", "");
	cli->key[cli->nr] = o->name;
	cli->val[cli->nr++] = val;
	return 0;
}

/* --setup-swap names the row setup_swap, when no row has the dashes. */
static void dashes_to_underscores(char *key)
{
	char alt[64], *d;

	if (opt_find(key) || strlen(key) >= sizeof(alt))
		return;
	strcpy(alt, key);
	for (d = alt; (d = strchr(d, '-')); )
		*d = '_';
	if (opt_find(alt))
		strcpy(key, alt);
}

/* One argument (and maybe the next, its value); *i moves past them. */
static int parse_one(int argc, char **argv, int *i, struct cli *cli)
{
	const char *arg = argv[*i], *val, **slot;
	char key[64];
	size_t klen;

	if (strncmp(arg, "--", 2))
		return cli_bad_usage("unexpected argument '%s'", arg);
	arg += 2;
	val = strchr(arg, '=');
	klen = val ? (size_t)(val - arg) : strlen(arg);
	if (!klen || klen >= sizeof(key))
		return cli_bad_usage("unknown option '%s'", argv[*i]);
	memcpy(key, arg, klen);
	key[klen] = '\0';
	dashes_to_underscores(key);
	if (val)
		val++;
	if (flag_of(cli, key))
		return set_flag(cli, key, val);
	slot = value_of(cli, key);
	if (!slot && !opt_find(key))
		return cli_bad_usage("unknown option '--%s'", key);
	/* A unit's 0/1 row (--setup-swap) may stand alone: it means 1. */
	if (!val && !slot && opt_find(key)->flag &&
	    (*i + 1 >= argc || !strncmp(argv[*i + 1], "--", 2)))
		val = "1";
	if (!val && *i + 1 >= argc)
		return cli_bad_usage("option '--%s' needs a value", key);
	if (!val)
		val = argv[++*i];
	/* Values end up in metadata.json: text only. */
	if (!utf8_valid(val, strlen(val)))
		return cli_bad_usage("the value of '--%s' is not UTF-8 text",
				     key);
	if (!slot)
		return set_override(cli, key, val);
	if (*slot)
		return cli_bad_usage("option '--%s' given twice", key);
	*slot = val;
	return 0;
}

int cli_parse(int argc, char **argv, struct cli *cli)
{
	int i, ret;

	memset(cli, 0, sizeof(*cli));
	for (i = 0; i < argc; i++) {
		ret = parse_one(argc, argv, &i, cli);
		if (ret)
			return ret;
	}
	return 0;
}
