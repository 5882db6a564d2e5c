// SPDX-License-Identifier: GPL-2.0
/*
 * The undo journal on plain files in a temporary directory: what a killed
 * run registered is replayed by the next start, a failure stays in the
 * journal with the command that finishes the job, the journal goes only
 * when everything in it is restored.  Also scenario files that lie in
 * small ways but are fine (CRLF, '#' inside a value).
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "scenario_file.h"
#include "slurp.h"
#include "undo.h"

CHECK_DEFINE_STATE;

static char dir[] = "/tmp/ksmbench-undo-XXXXXX";
static char journal[128], knob[128], knob2[128], marker[128];

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static bool holds(const char *path, const char *text)
{
	char *s = slurp(path);
	bool ok = s && !strcmp(s, text);

	free(s);
	return ok;
}

/* A run that changes two "knobs", marks its results, then dies by sig. */
static void killed_run(int sig)
{
	char line[512];

	undo_init(journal, stderr);
	snprintf(line, sizeof(line), "write %s orig", knob);
	undo_push("knob", line, NULL, NULL);
	put(knob, "changed");
	snprintf(line, sizeof(line), "write %s a\nwrite %s b", knob2, knob2);
	undo_push("two-step", line, NULL, NULL);
	put(knob2, "changed");
	snprintf(line, sizeof(line), "note %s killed", marker);
	undo_push("marker", line, NULL, NULL);
	raise(sig);
	_exit(9);
}

static void check_replay(void)
{
	char *j;
	int st;
	pid_t pid;

	put(knob, "orig");
	put(marker, "incomplete\n");
	pid = fork();
	if (!pid)
		killed_run(SIGKILL);
	waitpid(pid, &st, 0);
	CHECK("a killed run leaves its changes and a journal",
	      holds(knob, "changed") && !access(journal, F_OK), "no journal");
	j = slurp(journal);
	CHECK("a two-step undo is one journal line",
	      j && strstr(j, " ;; ") && !strstr(j, "b\nwrite"), "%s", j);
	free(j);
	CHECK("the next start restores everything",
	      undo_init(journal, stderr) == 0, "%d left", undo_pending());
	CHECK("each change is back, steps in order",
	      holds(knob, "orig") && holds(knob2, "b"), "knob %s",
	      slurp(knob));
	CHECK("the marker says the run was killed",
	      holds(marker, "incomplete\nkilled\n"), "%s", slurp(marker));
	CHECK("the journal is gone once all is restored",
	      access(journal, F_OK), "still there");
}

static void check_failure_kept(void)
{
	char line[512], *j;
	pid_t pid;
	int h, st;

	snprintf(line, sizeof(line), "write %s/missing/knob 7", dir);
	h = undo_push("cannot be undone", line, NULL, NULL);
	CHECK("push returns a handle", h >= 0, "%d", h);
	undo_run_all();
	CHECK("a failed undo stays registered", undo_pending() == 1, "%d",
	      undo_pending());
	j = slurp(journal);
	CHECK("and in the journal", j && strstr(j, "missing/knob 7"), "%s",
	      j ? j : "(none)");
	free(j);
	undo_report(stdout);
	fflush(stdout);
	pid = fork();
	if (!pid)
		_exit(undo_init(journal, stderr));
	waitpid(pid, &st, 0);
	CHECK("a later start that cannot restore it either keeps it",
	      WIFEXITED(st) && WEXITSTATUS(st) == 1 && !access(journal, F_OK),
	      "status %#x", st);
}

static void check_pop(void)
{
	char line[512];
	int h;

	unlink(journal);
	undo_init(journal, stderr);
	put(knob, "orig");
	snprintf(line, sizeof(line), "write %s orig", knob);
	h = undo_push("knob", line, NULL, NULL);
	put(knob, "changed");
	undo_pop(h, true);
	CHECK("undo_pop runs the journal line", holds(knob, "orig"), "%s",
	      slurp(knob));
	CHECK("and removes the journal", access(journal, F_OK), "kept");
}

static void check_scenario_text(void)
{
	static const char text[] = "[a]\r\ndescription = C# and caf\xc3\xa9\r\n"
				   "  # a comment\r\nvmas = 300\r\n";
	static struct scenario_set set;
	char err[512] = "";

	CHECK("CRLF, '#' inside a value and UTF-8 are read",
	      !scenario_parse_buf(text, sizeof(text) - 1, "t", &set, err,
				  sizeof(err)) && set.nr == 1 &&
	      set.item[0].vmas == 300 &&
	      !strcmp(set.item[0].description, "C# and caf\xc3\xa9"),
	      "%s", err);
	CHECK("a NUL byte is refused with its line",
	      scenario_parse_buf("[a]\nvmas = 3\0\n", 13, "t", &set, err,
				 sizeof(err)) && strstr(err, "t:2: NUL"),
	      "%s", err);
}

int main(void)
{
	char cmd[64];

	if (!mkdtemp(dir))
		return 1;
	snprintf(journal, sizeof(journal), "%s/journal", dir);
	snprintf(knob, sizeof(knob), "%s/knob", dir);
	snprintf(knob2, sizeof(knob2), "%s/knob2", dir);
	snprintf(marker, sizeof(marker), "%s/INCOMPLETE", dir);
	check_replay();
	check_pop();
	check_scenario_text();
	check_failure_kept();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		return 1;
	return CHECK_EXIT();
}
