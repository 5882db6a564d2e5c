/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A scenario: the address space to build, the KSM sharing to reach in it and
 * how often to drive rmap walks over it.  Filled from workloads/scenarios.conf
 * and from command-line overrides through one option table (options.c).
 */
#ifndef KSMBENCH_SCENARIO_H
#define KSMBENCH_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>

#define SCENARIO_NAME_MAX	48
#define SCENARIO_TEXT_MAX	512
#define SCENARIO_LIST_MAX	128
#define SCENARIO_UOPT_MAX	32
#define SCENARIO_UOPT_VAL	64

/* A value for an option that a driver or layout declares in its own file. */
struct scenario_uopt {
	const char *name;			/* the declaring row's name */
	char val[SCENARIO_UOPT_VAL];		/* checked when it was set */
};

struct scenario {
	char name[SCENARIO_NAME_MAX];
	char description[SCENARIO_TEXT_MAX];
	char layout[SCENARIO_NAME_MAX];		/* a layout descriptor's name */
	char drivers[SCENARIO_LIST_MAX];	/* comma-separated driver names */
	unsigned long vmas;			/* N: VMAs split from one mapping */
	unsigned long pages_per_vma;		/* P */
	unsigned long ksm_pages;		/* K: KSM pages to end up with */
	unsigned long sharing;			/* S: pages merged into each KSM page */
	unsigned long forks;			/* F: children forked after merging */
	unsigned long max_page_sharing;		/* KSM knob for this scenario */
	unsigned long reps;			/* R: repetitions of each driver */
	char driver_reps[SCENARIO_LIST_MAX];	/* "DRIVER=N,...": R per driver */
	unsigned long target_ci_pct;		/* stopping rule; 0: R reps */
	unsigned long min_reps;
	unsigned long rep_time_cap;		/* seconds; 0: none */
	unsigned long merge_timeout;		/* seconds to wait for KSM */
	unsigned long verify_timeout;		/* seconds a verifier may take */
	char inject_fault[SCENARIO_NAME_MAX];	/* test mode: see options.c */
	char sweep[SCENARIO_NAME_MAX];		/* harness/sweep.h; "" = none */
	struct scenario_uopt uopt[SCENARIO_UOPT_MAX];
	int nr_uopt;
};

/* Values a scenario starts from before its file block or options apply. */
void scenario_defaults(struct scenario *s);

/*
 * Repetitions (the maximum under a stopping rule) of one driver: its entry
 * in driver_reps, else reps.
 */
unsigned long scenario_reps_for(const struct scenario *s, const char *driver);

/*
 * Checks a driver_reps value: DRIVER=N entries, N in [1, max]; known(name)
 * says whether a driver exists.  On failure writes the reason into err.
 */
int scenario_driver_reps_check(const char *value, unsigned long max,
			       bool (*known)(const char *name), char *err,
			       size_t errlen);

/* Cross-field checks; on failure writes a one-line reason into err. */
int scenario_validate(const struct scenario *s, char *err, size_t errlen);

#endif
