// SPDX-License-Identifier: GPL-2.0
/*
 * Whether a scenario's layout fits this machine, decided before anything
 * changes: the memory it needs (its own estimate, every process counted)
 * against half of MemAvailable, and its VMAs per process against
 * vm.max_map_count.  Sweeps ask this of every point up front.
 */
#include <stdio.h>
#include <unistd.h>

#include "layout.h"
#include "layout_limits.h"
#include "layout_math.h"

/* What a process maps besides the layout: binary, libc, stack, vdso. */
#define OTHER_VMAS 1000

static unsigned long long mem_available(void)
{
	unsigned long long kib = 0;
	char line[256];
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %llu kB", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib << 10;
}

static unsigned long max_map_count(void)
{
	unsigned long n = 65530;	/* the kernel's default */
	FILE *f = fopen("/proc/sys/vm/max_map_count", "r");

	if (f) {
		if (fscanf(f, "%lu", &n) != 1)
			n = 65530;
		fclose(f);
	}
	return n;
}

unsigned long long layout_memory_need(const struct scenario *s,
				      unsigned long page_size)
{
	const struct layout_ops *ops = layout_find(s->layout);

	if (ops && ops->memory)
		return ops->memory(s, page_size);
	return layout_memory_estimate(s, page_size);
}

/* Mappings of one process at its build's peak, with some to spare. */
unsigned long layout_maps_needed(const struct scenario *s)
{
	const struct layout_ops *ops = layout_find(s->layout);
	unsigned long per = ops && ops->maps_per_vma ? ops->maps_per_vma : 1;

	return s->vmas * per + OTHER_VMAS;
}

int layout_limits_check(const struct scenario *s,
			const struct layout_limits *lim, char *err,
			size_t errlen)
{
	unsigned long long need = layout_memory_need(s, lim->page_size);

	if (lim->mem_available && need > lim->mem_available / 2) {
		snprintf(err, errlen, "%s needs about %llu MiB, more than half "
			 "of the %llu MiB available: refusing", s->name,
			 need >> 20, lim->mem_available >> 20);
		return -1;
	}
	if (layout_maps_needed(s) > lim->max_map_count) {
		snprintf(err, errlen, "%s needs about %lu mappings (%lu VMAs, "
			 "layout %s) but vm.max_map_count is %lu: refusing",
			 s->name, layout_maps_needed(s), s->vmas, s->layout,
			 lim->max_map_count);
		return -1;
	}
	return 0;
}

void layout_limits_read(struct layout_limits *lim)
{
	lim->page_size = sysconf(_SC_PAGESIZE);
	lim->mem_available = mem_available();
	lim->max_map_count = max_map_count();
}

int layout_fits(const struct scenario *s, char *err, size_t errlen)
{
	struct layout_limits lim;

	layout_limits_read(&lim);
	return layout_limits_check(s, &lim, err, errlen);
}
