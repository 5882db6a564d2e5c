// SPDX-License-Identifier: GPL-2.0
/*
 * On the running kernel: build every layout that models a real program's
 * address space, and check from /proc (not through the code under test)
 * that the shape is there in every process of the layout: the VMAs in
 * /proc/PID/maps, pages shared copy-on-write or not before merging, huge
 * pages where promised, and after merging the KSM sharing of each process
 * from /proc/PID/pagemap, /proc/kpageflags and /proc/PID/ksm_merging_pages.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fork_children.h"
#include "ksm_knobs.h"
#include "ksm_merge.h"
#include "ksm_state.h"
#include "layout.h"
#include "layout_math.h"
#include "options.h"
#include "run_lock.h"
#include "undo.h"

CHECK_DEFINE_STATE;

#define KPF_KSM	21
#define KPF_THP	22

#define CHECKL(name, cond, fmt, ...)					\
	do {								\
		char label_[160];					\
		snprintf(label_, sizeof(label_), "%s: %s", sc->layout, name); \
		CHECK(label_, cond, fmt, ##__VA_ARGS__);		\
	} while (0)

struct maps_view {
	long vmas;		/* VMAs of exactly P pages inside the range */
	long others;		/* any other VMA inside the range */
	long code;		/* of those, mapped r-x */
};

static void maps_read(pid_t pid, const struct layout *l, struct maps_view *m)
{
	uintptr_t lo = (uintptr_t)l->reserve, hi = lo + l->reserve_len;
	size_t len = l->s->pages_per_vma * l->page_size;
	char path[64], line[512], perms[8];
	unsigned long s, e;
	FILE *f;

	memset(m, 0, sizeof(*m));
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	f = fopen(path, "r");
	if (!f) {
		m->vmas = -1;
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx %7s", &s, &e, perms) != 3 ||
		    s < lo || e > hi)
			continue;
		if (e - s == len)
			m->vmas++;
		else
			m->others++;
		if (!strncmp(perms, "r-x", 3))
			m->code++;
	}
	fclose(f);
}

/* Frame and kpageflags of every page of the layout in process pid. */
static int frames_read(pid_t pid, const struct layout *l, uint64_t *frame,
		       uint64_t *flags)
{
	unsigned long i, total = layout_total_pages(l->s);
	char path[64];
	uint64_t ent;
	int pm, kf;

	snprintf(path, sizeof(path), "/proc/%d/pagemap", (int)pid);
	pm = open(path, O_RDONLY);
	kf = open("/proc/kpageflags", O_RDONLY);
	if (pm < 0 || kf < 0)
		return -1;
	for (i = 0; i < total; i++) {
		uintptr_t va = (uintptr_t)layout_page_addr(l, i);

		frame[i] = flags[i] = 0;
		if (pread(pm, &ent, 8, va / l->page_size * 8) != 8 ||
		    !(ent >> 63))
			continue;
		frame[i] = ent & ((1ULL << 55) - 1);
		if (pread(kf, &flags[i], 8, frame[i] * 8) != 8)
			flags[i] = 0;
	}
	close(pm);
	close(kf);
	return 0;
}

struct procs_view {
	int nr;
	pid_t pid[16];
	uint64_t *frame[16], *flags[16];
};

static void view_take(struct procs_view *v, const struct layout *l)
{
	unsigned long total = layout_total_pages(l->s);
	int i;

	v->nr = 1 + (l->procs ? (int)l->procs->nr : 0);
	for (i = 0; i < v->nr; i++) {
		v->pid[i] = i ? l->procs->pids[i - 1] : getpid();
		v->frame[i] = calloc(total, 8);
		v->flags[i] = calloc(total, 8);
		if (frames_read(v->pid[i], l, v->frame[i], v->flags[i]))
			memset(v->frame[i], 0, total * 8);
	}
}

static void view_free(struct procs_view *v)
{
	int i;

	for (i = 0; i < v->nr; i++) {
		free(v->frame[i]);
		free(v->flags[i]);
	}
}

/*
 * Pages whose frame process i shares with process 0, of those not KSM in
 * either (*unmerged): a ksmd someone else runs may merge before we look.
 */
static unsigned long shared_with_parent(const struct procs_view *v, int i,
					unsigned long total,
					unsigned long *unmerged)
{
	unsigned long p, n = 0;

	*unmerged = 0;
	for (p = 0; p < total; p++) {
		if (!v->frame[0][p] || !v->frame[i][p] ||
		    ((v->flags[0][p] | v->flags[i][p]) & (1ULL << KPF_KSM)))
			continue;
		++*unmerged;
		n += v->frame[i][p] == v->frame[0][p];
	}
	return n;
}

static void check_maps(const struct scenario *sc, const struct layout *l,
		       const struct procs_view *v)
{
	struct maps_view m;
	int i;

	for (i = 0; i < v->nr; i++) {
		char what[80];

		maps_read(v->pid[i], l, &m);
		snprintf(what, sizeof(what), "process %d's maps: N VMAs of P "
			 "pages, nothing else in the range", i);
		CHECKL(what, m.vmas == (long)sc->vmas && !m.others,
		       "%ld VMAs of P pages, %ld others", m.vmas, m.others);
		if (strcmp(sc->layout, "jit"))
			continue;
		snprintf(what, sizeof(what), "process %d: every other VMA is "
			 "r-x", i);
		CHECKL(what, m.code == (long)sc->vmas / 2, "%ld r-x", m.code);
	}
}

static void check_before_merge(const struct scenario *sc,
			       const struct layout *l)
{
	unsigned long total = layout_total_pages(sc), p, thp = 0;
	struct procs_view v;
	int i;

	view_take(&v, l);
	CHECKL("processes of the layout", v.nr == 1 +
	       (int)layout_nr_procs(sc), "%d", v.nr);
	check_maps(sc, l, &v);
	for (i = 1; i < v.nr; i++) {
		unsigned long u, n = shared_with_parent(&v, i, total, &u);

		if (!strcmp(sc->layout, "fork_before"))
			CHECKL("forked child shares every unmerged frame before "
			       "merging", n == u && u > 0, "%lu of %lu", n, u);
		else
			CHECKL("unrelated process shares no unmerged frame "
			       "before merging", n == 0, "%lu of %lu", n, u);
	}
	for (p = 0; p < total; p++)
		thp += !!(v.flags[0][p] & (1ULL << KPF_THP));
	if (!strcmp(sc->layout, "thp"))
		CHECKL("pages backed by huge pages before merging", thp > 0,
		       "%lu of %lu", thp, total);
	view_free(&v);
}

static long merging_pages(pid_t pid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/ksm_merging_pages", (int)pid);
	return read_long_file(path);
}

/* Per process: K KSM frames, the same in every process, K*S mappings. */
static void check_after_merge(const struct scenario *sc,
			      const struct layout *l)
{
	unsigned long total = layout_total_pages(sc), p, k;
	unsigned long shared = layout_shared_pages(sc);
	struct procs_view v;
	int i;

	view_take(&v, l);
	for (i = 0; i < v.nr; i++) {
		unsigned long ksm = 0, wrong = 0, thp = 0;
		long merging = merging_pages(v.pid[i]);
		char what[96];

		for (p = 0; p < total; p++) {
			bool is_ksm = v.flags[i][p] & (1ULL << KPF_KSM);

			ksm += is_ksm;
			thp += p < shared && (v.flags[i][p] & (1ULL << KPF_THP));
			k = layout_page_content(sc, p);
			/* Every shared page on its content's frame in 0. */
			if (p < shared && v.frame[i][p] != v.frame[0][k])
				wrong++;
		}
		snprintf(what, sizeof(what), "process %d: K*S pages map KSM "
			 "frames, all on process 0's frame of their content",
			 i);
		CHECKL(what, ksm == shared && !wrong, "%lu KSM-mapped, %lu on "
		       "another frame", ksm, wrong);
		snprintf(what, sizeof(what), "process %d: ksm_merging_pages "
			 "is K*S", i);
		if (merging < 0)
			SKIP(what, "no /proc/PID/ksm_merging_pages");
		else
			CHECKL(what, merging == (long)shared, "%ld", merging);
		if (!strcmp(sc->layout, "thp")) {
			snprintf(what, sizeof(what), "process %d: KSM split "
				 "the huge pages it merged", i);
			CHECKL(what, !thp, "%lu merged pages still THP", thp);
		}
	}
	check_maps(sc, l, &v);
	view_free(&v);
}

static bool gone(pid_t pid)
{
	return kill(pid, 0) && errno == ESRCH;
}

static void check_layout(struct scenario *sc)
{
	struct ksm_expect e;
	struct merge_result r;
	struct layout l;
	char err[320] = "", why[200];
	pid_t procs[16];
	unsigned long np = 0, i;
	int ret;

	if (layout_unsupported(sc, why, sizeof(why))) {
		SKIP(sc->layout, "%s", why);
		return;
	}
	CHECKL("scenario valid", !scenario_validate(sc, err, sizeof(err)),
	       "%s", err);
	layout_expect(sc, &e);
	CHECKL("knobs saved", !ksm_knobs_save(err, sizeof(err)), "%s", err);
	ret = layout_create(&l, sc, 0x5eed ^ (uintptr_t)sc, err, sizeof(err));
	CHECKL("layout built", !ret, "%s", err);
	if (ret) {
		ksm_knobs_restore();
		return;
	}
	for (i = 0; l.procs && i < l.procs->nr && i < 16; i++)
		procs[np++] = l.procs->pids[i];
	check_before_merge(sc, &l);
	CHECKL("its own shape check agrees",
	       !layout_check_shape(&l, err, sizeof(err)), "%s", err);
	ret = ksm_merge_layout(&l, &e, sc->max_page_sharing, 120, stderr, &r,
			       err, sizeof(err));
	CHECKL("merge reaches the expected sharing in every process", !ret,
	       "%s", err);
	check_after_merge(sc, &l);
	layout_destroy(&l);
	for (i = 0; i < np; i++)
		CHECKL("the layout's processes are gone after destroy",
		       gone(procs[i]), "pid %d still there", (int)procs[i]);
	ksm_knobs_restore();
}

static void base(struct scenario *sc, const char *layout)
{
	scenario_defaults(sc);
	snprintf(sc->layout, sizeof(sc->layout), "%s", layout);
	snprintf(sc->name, sizeof(sc->name), "test-%s", layout);
	sc->vmas = 200;
	sc->pages_per_vma = 2;
	sc->ksm_pages = 4;
	sc->sharing = 30;
	sc->max_page_sharing = 256;
}

static void set(struct scenario *sc, const char *key, const char *val)
{
	char err[200];

	if (opt_set(sc, key, val, err, sizeof(err)))
		CHECK("test option accepted", 0, "%s", err);
}

/*
 * The runner with the layouts that make processes: compaction works on one
 * node, and every process of the layout is census-checked before each
 * repetition and reads its pages back after each phase; none may fail.
 */
static void check_runner(const char *bin)
{
	static const char *const layouts[] = { "procs", "fork_before" };
	char cmd[1024], dir[] = "/tmp/ksmbench-shapes-XXXXXX", path[128];
	char line[512], name[96];
	size_t i;
	FILE *f;

	if (!bin || !mkdtemp(dir)) {
		SKIP("runner with the layouts' processes", "no ksmbench binary "
		     "given");
		return;
	}
	for (i = 0; i < 2; i++) {
		int fails = 0, rows = 0;

		snprintf(cmd, sizeof(cmd), "%s run --layout %s --vmas 300 "
			 "--ksm_pages 4 --sharing 30 --forks 1 --drivers compact "
			 "--reps 2 --wait --out %s/%s >/dev/null 2>&1", bin,
			 layouts[i], dir, layouts[i]);
		if (system(cmd) < 0)
			fails++;
		snprintf(path, sizeof(path), "%s/%s/status.csv", dir,
			 layouts[i]);
		f = fopen(path, "r");
		while (f && fgets(line, sizeof(line), f)) {
			if (!strncmp(line, "custom,", 7))
				rows++;
			if (strstr(line, ",fail,"))
				fails++;
		}
		if (f)
			fclose(f);
		snprintf(name, sizeof(name), "%s: the runner's census and "
			 "read-back in every process pass", layouts[i]);
		CHECK(name, rows == 1 && !fails, "%d rows, %d failed (%s)",
		      rows, fails, path);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", dir);
}

int main(int argc, char **argv)
{
	struct ksm_state before, after;
	const char *why = ksm_state_unusable(), *diff;
	struct scenario sc;
	char err[320];

	if (why) {
		SKIP("integration: layouts of real programs", "%s", why);
		return 0;
	}
	/* A ksmbench run elsewhere would fight over the same knobs. */
	if (run_lock_take(RUN_LOCK, true, err, sizeof(err))) {
		CHECK("run lock taken", 0, "%s", err);
		return CHECK_EXIT();
	}
	ksm_knobs_init();
	undo_init(UNDO_JOURNAL, stderr);
	ksm_state_read(&before);
	base(&sc, "fork_before");
	set(&sc, "forks_before", "3");
	check_layout(&sc);
	base(&sc, "procs");
	set(&sc, "procs", "3");
	check_layout(&sc);
	base(&sc, "holes");
	sc.pages_per_vma = 8;
	set(&sc, "hole_percent", "40");
	check_layout(&sc);
	base(&sc, "jit");
	set(&sc, "jit_rounds", "4");
	check_layout(&sc);
	base(&sc, "thp");
	sc.vmas = 4;
	sc.pages_per_vma = 512;
	sc.sharing = 64;
	check_layout(&sc);
	ksm_state_read(&after);
	diff = ksm_state_diff(&before, &after);
	CHECK("knobs restored after every layout", !diff, "%s differs", diff);
	/* The runner takes the lock itself. */
	run_lock_release();
	check_runner(argc > 1 ? argv[1] : NULL);
	return CHECK_EXIT();
}
