// SPDX-License-Identifier: GPL-2.0
/*
 * metadata.json: enough about the kernel, machine, KSM state and scenario
 * for a reader to judge the numbers without asking how they were taken.
 */
#include <errno.h>
#include <numa.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "driver.h"
#include "json_writer.h"
#include "ksm_knobs.h"
#include "options.h"
#include "collector.h"
#include "metric.h"
#include "run.h"
#include "version.h"


static void snap_add(const char *name, const char *val, void *arg)
{
	struct knob_snapshot *snap = arg;

	if (snap->nr >= KNOB_SNAP_MAX)
		return;
	snprintf(snap->name[snap->nr], sizeof(snap->name[0]), "%s", name);
	snprintf(snap->val[snap->nr], sizeof(snap->val[0]), "%s", val);
	snap->nr++;
}

void knob_snapshot_take(struct knob_snapshot *snap)
{
	snap->nr = 0;
	ksm_knobs_foreach(snap_add, snap);
}

static void json_snapshot(struct json *j, const char *key,
			  const struct knob_snapshot *snap)
{
	int i;

	json_object_begin(j, key);
	for (i = 0; i < snap->nr; i++)
		json_str(j, snap->name[i], snap->val[i]);
	json_object_end(j);
}

/* First line of a file, or of the lines starting with prefix. */
static void read_line(const char *path, const char *prefix, char *buf,
		      size_t len)
{
	char line[1024];
	FILE *f = fopen(path, "r");

	snprintf(buf, len, "unknown");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *colon;

		if (prefix && strncmp(line, prefix, strlen(prefix)))
			continue;
		colon = prefix ? strchr(line, ':') : NULL;
		if (colon)
			p = colon + 2;
		line[strcspn(line, "\n")] = '\0';
		snprintf(buf, len, "%s", p);
		break;
	}
	fclose(f);
}

static void json_kernel(struct json *j)
{
	struct utsname u;
	char buf[1024];

	uname(&u);
	json_object_begin(j, "kernel");
	json_str(j, "release", u.release);
	read_line("/proc/version", NULL, buf, sizeof(buf));
	json_str(j, "version", buf);
	read_line("/proc/cmdline", NULL, buf, sizeof(buf));
	json_str(j, "cmdline", buf);
	json_str(j, "machine", u.machine);
	json_object_end(j);
}

static void json_numa(struct json *j)
{
	char path[96], buf[256];
	int n;

	json_array_begin(j, "numa_nodes");
	for (n = 0; numa_available() >= 0 && n <= numa_max_node(); n++) {
		long long size = numa_node_size64(n, NULL);

		if (size < 0)
			continue;
		snprintf(path, sizeof(path),
			 "/sys/devices/system/node/node%d/cpulist", n);
		read_line(path, NULL, buf, sizeof(buf));
		json_object_begin(j, NULL);
		json_long(j, "node", n);
		json_str(j, "cpus", buf);
		json_ulong(j, "mem_total_kib", (unsigned long)(size >> 10));
		json_object_end(j);
	}
	json_array_end(j);
}

static void json_machine(struct json *j)
{
	char buf[256];
	unsigned long kib = 0;

	json_object_begin(j, "machine");
	read_line("/proc/cpuinfo", "model name", buf, sizeof(buf));
	json_str(j, "cpu_model", buf);
	json_long(j, "cpus", sysconf(_SC_NPROCESSORS_ONLN));
	read_line("/proc/meminfo", "MemTotal", buf, sizeof(buf));
	sscanf(buf, "%lu", &kib);
	json_ulong(j, "mem_total_kib", kib);
	json_long(j, "page_size", sysconf(_SC_PAGESIZE));
	json_numa(j);
	json_object_end(j);
}

struct perf_arg {
	struct json *j;
	bool want_counted;
};

static void perf_metric(const struct metric_desc *m, const char *source,
			void *arg)
{
	struct perf_arg *a = arg;
	const struct collector *c;
	const char *why = NULL;
	size_t i;

	for (i = 0; (c = collector_at(i)); i++)
		if (!strcmp(c->name, source))
			break;
	if (!c)
		return;
	why = c->unsupported(m->name);
	if (a->want_counted && !why)
		json_str(a->j, NULL, m->name);
	else if (!a->want_counted && why)
		json_str(a->j, m->name, why);
}

/* What the collectors could count here, and why not the rest. */
static void json_perf(struct json *j)
{
	struct perf_arg a = { j, true };

	json_object_begin(j, "perf");
	json_array_begin(j, "counted");
	metric_foreach(perf_metric, &a);
	json_array_end(j);
	a.want_counted = false;
	json_object_begin(j, "unsupported");
	metric_foreach(perf_metric, &a);
	json_object_end(j);
	json_object_end(j);
}

static void json_metric(const struct metric_desc *m, const char *source,
			void *arg)
{
	struct json *j = arg;

	json_object_begin(j, NULL);
	json_str(j, "name", m->name);
	json_str(j, "unit", m->unit);
	json_str(j, "better", metric_better_name(m->better));
	json_str(j, "help", m->help);
	json_str(j, "source", source);
	json_object_end(j);
}

/* Every metric the run can write: the report reads units from here. */
static void json_metrics(struct json *j)
{
	json_array_begin(j, "metrics");
	metric_foreach(json_metric, j);
	json_array_end(j);
}

static void json_param(const struct opt_desc *o, const char *val, void *arg)
{
	struct json *j = arg;
	unsigned long v;

	if (o->type == OPT_ULONG && sscanf(val, "%lu", &v) == 1)
		json_ulong(j, o->name, v);
	else
		json_str(j, o->name, val);
}

static void json_merge(struct json *j, const struct scenario_record *r)
{
	json_object_begin(j, "observed");
	json_long(j, "vmas", r->vmas_seen);
	json_ulong(j, "pages_shared", r->merge.census.ksm_frames);
	json_ulong(j, "pages_sharing", r->merge.census.ksm_mapped -
		   r->merge.census.ksm_frames);
	json_ulong(j, "pages_on_wrong_frame", r->merge.census.misplaced);
	json_long(j, "ksm_merging_pages", r->merge.after.merging_pages);
	/* Includes whatever other processes merged meanwhile. */
	json_ulong(j, "system_pages_shared_delta", r->merge.shared);
	json_ulong(j, "system_pages_sharing_delta", r->merge.sharing);
	json_double(j, "merge_seconds", r->merge.seconds);
	json_ulong(j, "merge_full_scans", r->merge.scans);
	json_bool(j, "merged_as_expected", r->merged);
	json_object_end(j);
}

static void json_scenario(struct json *j, const struct scenario_record *r)
{
	int i;

	json_object_begin(j, NULL);
	json_str(j, "name", r->s.name);
	json_object_begin(j, "params");
	opt_foreach_value(&r->s, json_param, j);
	json_object_end(j);
	json_object_begin(j, "expected");
	json_ulong(j, "vmas", r->s.vmas);
	json_ulong(j, "anon_vma_tree_nodes", r->s.vmas * (r->s.forks + 1));
	json_ulong(j, "pages_shared", r->expect.pages_shared);
	json_ulong(j, "pages_sharing", r->expect.pages_sharing);
	json_ulong(j, "ksm_merging_pages", r->expect.merging_pages);
	json_ulong(j, "unique_pages", r->expect.unique_pages);
	json_object_end(j);
	json_merge(j, r);
	json_snapshot(j, "ksm_during", &r->ksm_during);
	json_array_begin(j, "drivers");
	for (i = 0; i < r->nr_drv; i++) {
		json_object_begin(j, NULL);
		json_str(j, "name", r->drv[i].name);
		json_str(j, "status", r->drv[i].status);
		json_str(j, "reason", r->drv[i].reason);
		json_ulong(j, "reps", r->drv[i].reps_done);
		json_object_end(j);
	}
	json_array_end(j);
	json_object_end(j);
}

/* Other KSM users: ksmd merged their memory too while the run lasted. */
static void json_ksm_users(struct json *j, const char *key,
			   const struct ksm_users *u)
{
	int i;

	json_object_begin(j, key);
	json_bool(j, "known", u->known);
	json_long(j, "processes", u->procs);
	json_ulong(j, "merging_pages", u->merging_pages);
	json_array_begin(j, "largest");
	for (i = 0; i < u->listed; i++) {
		json_object_begin(j, NULL);
		json_long(j, "pid", u->user[i].pid);
		json_str(j, "comm", u->user[i].comm);
		json_bool(j, "mergeable", u->user[i].mergeable);
		json_ulong(j, "merging_pages", u->user[i].merging_pages);
		json_object_end(j);
	}
	json_array_end(j);
	json_object_end(j);
}

/* "kvm" or "tcg" from QEMU's -accel; "none" on bare metal. */
static const char *vm_accelerator(const char *cmdline)
{
	const char *a = strstr(cmdline, "-accel ");

	if (!cmdline[0])
		return "none";
	if (!a)
		return "unknown";
	a += strlen("-accel ");
	if (!strncmp(a, "kvm", 3))
		return "kvm";
	if (!strncmp(a, "tcg", 3))
		return "tcg";
	return "unknown";
}

static void json_run(struct json *j, const struct run *run)
{
	int i;

	json_object_begin(j, NULL);
	json_object_begin(j, "ksmbench");
	json_str(j, "version", KSMBENCH_VERSION);
	json_str(j, "git_commit", KSMBENCH_GIT_COMMIT);
	json_object_end(j);
	json_str(j, "started", run->started);
	if (run->finished[0])
		json_str(j, "finished", run->finished);
	else
		json_null(j, "finished");
	json_kernel(j);
	json_machine(j);
	json_object_begin(j, "vm");
	if (run->vm_cmdline[0])
		json_str(j, "qemu_cmdline", run->vm_cmdline);
	else
		json_null(j, "qemu_cmdline");
	json_str(j, "accelerator", vm_accelerator(run->vm_cmdline));
	json_object_end(j);
	json_object_begin(j, "ksm");
	json_snapshot(j, "before", &run->ksm_before);
	json_ksm_users(j, "other_users_before", &run->others_before);
	if (run->finished[0])
		json_ksm_users(j, "other_users_after", &run->others_after);
	json_object_end(j);
	json_perf(j);
	json_metrics(j);
	json_array_begin(j, "scenarios");
	for (i = 0; i < run->nr; i++)
		json_scenario(j, &run->rec[i]);
	json_array_end(j);
	json_object_end(j);
}

int metadata_write(const struct run *run, char *err, size_t errlen)
{
	char path[PATH_MAX + 32], tmp[PATH_MAX + 40];
	struct json j;
	FILE *f;

	snprintf(path, sizeof(path), "%s/metadata.json", run->out_dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		goto fail;
	json_init(&j, f);
	json_run(&j, run);
	json_finish(&j);
	if (fclose(f) || rename(tmp, path))
		goto fail;
	return 0;
fail:
	snprintf(err, errlen, "writing %s: %s", path, strerror(errno));
	return -1;
}
