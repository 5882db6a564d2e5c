// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "sweep_name.h"

int sweep_name_parse(const char *scenario, char *name, size_t nlen,
		     char *key, size_t klen, double *value)
{
	const char *at = strrchr(scenario, '@'), *eq;
	char *end;

	if (!at || !(eq = strchr(at, '=')))
		return -1;
	if ((size_t)(at - scenario) >= nlen || (size_t)(eq - at - 1) >= klen ||
	    eq == at + 1)
		return -1;
	*value = strtod(eq + 1, &end);
	if (*end || end == eq + 1 || !(*value > 0))
		return -1;
	memcpy(name, scenario, at - scenario);
	name[at - scenario] = '\0';
	memcpy(key, at + 1, eq - at - 1);
	key[eq - at - 1] = '\0';
	return 0;
}
