// SPDX-License-Identifier: GPL-2.0
/* The driver table: one line per file in harness/drivers/. */
#include <stdio.h>
#include <string.h>

#include "driver.h"
#include "page_frames.h"

extern const struct driver driver_migrate;
extern const struct driver driver_compact;
extern const struct driver driver_damon;
extern const struct driver driver_offline;
extern const struct driver driver_idle;
extern const struct driver driver_reclaim;

static const struct driver *const drivers[] = {
	&driver_migrate,
	&driver_reclaim,
	&driver_compact,
	&driver_damon,
	&driver_offline,
	&driver_idle,
};

const struct driver *driver_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++)
		if (!strcmp(drivers[i]->name, name))
			return drivers[i];
	return NULL;
}

const struct driver *driver_at(size_t i)
{
	return i < sizeof(drivers) / sizeof(drivers[0]) ? drivers[i] : NULL;
}

void driver_list(void (*fn)(const struct driver *d, void *arg), void *arg)
{
	size_t i;

	for (i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++)
		fn(drivers[i], arg);
}

void phase_set(const struct metric_desc *metrics, struct phase_stats *st,
	       const char *name, uint64_t val)
{
	size_t i;

	for (i = 0; metrics && metrics[i].name && i < METRIC_MAX; i++) {
		if (strcmp(metrics[i].name, name))
			continue;
		st->val[i] = val;
		st->valid[i] = true;
		return;
	}
}

void phase_note_failure(struct phase_stats *st, unsigned long page,
			const char *what)
{
	size_t len = strlen(st->detail);

	if (st->verify_failures++)
		return;
	snprintf(st->detail + len, sizeof(st->detail) - len,
		 "%sfirst wrong page %lu: %s", len ? "; " : "", page, what);
}

long phase_frames_moved(struct frame_watch *w, const struct run_ctx *ctx,
			const struct metric_desc *metrics,
			struct phase_stats *st)
{
	char err[128];
	long moved = frame_watch_moved(w, ctx->layout, err, sizeof(err));

	if (moved < 0) {
		phase_note_failure(st, 0, err);
		return -1;
	}
	phase_set(metrics, st, "ksm_pages_moved", moved);
	st->walked_nothing = !moved;
	return moved;
}
