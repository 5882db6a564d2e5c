// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "kernel_label.h"
#include "run_compat.h"

/* How long a run is, not what it runs: free to differ. */
static const char *const run_length_params[] = {
	"reps", "description", "drivers", "target_ci_pct", "min_reps",
	"rep_time_cap",
};

/* The census: what KSM had merged when the drivers started. */
static const char *const census_keys[] = {
	"vmas", "pages_shared", "pages_sharing", "pages_on_wrong_frame",
	"merged_as_expected",
};

static bool ignored_param(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(run_length_params) / sizeof(*run_length_params);
	     i++)
		if (!strcmp(key, run_length_params[i]))
			return true;
	return false;
}

static void show(char *buf, size_t len, json_t *v)
{
	char *text = v ? json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;

	snprintf(buf, len, "%s", text ? text : "(absent)");
	free(text);
}

static int differ(const char *scenario, const char *what, const char *key,
		  json_t *a, json_t *b, size_t k, char *why, size_t len)
{
	char va[64], vb[64];

	show(va, sizeof(va), a);
	show(vb, sizeof(vb), b);
	snprintf(why, len, "scenario %s: %s %s is %s on kernel A but %s on "
		 "kernel %c", scenario, what, key, va, vb, kernel_letter(k));
	return -1;
}

static int same_params(const char *name, json_t *a, json_t *b, size_t k,
		       char *why, size_t len)
{
	json_t *pa = json_object_get(a, "params"), *pb = json_object_get(b,
									 "params");
	const char *key;
	json_t *v;

	json_object_foreach(pa, key, v)
		if (!ignored_param(key) &&
		    !json_equal(v, json_object_get(pb, key)))
			return differ(name, "parameter", key, v,
				      json_object_get(pb, key), k, why, len);
	json_object_foreach(pb, key, v)
		if (!ignored_param(key) && !json_object_get(pa, key))
			return differ(name, "parameter", key, NULL, v, k, why,
				      len);
	return 0;
}

static int same_census(const char *name, json_t *a, json_t *b, size_t k,
		       char *why, size_t len)
{
	json_t *oa = json_object_get(a, "observed");
	json_t *ob = json_object_get(b, "observed");
	size_t i;

	for (i = 0; i < sizeof(census_keys) / sizeof(*census_keys); i++) {
		json_t *va = json_object_get(oa, census_keys[i]);
		json_t *vb = json_object_get(ob, census_keys[i]);

		if (!json_equal(va, vb) || !va)
			return differ(name, "KSM census", census_keys[i], va,
				      vb, k, why, len);
	}
	return 0;
}

int runs_comparable(const struct run *runs, size_t nruns, char *why,
		    size_t len)
{
	json_t *sa, *sb;
	size_t i, k;

	for (k = 0; k < nruns; k++) {
		if (runs[k].meta)
			continue;
		snprintf(why, len, "kernel %c has no metadata.json: its "
			 "scenario parameters and KSM state are unknown",
			 kernel_letter(k));
		return -1;
	}
	json_array_foreach(json_object_get(runs[0].meta, "scenarios"), i, sa) {
		const char *name = json_string_value(json_object_get(sa,
								     "name"));

		for (k = 1; name && k < nruns; k++) {
			sb = run_scenario_meta(&runs[k], name);
			if (!sb)
				continue;
			if (same_params(name, sa, sb, k, why, len) ||
			    same_census(name, sa, sb, k, why, len))
				return -1;
		}
	}
	return 0;
}
