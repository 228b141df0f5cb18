/*
 * signal_handlers - signals as Linux delivers them:
 *  - a handler runs for raise(SIGUSR1), and execution resumes after the
 *    raise with the caller's registers intact (sigreturn restores them:
 *    integer and floating-point values live across the call are checked,
 *    while the handler clobbers its own);
 *  - SA_SIGINFO: si_signo, si_code SI_USER, si_pid and si_uid of kill();
 *  - sa_mask and the signal itself are blocked while the handler runs,
 *    and the old mask is back afterwards;
 *  - sigprocmask(SIG_BLOCK) holds a signal pending (sigpending shows it)
 *    and unblocking delivers it at once, exactly once;
 *  - SIGCHLD arrives when a child exits, with si_pid, CLD_EXITED and the
 *    status;
 *  - kill() to another process runs that process's handler;
 *  - SIGTERM with the default action kills the process (WTERMSIG).
 */
#include "guest.h"
#include <signal.h>
#include <sys/wait.h>

#define CHILD_STATUS	7
#define HANDLED_STATUS	42

static volatile sig_atomic_t usr1_count, usr2_count;
static volatile int info_signo, info_code, info_pid, info_uid;
static volatile int mask_had_usr1, mask_had_usr2;
static volatile int chld_pid, chld_code, chld_status;

static void on_usr1(int sig)
{
	sigset_t now;
	volatile double clobber = 0;

	(void)sig;
	for (int i = 0; i < 100; i++)
		clobber += i * 0.5;	/* use the FPU registers in the handler */
	sigprocmask(SIG_BLOCK, NULL, &now);
	mask_had_usr1 = sigismember(&now, SIGUSR1);
	mask_had_usr2 = sigismember(&now, SIGUSR2);
	usr1_count++;
}

static void on_usr2_info(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	info_signo = sig == si->si_signo ? sig : -1;
	info_code = si->si_code;
	info_pid = si->si_pid;
	info_uid = si->si_uid;
	usr2_count++;
}

static void on_chld(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	chld_pid = si->si_pid;
	chld_code = si->si_code;
	chld_status = si->si_status;
}

static void on_usr1_exit(int sig)
{
	(void)sig;
	_exit(HANDLED_STATUS);
}

static void set_handler(int sig, void (*fn)(int), int block_extra)
{
	struct sigaction sa = { .sa_handler = fn };

	sigemptyset(&sa.sa_mask);
	if (block_extra)
		sigaddset(&sa.sa_mask, block_extra);
	EXPECT_EQ(0, sigaction(sig, &sa, NULL), "sigaction");
}

static void set_info_handler(int sig, void (*fn)(int, siginfo_t *, void *))
{
	struct sigaction sa = { .sa_sigaction = fn, .sa_flags = SA_SIGINFO };

	sigemptyset(&sa.sa_mask);
	EXPECT_EQ(0, sigaction(sig, &sa, NULL), "sigaction(SA_SIGINFO)");
}

static void check_handler_and_sigreturn(void)
{
	volatile long a = 0x1111, b = 0x2222;
	long c = a * 3, d = b * 5;
	double x = a * 0.5, y = b * -0.25;	/* from volatiles: not folded */
	sigset_t now;

	set_handler(SIGUSR1, on_usr1, SIGUSR2);
	EXPECT_EQ(0, raise(SIGUSR1), "raise(SIGUSR1)");
	EXPECT_EQ(1, usr1_count, "handler runs for raise()");
	EXPECT(mask_had_usr1 && mask_had_usr2,
	       "in the handler: expected SIGUSR1 and SIGUSR2 (sa_mask) blocked, got %d %d",
	       mask_had_usr1, mask_had_usr2);
	sigprocmask(SIG_BLOCK, NULL, &now);
	EXPECT(!sigismember(&now, SIGUSR1) && !sigismember(&now, SIGUSR2),
	       "after the handler the mask still blocks SIGUSR1 or SIGUSR2");
	EXPECT(c == 0x1111 * 3 && d == 0x2222 * 5 && x * y == 0x1111 * 0.5 * 0x2222 * -0.25,
	       "values live across the handler changed: c=%lx d=%lx x*y=%g", c, d, x * y);
}

static void check_siginfo(void)
{
	set_info_handler(SIGUSR2, on_usr2_info);
	EXPECT_EQ(0, kill(getpid(), SIGUSR2), "kill(self, SIGUSR2)");
	EXPECT_EQ(1, usr2_count, "SA_SIGINFO handler runs");
	EXPECT_EQ(SIGUSR2, info_signo, "si_signo");
	EXPECT_EQ(SI_USER, info_code, "si_code (SI_USER for kill)");
	EXPECT_EQ(getpid(), info_pid, "si_pid");
	EXPECT_EQ(getuid(), info_uid, "si_uid");
}

static void check_blocking(void)
{
	sigset_t block, pending;

	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	usr1_count = 0;
	EXPECT_EQ(0, sigprocmask(SIG_BLOCK, &block, NULL), "sigprocmask(SIG_BLOCK)");
	raise(SIGUSR1);
	raise(SIGUSR1);	/* a standard signal is pending at most once */
	EXPECT_EQ(0, usr1_count, "handler runs while the signal is blocked");
	sigpending(&pending);
	EXPECT(sigismember(&pending, SIGUSR1), "sigpending does not show the blocked SIGUSR1");
	EXPECT_EQ(0, sigprocmask(SIG_UNBLOCK, &block, NULL), "sigprocmask(SIG_UNBLOCK)");
	EXPECT_EQ(1, usr1_count, "deliveries once unblocked");
	sigpending(&pending);
	EXPECT(!sigismember(&pending, SIGUSR1), "SIGUSR1 still pending after delivery");
}

static void check_sigchld(void)
{
	sigset_t block, old;
	pid_t pid;

	set_info_handler(SIGCHLD, on_chld);
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &old);
	pid = fork();
	if (pid == 0)
		_exit(CHILD_STATUS);
	while (!chld_pid) {
		/* SIGCHLD can only arrive in here; it returns -1 EINTR then. */
		if (sigsuspend(&old) < 0 && errno != EINTR) {
			EXPECT(0, "sigsuspend: expected EINTR, got %s", strerror(errno));
			break;
		}
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	EXPECT_EQ(pid, chld_pid, "SIGCHLD si_pid");
	EXPECT_EQ(CLD_EXITED, chld_code, "SIGCHLD si_code");
	EXPECT_EQ(CHILD_STATUS, chld_status, "SIGCHLD si_status");
	waitpid(pid, NULL, 0);
	signal(SIGCHLD, SIG_DFL);
}

/* kill(pid, sig), or count a failure: then the caller must not wait. */
static int send_or_fail(pid_t pid, int sig, const char *what)
{
	if (kill(pid, sig) == 0)
		return 1;
	EXPECT(0, "%s: expected 0, got -1 (%s)", what, strerror(errno));
	return 0;
}

static void expect_child(pid_t pid, int exited, int value, const char *what)
{
	int status = -1;

	EXPECT_EQ(pid, waitpid(pid, &status, 0), "waitpid");
	if (exited)
		EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == value,
		       "%s: expected exit %d, got status 0x%x", what, value, status);
	else
		EXPECT(WIFSIGNALED(status) && WTERMSIG(status) == value,
		       "%s: expected death by signal %d, got status 0x%x", what, value, status);
}

/* The child blocks SIGUSR1 from before fork, so no signal is lost. */
static void check_kill_other_process(void)
{
	sigset_t block, old;
	pid_t pid;

	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &old);
	pid = fork();
	if (pid == 0) {
		signal(SIGUSR1, on_usr1_exit);
		sigdelset(&old, SIGUSR1);
		for (;;)
			sigsuspend(&old);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (send_or_fail(pid, SIGUSR1, "kill(child, SIGUSR1)"))
		expect_child(pid, 1, HANDLED_STATUS, "the child's handler");
}

static void check_default_sigterm(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		signal(SIGTERM, SIG_DFL);
		for (;;)
			pause();
	}
	if (send_or_fail(pid, SIGTERM, "kill(child, SIGTERM)"))
		expect_child(pid, 0, SIGTERM, "SIGTERM's default action");
}

int main(void)
{
	test_start("signal_handlers");
	check_handler_and_sigreturn();
	check_siginfo();
	check_blocking();
	check_sigchld();
	check_kill_other_process();
	check_default_sigterm();
	return test_end();
}
