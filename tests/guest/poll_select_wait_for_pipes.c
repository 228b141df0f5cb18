/*
 * poll_select_wait_for_pipes - poll(2), ppoll(2), select(2) and
 * pselect6(2) on pipes, checked against what Linux answers:
 *
 *   - an empty pipe is not readable (a zero time-out returns 0 at once),
 *     its write end is writable;
 *   - data makes the read end POLLIN, and select() sets its bit;
 *   - closing the last writer gives POLLHUP, closing the reader POLLERR
 *     on the write end;
 *   - poll() with a time-out sleeps about that long, and wakes early when
 *     a child writes;
 *   - a closed descriptor is POLLNVAL for poll() and EBADF for select();
 *   - a signal interrupts an endless poll() with EINTR, and ppoll()'s
 *     mask keeps a blocked signal out until the call returns.
 */
#include "guest.h"

#include <poll.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <time.h>

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

static void check_empty_and_full(void)
{
	int p[2];
	struct pollfd fds[2];

	EXPECT(pipe(p) == 0, "pipe: %s", strerror(errno));
	fds[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = p[1], .events = POLLOUT };
	EXPECT_EQ(1, poll(fds, 2, 0), "poll of an empty pipe: ready count");
	EXPECT_EQ(0, fds[0].revents, "empty read end revents");
	EXPECT_EQ(POLLOUT, fds[1].revents, "write end revents");

	EXPECT_EQ(5, write(p[1], "hello", 5), "write 5 bytes");
	EXPECT_EQ(2, poll(fds, 2, 0), "poll with data: ready count");
	EXPECT_EQ(POLLIN, fds[0].revents, "read end revents with data");

	close(p[1]);
	fds[0].revents = 0;
	EXPECT_EQ(1, poll(fds, 1, 0), "poll after the writer closed");
	EXPECT(fds[0].revents & POLLHUP, "no POLLHUP after the last writer closed (revents %#x)",
	       fds[0].revents);
	close(p[0]);

	EXPECT(pipe(p) == 0, "pipe: %s", strerror(errno));
	close(p[0]);
	fds[1] = (struct pollfd){ .fd = p[1], .events = POLLOUT };
	EXPECT_EQ(1, poll(&fds[1], 1, 0), "poll of a write end with no reader");
	EXPECT(fds[1].revents & POLLERR, "no POLLERR with no reader (revents %#x)",
	       fds[1].revents);
	close(p[1]);
}

static void check_timeout_and_wakeup(void)
{
	int p[2];
	struct pollfd fd;
	long t0, waited;
	pid_t pid;

	EXPECT(pipe(p) == 0, "pipe: %s", strerror(errno));
	fd = (struct pollfd){ .fd = p[0], .events = POLLIN };
	t0 = now_ms();
	EXPECT_EQ(0, poll(&fd, 1, 100), "poll with a 100 ms time-out on an empty pipe");
	waited = now_ms() - t0;
	EXPECT(waited >= 90, "poll(100 ms) returned after %ld ms", waited);

	pid = fork();
	if (pid == 0) {
		struct timespec d = { 0, 50 * 1000000 };

		nanosleep(&d, NULL);
		_exit(write(p[1], "x", 1) == 1 ? 0 : 1);
	}
	t0 = now_ms();
	EXPECT_EQ(1, poll(&fd, 1, 10000), "poll woken by a child's write");
	waited = now_ms() - t0;
	EXPECT(waited < 5000, "poll waited %ld ms for a write 50 ms away", waited);
	EXPECT_EQ(POLLIN, fd.revents, "revents after the child's write");
	waitpid(pid, NULL, 0);
	close(p[0]);
	close(p[1]);
}

static void check_select(void)
{
	int p[2], bad;
	fd_set rd, wr;
	struct timeval tv = { 0, 0 };

	EXPECT(pipe(p) == 0, "pipe: %s", strerror(errno));
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(p[0], &rd);
	FD_SET(p[1], &wr);
	EXPECT_EQ(1, select(p[1] + 1, &rd, &wr, NULL, &tv), "select on an empty pipe");
	EXPECT(!FD_ISSET(p[0], &rd), "empty read end reported readable");
	EXPECT(FD_ISSET(p[1], &wr), "write end not reported writable");

	EXPECT_EQ(1, write(p[1], "y", 1), "write 1 byte");
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	tv = (struct timeval){ 1, 0 };
	EXPECT_EQ(1, select(p[0] + 1, &rd, NULL, NULL, &tv), "select with data");
	EXPECT(FD_ISSET(p[0], &rd), "read end with data not readable");

	bad = p[1] + 5;
	FD_ZERO(&rd);
	FD_SET(bad, &rd);
	tv = (struct timeval){ 0, 0 };
	EXPECT_ERRNO(select(bad + 1, &rd, NULL, NULL, &tv), EBADF, "select on a closed fd");
	close(p[0]);
	close(p[1]);
}

static void check_nval(void)
{
	struct pollfd fd = { .fd = 1000, .events = POLLIN };

	EXPECT_EQ(1, poll(&fd, 1, 0), "poll of a closed fd counts it");
	EXPECT_EQ(POLLNVAL, fd.revents, "closed fd revents");
	fd = (struct pollfd){ .fd = -1, .events = POLLIN, .revents = 0x7 };
	EXPECT_EQ(0, poll(&fd, 1, 0), "a negative fd is ignored");
	EXPECT_EQ(0, fd.revents, "a negative fd's revents");
}

static void check_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct pollfd fd;
	struct timespec tmo = { 0, 200 * 1000000 };
	sigset_t block, none;
	int p[2];

	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	EXPECT(pipe(p) == 0, "pipe: %s", strerror(errno));
	fd = (struct pollfd){ .fd = p[0], .events = POLLIN };

	got_signal = 0;
	alarm(1);
	EXPECT_ERRNO(poll(&fd, 1, -1), EINTR, "endless poll interrupted by SIGALRM");
	EXPECT_EQ(SIGALRM, got_signal, "the handler ran");

	/* SIGUSR1 is pending but blocked by ppoll's mask: it waits for the call */
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, NULL);
	got_signal = 0;
	kill(getpid(), SIGUSR1);
	EXPECT_EQ(0, ppoll(&fd, 1, &tmo, &block), "ppoll with SIGUSR1 masked times out");
	EXPECT_EQ(0, got_signal, "SIGUSR1 delivered during ppoll although masked");
	/* with an empty mask the pending signal interrupts at once */
	sigemptyset(&none);
	EXPECT_ERRNO(ppoll(&fd, 1, &tmo, &none), EINTR, "ppoll with SIGUSR1 unmasked");
	EXPECT_EQ(SIGUSR1, got_signal, "SIGUSR1 handler ran from ppoll");
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	test_start("poll_select_wait_for_pipes");
	check_empty_and_full();
	check_timeout_and_wakeup();
	check_select();
	check_nval();
	check_signals();
	return test_end();
}
