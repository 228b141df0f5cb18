/*
 * pipe_between_processes - pipe(2) between processes: 200 KiB (more than
 * a pipe holds, so the writer blocks and resumes) sent by a child in odd
 * chunk sizes arrives byte for byte in order; a three-stage pipeline
 * (generator -> a child that transforms each byte -> the parent) does
 * too; read() says end of file (0) only once every writer has closed its
 * end; and writing with no reader left fails with EPIPE (SIGPIPE ignored).
 */
#include "guest.h"
#include <signal.h>
#include <sys/wait.h>

#define DATA_BYTES	(200 * 1024)
#define WRITE_CHUNK	3001	/* odd sizes: chunks straddle pages */
#define READ_CHUNK	4093
#define XOR_KEY		0x5a

static unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 7 + (i >> 12));
}

static int write_all(int fd, const unsigned char *buf, size_t n)
{
	while (n) {
		ssize_t w = write(fd, buf, n);

		if (w <= 0)
			return -1;
		buf += w;
		n -= w;
	}
	return 0;
}

/* The generator: DATA_BYTES of pattern() into fd, then exit. */
static void generate(int fd)
{
	static unsigned char chunk[WRITE_CHUNK];

	for (size_t done = 0; done < DATA_BYTES;) {
		size_t n = DATA_BYTES - done < WRITE_CHUNK ? DATA_BYTES - done : WRITE_CHUNK;

		for (size_t i = 0; i < n; i++)
			chunk[i] = pattern(done + i);
		if (write_all(fd, chunk, n) < 0)
			_exit(2);
		done += n;
	}
	_exit(0);
}

/* The middle stage: every byte from in, xor XOR_KEY, to out. */
static void transform(int in, int out)
{
	static unsigned char buf[READ_CHUNK];
	ssize_t n;

	while ((n = read(in, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++)
			buf[i] ^= XOR_KEY;
		if (write_all(out, buf, n) < 0)
			_exit(2);
	}
	_exit(n == 0 ? 0 : 3);
}

/* Read fd to EOF, checking each byte against pattern(i) ^ key. */
static void expect_stream(int fd, unsigned char key, const char *what)
{
	static unsigned char buf[READ_CHUNK];
	size_t total = 0, bad = 0;
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			unsigned char want = pattern(total + i) ^ key;

			if (buf[i] != want && bad++ == 0)
				printf("%s: byte %zu: expected 0x%02x, got 0x%02x\n",
				       what, total + i, want, buf[i]);
		}
		total += n;
	}
	EXPECT_EQ(0, n, "the last read() (0: end of file)");
	EXPECT_EQ(DATA_BYTES, total, "bytes through the pipe");
	EXPECT_EQ(0, bad, "bytes that differ");
}

static void expect_exit0(pid_t pid, const char *what)
{
	int status = -1;

	EXPECT_EQ(pid, waitpid(pid, &status, 0), "waitpid");
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "%s: expected exit 0, got status 0x%x", what, status);
}

static void check_parent_child(void)
{
	int p[2];
	pid_t pid;

	EXPECT_EQ(0, pipe(p), "pipe()");
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		generate(p[1]);
	}
	close(p[1]);
	expect_stream(p[0], 0, "child -> parent");
	close(p[0]);
	expect_exit0(pid, "the writer");
}

static void check_pipeline(void)
{
	int a[2], b[2];
	pid_t gen, mid;

	EXPECT_EQ(0, pipe(a), "pipe() a");
	EXPECT_EQ(0, pipe(b), "pipe() b");
	gen = fork();
	if (gen == 0) {
		close(a[0]), close(b[0]), close(b[1]);
		generate(a[1]);
	}
	mid = fork();
	if (mid == 0) {
		close(a[1]), close(b[0]);
		transform(a[0], b[1]);
	}
	close(a[0]), close(a[1]), close(b[1]);
	expect_stream(b[0], XOR_KEY, "generator -> transform -> parent");
	close(b[0]);
	expect_exit0(gen, "the generator");
	expect_exit0(mid, "the middle stage");
}

/* Two writers: EOF comes after both closed, with both bytes read. */
static void check_eof_after_all_writers(void)
{
	char got[4] = { 0 };
	ssize_t total = 0, n;
	int p[2];
	pid_t w1, w2;

	EXPECT_EQ(0, pipe(p), "pipe()");
	w1 = fork();
	if (w1 == 0)
		_exit(write(p[1], "a", 1) == 1 ? 0 : 1);
	w2 = fork();
	if (w2 == 0)
		_exit(write(p[1], "b", 1) == 1 ? 0 : 1);
	close(p[1]);
	while (total < (ssize_t)sizeof(got) && (n = read(p[0], got + total, sizeof(got) - total)) > 0)
		total += n;
	EXPECT_EQ(2, total, "bytes read before end of file from two writers");
	EXPECT((got[0] == 'a' && got[1] == 'b') || (got[0] == 'b' && got[1] == 'a'),
	       "expected \"ab\" or \"ba\", got \"%.2s\"", got);
	close(p[0]);
	expect_exit0(w1, "writer 1");
	expect_exit0(w2, "writer 2");
}

static void check_epipe(void)
{
	int p[2];

	EXPECT_EQ(0, pipe(p), "pipe()");
	signal(SIGPIPE, SIG_IGN);
	close(p[0]);
	EXPECT_ERRNO(write(p[1], "x", 1), EPIPE, "write with no reader");
	close(p[1]);
	signal(SIGPIPE, SIG_DFL);
}

int main(void)
{
	test_start("pipe_between_processes");
	check_parent_child();
	check_pipeline();
	check_eof_after_all_writers();
	check_epipe();
	return test_end();
}
