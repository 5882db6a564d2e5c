// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "ksm_users.h"

static int read_stat(int pid, struct ksm_user *k)
{
	char path[64], line[128], val[16];
	unsigned long n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/ksm_stat", pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	memset(k, 0, sizeof(*k));
	k->pid = pid;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "ksm_merging_pages %lu", &n) == 1)
			k->merging_pages = n;
		else if (sscanf(line, "ksm_mergeable: %15s", val) == 1)
			k->mergeable = !strcmp(val, "yes");
		else if (sscanf(line, "ksm_rmap_items %lu", &n) == 1 && n)
			k->mergeable = true;	/* kernels before ksm_mergeable */
	}
	fclose(f);
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	f = fopen(path, "re");
	if (f) {
		if (fgets(k->comm, sizeof(k->comm), f))
			k->comm[strcspn(k->comm, "\n")] = '\0';
		fclose(f);
	}
	/* Any bytes a process likes: keep the log and JSON plain ASCII. */
	for (char *c = k->comm; *c; c++) {
		if (*c < 0x20 || *c > 0x7e || *c == '"' || *c == '\\')
			*c = '?';
	}
	return 0;
}

static void add(struct ksm_users *u, const struct ksm_user *k)
{
	int i;

	u->procs++;
	u->merging_pages += k->merging_pages;
	for (i = u->listed; i > 0; i--) {
		if (u->user[i - 1].merging_pages >= k->merging_pages)
			break;
		if (i < KSM_USERS_LISTED)
			u->user[i] = u->user[i - 1];
	}
	if (i < KSM_USERS_LISTED) {
		u->user[i] = *k;
		if (u->listed < KSM_USERS_LISTED)
			u->listed++;
	}
}

void ksm_users_scan(struct ksm_users *u, pid_t self)
{
	struct ksm_user k;
	struct dirent *d;
	DIR *dir;

	memset(u, 0, sizeof(*u));
	dir = opendir("/proc");
	if (!dir)
		return;
	while ((d = readdir(dir))) {
		int pid;

		if (!isdigit((unsigned char)d->d_name[0]))
			continue;
		pid = atoi(d->d_name);
		if (pid == self || read_stat(pid, &k))
			continue;
		u->known = true;
		if (k.mergeable || k.merging_pages)
			add(u, &k);
	}
	closedir(dir);
}

void ksm_users_print(const struct ksm_users *u, const char *when, FILE *log)
{
	int i;

	if (!u->known) {
		fprintf(log, "ksmbench: %s: this kernel has no "
			"/proc/PID/ksm_stat; other KSM users unknown\n", when);
		return;
	}
	if (!u->procs) {
		fprintf(log, "ksmbench: %s: no other process uses KSM\n", when);
		return;
	}
	fprintf(log, "ksmbench: %s: %d other process(es) use KSM, %lu of "
		"their pages merged:", when, u->procs, u->merging_pages);
	for (i = 0; i < u->listed; i++)
		fprintf(log, "%s pid %d %s (%lu)", i ? "," : "",
			u->user[i].pid, u->user[i].comm,
			u->user[i].merging_pages);
	fprintf(log, "%s\n", u->procs > u->listed ? ", ..." : "");
}
