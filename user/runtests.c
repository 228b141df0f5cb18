/*
 * user/runtests.c - /bin/runtests, the in-guest test runner.
 *
 *	runtests [--timeout SEC] [--dir DIR] [--no-leak-check] [NAME...]
 *
 * Runs every executable in DIR (default /tests), sorted by name, or only
 * the NAMEs given, each in its own process and process group (fork,
 * setpgid, execve DIR/NAME with argv[0] the full path), with its stdout
 * and stderr read through a pipe and shown indented ("    | line"; when
 * pipe() fails the test writes to the runner's output directly).  A
 * test that runs longer than SEC seconds (default 30) has its whole
 * group killed with SIGKILL and fails with "timed out".  Exit status 0
 * is PASS, 77 is SKIP (automake's convention), anything else or death by
 * a signal is FAIL, with the status decoded ("killed by signal 11
 * (Segmentation fault)").  Prints "TEST NAME PASS|FAIL|SKIP" per test.
 *
 * The leak check: around each test it writes "3" to
 * /proc/sys/vm/drop_caches (when that file exists) and reads MemFree
 * plus Slab from /proc/meminfo (sysinfo(2)'s freeram when there is no
 * /proc), and the bytes of all allocated slab objects from
 * /proc/slabinfo (when readable), before and after, and prints "TEST
 * NAME.no_leak PASS|FAIL" with the values: any drop of MemFree + Slab
 * (a page not given back) or growth of the object bytes (an object not
 * freed) fails.  Slab pages are counted with the free memory because a
 * test may leave the same objects spread over one slab page more
 * (freed in an old page, allocated again in a new one): that is
 * fragmentation, not a leak.  There is no slack on purpose: in Mneme
 * the runner is the only thing running, and every page a test's process,
 * its page tables, its pipes and the page cache for its files used must
 * be free again once it has been reaped and the caches dropped.  So that
 * the runner's own first-time costs (its stack and buffers, caches warmed
 * by the first fork and exec) are not charged to the first test, a
 * trivial program (the runner itself, with --warm-up) runs once before
 * the measurements start, and the runner's buffers are touched at start.
 * On a shared machine MemFree moves for reasons of its own: use
 * --no-leak-check there (the harness does on the build machine).
 *
 * Ends with "N passed, M failed" (", K skipped" when K > 0), counting
 * every TEST line including the no_leak ones, and exits 0 only if
 * nothing failed.  As pid 1 (init=/bin/runtests) it also reaps the
 * orphans a test leaves; /sbin/init's "runtests" mode is the usual way
 * to start it, with /proc and /dev mounted first.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_DIR		"/tests"
#define DEFAULT_TIMEOUT_S	30
#define EXIT_SKIP		77	/* automake's "skipped" */
#define MAX_TESTS		256
#define NAME_MAX_LEN		128
#define POLL_INTERVAL_MS	100	/* how often a running test is checked on */
#define GRACE_MS		1000	/* output still arriving after the exit */
#define MEMINFO			"/proc/meminfo"
#define DROP_CACHES		"/proc/sys/vm/drop_caches"

struct result_counts {
	int passed, failed, skipped;
};

extern char **environ;

/* Static, and touched once at start: their pages are not a test's leak. */
static char out_line[1024];
static char io_buf[4096];
static char pending[1024];	/* an output line not yet ended by '\n' */
static char slab_buf[16384];	/* /proc/slabinfo */
static size_t pending_len;
static char names[MAX_TESTS][NAME_MAX_LEN];
static int nr_names;
static int warned_no_pipe;

static void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void out(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out_line, sizeof(out_line), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(out_line) - 1)
		n = sizeof(out_line) - 1;
	for (int done = 0; done < n;) {
		ssize_t w = write(STDOUT_FILENO, out_line + done, n - done);

		if (w <= 0)
			return;
		done += w;
	}
}

static void report(struct result_counts *c, const char *name, const char *suffix,
		   const char *result, const char *note)
{
	out("TEST %s%s %s%s%s\n", name, suffix, result, note ? " " : "", note ? note : "");
	if (!strcmp(result, "PASS"))
		c->passed++;
	else if (!strcmp(result, "SKIP"))
		c->skipped++;
	else
		c->failed++;
}

/* --- the test's output ------------------------------------------------ */

static void flush_pending(void)
{
	if (pending_len) {
		out("    | %.*s\n", (int)pending_len, pending);
		pending_len = 0;
	}
}

/* Show bytes of output, a line at a time, indented. */
static void show_output(const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (buf[i] == '\n') {
			out("    | %.*s\n", (int)pending_len, pending);
			pending_len = 0;
			continue;
		}
		if (pending_len == sizeof(pending))
			flush_pending();
		pending[pending_len++] = buf[i];
	}
}

/*
 * Read what is there, waiting up to wait_ms: 1 if the pipe may have more,
 * 0 at end of file, -1 when poll() itself fails (then there is no way to
 * wait with a time-out).
 */
static int drain(int fd, int wait_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int ready = poll(&p, 1, wait_ms);
	ssize_t n;

	if (ready < 0)
		return errno == EINTR ? 1 : -1;
	if (ready == 0)
		return 1;
	n = read(fd, io_buf, sizeof(io_buf));
	if (n < 0 && errno == EINTR)
		return 1;
	if (n <= 0)
		return 0;
	show_output(io_buf, n);
	return 1;
}

/* --- time and memory -------------------------------------------------- */

static long long now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
		return -1;
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Ask the kernel to drop clean page-cache pages, if it can. */
static void drop_caches(void)
{
	int fd = open(DROP_CACHES, O_WRONLY);

	if (fd < 0)
		return;
	if (write(fd, "3\n", 2) < 0)
		out("runtests: writing %s: %s\n", DROP_CACHES, strerror(errno));
	close(fd);
}

/* The KiB of a "Name:   N kB" line of buf, or 0. */
static long long meminfo_kb(const char *buf, const char *name)
{
	const char *p = strstr(buf, name);

	return p ? strtoll(p + strlen(name), NULL, 10) : 0;
}

/* MemFree + Slab in KiB, from /proc/meminfo or else sysinfo(2); -1 if neither. */
static long long mem_free_kb(void)
{
	struct sysinfo si;
	int fd = open(MEMINFO, O_RDONLY);

	if (fd >= 0) {
		ssize_t n = read(fd, io_buf, sizeof(io_buf) - 1);

		close(fd);
		if (n > 0) {
			io_buf[n] = '\0';
			if (strstr(io_buf, "MemFree:"))
				return meminfo_kb(io_buf, "MemFree:") + meminfo_kb(io_buf, "Slab:");
		}
	}
	if (sysinfo(&si) == 0)
		return (long long)si.freeram * si.mem_unit / 1024;
	return -1;
}

/* Bytes of all allocated slab objects (active_objs * objsize), -1 if unreadable. */
static long long slab_object_bytes(void)
{
	int fd = open("/proc/slabinfo", O_RDONLY);
	long long sum = 0;
	size_t len = 0;
	ssize_t n;
	char *line;

	if (fd < 0)
		return -1;
	while (len < sizeof(slab_buf) - 1 &&
	       (n = read(fd, slab_buf + len, sizeof(slab_buf) - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	slab_buf[len] = '\0';
	for (line = strchr(slab_buf, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
		char name[64];
		long long active, total, size;

		if (line[1] != '#' &&
		    sscanf(line + 1, "%63s %lld %lld %lld", name, &active, &total, &size) == 4)
			sum += active * size;
	}
	return sum;
}

/* --- running one test ------------------------------------------------- */

static void describe_status(int status, int timed_out, char *buf, size_t size)
{
	if (timed_out)
		snprintf(buf, size, "timed out");
	else if (WIFSIGNALED(status))
		snprintf(buf, size, "killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else
		snprintf(buf, size, "exit status %d", WEXITSTATUS(status));
}

/* The child: its own group, output into the pipe, then the test. */
static void exec_test(const char *path, int out_fd)
{
	char *argv[] = { (char *)path, NULL };

	setpgid(0, 0);
	if (out_fd >= 0) {
		dup2(out_fd, STDOUT_FILENO);
		dup2(out_fd, STDERR_FILENO);
		if (out_fd > STDERR_FILENO)
			close(out_fd);
	}
	execve(path, argv, environ);
	dprintf(STDERR_FILENO, "runtests: cannot execute %s: %s\n", path, strerror(errno));
	_exit(126);
}

/*
 * Wait for the test, showing its output (fd, or -1 when it goes straight
 * to ours), for at most timeout_s; then kill its group (stragglers too).
 * Returns the wait status; *timed_out says whether the time ran out.
 * Without poll() there is no time-out: the runner just waits.
 */
static int supervise(pid_t pid, int fd, int timeout_s, int *timed_out)
{
	long long start = now_ms(), waited_ms = 0, grace_end;
	int status = 0, open_fd = fd >= 0;

	*timed_out = 0;
	for (;;) {
		pid_t got = waitpid(pid, &status, WNOHANG);
		int r;

		if (got == pid || (got < 0 && errno != EINTR))
			break;
		r = open_fd ? drain(fd, POLL_INTERVAL_MS) : poll(NULL, 0, POLL_INTERVAL_MS);
		if (open_fd)
			open_fd = r > 0;
		if (r < 0 && errno != EINTR) {
			waitpid(pid, &status, 0);
			break;
		}
		/* Without a clock, count the waits (a lower bound). */
		waited_ms = start >= 0 ? now_ms() - start : waited_ms + POLL_INTERVAL_MS;
		if (waited_ms > timeout_s * 1000LL) {
			*timed_out = 1;
			kill(-pid, SIGKILL);
			waitpid(pid, &status, 0);
			break;
		}
	}
	kill(-pid, SIGKILL);	/* whatever the test left running */
	grace_end = now_ms() + GRACE_MS;
	while (open_fd && (now_ms() < grace_end || grace_end < GRACE_MS))
		open_fd = drain(fd, POLL_INTERVAL_MS) > 0;
	flush_pending();
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;	/* orphans, when the runner is pid 1 */
	return status;
}

static void close_pipe(int fds[2])
{
	for (int i = 0; i < 2; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

/* Run dir/name; returns 0 PASS, EXIT_SKIP, or 1 FAIL with why. */
static int run_test(const char *dir, const char *name, int timeout_s,
		    char *why, size_t why_size)
{
	char path[PATH_MAX];
	int fds[2], status, timed_out;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (pipe2(fds, O_CLOEXEC) < 0) {
		/* Still run it, its output unindented: better than nothing. */
		if (!warned_no_pipe++)
			out("runtests: pipe: %s; test output is not indented\n", strerror(errno));
		fds[0] = fds[1] = -1;
	}
	pid = fork();
	if (pid < 0) {
		snprintf(why, why_size, "fork: %s", strerror(errno));
		close_pipe(fds);
		return 1;
	}
	if (pid == 0)
		exec_test(path, fds[1]);
	setpgid(pid, pid);	/* also here: no race with the kill below */
	if (fds[1] >= 0)
		close(fds[1]);
	status = supervise(pid, fds[0], timeout_s, &timed_out);
	if (fds[0] >= 0)
		close(fds[0]);
	describe_status(status, timed_out, why, why_size);
	if (!timed_out && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (!timed_out && WIFEXITED(status) && WEXITSTATUS(status) == EXIT_SKIP)
		return EXIT_SKIP;
	return 1;
}

static void run_one(struct result_counts *c, const char *dir, const char *name,
		    int timeout_s, int leak_check)
{
	char why[128], note[160];
	long long before = 0, after = 0, objs_before = 0, objs_after = 0;
	int rc, leaked;

	if (leak_check) {
		drop_caches();
		before = mem_free_kb();
		objs_before = slab_object_bytes();
	}
	rc = run_test(dir, name, timeout_s, why, sizeof(why));
	if (rc == 1)
		out("runtests: %s: %s\n", name, why);
	report(c, name, "", rc == 0 ? "PASS" : rc == EXIT_SKIP ? "SKIP" : "FAIL", NULL);
	if (!leak_check)
		return;
	drop_caches();
	after = mem_free_kb();
	objs_after = slab_object_bytes();
	if (before < 0 || after < 0) {
		report(c, name, ".no_leak", "SKIP", "(no /proc/meminfo and no sysinfo)");
		return;
	}
	snprintf(note, sizeof(note), "(MemFree+Slab %lld -> %lld KiB, %+lld KiB; slab objects %+lld bytes)",
		 before, after, after - before,
		 objs_before >= 0 && objs_after >= 0 ? objs_after - objs_before : 0);
	if (after < before)
		out("runtests: %s: %lld KiB of memory not given back\n", name, before - after);
	leaked = after < before || (objs_before >= 0 && objs_after > objs_before);
	if (objs_before >= 0 && objs_after > objs_before)
		out("runtests: %s: %lld bytes of slab objects not freed\n", name,
		    objs_after - objs_before);
	report(c, name, ".no_leak", leaked ? "FAIL" : "PASS", note);
}

/* --- which tests ------------------------------------------------------ */

static int by_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

static int is_test(const char *dir, const char *name)
{
	char path[PATH_MAX];
	struct stat st;

	if (name[0] == '.')
		return 0;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111);
}

static int list_tests(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d) {
		out("runtests: cannot open %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) && nr_names < MAX_TESTS) {
		if (is_test(dir, e->d_name) && strlen(e->d_name) < NAME_MAX_LEN)
			strcpy(names[nr_names++], e->d_name);
	}
	closedir(d);
	qsort(names, nr_names, sizeof(names[0]), by_name);
	return 0;
}

/* A trivial program through the same path as a test: this one. */
static void warm_up(const char *self, int timeout_s)
{
	char why[128];
	char dir[PATH_MAX], *slash;

	if (!strchr(self, '/') && getauxval(AT_EXECFN))
		self = (const char *)getauxval(AT_EXECFN);
	snprintf(dir, sizeof(dir), "%s", self);
	slash = strrchr(dir, '/');
	if (!slash || access(self, X_OK) < 0)
		return;	/* not found by path: the first test warms up instead */
	*slash = '\0';
	setenv("RUNTESTS_WARM_UP", "1", 1);
	run_test(dir[0] ? dir : "/", slash + 1, timeout_s, why, sizeof(why));
	unsetenv("RUNTESTS_WARM_UP");
}

static int usage(void)
{
	out("usage: runtests [--timeout SEC] [--dir DIR] [--no-leak-check] [NAME...]\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct result_counts c = { 0, 0, 0 };
	const char *dir = DEFAULT_DIR;
	int timeout_s = DEFAULT_TIMEOUT_S, leak_check = 1, i;

	if (getenv("RUNTESTS_WARM_UP"))
		return 0;	/* the warm-up run: do nothing, successfully */
	memset(io_buf, 0, sizeof(io_buf));
	memset(pending, 0, sizeof(pending));
	memset(out_line, 0, sizeof(out_line));
	memset(slab_buf, 0, sizeof(slab_buf));
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--timeout") && i + 1 < argc)
			timeout_s = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--dir") && i + 1 < argc)
			dir = argv[++i];
		else if (!strcmp(argv[i], "--no-leak-check"))
			leak_check = 0;
		else
			return usage();
	}
	if (timeout_s <= 0)
		return usage();
	if (i < argc) {
		for (; i < argc && nr_names < MAX_TESTS; i++)
			snprintf(names[nr_names++], NAME_MAX_LEN, "%s", argv[i]);
	} else if (list_tests(dir) < 0) {
		report(&c, "runtests.list_tests", "", "FAIL", NULL);
		out("0 passed, 1 failed\n");
		return 1;
	}
	out("runtests: %d tests in %s, time-out %d s, leak check %s\n",
	    nr_names, dir, timeout_s, leak_check ? "on" : "off");
	if (leak_check)
		warm_up(argv[0], timeout_s);
	for (i = 0; i < nr_names; i++) {
		if (!is_test(dir, names[i])) {
			out("runtests: %s: no such test in %s\n", names[i], dir);
			report(&c, names[i], "", "FAIL", NULL);
			continue;
		}
		run_one(&c, dir, names[i], timeout_s, leak_check);
	}
	if (c.skipped)
		out("%d passed, %d failed, %d skipped\n", c.passed, c.failed, c.skipped);
	else
		out("%d passed, %d failed\n", c.passed, c.failed);
	return c.failed ? 1 : 0;
}
