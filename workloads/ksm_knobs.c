// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ksm_knobs.h"
#include "stage.h"
#include "undo.h"

#define KNOB_VAL_MAX	32

struct ksm_knob {
	const char *name;
	bool present;
	int undo;		/* handle, -1 when not registered */
	char saved[KNOB_VAL_MAX];
};

/*
 * Registered in this order, so undone in reverse: max_page_sharing first,
 * while ksmd still scans fast and can clear our stale stable nodes that
 * make it EBUSY, and run last.
 */
static struct ksm_knob knobs[] = {
	{ .name = "run" },
	{ .name = "pages_to_scan" },
	{ .name = "sleep_millisecs" },
	{ .name = "use_zero_pages" },
	{ .name = "smart_scan" },
	{ .name = "merge_across_nodes" },
	{ .name = "max_page_sharing" },
};
#define NR_KNOBS (sizeof(knobs) / sizeof(knobs[0]))

static const char *const counters[] = {
	"pages_shared", "pages_sharing", "pages_unshared", "pages_volatile",
	"full_scans", "stable_node_chains", "stable_node_dups",
	"ksm_zero_pages", "general_profit",
};

static bool saved;
/* Until ksm_knobs_plan() saw none, assume others' KSM pages exist. */
static bool others_seen = true;

static int read_str(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

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
	int fd = open(path, O_WRONLY | O_CLOEXEC), err;
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, val, len);
	err = errno;
	close(fd);
	errno = err;
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

/* Stale stable nodes go only when ksmd scans: let it.  Signal-safe. */
static void kick_ksmd(void)
{
	write_str(KSM_SYSFS "/run", "1");
}

static struct ksm_knob *knob_find(const char *name)
{
	size_t i;

	for (i = 0; i < NR_KNOBS; i++)
		if (!strcmp(knobs[i].name, name))
			return &knobs[i];
	return NULL;
}

int ksm_knobs_plan(struct scenario *s, bool others, char *note,
		   size_t notelen, char *err, size_t errlen)
{
	unsigned long mps, shared = 0, man;
	char why[160];

	note[0] = '\0';
	others_seen = others;
	if (ksm_read_ulong("max_page_sharing", &mps))
		return 0;	/* no such knob: nothing to plan */
	/*
	 * With no process using KSM, KSM pages are stale stable nodes of
	 * processes gone: ksmd clears them (ksm_knob_set waits for that).
	 */
	if (!others)
		return 0;
	ksm_read_ulong("pages_shared", &shared);
	snprintf(why, sizeof(why), "other processes use KSM (%lu KSM pages "
		 "now); KSM refuses the change while any KSM page exists, and "
		 "ksmd would merge their pages too", shared);
	if (!ksm_read_ulong("merge_across_nodes", &man) && man != 1) {
		snprintf(err, errlen, "%s: needs merge_across_nodes=1, it is "
			 "%lu and cannot be changed safely: %s", s->name, man,
			 why);
		return -1;
	}
	if (s->max_page_sharing == mps)
		return 0;
	if (mps < s->sharing) {
		snprintf(err, errlen, "%s: needs max_page_sharing >= %lu, it "
			 "is %lu and cannot be changed safely: %s", s->name,
			 s->sharing, mps, why);
		return -1;
	}
	snprintf(note, notelen, "%s: max_page_sharing stays at %lu (the "
		 "scenario asks %lu; %lu is enough for sharing %lu): %s",
		 s->name, mps, s->max_page_sharing, mps, s->sharing, why);
	s->max_page_sharing = mps;
	return 0;
}

void ksm_knobs_init(void)
{
	undo_on_busy(KSM_SYSFS "/", kick_ksmd);
}

int ksm_knobs_save(char *err, size_t errlen)
{
	char line[UNDO_LINE_MAX], path[96];
	size_t i;

	ksm_knobs_init();
	for (i = 0; i < NR_KNOBS; i++) {
		struct ksm_knob *k = &knobs[i];

		k->undo = -1;
		snprintf(path, sizeof(path), KSM_SYSFS "/%s", k->name);
		k->present = !read_str(path, k->saved, sizeof(k->saved));
		if (!k->present)
			continue;
		snprintf(line, sizeof(line), "write %s %s", path, k->saved);
		k->undo = undo_push("KSM knob", line, NULL, NULL);
		if (k->undo < 0) {
			snprintf(err, errlen, "cannot journal the KSM knob "
				 "%s: %s", k->name, strerror(errno));
			saved = true;
			ksm_knobs_restore();
			return -1;
		}
	}
	saved = true;
	return 0;
}

bool ksm_knobs_saved(void)
{
	return saved;
}

/* Our own unmapped KSM pages stay stable nodes until ksmd scans. */
static int write_waiting_busy(const char *path, const char *val)
{
	struct timespec tick = { .tv_sec = 0, .tv_nsec = 50 * 1000 * 1000 };
	int i;

	for (i = 0; i < UNDO_BUSY_MS / 50; i++) {
		if (!write_str(path, val))
			return 0;
		if (errno != EBUSY)
			return -1;
		kick_ksmd();
		nanosleep(&tick, NULL);
	}
	return -1;
}

int ksm_knob_set(const char *name, unsigned long val, char *err,
		 size_t errlen)
{
	struct ksm_knob *k = knob_find(name);
	char buf[KNOB_VAL_MAX], path[96], cur[KNOB_VAL_MAX];

	if (!k || !k->present || !saved) {
		snprintf(err, errlen, "KSM knob %s is not available", name);
		return -1;
	}
	snprintf(buf, sizeof(buf), "%lu", val);
	snprintf(path, sizeof(path), KSM_SYSFS "/%s", name);
	if (!read_str(path, cur, sizeof(cur)) && !strcmp(cur, buf))
		return 0;
	if (write_waiting_busy(path, buf)) {
		snprintf(err, errlen, "writing %s to %s: %s%s", buf, path,
			 strerror(errno), errno == EBUSY ?
			 " (other KSM pages exist on this system)" : "");
		return -1;
	}
	return 0;
}

/*
 * Our unmapped pages stay KSM pages (stale stable nodes) until ksmd scans
 * our mm again.  With no other KSM user, wait until no KSM page is left:
 * the machine is as found.  With other users, wait for two full scans,
 * which drop ours, and never for theirs.
 */
static void drain_own_stale_nodes(void)
{
	struct timespec tick = { .tv_sec = 0, .tv_nsec = 20 * 1000 * 1000 };
	unsigned long shared, scans, start;
	int i;

	if (ksm_read_ulong("full_scans", &start))
		return;
	for (i = 0; i < UNDO_BUSY_MS / 20; i++) {
		if (ksm_read_ulong("pages_shared", &shared) ||
		    ksm_read_ulong("full_scans", &scans))
			return;
		if (others_seen ? scans >= start + 2 : !shared)
			return;
		kick_ksmd();
		nanosleep(&tick, NULL);
	}
}

void ksm_knobs_restore(void)
{
	size_t i;

	if (!saved)
		return;
	stage_enter("ksmd-wait");
	drain_own_stale_nodes();
	saved = false;
	for (i = NR_KNOBS; i-- > 0;) {
		if (knobs[i].undo >= 0)
			undo_pop(knobs[i].undo, true);
		knobs[i].undo = -1;
	}
	stage_enter("between scenarios");
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
