// SPDX-License-Identifier: GPL-2.0
/*
 * idle: the merged layout, its children and the collectors, and nothing
 * that walks an rmap.  A baseline: what a victim thread's calls cost when no
 * walk holds the anon_vma lock, and the walks other threads do meanwhile
 * (there should be none of ours).
 */
#include <errno.h>
#include <time.h>

#include "driver.h"

static const char *const idle_phases[] = { "idle", NULL };

static const struct opt_desc idle_options[] = {
	UNIT_OPT_ULONG("idle_ms", 1, 600000, "2000",
		       "idle driver: milliseconds one idle phase lasts"),
	{ NULL },
};

static int idle_check(const struct scenario *s, char *reason, size_t len)
{
	(void)s;
	(void)reason;
	(void)len;
	return 0;
}

static int idle_setup(struct run_ctx *ctx, char *err, size_t errlen)
{
	(void)ctx;
	(void)err;
	(void)errlen;
	return 0;
}

static int idle_run_phase(struct run_ctx *ctx, unsigned int phase,
			  struct phase_stats *st)
{
	unsigned long ms = opt_ulong(ctx->s, "idle_ms");
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	(void)phase;
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
	st->walked_nothing = true;
	return 0;
}

const struct driver driver_idle = {
	.name = "idle",
	.help = "walk nothing for idle_ms: the baseline of the collectors "
		"(a victim's calls with no walk running)",
	.phases = idle_phases,
	.options = idle_options,
	.flags = DRV_BASELINE,
	.frame_check = 0x1,
	.check = idle_check,
	.setup = idle_setup,
	.run_phase = idle_run_phase,
};
