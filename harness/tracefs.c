// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <sys/mount.h>
#include <unistd.h>

#include "tracefs.h"
#include "undo.h"

static void unmount_tracefs(void *arg)
{
	(void)arg;
	umount2(TRACEFS, MNT_DETACH);
}

FILE *tracefs_open(const char *rel)
{
	static int mounted;
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), TRACEFS "/%s", rel);
	f = fopen(path, "r");
	if (f || errno != ENOENT || mounted || !access(TRACEFS "/events", F_OK))
		return f;
	if (mount("tracefs", TRACEFS, "tracefs", 0, NULL))
		return NULL;
	mounted = 1;
	undo_push("tracefs mount", "umount " TRACEFS, unmount_tracefs, NULL);
	return fopen(path, "r");
}
