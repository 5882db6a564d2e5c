// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "driver.h"

static const struct driver *const drivers[] = {
	&driver_migrate,
};

const struct driver *driver_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++)
		if (!strcmp(drivers[i]->name, name))
			return drivers[i];
	return NULL;
}

void driver_list(void (*fn)(const struct driver *d, void *arg), void *arg)
{
	size_t i;

	for (i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++)
		fn(drivers[i], arg);
}
