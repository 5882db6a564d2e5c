// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kthreads.h"

#define PF_KTHREAD 0x00200000UL

/* A kernel thread has PF_KTHREAD in field 9 of /proc/PID/stat. */
static int is_kthread(const char *pid, char *comm, size_t len)
{
	unsigned long flags;
	char path[300], buf[512], *p;
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	ok = fgets(buf, sizeof(buf), f) != NULL;
	fclose(f);
	p = ok ? strrchr(buf, ')') : NULL;
	if (!p || !strchr(buf, '('))
		return 0;
	*p = '\0';
	snprintf(comm, len, "%s", strchr(buf, '(') + 1);
	if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %lu", &flags) != 1)
		return 0;
	return !!(flags & PF_KTHREAD);
}

int kthreads_find(const char *prefix, pid_t *tids, int max)
{
	struct dirent *e;
	char comm[64];
	int n = 0;
	DIR *d = opendir("/proc");

	while (d && n < max && (e = readdir(d))) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		if (is_kthread(e->d_name, comm, sizeof(comm)) &&
		    !strncmp(comm, prefix, strlen(prefix)))
			tids[n++] = atoi(e->d_name);
	}
	if (d)
		closedir(d);
	return n;
}
