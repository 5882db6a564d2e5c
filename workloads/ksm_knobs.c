// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ksm_knobs.h"

#define KNOB_VAL_MAX	32

struct ksm_knob {
	const char *name;
	bool present;
	bool changed;
	char saved[KNOB_VAL_MAX];
	char path[96];
};

/* run stays last: ksmd must not stop before the others are back. */
static struct ksm_knob knobs[] = {
	{ .name = "pages_to_scan" },
	{ .name = "sleep_millisecs" },
	{ .name = "max_page_sharing" },
	{ .name = "merge_across_nodes" },
	{ .name = "use_zero_pages" },
	{ .name = "smart_scan" },
	{ .name = "run" },
};
#define NR_KNOBS (sizeof(knobs) / sizeof(knobs[0]))

static const char *const counters[] = {
	"pages_shared", "pages_sharing", "pages_unshared", "pages_volatile",
	"full_scans", "stable_node_chains", "stable_node_dups",
	"ksm_zero_pages", "general_profit",
};

static bool saved;
static unsigned long baseline_shared;
static char journal_path[128];

static int read_str(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	buf[n] = '\0';
	return 0;
}

static int write_str(const char *path, const char *val)
{
	size_t len = strlen(val);
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, val, len);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

int ksm_read_ulong(const char *name, unsigned long *val)
{
	char path[96], buf[KNOB_VAL_MAX], *end;

	snprintf(path, sizeof(path), KSM_SYSFS "/%s", name);
	if (read_str(path, buf, sizeof(buf)))
		return -1;
	errno = 0;
	*val = strtoul(buf, &end, 10);
	return (errno || end == buf || *end) ? -1 : 0;
}

int ksm_check_available(char *reason, size_t len)
{
	if (access(KSM_SYSFS "/run", F_OK)) {
		snprintf(reason, len, "kernel has no KSM (" KSM_SYSFS
			 "/run missing: CONFIG_KSM off?)");
		return -1;
	}
	if (access(KSM_SYSFS "/run", W_OK)) {
		snprintf(reason, len, "cannot write " KSM_SYSFS
			 "/run: ksmbench must run as root");
		return -1;
	}
	return 0;
}

static void journal_init(void)
{
	const char *dir = access("/run", W_OK) ? "/tmp" : "/run";

	if (!journal_path[0])
		snprintf(journal_path, sizeof(journal_path),
			 "%s/ksmbench-ksm-knobs.journal", dir);
}

/* A tmp file renamed into place: a crash never leaves half a journal. */
static int journal_write(void)
{
	char tmp[160];
	size_t i;
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", journal_path);
	f = fopen(tmp, "w");
	if (!f)
		return -1;
	fprintf(f, "pid %d\n", (int)getpid());
	for (i = 0; i < NR_KNOBS; i++)
		if (knobs[i].present)
			fprintf(f, "%s %s\n", knobs[i].name, knobs[i].saved);
	if (fclose(f))
		return -1;
	return rename(tmp, journal_path);
}

static struct ksm_knob *knob_find(const char *name)
{
	size_t i;

	for (i = 0; i < NR_KNOBS; i++)
		if (!strcmp(knobs[i].name, name))
			return &knobs[i];
	return NULL;
}

int ksm_knobs_recover(FILE *log)
{
	char name[64], val[KNOB_VAL_MAX];
	struct ksm_knob *k;
	int pid, restored = 0;
	FILE *f;

	journal_init();
	f = fopen(journal_path, "r");
	if (!f)
		return 0;
	if (fscanf(f, "pid %d\n", &pid) != 1 ||
	    (kill(pid, 0) == 0 || errno != ESRCH)) {
		fclose(f);
		return 0;	/* unreadable, or its owner still runs */
	}
	while (fscanf(f, "%63s %31s\n", name, val) == 2) {
		k = knob_find(name);
		if (!k)
			continue;
		snprintf(k->path, sizeof(k->path), KSM_SYSFS "/%s", name);
		if (!write_str(k->path, val))
			restored++;
		else
			fprintf(log, "ksmbench: could not restore %s=%s: %s\n",
				name, val, strerror(errno));
	}
	fclose(f);
	fprintf(log, "ksmbench: run %d was killed before restoring KSM; "
		"restored %d knobs from %s\n", pid, restored, journal_path);
	unlink(journal_path);
	return restored;
}

int ksm_knobs_save(char *err, size_t errlen)
{
	size_t i;

	journal_init();
	for (i = 0; i < NR_KNOBS; i++) {
		struct ksm_knob *k = &knobs[i];

		snprintf(k->path, sizeof(k->path), KSM_SYSFS "/%s", k->name);
		k->present = !read_str(k->path, k->saved, sizeof(k->saved));
		k->changed = false;
	}
	if (ksm_read_ulong("pages_shared", &baseline_shared))
		baseline_shared = 0;
	if (journal_write()) {
		snprintf(err, errlen, "writing %s: %s", journal_path,
			 strerror(errno));
		return -1;
	}
	saved = true;
	return 0;
}

bool ksm_knobs_saved(void)
{
	return saved;
}

int ksm_knob_set(const char *name, unsigned long val, char *err,
		 size_t errlen)
{
	struct ksm_knob *k = knob_find(name);
	char buf[KNOB_VAL_MAX];

	if (!k || !k->present || !saved) {
		snprintf(err, errlen, "KSM knob %s is not available", name);
		return -1;
	}
	snprintf(buf, sizeof(buf), "%lu", val);
	if (!strcmp(buf, k->saved) && !k->changed)
		return 0;
	k->changed = true;
	if (write_str(k->path, buf)) {
		snprintf(err, errlen, "writing %s to %s: %s%s", buf, k->path,
			 strerror(errno), errno == EBUSY ?
			 " (other KSM pages exist on this system)" : "");
		return -1;
	}
	return 0;
}

/*
 * Our unmapped KSM pages stay counted as stale stable nodes until ksmd scans
 * again; while they do, max_page_sharing and merge_across_nodes refuse any
 * change (-EBUSY), ours now and the next run's.  So let ksmd run until
 * pages_shared is back to where it was, for at most ~20 s.
 */
static void drain_stable_nodes(void)
{
	struct timespec tick = { .tv_sec = 0, .tv_nsec = 50 * 1000 * 1000 };
	char buf[KNOB_VAL_MAX];
	int i;

	write_str(KSM_SYSFS "/run", "1");
	for (i = 0; i < 400; i++) {
		if (!read_str(KSM_SYSFS "/pages_shared", buf, sizeof(buf)) &&
		    strtoul(buf, NULL, 10) <= baseline_shared)
			return;
		nanosleep(&tick, NULL);
	}
}

void ksm_knobs_restore(void)
{
	size_t i;

	if (!saved)
		return;
	saved = false;
	drain_stable_nodes();
	for (i = 0; i < NR_KNOBS; i++) {
		if (!knobs[i].changed && strcmp(knobs[i].name, "run"))
			continue;
		if (knobs[i].present)
			write_str(knobs[i].path, knobs[i].saved);
		knobs[i].changed = false;
	}
	unlink(journal_path);
}

void ksm_knobs_foreach(void (*fn)(const char *name, const char *val,
				  void *arg), void *arg)
{
	char path[96], buf[KNOB_VAL_MAX];
	size_t i;

	for (i = 0; i < NR_KNOBS; i++) {
		snprintf(path, sizeof(path), KSM_SYSFS "/%s", knobs[i].name);
		if (!read_str(path, buf, sizeof(buf)))
			fn(knobs[i].name, buf, arg);
	}
	for (i = 0; i < sizeof(counters) / sizeof(counters[0]); i++) {
		snprintf(path, sizeof(path), KSM_SYSFS "/%s", counters[i]);
		if (!read_str(path, buf, sizeof(buf)))
			fn(counters[i], buf, arg);
	}
}
