// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "run.h"
#include "stage.h"
#include "undo.h"

static const int fatal_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
static struct layout *volatile tracked_layout;
static struct children *volatile tracked_children;
static pid_t owner;
static char marker[PATH_MAX + 16];
static int marker_undo = -1;
static volatile sig_atomic_t signalled;

static void put(int fd, const char *s)
{
	ssize_t ignored = write(fd, s, strlen(s));

	(void)ignored;
}

static void cleanup_all(void)
{
	if (getpid() != owner)
		return;
	children_kill_all();
	if (tracked_children)
		children_kill(tracked_children);
	if (tracked_layout)
		layout_unmap(tracked_layout);
	undo_run_all();
}

static const char *signal_name(int sig)
{
	switch (sig) {
	case SIGINT:	return "SIGINT";
	case SIGTERM:	return "SIGTERM";
	case SIGHUP:	return "SIGHUP";
	case SIGQUIT:	return "SIGQUIT";
	default:	return "a signal";
	}
}

/* Into the marker and onto stderr: which signal, during which stage. */
static void say_interrupted(int sig)
{
	int fd = -1;

	if (marker[0])
		fd = open(marker, O_WRONLY | O_APPEND | O_CLOEXEC);
	put(STDERR_FILENO, "ksmbench: ");
	if (fd >= 0)
		put(fd, "incomplete: ");
	put(STDERR_FILENO, "interrupted by ");
	put(STDERR_FILENO, signal_name(sig));
	put(STDERR_FILENO, " during ");
	put(STDERR_FILENO, stage_current());
	put(STDERR_FILENO, "; restoring what this run changed\n");
	if (fd < 0)
		return;
	put(fd, "interrupted by ");
	put(fd, signal_name(sig));
	put(fd, " during ");
	put(fd, stage_current());
	put(fd, "\n");
	close(fd);
}

static void on_signal(int sig)
{
	if (getpid() == owner) {
		signalled = sig;
		say_interrupted(sig);
	}
	cleanup_all();
	signal(sig, SIG_DFL);
	raise(sig);
}

void cleanup_install(void)
{
	struct sigaction sa;
	size_t i;

	owner = getpid();
	atexit(cleanup_all);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigfillset(&sa.sa_mask);
	for (i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++)
		sigaction(fatal_signals[i], &sa, NULL);
}

void cleanup_track(struct layout *l, struct children *c)
{
	tracked_layout = l;
	tracked_children = c;
}

void cleanup_untrack(void)
{
	tracked_layout = NULL;
	tracked_children = NULL;
}

/* In-process exits other than a signal: the run stopped early. */
static void marker_exited(void *arg)
{
	int fd;

	(void)arg;
	if (signalled || !marker[0])
		return;
	fd = open(marker, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd < 0)
		return;
	put(fd, "incomplete: the run stopped before its end (see its log)\n");
	close(fd);
}

int cleanup_mark_incomplete(const char *dir, char *err, size_t errlen)
{
	char line[PATH_MAX + 256], now[40], abs[PATH_MAX];
	FILE *f;

	/* Absolute: the next start that replays the journal may run elsewhere. */
	if (!realpath(dir, abs))
		snprintf(abs, sizeof(abs), "%s", dir);
	snprintf(marker, sizeof(marker), "%s/INCOMPLETE", abs);
	utc_now(now, sizeof(now));
	f = fopen(marker, "we");
	if (!f || fprintf(f, "incomplete: run by ksmbench pid %d started %s "
			  "has not finished\n", (int)getpid(), now) < 0 ||
	    fclose(f)) {
		snprintf(err, errlen, "cannot write %s: %s", marker,
			 strerror(errno));
		marker[0] = '\0';
		return -1;
	}
	snprintf(line, sizeof(line), "note %s incomplete: the run was killed "
		 "(SIGKILL, OOM killer or crash); a later ksmbench start "
		 "restored what it changed", marker);
	if (strchr(marker, ' ') || strlen(line) >= UNDO_LINE_MAX)
		marker_undo = undo_push("results marked incomplete", NULL,
					marker_exited, NULL);
	else
		marker_undo = undo_push("results marked incomplete", line,
					marker_exited, NULL);
	return 0;
}

void cleanup_complete(void)
{
	if (!marker[0])
		return;
	unlink(marker);
	marker[0] = '\0';
	undo_pop(marker_undo, false);
	marker_undo = -1;
}
