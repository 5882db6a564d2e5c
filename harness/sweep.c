// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "sweep.h"

static const char *const sweep_keys[] = {
	"vmas", "forks", "sharing", "ksm_pages", NULL,
};

static int parse_num(const char *p, char **end, unsigned long *v)
{
	errno = 0;
	if (*p < '0' || *p > '9')
		return -1;
	*v = strtoul(p, end, 10);
	return errno ? -1 : 0;
}

static int key_ok(const char *key)
{
	int i;

	for (i = 0; sweep_keys[i]; i++)
		if (!strcmp(sweep_keys[i], key))
			return 1;
	return 0;
}

int sweep_parse(const char *text, struct sweep_spec *sp, char *err,
		size_t errlen)
{
	const char *eq = strchr(text, '=');
	char *end;

	memset(sp, 0, sizeof(*sp));
	if (!eq || (size_t)(eq - text) >= sizeof(sp->key))
		goto bad;
	memcpy(sp->key, text, eq - text);
	if (!key_ok(sp->key)) {
		snprintf(err, errlen, "sweep: cannot sweep '%s' (vmas, forks, "
			 "sharing or ksm_pages)", sp->key);
		return -1;
	}
	if (parse_num(eq + 1, &end, &sp->from) || strncmp(end, "..", 2) ||
	    parse_num(end + 2, &end, &sp->to))
		goto bad;
	sp->geometric = *end == '*' || *end == 'x';
	if (sp->geometric) {
		errno = 0;
		sp->factor = strtod(end + 1, &end);
		if (errno || *end || !(sp->factor > 1.0) || sp->factor > 1e6)
			goto bad;
	} else if (*end != '+' || parse_num(end + 1, &end, &sp->step) ||
		   *end || !sp->step) {
		goto bad;
	}
	if (sp->from < 1 || sp->to < sp->from)
		goto bad;
	return 0;
bad:
	snprintf(err, errlen, "sweep: '%s' is not KEY=FROM..TO*FACTOR or "
		 "KEY=FROM..TO+STEP with 1 <= FROM <= TO", text);
	return -1;
}

int sweep_points(const struct sweep_spec *sp, unsigned long *val, int max,
		 char *err, size_t errlen)
{
	double x = sp->from;
	unsigned long v, last = 0;
	int n = 0;

	while (x <= (double)sp->to + 0.5) {
		v = (unsigned long)llround(x);
		if (n && v == last) {
			x = sp->geometric ? x * sp->factor : x + sp->step;
			continue;
		}
		if (n == max) {
			snprintf(err, errlen, "sweep: more than %d points",
				 max);
			return -1;
		}
		val[n++] = last = v;
		x = sp->geometric ? x * sp->factor : x + sp->step;
	}
	return n;
}

static int add_point(struct run *out, const struct scenario *base,
		     const struct sweep_spec *sp, unsigned long v, char *err,
		     size_t errlen)
{
	struct scenario *s;
	char val[32], e[400];

	if (out->nr == RUN_MAX_SCENARIOS) {
		snprintf(err, errlen, "sweep: more than %d scenarios in one "
			 "run", RUN_MAX_SCENARIOS);
		return -1;
	}
	s = &out->rec[out->nr++].s;
	*s = *base;
	snprintf(val, sizeof(val), "%lu", v);
	if (snprintf(s->name, sizeof(s->name), "%s@%s=%lu", base->name,
		     sp->key, v) >= (int)sizeof(s->name)) {
		snprintf(err, errlen, "sweep: point name of '%s' too long",
			 base->name);
		return -1;
	}
	if (opt_set(s, sp->key, val, e, sizeof(e))) {
		snprintf(err, errlen, "sweep point %s: %s", s->name, e);
		return -1;
	}
	/* Its message starts with the point's name. */
	if (scenario_validate(s, e, sizeof(e))) {
		snprintf(err, errlen, "sweep: %s", e);
		return -1;
	}
	return 0;
}

static int expand_one(struct run *out, const struct scenario *s, char *err,
		      size_t errlen)
{
	unsigned long val[SWEEP_MAX_POINTS];
	struct sweep_spec sp;
	int i, n;

	if (!s->sweep[0]) {
		out->rec[out->nr++].s = *s;
		return 0;
	}
	if (sweep_parse(s->sweep, &sp, err, errlen))
		return -1;
	n = sweep_points(&sp, val, SWEEP_MAX_POINTS, err, errlen);
	for (i = 0; i < n; i++)
		if (add_point(out, s, &sp, val[i], err, errlen))
			return -1;
	return n < 0 ? -1 : 0;
}

int sweep_expand(struct run *run, char *err, size_t errlen)
{
	struct scenario *in;
	int i, nr = run->nr, ret = 0;

	in = malloc(nr * sizeof(*in));
	if (!in) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < nr; i++)
		in[i] = run->rec[i].s;
	run->nr = 0;
	for (i = 0; i < nr && !ret; i++)
		ret = expand_one(run, &in[i], err, errlen);
	free(in);
	return ret;
}
