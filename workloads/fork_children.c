// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fork_children.h"

/* Killable first under memory pressure, and never outliving the parent. */
static void child_main(int wait_fd)
{
	static const char adj[] = "1000";
	char byte;
	int fd;

	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	fd = open("/proc/self/oom_score_adj", O_WRONLY);
	if (fd >= 0) {
		if (write(fd, adj, sizeof(adj) - 1) < 0)
			_exit(3);
		close(fd);
	}
	while (read(wait_fd, &byte, 1) < 0 && errno == EINTR)
		;
	_exit(0);
}

int children_fork(struct children *c, unsigned long nr, char *err,
		  size_t errlen)
{
	int fds[2];
	pid_t pid;

	memset(c, 0, sizeof(*c));
	c->release_fd = -1;
	if (!nr)
		return 0;
	c->pids = calloc(nr, sizeof(*c->pids));
	if (!c->pids || pipe2(fds, O_CLOEXEC)) {
		snprintf(err, errlen, "preparing %lu children: %s", nr,
			 strerror(errno));
		free(c->pids);
		c->pids = NULL;
		return -1;
	}
	c->release_fd = fds[1];
	for (c->nr = 0; c->nr < nr; c->nr++) {
		fflush(NULL);
		pid = fork();
		if (pid < 0) {
			snprintf(err, errlen, "fork of child %lu: %s",
				 c->nr + 1, strerror(errno));
			close(fds[0]);
			children_release(c);
			return -1;
		}
		if (!pid) {
			close(fds[1]);
			child_main(fds[0]);
		}
		c->pids[c->nr] = pid;
	}
	close(fds[0]);
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
	if (c->release_fd >= 0)
		close(c->release_fd);
	c->release_fd = -1;
	reap_all(c);
	free(c->pids);
	c->pids = NULL;
	c->nr = 0;
}

void children_kill(const struct children *c)
{
	unsigned long i;

	for (i = 0; i < c->nr; i++)
		kill(c->pids[i], SIGKILL);
	reap_all(c);
}
