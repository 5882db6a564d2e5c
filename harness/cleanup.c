// SPDX-License-Identifier: GPL-2.0
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "ksm_knobs.h"
#include "undo.h"

static const int fatal_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
static struct layout *volatile tracked_layout;
static struct children *volatile tracked_children;
static pid_t owner;

static void cleanup_all(void)
{
	if (getpid() != owner)
		return;
	if (tracked_children)
		children_kill(tracked_children);
	if (tracked_layout)
		layout_unmap(tracked_layout);
	undo_run_all();
	ksm_knobs_restore();
}

static void on_signal(int sig)
{
	static const char msg[] = "ksmbench: interrupted, restoring KSM "
				  "knobs\n";

	ssize_t ignored;

	if (getpid() == owner)
		ignored = write(STDERR_FILENO, msg, sizeof(msg) - 1);
	(void)ignored;
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
