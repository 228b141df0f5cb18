/*
 * user/pfdemo.c - a guided tour of page faults, for a class.
 *
 *	pfdemo [--no-pause]
 *
 * Nine steps, one kind of fault each: a read of fresh anonymous memory
 * (zero-page), a write to it (a cow-copy of the zero page), a write to untouched anonymous
 * memory (anon-new), a write after fork in the child (cow-copy) and then
 * in the parent (cow-reuse), a read of a file mapping (file-map), a
 * private write to one (file-cow), deep recursion (stack-grow), a touch
 * beyond the end of a mapped file (sigbus, caught) and a write to a
 * read-only page (segv, caught, with si_code and si_addr).  Before each
 * it says what is about to happen and why, and waits for Enter (not with
 * --no-pause); around each it prints the counters that move: our
 * VmRSS (/proc/self/status), the system's pgfault (/proc/vmstat), our
 * minor faults (getrusage), each skipped when missing.
 *
 * On Mneme it turns the page-fault trace on for itself by writing
 * "pid:<its pid>" to /proc/sys/vm/pftrace (the fork child writes its own
 * pid for its step), so the kernel prints one "pftrace:" line per fault
 * right under the step that caused it, and writes "0" at the end.  On
 * Linux that file does not exist: the demo runs the same and explains,
 * but the kernel shows no trace (perf trace -F all would).  As pid 1
 * (the GRUB entry "Watch page faults", init=/bin/pfdemo) it mounts /proc
 * first, and when it exits Mneme powers off.  Exits 0 when every step
 * behaved as described, 1 otherwise; the file steps say "skipped" on a
 * kernel whose mmap() of a file gives ENODEV (Mneme before file
 * mappings).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PFTRACE_SYSCTL	"/proc/sys/vm/pftrace"
#define STACK_FRAME_BYTES 4096		/* stack each recursion level takes */
#define STACK_GROW_BYTES (256 * 1024)	/* past the 128 KiB stack exec gives */
#define FILE_PAGES	2		/* the mapped file: two pages of text */
#define FILL_BYTE	'F'

static bool pause_between = true;
static bool have_trace;
static int failures;
static long page_size;

/* ---- talking to the class ---------------------------------------------- */

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
}

/* Wait for Enter (or end of input); --no-pause goes straight on. */
static void wait_for_enter(const char *what)
{
	int c;

	if (!pause_between)
		return;
	say("   [press Enter to %s]", what);
	do
		c = getchar();
	while (c != '\n' && c != EOF);
}

static void fail(const char *fmt, ...)
{
	va_list ap;

	printf("pfdemo: FAIL ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	failures++;
}

/* ---- the counters -------------------------------------------------------- */

/*
 * The number after "name" in a /proc file of "name value" lines, or -1.
 * Read with open()/read() into a static buffer: fopen() would malloc a
 * fresh buffer each time, and its page faults would crowd the trace.
 */
static long proc_field(const char *path, const char *name)
{
	static char text[8192];
	size_t len = strlen(name);
	ssize_t n, total = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while ((n = read(fd, text + total, sizeof(text) - 1 - (size_t)total)) > 0)
		total += n;
	close(fd);
	text[total] = '\0';
	for (char *line = text; *line; line++) {
		if (strncmp(line, name, len) == 0 && line[len] && strchr(" :\t", line[len]))
			return strtol(line + len + 1, NULL, 10);
		line = strchr(line, '\n');
		if (!line)
			break;
	}
	return -1;
}

static long minor_faults(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_SELF, &ru) ? -1 : ru.ru_minflt;
}

static void show_counters(const char *when)
{
	long rss = proc_field("/proc/self/status", "VmRSS");
	long pgfault = proc_field("/proc/vmstat", "pgfault");
	long minflt = minor_faults();

	printf("   counters %s:", when);
	if (rss >= 0)
		printf(" VmRSS %ld kB,", rss);
	if (pgfault >= 0)
		printf(" pgfault %ld (whole system),", pgfault);
	if (minflt >= 0)
		printf(" our minor faults %ld", minflt);
	say("\n");
}

/* ---- the trace ------------------------------------------------------------ */

static bool write_sysctl(const char *text)
{
	int fd = open(PFTRACE_SYSCTL, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return false;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text);
}

/* Trace this process's faults (pid:N names any pid, 1 included). */
static void trace_self(void)
{
	char text[32];

	if (!have_trace)
		return;
	snprintf(text, sizeof(text), "pid:%d", (int)getpid());
	write_sysctl(text);
}

static void trace_setup(void)
{
	if (access("/proc/self", F_OK) != 0 && getpid() == 1) {
		mkdir("/proc", 0555);
		if (mount("proc", "/proc", "proc", 0, NULL))
			say("pfdemo: cannot mount /proc (%s): no counters\n", strerror(errno));
	}
	have_trace = access(PFTRACE_SYSCTL, W_OK) == 0;
	if (have_trace) {
		trace_self();
		say("The kernel traces our page faults: each \"pftrace:\" line is one fault,\n"
		    "  pftrace: COMMAND[PID] ADDRESS ip IP ACCESS MODE vma START-END PERMS OUTCOME pfn PFN\n"
		    "printed by the fault handler when it knows the outcome.\n\n");
	} else {
		say("This kernel has no " PFTRACE_SYSCTL ", so it will not show the faults\n"
		    "(on Linux, `perf trace -F all` or the exceptions:page_fault_user\n"
		    "tracepoint would).  The steps and the counters still run.\n\n");
	}
}

/* ---- the steps -------------------------------------------------------------- */

struct step {
	const char *title;
	const char *outcome;		/* what the trace line will end with */
	const char *explain;
	void (*run)(void);
};

static char *anon;			/* FILE_PAGES+2 pages of anonymous memory */
static char *file_map;			/* the file, mapped MAP_PRIVATE */
static int file_fd = -1;
static char file_path[] = "/tmp/pfdemo.XXXXXX";

static void *map_anon(size_t pages, int prot)
{
	void *p = mmap(NULL, pages * page_size, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static void step_zero_page(void)
{
	anon = map_anon(4, PROT_READ | PROT_WRITE);
	if (!anon) {
		fail("mmap of 4 anonymous pages: %s", strerror(errno));
		return;
	}
	say("   reading anon[0] at %p ...\n", (void *)anon);
	char c = *(volatile char *)anon;
	say("   read %d: a page of zeroes\n", c);
	if (c != 0)
		fail("fresh anonymous memory read %d, not 0", c);
}

static void step_write_zero_page(void)
{
	if (!anon)
		return;
	say("   writing 'A' to anon[0] at %p ...\n", (void *)anon);
	*(volatile char *)anon = 'A';
	say("   anon[0] is now '%c'\n", anon[0]);
}

static void step_anon_new(void)
{
	if (!anon)
		return;
	say("   writing 'B' to anon[1] at %p ...\n", (void *)(anon + page_size));
	*(volatile char *)(anon + page_size) = 'B';
	say("   anon[1] is now '%c'\n", anon[page_size]);
}

static void step_fork_cow(void)
{
	char *page = anon ? anon + page_size : NULL;	/* 'B', ours since step 3 */
	int status = 0;
	pid_t pid;

	if (!page)
		return;
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		fail("fork: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		trace_self();
		say("   child %d: writing 'C' to anon[1] at %p ...\n", (int)getpid(),
		    (void *)page);
		*(volatile char *)page = 'C';
		say("   child %d: anon[1] is '%c' for the child\n", (int)getpid(), page[0]);
		_exit(page[0] == 'C' ? 0 : 1);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		fail("the child did not exit 0 (status %#x)", status);
	trace_self();
	say("   parent %d: the child has exited; anon[1] is still '%c' for us\n",
	    (int)getpid(), page[0]);
	if (page[0] != 'B')
		fail("the parent sees the child's write: '%c'", page[0]);
	say("   parent %d: writing 'D' to anon[1] at %p ...\n", (int)getpid(), (void *)page);
	*(volatile char *)page = 'D';
	say("   parent: anon[1] is now '%c'\n", page[0]);
}

/* A file of FILE_PAGES pages of FILL_BYTE, mapped privately. */
static bool make_file(void)
{
	char buf[4096];

	file_fd = mkstemp(file_path);
	if (file_fd < 0) {
		fail("mkstemp %s: %s", file_path, strerror(errno));
		return false;
	}
	memset(buf, FILL_BYTE, sizeof(buf));
	for (long done = 0; done < FILE_PAGES * page_size; done += (long)sizeof(buf))
		if (write(file_fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf)) {
			fail("write %s: %s", file_path, strerror(errno));
			return false;
		}
	file_map = mmap(NULL, FILE_PAGES * page_size, PROT_READ | PROT_WRITE, MAP_PRIVATE,
			file_fd, 0);
	if (file_map == MAP_FAILED && errno == ENODEV) {
		file_map = NULL;	/* a kernel without file mappings yet */
		say("   skipped: this kernel cannot mmap() a file (ENODEV)\n");
		return false;
	}
	if (file_map == MAP_FAILED) {
		file_map = NULL;
		fail("mmap %s: %s", file_path, strerror(errno));
		return false;
	}
	return true;
}

static void step_file_map(void)
{
	if (!make_file())
		return;
	say("   reading the file's first page at %p ...\n", (void *)file_map);
	char c = *(volatile char *)file_map;
	say("   read '%c': the file's own bytes\n", c);
	if (c != FILL_BYTE)
		fail("the mapped file reads '%c', not '%c'", c, FILL_BYTE);
}

static void step_file_cow(void)
{
	char *page = file_map ? file_map + page_size : NULL;
	char byte = 0;

	if (!page)
		return;
	say("   writing 'P' to the file's second page at %p ...\n", (void *)page);
	*(volatile char *)page = 'P';
	if (pread(file_fd, &byte, 1, page_size) != 1)
		fail("pread %s: %s", file_path, strerror(errno));
	say("   our mapping shows '%c'; read() of the file still gives '%c'\n", page[0], byte);
	if (byte != FILL_BYTE)
		fail("a private write reached the file: '%c'", byte);
}

/* Each level keeps STACK_FRAME_BYTES of stack busy until the deepest returns. */
static __attribute__((noinline)) long recurse(long depth)
{
	volatile char frame[STACK_FRAME_BYTES];

	frame[0] = (char)depth;
	frame[sizeof(frame) - 1] = (char)depth;
	if (depth <= 1)
		return frame[0];
	return recurse(depth - 1) + frame[sizeof(frame) - 1];
}

static void step_stack_grow(void)
{
	long levels = STACK_GROW_BYTES / STACK_FRAME_BYTES;
	long before = proc_field("/proc/self/status", "VmStk");
	long after;

	say("   recursing %ld levels deep, %d bytes of stack each ...\n", levels,
	    STACK_FRAME_BYTES);
	recurse(levels);
	after = proc_field("/proc/self/status", "VmStk");
	if (before >= 0 && after >= 0)
		say("   VmStk grew from %ld kB to %ld kB\n", before, after);
	else
		say("   back from %ld levels\n", levels);
}

static sigjmp_buf fault_jump;
static volatile sig_atomic_t caught_signo, caught_code;
static void *volatile caught_addr;

static void on_fault(int signo, siginfo_t *si, void *ctx)
{
	(void)ctx;
	caught_signo = signo;
	caught_code = si->si_code;
	caught_addr = si->si_addr;
	siglongjmp(fault_jump, 1);
}

/* Touch addr (write if write), catching SIGSEGV and SIGBUS: the signal, or 0. */
static int touch_catching(char *addr, bool write)
{
	struct sigaction sa = { .sa_sigaction = on_fault, .sa_flags = SA_SIGINFO };
	struct sigaction old_segv, old_bus;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, &old_segv);
	sigaction(SIGBUS, &sa, &old_bus);
	caught_signo = 0;
	if (sigsetjmp(fault_jump, 1) == 0) {
		if (write)
			*(volatile char *)addr = 'X';
		else
			(void)*(volatile char *)addr;
	}
	sigaction(SIGSEGV, &old_segv, NULL);
	sigaction(SIGBUS, &old_bus, NULL);
	return caught_signo;
}

static const char *code_name(int signo, int code)
{
	if (signo == SIGBUS)
		return code == BUS_ADRERR ? "BUS_ADRERR" : "?";
	if (signo == SIGSEGV)
		return code == SEGV_ACCERR ? "SEGV_ACCERR" : code == SEGV_MAPERR ? "SEGV_MAPERR" : "?";
	return "?";
}

static void expect_signal(const char *what, char *addr, bool write, int signo, int code)
{
	int got = touch_catching(addr, write);

	if (!got) {
		fail("%s: no signal", what);
		return;
	}
	say("   caught %s, si_code %d (%s), si_addr %p\n", strsignal(got), (int)caught_code,
	    code_name(got, caught_code), caught_addr);
	if (got != signo || caught_code != code || caught_addr != addr)
		fail("%s: expected signal %d code %d at %p, got %d code %d at %p", what, signo,
		     code, (void *)addr, got, (int)caught_code, caught_addr);
}

static void step_sigbus(void)
{
	int fd;
	char *map;

	if (!file_map)
		return;		/* no file mapping: skipped above */
	fd = dup(file_fd);
	map = mmap(NULL, FILE_PAGES * page_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		fail("mmap %s: %s", file_path, strerror(errno));
		return;
	}
	if (ftruncate(file_fd, page_size / 2)) {
		fail("ftruncate %s: %s", file_path, strerror(errno));
		munmap(map, FILE_PAGES * page_size);
		return;
	}
	say("   the file is now %ld bytes; reading its second page at %p ...\n",
	    page_size / 2, (void *)(map + page_size));
	expect_signal("a read past the end of the file", map + page_size, false, SIGBUS,
		      BUS_ADRERR);
	munmap(map, FILE_PAGES * page_size);
}

static void step_segv(void)
{
	char *ro = map_anon(1, PROT_READ);

	if (!ro) {
		fail("mmap of a read-only page: %s", strerror(errno));
		return;
	}
	say("   writing to the read-only page at %p ...\n", (void *)ro);
	expect_signal("a write to a read-only page", ro, true, SIGSEGV, SEGV_ACCERR);
	munmap(ro, page_size);
}

static const struct step steps[] = {
	{ "read fresh anonymous memory", "zero-page",
	  "We mmap() 4 pages of anonymous memory and read the first byte.  mmap()\n"
	  "only wrote down a VMA: no page exists yet, so the read faults.  Nothing\n"
	  "was ever written there, so the kernel maps the one shared zero page,\n"
	  "read-only: the read sees zeroes, and no memory is used for it.",
	  step_zero_page },
	{ "write the page we just read", "cow-copy, old_pfn = the zero page",
	  "Now we write to that page.  It is mapped, but read-only (it is the\n"
	  "zero page, shared by everyone), so the write faults again.  The kernel\n"
	  "gives us a new zeroed page of our own and maps it writable: Linux does\n"
	  "this in do_wp_page(), a copy-on-write of the zero page, so old_pfn is\n"
	  "the zero page's frame, the pfn step 1 showed.",
	  step_write_zero_page },
	{ "write fresh anonymous memory", "anon-new",
	  "We write to the second page, which nobody has touched.  The fault\n"
	  "finds no page, and since this is a write there is no point mapping\n"
	  "the zero page first: do_anonymous_page() allocates a zeroed page and\n"
	  "maps it writable at once.  VmRSS grows by 4 kB.",
	  step_anon_new },
	{ "fork, then write in the child and in the parent", "cow-copy, then cow-reuse",
	  "fork() copies no memory: child and parent share every page, and the\n"
	  "kernel makes their writable pages read-only in both (copy_page_range).\n"
	  "The child writes: the page is shared, so do_wp_page() copies it for the\n"
	  "child (cow-copy).  When the child has exited the parent writes: it is\n"
	  "now the page's only user, so the kernel just makes it writable again\n"
	  "(cow-reuse).  Our stack, touched on the way, shows the same cases.",
	  step_fork_cow },
	{ "read a file through mmap()", "file-map",
	  "We write a two-page file in /tmp and map it privately.  Reading the\n"
	  "first page faults; the page is in the page cache (we just wrote it), so\n"
	  "filemap_fault() finds it and the kernel maps that very page, read-only:\n"
	  "no copy, the file's page is shared with the page cache.",
	  step_file_map },
	{ "write to a private file mapping", "file-cow",
	  "Now we write to the second page of that private mapping.  A private\n"
	  "write must not reach the file, so the kernel copies the page-cache page\n"
	  "into a new anonymous page and maps the copy writable (do_cow_fault).\n"
	  "Our mapping sees the write; read() of the file does not.",
	  step_file_cow },
	{ "grow the stack by deep recursion", "stack-grow",
	  "A function calls itself 64 times, each level using 4 kB of stack:\n"
	  "256 kB in all, more than the stack VMA exec() set up.  The first pages\n"
	  "are inside that VMA (anon-new); touching below it faults with no VMA\n"
	  "there, but the one above is marked to grow down (VM_GROWSDOWN), so the\n"
	  "kernel extends it (expand_stack) and then maps a new page: two lines.",
	  step_stack_grow },
	{ "touch a mapped file beyond its end", "sigbus",
	  "We map the file's two pages, then cut the file to half a page.  The\n"
	  "second page of the mapping is now wholly beyond the end of the file:\n"
	  "there is nothing it could show, so the fault sends SIGBUS (BUS_ADRERR).\n"
	  "Our handler catches it and prints the address.",
	  step_sigbus },
	{ "write to a read-only page", "segv",
	  "We map a page with PROT_READ only and write to it.  The VMA exists but\n"
	  "does not allow writing, so the fault handler refuses and sends SIGSEGV\n"
	  "with si_code SEGV_ACCERR (SEGV_MAPERR would mean no VMA at all).\n"
	  "Our handler catches it and prints si_code and si_addr.",
	  step_segv },
};

static void run_step(int n, const struct step *s)
{
	say("\n=== Step %d of %d: %s (trace: %s) ===\n%s\n", n, (int)(sizeof(steps) /
	    sizeof(steps[0])), s->title, s->outcome, s->explain);
	show_counters("before");
	wait_for_enter("do it");
	s->run();
	show_counters("after");
}

static void cleanup(void)
{
	if (file_map)
		munmap(file_map, FILE_PAGES * page_size);
	if (file_fd >= 0) {
		close(file_fd);
		unlink(file_path);
	}
	if (anon)
		munmap(anon, 4 * page_size);
	if (have_trace)
		write_sysctl("0");
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--no-pause") == 0) {
			pause_between = false;
		} else {
			fprintf(stderr, "usage: pfdemo [--no-pause]\n");
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	page_size = sysconf(_SC_PAGESIZE);
	say("pfdemo: a tour of page faults (pid %d)\n", (int)getpid());
	trace_setup();
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		run_step((int)i + 1, &steps[i]);
	cleanup();
	if (failures)
		say("\npfdemo: %d step(s) did not behave as described\n", failures);
	else
		say("\npfdemo: done, every kind of fault shown%s\n",
		    have_trace ? "; the trace is off again" : "");
	if (getpid() == 1)
		wait_for_enter("power off");
	return failures ? 1 : 0;
}
