// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "vmstat.h"

bool vmstat_read(const char *name, uint64_t *val)
{
	unsigned long long v;
	char key[64], line[128];
	bool found = false;
	FILE *f = fopen("/proc/vmstat", "r");

	while (f && !found && fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %llu", key, &v) == 2 &&
		    !strcmp(key, name)) {
			*val = v;
			found = true;
		}
	if (f)
		fclose(f);
	return found;
}
