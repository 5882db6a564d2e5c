// SPDX-License-Identifier: GPL-2.0
/*
 * ksmbench on a machine that is also used for something else, on the
 * running kernel: each fatal signal at each stage of a run (the stage
 * reached deterministically through KSMBENCH_TEST_STAGE), SIGKILL followed
 * by the next start's restore, two runs at once, and another process with
 * mergeable memory.  After each case the machine is checked: KSM knobs,
 * processes of ours, tracefs mounts, the undo journal, and the results
 * directory marked incomplete with the reason.  Lines starting with "# "
 * form the fault-matrix table.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "ksm_state.h"
#include "slurp.h"

CHECK_DEFINE_STATE;

#define JOURNAL	"/run/ksmbench.journal"
#define TIMEOUT_MS 120000
/*
 * Every case after "merge" waits for ksmd to reach our pages, which on a
 * machine full of other KSM users (QEMU guests) takes a full scan of all
 * their memory.  Past this budget the remaining cases are skips, and say so.
 */
#define MATRIX_BUDGET_MS (12 * 60 * 1000)

static char bin[PATH_MAX];
static char tmpdir[] = "/tmp/ksmbench-safety-XXXXXX";
static char mps_arg[32];	/* max_page_sharing for the runs */
static int voided_by;		/* foreign ksmbench that voided a knob check */

struct proc {
	pid_t pid;
	int err_fd;		/* its stderr */
	char out[16384];
	size_t len;
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void spawn(struct proc *p, const char *stage, const char *out,
		  const char *extra)
{
	int fds[2];

	memset(p, 0, sizeof(*p));
	if (pipe(fds))
		exit(1);
	p->pid = fork();
	if (!p->pid) {
		struct rlimit no_core = { 0, 0 };
		int null = open("/dev/null", O_WRONLY);

		setrlimit(RLIMIT_CORE, &no_core);	/* SIGQUIT dumps */

		dup2(null, STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		if (stage)
			setenv("KSMBENCH_TEST_STAGE", stage, 1);
		execl(bin, bin, "run", "--scenario", "smoke", "--reps", "1",
		      "--max_page_sharing", mps_arg, "--out", out,
		      extra ? extra : NULL, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	p->err_fd = fds[0];
}

/* Read its stderr until text shows up or it closes; true if seen. */
static bool read_until(struct proc *p, const char *text, int timeout_ms)
{
	long long end = now_ms() + timeout_ms;

	while (!strstr(p->out, text)) {
		struct pollfd pfd = { .fd = p->err_fd, .events = POLLIN };
		ssize_t n;
		int left = end - now_ms();

		if (left <= 0 || poll(&pfd, 1, left) <= 0)
			return false;
		n = read(p->err_fd, p->out + p->len,
			 sizeof(p->out) - 1 - p->len);
		if (n <= 0)
			return false;
		p->len += n;
		p->out[p->len] = '\0';
	}
	return true;
}

/* Wait for exit (killing it past the timeout); the wait status. */
static int finish(struct proc *p, long long *ms)
{
	long long t0 = now_ms();
	int st = -1;

	while (waitpid(p->pid, &st, WNOHANG) == 0) {
		if (now_ms() - t0 > TIMEOUT_MS) {
			kill(p->pid, SIGKILL);
			waitpid(p->pid, &st, 0);
			break;
		}
		usleep(2000);
	}
	*ms = now_ms() - t0;
	read_until(p, "\x01", 200);	/* drain what it said last */
	close(p->err_fd);
	return st;
}

/* Processes running our binary (the run and its children). */
static int ours_alive(void)
{
	char path[300], exe[PATH_MAX];
	struct dirent *d;
	ssize_t len;
	int n = 0;
	DIR *dir = opendir("/proc");

	while (dir && (d = readdir(dir))) {
		if (d->d_name[0] < '0' || d->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/exe", d->d_name);
		len = readlink(path, exe, sizeof(exe) - 1);
		if (len < 0)
			continue;
		exe[len] = '\0';
		n += !strcmp(exe, bin);
	}
	if (dir)
		closedir(dir);
	return n;
}

/* A ksmbench built elsewhere, without the run lock, that runs right now. */
static int foreign_ksmbench(void)
{
	char path[300], exe[PATH_MAX];
	struct dirent *d;
	ssize_t len;
	int pid = 0;
	DIR *dir = opendir("/proc");

	while (dir && (d = readdir(dir)) && !pid) {
		const char *base;

		if (d->d_name[0] < '0' || d->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/exe", d->d_name);
		len = readlink(path, exe, sizeof(exe) - 1);
		if (len < 0)
			continue;
		exe[len] = '\0';
		base = strrchr(exe, '/');
		if (base && !strcmp(base + 1, "ksmbench") && strcmp(exe, bin))
			pid = atoi(d->d_name);
	}
	if (dir)
		closedir(dir);
	return pid;
}

static int ours_alive_settled(void)
{
	int i, n = 0;

	/* Children die by PDEATHSIG just after the parent: give them 2 s. */
	for (i = 0; i < 100 && (n = ours_alive()); i++)
		usleep(20000);
	return n;
}

static int count_tracefs(void)
{
	char *m = slurp("/proc/self/mounts"), *p;
	int n = 0;

	for (p = m; p && (p = strstr(p, " tracefs ")); p++)
		n++;
	free(m);
	return n;
}

static int run_restore(char *said, size_t len)
{
	char cmd[PATH_MAX + 64];
	size_t n = 0;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "%s restore --wait 2>&1", bin);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	n = fread(said, 1, len - 1, f);
	said[n] = '\0';
	return pclose(f);
}

static const char *sig_name(int sig)
{
	switch (sig) {
	case SIGINT:	return "SIGINT";
	case SIGTERM:	return "SIGTERM";
	case SIGHUP:	return "SIGHUP";
	case SIGQUIT:	return "SIGQUIT";
	default:	return "SIGKILL";
	}
}

struct machine {
	struct ksm_state knobs;
	int tracefs;
	int foreign;		/* a foreign ksmbench seen during the case */
};

static void machine_read(struct machine *m)
{
	ksm_state_read(&m->knobs);
	m->tracefs = count_tracefs();
	m->foreign = foreign_ksmbench();
}

/* What must hold after any case; "" when all does, else the first miss. */
static const char *machine_check(const struct machine *before, char *why,
				 size_t len)
{
	struct ksm_state now;
	const char *diff;
	int n;

	ksm_state_read(&now);
	diff = ksm_state_diff(&before->knobs, &now);
	/*
	 * A ksmbench from another tree, built before the run lock, changes
	 * the knobs whenever it likes: then they prove nothing either way.
	 */
	if (diff && (before->foreign || foreign_ksmbench())) {
		voided_by = before->foreign ? : foreign_ksmbench();
		diff = NULL;
	}
	if (diff)
		snprintf(why, len, "knob %s differs", diff);
	else if ((n = ours_alive_settled()))
		snprintf(why, len, "%d processes of ours alive", n);
	/* Fewer is fine: another user's run may unmount its own. */
	else if (count_tracefs() > before->tracefs)
		snprintf(why, len, "tracefs mounts %d, were %d",
			 count_tracefs(), before->tracefs);
	else if (!access(JOURNAL, F_OK))
		snprintf(why, len, "journal %s left", JOURNAL);
	else
		why[0] = '\0';
	return why;
}

/* The results directory: absent before it exists, else says why. */
static const char *results_check(const char *stage, const char *out,
				 const char *says, char *why, size_t len)
{
	char path[PATH_MAX + 16];
	char *marker;

	if (!strcmp(stage, "options")) {
		if (!access(out, F_OK))
			snprintf(why, len, "results directory created");
		return why;
	}
	snprintf(path, sizeof(path), "%s/INCOMPLETE", out);
	marker = slurp(path);
	if (!marker)
		snprintf(why, len, "no INCOMPLETE in the results directory");
	else if (!strstr(marker, says))
		snprintf(why, len, "INCOMPLETE lacks '%s': %s", says, marker);
	free(marker);
	return why;
}

static void one_case(const char *stage, int sig)
{
	struct machine mm, *m = &mm;
	char out[PATH_MAX], name[128], why[512] = "", says[128], said[4096];
	char restore[128] = "";
	long long ms = -1, t0;
	struct proc p;
	int st;

	snprintf(out, sizeof(out), "%s/%s-%s", tmpdir, sig_name(sig), stage);
	snprintf(name, sizeof(name), "%s during %s", sig_name(sig), stage);
	machine_read(m);
	spawn(&p, stage, out, "--wait");
	if (!read_until(&p, "ksmbench-test: at stage", TIMEOUT_MS)) {
		finish(&p, &ms);
		machine_check(m, why, sizeof(why));
		if (why[0])
			CHECK(name, 0, "stage not reached and %s", why);
		else
			SKIP(name, "stage not reached on this machine (%s)",
			     strstr(p.out, "SKIP") ? "its drivers skip here" :
			     "run ended before it");
		printf("# | %-7s | %-18s | not reached | - |\n",
		       sig_name(sig), stage);
		return;
	}
	kill(p.pid, sig);
	st = finish(&p, &ms);
	if (!WIFSIGNALED(st) || WTERMSIG(st) != sig) {
		CHECK(name, 0, "did not die by the signal: status %#x: %s", st,
		      p.out);
		return;
	}
	if (sig == SIGKILL) {
		t0 = now_ms();
		if (!strcmp(stage, "options") || !access(JOURNAL, F_OK))
			run_restore(said, sizeof(said));
		snprintf(restore, sizeof(restore), "; next start restored "
			 "in %lld ms", now_ms() - t0);
		snprintf(says, sizeof(says), "was killed");
	} else {
		snprintf(says, sizeof(says), "interrupted by %s during %s",
			 sig_name(sig), stage);
	}
	voided_by = 0;
	machine_check(m, why, sizeof(why));
	if (!why[0])
		results_check(stage, out, says, why, sizeof(why));
	if (voided_by)
		snprintf(restore + strlen(restore), sizeof(restore) -
			 strlen(restore), "; knobs not compared: ksmbench "
			 "pid %d of another tree ran", voided_by);
	CHECK(name, !why[0], "%s; it said: %.600s", why, p.out);
	printf("# | %-7s | %-18s | %-11s | %lld ms%s |\n", sig_name(sig),
	       stage, why[0] ? "NOT restored" : "restored", ms, restore);
}

static void fault_matrix(void)
{
	static const char *const stages[] = {
		"options", "layout", "merge", "fork", "phase", "teardown",
		"ksmd-wait",
	};
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGKILL };
	long long end = now_ms() + MATRIX_BUDGET_MS;
	size_t s, g;

	printf("# | signal  | stage              | machine     | exit after "
	       "signal |\n");
	/* Signal by signal, so that a spent budget still covers each stage. */
	for (g = 0; g < sizeof(sigs) / sizeof(sigs[0]); g++)
		for (s = 0; s < sizeof(stages) / sizeof(stages[0]); s++) {
			if (now_ms() > end) {
				SKIP("fault matrix case", "%s during %s: the "
				     "matrix's %d min budget is spent (ksmd is "
				     "slow to reach our pages here)",
				     sig_name(sigs[g]), stages[s],
				     MATRIX_BUDGET_MS / 60000);
				continue;
			}
			one_case(stages[s], sigs[g]);
		}
}

/* One run holds the lock; a second refuses, or waits with --wait. */
static void two_runs(void)
{
	char out1[PATH_MAX], out2[PATH_MAX], out3[PATH_MAX], pid[32];
	char *journal_before, *journal_after;
	struct proc a, b, c;
	struct machine m;
	long long ms;
	int st;

	machine_read(&m);
	snprintf(out1, sizeof(out1), "%s/first", tmpdir);
	snprintf(out2, sizeof(out2), "%s/second", tmpdir);
	snprintf(out3, sizeof(out3), "%s/third", tmpdir);
	spawn(&a, "merge", out1, "--wait");
	if (!read_until(&a, "ksmbench-test: at stage", TIMEOUT_MS)) {
		CHECK("first run reaches merge", 0, "%s", a.out);
		kill(a.pid, SIGKILL);
		finish(&a, &ms);
		return;
	}
	journal_before = slurp(JOURNAL);
	spawn(&b, NULL, out2, NULL);
	st = finish(&b, &ms);
	snprintf(pid, sizeof(pid), "pid %d", a.pid);
	CHECK("second run refuses to start: exit 2, names the holder",
	      WIFEXITED(st) && WEXITSTATUS(st) == 2 &&
	      strstr(b.out, "another ksmbench run is in progress") &&
	      strstr(b.out, pid), "status %#x: %s", st, b.out);
	CHECK("second run creates no results directory", access(out2, F_OK),
	      "%s exists", out2);
	journal_after = slurp(JOURNAL);
	CHECK("second run leaves the first run's journal alone",
	      journal_before && journal_after &&
	      !strcmp(journal_before, journal_after), "journal changed");
	free(journal_before);
	free(journal_after);
	spawn(&c, NULL, out3, "--wait");
	CHECK("a run with --wait says whom it waits for",
	      read_until(&c, "waiting for the run of", 10000), "%s", c.out);
	kill(a.pid, SIGTERM);
	finish(&a, &ms);
	st = finish(&c, &ms);
	CHECK("it runs once the first ends", WIFEXITED(st) &&
	      !WEXITSTATUS(st), "status %#x: %s", st, c.out);
	printf("# two runs: second refused (exit 2); --wait ran after the "
	       "first ended (%lld ms)\n", ms);
	CHECK("machine as found after both", !machine_check(&m, out2,
	      sizeof(out2))[0], "%s", out2);
}

/* A process whose pages KSM can merge: npages copies of one content. */
static pid_t other_ksm_user(unsigned long npages, int ready_fd)
{
	pid_t pid = fork();
	long psz = sysconf(_SC_PAGESIZE);
	char *mem;

	if (pid)
		return pid;
	mem = mmap(NULL, npages * psz, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		_exit(1);
	memset(mem, 0x5a, npages * psz);
	if (madvise(mem, npages * psz, MADV_MERGEABLE))
		_exit(2);
	if (write(ready_fd, "r", 1) != 1)
		_exit(3);
	for (;;)
		pause();
}

static long merging_of(pid_t pid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/ksm_merging_pages", pid);
	return read_long_file(path);
}

static void other_user(void)
{
	char out[PATH_MAX], saved_mps[32], *meta, path[PATH_MAX + 32];
	struct machine m;
	struct proc p;
	long long ms;
	int fds[2], st;
	pid_t other;
	char byte;

	if (pipe(fds))
		return;
	other = other_ksm_user(2048, fds[1]);
	if (read(fds[0], &byte, 1) != 1) {
		CHECK("other KSM user starts", 0, "it died");
		return;
	}
	machine_read(&m);
	snprintf(saved_mps, sizeof(saved_mps), "%s", mps_arg);
	/* Asks for a change KSM would refuse to undo while their pages live. */
	snprintf(mps_arg, sizeof(mps_arg), "%ld",
		 ksm_state_read_one("max_page_sharing") + 44);
	snprintf(out, sizeof(out), "%s/other", tmpdir);
	spawn(&p, NULL, out, "--wait");
	st = finish(&p, &ms);
	CHECK("with another KSM user the run completes", WIFEXITED(st) &&
	      !WEXITSTATUS(st), "status %#x: %s", st, p.out);
	CHECK("it reports the other user and that ksmd merges it too",
	      strstr(p.out, "other process(es) use KSM") &&
	      strstr(p.out, "ksmd will also merge their memory"), "%s",
	      p.out);
	CHECK("max_page_sharing stays at the current value",
	      strstr(p.out, "max_page_sharing stays at"), "%s", p.out);
	snprintf(path, sizeof(path), "%s/metadata.json", out);
	meta = slurp(path);
	CHECK("metadata records other KSM users before and after",
	      meta && strstr(meta, "other_users_before") &&
	      strstr(meta, "other_users_after"), "no such keys");
	free(meta);
	CHECK("machine as found (knobs, processes, mounts, journal)",
	      !machine_check(&m, path, sizeof(path))[0], "%s", path);
	printf("# other KSM user: 2048 mergeable pages; run took %lld ms; "
	       "%ld of its pages left merged afterwards (ksmd merged them "
	       "while the run lasted)\n", ms, merging_of(other));
	/* Sharing beyond the current value: cannot run, must refuse. */
	snprintf(out, sizeof(out), "%s/refused", tmpdir);
	snprintf(mps_arg, sizeof(mps_arg), "%ld",
		 ksm_state_read_one("max_page_sharing") + 100);
	{
		char cmd[PATH_MAX * 3], said[2048] = "";
		FILE *f;
		size_t n;

		snprintf(cmd, sizeof(cmd), "%s run --scenario smoke --vmas 2000 "
			 "--sharing %s --max_page_sharing %s --out %s --wait "
			 "2>&1", bin,
			 mps_arg, mps_arg, out);
		f = popen(cmd, "r");
		n = f ? fread(said, 1, sizeof(said) - 1, f) : 0;
		said[n] = '\0';
		st = f ? pclose(f) : -1;
		CHECK("a scenario that needs the knob changed is refused "
		      "before any change", WIFEXITED(st) &&
		      WEXITSTATUS(st) == 2 && strstr(said, "cannot be changed "
		      "safely") && access(out, F_OK), "status %#x: %s", st,
		      said);
	}
	CHECK("nothing changed by the refusal",
	      !machine_check(&m, path, sizeof(path))[0], "%s", path);
	snprintf(mps_arg, sizeof(mps_arg), "%s", saved_mps);
	kill(other, SIGKILL);
	waitpid(other, NULL, 0);
	close(fds[0]);
	close(fds[1]);
}

int main(int argc, char **argv)
{
	const char *why = ksm_state_unusable();
	char cmd[64 + sizeof(tmpdir)];

	if (why) {
		SKIP("signals, two runs and other KSM users", "%s", why);
		return 0;
	}
	if (argc < 2 || !realpath(argv[1], bin)) {
		CHECK("ksmbench binary given", 0, "usage: %s BIN", argv[0]);
		return 1;
	}
	if (!mkdtemp(tmpdir)) {
		CHECK("temporary directory", 0, "mkdtemp failed");
		return 1;
	}
	/* A change KSM refuses while KSM pages exist: the hard case. */
	snprintf(mps_arg, sizeof(mps_arg), "%ld",
		 ksm_state_read_one("max_page_sharing") + 44);
	fault_matrix();
	two_runs();
	other_user();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", tmpdir);
	return CHECK_EXIT();
}
