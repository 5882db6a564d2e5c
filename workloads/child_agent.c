// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "child_agent.h"

struct verify_result *children_slot(const struct children *c,
				    unsigned long i)
{
	return (struct verify_result *)(c->slots + i * c->slot_size);
}

void child_agent_main(const struct layout *l, int cmd_fd, int reply_fd,
		      struct verify_result *slot)
{
	char cmd, done = 'd';
	bool corrupt = false;
	ssize_t n;

	for (;;) {
		n = read(cmd_fd, &cmd, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(0);
		if (cmd == AGENT_CORRUPT) {
			corrupt = true;
			continue;
		}
		if (cmd == AGENT_TOUCH) {
			layout_touch(l, slot);
			if (write(reply_fd, &done, 1) != 1)
				_exit(2);
			continue;
		}
		if (corrupt)
			layout_corrupt_one(l);
		corrupt = false;
		layout_verify(l, cmd == AGENT_VERIFY_FRAMES, slot);
		if (write(reply_fd, &done, 1) != 1)
			_exit(2);
	}
}

static void first_problem(struct agents_verdict *v, const char *fmt,
			  unsigned long child, unsigned long page,
			  const char *what)
{
	if (v->detail[0])
		return;
	snprintf(v->detail, sizeof(v->detail), fmt, child, page, what);
}

/* Wait for child i's answer until `deadline` (CLOCK_MONOTONIC, ms). */
static int wait_reply(int fd, long long deadline_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	struct timespec ts;
	long long now;
	char byte;
	int r;

	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		now = ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
		if (now >= deadline_ms)
			return -1;
		r = poll(&p, 1, (int)(deadline_ms - now));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		return read(fd, &byte, 1) == 1 ? 0 : -1;
	}
}

static void compare_frames(const struct verify_result *mine,
			   const struct verify_result *r, unsigned long child,
			   struct agents_verdict *v)
{
	unsigned long k;

	for (k = 0; k < mine->nr_frames && k < r->nr_frames; k++) {
		if (!mine->frame[k] || mine->frame[k] == r->frame[k])
			continue;
		v->bad++;
		first_problem(v, "child %lu: KSM content %lu mapped from "
			      "another frame than in the parent%s", child, k,
			      "");
	}
}

void children_verify(struct children *c, bool frames, bool corrupt_child,
		     unsigned long timeout_s, const struct verify_result *mine,
		     struct agents_verdict *v)
{
	char cmd = frames ? AGENT_VERIFY_FRAMES : AGENT_VERIFY;
	char corrupt = AGENT_CORRUPT;
	struct timespec ts;
	long long deadline;
	unsigned long i;

	memset(v, 0, sizeof(*v));
	clock_gettime(CLOCK_MONOTONIC, &ts);
	deadline = ts.tv_sec * 1000LL + ts.tv_nsec / 1000000 +
		   timeout_s * 1000LL;
	/* All children read at once: the deadline is for the slowest. */
	for (i = 0; i < c->nr; i++) {
		if (corrupt_child && i == 0 &&
		    write(c->cmd_fd[i], &corrupt, 1) != 1)
			v->hung++;
		if (write(c->cmd_fd[i], &cmd, 1) != 1)
			first_problem(v, "child %lu: cannot send a command "
				      "(%lu: %s)", i + 1, 0, strerror(errno));
	}
	for (i = 0; i < c->nr; i++) {
		struct verify_result *r = children_slot(c, i);

		if (wait_reply(c->reply_fd[i], deadline)) {
			v->hung++;
			first_problem(v, "child %lu hung reading page %lu%s",
				      i + 1, r->progress ? r->progress - 1 : 0,
				      r->progress ? "" : " (or died)");
			continue;
		}
		if (r->bad) {
			v->bad += r->bad;
			first_problem(v, "child %lu: page %lu: %s", i + 1,
				      (unsigned long)r->first_bad, r->what);
		}
		if (frames && mine)
			compare_frames(mine, r, i + 1, v);
	}
}

void children_touch_begin(const struct children *c, struct agents_verdict *v)
{
	char cmd = AGENT_TOUCH;
	unsigned long i;

	memset(v, 0, sizeof(*v));
	for (i = 0; i < c->nr; i++)
		if (write(c->cmd_fd[i], &cmd, 1) != 1)
			first_problem(v, "child %lu: cannot send a command "
				      "(%lu: %s)", i + 1, 0, strerror(errno));
}

void children_touch_end(const struct children *c, unsigned long timeout_s,
			struct agents_verdict *v)
{
	struct timespec ts;
	long long deadline;
	unsigned long i;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	deadline = ts.tv_sec * 1000LL + ts.tv_nsec / 1000000 +
		   timeout_s * 1000LL;
	for (i = 0; i < c->nr; i++) {
		struct verify_result *r = children_slot(c, i);

		if (!wait_reply(c->reply_fd[i], deadline))
			continue;
		v->hung++;
		first_problem(v, "child %lu hung touching page %lu%s", i + 1,
			      r->progress ? r->progress - 1 : 0,
			      r->progress ? "" : " (or died)");
	}
}
