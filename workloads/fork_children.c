// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sys/mman.h>

#include "child_agent.h"
#include "fork_children.h"
#include "layout_verify.h"
#include "stage.h"

/* Sets with live children, for the signal path. */
#define LIVE_SETS 4
static struct children *volatile live[LIVE_SETS];

static void track(struct children *c, bool on)
{
	int i;

	for (i = 0; i < LIVE_SETS; i++) {
		if (on && !live[i]) {
			live[i] = c;
			return;
		}
		if (!on && live[i] == c)
			live[i] = NULL;
	}
}

/* Build the child's own pages; tell the parent 'r'eady or 'e'rror. */
static void child_prepare(struct layout *l, child_prep_fn prep, int reply_fd,
			  struct verify_result *slot)
{
	char err[VERIFY_WHAT_MAX] = "", ans = 'r';

	if (prep(l, err, sizeof(err))) {
		snprintf(slot->what, sizeof(slot->what), "%s", err);
		ans = 'e';
	}
	if (write(reply_fd, &ans, 1) != 1 || ans != 'r')
		_exit(2);
}

/* Killable first under memory pressure, and never outliving the parent. */
static void child_main(struct layout *l, child_prep_fn prep, int cmd_fd,
		       int reply_fd, struct verify_result *slot, pid_t parent,
		       const sigset_t *mask)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	static const char adj[] = "1000";
	size_t i;
	int fd;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_DFL);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(0);	/* the parent died before PDEATHSIG was set */
	sigprocmask(SIG_SETMASK, mask, NULL);
	fd = open("/proc/self/oom_score_adj", O_WRONLY);
	if (fd >= 0) {
		if (write(fd, adj, sizeof(adj) - 1) < 0)
			_exit(3);
		close(fd);
	}
	if (prep)
		child_prepare(l, prep, reply_fd, slot);
	child_agent_main(l, cmd_fd, reply_fd, slot);
}

static int alloc_children(struct children *c, unsigned long nr,
			  const struct layout *l)
{
	unsigned long i;

	c->slot_size = (verify_result_size(l->s) + 63) & ~63UL;
	c->cap = nr;
	c->pids = calloc(nr, sizeof(*c->pids));
	c->cmd_fd = malloc(nr * sizeof(int));
	c->reply_fd = malloc(nr * sizeof(int));
	c->slots = mmap(NULL, nr * c->slot_size, PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (c->slots == MAP_FAILED)
		c->slots = NULL;
	if (!c->pids || !c->cmd_fd || !c->reply_fd || !c->slots)
		return -1;
	for (i = 0; i < nr; i++)
		c->cmd_fd[i] = c->reply_fd[i] = -1;
	return 0;
}

/* One child: its two pipes, then fork; the parent keeps its ends. */
static int fork_one(struct children *c, struct layout *l, child_prep_fn prep)
{
	unsigned long i = c->nr;
	int cmd[2], reply[2];
	pid_t pid, parent = getpid();
	sigset_t all, old;

	if (pipe2(cmd, O_CLOEXEC))
		return -1;
	if (pipe2(reply, O_CLOEXEC)) {
		close(cmd[0]);
		close(cmd[1]);
		return -1;
	}
	fflush(NULL);
	/* Blocked until the pid is registered: the signal path sees it. */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	pid = fork();
	if (pid < 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		close(cmd[0]);
		close(cmd[1]);
		close(reply[0]);
		close(reply[1]);
		return -1;
	}
	if (!pid) {
		unsigned long j;

		/* Siblings' pipes must not keep each other alive. */
		for (j = 0; j < i; j++) {
			close(c->cmd_fd[j]);
			close(c->reply_fd[j]);
		}
		close(cmd[1]);
		close(reply[0]);
		child_main(l, prep, cmd[0], reply[1], children_slot(c, i),
			   parent, &old);
	}
	c->pids[i] = pid;
	c->nr++;
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(cmd[0]);
	close(reply[1]);
	c->cmd_fd[i] = cmd[1];
	c->reply_fd[i] = reply[0];
	return 0;
}

/* Every child answers once after its preparation; EOF means it died. */
static int wait_ready(struct children *c, char *err, size_t errlen)
{
	unsigned long i;
	ssize_t n;
	char ans;

	for (i = 0; i < c->nr; i++) {
		do
			n = read(c->reply_fd[i], &ans, 1);
		while (n < 0 && errno == EINTR);
		if (n == 1 && ans == 'r')
			continue;
		snprintf(err, errlen, "process %lu of the layout could not "
			 "build its pages: %s", i + 1, n == 1 ?
			 children_slot(c, i)->what : "it died");
		return -1;
	}
	return 0;
}

int children_fork(struct children *c, unsigned long nr,
		  const struct layout *l, char *err, size_t errlen)
{
	/* Without prep the layout is only read by the children. */
	return children_fork_prep(c, nr, (struct layout *)l, NULL, err,
				  errlen);
}

int children_fork_prep(struct children *c, unsigned long nr,
		       struct layout *l, child_prep_fn prep, char *err,
		       size_t errlen)
{
	memset(c, 0, sizeof(*c));
	c->release_fd = -1;
	if (!nr)
		return 0;
	if (alloc_children(c, nr, l)) {
		snprintf(err, errlen, "preparing %lu children: %s", nr,
			 strerror(errno));
		children_release(c);
		return -1;
	}
	track(c, true);
	while (c->nr < nr) {
		if (!fork_one(c, l, prep)) {
			if (c->nr == 1)
				stage_enter("fork");
			continue;
		}
		snprintf(err, errlen, "fork of child %lu: %s", c->nr + 1,
			 strerror(errno));
		children_release(c);
		return -1;
	}
	if (prep && wait_ready(c, err, errlen)) {
		children_release(c);
		return -1;
	}
	return 0;
}

/* Async-signal-safe, so the signal path can use it too. */
static void reap_all(const struct children *c)
{
	unsigned long i;

	for (i = 0; i < c->nr; i++)
		while (waitpid(c->pids[i], NULL, 0) < 0 && errno == EINTR)
			;
}

void children_release(struct children *c)
{
	sigset_t all, old;
	unsigned long i;

	for (i = 0; c->cmd_fd && i < c->nr; i++) {
		close(c->cmd_fd[i]);
		close(c->reply_fd[i]);
	}
	reap_all(c);
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	track(c, false);
	free(c->pids);
	free(c->cmd_fd);
	free(c->reply_fd);
	if (c->slots)
		munmap(c->slots, c->slot_size * c->cap);
	memset(c, 0, sizeof(*c));
	c->release_fd = -1;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

void children_kill(const struct children *c)
{
	unsigned long i;

	for (i = 0; i < c->nr; i++)
		kill(c->pids[i], SIGKILL);
	reap_all(c);
}

void children_kill_all(void)
{
	int i;

	for (i = 0; i < LIVE_SETS; i++)
		if (live[i])
			children_kill(live[i]);
}
