// SPDX-License-Identifier: GPL-2.0
/*
 * Every plot declared in plot/plots.c is drawn, as PNG and SVG, from the
 * committed reference runs: one with per-walk data, one without.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "check.h"
#include "plots.h"
#include "results_read.h"
#include "slurp.h"

CHECK_DEFINE_STATE;

#define REF	"results/reference/"

static const char *const walks_ref[] = {
	REF "2026-11-24-7.3-full-bounded-naive-qemu-tcg/7.3-full/run",
	REF "2026-11-24-7.3-full-bounded-naive-qemu-tcg/7.3-bounded/run",
	NULL,
};

static const char *const stock_ref[] = {
	REF "2026-11-24-debian-7.2.13-vs-7.3.4-qemu-tcg/"
	    "7.2.13+deb14-cloud-amd64/run",
	REF "2026-11-24-debian-7.2.13-vs-7.3.4-qemu-tcg/"
	    "7.3.4+deb13-cloud-amd64/run",
	NULL,
};

static bool starts_with_file(const char *path, const char *magic)
{
	char *text = slurp(path);
	bool ok = text && strstr(text, magic);

	free(text);
	return ok;
}

static void check_outputs(const char *what, const char *dir)
{
	static const char *const magic[] = { "PNG", "<svg" };
	const struct plot_desc *p;
	char path[512], name[256];
	struct stat st;
	size_t i, f;

	for (i = 0; (p = plot_at(i)); i++) {
		snprintf(path, sizeof(path), "%s/%s.dat", dir, p->name);
		snprintf(name, sizeof(name), "%s: %s.dat written", what,
			 p->name);
		CHECK(name, !stat(path, &st) && st.st_size, "missing or empty");
		for (f = 0; plot_formats[f]; f++) {
			snprintf(path, sizeof(path), "%s/%s.%s", dir, p->name,
				 plot_formats[f]);
			snprintf(name, sizeof(name), "%s: %s.%s drawn", what,
				 p->name, plot_formats[f]);
			CHECK(name, starts_with_file(path, magic[f]),
			      "%s missing or not %s", path, plot_formats[f]);
		}
	}
}

static void draw(const char *what, const char *const *dirs,
		 const char *tmp)
{
	struct run runs[4];
	char err[1024], out[256];
	size_t n, k;

	for (n = 0; dirs[n]; n++) {
		if (run_load(dirs[n], &runs[n], err, sizeof(err))) {
			CHECK("load reference run", false, "%s", err);
			goto out;
		}
	}
	snprintf(out, sizeof(out), "%s/%s", tmp, what);
	mkdir(out, 0755);
	CHECK(what, !plots_draw(out, "plot", runs, n),
	      "plots_draw failed (gnuplot exit status, see stderr)");
	check_outputs(what, out);
out:
	for (k = 0; k < n; k++)
		run_free(&runs[k]);
}

int main(void)
{
	char tmp[] = "/tmp/ksmbench-unit-plots.XXXXXX", cmd[256];

	if (system("command -v gnuplot >/dev/null")) {
		SKIP("plots", "gnuplot is not installed (make deps-build "
		     "installs gnuplot-nox)");
		return 0;
	}
	if (!mkdtemp(tmp)) {
		CHECK("mkdtemp", false, "failed");
		return CHECK_EXIT();
	}
	draw("with per-walk data", walks_ref, tmp);
	draw("stock kernels, no walks.csv", stock_ref, tmp);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	CHECK("cleanup", !system(cmd), "rm failed");
	return CHECK_EXIT();
}
