/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parent's requests to its children, one byte each over a pipe, and
 * the answers through a shared slot per child: the mm selftests' rmap.c
 * idea of callbacks across a process tree, kept to what ksmbench needs.
 */
#ifndef KSMBENCH_CHILD_AGENT_H
#define KSMBENCH_CHILD_AGENT_H

#include <stdbool.h>
#include <stddef.h>

#include "fork_children.h"
#include "layout.h"
#include "layout_verify.h"

enum agent_cmd {
	AGENT_VERIFY = 'v',		/* read back every page */
	AGENT_VERIFY_FRAMES = 'f',	/* and check one frame per content */
	AGENT_CORRUPT = 'c',		/* test mode: break one page first */
	AGENT_TOUCH = 't',		/* read one byte of every page: a
					 * driver's work (swap-in), no check */
};

/* The child's side: serve commands until the pipe closes, then _exit. */
void child_agent_main(const struct layout *l, int cmd_fd, int reply_fd,
		      struct verify_result *slot);

struct agents_verdict {
	unsigned long bad;		/* wrong pages over all children */
	unsigned long hung;		/* children past the deadline */
	char detail[256];		/* the first problem, named */
};

/*
 * Ask every child to verify, each within timeout_s.  parent_frames (the
 * parent's own frame per KSM content, or NULL) must match the children's.
 * corrupt_child makes child 1 break a page first (the test of this check).
 */
void children_verify(struct children *c, bool frames, bool corrupt_child,
		     unsigned long timeout_s, const struct verify_result *mine,
		     struct agents_verdict *v);
/*
 * Make every child touch its pages: send the command to all (so they run
 * while the parent touches its own), then wait for all within timeout_s.
 * Hung or dead children are counted in v->hung, named in v->detail.
 */
void children_touch_begin(const struct children *c, struct agents_verdict *v);
void children_touch_end(const struct children *c, unsigned long timeout_s,
			struct agents_verdict *v);
struct verify_result *children_slot(const struct children *c,
				    unsigned long i);

#endif
