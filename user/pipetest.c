/*
 * user/pipetest.c - pipe(2) and pipe2(2) as Linux does them.
 *
 *	pipetest
 *
 * In order: a child writes 1 MiB through a pipe in pieces of varying
 * size and the parent checks every byte, then sees EOF (read returns 0)
 * once the child has exited and its write end is closed; four children
 * write 4096-byte (PIPE_BUF) records into one pipe at once and every
 * record read back must be whole (POSIX: writes of PIPE_BUF or less are
 * atomic); a write with no reader left fails with EPIPE when SIGPIPE is
 * ignored, and kills a child by SIGPIPE when it is not; pipe2(O_NONBLOCK)
 * gives EAGAIN on an empty pipe and O_NONBLOCK in F_GETFL;
 * pipe2(O_CLOEXEC) sets FD_CLOEXEC on both ends and pipe() on neither;
 * and a 3-process pipeline (producer | doubler | parent) must deliver
 * what it should.  Prints "pipetest: OK" and exits 0, or names what
 * failed and exits 1.  A static musl binary: the same answers on Linux.
 *
 * Where Mneme has no rt_sigaction yet (the signals work), signal()
 * fails with ENOSYS: the EPIPE check then runs without ignoring SIGPIPE
 * and the killed-by-SIGPIPE check is skipped, with a note.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define BIG_BYTES	(1024 * 1024)
#define RECORD		4096		/* PIPE_BUF on Linux */
#define NR_WRITERS	4
#define NR_RECORDS	64		/* per writer: 1 MiB in all */
#define PIPELINE_N	10000		/* numbers through the pipeline */

static int failures;

static void check(int ok, const char *what)
{
	if (!ok) {
		printf("pipetest: FAIL %s (errno %d %s)\n", what, errno, strerror(errno));
		failures++;
	}
}

static unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 31 + (i >> 12));
}

/* write() all of buf, across short writes: 0, or -1 with errno. */
static int write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* read() exactly n bytes unless EOF comes first: bytes read, or -1. */
static ssize_t read_full(int fd, void *buf, size_t n)
{
	char *p = buf;
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, p + got, n - got);

		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* The status a child's wait gives, or -1. */
static int reap(pid_t pid)
{
	int status;

	return waitpid(pid, &status, 0) == pid ? status : -1;
}

/* ---- 1 MiB checked byte for byte, then EOF ------------------------------------ */

static void big_writer(int fd)
{
	static unsigned char buf[65536];
	size_t done = 0, step = 1;

	while (done < BIG_BYTES) {
		size_t n = step < BIG_BYTES - done ? step : BIG_BYTES - done;

		for (size_t i = 0; i < n; i++)
			buf[i] = pattern(done + i);
		if (write_all(fd, buf, n))
			_exit(2);
		done += n;
		step = step * 3 % 65521 + 1;	/* 1, 4, 13, ... all sizes */
	}
	_exit(0);
}

static void test_one_mebibyte(void)
{
	static unsigned char buf[7919];
	size_t got = 0, bad = 0;
	int fds[2], status;
	ssize_t r;
	pid_t pid;

	check(pipe(fds) == 0, "pipe");
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		big_writer(fds[1]);
	}
	close(fds[1]);
	while ((r = read(fds[0], buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < r; i++)
			bad += buf[i] != pattern(got + (size_t)i);
		got += (size_t)r;
	}
	check(r == 0, "read returns 0 (EOF) once the writer has gone");
	check(got == BIG_BYTES, "1 MiB arrived");
	check(bad == 0, "every byte of the 1 MiB is right");
	status = reap(pid);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the writer exits 0");
	close(fds[0]);
}

/* ---- PIPE_BUF writes from several processes stay whole ------------------------------ */

static void test_atomic_records(void)
{
	static unsigned char rec[RECORD];
	int fds[2], counts[NR_WRITERS] = { 0 }, torn = 0, ok = 1;
	pid_t pids[NR_WRITERS];

	check(pipe(fds) == 0, "pipe for records");
	for (int w = 0; w < NR_WRITERS; w++) {
		pids[w] = fork();
		if (pids[w] == 0) {
			close(fds[0]);
			memset(rec, 'A' + w, RECORD);
			for (int i = 0; i < NR_RECORDS; i++)
				if (write(fds[1], rec, RECORD) != RECORD)
					_exit(2);	/* a PIPE_BUF write is never short */
			_exit(0);
		}
	}
	close(fds[1]);
	while (read_full(fds[0], rec, RECORD) == RECORD) {
		int w = rec[0] - 'A';

		if (w < 0 || w >= NR_WRITERS) {
			torn++;
			continue;
		}
		for (int i = 0; i < RECORD; i++)
			torn += rec[i] != rec[0];
		counts[w]++;
	}
	check(torn == 0, "no PIPE_BUF record is torn by another writer's");
	for (int w = 0; w < NR_WRITERS; w++) {
		int status = reap(pids[w]);

		ok = ok && counts[w] == NR_RECORDS && WIFEXITED(status) &&
		     WEXITSTATUS(status) == 0;
	}
	check(ok, "every writer's records arrive, every write whole");
	close(fds[0]);
}

/* ---- no reader: EPIPE, and SIGPIPE ----------------------------------------------------- */

static void test_epipe_and_sigpipe(void)
{
	int fds[2], status;
	int have_signals;
	pid_t pid;

	errno = 0;
	have_signals = signal(SIGPIPE, SIG_IGN) != SIG_ERR;
	if (!have_signals)
		printf("pipetest: note: signal(SIGPIPE) failed (errno %d): SIGPIPE checks need rt_sigaction (the signals work)\n",
		       errno);
	check(pipe(fds) == 0, "pipe for EPIPE");
	close(fds[0]);
	errno = 0;
	check(write(fds[1], "x", 1) == -1 && errno == EPIPE,
	      "write with no reader fails with EPIPE (SIGPIPE ignored)");
	close(fds[1]);
	if (!have_signals)
		return;
	signal(SIGPIPE, SIG_DFL);
	check(pipe(fds) == 0, "pipe for SIGPIPE");
	close(fds[0]);
	pid = fork();
	if (pid == 0) {
		(void)write(fds[1], "x", 1);
		_exit(3);			/* SIGPIPE should have killed us */
	}
	close(fds[1]);
	status = reap(pid);
	check(WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE,
	      "a writer with no reader is killed by SIGPIPE");
}

/* ---- pipe2 flags -------------------------------------------------------------------------- */

static void test_pipe2_flags(void)
{
	int fds[2];
	char c;

	check(pipe2(fds, O_NONBLOCK) == 0, "pipe2(O_NONBLOCK)");
	errno = 0;
	check(read(fds[0], &c, 1) == -1 && errno == EAGAIN,
	      "read of an empty O_NONBLOCK pipe fails with EAGAIN");
	check((fcntl(fds[0], F_GETFL) & O_NONBLOCK) && (fcntl(fds[1], F_GETFL) & O_NONBLOCK),
	      "F_GETFL shows O_NONBLOCK on both ends");
	check((fcntl(fds[1], F_GETFL) & O_ACCMODE) == O_WRONLY &&
	      (fcntl(fds[0], F_GETFL) & O_ACCMODE) == O_RDONLY,
	      "fds[0] reads and fds[1] writes");
	close(fds[0]);
	close(fds[1]);
	check(pipe2(fds, O_CLOEXEC) == 0, "pipe2(O_CLOEXEC)");
	check(fcntl(fds[0], F_GETFD) == FD_CLOEXEC && fcntl(fds[1], F_GETFD) == FD_CLOEXEC,
	      "pipe2(O_CLOEXEC) sets FD_CLOEXEC on both ends");
	close(fds[0]);
	close(fds[1]);
	check(pipe(fds) == 0, "pipe");
	check(fcntl(fds[0], F_GETFD) == 0 && fcntl(fds[1], F_GETFD) == 0,
	      "pipe() leaves FD_CLOEXEC clear");
	close(fds[0]);
	close(fds[1]);
	errno = 0;
	check(pipe2(fds, O_APPEND) == -1 && errno == EINVAL, "pipe2 refuses other flags (EINVAL)");
}

/* ---- producer | doubler | parent -------------------------------------------------------- */

static void producer(int out)
{
	for (int i = 0; i < PIPELINE_N; i++)
		if (write_all(out, &i, sizeof(i)))
			_exit(2);
	_exit(0);
}

static void doubler(int in, int out)
{
	int v;

	while (read_full(in, &v, sizeof(v)) == sizeof(v)) {
		v *= 2;
		if (write_all(out, &v, sizeof(v)))
			_exit(2);
	}
	_exit(0);
}

static void test_pipeline(void)
{
	int a[2], b[2], v, n = 0, wrong = 0;
	pid_t p1, p2;
	int s1, s2;

	check(pipe(a) == 0 && pipe(b) == 0, "pipes for the pipeline");
	p1 = fork();
	if (p1 == 0) {
		close(a[0]);
		close(b[0]);
		close(b[1]);
		producer(a[1]);
	}
	p2 = fork();
	if (p2 == 0) {
		close(a[1]);
		close(b[0]);
		doubler(a[0], b[1]);
	}
	/* every write end but the doubler's must be closed for EOF to come */
	close(a[0]);
	close(a[1]);
	close(b[1]);
	while (read_full(b[0], &v, sizeof(v)) == sizeof(v)) {
		wrong += v != 2 * n;
		n++;
	}
	check(n == PIPELINE_N && wrong == 0, "the pipeline delivers 2*i for every i, then EOF");
	s1 = reap(p1);
	s2 = reap(p2);
	check(WIFEXITED(s1) && WEXITSTATUS(s1) == 0 && WIFEXITED(s2) && WEXITSTATUS(s2) == 0,
	      "both pipeline stages exit 0");
	close(b[0]);
}

int main(void)
{
	test_one_mebibyte();
	test_atomic_records();
	test_epipe_and_sigpipe();
	test_pipe2_flags();
	test_pipeline();
	if (failures) {
		printf("pipetest: %d check(s) failed\n", failures);
		return 1;
	}
	printf("pipetest: OK\n");
	return 0;
}
