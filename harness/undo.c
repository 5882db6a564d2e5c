// SPDX-License-Identifier: GPL-2.0
/*
 * Everything here that the signal path reaches sticks to async-signal-safe
 * calls (open, write, rename, unlink, nanosleep, the mount and swap system
 * calls) on static buffers; the stack is changed with signals blocked, so a
 * handler always sees it whole.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/swap.h>
#include <time.h>
#include <unistd.h>

#include "sysfs_file.h"
#include "undo.h"

struct undo_entry {
	bool used;
	bool inherited;			/* left by a killed run */
	int err;			/* last failure, 0 if none yet */
	void (*fn)(void *arg);
	void *arg;
	char what[64];
	char line[UNDO_LINE_MAX];
};

struct busy_hook {
	const char *prefix;
	void (*kick)(void);
};

static struct undo_entry stack[UNDO_MAX];
static int top;
static struct busy_hook hooks[4];
static char journal[256] = UNDO_JOURNAL;
static char journal_tmp[272] = UNDO_JOURNAL ".tmp";
static char buf[UNDO_MAX * (UNDO_LINE_MAX + 1) + 256];
static pid_t owner;

static void put_str(int fd, const char *s)
{
	ssize_t ignored = write(fd, s, strlen(s));

	(void)ignored;
}

static size_t append(size_t at, const char *s)
{
	size_t n = strlen(s);

	if (at + n >= sizeof(buf))
		n = sizeof(buf) - 1 - at;
	memcpy(buf + at, s, n);
	buf[at + n] = '\0';
	return at + n;
}

static void ulong_str(unsigned long v, char *out)
{
	char tmp[24];
	int i = 0, j = 0;

	do
		tmp[i++] = '0' + v % 10;
	while ((v /= 10));
	while (i)
		out[j++] = tmp[--i];
	out[j] = '\0';
}

/* Journal = the stack's lines, oldest first; no line left, no journal. */
static void journal_sync(void)
{
	char num[24];
	size_t at = 0;
	int i, fd, lines = 0;

	at = append(at, "# ksmbench undo journal: a later ksmbench start "
		    "restores these (newest last)\npid ");
	ulong_str((unsigned long)getpid(), num);
	at = append(at, num);
	at = append(at, "\n");
	for (i = 0; i < top; i++) {
		if (!stack[i].used || !stack[i].line[0])
			continue;
		at = append(at, stack[i].line);
		at = append(at, "\n");
		lines++;
	}
	if (!lines) {
		unlink(journal);
		return;
	}
	fd = open(journal_tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	if (write(fd, buf, at) != (ssize_t)at) {
		close(fd);
		unlink(journal_tmp);
		return;
	}
	close(fd);
	rename(journal_tmp, journal);
}

static void block_all(sigset_t *old)
{
	sigset_t all;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, old);
}

static void restore_mask(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
}

void undo_on_busy(const char *prefix, void (*kick)(void))
{
	size_t i;

	for (i = 0; i < sizeof(hooks) / sizeof(hooks[0]); i++) {
		if (!hooks[i].prefix || !strcmp(hooks[i].prefix, prefix)) {
			hooks[i].prefix = prefix;
			hooks[i].kick = kick;
			return;
		}
	}
}

static void kick_for(const char *path)
{
	size_t i;

	for (i = 0; i < sizeof(hooks) / sizeof(hooks[0]); i++)
		if (hooks[i].prefix && !strncmp(path, hooks[i].prefix,
						strlen(hooks[i].prefix)))
			hooks[i].kick();
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Retry EBUSY until the deadline, giving the owner of path a kick first. */
static int retry_busy(int (*op)(const char *a, const char *b),
		      const char *a, const char *b)
{
	struct timespec tick = { .tv_sec = 0, .tv_nsec = 50 * 1000 * 1000 };
	long long deadline = now_ms() + UNDO_BUSY_MS;
	bool kicked = false;
	int ret;

	while ((ret = op(a, b)) == -EBUSY && now_ms() < deadline) {
		if (!kicked)
			kick_for(a);
		kicked = true;
		nanosleep(&tick, NULL);
	}
	return ret;
}

static int do_rmdir(const char *path, const char *unused)
{
	(void)unused;
	if (!rmdir(path) || errno == ENOENT)
		return 0;
	return -errno;
}

static int do_note(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);

	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	put_str(fd, text);
	put_str(fd, "\n");
	close(fd);
	return 0;
}

/* Split "verb path rest" in place into the three. */
static int split(char *s, char **verb, char **path, char **rest)
{
	*verb = s;
	*path = strchr(s, ' ');
	if (!*path)
		return -EINVAL;
	*(*path)++ = '\0';
	*rest = strchr(*path, ' ');
	if (*rest)
		*(*rest)++ = '\0';
	else
		*rest = *path + strlen(*path);
	return **path == '/' ? 0 : -EINVAL;
}

static int exec_one(char *cmd)
{
	char *verb, *path, *rest;

	if (split(cmd, &verb, &path, &rest))
		return -EINVAL;
	if (!strcmp(verb, "write") && *rest)
		return retry_busy(sysfs_put_err, path, rest);
	if (!strcmp(verb, "rmdir"))
		return retry_busy(do_rmdir, path, NULL);
	if (!strcmp(verb, "note"))
		return do_note(path, rest);
	if (!strcmp(verb, "swapoff")) {
		if (!swapoff(path) || errno == EINVAL || errno == ENOENT)
			return 0;
		return -errno;
	}
	if (!strcmp(verb, "umount")) {
		if (!umount2(path, MNT_DETACH) || errno == EINVAL ||
		    errno == ENOENT)
			return 0;
		return -errno;
	}
	return -EINVAL;
}

/*
 * Commands of one entry, in order, each tried whatever the one before
 * answered: the earlier ones prepare the last ("state off" of a monitor
 * that has already stopped fails, and need not), whose result counts.
 */
int undo_exec(const char *line)
{
	char copy[UNDO_LINE_MAX], *cmd, *next;
	size_t len = strlen(line);
	int ret = 0;

	if (len >= sizeof(copy))
		return -EINVAL;
	memcpy(copy, line, len + 1);
	for (cmd = copy; cmd; cmd = next) {
		next = strstr(cmd, UNDO_SEP);
		if (next) {
			*next = '\0';
			next += strlen(UNDO_SEP);
		}
		ret = exec_one(cmd);
	}
	return ret;
}

static const char *errno_text(int err)
{
	switch (err) {
	case EBUSY:	return "busy (EBUSY)";
	case EACCES:
	case EPERM:	return "permission denied";
	case ENOENT:	return "no such file";
	case EINVAL:	return "invalid (EINVAL)";
	case ENOMEM:	return "out of memory";
	default:	return "failed";
	}
}

/* The entry at i, with signals blocked by the caller. */
static void run_entry(int i)
{
	struct undo_entry *e = &stack[i];
	int ret;

	if (e->fn) {
		e->fn(e->arg);
		e->used = false;
		return;
	}
	ret = e->line[0] ? undo_exec(e->line) : 0;
	if (!ret) {
		e->used = false;
		return;
	}
	e->err = -ret;
	put_str(STDERR_FILENO, "ksmbench: could not undo `");
	put_str(STDERR_FILENO, e->line);
	put_str(STDERR_FILENO, "`: ");
	put_str(STDERR_FILENO, errno_text(e->err));
	put_str(STDERR_FILENO, "; kept in ");
	put_str(STDERR_FILENO, journal);
	put_str(STDERR_FILENO, " for `ksmbench restore`\n");
}

static void shrink(void)
{
	while (top > 0 && !stack[top - 1].used)
		top--;
}

/* Several commands of one entry stay one journal line. */
static void join_lines(char *dst, const char *src)
{
	size_t at = 0, n;

	for (; *src && at + 1 < UNDO_LINE_MAX; src++) {
		if (*src != '\n') {
			dst[at++] = *src;
			continue;
		}
		n = strlen(UNDO_SEP);
		if (at + n + 1 >= UNDO_LINE_MAX)
			break;
		memcpy(dst + at, UNDO_SEP, n);
		at += n;
	}
	dst[at] = '\0';
}

int undo_push(const char *what, const char *line, void (*fn)(void *arg),
	      void *arg)
{
	struct undo_entry *e;
	sigset_t old;
	int h;

	if ((line && strlen(line) >= UNDO_LINE_MAX / 2) || (!line && !fn)) {
		errno = EINVAL;
		return -1;
	}
	block_all(&old);
	if (!owner)
		owner = getpid();
	if (top == UNDO_MAX) {
		restore_mask(&old);
		errno = ENOSPC;
		return -1;
	}
	h = top++;
	e = &stack[h];
	memset(e, 0, sizeof(*e));
	e->fn = fn;
	e->arg = arg;
	strncpy(e->what, what ? what : "", sizeof(e->what) - 1);
	if (line)
		join_lines(e->line, line);
	e->used = true;
	journal_sync();
	restore_mask(&old);
	return h;
}

void undo_pop(int handle, bool run_it)
{
	sigset_t old;

	if (handle < 0 || handle >= UNDO_MAX)
		return;
	block_all(&old);
	if (stack[handle].used) {
		if (run_it)
			run_entry(handle);
		else
			stack[handle].used = false;
		shrink();
		journal_sync();
	}
	restore_mask(&old);
}

void undo_run_all(void)
{
	sigset_t old;
	int i;

	if (owner && getpid() != owner)
		return;		/* a forked child inherited our atexit */
	block_all(&old);
	for (i = top - 1; i >= 0; i--)
		if (stack[i].used)
			run_entry(i);
	shrink();
	if (top)
		journal_sync();
	else if (owner)
		unlink(journal);
	restore_mask(&old);
}

int undo_pending(void)
{
	int i, n = 0;

	for (i = 0; i < top; i++)
		n += stack[i].used;
	return n;
}

static void print_fix(FILE *log, const struct undo_entry *e)
{
	char copy[UNDO_LINE_MAX], *verb, *path, *rest, *cmd, *next;

	strcpy(copy, e->line);
	for (cmd = copy; cmd; cmd = next) {
		next = strstr(cmd, UNDO_SEP);
		if (next) {
			*next = '\0';
			next += strlen(UNDO_SEP);
		}
		if (split(cmd, &verb, &path, &rest))
			return;
		if (!strcmp(verb, "write"))
			fprintf(log, "    echo '%s' > %s\n", rest, path);
		else if (!strcmp(verb, "note"))
			fprintf(log, "    echo '%s' >> %s\n", rest, path);
		else
			fprintf(log, "    %s %s\n", verb, path);
	}
}

void undo_report(FILE *log)
{
	bool ksm = false;
	int i, n = 0;

	for (i = top - 1; i >= 0; i--) {
		const struct undo_entry *e = &stack[i];

		if (!e->used || !e->err)
			continue;
		if (!n++)
			fprintf(log, "ksmbench: NOT RESTORED (kept in %s; "
				"`ksmbench restore` retries them, or run the "
				"commands below once nothing blocks them):\n",
				journal);
		fprintf(log, "  %s%s: `%s`: %s\n", e->what,
			e->inherited ? " (left by a killed run)" : "",
			e->line, strerror(e->err));
		print_fix(log, e);
		ksm |= strstr(e->line, "/sys/kernel/mm/ksm/") != NULL;
	}
	if (ksm)
		fprintf(log, "ksmbench: KSM knobs answer EBUSY while any "
			"KSM page exists: see /proc/*/ksm_merging_pages for "
			"the processes that still have merged pages\n");
}

static int load_line(const char *line, int pid)
{
	char what[64] = "left by a killed ksmbench";
	int h;

	if (pid > 0)
		snprintf(what, sizeof(what), "left by ksmbench pid %d", pid);
	h = undo_push(what, line, NULL, NULL);
	if (h >= 0)
		stack[h].inherited = true;
	return h;
}

int undo_init(const char *path, FILE *log)
{
	char line[UNDO_LINE_MAX + 2];
	int pid = 0, loaded = 0, left, base;
	FILE *f;

	snprintf(journal, sizeof(journal), "%s", path);
	snprintf(journal_tmp, sizeof(journal_tmp), "%s.tmp", path);
	owner = getpid();
	unlink(journal_tmp);
	f = fopen(journal, "re");
	if (!f)
		return 0;
	base = top;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		if (sscanf(line, "pid %d", &pid) == 1) {
			if (pid == getpid())
				break;	/* our own: already registered */
			continue;
		}
		if (load_line(line, pid) >= 0)
			loaded++;
	}
	fclose(f);
	if (!loaded) {
		if (!top)
			unlink(journal);
		return 0;
	}
	fprintf(log, "ksmbench: a previous run (pid %d) ended without "
		"restoring what it changed; restoring %d change(s) from %s\n",
		pid, loaded, journal);
	fflush(log);
	for (int i = top - 1; i >= base; i--) {
		sigset_t old;

		block_all(&old);
		if (stack[i].used)
			run_entry(i);
		shrink();
		journal_sync();
		restore_mask(&old);
	}
	left = 0;
	for (int i = base; i < top; i++)
		left += stack[i].used;
	fprintf(log, "ksmbench: restored %d of %d\n", loaded - left, loaded);
	undo_report(log);
	return left;
}
