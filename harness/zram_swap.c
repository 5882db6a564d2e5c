// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/swap.h>
#include <unistd.h>

#include "swap_header.h"
#include "sysfs_file.h"
#include "undo.h"
#include "zram_swap.h"

/* Ours is used before any swap area the machine has of its own. */
#define ZRAM_SWAP_PRIO	32767

/* Undo actions: only open/write/close/swapoff, for the signal path. */
static void undo_hot_remove(void *arg)
{
	struct zram_swap *z = arg;

	sysfs_put_err(ZRAM_CONTROL "/hot_remove", z->id_text);
}

static void undo_swapoff(void *arg)
{
	struct zram_swap *z = arg;

	swapoff(z->dev);
}

int zram_swap_available(char *reason, size_t len)
{
	if (!access(ZRAM_CONTROL "/hot_add", R_OK))
		return 0;
	snprintf(reason, len, "cannot add a zram swap device: no %s/hot_add "
		 "(kernel without CONFIG_ZRAM, or the zram module not loaded)",
		 ZRAM_CONTROL);
	return -1;
}

static int hot_add(struct zram_swap *z, char *err, size_t errlen)
{
	char buf[32] = "";
	int fd = open(ZRAM_CONTROL "/hot_add", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	/* Reading hot_add is what creates the device. */
	n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (fd >= 0)
		close(fd);
	if (n <= 0 || sscanf(buf, "%d", &z->id) != 1) {
		snprintf(err, errlen, "adding a zram device through "
			 "%s/hot_add: %s", ZRAM_CONTROL, n < 0 ? strerror(errno) :
			 "no device number");
		z->id = -1;
		return -1;
	}
	snprintf(z->id_text, sizeof(z->id_text), "%d", z->id);
	snprintf(z->dev, sizeof(z->dev), "/dev/zram%d", z->id);
	return 0;
}

static int set_disksize(struct zram_swap *z, char *err, size_t errlen)
{
	char path[96], val[32];
	int ret;

	snprintf(path, sizeof(path), "/sys/block/zram%d/disksize", z->id);
	snprintf(val, sizeof(val), "%" PRIu64, z->bytes);
	ret = sysfs_put_err(path, val);
	if (ret)
		snprintf(err, errlen, "%s = %s: %s", path, val, strerror(-ret));
	return ret ? -1 : 0;
}

static int format(struct zram_swap *z, char *err, size_t errlen)
{
	int fd = open(z->dev, O_WRONLY | O_CLOEXEC), ret;

	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", z->dev, strerror(errno));
		return -1;
	}
	ret = swap_header_write(fd, sysconf(_SC_PAGESIZE), z->bytes);
	close(fd);
	if (ret)
		snprintf(err, errlen, "writing the swap header on %s: %s",
			 z->dev, strerror(-ret));
	return ret ? -1 : 0;
}

int zram_swap_create(struct zram_swap *z, uint64_t bytes, char *err,
		     size_t errlen)
{
	char line[96];
	int flags = SWAP_FLAG_PREFER |
		    ((ZRAM_SWAP_PRIO << SWAP_FLAG_PRIO_SHIFT) &
		     SWAP_FLAG_PRIO_MASK);

	memset(z, 0, sizeof(*z));
	z->h_remove = z->h_swapoff = -1;
	z->bytes = bytes;
	if (hot_add(z, err, errlen))
		return -1;
	snprintf(line, sizeof(line), "write %s/hot_remove %d", ZRAM_CONTROL,
		 z->id);
	z->h_remove = undo_push("zram device", line, undo_hot_remove, z);
	if (z->h_remove < 0) {
		undo_hot_remove(z);
		snprintf(err, errlen, "cannot register the undo of zram%d",
			 z->id);
		return -1;
	}
	if (set_disksize(z, err, errlen) || format(z, err, errlen))
		return -1;
	snprintf(line, sizeof(line), "swapoff %s", z->dev);
	z->h_swapoff = undo_push("zram swap", line, undo_swapoff, z);
	if (z->h_swapoff < 0) {
		snprintf(err, errlen, "cannot register the undo of swapon %s",
			 z->dev);
		return -1;
	}
	if (swapon(z->dev, flags)) {
		snprintf(err, errlen, "swapon %s: %s", z->dev, strerror(errno));
		undo_pop(z->h_swapoff, false);
		z->h_swapoff = -1;
		return -1;
	}
	return 0;
}

void zram_swap_destroy(struct zram_swap *z)
{
	undo_pop(z->h_swapoff, true);
	undo_pop(z->h_remove, true);
	z->h_swapoff = z->h_remove = -1;
	z->id = -1;
}

long long swap_free_kib(const char *path)
{
	char line[512], name[256], type[32];
	long long size, used, total = 0;
	bool found = false;
	FILE *f = fopen("/proc/swaps", "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%255s %31s %lld %lld", name, type, &size,
			   &used) != 4)
			continue;
		if (path && strcmp(name, path))
			continue;
		total += size - used;
		found = true;
	}
	fclose(f);
	return found ? total : -1;
}
