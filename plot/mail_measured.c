// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "kernel_label.h"
#include "mail_measured.h"
#include "mail_wrap.h"
#include "report_mail.h"
#include "schema.h"
#include "stats.h"

/* The part of the mail these functions need. */
struct mail {
	FILE *f;
	const struct run *runs;
	size_t nruns;
};

static const char *meta_str(json_t *root, const char *obj, const char *key)
{
	json_t *o = obj ? json_object_get(root, obj) : root;

	return json_string_value(json_object_get(o, key));
}

/* Value of "-opt VALUE" in a QEMU command line, or NULL. */
static char *qemu_opt(const char *cmd, const char *opt)
{
	char pat[32];
	const char *p;

	snprintf(pat, sizeof(pat), " %s ", opt);
	p = strstr(cmd, pat);
	if (!p)
		return NULL;
	p += strlen(pat);
	return strndup(p, strcspn(p, " "));
}

/* The accelerator decides what timings mean: TCG is an emulator. */
static char *machine_text(const struct run *run)
{
	const char *cmd = meta_str(run->meta, "vm", "qemu_cmdline");
	json_t *mach = json_object_get(run->meta, "machine");
	json_int_t cpus = json_integer_value(json_object_get(mach, "cpus"));
	json_int_t kib = json_integer_value(json_object_get(mach,
							    "mem_total_kib"));
	size_t nodes = json_array_size(json_object_get(mach, "numa_nodes"));
	const char *cpu = meta_str(mach, NULL, "cpu_model") ?: "unknown";
	char *accel = cmd ? qemu_opt(cmd, "-accel") : NULL;
	char where[64];

	if (!run->meta)
		return NULL;
	if (!cmd)
		snprintf(where, sizeof(where), "bare metal");
	else
		snprintf(where, sizeof(where), "QEMU %s",
			 !accel ? "(accelerator not named)" :
			 !strncmp(accel, "tcg", 3) ? "TCG (emulated, no KVM)" :
			 !strncmp(accel, "kvm", 3) ? "KVM" : accel);
	char *text;

	if (asprintf(&text, "%s, %lld CPUs (%s), %lld MiB, %zu NUMA node%s",
		     where, (long long)cpus, cpu, (long long)kib / 1024, nodes,
		     nodes == 1 ? "" : "s") < 0)
		text = NULL;
	free(accel);
	return text;
}

/* Kernels that ran on the same machine share one line. */
static void machine_lines(FILE *f, const struct mail *m)
{
	char *text[KERNELS_MAX], who[2 * KERNELS_MAX + 1];
	bool done[KERNELS_MAX] = { false };
	size_t k, j, n;

	for (k = 0; k < m->nruns; k++)
		text[k] = machine_text(&m->runs[k]);
	for (k = 0; k < m->nruns; k++) {
		if (done[k] || !text[k])
			continue;
		for (j = k, n = 0; j < m->nruns; j++) {
			if (done[j] || !text[j] || strcmp(text[j], text[k]))
				continue;
			n += snprintf(who + n, sizeof(who) - n, "%s%c",
				      n ? "," : "", kernel_letter(j));
			done[j] = true;
		}
		mail_wrap(f, 6, "  %s: %s", who, text[k]);
	}
	for (k = 0; k < m->nruns; k++)
		free(text[k]);
}

static void tool_lines(FILE *f, const struct mail *m)
{
	const char *first = NULL;
	size_t k;

	for (k = 0; k < m->nruns; k++) {
		const char *v = meta_str(m->runs[k].meta, "ksmbench", "version");
		const char *c = meta_str(m->runs[k].meta, "ksmbench",
					 "git_commit");
		char commit[64];
		size_t len;

		if (!c)
			c = "unknown";
		len = strlen(c);
		if (len > 6 && !strcmp(c + len - 6, "-dirty"))
			snprintf(commit, sizeof(commit), "commit %.*s plus "
				 "uncommitted changes (dirty tree)",
				 (int)(len - 6), c);
		else
			snprintf(commit, sizeof(commit), "commit %s", c);
		if (first && !strcmp(first, c))
			continue;
		mail_wrap(f, 6, "  %s ksmbench %s, %s", k ? "and" : "by",
		     v ?: "?", commit);
		first = c;
	}
}

static void ksm_line(FILE *f, const struct run *run, const char *scenario)
{
	static const char *const knobs[] = {
		"max_page_sharing", "pages_to_scan", "sleep_millisecs",
		"merge_across_nodes", "use_zero_pages", "run",
	};
	json_t *during = json_object_get(run_scenario_meta(run, scenario),
					 "ksm_during");
	char buf[256];
	size_t i, len = 0;

	for (i = 0; i < sizeof(knobs) / sizeof(*knobs); i++) {
		const char *v = meta_str(during, NULL, knobs[i]);

		if (v)
			len += snprintf(buf + len, sizeof(buf) - len, "%s%s=%s",
					len ? " " : "", knobs[i], v);
	}
	if (len)
		mail_wrap(f, 6, "      KSM while driving: %s", buf);
}

static void scenario_lines(FILE *f, const struct run *run)
{
	json_t *sc, *v, *obs;
	const char *key;
	size_t i;

	json_array_foreach(json_object_get(run->meta, "scenarios"), i, sc) {
		char buf[512];
		size_t len = 0;

		json_object_foreach(json_object_get(sc, "params"), key, v) {
			if (!json_is_integer(v) && strcmp(key, "layout"))
				continue;
			if (json_is_integer(v))
				len += snprintf(buf + len, sizeof(buf) - len,
						" %s=%lld", key,
						(long long)json_integer_value(v));
			else
				len += snprintf(buf + len, sizeof(buf) - len,
						" %s=%s", key,
						json_string_value(v) ?: "?");
			if (len >= sizeof(buf))
				break;
		}
		mail_wrap(f, 6, "  %s:%s", meta_str(sc, NULL, "name") ?: "?", buf);
		obs = json_object_get(sc, "observed");
		mail_wrap(f, 6, "      census before driving (same on all kernels):"
		     " %lld KSM pages, %lld sharing, %lld on a wrong page",
		     (long long)json_integer_value(json_object_get(obs,
							"pages_shared")),
		     (long long)json_integer_value(json_object_get(obs,
							"pages_sharing")),
		     (long long)json_integer_value(json_object_get(obs,
						"pages_on_wrong_frame")));
		ksm_line(f, run, meta_str(sc, NULL, "name") ?: "");
	}
}

static void how_measured(struct mail *m)
{
	size_t k;

	fputs("\nHow it was measured\n", m->f);
	for (k = 0; k < m->nruns; k++) {
		const char *rel = m->runs[k].release;

		mail_wrap(m->f, 6, "  %c: kernel %s", kernel_letter(k), rel);
	}
	machine_lines(m->f, m);
	tool_lines(m->f, m);
	scenario_lines(m->f, &m->runs[0]);
	mail_wrap(m->f, 2, "Statistics: per repetition the %s of each phase, "
	     "and its sum over phases (total). Min, Median, Amean, Stddev, "
	     "CoV (stddev/mean), Max over repetitions; (%%) is the change "
	     "against A. Ratios are A over the kernel with a 95%% percentile "
	     "bootstrap interval (%d resamples of whole repetitions, fixed "
	     "seed); * marks an interval without 1, in the table on the "
	     "row of that statistic. p is Welch's two-sided t-test on the "
	     "repetitions. Per walk: p99 is nearest-rank. ! flags n < %d "
	     "and CoV > %.0f%%.", SCHEMA_TIME_METRIC, BOOT_ITERS, MAIL_N_FLAG,
	     MAIL_COV_FLAG * 100.0);
}

/* A built variant ("7.3-full") needs `make kernels` first. */
static bool is_variant(const char *name, char *base, size_t len)
{
	unsigned int maj, min;
	int end = 0;

	if (sscanf(name, "%u.%u-%*[A-Za-z0-9_]%n", &maj, &min, &end) != 2 ||
	    name[end])
		return false;
	snprintf(base, len, "%u.%u", maj, min);
	return true;
}

static void reproduce(struct mail *m)
{
	char kernels[512] = "", variants[256] = "", scen[256] = "";
	char base[16] = "";
	json_t *sc, *reps = NULL;
	size_t k, i, kl = 0, vl = 0, sl = 0;

	for (k = 0; k < m->nruns; k++) {
		const char *name = m->runs[k].parent ?: m->runs[k].release;

		kl += snprintf(kernels + kl, sizeof(kernels) - kl, "%s%s",
			       k ? " " : "", name);
		if (is_variant(name, base, sizeof(base)))
			vl += snprintf(variants + vl, sizeof(variants) - vl,
				       "%s%s", vl ? " " : "",
				       strchr(name, '-') + 1);
	}
	json_array_foreach(json_object_get(m->runs[0].meta, "scenarios"), i,
			   sc) {
		sl += snprintf(scen + sl, sizeof(scen) - sl, "%s%s",
			       i ? "," : "", meta_str(sc, NULL, "name") ?: "?");
		reps = json_object_get(json_object_get(sc, "params"), "reps");
	}
	fputs("\nTo reproduce (Debian, as root, in a ksmbench checkout):\n",
	      m->f);
	if (!meta_str(json_object_get(m->runs[0].meta, "vm"), NULL,
		      "qemu_cmdline")) {
		mail_wrap(m->f, 6, "  on each kernel, booted on this machine:");
		mail_wrap_cmd(m->f, "  make bench SCENARIOS=%s REPS=%lld", scen,
			 (long long)json_integer_value(reps));
		mail_wrap(m->f, 6, "  then: make mail RUNS=\"<baseline run> <other "
		     "runs>\"");
		return;
	}
	if (vl)
		mail_wrap_cmd(m->f, "  make kernels BASE=%s VARIANTS=\"%s\"", base,
			 variants);
	mail_wrap_cmd(m->f, "  make compare KERNELS=\"%s\" SCENARIOS=%s REPS=%lld",
		 kernels, scen, (long long)json_integer_value(reps));
}

void mail_how_measured(FILE *f, const struct run *runs, size_t nruns)
{
	struct mail m = { .f = f, .runs = runs, .nruns = nruns };

	how_measured(&m);
}

void mail_reproduce(FILE *f, const struct run *runs, size_t nruns)
{
	struct mail m = { .f = f, .runs = runs, .nruns = nruns };

	reproduce(&m);
}
