/* SPDX-License-Identifier: GPL-2.0 */
/* One-value sysfs files: read a line, write a value. */
#ifndef KSMBENCH_SYSFS_FILE_H
#define KSMBENCH_SYSFS_FILE_H

#include <stddef.h>

/* 0 on success; errno is kept for the caller's message. */
int sysfs_put(const char *path, const char *val);
int sysfs_get(const char *path, char *buf, size_t len);
/* The same write, truncating, as 0 or -errno (-EIO for a short write). */
int sysfs_put_err(const char *path, const char *val);

#endif
