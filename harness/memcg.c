// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "memcg.h"
#include "sysfs_file.h"
#include "undo.h"

static bool file_has_word(const char *path, const char *word)
{
	char buf[512], *tok, *save;
	FILE *f = fopen(path, "re");
	bool found = false;

	if (!f)
		return false;
	while (!found && fgets(buf, sizeof(buf), f))
		for (tok = strtok_r(buf, " \n", &save); tok && !found;
		     tok = strtok_r(NULL, " \n", &save))
			found = !strcmp(tok, word);
	fclose(f);
	return found;
}

/* Is word one of the comma-separated names in list? */
static bool list_has(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word))) {
		if ((p == list || p[-1] == ',') && (!p[n] || p[n] == ','))
			return true;
		p += n;
	}
	return false;
}

/* Mount point of the v1 memory hierarchy, or of cgroup2 (version 2). */
static int find_mount(int version, char *out, size_t len)
{
	char line[2048], mnt[MEMCG_MOUNT_MAX], fstype[64], opts[512], *sep;
	FILE *f = fopen("/proc/self/mountinfo", "re");
	int found = -1;

	if (!f)
		return -1;
	while (found && fgets(line, sizeof(line), f)) {
		/* "... MOUNTPOINT OPTS [optional...] - FSTYPE SRC SUPEROPTS" */
		sep = strstr(line, " - ");
		if (!sep || sscanf(line, "%*s %*s %*s %*s %511s", mnt) != 1 ||
		    sscanf(sep + 3, "%63s %*s %511s", fstype, opts) != 2)
			continue;
		if (version == 2 && !strcmp(fstype, "cgroup2"))
			found = 0;
		if (version == 1 && !strcmp(fstype, "cgroup") &&
		    list_has(opts, "memory"))
			found = 0;
		if (!found)
			snprintf(out, len, "%s", mnt);
	}
	fclose(f);
	return found;
}

/* Our path in the hierarchy from /proc/self/cgroup. */
static int own_path(int version, char *out, size_t len)
{
	char line[MEMCG_REL_MAX + 128], *ctl, *path;
	FILE *f = fopen("/proc/self/cgroup", "re");
	int found = -1;

	if (!f)
		return -1;
	while (found && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		ctl = strchr(line, ':');
		path = ctl ? strchr(ctl + 1, ':') : NULL;
		if (!path)
			continue;
		*path++ = '\0';
		ctl++;
		if ((version == 2 && !*ctl) ||
		    (version == 1 && list_has(ctl, "memory"))) {
			snprintf(out, len, "%s", path);
			found = 0;
		}
	}
	fclose(f);
	return found;
}

int memcg_find(struct memcg *m, char *err, size_t errlen)
{
	char rel[MEMCG_REL_MAX], ctl[MEMCG_MOUNT_MAX + 32];

	memset(m, 0, sizeof(*m));
	m->h_enable = m->h_rmdir = m->h_member = -1;
	/* v2 first: it is what the kernel's documentation calls current. */
	if (!find_mount(2, m->mount, sizeof(m->mount))) {
		snprintf(ctl, sizeof(ctl), "%s/cgroup.controllers", m->mount);
		if (file_has_word(ctl, "memory") && !own_path(2, rel,
							      sizeof(rel)))
			m->version = 2;
	}
	if (!m->version && !find_mount(1, m->mount, sizeof(m->mount)) &&
	    !own_path(1, rel, sizeof(rel)))
		m->version = 1;
	if (!m->version) {
		snprintf(err, errlen, "no memory cgroup controller: neither a "
			 "cgroup2 mount with \"memory\" in cgroup.controllers "
			 "nor a v1 memory hierarchy is mounted");
		return -1;
	}
	snprintf(m->orig, sizeof(m->orig), "%s%s", m->mount,
		 strcmp(rel, "/") ? rel : "");
	snprintf(m->orig_procs, sizeof(m->orig_procs), "%s/cgroup.procs",
		 m->orig);
	snprintf(m->path, sizeof(m->path), "%s/ksmbench.%d", m->orig,
		 (int)getpid());
	snprintf(m->self_text, sizeof(m->self_text), "%d", (int)getpid());
	return 0;
}

/* Signal-safe: back to the cgroup we came from. */
static void undo_member(void *arg)
{
	struct memcg *m = arg;

	sysfs_put_err(m->orig_procs, m->self_text);
}

static void undo_rmdir(void *arg)
{
	struct memcg *m = arg;

	rmdir(m->path);
}

static void undo_enable(void *arg)
{
	char path[MEMCG_PATH_MAX + 32];
	struct memcg *m = arg;

	memcpy(path, m->orig, sizeof(m->orig));
	strcat(path, "/cgroup.subtree_control");
	sysfs_put_err(path, "-memory");
}

/*
 * v2 puts a controller in a child only when the parent enables it; a
 * non-root cgroup holding processes cannot (no internal processes), so only
 * the root is changed, and only when it lacks it.
 */
static int enable_v2(struct memcg *m, char *err, size_t errlen)
{
	char path[MEMCG_PATH_MAX + 32], line[MEMCG_PATH_MAX + 64];
	int ret;

	snprintf(path, sizeof(path), "%s/cgroup.subtree_control", m->orig);
	if (file_has_word(path, "memory"))
		return 0;
	if (strcmp(m->orig, m->mount)) {
		snprintf(err, errlen, "cgroup v2: %s does not enable the "
			 "memory controller for its children, and a cgroup holding "
			 "processes cannot; run ksmbench from the root cgroup "
			 "or one with memory in cgroup.subtree_control",
			 m->orig);
		return 1;
	}
	snprintf(line, sizeof(line), "write %s -memory", path);
	m->h_enable = undo_push("cgroup v2 memory controller", line,
				undo_enable, m);
	if (m->h_enable < 0) {
		snprintf(err, errlen, "cannot register an undo");
		return -1;
	}
	ret = sysfs_put_err(path, "+memory");
	if (!ret)
		return 0;
	undo_pop(m->h_enable, false);
	m->h_enable = -1;
	snprintf(err, errlen, "%s: +memory: %s", path, strerror(-ret));
	return -1;
}

int memcg_create(struct memcg *m, char *err, size_t errlen)
{
	char line[MEMCG_PATH_MAX + 48], procs[MEMCG_PATH_MAX + 64];
	int ret = m->version == 2 ? enable_v2(m, err, errlen) : 0;

	if (ret)
		return ret;
	snprintf(line, sizeof(line), "rmdir %s", m->path);
	m->h_rmdir = undo_push("memory cgroup", line, undo_rmdir, m);
	if (m->h_rmdir < 0) {
		snprintf(err, errlen, "cannot register an undo");
		return -1;
	}
	if (mkdir(m->path, 0755)) {
		/* EEXIST: someone else's; never take it over or remove it. */
		snprintf(err, errlen, "mkdir %s: %s", m->path, strerror(errno));
		undo_pop(m->h_rmdir, false);
		m->h_rmdir = -1;
		return -1;
	}
	/* After SIGKILL the pid means nothing: no journal line. */
	m->h_member = undo_push("memory cgroup membership", NULL, undo_member,
				m);
	if (m->h_member < 0) {
		snprintf(err, errlen, "cannot register an undo");
		return -1;
	}
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", m->path);
	ret = sysfs_put_err(procs, m->self_text);
	if (ret) {
		undo_pop(m->h_member, false);
		m->h_member = -1;
		snprintf(err, errlen, "moving ksmbench into %s: %s", m->path,
			 strerror(-ret));
		return -1;
	}
	return 0;
}

int memcg_release_pid(const struct memcg *m, pid_t pid)
{
	char val[16];

	snprintf(val, sizeof(val), "%d", (int)pid);
	return sysfs_put_err(m->orig_procs, val);
}

/* anon + file bytes charged to the cgroup, from memory.stat. */
static long long reclaimable_bytes(const struct memcg *m)
{
	char path[MEMCG_PATH_MAX + 48], key[64];
	long long v, sum = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/memory.stat", m->path);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fscanf(f, "%63s %lld", key, &v) == 2)
		if (!strcmp(key, "anon") || !strcmp(key, "file"))
			sum += v;
	fclose(f);
	return sum;
}

const char *memcg_reclaim_file(const struct memcg *m)
{
	return m->version == 2 ? "memory.reclaim" : "memory.force_empty";
}

int memcg_reclaim(const struct memcg *m)
{
	char path[MEMCG_PATH_MAX + 64], val[32];
	long long bytes;
	int ret;

	snprintf(path, sizeof(path), "%s/%s", m->path, memcg_reclaim_file(m));
	if (m->version == 1)
		return sysfs_put_err(path, "0");
	bytes = reclaimable_bytes(m);
	if (bytes <= 0)
		return bytes < 0 ? -ENOENT : 0;
	snprintf(val, sizeof(val), "%lld", bytes);
	ret = sysfs_put_err(path, val);
	return ret == -EAGAIN ? 0 : ret;
}

void memcg_destroy(struct memcg *m)
{
	undo_pop(m->h_member, true);
	undo_pop(m->h_rmdir, true);
	undo_pop(m->h_enable, true);
	m->h_member = m->h_rmdir = m->h_enable = -1;
}
