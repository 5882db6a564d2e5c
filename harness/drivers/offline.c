// SPDX-License-Identifier: GPL-2.0
/*
 * offline: soft-offline every KSM page with madvise(MADV_SOFT_OFFLINE).
 * The kernel migrates the folio away from its frame and retires the frame,
 * so each KSM page is walked as in migration (try_to_migrate(), then
 * remove_migration_ptes()).  Every call costs the machine a page frame for
 * good (until unpoisoned), so the driver runs in a ksmbench guest, or on
 * another machine only when asked with offline_allow=1.  Where the kernel
 * refuses a KSM page, its errno is the result: a finding, not a crash.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "driver.h"
#include "layout_math.h"
#include "page_frames.h"

#ifndef MADV_SOFT_OFFLINE
#define MADV_SOFT_OFFLINE 101
#endif
#define SOFT_OFFLINE_SYSFS "/sys/devices/system/memory/soft_offline_page"

static const char *const offline_phases[] = { "soft", NULL };

static const struct metric_desc offline_metrics[] = {
	{ "pages_requested", "count", BETTER_NONE,
	  "KSM pages soft-offlined" },
	{ "pages_refused", "count", BETTER_LOWER,
	  "KSM pages the kernel refused to soft-offline" },
	{ "first_errno", "errno", BETTER_NONE,
	  "the kernel's answer to the first refused page, 0 if none" },
	{ "ksm_pages_moved", "count", BETTER_NONE,
	  "KSM pages found on another frame afterwards" },
	{ NULL },
};

static const struct opt_desc offline_options[] = {
	UNIT_OPT_ULONG("offline_allow", 0, 1, "0",
		       "1: soft-offline outside a ksmbench guest too (each "
		       "KSM page costs a page frame until unpoisoned)"),
	{ NULL },
};

struct offline_state {
	struct frame_watch frames;
};

static int offline_check(const struct scenario *s, char *reason, size_t len)
{
	if (access(SOFT_OFFLINE_SYSFS, F_OK)) {
		snprintf(reason, len, "kernel without CONFIG_MEMORY_FAILURE "
			 "(no %s)", SOFT_OFFLINE_SYSFS);
		return -1;
	}
	if (!getenv("KSMBENCH_GUEST") && !opt_ulong(s, "offline_allow")) {
		snprintf(reason, len, "soft offline retires a page frame per "
			 "KSM page: runs in a ksmbench QEMU guest, or here with "
			 "--offline_allow 1");
		return -1;
	}
	return 0;
}

static int offline_setup(struct run_ctx *ctx, char *err, size_t errlen)
{
	struct offline_state *o = calloc(1, sizeof(*o));
	unsigned long n = ctx->s->ksm_pages;

	ctx->priv = o;
	if (o && !frame_watch_init(&o->frames, n))
		return 0;
	snprintf(err, errlen, "out of memory for %lu frames", n);
	return -1;
}

static int offline_prepare(struct run_ctx *ctx, unsigned int phase,
			   char *err, size_t errlen)
{
	struct offline_state *o = ctx->priv;

	(void)phase;
	return frame_watch_mark(&o->frames, ctx->layout, err, errlen);
}

static int offline_run(struct run_ctx *ctx, unsigned int phase,
		       struct phase_stats *st)
{
	const struct scenario *s = ctx->s;
	unsigned long k, refused = 0;
	int first = 0;

	(void)phase;
	for (k = 0; k < s->ksm_pages; k++) {
		char *p = layout_page_addr(ctx->layout,
					   layout_ksm_representative(s, k));

		if (!madvise(p, ctx->layout->page_size, MADV_SOFT_OFFLINE))
			continue;
		if (!refused++)
			first = errno;
	}
	phase_set(offline_metrics, st, "pages_requested", s->ksm_pages);
	phase_set(offline_metrics, st, "pages_refused", refused);
	phase_set(offline_metrics, st, "first_errno", first);
	if (refused)
		snprintf(st->detail, sizeof(st->detail), "the kernel refused "
			 "to soft-offline %lu of %lu KSM pages, first with %s",
			 refused, s->ksm_pages, strerror(first));
	return 0;
}

static void offline_verify(struct run_ctx *ctx, unsigned int phase,
			   struct phase_stats *st)
{
	struct offline_state *o = ctx->priv;

	(void)phase;
	if (!phase_frames_moved(&o->frames, ctx, offline_metrics, st))
		snprintf(st->nothing, sizeof(st->nothing), "no KSM page left "
			 "its frame (%.100s)", st->detail);
}

static void offline_teardown(struct run_ctx *ctx)
{
	struct offline_state *o = ctx->priv;

	if (!o)
		return;
	frame_watch_free(&o->frames);
	free(o);
	ctx->priv = NULL;
}

const struct driver driver_offline = {
	.name = "offline",
	.help = "soft-offline every KSM page (madvise MADV_SOFT_OFFLINE); "
		"guests only unless offline_allow=1",
	.phases = offline_phases,
	.options = offline_options,
	.metrics = offline_metrics,
	.flags = DRV_DESTRUCTIVE,
	.frame_check = 0x1,
	.check = offline_check,
	.setup = offline_setup,
	.prepare_phase = offline_prepare,
	.run_phase = offline_run,
	.verify = offline_verify,
	.teardown = offline_teardown,
};
