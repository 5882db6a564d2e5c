// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "sysfs_file.h"

/* Async-signal-safe: undo actions call it from a signal handler. */
int sysfs_put(const char *path, const char *val)
{
	size_t len = strlen(val);
	int fd = open(path, O_WRONLY), ret = -1, saved;

	if (fd < 0)
		return -1;
	if (write(fd, val, len) == (ssize_t)len)
		ret = 0;
	saved = errno;
	close(fd);
	errno = saved;
	return ret;
}

int sysfs_get(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* Async-signal-safe too. */
int sysfs_put_err(const char *path, const char *val)
{
	size_t len = strlen(val);
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC), err;
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, val, len);
	err = errno;
	close(fd);
	if (n == (ssize_t)len)
		return 0;
	return n < 0 ? -err : -EIO;
}
