/*
 * user/cowtest.c - copy-on-write fork and the zero page, seen from user
 * space through free memory (sysinfo(2)'s freeram).
 *
 *	cowtest
 *
 * 1. Touch 64 MiB, fork: while the child lives, free memory must have
 *    dropped by far less than 64 MiB (< 8 MiB: page tables and the
 *    child's kernel state), because parent and child share the pages
 *    read-only.  The child sees the parent's bytes; a write by the child
 *    to one page changes only the child's copy.
 * 2. Nested forks: parent, child and grandchild each write their own
 *    mark into the same global and the same mmap page, and each still
 *    reads only its own mark after the others wrote theirs.
 * 3. Reading 32 MiB of untouched anonymous memory must not lower free
 *    memory by more than 4 MiB: every page reads as the shared zero page.
 *    A write to one of them afterwards reads back, and the rest still
 *    read zero.
 * MADV_DONTNEED is left to the vmtests programs.  Prints "cowtest: ok"
 * and exits 0, or names each failure ("expected ..., got ...") and exits
 * 1.  A static musl binary: the same answers on Linux.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>

#define MIB		(1UL << 20)
#define PAGE		4096UL
#define TOUCHED_SIZE	(64 * MIB)
#define FORK_MAX_DROP	(8 * MIB)
#define UNTOUCHED_SIZE	(32 * MIB)
#define ZERO_MAX_DROP	(4 * MIB)
#define FILL_BYTE	0x5a
#define CHILD_BYTE	0xc3

static int failures;
static volatile int mark;	/* each process's own value after fork */

static void fail(const char *what, long expected, long got)
{
	printf("cowtest: FAIL %s: expected %ld, got %ld\n", what, expected, got);
	failures++;
}

static unsigned long free_bytes(void)
{
	struct sysinfo si;

	if (sysinfo(&si)) {
		perror("cowtest: sysinfo");
		exit(1);
	}
	return si.freeram * si.mem_unit;
}

static unsigned char *map_anon(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("cowtest: mmap");
		exit(1);
	}
	return p;
}

/* The status a child exited with, or -1 if it did not exit normally. */
static int reap(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Child of test 1: report what it sees, write one page, exit 0 if all is right. */
static int touched_child(unsigned char *buf, int go_fd)
{
	char c;

	if (read(go_fd, &c, 1) != 1)	/* the parent has measured */
		return 10;
	for (size_t off = 0; off < TOUCHED_SIZE; off += PAGE)
		if (buf[off] != FILL_BYTE)
			return 11;
	memset(buf, CHILD_BYTE, PAGE);	/* copied now: only this page */
	return buf[0] == CHILD_BYTE && buf[PAGE] == FILL_BYTE ? 0 : 12;
}

static void test_fork_shares_touched_memory(void)
{
	unsigned char *buf = map_anon(TOUCHED_SIZE);
	unsigned long before, after;
	int go[2], status;
	pid_t pid;

	memset(buf, FILL_BYTE, TOUCHED_SIZE);
	if (pipe(go)) {
		perror("cowtest: pipe");
		exit(1);
	}
	before = free_bytes();
	pid = fork();
	if (pid < 0) {
		perror("cowtest: fork");
		exit(1);
	}
	if (pid == 0)
		_exit(touched_child(buf, go[0]));
	after = free_bytes();
	if (before > after && before - after >= FORK_MAX_DROP)
		fail("free memory drop (KiB) after forking with 64 MiB touched, below",
		     (long)(FORK_MAX_DROP >> 10), (long)((before - after) >> 10));
	if (write(go[1], "g", 1) != 1)
		perror("cowtest: write");
	close(go[0]);
	close(go[1]);
	status = reap(pid);
	if (status != 0)
		fail("touched child's status (10 read, 11 contents, 12 copy)", 0, status);
	if (buf[0] != FILL_BYTE)
		fail("parent's first byte after the child's write", FILL_BYTE, buf[0]);
	munmap(buf, TOUCHED_SIZE);
}

/* Write my mark, let a descendant write its own, then check mine is intact. */
static int nested_level(unsigned char *page, int level, int levels)
{
	pid_t pid;
	int status = 0;

	mark = level;
	page[0] = (unsigned char)level;
	if (level + 1 < levels) {
		pid = fork();
		if (pid < 0)
			return 20;
		if (pid == 0)
			_exit(nested_level(page, level + 1, levels));
		status = reap(pid);
	}
	if (mark != level || page[0] != level)
		return 30 + level;
	return status;
}

static void test_nested_forks_see_own_writes(void)
{
	unsigned char *page = map_anon(PAGE);
	int status = nested_level(page, 0, 3);

	if (status != 0)
		fail("nested forks (3x: level x saw another's write)", 0, status);
	munmap(page, PAGE);
}

static void test_untouched_reads_use_the_zero_page(void)
{
	unsigned char *buf = map_anon(UNTOUCHED_SIZE);
	unsigned long before = free_bytes(), after, sum = 0;

	for (size_t off = 0; off < UNTOUCHED_SIZE; off += PAGE)
		sum += ((volatile unsigned char *)buf)[off];
	after = free_bytes();
	if (sum)
		fail("sum of untouched bytes", 0, (long)sum);
	if (before > after && before - after >= ZERO_MAX_DROP)
		fail("free memory drop (KiB) after reading 32 MiB untouched, below",
		     (long)(ZERO_MAX_DROP >> 10), (long)((before - after) >> 10));
	buf[PAGE] = FILL_BYTE;		/* a write after the read: a page of its own */
	if (buf[PAGE] != FILL_BYTE || buf[0] != 0 || buf[2 * PAGE] != 0)
		fail("bytes around the written one (1 = wrong)", 0, 1);
	munmap(buf, UNTOUCHED_SIZE);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	test_fork_shares_touched_memory();
	test_nested_forks_see_own_writes();
	test_untouched_reads_use_the_zero_page();
	if (failures) {
		printf("cowtest: %d check(s) failed\n", failures);
		return 1;
	}
	printf("cowtest: ok\n");
	return 0;
}
