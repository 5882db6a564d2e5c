// SPDX-License-Identifier: GPL-2.0
/*
 * The report's kprobe and lock-victim section and its cross-check of
 * walks.csv with kprobe_walks.csv: the pairing on synthetic walk lists
 * (agreeing, a missing walk, a short duration, an iteration mismatch,
 * interleaved threads, nesting), then synthetic run directories through
 * run_load() and the text and mail reports.
 */
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "check.h"
#include "run_files.h"
#include "report_mail.h"
#include "report_text.h"
#include "results_read.h"
#include "walk_xcheck.h"

#define SAMPLES_HDR	"scenario,driver,phase,rep,metric,unit,value\n"
#define STATUS_HDR	"scenario,driver,status,reason\n"
#define WALKS_OLD_HDR	"scenario,driver,phase,rep,walk,items,iterations," \
			"skip_addr,skip_mm,rmap_one,lock_ns,lock_max_ns"
#define WALKS_HDR	WALKS_OLD_HDR ",tid,time_ns\n"
#define KWALKS_HDR	"scenario,driver,phase,rep,walk,tid,cpu_entry," \
			"cpu_return,depth,start_ns,duration_ns," \
			"tree_searches,iterations\n"
#define NO_PMU		"no kprobe PMU (/sys/bus/event_source/devices/" \
			"kprobe/type: No such file or directory): kernel " \
			"without CONFIG_KPROBE_EVENTS"

CHECK_DEFINE_STATE;

static char tmpdir[] = "/tmp/ksmbench-unit-probe-report.XXXXXX";

/* ---- the pairing itself */

static struct xc_result compare(struct xc_tp *tp, size_t ntp,
				struct xc_kp *kp, size_t nkp)
{
	struct xc_result r;

	memset(&r, 0, sizeof(r));
	xc_compare(tp, ntp, kp, nkp, XC_GRANULARITY_NS, &r);
	return r;
}

/* Three walks of thread 10, 100 us apart; the tracepoint fires at 90 us. */
static void three_walks(struct xc_tp *tp, struct xc_kp *kp)
{
	int i;

	for (i = 0; i < 3; i++) {
		kp[i] = (struct xc_kp){ .tid = 10, .start_ns = 100000 * i,
					.duration_ns = 95000, .iterations = 5,
					.counted = true };
		tp[i] = (struct xc_tp){ .tid = 10, .time_ns = 100000 * i +
					90000, .lock_ns = 80000,
					.iterations = 5 };
	}
}

static void test_pairing(void)
{
	struct xc_tp tp[4];
	struct xc_kp kp[4];
	struct xc_result r;

	three_walks(tp, kp);
	r = compare(tp, 3, kp, 3);
	CHECK("xcheck: agreeing walks all pair, nothing flagged",
	      r.paired == 3 && !r.tp_only && !r.kp_only && !r.shorter &&
	      r.iter_compared == 3 && !r.iter_differ,
	      "paired %zu tp_only %zu kp_only %zu shorter %zu iter %zu/%zu",
	      r.paired, r.tp_only, r.kp_only, r.shorter, r.iter_differ,
	      r.iter_compared);

	/* The tracepoint lost the middle walk: the last must still pair. */
	three_walks(tp, kp);
	kp[2].iterations = tp[2].iterations = 9;
	tp[1] = tp[2];
	r = compare(tp, 2, kp, 3);
	CHECK("xcheck: a missing walk is one kprobe-only walk, no shift",
	      r.paired == 2 && r.kp_only == 1 && !r.tp_only &&
	      !r.iter_differ && r.tp_walks == 2 && r.kp_walks == 3,
	      "paired %zu kp_only %zu tp_only %zu iter_differ %zu",
	      r.paired, r.kp_only, r.tp_only, r.iter_differ);
	r = compare(tp, 2, kp, 0);
	CHECK("xcheck: no kprobe walks at all: all tracepoint-only",
	      r.tp_only == 2 && !r.paired, "tp_only %zu", r.tp_only);

	three_walks(tp, kp);
	tp[1].lock_ns = kp[1].duration_ns + XC_GRANULARITY_NS + 1;
	tp[2].lock_ns = kp[2].duration_ns + XC_GRANULARITY_NS;
	r = compare(tp, 3, kp, 3);
	CHECK("xcheck: a duration below the lock hold beyond the "
	      "granularity is counted, within it is not",
	      r.paired == 3 && r.shorter == 1, "shorter %zu", r.shorter);

	three_walks(tp, kp);
	kp[0].iterations = 6;
	r = compare(tp, 3, kp, 3);
	CHECK("xcheck: an iteration mismatch is counted",
	      r.iter_compared == 3 && r.iter_differ == 1 && !r.iter_one_less,
	      "%zu of %zu", r.iter_differ, r.iter_compared);

	three_walks(tp, kp);
	kp[1].iterations = tp[1].iterations - 1;
	r = compare(tp, 3, kp, 3);
	CHECK("xcheck: one kprobe iteration less differs, and is told apart",
	      r.iter_differ == 1 && r.iter_one_less == 1,
	      "differ %zu one_less %zu", r.iter_differ, r.iter_one_less);

	three_walks(tp, kp);
	kp[0].counted = kp[1].counted = kp[2].counted = false;
	kp[0].iterations = 77;
	r = compare(tp, 3, kp, 3);
	CHECK("xcheck: kprobe walks without iterations are not compared",
	      r.paired == 3 && !r.iter_compared && !r.iter_differ,
	      "compared %zu", r.iter_compared);

	/* Two threads at the same times, told apart by tid only. */
	three_walks(tp, kp);
	kp[3] = kp[0];
	tp[3] = tp[0];
	kp[3].tid = tp[3].tid = 11;
	kp[3].iterations = tp[3].iterations = 42;
	r = compare(tp, 4, kp, 4);
	CHECK("xcheck: walks of two threads pair within each thread",
	      r.paired == 4 && !r.iter_differ && !r.tp_only && !r.kp_only,
	      "paired %zu iter_differ %zu", r.paired, r.iter_differ);

	/* An inner call returns, and fires, before its outer call. */
	kp[0] = (struct xc_kp){ .tid = 5, .start_ns = 1000, .duration_ns =
				400000, .iterations = 2, .counted = true };
	kp[1] = (struct xc_kp){ .tid = 5, .start_ns = 50000, .duration_ns =
				100000, .iterations = 1, .counted = true };
	tp[0] = (struct xc_tp){ .tid = 5, .time_ns = 400000, .lock_ns = 1000,
				.iterations = 2 };
	tp[1] = (struct xc_tp){ .tid = 5, .time_ns = 140000, .lock_ns = 1000,
				.iterations = 1 };
	r = compare(tp, 2, kp, 2);
	CHECK("xcheck: nested calls pair inner with inner",
	      r.paired == 2 && !r.iter_differ, "paired %zu iter_differ %zu",
	      r.paired, r.iter_differ);
}

/* ---- run directories */

struct files {
	const char *samples, *status, *meta, *walks, *kwalks;
};

static const char *make_run(const char *name, const struct files *fl)
{
	static char dir[512];

	snprintf(dir, sizeof(dir), "%s/%s", tmpdir, name);
	if (mkdir(dir, 0755)) {
		perror(dir);
		exit(2);
	}
	write_in(dir, "samples.csv", fl->samples);
	write_in(dir, "status.csv", fl->status);
	if (fl->meta)
		write_in(dir, "metadata.json", fl->meta);
	if (fl->walks)
		write_in(dir, "walks.csv", fl->walks);
	if (fl->kwalks)
		write_in(dir, "kprobe_walks.csv", fl->kwalks);
	return dir;
}

static char *render(int (*fn)(FILE *, const struct run *, size_t),
		    const struct run *runs, size_t nruns)
{
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	if (fn(f, runs, nruns)) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	return buf;
}

/* Loads @name and renders it with @fn; NULL (checked) when it cannot. */
static char *report_of(const char *name, const struct files *fl,
		       int (*fn)(FILE *, const struct run *, size_t))
{
	struct run run;
	char err[1024], *text;

	if (run_load(make_run(name, fl), &run, err, sizeof(err))) {
		CHECK(name, false, "does not load: %s", err);
		return NULL;
	}
	text = render(fn, &run, 1);
	run_free(&run);
	return text;
}

static bool lines_within(const char *text, size_t cols)
{
	const char *p = text, *nl;

	for (; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		if ((size_t)(nl - p) > cols)
			return false;
		if (!*nl)
			break;
	}
	return true;
}

static const char xc_samples[] = SAMPLES_HDR
	"s1,migrate,out,1,wall_time,ns,1000000\n"
	"s1,migrate,out,2,wall_time,ns,1100000\n";
static const char xc_status[] = STATUS_HDR "s1,migrate,ok,\n";

/* Two walks per repetition, thread 7; the tracepoint at 90% of each. */
static const char xc_walks[] = WALKS_HDR
	"s1,migrate,out,1,1,2,5,0,0,5,8000,8000,7,1009000\n"
	"s1,migrate,out,1,2,2,5,0,0,5,8000,8000,7,2009000\n"
	"s1,migrate,out,2,1,2,5,0,0,5,8000,8000,7,5009000\n"
	"s1,migrate,out,2,2,2,5,0,0,5,8000,8000,7,6009000\n";
static const char xc_kwalks[] = KWALKS_HDR
	"s1,migrate,out,1,1,7,0,0,0,1000000,10000,2,5\n"
	"s1,migrate,out,1,2,7,0,1,0,2000000,10000,2,5\n"
	"s1,migrate,out,2,1,7,1,1,0,5000000,10000,2,5\n"
	"s1,migrate,out,2,2,7,1,1,0,6000000,10000,2,5\n";

/*
 * Rep 1 lost its first tracepoint walk; rep 2's first kprobe walk is
 * shorter than the hold (3 us < 8 us - 1 us), its second counted 6
 * iterations where the tracepoint saw 5.
 */
static const char xc_walks_bad[] = WALKS_HDR
	"s1,migrate,out,1,1,2,5,0,0,5,8000,8000,7,2009000\n"
	"s1,migrate,out,2,1,2,5,0,0,5,8000,8000,7,5002000\n"
	"s1,migrate,out,2,2,2,5,0,0,5,8000,8000,7,6009000\n";
static const char xc_kwalks_bad[] = KWALKS_HDR
	"s1,migrate,out,1,1,7,0,0,0,1000000,10000,2,5\n"
	"s1,migrate,out,1,2,7,0,1,0,2000000,10000,2,5\n"
	"s1,migrate,out,2,1,7,1,1,0,5000000,3000,2,5\n"
	"s1,migrate,out,2,2,7,1,1,0,6000000,10000,2,6\n";

/* 100 and 300 walks in 2 s: 50 and 150 a second, median 100. */
static const char rate_samples[] = SAMPLES_HDR
	"s1,damon,monitor,1,wall_time,ns,2000000000\n"
	"s1,damon,monitor,1,kprobe_walks,count,100\n"
	"s1,damon,monitor,2,wall_time,ns,2000000000\n"
	"s1,damon,monitor,2,kprobe_walks,count,300\n";

static void test_walk_rate(void)
{
	struct files fl = { rate_samples, STATUS_HDR "s1,damon,ok,\n", NULL,
			    NULL, NULL };
	char *text = report_of("walk-rate", &fl, report_text);

	CHECK("probes: walks a second per repetition, median over them",
	      text && strstr(text, "kprobe_walks_per_s [per_s]") &&
	      strstr(text, "100.000") && strstr(text, "50.000") &&
	      strstr(text, "150.000"), "%s", text ? text : "");
	free(text);
}

static void test_xcheck_runs(void)
{
	struct files fl = { xc_samples, xc_status, NULL, xc_walks, xc_kwalks };
	char *text;

	text = report_of("xc-agree", &fl, report_text);
	CHECK("report: agreeing files give an all-clear xcheck line",
	      text && strstr(text, "\nxcheck,A,s1,migrate,out,4,4,4,0,0,0,4,0,"
			     "0,1000\n"), "%s", text ? text : "");
	free(text);

	fl.walks = xc_walks_bad;
	fl.kwalks = xc_kwalks_bad;
	text = report_of("xc-disagree", &fl, report_text);
	CHECK("report: a missing walk, a short duration and an iteration "
	      "mismatch are each counted",
	      text && strstr(text, "\nxcheck,A,s1,migrate,out,3,4,3,0,1,1,3,1,"
			     "0,1000\n") &&
	      strstr(text, "    A out            3       4       0       1"
			   "       1      1 of 3\n"), "%s", text ? text : "");
	free(text);

	text = report_of("xc-disagree-mail", &fl, report_mail);
	CHECK("mail: the cross-check table, no xcheck lines, 72 columns",
	      text && strstr(text, "against kprobe_walks.csv") &&
	      !strstr(text, "xcheck,") && lines_within(text, MAIL_COLUMNS),
	      "%s", text ? text : "");
	free(text);

	fl.walks = WALKS_OLD_HDR "\ns1,migrate,out,1,1,2,5,0,0,5,8000,8000\n";
	fl.kwalks = xc_kwalks;
	text = report_of("xc-old-walks", &fl, report_text);
	CHECK("report: walks.csv without tid/time_ns: counts only, unpaired",
	      text && strstr(text, "walks.csv has no tid and time_ns") &&
	      strstr(text, "    A out            1       4       -") &&
	      !strstr(text, "\nxcheck,"), "%s", text ? text : "");
	free(text);

	fl.walks = NULL;
	text = report_of("xc-no-walks", &fl, report_text);
	CHECK("report: kprobe_walks.csv alone: no cross-check section",
	      text && !strstr(text, "against kprobe_walks.csv"), "%s",
	      text ? text : "");
	free(text);
}

/* ---- the kprobe and victim section */

static const char probe_meta[] = "{\"kernel\": {\"release\": \"7.2.13\"}, "
	"\"perf\": {\"unsupported\": {"
	"\"kprobe_walks\": \"" NO_PMU "\", "
	"\"kprobe_walk_p50_ns\": \"" NO_PMU "\"}}, "
	"\"scenarios\": [{\"name\": \"s1\", \"params\": {\"kprobe\": "
	"\"walk\"}}], \"metrics\": ["
	"{\"name\": \"wall_time\", \"unit\": \"ns\", \"better\": \"lower\", "
	"\"help\": \"h\"},"
	"{\"name\": \"kprobe_walks\", \"unit\": \"count\", "
	"\"better\": \"none\", \"help\": \"calls paired\"},"
	"{\"name\": \"kprobe_walk_p50_ns\", \"unit\": \"ns\", "
	"\"better\": \"lower\", \"help\": \"median duration\"},"
	"{\"name\": \"victim_calls_per_s\", \"unit\": \"per_s\", "
	"\"better\": \"higher\", \"help\": \"calls a second\"},"
	"{\"name\": \"victim_p50_ns\", \"unit\": \"ns\", "
	"\"better\": \"lower\", \"help\": \"median victim call\"},"
	"{\"name\": \"walked_nothing\", \"unit\": \"bool\", "
	"\"better\": \"none\", \"help\": \"h\"}]}";

static const char probe_samples[] = SAMPLES_HDR
	"s1,migrate,out,1,wall_time,ns,1000000\n"
	"s1,migrate,out,1,kprobe_walks,count,NA\n"
	"s1,migrate,out,1,kprobe_walk_p50_ns,ns,NA\n"
	"s1,migrate,out,1,victim_calls_per_s,per_s,900\n"
	"s1,migrate,out,1,victim_p50_ns,ns,30000\n"
	"s1,migrate,out,2,wall_time,ns,1000000\n"
	"s1,migrate,out,2,kprobe_walks,count,NA\n"
	"s1,migrate,out,2,kprobe_walk_p50_ns,ns,NA\n"
	"s1,migrate,out,2,victim_calls_per_s,per_s,1100\n"
	"s1,migrate,out,2,victim_p50_ns,ns,50000\n"
	"s1,idle,idle,1,wall_time,ns,2000000\n"
	"s1,idle,idle,1,victim_calls_per_s,per_s,20000\n"
	"s1,idle,idle,1,victim_p50_ns,ns,10000\n"
	"s1,idle,idle,1,walked_nothing,bool,1\n";

static void test_probe_section(void)
{
	struct files fl = { probe_samples, STATUS_HDR "s1,migrate,ok,\n"
			    "s1,idle,ok,\n", probe_meta, NULL, NULL };
	char *text;

	text = report_of("probe-na", &fl, report_text);
	CHECK("probes: NA kprobe figures listed with the recorded reason",
	      text && strstr(text, "A: unavailable: kprobe_walks, "
			     "kprobe_walks_per_s, kprobe_walk_p50_ns:\n"
			     "      no kprobe PMU") &&
	      !strstr(text, "  kprobe_walks [count]"), "%s",
	      text ? text : "");
	CHECK("probes: victim rows with declared units and directions, "
	      "median over repetitions, then the idle baseline",
	      text && strstr(text, "  victim_calls_per_s [per_s], higher is "
			     "better: calls a second\n"
			     "    A out                    1000        900"
			     "       1100  14.14%    2\n"
			     "    A idle (baseline)       20000      20000"
			     "      20000       -    1\n") &&
	      strstr(text, "  victim_p50_ns [us], lower is better"),
	      "%s", text ? text : "");
	free(text);

	fl.status = STATUS_HDR "s1,migrate,ok,\n"
		    "s1,idle,skip,no repetition made the kernel walk\n";
	text = report_of("probe-idle-skip", &fl, report_mail);
	CHECK("probes: an idle baseline marked skip that walked nothing is "
	      "used and says so, within 72 columns",
	      text && strstr(text, "baseline idle has status skip") &&
	      strstr(text, "A idle (baseline)") &&
	      lines_within(text, MAIL_COLUMNS), "%s", text ? text : "");
	free(text);

	fl.status = STATUS_HDR "s1,migrate,ok,\ns1,idle,fail,broke\n";
	text = report_of("probe-idle-fail", &fl, report_text);
	CHECK("probes: a failed idle run is no baseline",
	      text && strstr(text, "A: no baseline: idle driver has status "
			     "fail") && !strstr(text, "(baseline)   "),
	      "%s", text ? text : "");
	free(text);

	fl.samples = xc_samples;
	fl.status = xc_status;
	text = report_of("probe-none", &fl, report_text);
	CHECK("probes: a run without kprobe or victim rows has no section",
	      text && !strstr(text, "kprobes on") &&
	      !strstr(text, "lock victim") && !strstr(text, "kprobe and "
							 "victim rows"),
	      "%s", text ? text : "");
	free(text);
}

static int remove_entry(const char *path, const struct stat *sb, int flag,
			struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 2;
	}
	test_pairing();
	test_xcheck_runs();
	test_walk_rate();
	test_probe_section();
	nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	return CHECK_EXIT();
}
