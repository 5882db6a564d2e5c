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
	int handle;
	FILE *f;

	snprintf(path, sizeof(path), TRACEFS "/%s", rel);
	f = fopen(path, "r");
	if (f || errno != ENOENT || mounted || !access(TRACEFS "/events", F_OK))
		return f;
	/* Journaled before the mount: SIGKILL in between leaves no mount. */
	handle = undo_push("tracefs mount", "umount " TRACEFS, unmount_tracefs,
			   NULL);
	if (mount("tracefs", TRACEFS, "tracefs", 0, NULL)) {
		undo_pop(handle, false);
		return NULL;
	}
	mounted = 1;
	return fopen(path, "r");
}
