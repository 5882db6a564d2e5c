// SPDX-License-Identifier: GPL-2.0
/*
 * offline: memory failure of KSM pages.
 * - soft: soft-offline every KSM page with madvise(MADV_SOFT_OFFLINE).  The
 *   kernel migrates the folio away from its frame and retires the frame, so
 *   each KSM page is walked as in migration (try_to_migrate(), then
 *   remove_migration_ptes()).
 * - hard (offline_hard=1): poison the last KSM page with MADV_HWPOISON.
 *   memory_failure() finds the processes through collect_procs_ksm() (the
 *   other walk 7.3 bounds) and unmaps every mapping with try_to_unmap(); a
 *   mapping the walk missed stays mapped to a poisoned frame, and is
 *   counted from pagemap.  Nobody reads that content again.
 * Every call costs the machine a page frame for good (until unpoisoned), so
 * the driver runs in a ksmbench guest, or elsewhere only when asked with
 * offline_allow=1.  Where the kernel refuses a KSM page, its errno is the
 * result: a finding, not a crash.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "driver.h"
#include "layout_math.h"
#include "page_frames.h"

#ifndef MADV_SOFT_OFFLINE
#define MADV_SOFT_OFFLINE 101
#endif
#ifndef MADV_HWPOISON
#define MADV_HWPOISON 100
#endif
/* Registered with CONFIG_MEMORY_FAILURE, with or without memory hotplug. */
#define MF_SYSCTL "/proc/sys/vm/memory_failure_recovery"

static const char *const offline_phases[] = { "soft", "hard", NULL };
enum { PHASE_SOFT, PHASE_HARD };

static const struct metric_desc offline_metrics[] = {
	{ "pages_requested", "count", BETTER_NONE,
	  "KSM pages soft-offlined" },
	{ "pages_refused", "count", BETTER_LOWER,
	  "KSM pages the kernel refused to soft-offline" },
	{ "first_errno", "errno", BETTER_NONE,
	  "the kernel's answer to the first refused page, 0 if none" },
	{ "ksm_pages_moved", "count", BETTER_NONE,
	  "KSM pages found on another frame afterwards" },
	{ "sigbus", "count", BETTER_NONE,
	  "hard: SIGBUS the poisoning thread received (the kernel treats "
	  "it as the task that hit the error)" },
	{ "poisoned_still_mapped", "count", BETTER_LOWER,
	  "hard: mappings of the poisoned KSM page the parent still has "
	  "present afterwards (the walk missed them)" },
	{ NULL },
};

static const struct opt_desc offline_options[] = {
	UNIT_OPT_ULONG("offline_allow", 0, 1, "0",
		       "1: soft-offline outside a ksmbench guest too (each "
		       "KSM page costs a page frame until unpoisoned)"),
	UNIT_OPT_ULONG("offline_hard", 0, 1, "1",
		       "1: also poison one KSM page (MADV_HWPOISON) in phase "
		       "hard; 0: phase hard does nothing"),
	{ NULL },
};

struct offline_state {
	struct frame_watch frames;
	unsigned long refused;		/* by the last soft phase */
};

static int offline_check(const struct scenario *s, char *reason, size_t len)
{
	if (access(MF_SYSCTL, F_OK)) {
		snprintf(reason, len, "kernel without CONFIG_MEMORY_FAILURE "
			 "(no %s)", MF_SYSCTL);
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

	if (phase == PHASE_HARD)
		return 0;
	return frame_watch_mark(&o->frames, ctx->layout, err, errlen);
}

static unsigned long poisoned_content(const struct scenario *s)
{
	return s->ksm_pages - 1;
}

/*
 * Late kill for this process and the children it forks: a process that
 * maps the poisoned page learns of it when it reads it, which none does.
 */
static int offline_prepare_layout(struct run_ctx *ctx, char *err,
				  size_t errlen)
{
	(void)ctx;
	if (!prctl(PR_MCE_KILL, PR_MCE_KILL_SET, PR_MCE_KILL_LATE, 0, 0))
		return 0;
	snprintf(err, errlen, "prctl(PR_MCE_KILL): %s", strerror(errno));
	return -1;
}

static volatile sig_atomic_t mce_signals;

/*
 * madvise(MADV_HWPOISON) treats the caller as the task that hit the error
 * (MF_ACTION_REQUIRED) and forces SIGBUS on it as the call returns; a
 * handler that returns resumes after the call.
 */
static void on_mce(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	(void)si;
	mce_signals++;
}

static int poison(void *p, size_t len)
{
	struct sigaction sa = { .sa_sigaction = on_mce,
				.sa_flags = SA_SIGINFO }, old;
	int ret, saved;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, &old);
	ret = madvise(p, len, MADV_HWPOISON);
	saved = errno;
	sigaction(SIGBUS, &old, NULL);
	errno = saved;
	return ret;
}

static int hard_run(struct run_ctx *ctx, struct phase_stats *st)
{
	const struct scenario *s = ctx->s;
	char *p = layout_page_addr(ctx->layout,
			layout_ksm_representative(s, poisoned_content(s)));

	/* Set first: from here on no verifier may touch this content. */
	st->poisoned = poisoned_content(s) + 1;
	phase_set(offline_metrics, st, "pages_requested", 1);
	mce_signals = 0;
	if (!poison(p, ctx->layout->page_size)) {
		phase_set(offline_metrics, st, "pages_refused", 0);
		phase_set(offline_metrics, st, "first_errno", 0);
		return 0;
	}
	phase_set(offline_metrics, st, "pages_refused", 1);
	phase_set(offline_metrics, st, "first_errno", errno);
	snprintf(st->detail, sizeof(st->detail), "the kernel refused to "
		 "poison a KSM page: %s", strerror(errno));
	return 0;
}

static int offline_run(struct run_ctx *ctx, unsigned int phase,
		       struct phase_stats *st)
{
	const struct scenario *s = ctx->s;
	unsigned long k, refused = 0;
	int first = 0;

	if (phase == PHASE_HARD)
		return opt_ulong(s, "offline_hard") ? hard_run(ctx, st) : 0;
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
	((struct offline_state *)ctx->priv)->refused = refused;
	if (refused)
		snprintf(st->detail, sizeof(st->detail), "the kernel refused "
			 "to soft-offline %lu of %lu KSM pages, first with %s",
			 refused, s->ksm_pages, strerror(first));
	return 0;
}

/* Mappings of the poisoned content the parent still has present. */
static void hard_verify(struct run_ctx *ctx, struct phase_stats *st)
{
	const struct scenario *s = ctx->s;
	unsigned long i, left = 0, total = layout_total_pages(s);
	int pm = open("/proc/self/pagemap", O_RDONLY);

	if (pm < 0) {
		phase_note_failure(st, 0, "cannot open /proc/self/pagemap");
		return;
	}
	for (i = 0; i < total; i++) {
		if (!layout_page_is_shared(s, i) ||
		    layout_page_content(s, i) != poisoned_content(s))
			continue;
		/* Present means mapped (root reads the frame numbers). */
		if (layout_page_frame(pm, ctx->layout, i))
			left++;
	}
	close(pm);
	phase_set(offline_metrics, st, "poisoned_still_mapped", left);
	phase_set(offline_metrics, st, "sigbus", mce_signals);
	st->failures += left;
	if (left)
		snprintf(st->detail, sizeof(st->detail), "%lu of %lu mappings "
			 "of the poisoned KSM page still mapped: the "
			 "memory-failure walk missed them", left, s->sharing);
}

static void offline_verify(struct run_ctx *ctx, unsigned int phase,
			   struct phase_stats *st)
{
	struct offline_state *o = ctx->priv;

	if (phase == PHASE_HARD) {
		if (opt_ulong(ctx->s, "offline_hard"))
			hard_verify(ctx, st);
		else
			st->walked_nothing = true;
		return;
	}
	if (phase_frames_moved(&o->frames, ctx, offline_metrics, st))
		return;
	/* Refused: the kernel walked and said no; that is the result. */
	if (o->refused) {
		st->walked_nothing = false;
		return;
	}
	snprintf(st->nothing, sizeof(st->nothing), "no KSM page left its "
		 "frame");
}

static void offline_teardown(struct run_ctx *ctx)
{
	struct offline_state *o = ctx->priv;

	if (!o)
		return;
	frame_watch_free(&o->frames);
	free(o);
	ctx->priv = NULL;
	prctl(PR_MCE_KILL, PR_MCE_KILL_CLEAR, 0, 0, 0);
}

const struct driver driver_offline = {
	.name = "offline",
	.help = "soft-offline every KSM page, then poison one "
		"(MADV_HWPOISON); guests only unless offline_allow=1",
	.phases = offline_phases,
	.options = offline_options,
	.metrics = offline_metrics,
	/* A poisoned page cannot be merged again: a new layout each time. */
	.flags = DRV_DESTRUCTIVE | DRV_FRESH_LAYOUT,
	.frame_check = 0x3,
	.check = offline_check,
	.prepare_layout = offline_prepare_layout,
	.setup = offline_setup,
	.prepare_phase = offline_prepare,
	.run_phase = offline_run,
	.verify = offline_verify,
	.teardown = offline_teardown,
};
