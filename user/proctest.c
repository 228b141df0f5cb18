/*
 * user/proctest.c - /proc as Linux has it, read the way ps, top and free
 * read it.
 *
 *	proctest [args...]
 *
 * Mounts /proc itself when /proc/self is missing (it runs as init in
 * Mneme), then checks: /proc/self is a link to our pid; /proc/self/stat
 * has 52 fields, our pid, comm and state R; /proc/self/cmdline is our
 * argv, NUL-separated; status and statm parse; /proc/meminfo has the
 * fields free reads, MemTotal >= MemFree > 0, MemTotal = sysinfo's total;
 * /proc/uptime grows; /proc/loadavg and /proc/stat parse; a child's
 * directory is listed by readdir of /proc while it lives, its stat says
 * state S (it sleeps) and our pid as its parent, and it is gone once
 * reaped; busybox ps (when /bin/busybox exists) lists pid 1.  Prints
 * "proctest: OK" and exits 0, or names what failed and exits 1.  A
 * static musl binary that passes on Linux too.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define STAT_FIELDS	52
#define BUF_SIZE	16384
#define CHILD_WAIT_S	20

static int failures;
static int is_mneme;

#define CHECK(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			printf("proctest: FAIL %s:%d: ", __func__, __LINE__); \
			printf(__VA_ARGS__);				\
			printf("\n");					\
			failures++;					\
		}							\
	} while (0)

/* The whole file into buf (NUL-terminated): its length, or -1. */
static long read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	long total = 0, n;

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf + total, size - 1 - total)) > 0)
		total += n;
	close(fd);
	buf[total] = '\0';
	return n < 0 ? -1 : total;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void mount_proc_if_missing(void)
{
	if (access("/proc/self", F_OK) == 0)
		return;
	mkdir("/proc", 0555);
	CHECK(mount("proc", "/proc", "proc", 0, NULL) == 0, "mount proc: %s", strerror(errno));
}

/*
 * Split a stat line: *pid, comm (between the first '(' and the last
 * ')'), *state; returns the number of fields, or -1 if malformed.
 */
static int parse_stat(char *line, int *pid, char *comm, size_t comm_size, char *state,
		      long *ppid)
{
	char *open = strchr(line, '('), *close = strrchr(line, ')'), *p, *save;
	int fields = 2;

	if (!open || !close || close < open || close[1] != ' ')
		return -1;
	*pid = atoi(line);
	snprintf(comm, comm_size, "%.*s", (int)(close - open - 1), open + 1);
	for (p = strtok_r(close + 2, " \n", &save); p; p = strtok_r(NULL, " \n", &save)) {
		fields++;
		if (fields == 3)
			*state = p[0];
		if (fields == 4)
			*ppid = atol(p);
	}
	return fields;
}

static void test_self(int argc, char **argv)
{
	static char buf[BUF_SIZE];
	char link[32], comm[64], name[17] = { 0 }, state = '?', want[BUF_SIZE];
	long n, ppid = -1, len = 0;
	int pid = -1, fields;

	n = readlink("/proc/self", link, sizeof(link) - 1);
	CHECK(n > 0 && atoi((link[n > 0 ? n : 0] = '\0', link)) == getpid(),
	      "/proc/self -> '%s', expected %d", n > 0 ? link : "(error)", getpid());
	CHECK(read_file("/proc/self/stat", buf, sizeof(buf)) > 0, "read /proc/self/stat: %s",
	      strerror(errno));
	prctl(PR_GET_NAME, name, 0, 0, 0);
	fields = parse_stat(buf, &pid, comm, sizeof(comm), &state, &ppid);
	CHECK(fields == STAT_FIELDS, "/proc/self/stat has %d fields, expected %d", fields,
	      STAT_FIELDS);
	CHECK(pid == getpid(), "stat pid %d, expected %d", pid, getpid());
	CHECK(!strcmp(comm, name), "stat comm '%s', expected '%s'", comm, name);
	CHECK(state == 'R', "stat state %c, expected R (we are running)", state);
	CHECK(ppid == getppid(), "stat ppid %ld, expected %d", ppid, getppid());
	for (int i = 0; i < argc; i++) {
		size_t l = strlen(argv[i]) + 1;

		memcpy(want + len, argv[i], l);
		len += (long)l;
	}
	n = read_file("/proc/self/cmdline", buf, sizeof(buf));
	CHECK(n == len && !memcmp(buf, want, (size_t)len),
	      "/proc/self/cmdline is %ld bytes '%s...', expected %ld bytes '%s...'", n, buf, len,
	      want);
	snprintf(want, sizeof(want), "Pid:\t%d\n", getpid());
	CHECK(read_file("/proc/self/status", buf, sizeof(buf)) > 0 && strstr(buf, want) &&
	      strstr(buf, "\nPPid:\t") && strstr(buf, "\nUid:\t") && strstr(buf, "VmRSS:"),
	      "/proc/self/status lacks Pid/PPid/Uid/VmRSS: '%.200s'", buf);
	{
		unsigned long v[7];

		CHECK(read_file("/proc/self/statm", buf, sizeof(buf)) > 0 &&
		      sscanf(buf, "%lu %lu %lu %lu %lu %lu %lu", &v[0], &v[1], &v[2], &v[3], &v[4],
			     &v[5], &v[6]) == 7 && v[0] > 0 && v[1] > 0,
		      "/proc/self/statm '%s'", buf);
	}
}

static unsigned long meminfo_kb(const char *buf, const char *field)
{
	const char *p = strstr(buf, field);

	return p ? strtoul(p + strlen(field), NULL, 10) : 0;
}

static void test_meminfo(void)
{
	static const char *const fields[] = {
		"MemTotal:", "MemFree:", "MemAvailable:", "Buffers:", "Cached:", "SwapCached:",
		"SwapTotal:", "SwapFree:", "Slab:", "SReclaimable:", "SUnreclaim:",
		"KernelStack:", "PageTables:", "VmallocTotal:", "VmallocUsed:",
	};
	static char buf[BUF_SIZE];
	unsigned long total, free_kb, si_total;
	struct sysinfo si;

	CHECK(read_file("/proc/meminfo", buf, sizeof(buf)) > 0, "read /proc/meminfo");
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		char want[64];

		snprintf(want, sizeof(want), "%s%s", i ? "\n" : "", fields[i]);
		CHECK(i ? strstr(buf, want) != NULL : !strncmp(buf, want, strlen(want)),
		      "/proc/meminfo lacks the line %s", fields[i]);
	}
	total = meminfo_kb(buf, "MemTotal:");
	free_kb = meminfo_kb(buf, "MemFree:");
	CHECK(total >= free_kb && free_kb > 0, "MemTotal %lu kB, MemFree %lu kB", total, free_kb);
	CHECK(strstr(buf, " kB\n") != NULL, "meminfo values lack ' kB'");
	sysinfo(&si);
	si_total = (unsigned long)((unsigned long long)si.totalram * si.mem_unit / 1024);
	CHECK(si_total == total, "MemTotal %lu kB, sysinfo says %lu kB", total, si_total);
}

static double read_uptime(void)
{
	char buf[128];

	return read_file("/proc/uptime", buf, sizeof(buf)) > 0 ? atof(buf) : -1;
}

static void test_system_files(void)
{
	static char buf[BUF_SIZE];
	double up0 = read_uptime(), up1, l1, l5, l15;
	int running, total, last;

	sleep_ms(120);
	up1 = read_uptime();
	CHECK(up0 >= 0 && up1 > up0, "/proc/uptime did not grow: %.2f then %.2f", up0, up1);
	CHECK(read_file("/proc/loadavg", buf, sizeof(buf)) > 0 &&
	      sscanf(buf, "%lf %lf %lf %d/%d %d", &l1, &l5, &l15, &running, &total, &last) == 6 &&
	      running >= 1 && total >= running && last > 0, "/proc/loadavg '%s'", buf);
	CHECK(read_file("/proc/stat", buf, sizeof(buf)) > 0 && !strncmp(buf, "cpu ", 4) &&
	      strstr(buf, "\nbtime ") && strstr(buf, "\nprocesses ") &&
	      strstr(buf, "\nprocs_running "), "/proc/stat '%.120s'", buf);
	CHECK(read_file("/proc/version", buf, sizeof(buf)) > 0 && !strncmp(buf, "Linux version ", 14),
	      "/proc/version '%s'", buf);
	CHECK(read_file("/proc/filesystems", buf, sizeof(buf)) > 0 && strstr(buf, "\tproc\n"),
	      "/proc/filesystems lacks proc: '%s'", buf);
	CHECK(read_file("/proc/cpuinfo", buf, sizeof(buf)) > 0 && strstr(buf, "processor\t: 0"),
	      "/proc/cpuinfo '%.80s'", buf);
	CHECK(read_file("/proc/sys/kernel/ostype", buf, sizeof(buf)) > 0 && !strcmp(buf, "Linux\n"),
	      "/proc/sys/kernel/ostype '%s'", buf);
	if (is_mneme) {
		/* O_TRUNC as the shell's `echo 3 > drop_caches` opens it */
		int fd = open("/proc/sys/vm/drop_caches", O_WRONLY | O_TRUNC);

		CHECK(fd >= 0 && write(fd, "3\n", 2) == 2, "write 3 to drop_caches: %s",
		      strerror(errno));
		CHECK(fd < 0 || write(fd, "7\n", 2) == -1, "drop_caches took 7");
		if (fd >= 0)
			close(fd);
	}
}

/* Whether readdir of /proc lists pid. */
static int proc_lists(int pid)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	char name[16];
	int found = 0;

	if (!d)
		return -1;
	snprintf(name, sizeof(name), "%d", pid);
	while ((e = readdir(d)))
		found |= !strcmp(e->d_name, name) && e->d_type == DT_DIR;
	closedir(d);
	return found;
}

/* Sleep until the parent's go file appears (at most CHILD_WAIT_S seconds). */
static int child_waits(const char *go)
{
	/* long naps: a child that wakes on every tick would often read as R */
	for (int i = 0; i < CHILD_WAIT_S * 4; i++) {
		if (access(go, F_OK) == 0)
			return 0;
		sleep_ms(250);
	}
	return 1;
}

static void test_child_dir(void)
{
	static char buf[BUF_SIZE];
	char path[64], go[64], comm[64], state = '?';
	int status = -1, cpid = -1, fields = 0;
	long ppid = -1;
	pid_t pid;

	snprintf(go, sizeof(go), "/tmp/proctest-go.%d", getpid());
	unlink(go);
	pid = fork();
	if (pid == 0)
		_exit(child_waits(go));
	CHECK(pid > 0, "fork: %s", strerror(errno));
	CHECK(proc_lists(getpid()) == 1, "readdir of /proc does not list us (%d)", getpid());
	CHECK(proc_lists(pid) == 1, "readdir of /proc does not list the child %d", pid);
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	for (int tries = 0; tries < 50 && state != 'S'; tries++) {
		sleep_ms(20);		/* let it reach its nanosleep */
		if (read_file(path, buf, sizeof(buf)) > 0)
			fields = parse_stat(buf, &cpid, comm, sizeof(comm), &state, &ppid);
	}
	CHECK(fields == STAT_FIELDS && cpid == pid, "%s: %d fields, pid %d", path, fields, cpid);
	CHECK(state == 'S', "child state %c, expected S (asleep in nanosleep)", state);
	CHECK(ppid == getpid(), "child ppid %ld, expected %d", ppid, getpid());
	close(open(go, O_WRONLY | O_CREAT, 0644));
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "child status 0x%x", status);
	unlink(go);
	snprintf(path, sizeof(path), "/proc/%d", pid);
	CHECK(access(path, F_OK) == -1 && errno == ENOENT, "%s still there after reaping", path);
	CHECK(proc_lists(pid) == 0, "readdir of /proc still lists reaped child %d", pid);
}

/* busybox ps, its output in a file: a line for pid 1. */
static void test_busybox_ps(void)
{
	static char buf[BUF_SIZE];
	const char *out = "/tmp/proctest-ps.out";
	int status = -1;
	pid_t pid;

	if (access("/bin/busybox", X_OK) != 0)
		return;
	pid = fork();
	if (pid == 0) {
		int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd < 0 || dup2(fd, 1) < 0)
			_exit(126);
		execl("/bin/busybox", "ps", (char *)NULL);
		_exit(127);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "busybox ps status 0x%x", status);
	CHECK(read_file(out, buf, sizeof(buf)) > 0 && strstr(buf, "PID") &&
	      strstr(buf, "\n    1 "), "busybox ps printed no line for pid 1: '%s'", buf);
	if (is_mneme)
		printf("%s", buf);
	unlink(out);
}

int main(int argc, char **argv)
{
	struct utsname u;

	setvbuf(stdout, NULL, _IONBF, 0);
	is_mneme = uname(&u) == 0 && strstr(u.release, "mneme") != NULL;
	mount_proc_if_missing();
	test_self(argc, argv);
	test_meminfo();
	test_system_files();
	test_child_dir();
	test_busybox_ps();
	printf("proctest: %s\n", failures ? "FAILED" : "OK");
	return failures ? 1 : 0;
}
