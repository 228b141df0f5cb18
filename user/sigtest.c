/*
 * user/sigtest.c - signals as Linux delivers them.
 *
 *	sigtest			(argv[0] must name this program: it execs itself)
 *
 * Checks, one after the other: a handler for kill(getpid()) and tgkill
 * runs with the right signo and siginfo (SI_USER/SI_TKILL, si_pid); a
 * blocked signal waits in sigpending() and arrives, once, when unblocked;
 * rt_sigreturn puts back general and SSE registers the handler
 * clobbered; SA_RESETHAND; SA_NODEFER; nested handlers; SIGCHLD with
 * CLD_EXITED and the status; SIGCHLD ignored, or SA_NOCLDWAIT, reaps
 * children (ECHILD); default SIGTERM kills a child; SIGKILL and SIGSTOP
 * cannot be caught (EINVAL); SIGSEGV for an unmapped address
 * (SEGV_MAPERR) and a read-only page (SEGV_ACCERR) with si_addr, left by
 * siglongjmp; SIGILL, SIGFPE, SIGTRAP and SIGSEGV (SI_KERNEL) for ud2,
 * a division by zero, int3 and hlt; a frame on a bad stack kills with
 * SIGSEGV; wait4
 * interrupted (EINTR) without SA_RESTART and restarted with it; process
 * groups and sessions (setpgid, getpgid, setsid rules), kill(-pgrp)
 * reaching a whole group and kill(0) our own; wait4 by group;
 * sigaltstack; SIGSTOP/SIGCONT seen by wait4 with WUNTRACED/WCONTINUED;
 * alarm() and setitimer() with an interval; execve resetting caught
 * signals to SIG_DFL and keeping ignored ones, the mask and what is
 * pending (it runs itself as "sigtest exec-check" for that).  Runs as pid 1 in Mneme
 * (init=/bin/sigtest), as a child in the ktest signal.sigtest_passes_as_a_child,
 * and as an ordinary process on Linux, with the same results.  Prints
 * "sigtest: OK" and exits 0, or names each failure and exits 1.
 */
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAGIC_R8	0x1122334455667788UL
#define MAGIC_R9	0x99aabbccddeeff00UL
#define MAGIC_R10	0x0f1e2d3c4b5a6978UL
#define MAGIC_RDX	0x5555aaaa5555aaaaUL
#define YIELDS		200

static int failures;

#define CHECK_EQ(what, expected, actual) do {					\
	long long e_ = (long long)(expected), a_ = (long long)(actual);		\
	if (e_ != a_) {								\
		printf("sigtest: FAIL %s: expected %lld, got %lld\n",		\
		       what, e_, a_);						\
		failures++;							\
	}									\
} while (0)

/* What the handlers saw. */
static volatile sig_atomic_t hits, depth, max_depth, last_sig;
static volatile int last_code, last_pid, last_status;
static void *volatile last_addr;
static volatile uintptr_t last_stack;
static sigjmp_buf jump;

static void set_action(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | flags;
	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, &sa, NULL))
		printf("sigtest: FAIL sigaction(%d): errno %d\n", sig, errno);
}

static void set_handler(int sig, void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigaction(sig, &sa, NULL);
}

static void record(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	hits++;
	last_sig = sig;
	last_code = si->si_code;
	last_pid = si->si_pid;
	last_status = si->si_status;
	last_addr = si->si_addr;
	last_stack = (uintptr_t)&sig;
}

static void reset_record(void)
{
	hits = depth = max_depth = last_sig = 0;
	last_code = last_pid = last_status = 0;
	last_addr = NULL;
}

static void test_kill_self(void)
{
	reset_record();
	set_action(SIGUSR1, record, 0);
	CHECK_EQ("kill(getpid()) returns", 0, kill(getpid(), SIGUSR1));
	CHECK_EQ("handler ran once", 1, hits);
	CHECK_EQ("handler signo", SIGUSR1, last_sig);
	CHECK_EQ("si_code for kill", SI_USER, last_code);
	CHECK_EQ("si_pid for kill", getpid(), last_pid);
	reset_record();
	CHECK_EQ("tgkill returns", 0, syscall(SYS_tgkill, getpid(), getpid(), SIGUSR1));
	CHECK_EQ("si_code for tgkill", SI_TKILL, last_code);
	CHECK_EQ("kill(sig 0) checks existence", 0, kill(getpid(), 0));
	CHECK_EQ("kill with signal 65", -1, kill(getpid(), 65));
	CHECK_EQ("... sets EINVAL", EINVAL, errno);
}

static void test_mask(void)
{
	sigset_t set, pending;

	reset_record();
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGUSR1);		/* a standard signal is pending once */
	CHECK_EQ("blocked signal did not run", 0, hits);
	sigpending(&pending);
	CHECK_EQ("blocked signal in sigpending()", 1, sigismember(&pending, SIGUSR1));
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	CHECK_EQ("unblocking delivers it, once", 1, hits);
	sigpending(&pending);
	CHECK_EQ("nothing pending after delivery", 0, sigismember(&pending, SIGUSR1));
}

/* Clobbers every register the handler may, SSE ones included. */
static void clobber(int sig, siginfo_t *si, void *uc)
{
	volatile double x = 1.0;

	record(sig, si, uc);
	for (int i = 0; i < 10; i++)
		x = x * 3.5 + 0.25;
	__asm__ __volatile__("xorpd %%xmm0, %%xmm0\n\txorpd %%xmm8, %%xmm8\n\t"
			     "xor %%r8, %%r8\n\txor %%r9, %%r9\n\txor %%r10, %%r10\n\t"
			     "xor %%edx, %%edx"
			     ::: "xmm0", "xmm8", "r8", "r9", "r10", "rdx");
	(void)x;
}

/* kill(getpid(), SIGUSR2) with known values in registers that the handler clobbers. */
static void test_sigreturn_restores_registers(void)
{
	volatile double in = 2.718281828, in8 = -1234.5;
	unsigned long rdx = MAGIC_RDX, ret = SYS_kill;
	long self = getpid();
	double out0, out8;

	reset_record();
	set_action(SIGUSR2, clobber, 0);
	/* no calls from here to the asm: they would clobber the register variables */
	register unsigned long r8 __asm__("r8") = MAGIC_R8;
	register unsigned long r9 __asm__("r9") = MAGIC_R9;
	register unsigned long r10 __asm__("r10") = MAGIC_R10;

	__asm__ __volatile__("movsd %[in], %%xmm0\n\tmovsd %[in8], %%xmm8\n\t"
			     "syscall\n\t"
			     "movsd %%xmm0, %[out0]\n\tmovsd %%xmm8, %[out8]"
			     : "+a"(ret), "+r"(r8), "+r"(r9), "+r"(r10), "+d"(rdx),
			       [out0] "=m"(out0), [out8] "=m"(out8)
			     : "D"(self), "S"((long)SIGUSR2), [in] "m"(in), [in8] "m"(in8)
			     : "rcx", "r11", "xmm0", "xmm8", "memory");
	CHECK_EQ("handler ran during the asm kill", 1, hits);
	CHECK_EQ("kill's result (rax) kept", 0, ret);
	CHECK_EQ("r8 restored", (long long)MAGIC_R8, (long long)r8);
	CHECK_EQ("r9 restored", (long long)MAGIC_R9, (long long)r9);
	CHECK_EQ("r10 restored", (long long)MAGIC_R10, (long long)r10);
	CHECK_EQ("rdx restored", (long long)MAGIC_RDX, (long long)rdx);
	CHECK_EQ("xmm0 restored (x1e6)", (long long)(in * 1e6), (long long)(out0 * 1e6));
	CHECK_EQ("xmm8 restored", (long long)in8, (long long)out8);
}

static void test_resethand(void)
{
	struct sigaction old;

	reset_record();
	set_action(SIGUSR1, record, SA_RESETHAND);
	kill(getpid(), SIGUSR1);
	CHECK_EQ("SA_RESETHAND handler ran", 1, hits);
	sigaction(SIGUSR1, NULL, &old);
	CHECK_EQ("SA_RESETHAND: action is SIG_DFL after", 1, old.sa_handler == SIG_DFL);
}

static void reraise(int sig, siginfo_t *si, void *uc)
{
	record(sig, si, uc);
	depth++;
	if (depth > max_depth)
		max_depth = depth;
	if (hits == 1)
		kill(getpid(), sig);
	depth--;
}

static void test_nodefer(void)
{
	reset_record();
	set_action(SIGUSR1, reraise, 0);
	kill(getpid(), SIGUSR1);
	CHECK_EQ("without SA_NODEFER: both ran", 2, hits);
	CHECK_EQ("without SA_NODEFER: never nested", 1, max_depth);
	reset_record();
	set_action(SIGUSR1, reraise, SA_NODEFER);
	kill(getpid(), SIGUSR1);
	CHECK_EQ("SA_NODEFER: both ran", 2, hits);
	CHECK_EQ("SA_NODEFER: nested", 2, max_depth);
}

static volatile sig_atomic_t outer_saw_inner;

static void inner(int sig, siginfo_t *si, void *uc)
{
	record(sig, si, uc);
}

static void outer(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	kill(getpid(), SIGUSR2);
	outer_saw_inner = last_sig == SIGUSR2 && sig == SIGUSR1;
}

static void test_nested(void)
{
	reset_record();
	set_action(SIGUSR1, outer, 0);
	set_action(SIGUSR2, inner, 0);
	kill(getpid(), SIGUSR1);
	CHECK_EQ("SIGUSR2 handler ran inside SIGUSR1's", 1, outer_saw_inner);
}

static void test_sigchld(void)
{
	int status = 0;
	pid_t pid;

	reset_record();
	set_action(SIGCHLD, record, SA_RESTART);
	pid = fork();
	if (pid == 0)
		_exit(5);
	CHECK_EQ("wait4 for the child", pid, waitpid(pid, &status, 0));
	CHECK_EQ("child's status", 5, WEXITSTATUS(status));
	CHECK_EQ("SIGCHLD arrived", SIGCHLD, last_sig);
	CHECK_EQ("SIGCHLD si_code", CLD_EXITED, last_code);
	CHECK_EQ("SIGCHLD si_pid", pid, last_pid);
	CHECK_EQ("SIGCHLD si_status", 5, last_status);
	set_handler(SIGCHLD, SIG_DFL);
}

static void test_sigchld_ignored_reaps(void)
{
	pid_t pid;

	set_handler(SIGCHLD, SIG_IGN);
	pid = fork();
	if (pid == 0)
		_exit(3);
	CHECK_EQ("wait4 with SIGCHLD ignored", -1, waitpid(pid, NULL, 0));
	CHECK_EQ("... ECHILD: the child reaped itself", ECHILD, errno);

	reset_record();
	set_action(SIGCHLD, record, SA_NOCLDWAIT | SA_RESTART);
	pid = fork();
	if (pid == 0)
		_exit(4);
	CHECK_EQ("wait4 with SA_NOCLDWAIT", -1, waitpid(pid, NULL, 0));
	CHECK_EQ("... ECHILD", ECHILD, errno);
	CHECK_EQ("... but the SIGCHLD handler ran", SIGCHLD, last_sig);
	CHECK_EQ("... with the child's pid", pid, last_pid);
	set_handler(SIGCHLD, SIG_DFL);
}

static void child_pause(void)
{
	for (;;)
		pause();
}

static void test_default_sigterm_and_sigkill(void)
{
	struct sigaction sa;
	int status = 0;
	pid_t pid = fork();

	if (pid == 0)
		child_pause();
	kill(pid, SIGTERM);
	CHECK_EQ("wait4 for the SIGTERMed child", pid, waitpid(pid, &status, 0));
	CHECK_EQ("WIFSIGNALED", 1, WIFSIGNALED(status));
	CHECK_EQ("WTERMSIG", SIGTERM, WTERMSIG(status));
	CHECK_EQ("no core dump bit", 0, WCOREDUMP(status));

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	CHECK_EQ("sigaction(SIGKILL)", -1, syscall(SYS_rt_sigaction, SIGKILL, &sa, NULL, 8));
	CHECK_EQ("... EINVAL", EINVAL, errno);
	CHECK_EQ("sigaction(SIGSTOP)", -1, syscall(SYS_rt_sigaction, SIGSTOP, &sa, NULL, 8));
	CHECK_EQ("query SIGKILL's action", 0, sigaction(SIGKILL, NULL, &sa));
}

/* A handler whose frame cannot be written (rsp on an unmapped page) kills with SIGSEGV. */
static void test_bad_stack_kills(void)
{
	int status = 0;
	pid_t pid = fork();

	if (pid == 0) {
		long self = getpid();

		set_action(SIGUSR1, record, 0);
		__asm__ __volatile__("mov %0, %%rsp\n\tsyscall\n\tud2"
				     :: "r"(0x1000UL), "a"((long)SYS_kill), "D"(self),
					"S"((long)SIGUSR1) : "memory");
		_exit(1);
	}
	CHECK_EQ("wait4 for the bad-stack child", pid, waitpid(pid, &status, 0));
	CHECK_EQ("a frame on a bad stack: killed by SIGSEGV", SIGSEGV,
		 WIFSIGNALED(status) ? WTERMSIG(status) : -status);
}

static void record_and_jump(int sig, siginfo_t *si, void *uc)
{
	record(sig, si, uc);
	siglongjmp(jump, 1);
}

static void test_sigsegv(void)
{
	char *page;

	reset_record();
	set_action(SIGSEGV, record_and_jump, 0);
	if (sigsetjmp(jump, 1) == 0)
		*(volatile int *)0x1000 = 1;
	CHECK_EQ("SIGSEGV at 0x1000", SIGSEGV, last_sig);
	CHECK_EQ("si_addr of unmapped write", 0x1000, (long)last_addr);
	CHECK_EQ("si_code of unmapped write", SEGV_MAPERR, last_code);

	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK_EQ("mmap", 1, page != MAP_FAILED);
	page[0] = 1;
	CHECK_EQ("mprotect(PROT_READ)", 0, mprotect(page, 4096, PROT_READ));
	reset_record();
	if (sigsetjmp(jump, 1) == 0)
		page[100] = 2;
	CHECK_EQ("SIGSEGV on a read-only page", SIGSEGV, last_sig);
	CHECK_EQ("si_addr of read-only write", (long)(page + 100), (long)last_addr);
	CHECK_EQ("si_code of read-only write", SEGV_ACCERR, last_code);
	CHECK_EQ("the page still reads", 1, page[0]);
	munmap(page, 4096);
	/* siglongjmp put the mask back: SIGSEGV is not blocked now */
	{
		sigset_t cur;

		sigprocmask(SIG_BLOCK, NULL, &cur);
		CHECK_EQ("SIGSEGV unblocked after siglongjmp", 0, sigismember(&cur, SIGSEGV));
	}
	set_handler(SIGSEGV, SIG_DFL);
}

extern char sigtest_ud2[];

/* The other faults: #UD, #DE, #BP and #GP, each caught and left by siglongjmp. */
static void test_other_faults(void)
{
	static const int sigs[] = { SIGILL, SIGFPE, SIGTRAP, SIGSEGV };
	volatile int zero = 0, x = 1;

	for (unsigned int i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		set_action(sigs[i], record_and_jump, 0);
	reset_record();
	if (sigsetjmp(jump, 1) == 0)
		__asm__ __volatile__(".globl sigtest_ud2\nsigtest_ud2: ud2");
	CHECK_EQ("ud2: SIGILL", SIGILL, last_sig);
	CHECK_EQ("ud2: ILL_ILLOPN", ILL_ILLOPN, last_code);
	CHECK_EQ("ud2: si_addr is the instruction", (long)sigtest_ud2, (long)last_addr);
	reset_record();
	if (sigsetjmp(jump, 1) == 0)
		x = x / zero;
	CHECK_EQ("divide by zero: SIGFPE", SIGFPE, last_sig);
	CHECK_EQ("divide by zero: FPE_INTDIV", FPE_INTDIV, last_code);
	reset_record();
	if (sigsetjmp(jump, 1) == 0)
		__asm__ __volatile__("int3");
	CHECK_EQ("int3: SIGTRAP", SIGTRAP, last_sig);
	CHECK_EQ("int3: SI_KERNEL", SI_KERNEL, last_code);
	reset_record();
	if (sigsetjmp(jump, 1) == 0)
		__asm__ __volatile__("hlt");	/* privileged: #GP */
	CHECK_EQ("hlt in user mode: SIGSEGV", SIGSEGV, last_sig);
	CHECK_EQ("hlt in user mode: SI_KERNEL", SI_KERNEL, last_code);
	CHECK_EQ("hlt in user mode: si_addr 0", 0, (long)last_addr);
	for (unsigned int i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		set_handler(sigs[i], SIG_DFL);
	(void)x;
}

static void count_hit(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)si;
	(void)uc;
	hits++;
}

/* A child that signals its parent every few yields, forever or n times, then exits 7. */
static pid_t start_pester(int n)
{
	pid_t parent = getpid(), pid = fork();

	if (pid == 0) {
		for (int i = 0; n < 0 || i < n; i++) {
			for (int j = 0; j < YIELDS; j++)
				sched_yield();
			kill(parent, SIGUSR1);
		}
		_exit(7);
	}
	return pid;
}

static void test_wait4_restart(void)
{
	int status = 0;
	pid_t pid;

	reset_record();
	set_action(SIGUSR1, count_hit, 0);
	pid = start_pester(-1);
	CHECK_EQ("wait4 without SA_RESTART", -1, waitpid(pid, &status, 0));
	CHECK_EQ("... EINTR", EINTR, errno);
	CHECK_EQ("... after the handler ran", 1, hits > 0);
	kill(pid, SIGKILL);
	CHECK_EQ("reap the pest", pid, waitpid(pid, &status, 0));
	CHECK_EQ("... killed by SIGKILL", SIGKILL, WTERMSIG(status));

	reset_record();
	set_action(SIGUSR1, count_hit, SA_RESTART);
	pid = start_pester(20);
	CHECK_EQ("wait4 with SA_RESTART", pid, waitpid(pid, &status, 0));
	CHECK_EQ("... the child's status", 7, WEXITSTATUS(status));
	CHECK_EQ("... the handler ran while waiting", 1, hits > 0);
	set_handler(SIGUSR1, SIG_DFL);
}

static pid_t fork_into_group(pid_t pgrp)
{
	pid_t pid = fork();

	if (pid == 0) {
		setpgid(0, pgrp);
		child_pause();
	}
	setpgid(pid, pgrp ? pgrp : pid);	/* both sides: no race (Linux's shells do this) */
	return pid;
}

static void test_process_groups(void)
{
	pid_t leader = fork_into_group(0), a = fork_into_group(leader), b = fork_into_group(leader);
	pid_t pids[3] = { leader, a, b };
	int status;

	CHECK_EQ("getpgid(leader)", leader, getpgid(leader));
	CHECK_EQ("getpgid(member)", leader, getpgid(b));
	CHECK_EQ("getsid(member): our session", getsid(0), getsid(b));
	CHECK_EQ("kill(-pgrp)", 0, kill(-leader, SIGTERM));
	for (int i = 0; i < 3; i++) {
		status = 0;
		CHECK_EQ("wait4 for a group member", pids[i], waitpid(pids[i], &status, 0));
		CHECK_EQ("group member got SIGTERM", SIGTERM, WTERMSIG(status));
	}
	CHECK_EQ("kill(-gone group)", -1, kill(-leader, SIGTERM));
	CHECK_EQ("... ESRCH", ESRCH, errno);
}

/* kill(0): a child in its own group signals the group, itself included. */
static void test_kill_own_group(void)
{
	int status = 0;
	pid_t pid = fork();

	if (pid == 0) {
		sigset_t term, pending;
		pid_t grandchild;
		int gstatus = 0;

		sigemptyset(&term);
		sigaddset(&term, SIGTERM);
		sigprocmask(SIG_BLOCK, &term, NULL);	/* to live and see it */
		setpgid(0, 0);
		grandchild = fork();		/* born into the new group */
		if (grandchild == 0) {
			sigprocmask(SIG_UNBLOCK, &term, NULL);
			child_pause();
		}
		kill(0, SIGTERM);
		sigpending(&pending);
		_exit(waitpid(grandchild, &gstatus, 0) == grandchild &&
		      WIFSIGNALED(gstatus) && WTERMSIG(gstatus) == SIGTERM &&
		      sigismember(&pending, SIGTERM) ? 0 : 1);
	}
	CHECK_EQ("wait4 for the kill(0) child", pid, waitpid(pid, &status, 0));
	CHECK_EQ("kill(0) reached its group and itself", 0, status);
}

static void test_sessions(void)
{
	int status = 0;
	pid_t pid = fork();

	if (pid == 0) {
		int ok = getppid() > 0 && setpgid(getppid(), getppid()) == -1 && errno == ESRCH;

		ok = ok && setsid() == getpid() && getsid(0) == getpid() && getpgrp() == getpid();
		ok = ok && setsid() == -1 && errno == EPERM;		/* already a leader */
		ok = ok && setpgid(0, 0) == -1 && errno == EPERM;	/* session leader */
		_exit(ok ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	CHECK_EQ("setsid/setpgid rules in a child", 0, status);
	CHECK_EQ("setpgid(-1)", -1, setpgid(-1, 0));
	CHECK_EQ("... EINVAL", EINVAL, errno);
}

static void test_wait_by_group(void)
{
	int status = 0;
	pid_t other, ours;

	other = fork();
	if (other == 0) {
		setpgid(0, 0);
		for (int j = 0; j < YIELDS * 5; j++)
			sched_yield();
		_exit(3);
	}
	setpgid(other, other);
	ours = fork();
	if (ours == 0)
		_exit(2);
	CHECK_EQ("waitpid(-pgrp) picks the group's child", other, waitpid(-other, &status, 0));
	CHECK_EQ("... its status", 3, WEXITSTATUS(status));
	CHECK_EQ("waitpid(0) picks ours", ours, waitpid(0, &status, 0));
	CHECK_EQ("... its status", 2, WEXITSTATUS(status));
	CHECK_EQ("waitpid(-gone group)", -1, waitpid(-other, &status, 0));
	CHECK_EQ("... ECHILD", ECHILD, errno);
}

static void on_altstack(int sig, siginfo_t *si, void *uc)
{
	stack_t now;

	record(sig, si, uc);
	sigaltstack(NULL, &now);
	last_code = now.ss_flags;
}

static void test_sigaltstack(void)
{
	static char altstack[64 * 1024];
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack), .ss_flags = 0 }, old;

	reset_record();
	CHECK_EQ("sigaltstack", 0, sigaltstack(&ss, NULL));
	set_action(SIGUSR2, on_altstack, SA_ONSTACK);
	kill(getpid(), SIGUSR2);
	CHECK_EQ("handler ran", 1, hits);
	CHECK_EQ("handler's stack inside the alt stack", 1,
		 last_stack > (uintptr_t)altstack && last_stack < (uintptr_t)altstack + sizeof(altstack));
	CHECK_EQ("ss_flags inside the handler", SS_ONSTACK, last_code);
	ss.ss_flags = SS_DISABLE;
	sigaltstack(&ss, &old);
	CHECK_EQ("old ss_flags outside the handler", 0, old.ss_flags);
	ss.ss_size = 100;
	ss.ss_flags = 0;
	CHECK_EQ("a too small alt stack", -1, sigaltstack(&ss, NULL));
	CHECK_EQ("... ENOMEM", ENOMEM, errno);
	set_handler(SIGUSR2, SIG_DFL);
}

static void test_stop_continue(void)
{
	int status = 0;
	pid_t pid = fork();

	if (pid == 0)
		child_pause();
	kill(pid, SIGSTOP);
	CHECK_EQ("WUNTRACED sees the stop", pid, waitpid(pid, &status, WUNTRACED));
	CHECK_EQ("WIFSTOPPED", 1, WIFSTOPPED(status));
	CHECK_EQ("WSTOPSIG", SIGSTOP, WSTOPSIG(status));
	kill(pid, SIGCONT);
	CHECK_EQ("WCONTINUED sees the continue", pid, waitpid(pid, &status, WCONTINUED));
	CHECK_EQ("WIFCONTINUED", 1, WIFCONTINUED(status));
	kill(pid, SIGKILL);
	CHECK_EQ("reap it", pid, waitpid(pid, &status, 0));
	CHECK_EQ("killed by SIGKILL", SIGKILL, WTERMSIG(status));
}

static void test_alarm(void)
{
	reset_record();
	set_action(SIGALRM, record, 0);
	/* musl's alarm() is setitimer(); the alarm syscall too */
	CHECK_EQ("alarm(1) with none set", 0, alarm(1));
	CHECK_EQ("alarm(0) cancels, 1 s left", 1, alarm(0));
	CHECK_EQ("the alarm syscall", 0, syscall(SYS_alarm, 1));
	CHECK_EQ("the alarm syscall, 1 s left", 1, syscall(SYS_alarm, 1));
	pause();
	CHECK_EQ("pause() ended by SIGALRM", SIGALRM, last_sig);
	CHECK_EQ("SIGALRM from the kernel", SI_KERNEL, last_code);
	set_handler(SIGALRM, SIG_DFL);
}

static void test_setitimer_interval(void)
{
	struct itimerval it = { .it_interval = { 0, 20000 }, .it_value = { 0, 20000 } }, now;

	reset_record();
	set_action(SIGALRM, record, 0);
	CHECK_EQ("setitimer(ITIMER_REAL, 20 ms interval)", 0, setitimer(ITIMER_REAL, &it, NULL));
	while (hits < 3)
		pause();
	CHECK_EQ("three SIGALRMs from one setitimer", 3, hits);
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	CHECK_EQ("getitimer after disarming", 0, getitimer(ITIMER_REAL, &now));
	CHECK_EQ("... nothing left", 0, now.it_value.tv_sec + now.it_value.tv_usec);
	it.it_value.tv_usec = 1000000;
	CHECK_EQ("setitimer with tv_usec 1000000", -1, setitimer(ITIMER_REAL, &it, NULL));
	CHECK_EQ("... EINVAL", EINVAL, errno);
	set_handler(SIGALRM, SIG_DFL);
}

/* After execve: caught -> SIG_DFL, ignored stays, mask and pending kept. */
static int exec_check(void)
{
	struct sigaction usr1, usr2;
	sigset_t blocked, pending;

	sigaction(SIGUSR1, NULL, &usr1);
	sigaction(SIGUSR2, NULL, &usr2);
	sigprocmask(SIG_BLOCK, NULL, &blocked);
	sigpending(&pending);
	return (usr1.sa_handler != SIG_DFL) | (usr2.sa_handler != SIG_IGN) << 1 |
	       !sigismember(&blocked, SIGHUP) << 2 | !sigismember(&pending, SIGHUP) << 3;
}

static void test_exec_resets_handlers(const char *self)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		char *argv[] = { (char *)self, "exec-check", NULL };
		sigset_t hup;

		set_action(SIGUSR1, record, 0);
		set_handler(SIGUSR2, SIG_IGN);
		sigemptyset(&hup);
		sigaddset(&hup, SIGHUP);
		sigprocmask(SIG_BLOCK, &hup, NULL);
		kill(getpid(), SIGHUP);
		execv(self, argv);
		_exit(99);
	}
	waitpid(pid, &status, 0);
	CHECK_EQ("after execve: handler reset, ignore kept, mask and pending kept (bits)",
		 0, WIFEXITED(status) ? WEXITSTATUS(status) : 100 + status);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "exec-check"))
		return exec_check();
	setvbuf(stdout, NULL, _IONBF, 0);
	test_kill_self();
	test_mask();
	test_sigreturn_restores_registers();
	test_resethand();
	test_nodefer();
	test_nested();
	test_sigchld();
	test_sigchld_ignored_reaps();
	test_default_sigterm_and_sigkill();
	test_sigsegv();
	test_bad_stack_kills();
	test_other_faults();
	test_wait4_restart();
	test_process_groups();
	test_kill_own_group();
	test_sessions();
	test_wait_by_group();
	test_sigaltstack();
	test_stop_continue();
	test_alarm();
	test_setitimer_interval();
	test_exec_resets_handlers(argv[0]);
	if (failures) {
		printf("sigtest: %d failures\n", failures);
		return 1;
	}
	printf("sigtest: OK\n");
	return 0;
}
