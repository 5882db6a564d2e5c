// SPDX-License-Identifier: GPL-2.0
/*
 * migrate: move every KSM page of the layout to another NUMA node and back
 * with move_pages(2).  Migrating a KSM folio walks its rmap twice
 * (try_to_migrate() to unmap, remove_migration_ptes() to map again), each
 * through rmap_walk_ksm().  MPOL_MF_MOVE_ALL is needed because a KSM page is
 * mapped many times and move_pages() skips shared pages without it.
 */
#include <errno.h>
#include <numa.h>
#include <numaif.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "driver.h"
#include "layout_math.h"

#define MIGRATE_RETRIES 8

struct migrate_state {
	int node[2];		/* phase 0 moves to node[0], phase 1 to node[1] */
	void **ksm_addr;	/* one address per KSM page */
	int *nodes, *status;
	void **all_addr;	/* every layout page, for verify */
	int *all_status;
};

static const char *const migrate_phases[] = { "out", "back", NULL };

static const struct metric_desc migrate_metrics[] = {
	{ "pages_requested", "count", BETTER_NONE,
	  "KSM pages move_pages() was asked to move" },
	{ "pages_moved", "count", BETTER_HIGHER,
	  "KSM pages found on the target node after the phase" },
	{ "pages_failed", "count", BETTER_LOWER,
	  "KSM pages still on the wrong node after the retries" },
	{ NULL },
};

static int nodes_with_memory(int *first, int *second)
{
	int n, found = 0;

	for (n = 0; n <= numa_max_node(); n++) {
		long long free_b;

		if (numa_node_size64(n, &free_b) <= 0)
			continue;
		if (found == 0)
			*first = n;
		else if (found == 1)
			*second = n;
		found++;
	}
	return found;
}

static int migrate_check(const struct scenario *s, char *reason, size_t len)
{
	int a, b, n;

	(void)s;
	if (numa_available() < 0) {
		snprintf(reason, len, "NUMA is not available on this kernel");
		return -1;
	}
	n = nodes_with_memory(&a, &b);
	if (n < 2) {
		snprintf(reason, len, "needs two NUMA nodes with memory; this "
			 "machine has %d", n);
		return -1;
	}
	if (move_pages(0, 0, NULL, NULL, NULL, 0) < 0 && errno == ENOSYS) {
		snprintf(reason, len, "move_pages(2) not supported "
			 "(CONFIG_MIGRATION off?)");
		return -1;
	}
	return 0;
}

static int query_node(void *addr)
{
	int status = -1;

	if (move_pages(0, 1, &addr, NULL, &status, 0) < 0)
		return -errno;
	return status;
}

static void migrate_teardown(struct run_ctx *ctx)
{
	struct migrate_state *m = ctx->priv;

	if (!m)
		return;
	free(m->ksm_addr);
	free(m->nodes);
	free(m->status);
	free(m->all_addr);
	free(m->all_status);
	free(m);
	ctx->priv = NULL;
}

static int migrate_setup(struct run_ctx *ctx, char *err, size_t errlen)
{
	const struct scenario *s = ctx->s;
	unsigned long k, total = layout_total_pages(s);
	struct migrate_state *m;
	int a = 0, b = 1, home;

	m = calloc(1, sizeof(*m));
	ctx->priv = m;
	if (!m)
		goto nomem;
	m->ksm_addr = calloc(s->ksm_pages, sizeof(void *));
	m->nodes = calloc(s->ksm_pages, sizeof(int));
	m->status = calloc(s->ksm_pages, sizeof(int));
	m->all_addr = calloc(total, sizeof(void *));
	m->all_status = calloc(total, sizeof(int));
	if (!m->ksm_addr || !m->nodes || !m->status || !m->all_addr ||
	    !m->all_status)
		goto nomem;
	for (k = 0; k < s->ksm_pages; k++)
		m->ksm_addr[k] = layout_page_addr(ctx->layout,
					layout_ksm_representative(s, k));
	for (k = 0; k < total; k++)
		m->all_addr[k] = layout_page_addr(ctx->layout, k);
	nodes_with_memory(&a, &b);
	home = query_node(m->ksm_addr[0]);
	if (home < 0) {
		snprintf(err, errlen, "cannot tell the node of a KSM page: %s",
			 strerror(-home));
		return -1;
	}
	m->node[0] = home == a ? b : a;
	m->node[1] = home;
	return 0;
nomem:
	snprintf(err, errlen, "out of memory for %lu page addresses", total);
	return -1;
}

/* Move the pages whose status is not yet `node`; returns how many remain. */
static unsigned long move_remaining(struct migrate_state *m, unsigned long nr,
				    int node, int *last_err)
{
	unsigned long i, j = 0;
	void **addr = m->ksm_addr;

	for (i = 0; i < nr; i++)
		if (m->status[i] != node)
			j++;
	if (!j)
		return 0;
	for (i = 0; i < nr; i++)
		m->nodes[i] = node;
	/* Pages already on the node are cheap no-ops: keep the list whole. */
	if (move_pages(0, nr, addr, m->nodes, m->status, MPOL_MF_MOVE_ALL) < 0)
		*last_err = errno;
	for (i = 0, j = 0; i < nr; i++) {
		if (m->status[i] == node)
			continue;
		if (m->status[i] < 0)
			*last_err = -m->status[i];
		j++;
	}
	return j;
}

static int migrate_run_phase(struct run_ctx *ctx, unsigned int phase,
			     struct phase_stats *st)
{
	struct timespec pause = { .tv_sec = 0, .tv_nsec = 1000 * 1000 };
	struct migrate_state *m = ctx->priv;
	unsigned long nr = ctx->s->ksm_pages, left;
	int node = m->node[phase], last_err = 0, try;

	for (unsigned long i = 0; i < nr; i++)
		m->status[i] = -1;
	phase_set(migrate_metrics, st, "pages_requested", nr);
	left = move_remaining(m, nr, node, &last_err);
	/* -EAGAIN / -EBUSY are transient: a bounded number of retries. */
	for (try = 0; left && try < MIGRATE_RETRIES; try++) {
		nanosleep(&pause, NULL);
		left = move_remaining(m, nr, node, &last_err);
	}
	phase_set(migrate_metrics, st, "pages_moved", nr - left);
	phase_set(migrate_metrics, st, "pages_failed", left);
	st->failures = left;
	if (left)
		snprintf(st->detail, sizeof(st->detail), "%lu of %lu KSM pages "
			 "not on node %d after %d retries, last error %s",
			 left, nr, node, MIGRATE_RETRIES, strerror(last_err));
	return 0;
}

/* Contents and frames are the runner's check; the node is ours. */
static void migrate_verify(struct run_ctx *ctx, unsigned int phase,
			   struct phase_stats *st)
{
	const struct scenario *s = ctx->s;
	struct migrate_state *m = ctx->priv;
	unsigned long i, total = layout_total_pages(s);
	int node = m->node[phase];

	if (move_pages(0, total, m->all_addr, NULL, m->all_status, 0) < 0) {
		phase_note_failure(st, 0, strerror(errno));
		return;
	}
	for (i = 0; i < total; i++) {
		if (m->all_status[i] < 0) {
			phase_note_failure(st, i, strerror(-m->all_status[i]));
			continue;
		}
		if (layout_page_is_shared(s, i) && m->all_status[i] != node)
			phase_note_failure(st, i, "KSM page left on the wrong "
					   "node");
	}
}

const struct driver driver_migrate = {
	.name = "migrate",
	.help = "move_pages() every KSM page to another NUMA node and back",
	.phases = migrate_phases,
	.metrics = migrate_metrics,
	.frame_check = 0x3,
	.check = migrate_check,
	.setup = migrate_setup,
	.run_phase = migrate_run_phase,
	.verify = migrate_verify,
	.teardown = migrate_teardown,
};
