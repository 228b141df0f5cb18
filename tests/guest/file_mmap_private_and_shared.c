/*
 * file_mmap_private_and_shared - mmap() of a regular file, as Linux does
 * it: a MAP_PRIVATE mapping reads the file but its writes stay private
 * (read() and a fresh mapping still see the old bytes); a MAP_SHARED
 * mapping's writes are the file's (seen by read(), by a second mapping,
 * and by a child after fork, whose own shared writes the parent sees).
 * A page wholly beyond end of file gives SIGBUS with BUS_ADRERR at the
 * exact address, while the rest of the last page reads as zeros, and so
 * does a mapped page that ftruncate() cut off (growing the file again
 * brings back a page of zeros, not the old bytes).  The
 * errors: EACCES for a shared writable map of an O_RDONLY fd (and for
 * mprotect(PROT_WRITE) of a shared read-only one) and for any map of an
 * O_WRONLY fd, ENODEV for a pipe, EINVAL for an unaligned
 * offset, EBADF for a closed fd.  munmap of a file mapping leaves the
 * file readable and whole.
 */
#include "guest.h"
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define PAGE		4096
#define FILE_PAGES	3
#define TAIL_BYTES	100	/* the file ends this far into its last page */
#define FILE_SIZE	((FILE_PAGES - 1) * PAGE + TAIL_BYTES)
#define MAP_PAGES	(FILE_PAGES + 1)	/* one page wholly beyond EOF */
#define BEYOND_OFFSET	77	/* si_addr must be exact, not page aligned */

static sigjmp_buf env;
static volatile void *bus_addr;
static volatile int bus_code, bus_signo;

static void on_bus(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	bus_signo = sig;
	bus_addr = si->si_addr;
	bus_code = si->si_code;
	siglongjmp(env, 1);
}

static char pattern(size_t i)
{
	return (char)('a' + i % 23);
}

static int make_file(const char *path)
{
	char buf[PAGE];
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);

	if (fd < 0)
		test_abort("open of the test file");
	for (size_t off = 0; off < FILE_SIZE; off += sizeof(buf)) {
		size_t n = FILE_SIZE - off < sizeof(buf) ? FILE_SIZE - off : sizeof(buf);

		for (size_t i = 0; i < n; i++)
			buf[i] = pattern(off + i);
		if (write(fd, buf, n) != (ssize_t)n)
			test_abort("write of the test file");
	}
	return fd;
}

static char read_byte(int fd, off_t off)
{
	char c = 0;

	EXPECT_EQ(1, pread(fd, &c, 1, off), "pread of one byte");
	return c;
}

static char *map(int fd, int prot, int flags, const char *what)
{
	char *p = mmap(NULL, MAP_PAGES * PAGE, prot, flags, fd, 0);

	if (p == MAP_FAILED)
		test_abort(what);
	return p;
}

static void private_writes_stay_private(int fd)
{
	char *p = map(fd, PROT_READ | PROT_WRITE, MAP_PRIVATE, "mmap MAP_PRIVATE");
	char *q;

	EXPECT_EQ(pattern(5), p[5], "a private mapping reads the file");
	EXPECT_EQ(pattern(PAGE + 9), p[PAGE + 9], "and its second page");
	p[5] = 'X';
	p[PAGE + 9] = 'Y';
	EXPECT_EQ('X', p[5], "the private write, read back");
	EXPECT_EQ(pattern(5), read_byte(fd, 5), "read() after a private write");
	q = map(fd, PROT_READ, MAP_SHARED, "a second, shared mapping");
	EXPECT_EQ(pattern(PAGE + 9), q[PAGE + 9], "another mapping after a private write");
	EXPECT_EQ(0, munmap(q, MAP_PAGES * PAGE), "munmap of the second mapping");
	EXPECT_EQ(0, munmap(p, MAP_PAGES * PAGE), "munmap of the private mapping");
	EXPECT_EQ(pattern(5), read_byte(fd, 5), "read() after the private mapping went");
}

static void shared_writes_reach_the_file(int fd)
{
	char *p = map(fd, PROT_READ | PROT_WRITE, MAP_SHARED, "mmap MAP_SHARED");
	char *q = map(fd, PROT_READ, MAP_SHARED, "a second shared mapping");
	pid_t pid;
	int status = 0;

	EXPECT_EQ(pattern(7), q[7], "a read through the second mapping first");
	p[7] = 'S';
	EXPECT_EQ('S', read_byte(fd, 7), "read() after a shared write");
	EXPECT_EQ('S', q[7], "the second mapping after a shared write");
	pid = fork();
	if (pid < 0)
		test_abort("fork");
	if (pid == 0) {
		int ok = p[7] == 'S';

		p[PAGE + 1] = 'C';	/* the parent must see this */
		_exit(ok ? 0 : 1);
	}
	EXPECT_EQ(pid, waitpid(pid, &status, 0), "waitpid");
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "the child saw the shared write: expected exit 0, got status %#x", status);
	EXPECT_EQ('C', p[PAGE + 1], "the child's shared write, in the parent's mapping");
	EXPECT_EQ('C', read_byte(fd, PAGE + 1), "the child's shared write, through read()");
	EXPECT_EQ(0, munmap(q, MAP_PAGES * PAGE), "munmap of the second mapping");
	EXPECT_EQ(0, munmap(p, MAP_PAGES * PAGE), "munmap of the shared mapping");
	EXPECT_EQ('S', read_byte(fd, 7), "read() after munmap of the shared mapping");
}

/* A read of addr gives SIGBUS with BUS_ADRERR and si_addr == addr. */
static void expect_sigbus(volatile char *addr, const char *what)
{
	bus_signo = bus_code = 0;
	bus_addr = NULL;
	/*
	 * The check comes after the access, on a volatile: the compiler may
	 * move a plain store (test_failures++) above a volatile load.
	 */
	if (sigsetjmp(env, 1) == 0)
		(void)*addr;
	if (!bus_signo) {
		EXPECT(0, "%s: the read did not fault", what);
		return;
	}
	EXPECT_EQ(SIGBUS, bus_signo, what);
	EXPECT_EQ(BUS_ADRERR, bus_code, what);
	EXPECT(bus_addr == (void *)addr, "%s: expected si_addr %p, got %p", what,
	       (void *)addr, (void *)bus_addr);
}

/* The tail of the last page reads as zeros; the page after it is SIGBUS. */
static void beyond_eof_is_sigbus(int fd)
{
	char *p = map(fd, PROT_READ, MAP_SHARED, "mmap past the end of the file");

	EXPECT_EQ(0, p[FILE_SIZE], "the first byte after end of file, in its last page");
	EXPECT_EQ(0, p[FILE_PAGES * PAGE - 1], "the last byte of the last page");
	expect_sigbus(p + FILE_PAGES * PAGE + BEYOND_OFFSET, "a page wholly beyond end of file");
	EXPECT_EQ(0, munmap(p, MAP_PAGES * PAGE), "munmap");
}

/* Truncating a mapped file takes the pages beyond the new end away: SIGBUS. */
static void truncate_of_a_mapped_file(const char *dir)
{
	char path[300];
	int fd;
	char *p;

	snprintf(path, sizeof(path), "%s/truncated", dir);
	fd = make_file(path);
	p = map(fd, PROT_READ | PROT_WRITE, MAP_SHARED, "mmap of the file to truncate");
	p[PAGE + 3] = 'T';				/* page 1 is mapped now */
	EXPECT_EQ(0, ftruncate(fd, PAGE), "ftruncate to one page");
	expect_sigbus(p + PAGE + 3, "a mapped page cut off by ftruncate");
	EXPECT_EQ(pattern(3), p[3], "the page kept by ftruncate");
	EXPECT_EQ(0, ftruncate(fd, 2 * PAGE), "ftruncate to grow it again");
	EXPECT_EQ(0, p[PAGE + 3], "the grown page reads zeros, not the old write");
	EXPECT_EQ(0, munmap(p, MAP_PAGES * PAGE), "munmap");
	close(fd);
	unlink(path);
}

static void errors(const char *path, int fd)
{
	int rdonly = open(path, O_RDONLY), wronly = open(path, O_WRONLY), pipefd[2];
	char *p;

	if (rdonly < 0 || wronly < 0 || pipe(pipefd))
		test_abort("open O_RDONLY / O_WRONLY, pipe");
	EXPECT_ERRNO(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, rdonly, 0),
		     EACCES, "MAP_SHARED PROT_WRITE of an O_RDONLY fd");
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, rdonly, 0);
	EXPECT(p != MAP_FAILED, "MAP_PRIVATE PROT_WRITE of an O_RDONLY fd: %s",
	       p == MAP_FAILED ? strerror(errno) : "ok");
	if (p != MAP_FAILED)
		munmap(p, PAGE);
	p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, rdonly, 0);
	EXPECT(p != MAP_FAILED, "MAP_SHARED PROT_READ of an O_RDONLY fd: %s",
	       p == MAP_FAILED ? strerror(errno) : "ok");
	if (p != MAP_FAILED) {
		EXPECT_ERRNO(mprotect(p, PAGE, PROT_READ | PROT_WRITE), EACCES,
			     "mprotect(PROT_WRITE) of a shared map of an O_RDONLY fd");
		munmap(p, PAGE);
	}
	EXPECT_ERRNO(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, wronly, 0), EACCES,
		     "mmap of an O_WRONLY fd");
	EXPECT_ERRNO(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, pipefd[0], 0), ENODEV,
		     "mmap of a pipe");
	EXPECT_ERRNO(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, PAGE / 2), EINVAL,
		     "mmap at an unaligned offset");
	close(wronly);
	EXPECT_ERRNO(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, wronly, 0), EBADF,
		     "mmap of a closed fd");
	close(rdonly);
	close(pipefd[0]);
	close(pipefd[1]);
}

int main(void)
{
	struct sigaction sa = { .sa_sigaction = on_bus, .sa_flags = SA_SIGINFO };
	char dir[256], path[300];
	int fd;

	test_start("file_mmap_private_and_shared");
	sigemptyset(&sa.sa_mask);
	EXPECT_EQ(0, sigaction(SIGBUS, &sa, NULL), "sigaction(SIGBUS)");
	make_temp_dir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/data", dir);
	fd = make_file(path);
	private_writes_stay_private(fd);
	shared_writes_reach_the_file(fd);
	beyond_eof_is_sigbus(fd);
	truncate_of_a_mapped_file(dir);
	errors(path, fd);
	EXPECT_EQ(FILE_SIZE, lseek(fd, 0, SEEK_END), "the file's size at the end");
	EXPECT_EQ(pattern(FILE_SIZE - 1), read_byte(fd, FILE_SIZE - 1), "its last byte");
	close(fd);
	unlink(path);
	rmdir(dir);
	return test_end();
}
