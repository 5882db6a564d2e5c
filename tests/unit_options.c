// SPDX-License-Identifier: GPL-2.0
/* Option table and scenario file parsing: what is accepted, what is not. */
#include <string.h>

#include "check.h"
#include "options.h"
#include "scenario_file.h"

CHECK_DEFINE_STATE;

static int set(struct scenario *s, const char *k, const char *v, char *err)
{
	return opt_set(s, k, v, err, 256);
}

static void test_numbers(void)
{
	struct scenario s;
	char err[256];

	scenario_defaults(&s);
	CHECK("ulong accepts a plain number", !set(&s, "vmas", "8000", err) &&
	      s.vmas == 8000, "vmas=%lu err=%s", s.vmas, err);
	CHECK("ulong rejects trailing garbage",
	      set(&s, "vmas", "80x", err) && strstr(err, "not a whole number")
	      && s.vmas == 8000, "err=%s vmas=%lu", err, s.vmas);
	CHECK("ulong rejects a sign", set(&s, "vmas", "-1", err), "accepted");
	CHECK("ulong rejects a leading space", set(&s, "vmas", " 5", err),
	      "accepted");
	CHECK("ulong rejects empty", set(&s, "reps", "", err), "accepted");
	CHECK("ulong rejects overflow",
	      set(&s, "reps", "99999999999999999999999", err), "accepted");
	CHECK("ulong enforces the minimum",
	      set(&s, "sharing", "1", err) && strstr(err, "out of range"),
	      "err=%s", err);
	CHECK("ulong enforces the maximum", set(&s, "vmas", "60001", err),
	      "accepted");
	CHECK("forks may be zero", !set(&s, "forks", "0", err) && !s.forks,
	      "err=%s", err);
	CHECK("unknown option named in the error",
	      set(&s, "vma", "1", err) && strstr(err, "'vma'"), "err=%s", err);
}

static void test_names(void)
{
	struct scenario s;
	char err[256];

	scenario_defaults(&s);
	CHECK("known layout accepted", !set(&s, "layout", "split", err),
	      "err=%s", err);
	CHECK("unknown layout rejected", set(&s, "layout", "spilt", err) &&
	      !strcmp(s.layout, "split"), "layout=%s", s.layout);
	CHECK("driver list accepted", !set(&s, "drivers", "migrate", err),
	      "err=%s", err);
	CHECK("unknown driver in list rejected",
	      set(&s, "drivers", "migrate,reclaimx", err) &&
	      strstr(err, "reclaimx"), "err=%s", err);
	CHECK("empty list element rejected",
	      set(&s, "drivers", "migrate,", err), "accepted");
}

static void test_driver_reps(void)
{
	struct scenario s;
	char err[256];

	scenario_defaults(&s);
	s.reps = 5;
	CHECK("driver_reps accepted",
	      !set(&s, "driver_reps", "reclaim=2,damon=3", err), "err=%s", err);
	CHECK("driver_reps gives the listed driver its count",
	      scenario_reps_for(&s, "reclaim") == 2 &&
	      scenario_reps_for(&s, "damon") == 3, "reclaim=%lu damon=%lu",
	      scenario_reps_for(&s, "reclaim"), scenario_reps_for(&s, "damon"));
	CHECK("an unlisted driver keeps reps",
	      scenario_reps_for(&s, "migrate") == 5, "migrate=%lu",
	      scenario_reps_for(&s, "migrate"));
	CHECK("a name that prefixes a listed one keeps reps",
	      scenario_reps_for(&s, "recl") == 5, "recl=%lu",
	      scenario_reps_for(&s, "recl"));
	CHECK("driver_reps: unknown driver named",
	      set(&s, "driver_reps", "reclaimx=2", err) &&
	      strstr(err, "reclaimx"), "err=%s", err);
	CHECK("driver_reps: zero refused",
	      set(&s, "driver_reps", "compact=0", err), "accepted");
	CHECK("driver_reps: missing count refused",
	      set(&s, "driver_reps", "compact", err), "accepted");
	CHECK("driver_reps: trailing comma refused",
	      set(&s, "driver_reps", "compact=2,", err), "accepted");
	CHECK("driver_reps: a refused value changes nothing",
	      scenario_reps_for(&s, "reclaim") == 2, "reclaim=%lu",
	      scenario_reps_for(&s, "reclaim"));
}

static void test_validate(void)
{
	struct scenario s;
	char err[256];

	scenario_defaults(&s);
	s.vmas = 10;
	s.pages_per_vma = 2;
	s.ksm_pages = 5;
	s.sharing = 4;
	CHECK("K*S equal to the layout is valid",
	      !scenario_validate(&s, err, sizeof(err)), "err=%s", err);
	s.sharing = 5;
	CHECK("K*S above the layout is refused",
	      scenario_validate(&s, err, sizeof(err)), "accepted");
	s.sharing = 4;
	s.max_page_sharing = 3;
	CHECK("sharing above max_page_sharing is refused",
	      scenario_validate(&s, err, sizeof(err)) &&
	      strstr(err, "max_page_sharing"), "err=%s", err);
}

static void test_file(void)
{
	static struct scenario_set set;
	char err[256];
	const struct scenario *a;

	CHECK("file with two scenarios parses",
	      !scenario_parse("# c\n[a]\nvmas = 100 # n\nsharing=4\n\n[b]\n"
			      "description = x = y\n", "t", &set, err,
			      sizeof(err)) && set.nr == 2, "err=%s nr=%d", err,
	      set.nr);
	a = scenario_find(&set, "a");
	CHECK("values and defaults land", a && a->vmas == 100 &&
	      a->sharing == 4 && a->pages_per_vma == 1, "a=%p", (void *)a);
	CHECK("value keeps later '='", !strcmp(set.item[1].description,
					       "x = y"),
	      "desc=%s", set.item[1].description);
	CHECK("error names file and line",
	      scenario_parse("[a]\nvmas = 1\nbogus = 2\n", "f.conf", &set,
			     err, sizeof(err)) && strstr(err, "f.conf:3:"),
	      "err=%s", err);
	CHECK("option before header refused",
	      scenario_parse("vmas = 1\n", "f", &set, err, sizeof(err)),
	      "accepted");
	CHECK("duplicate scenario refused",
	      scenario_parse("[a]\n[a]\n", "f", &set, err, sizeof(err)) &&
	      strstr(err, "twice"), "err=%s", err);
	CHECK("bad header refused",
	      scenario_parse("[A b]\n", "f", &set, err, sizeof(err)),
	      "accepted");
	CHECK("line without '=' refused",
	      scenario_parse("[a]\nvmas 5\n", "f", &set, err, sizeof(err)),
	      "accepted");
	CHECK("invalid scenario refused at its end",
	      scenario_parse("[a]\nvmas=2\nksm_pages=2\nsharing=2\n", "f",
			     &set, err, sizeof(err)) && strstr(err, "exceeds"),
	      "err=%s", err);
}

static void test_builtin(void)
{
	static struct scenario_set set;
	const struct scenario *nv, *xu;
	char err[256];

	CHECK("built-in presets parse",
	      !scenario_load_builtin(&set, err, sizeof(err)), "err=%s", err);
	nv = scenario_find(&set, "nv8000");
	xu = scenario_find(&set, "xu20k");
	CHECK("mremap2k moves its VMAs before merging",
	      scenario_find(&set, "mremap2k") &&
	      !strcmp(scenario_find(&set, "mremap2k")->layout, "mremap"),
	      "mremap2k missing or not on the mremap layout");
	CHECK("nv8000: 8000 single-page VMAs, 16 contents, no forks",
	      nv && nv->vmas == 8000 && nv->pages_per_vma == 1 &&
	      nv->ksm_pages == 16 && nv->ksm_pages * nv->sharing == 8000 &&
	      nv->forks == 0, "nv8000 missing or changed");
	CHECK("xu20k: about 20,000 tree nodes with forked children",
	      xu && xu->forks > 0 && xu->vmas * (xu->forks + 1) >= 19000 &&
	      xu->vmas * (xu->forks + 1) <= 21000, "xu20k missing or changed");
}

int main(void)
{
	test_numbers();
	test_names();
	test_driver_reps();
	test_validate();
	test_file();
	test_builtin();
	return CHECK_EXIT();
}
