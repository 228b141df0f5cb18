/*
 * user/mmbench.c - the user-space half of `make bench`: what process
 * memory costs as a program sees it.  Each metric is the median of
 * --runs runs (default 7), timed with clock_gettime(CLOCK_MONOTONIC),
 * and printed as one line
 *
 *	mmbench <metric> <value> <unit>
 *
 * or "mmbench <metric> unsupported" when the kernel lacks what the
 * metric needs (file_mmap_fault_ns before file mappings).  A first line
 * "# mmbench: ..." gives the run count and the sizes used.
 *
 *	mmbench [--runs N] [--small] [METRIC...]
 *
 * METRICs choose which to run (default all).  --small shrinks the sizes
 * (not the fork sizes, which the names carry) for a quick check that
 * every metric runs.  An ordinary static Linux program: the same binary
 * runs on the build machine for comparison (tools/bench --linux).
 * Exit status 0, or 1 if a metric failed (its reason on stderr).
 *
 * Under make bench QEMU runs with -icount shift=0: a guest nanosecond is
 * one instruction, so the figures are instruction counts that repeat
 * and compare across machines, not real-hardware times.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_RUNS	7
#define MAX_RUNS	99
#define MIB		(1024 * 1024)
#define READ_CHUNK	(64 * 1024)
#define EXEC_CHILD_ARG	"--exec-child"

struct sizes {
	long fault_pages;	/* anon_fault*, cow_fault: pages per run */
	long file_bytes;	/* file_read_MBps, file_mmap_fault_ns */
	long loops;		/* mmap_munmap_ns, brk_ns: pairs per run */
};

static const struct sizes full_sizes = { 4096, 4 * MIB, 1000 };
static const struct sizes small_sizes = { 256, 1 * MIB, 100 };

static struct sizes size;
static long page_size;
static int runs = DEFAULT_RUNS;
static const char *self_path;
static char file_path[256];

/* A run's result: its figure, or a negative error. */
#define RUN_UNSUPPORTED	(-2.0)
#define RUN_FAILED	(-1.0)

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static double fail(const char *metric, const char *what)
{
	fprintf(stderr, "mmbench: %s: %s: %s\n", metric, what, strerror(errno));
	return RUN_FAILED;
}

static void *map_anon(size_t len)
{
	return mmap(NULL, len, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static void touch_write(volatile char *p, long pages)
{
	for (long i = 0; i < pages; i++)
		p[i * page_size] = 1;
}

static long touch_read(const volatile char *p, long pages)
{
	long sum = 0;

	for (long i = 0; i < pages; i++)
		sum += p[i * page_size];
	return sum;
}

/*
 * anon_fault_ns / anon_fault_read_ns: mmap a fresh anonymous region and
 * touch every page, per page.  The mmap is inside the timing so that a
 * kernel populating at mmap time (eager) and one faulting on touch
 * (demand paging) are measured alike.
 */
static double anon_fault(int write)
{
	const char *metric = write ? "anon_fault_ns" : "anon_fault_read_ns";
	size_t len = size.fault_pages * page_size;
	double t0 = now_ns(), t1;
	char *p = map_anon(len);

	if (p == MAP_FAILED)
		return fail(metric, "mmap");
	if (write)
		touch_write(p, size.fault_pages);
	else if (touch_read(p, size.fault_pages) != 0)
		fprintf(stderr, "mmbench: %s: a fresh page is not zero\n", metric);
	t1 = now_ns();
	munmap(p, len);
	return (t1 - t0) / size.fault_pages;
}

static double run_anon_fault(void) { return anon_fault(1); }
static double run_anon_fault_read(void) { return anon_fault(0); }

/* wait_child: 0 if pid exited with status 0. */
static int wait_child(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/*
 * cow_fault_ns: touch a region, fork; the child writes every page and
 * sends its time per page up a pipe.
 */
static double run_cow_fault(void)
{
	size_t len = size.fault_pages * page_size;
	double result = RUN_FAILED;
	char *p = map_anon(len);
	int fds[2];
	pid_t pid;

	if (p == MAP_FAILED)
		return fail("cow_fault_ns", "mmap");
	touch_write(p, size.fault_pages);
	if (pipe(fds) < 0) {
		fail("cow_fault_ns", "pipe");
		goto out_unmap;
	}
	pid = fork();
	if (pid == 0) {
		double t0 = now_ns(), per_page;

		touch_write(p, size.fault_pages);
		per_page = (now_ns() - t0) / size.fault_pages;
		_exit(write(fds[1], &per_page, sizeof(per_page)) == sizeof(per_page) ? 0 : 1);
	}
	close(fds[1]);
	if (pid < 0) {
		fail("cow_fault_ns", "fork");
		goto out_close;
	}
	if (read(fds[0], &result, sizeof(result)) != sizeof(result))
		result = fail("cow_fault_ns", "read from the child");
	if (wait_child(pid) < 0)
		result = fail("cow_fault_ns", "the child failed");
out_close:
	close(fds[0]);
out_unmap:
	munmap(p, len);
	return result;
}

/* fork_exit_us_*: fork, the child exits at once, the parent reaps it. */
static double fork_exit(const char *metric, long mib)
{
	size_t len = mib * MIB;
	char *p = NULL;
	double t0, t1;
	pid_t pid;

	if (len) {
		p = map_anon(len);
		if (p == MAP_FAILED)
			return fail(metric, "mmap");
		touch_write(p, len / page_size);
	}
	t0 = now_ns();
	pid = fork();
	if (pid == 0)
		_exit(0);
	if (pid < 0 || wait_child(pid) < 0) {
		t1 = fail(metric, "fork/wait");
		goto out;
	}
	t1 = (now_ns() - t0) / 1000;
out:
	if (len)
		munmap(p, len);
	return t1;
}

static double run_fork_exit_0(void) { return fork_exit("fork_exit_us_0mb", 0); }
static double run_fork_exit_16(void) { return fork_exit("fork_exit_us_16mb", 16); }
static double run_fork_exit_64(void) { return fork_exit("fork_exit_us_64mb", 64); }

/* mmap_munmap_ns: map one page, never touched, and unmap it. */
static double run_mmap_munmap(void)
{
	double t0 = now_ns();

	for (long i = 0; i < size.loops; i++) {
		void *p = map_anon(page_size);

		if (p == MAP_FAILED)
			return fail("mmap_munmap_ns", "mmap");
		if (munmap(p, page_size) < 0)
			return fail("mmap_munmap_ns", "munmap");
	}
	return (now_ns() - t0) / size.loops;
}

/*
 * brk_ns: move the break up one page and back, with the brk system
 * call itself (musl's sbrk() asks for the break again each time).
 */
static double run_brk(void)
{
	unsigned long cur = syscall(SYS_brk, 0);
	double t0 = now_ns();

	for (long i = 0; i < size.loops; i++) {
		if ((unsigned long)syscall(SYS_brk, cur + page_size) != cur + page_size) {
			errno = ENOMEM;
			return fail("brk_ns", "brk grow");
		}
		if ((unsigned long)syscall(SYS_brk, cur) != cur)
			return fail("brk_ns", "brk shrink");
	}
	return (now_ns() - t0) / size.loops;
}

/* make_file: the benchmark file, size.file_bytes, in the page cache. */
static int make_file(void)
{
	static char chunk[READ_CHUNK];
	int fd = open(file_path, O_RDWR | O_CREAT | O_TRUNC, 0600);

	if (fd < 0)
		return -1;
	for (long off = 0; off < size.file_bytes; off += READ_CHUNK) {
		memset(chunk, (int)(off / READ_CHUNK) + 1, sizeof(chunk));
		if (write(fd, chunk, sizeof(chunk)) != sizeof(chunk)) {
			close(fd);
			return -1;
		}
	}
	return fd;
}

/* read_file: read all of fd from offset 0; 0 or -1. */
static int read_file(int fd)
{
	static char chunk[READ_CHUNK];
	long total = 0;
	ssize_t n;

	if (lseek(fd, 0, SEEK_SET) < 0)
		return -1;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		total += n;
	return n == 0 && total == size.file_bytes ? 0 : -1;
}

/* file_read_MBps: read() the hot file in 64 KiB chunks, in MB (1e6 B)/s. */
static double run_file_read(void)
{
	int fd = make_file();
	double t0, t1;

	if (fd < 0)
		return fail("file_read_MBps", "write the file");
	if (read_file(fd) < 0) {		/* warm up: the file is hot */
		close(fd);
		return fail("file_read_MBps", "read");
	}
	t0 = now_ns();
	if (read_file(fd) < 0) {
		close(fd);
		return fail("file_read_MBps", "read");
	}
	t1 = now_ns();
	close(fd);
	unlink(file_path);
	return size.file_bytes * 1e3 / (t1 - t0);
}

/*
 * file_mmap_fault_ns: mmap the hot file read-only and read-touch every
 * page, per page (mmap inside the timing, as for anon_fault_ns).
 */
static double run_file_mmap_fault(void)
{
	long pages = size.file_bytes / page_size;
	double result = RUN_FAILED, t0;
	int fd = make_file();
	char *p;

	if (fd < 0)
		return fail("file_mmap_fault_ns", "write the file");
	t0 = now_ns();
	p = mmap(NULL, size.file_bytes, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED) {
		if (errno == ENODEV || errno == EINVAL || errno == ENOSYS)
			result = RUN_UNSUPPORTED;
		else
			fail("file_mmap_fault_ns", "mmap");
		goto out_close;
	}
	if (touch_read(p, pages) == 0)
		fprintf(stderr, "mmbench: file_mmap_fault_ns: the mapping reads zeros\n");
	result = (now_ns() - t0) / pages;
	munmap(p, size.file_bytes);
out_close:
	close(fd);
	unlink(file_path);
	return result;
}

/* execve_us: fork, the child execs this program, which exits at once. */
static double run_execve(void)
{
	char *const argv[] = { (char *)self_path, EXEC_CHILD_ARG, NULL };
	char *const envp[] = { NULL };
	double t0 = now_ns();
	pid_t pid = fork();

	if (pid == 0) {
		execve(self_path, argv, envp);
		_exit(127);
	}
	if (pid < 0 || wait_child(pid) < 0)
		return fail("execve_us", "fork/execve/wait");
	return (now_ns() - t0) / 1000;
}

struct metric {
	const char *name;
	const char *unit;
	double (*run)(void);
	int chosen;
};

static struct metric metrics[] = {
	{ "anon_fault_ns", "ns", run_anon_fault, 0 },
	{ "anon_fault_read_ns", "ns", run_anon_fault_read, 0 },
	{ "cow_fault_ns", "ns", run_cow_fault, 0 },
	{ "fork_exit_us_0mb", "us", run_fork_exit_0, 0 },
	{ "fork_exit_us_16mb", "us", run_fork_exit_16, 0 },
	{ "fork_exit_us_64mb", "us", run_fork_exit_64, 0 },
	{ "mmap_munmap_ns", "ns", run_mmap_munmap, 0 },
	{ "brk_ns", "ns", run_brk, 0 },
	{ "file_read_MBps", "MB/s", run_file_read, 0 },
	{ "file_mmap_fault_ns", "ns", run_file_mmap_fault, 0 },
	{ "execve_us", "us", run_execve, 0 },
};

#define N_METRICS	(sizeof(metrics) / sizeof(metrics[0]))

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* run_metric: print its line; 0, or -1 if a run failed. */
static int run_metric(const struct metric *m)
{
	double values[MAX_RUNS];

	for (int r = 0; r < runs; r++) {
		values[r] = m->run();
		if (values[r] == RUN_UNSUPPORTED) {
			printf("mmbench %s unsupported\n", m->name);
			return 0;
		}
		if (values[r] < 0) {
			printf("mmbench %s failed\n", m->name);
			return -1;
		}
	}
	qsort(values, runs, sizeof(values[0]), compare_doubles);
	printf("mmbench %s %.*f %s\n", m->name, values[runs / 2] < 100 ? 1 : 0,
	       values[runs / 2], m->unit);
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: mmbench [--runs N] [--small] [METRIC...]\nmetrics:");
	for (size_t i = 0; i < N_METRICS; i++)
		fprintf(stderr, " %s", metrics[i].name);
	fprintf(stderr, "\n");
	exit(2);
}

/* choose: mark the metric named name; -1 if there is none. */
static int choose(const char *name)
{
	for (size_t i = 0; i < N_METRICS; i++) {
		if (!strcmp(metrics[i].name, name)) {
			metrics[i].chosen = 1;
			return 0;
		}
	}
	return -1;
}

static void parse_args(int argc, char **argv)
{
	int any = 0;

	size = full_sizes;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--runs") && i + 1 < argc) {
			runs = atoi(argv[++i]);
			if (runs < 1 || runs > MAX_RUNS)
				usage();
		} else if (!strcmp(argv[i], "--small")) {
			size = small_sizes;
		} else if (choose(argv[i]) < 0) {
			usage();
		} else {
			any = 1;
		}
	}
	for (size_t i = 0; !any && i < N_METRICS; i++)
		metrics[i].chosen = 1;
}

int main(int argc, char **argv)
{
	const char *tmp = getenv("TMPDIR");
	int failed = 0;

	if (argc == 2 && !strcmp(argv[1], EXEC_CHILD_ARG))
		return 0;
	page_size = sysconf(_SC_PAGESIZE);
	/* On Linux a bare name was found on $PATH: exec ourselves by /proc. */
	self_path = strchr(argv[0], '/') ? argv[0] : "/proc/self/exe";
	snprintf(file_path, sizeof(file_path), "%s/mmbench.%d",
		 tmp && *tmp ? tmp : "/tmp", (int)getpid());
	parse_args(argc, argv);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("# mmbench: median of %d runs; %ld-page anonymous regions, "
	       "%ld MiB file, %ld mmap/brk pairs, fork with 0/16/64 MiB touched\n",
	       runs, size.fault_pages, size.file_bytes / MIB, size.loops);
	for (size_t i = 0; i < N_METRICS; i++)
		if (metrics[i].chosen && run_metric(&metrics[i]) < 0)
			failed = 1;
	return failed;
}
