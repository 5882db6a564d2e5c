/* SPDX-License-Identifier: GPL-2.0 */
/* Test helpers: read the KSM knobs straight from sysfs, to compare states. */
#ifndef KSMBENCH_TESTS_KSM_STATE_H
#define KSMBENCH_TESTS_KSM_STATE_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *const ksm_state_knobs[] = {
	"run", "pages_to_scan", "sleep_millisecs", "max_page_sharing",
	"merge_across_nodes", "use_zero_pages",
};
#define KSM_STATE_NR (sizeof(ksm_state_knobs) / sizeof(ksm_state_knobs[0]))

struct ksm_state {
	long val[KSM_STATE_NR];
};

/* The number a file starts with, or -1. */
static inline long read_long_file(const char *path)
{
	long v = -1;
	FILE *f;

	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

static inline long ksm_state_read_one(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/kernel/mm/ksm/%s", name);
	return read_long_file(path);
}

static inline void ksm_state_read(struct ksm_state *s)
{
	size_t i;

	for (i = 0; i < KSM_STATE_NR; i++)
		s->val[i] = ksm_state_read_one(ksm_state_knobs[i]);
}

/* Name of the first knob that differs, or NULL. */
static inline const char *ksm_state_diff(const struct ksm_state *a,
					 const struct ksm_state *b)
{
	size_t i;

	for (i = 0; i < KSM_STATE_NR; i++)
		if (a->val[i] != b->val[i])
			return ksm_state_knobs[i];
	return NULL;
}

/* NULL when the test can run here, else why not. */
static inline const char *ksm_state_unusable(void)
{
	if (access("/sys/kernel/mm/ksm/run", F_OK))
		return "kernel has no KSM";
	if (geteuid())
		return "needs root";
	return NULL;
}

#endif
