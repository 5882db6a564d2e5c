// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "swap_header.h"

static void put_u32(unsigned char *p, size_t off, uint32_t v)
{
	memcpy(p + off, &v, sizeof(v));
}

/* Not a real UUID source, just distinct per area, as blkid shows it. */
static void fill_uuid(unsigned char *uuid)
{
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd < 0 || read(fd, uuid, 16) != 16)
		memset(uuid, 0x5a, 16);
	if (fd >= 0)
		close(fd);
	uuid[6] = (uuid[6] & 0x0f) | 0x40;	/* version 4 */
	uuid[8] = (uuid[8] & 0x3f) | 0x80;	/* variant 1 */
}

int swap_header_build(void *page, size_t page_size, uint64_t bytes)
{
	size_t magic_len = strlen(SWAP_HDR_MAGIC);
	uint64_t pages = bytes / page_size;
	unsigned char *p = page;

	if (page_size < 2048 || pages < SWAP_HDR_MIN_PAGES ||
	    pages - 1 > UINT32_MAX)
		return -1;
	memset(p, 0, page_size);
	put_u32(p, SWAP_HDR_VERSION, 1);
	put_u32(p, SWAP_HDR_LAST_PAGE, (uint32_t)(pages - 1));
	put_u32(p, SWAP_HDR_NR_BADPAGES, 0);
	fill_uuid(p + SWAP_HDR_UUID);
	memcpy(p + page_size - magic_len, SWAP_HDR_MAGIC, magic_len);
	return 0;
}

int swap_header_write(int fd, size_t page_size, uint64_t bytes)
{
	void *page = malloc(page_size);
	int ret = 0;

	if (!page)
		return -ENOMEM;
	if (swap_header_build(page, page_size, bytes)) {
		ret = -EINVAL;
		goto out;
	}
	if (pwrite(fd, page, page_size, 0) != (ssize_t)page_size)
		ret = errno ? -errno : -EIO;
	else if (fsync(fd))
		ret = -errno;
out:
	free(page);
	return ret;
}
