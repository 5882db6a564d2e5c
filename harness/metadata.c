// SPDX-License-Identifier: GPL-2.0
/*
 * metadata.json: enough about the kernel, machine, KSM state and scenario
 * for a reader to judge the numbers without asking how they were taken.
 */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <numa.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "driver.h"
#include "ksm_knobs.h"
#include "options.h"
#include "collector.h"
#include "run.h"
#include "schema.h"
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

static json_t *json_snapshot(const struct knob_snapshot *snap)
{
	json_t *o = json_object();
	int i;

	for (i = 0; i < snap->nr; i++)
		json_object_set_new(o, snap->name[i], json_string(snap->val[i]));
	return o;
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

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *json_kernel(void)
{
	json_t *o = json_object();
	struct utsname u;
	char buf[1024];

	uname(&u);
	json_object_set_new(o, "release", json_string(u.release));
	read_line("/proc/version", NULL, buf, sizeof(buf));
	json_object_set_new(o, "version", json_string(buf));
	read_line("/proc/cmdline", NULL, buf, sizeof(buf));
	json_object_set_new(o, "cmdline", json_string(buf));
	json_object_set_new(o, "machine", json_string(u.machine));
	return o;
}

static json_t *json_numa(void)
{
	json_t *a = json_array();
	char path[96], buf[256];
	int n;

	for (n = 0; numa_available() >= 0 && n <= numa_max_node(); n++) {
		long long size = numa_node_size64(n, NULL);

		if (size < 0)
			continue;
		snprintf(path, sizeof(path),
			 "/sys/devices/system/node/node%d/cpulist", n);
		read_line(path, NULL, buf, sizeof(buf));
		json_array_append_new(a, json_pack("{s:i, s:s, s:I}", "node", n,
						   "cpus", buf, "mem_total_kib",
						   (json_int_t)(size >> 10)));
	}
	return a;
}

static json_t *json_machine(void)
{
	json_t *o = json_object();
	unsigned long kib = 0;
	char buf[256];

	read_line("/proc/cpuinfo", "model name", buf, sizeof(buf));
	json_object_set_new(o, "cpu_model", json_string(buf));
	json_object_set_new(o, "cpus",
			    json_integer(sysconf(_SC_NPROCESSORS_ONLN)));
	read_line("/proc/meminfo", "MemTotal", buf, sizeof(buf));
	sscanf(buf, "%lu", &kib);
	json_object_set_new(o, "mem_total_kib", json_integer(kib));
	json_object_set_new(o, "page_size", json_integer(sysconf(_SC_PAGESIZE)));
	json_object_set_new(o, "numa_nodes", json_numa());
	return o;
}

struct perf_arg {
	json_t *counted;
	json_t *unsupported;
};

static void perf_metric(const struct metric_desc *m, const char *source,
			void *arg)
{
	struct perf_arg *a = arg;
	const struct collector *c;
	const char *why;
	size_t i;

	for (i = 0; (c = collector_at(i)); i++)
		if (!strcmp(c->name, source))
			break;
	if (!c)
		return;
	why = c->unsupported(m->name);
	if (why)
		json_object_set_new(a->unsupported, m->name, json_string(why));
	else
		json_array_append_new(a->counted, json_string(m->name));
}

/* What the collectors could count here, and why not the rest. */
static json_t *json_perf(void)
{
	struct perf_arg a = { json_array(), json_object() };

	metric_foreach(perf_metric, &a);
	return json_pack("{s:o, s:o}", "counted", a.counted, "unsupported",
			 a.unsupported);
}

static void add_metric(const struct metric_desc *m, const char *source,
		       void *arg)
{
	json_array_append_new(arg, json_pack("{s:s, s:s?, s:s, s:s?, s:s}",
					     "name", m->name, "unit", m->unit,
					     "better",
					     metric_better_name(m->better),
					     "help", m->help, "source", source));
}

static json_t *json_metrics(void)
{
	json_t *a = json_array();

	metric_foreach(add_metric, a);
	return a;
}

static void json_param(const struct opt_desc *o, const char *val, void *arg)
{
	unsigned long v;

	if (o->type == OPT_ULONG && sscanf(val, "%lu", &v) == 1)
		json_object_set_new(arg, o->name, json_integer(v));
	else
		json_object_set_new(arg, o->name, json_string(val));
}

static json_t *json_observed(const struct scenario_record *r)
{
	const struct ksm_census *c = &r->merge.census;

	/* system_*: include whatever other processes merged meanwhile. */
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:I, s:b}",
			 "vmas", (json_int_t)r->vmas_seen,
			 "pages_shared", (json_int_t)c->ksm_frames,
			 "pages_sharing",
			 (json_int_t)(c->ksm_mapped - c->ksm_frames),
			 "pages_on_wrong_frame", (json_int_t)c->misplaced,
			 "ksm_merging_pages",
			 (json_int_t)r->merge.after.merging_pages,
			 "system_pages_shared_delta",
			 (json_int_t)r->merge.shared,
			 "system_pages_sharing_delta",
			 (json_int_t)r->merge.sharing,
			 "merge_seconds", r->merge.seconds,
			 "merge_full_scans", (json_int_t)r->merge.scans,
			 "merged_as_expected", r->merged);
}

static json_t *json_expected(const struct scenario_record *r)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}",
			 "vmas", (json_int_t)r->s.vmas,
			 "anon_vma_tree_nodes",
			 (json_int_t)(r->s.vmas * (r->s.forks + 1)),
			 "pages_shared", (json_int_t)r->expect.pages_shared,
			 "pages_sharing", (json_int_t)r->expect.pages_sharing,
			 "ksm_merging_pages",
			 (json_int_t)r->expect.merging_pages,
			 "unique_pages", (json_int_t)r->expect.unique_pages);
}

/* NAN has no JSON spelling: null. */
static json_t *real_or_null(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

static json_t *json_driver(const struct driver_record *d)
{
	return json_pack("{s:s, s:o, s:s, s:I, s:o, s:o}", "name", d->name,
			 "status", str_or_null(d->status), "reason", d->reason,
			 "reps", (json_int_t)d->reps_done,
			 "stopped", str_or_null(d->stopped),
			 "ci95_rel_median", real_or_null(d->ci_rel));
}

static json_t *json_scenario(const struct scenario_record *r)
{
	json_t *o = json_object(), *params = json_object();
	json_t *drivers = json_array();
	int i;

	json_object_set_new(o, "name", json_string(r->s.name));
	opt_foreach_value(&r->s, json_param, params);
	json_object_set_new(o, "params", params);
	json_object_set_new(o, "expected", json_expected(r));
	json_object_set_new(o, "observed", json_observed(r));
	json_object_set_new(o, "ksm_during", json_snapshot(&r->ksm_during));
	for (i = 0; i < r->nr_drv; i++)
		json_array_append_new(drivers, json_driver(&r->drv[i]));
	json_object_set_new(o, "drivers", drivers);
	return o;
}

/* Other KSM users: ksmd merged their memory too while the run lasted. */
static json_t *json_ksm_users(const struct ksm_users *u)
{
	json_t *largest = json_array();
	int i;

	for (i = 0; i < u->listed; i++)
		json_array_append_new(largest, json_pack(
			"{s:I, s:s, s:b, s:I}", "pid", (json_int_t)u->user[i].pid,
			"comm", u->user[i].comm, "mergeable",
			u->user[i].mergeable, "merging_pages",
			(json_int_t)u->user[i].merging_pages));
	return json_pack("{s:b, s:I, s:I, s:o}", "known", u->known,
			 "processes", (json_int_t)u->procs, "merging_pages",
			 (json_int_t)u->merging_pages, "largest", largest);
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

static json_t *json_ksm(const struct run *run)
{
	json_t *o = json_object();

	json_object_set_new(o, "before", json_snapshot(&run->ksm_before));
	json_object_set_new(o, "other_users_before",
			    json_ksm_users(&run->others_before));
	if (run->finished[0])
		json_object_set_new(o, "other_users_after",
				    json_ksm_users(&run->others_after));
	return o;
}

static json_t *json_run(const struct run *run)
{
	json_t *o = json_object(), *scenarios = json_array();
	int i;

	json_object_set_new(o, "schema_version", json_integer(SCHEMA_VERSION));
	json_object_set_new(o, "ksmbench",
			    json_pack("{s:s, s:s}", "version", KSMBENCH_VERSION,
				      "git_commit", KSMBENCH_GIT_COMMIT));
	json_object_set_new(o, "started", json_string(run->started));
	json_object_set_new(o, "finished", str_or_null(run->finished));
	json_object_set_new(o, "kernel", json_kernel());
	json_object_set_new(o, "machine", json_machine());
	json_object_set_new(o, "vm", json_pack("{s:o, s:s}", "qemu_cmdline",
					       str_or_null(run->vm_cmdline),
					       "accelerator",
					       vm_accelerator(run->vm_cmdline)));
	json_object_set_new(o, "ksm", json_ksm(run));
	json_object_set_new(o, "perf", json_perf());
	json_object_set_new(o, "metrics", json_metrics());
	for (i = 0; i < run->nr; i++)
		json_array_append_new(scenarios, json_scenario(&run->rec[i]));
	json_object_set_new(o, "scenarios", scenarios);
	return o;
}

int metadata_write(const struct run *run, char *err, size_t errlen)
{
	char path[PATH_MAX + 32], tmp[PATH_MAX + 40];
	json_t *doc = json_run(run);
	int ret = -1;

	snprintf(path, sizeof(path), "%s/metadata.json", run->out_dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (!doc) {
		snprintf(err, errlen, "writing %s: out of memory", path);
		return -1;
	}
	if (json_dump_file(doc, tmp, JSON_INDENT(2) | JSON_PRESERVE_ORDER)) {
		snprintf(err, errlen, "writing %s: %s", tmp, strerror(errno));
		goto out;
	}
	if (rename(tmp, path)) {
		snprintf(err, errlen, "renaming %s: %s", tmp, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	json_decref(doc);
	return ret;
}
