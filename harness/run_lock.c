// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "run_lock.h"

static int held = -1;

/* "pid N (command line)" of the holder, as far as it can be told. */
static void describe_holder(int fd, char *out, size_t len)
{
	char buf[32] = "", path[64], cmd[160] = "";
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	int pid = 0, cfd;

	if (n > 0)
		buf[n] = '\0';
	if (sscanf(buf, "%d", &pid) != 1 || pid <= 0) {
		snprintf(out, len, "a process that has not written its pid "
			 "yet");
		return;
	}
	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	cfd = open(path, O_RDONLY | O_CLOEXEC);
	if (cfd >= 0) {
		n = read(cfd, cmd, sizeof(cmd) - 1);
		close(cfd);
		for (ssize_t i = 0; i < n - 1; i++)
			if (!cmd[i])
				cmd[i] = ' ';
		if (n > 0)
			cmd[n] = '\0';
	}
	snprintf(out, len, "pid %d%s%s%s", pid, cmd[0] ? " (" : "", cmd,
		 cmd[0] ? ")" : "");
}

static void write_pid(int fd)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());

	if (ftruncate(fd, 0) || pwrite(fd, buf, n, 0) != n)
		return;	/* only the message of a second run would suffer */
}

int run_lock_take(const char *path, bool wait, char *err, size_t errlen)
{
	char who[256];
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);

	if (fd < 0) {
		snprintf(err, errlen, "cannot open the run lock %s: %s", path,
			 strerror(errno));
		return -1;
	}
	if (!flock(fd, LOCK_EX | LOCK_NB))
		goto locked;
	if (errno != EWOULDBLOCK) {
		snprintf(err, errlen, "cannot lock %s: %s", path,
			 strerror(errno));
		goto fail;
	}
	describe_holder(fd, who, sizeof(who));
	if (!wait) {
		snprintf(err, errlen, "another ksmbench run is in progress "
			 "(%s holds %s); one run at a time: wait for it, or "
			 "use --wait", who, path);
		goto fail;
	}
	fprintf(stderr, "ksmbench: waiting for the run of %s to end\n", who);
	while (flock(fd, LOCK_EX))
		if (errno != EINTR) {
			snprintf(err, errlen, "cannot lock %s: %s", path,
				 strerror(errno));
			goto fail;
		}
locked:
	write_pid(fd);
	held = fd;	/* stays open: the lock lives as long as we do */
	return 0;
fail:
	close(fd);
	return -1;
}

void run_lock_release(void)
{
	if (held >= 0)
		close(held);
	held = -1;
}
