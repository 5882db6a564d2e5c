// SPDX-License-Identifier: GPL-2.0
/*
 * compact: make memory compaction migrate the layout's KSM pages.  Each KSM
 * folio compaction moves walks its rmap twice (try_to_migrate(), then
 * remove_migration_ptes()), in the context of the thread that asked for
 * compaction or of kcompactd.  Compaction moves what its migration scanner
 * meets below the point where it meets the free scanner, so whether our
 * pages move depends on where they sit: every KSM page's frame is read
 * before and after, and a phase that moved none walked nothing; its time is
 * recorded as such, never as a fast result.
 */
#include <errno.h>
#include <fcntl.h>
#include <numa.h>
#include <numaif.h>
#include <sched.h>
#include <sys/mman.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "driver.h"
#include "kthreads.h"
#include "layout_math.h"
#include "page_frames.h"
#include "vmstat.h"

#define COMPACT_ALL	"/proc/sys/vm/compact_memory"

static const char *const compact_phases[] = { "compact", NULL };

static const struct metric_desc compact_metrics[] = {
	{ "ksm_pages", "count", BETTER_NONE,
	  "KSM pages of the layout before the phase" },
	{ "ksm_pages_moved", "count", BETTER_NONE,
	  "KSM pages whose frame changed during the phase" },
	{ "compact_migrate_scanned", "count", BETTER_NONE,
	  "pages compaction's migration scanner looked at (system-wide)" },
	{ "compact_isolated", "count", BETTER_NONE,
	  "pages compaction isolated (system-wide)" },
	{ "pgmigrate_success", "count", BETTER_NONE,
	  "pages migrated anywhere in the system during the phase" },
	{ "pgmigrate_fail", "count", BETTER_LOWER,
	  "pages the system failed to migrate during the phase: with KSM "
	  "pages left where they were, a walk that missed mappings" },
	{ NULL },
};

static const struct opt_desc compact_options[] = {
	UNIT_OPT_ULONG("compact_ballast_pct", 0, 90, "60",
		       "percent of the node's free memory filled before the "
		       "layout is built and freed after merging, so that the "
		       "layout lands low in the zone, where compaction's "
		       "migration scanner starts (0: off)"),
	UNIT_OPT_ULONG("compact_ballast_max_mb", 0, 1UL << 20, "1024",
		       "upper bound of that ballast in MiB"),
	UNIT_OPT_NAME("compact_scope", NULL, "node",
		      "node: compact the node holding the KSM pages; all: "
		      "write /proc/sys/vm/compact_memory"),
	{ NULL },
};

struct compact_state {
	struct frame_watch frames;
	int node;
	char path[96];
	void *ballast;
	size_t ballast_len;
	uint64_t migrate_fail;		/* the last phase's pgmigrate_fail */
};

static const char *const vm_counters[] = {
	"compact_migrate_scanned", "compact_isolated", "pgmigrate_success",
	"pgmigrate_fail",
};
#define NR_VM (sizeof(vm_counters) / sizeof(vm_counters[0]))

static int compact_check(const struct scenario *s, char *reason, size_t len)
{
	const char *scope = opt_text(s, "compact_scope");

	if (strcmp(scope, "node") && strcmp(scope, "all")) {
		snprintf(reason, len, "compact_scope must be node or all, not "
			 "'%s'", scope);
		return -1;
	}
	if (access(COMPACT_ALL, W_OK)) {
		snprintf(reason, len, "cannot write " COMPACT_ALL ": %s "
			 "(kernel without CONFIG_COMPACTION, or not root)",
			 strerror(errno));
		return -1;
	}
	return 0;
}

static int node_of(void *addr)
{
	int status = -1;

	if (move_pages(0, 1, &addr, NULL, &status, 0) < 0)
		return -1;
	return status;
}

static unsigned long long node_free_bytes(int node)
{
	unsigned long long kib = 0;
	char path[96], line[160];
	FILE *f;

	snprintf(path, sizeof(path), "/sys/devices/system/node/node%d/meminfo",
		 node);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "Node %*d MemFree: %llu kB", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib << 10;
}

/*
 * The page allocator hands a mostly free node out from the top, where the
 * free scanner starts and the migration scanner never arrives.  Filling
 * the top first puts the layout lower; freeing the ballast after merging
 * leaves the top free as the migration target.
 */
static int compact_prepare_layout(struct run_ctx *ctx, char *err,
				  size_t errlen)
{
	unsigned long pct = opt_ulong(ctx->s, "compact_ballast_pct");
	struct compact_state *c = calloc(1, sizeof(*c));
	int cpu = sched_getcpu();

	ctx->priv = c;
	if (!c) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	c->node = cpu >= 0 && numa_available() >= 0 ?
		  numa_node_of_cpu(cpu) : 0;
	if (!pct)
		return 0;
	/* Stay on the node whose zone we shape, until teardown. */
	numa_run_on_node(c->node);
	c->ballast_len = node_free_bytes(c->node) / 100 * pct;
	if (c->ballast_len >> 20 > opt_ulong(ctx->s, "compact_ballast_max_mb"))
		c->ballast_len = opt_ulong(ctx->s, "compact_ballast_max_mb")
				 << 20;
	c->ballast_len &= ~(size_t)(ctx->s->pages_per_vma * 4096 - 1);
	if (!c->ballast_len)
		return 0;
	c->ballast = mmap(NULL, c->ballast_len, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (c->ballast != MAP_FAILED)
		return 0;
	c->ballast = NULL;
	snprintf(err, errlen, "ballast of %zu MiB: %s", c->ballast_len >> 20,
		 strerror(errno));
	return -1;
}

static int compact_setup(struct run_ctx *ctx, char *err, size_t errlen)
{
	const struct scenario *s = ctx->s;
	struct compact_state *c = ctx->priv;

	if (c->ballast) {
		munmap(c->ballast, c->ballast_len);
		c->ballast = NULL;
		fprintf(ctx->log, "%s compact: freed %zu MiB of ballast\n",
			s->name, c->ballast_len >> 20);
	}
	if (frame_watch_init(&c->frames, s->ksm_pages))
		goto nomem;
	c->node = node_of(layout_page_addr(ctx->layout,
				layout_ksm_representative(s, 0)));
	snprintf(c->path, sizeof(c->path), "/sys/devices/system/node/node%d/"
		 "compact", c->node);
	if (!strcmp(opt_text(s, "compact_scope"), "all") || c->node < 0 ||
	    access(c->path, W_OK))
		snprintf(c->path, sizeof(c->path), COMPACT_ALL);
	fprintf(ctx->log, "%s compact: compacting through %s\n", s->name,
		c->path);
	return 0;
nomem:
	snprintf(err, errlen, "out of memory for %lu frames", s->ksm_pages);
	return -1;
}

static int write_one(const char *path)
{
	int fd = open(path, O_WRONLY), ret = -1;

	if (fd < 0)
		return -1;
	if (write(fd, "1", 1) == 1)
		ret = 0;
	close(fd);
	return ret;
}

static int compact_prepare(struct run_ctx *ctx, unsigned int phase,
			   char *err, size_t errlen)
{
	struct compact_state *c = ctx->priv;

	(void)phase;
	return frame_watch_mark(&c->frames, ctx->layout, err, errlen);
}

static int compact_run(struct run_ctx *ctx, unsigned int phase,
		       struct phase_stats *st)
{
	struct compact_state *c = ctx->priv;
	uint64_t v0[NR_VM] = { 0 }, v1;
	size_t i;

	(void)phase;
	for (i = 0; i < NR_VM; i++)
		vmstat_read(vm_counters[i], &v0[i]);
	if (write_one(c->path)) {
		st->failures++;
		snprintf(st->detail, sizeof(st->detail), "writing %s: %s",
			 c->path, strerror(errno));
	}
	c->migrate_fail = 0;
	for (i = 0; i < NR_VM; i++) {
		if (!vmstat_read(vm_counters[i], &v1))
			continue;
		phase_set(compact_metrics, st, vm_counters[i], v1 - v0[i]);
		if (!strcmp(vm_counters[i], "pgmigrate_fail"))
			c->migrate_fail = v1 - v0[i];
	}
	return 0;
}

static void compact_verify(struct run_ctx *ctx, unsigned int phase,
			   struct phase_stats *st)
{
	struct compact_state *c = ctx->priv;
	unsigned long n = ctx->s->ksm_pages;

	(void)phase;
	phase_set(compact_metrics, st, "ksm_pages", n);
	if (phase_frames_moved(&c->frames, ctx, compact_metrics, st))
		return;
	/* It tried and failed: a walk happened, and is the finding. */
	if (c->migrate_fail) {
		st->walked_nothing = false;
		return;
	}
	snprintf(st->nothing, sizeof(st->nothing), "compaction through %.60s "
		 "moved none of the %lu KSM pages (page 0 at pfn %#llx)",
		 c->path, n, (unsigned long long)c->frames.before[0]);
}

static void compact_teardown(struct run_ctx *ctx)
{
	struct compact_state *c = ctx->priv;

	if (!c)
		return;
	if (c->ballast)
		munmap(c->ballast, c->ballast_len);
	numa_run_on_node(-1);
	frame_watch_free(&c->frames);
	free(c);
	ctx->priv = NULL;
}

static int compact_kthreads(struct run_ctx *ctx, pid_t *tids, int max)
{
	(void)ctx;
	return kthreads_find("kcompactd", tids, max);
}

const struct driver driver_compact = {
	.name = "compact",
	.help = "compact memory (per node or whole system) and count the KSM "
		"pages it moved",
	.phases = compact_phases,
	.options = compact_options,
	.metrics = compact_metrics,
	.frame_check = 0x1,
	/* Compaction leaves what it moved where it will not move it again. */
	.flags = DRV_FRESH_LAYOUT,
	.check = compact_check,
	.prepare_layout = compact_prepare_layout,
	.setup = compact_setup,
	.prepare_phase = compact_prepare,
	.run_phase = compact_run,
	.verify = compact_verify,
	.teardown = compact_teardown,
	.kthreads = compact_kthreads,
};
