/*
 * tests/kernel/test_signal.c - ktests for kernel/signal.c and the UAPI
 * signal structures.
 *
 * The queue logic is tried on a stand-in task_struct that never runs
 * (kzalloc'd, asleep, not on any list), so sending and dequeuing can be
 * watched step by step: coalescing, realtime queueing, masks, the order
 * of delivery, ignoring, init's protection, exec's reset.  The layouts
 * are checked against Linux's x86_64 offsets (static asserts, and a
 * runtime check that names the offsets in the log).  A kernel thread
 * shows that a signal wakes an interruptible sleeper; /bin/sigtest
 * (user/sigtest.c) runs as a child for the whole path through the ABI.
 * The ring-3 frame test is in test_syscall.c, beside its helpers.
 */
#include <asm/sigframe.h>
#include <asm/syscall.h>
#include <mneme/kernel.h>
#include <mneme/ktest.h>
#include <mneme/sched.h>
#include <mneme/signal.h>
#include <mneme/slab.h>
#include <mneme/string.h>
#include <mneme/timer.h>
#include <mneme/umh.h>
#include <uapi/errno.h>
#include "ktest_util.h"

/* Linux's x86_64 sizes and offsets (include/uapi/asm-generic/siginfo.h &c.). */
_Static_assert(sizeof(siginfo_t) == 128, "siginfo_t is 128 bytes");
_Static_assert(sizeof(struct sigaction) == 32, "the kernel's sigaction is 32 bytes");
_Static_assert(sizeof(stack_t) == 24, "stack_t");
_Static_assert(sizeof(struct sigcontext) == 256, "sigcontext");
_Static_assert(sizeof(struct ucontext) == 304, "ucontext");
_Static_assert(offsetof(struct ucontext, uc_mcontext) == 40, "uc_mcontext");
_Static_assert(offsetof(struct ucontext, uc_sigmask) == 296, "uc_sigmask");
_Static_assert(offsetof(struct rt_sigframe, uc) == 8, "rt_sigframe.uc");
_Static_assert(offsetof(struct rt_sigframe, info) == 312, "rt_sigframe.info");

#define FAKE_PID	(PID_MAX - 1)
#define FAKE_HANDLER	((__sighandler_t)0x401000)

static struct task_struct *fake_task(int pid)
{
	struct task_struct *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return NULL;
	t->pid = pid;
	t->state = TASK_UNINTERRUPTIBLE;	/* a wake-up would be a no-op */
	INIT_LIST_HEAD(&t->pending.list);
	return t;
}

static void free_fake_task(struct task_struct *t)
{
	flush_signals(t);
	kfree(t);
}

static int send_from(int sig, struct task_struct *t, int pid, bool from_kernel)
{
	siginfo_t info;

	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = from_kernel ? SI_KERNEL : SI_USER;
	info.si_pid = pid;
	return send_sig_info(sig, &info, t, from_kernel);
}

KTEST(signal, uapi_layouts_match_linux)
{
	siginfo_t si;

	KT_EXPECT_EQ(kt, sizeof(siginfo_t), 128);
	KT_EXPECT_EQ(kt, offsetof(siginfo_t, si_code), 8);
	KT_EXPECT_EQ(kt, (char *)&si.si_pid - (char *)&si, 16);
	KT_EXPECT_EQ(kt, (char *)&si.si_uid - (char *)&si, 20);
	KT_EXPECT_EQ(kt, (char *)&si.si_addr - (char *)&si, 16);
	KT_EXPECT_EQ(kt, (char *)&si.si_status - (char *)&si, 24);
	KT_EXPECT_EQ(kt, (char *)&si.si_utime - (char *)&si, 32);
	KT_EXPECT_EQ(kt, (char *)&si.si_stime - (char *)&si, 40);
	KT_EXPECT_EQ(kt, offsetof(struct sigaction, sa_flags), 8);
	KT_EXPECT_EQ(kt, offsetof(struct sigaction, sa_restorer), 16);
	KT_EXPECT_EQ(kt, offsetof(struct sigaction, sa_mask), 24);
	KT_EXPECT_EQ(kt, offsetof(stack_t, ss_flags), 8);
	KT_EXPECT_EQ(kt, offsetof(stack_t, ss_size), 16);
	KT_EXPECT_EQ(kt, offsetof(struct sigcontext, rdi), 64);
	KT_EXPECT_EQ(kt, offsetof(struct sigcontext, rsp), 120);
	KT_EXPECT_EQ(kt, offsetof(struct sigcontext, rip), 128);
	KT_EXPECT_EQ(kt, offsetof(struct sigcontext, eflags), 136);
	KT_EXPECT_EQ(kt, offsetof(struct sigcontext, cs), 144);
	KT_EXPECT_EQ(kt, offsetof(struct sigcontext, ss), 150);
	KT_EXPECT_EQ(kt, offsetof(struct sigcontext, err), 152);
	KT_EXPECT_EQ(kt, offsetof(struct sigcontext, oldmask), 168);
	KT_EXPECT_EQ(kt, offsetof(struct sigcontext, cr2), 176);
	KT_EXPECT_EQ(kt, offsetof(struct sigcontext, fpstate), 184);
	KT_EXPECT_EQ(kt, offsetof(struct ucontext, uc_stack), 16);
	KT_EXPECT_EQ(kt, sizeof(struct rt_sigframe), 440);
}

KTEST(signal, standard_signals_coalesce)
{
	struct task_struct *t = fake_task(FAKE_PID);
	siginfo_t info;

	KT_ASSERT_TRUE(kt, t);
	KT_EXPECT_EQ(kt, send_from(SIGUSR1, t, 11, false), 0);
	KT_EXPECT_EQ(kt, send_from(SIGUSR1, t, 22, false), 0);
	KT_EXPECT_EQ(kt, t->pending.nr_queued, 1);
	KT_EXPECT_TRUE(kt, signal_pending(t));
	KT_EXPECT_EQ(kt, dequeue_signal(t, 0, &info), SIGUSR1);
	KT_EXPECT_EQ(kt, info.si_pid, 11);		/* the first one stays */
	KT_EXPECT_EQ(kt, dequeue_signal(t, 0, &info), 0);
	KT_EXPECT_TRUE(kt, !signal_pending(t));
	free_fake_task(t);
}

KTEST(signal, realtime_signals_queue_in_order)
{
	struct task_struct *t = fake_task(FAKE_PID);
	siginfo_t info;

	KT_ASSERT_TRUE(kt, t);
	for (int i = 1; i <= 3; i++)
		KT_EXPECT_EQ(kt, send_from(SIGRTMIN + 2, t, i, false), 0);
	KT_EXPECT_EQ(kt, t->pending.nr_queued, 3);
	for (int i = 1; i <= 3; i++) {
		KT_EXPECT_EQ(kt, dequeue_signal(t, 0, &info), SIGRTMIN + 2);
		KT_EXPECT_EQ(kt, info.si_pid, i);
		KT_EXPECT_EQ(kt, sigismember(&t->pending.signal, SIGRTMIN + 2), i < 3);
	}
	KT_EXPECT_EQ(kt, dequeue_signal(t, 0, &info), 0);
	free_fake_task(t);
}

KTEST(signal, blocked_signal_waits_until_unblocked)
{
	struct task_struct *t = fake_task(FAKE_PID);
	siginfo_t info;

	KT_ASSERT_TRUE(kt, t);
	t->blocked = sigmask(SIGUSR1);
	send_from(SIGUSR1, t, 1, false);
	KT_EXPECT_TRUE(kt, sigismember(&t->pending.signal, SIGUSR1));
	KT_EXPECT_TRUE(kt, !signal_pending(t));
	KT_EXPECT_EQ(kt, dequeue_signal(t, t->blocked, &info), 0);
	t->blocked = 0;
	KT_EXPECT_TRUE(kt, signal_pending(t));
	KT_EXPECT_EQ(kt, dequeue_signal(t, t->blocked, &info), SIGUSR1);
	free_fake_task(t);
}

KTEST(signal, faults_first_then_lowest_number)
{
	struct task_struct *t = fake_task(FAKE_PID);
	siginfo_t info;

	KT_ASSERT_TRUE(kt, t);
	send_from(SIGTERM, t, 1, false);
	send_from(SIGUSR1, t, 1, false);
	send_from(SIGSEGV, t, 1, true);
	KT_EXPECT_EQ(kt, dequeue_signal(t, 0, &info), SIGSEGV);
	KT_EXPECT_EQ(kt, dequeue_signal(t, 0, &info), SIGUSR1);
	KT_EXPECT_EQ(kt, dequeue_signal(t, 0, &info), SIGTERM);
	free_fake_task(t);
}

KTEST(signal, ignored_signals_are_dropped_unless_blocked)
{
	struct task_struct *t = fake_task(FAKE_PID);

	KT_ASSERT_TRUE(kt, t);
	t->sighand.action[SIGUSR2 - 1].sa.sa_handler = SIG_IGN;
	send_from(SIGUSR2, t, 1, false);
	send_from(SIGCHLD, t, 1, true);		/* SIG_DFL, whose default is to ignore */
	KT_EXPECT_EQ(kt, t->pending.signal, 0);
	t->blocked = sigmask(SIGUSR2);
	send_from(SIGUSR2, t, 1, false);	/* may be unblocked with another action */
	KT_EXPECT_EQ(kt, t->pending.signal, sigmask(SIGUSR2));
	KT_EXPECT_EQ(kt, send_sig(0, t), -EINVAL);
	KT_EXPECT_EQ(kt, send_sig(_NSIG + 1, t), -EINVAL);
	free_fake_task(t);
}

KTEST(signal, init_gets_only_signals_it_handles)
{
	struct task_struct *t = fake_task(1);

	KT_ASSERT_TRUE(kt, t);
	send_from(SIGTERM, t, 5, false);
	send_from(SIGKILL, t, 5, false);
	KT_EXPECT_EQ(kt, t->pending.signal, 0);
	t->sighand.action[SIGTERM - 1].sa.sa_handler = FAKE_HANDLER;
	send_from(SIGTERM, t, 5, false);
	KT_EXPECT_EQ(kt, t->pending.signal, sigmask(SIGTERM));
	send_sig(SIGKILL, t);			/* the kernel's own SIGKILL gets through */
	KT_EXPECT_TRUE(kt, fatal_signal_pending(t));
	free_fake_task(t);
}

KTEST(signal, sigkill_and_sigstop_cannot_be_caught_or_blocked)
{
	struct k_sigaction act = { .sa = { .sa_handler = FAKE_HANDLER, .sa_mask = ~0UL } };
	struct k_sigaction old, got;
	sigset_t saved = current->blocked;

	KT_EXPECT_EQ(kt, do_sigaction(SIGKILL, &act, NULL), -EINVAL);
	KT_EXPECT_EQ(kt, do_sigaction(SIGSTOP, &act, NULL), -EINVAL);
	KT_EXPECT_EQ(kt, do_sigaction(0, NULL, &old), -EINVAL);
	KT_EXPECT_EQ(kt, do_sigaction(_NSIG + 1, NULL, &old), -EINVAL);
	KT_EXPECT_EQ(kt, do_sigaction(SIGKILL, NULL, &old), 0);	/* reading is fine */
	/* a handler's mask never holds them */
	KT_ASSERT_EQ(kt, do_sigaction(SIGUSR1, &act, &old), 0);
	do_sigaction(SIGUSR1, &old, &got);
	KT_EXPECT_EQ(kt, got.sa.sa_mask, ~0UL & ~(sigmask(SIGKILL) | sigmask(SIGSTOP)));
	/* nor does the blocked mask */
	KT_EXPECT_EQ(kt, sigprocmask(SIG_BLOCK, sigmask(SIGKILL) | sigmask(SIGSTOP) |
				     sigmask(SIGUSR1)), 0);
	KT_EXPECT_EQ(kt, current->blocked & ~saved, sigmask(SIGUSR1));
	KT_EXPECT_EQ(kt, sigprocmask(3, 0), -EINVAL);
	sigprocmask(SIG_SETMASK, saved);
}

KTEST(signal, exec_resets_handlers_keeps_ignored_and_mask)
{
	struct task_struct *t = fake_task(FAKE_PID);

	KT_ASSERT_TRUE(kt, t);
	t->sighand.action[SIGUSR1 - 1].sa = (struct sigaction){
		.sa_handler = FAKE_HANDLER, .sa_flags = SA_RESTART | SA_SIGINFO,
		.sa_mask = sigmask(SIGINT) };
	t->sighand.action[SIGUSR2 - 1].sa.sa_handler = SIG_IGN;
	t->blocked = sigmask(SIGHUP);
	flush_signal_handlers(t, false);
	KT_EXPECT_TRUE(kt, t->sighand.action[SIGUSR1 - 1].sa.sa_handler == SIG_DFL);
	KT_EXPECT_EQ(kt, t->sighand.action[SIGUSR1 - 1].sa.sa_flags, 0);
	KT_EXPECT_EQ(kt, t->sighand.action[SIGUSR1 - 1].sa.sa_mask, 0);
	KT_EXPECT_TRUE(kt, t->sighand.action[SIGUSR2 - 1].sa.sa_handler == SIG_IGN);
	KT_EXPECT_EQ(kt, t->blocked, sigmask(SIGHUP));
	free_fake_task(t);
}

#define SLEEP_LIMIT	(5 * HZ)

static int sleep_for_a_signal(void *arg)
{
	(void)arg;
	set_current_state(TASK_INTERRUPTIBLE);
	if (!signal_pending(current))
		schedule_timeout(SLEEP_LIMIT);
	__set_current_state(TASK_RUNNING);
	return signal_pending(current) ? 42 : 0;
}

KTEST(signal, send_wakes_an_interruptible_sleeper)
{
	struct task_struct *k = kthread_run(sleep_for_a_signal, NULL, "sigsleep");
	u64 start = jiffies;
	int status = -1;

	KT_ASSERT_TRUE(kt, k);
	while (k->state != TASK_INTERRUPTIBLE && jiffies - start < SLEEP_LIMIT)
		yield();
	KT_EXPECT_EQ(kt, k->state, TASK_INTERRUPTIBLE);
	KT_EXPECT_EQ(kt, send_sig(SIGKILL, k), 0);
	KT_EXPECT_EQ(kt, kernel_wait(k->pid, &status), k->pid);
	KT_EXPECT_EQ(kt, status, 42);
	KT_EXPECT_LT(kt, jiffies - start, SLEEP_LIMIT);
}

KTEST(signal, sigtest_passes_as_a_child)
{
	const char *argv[] = { "/bin/sigtest", NULL };
	int status = -1, err = call_usermodehelper("/bin/sigtest", argv, NULL, &status);

	KT_EXPECT_EQ(kt, err, 0);
	KT_EXPECT_EQ(kt, status, 0);
}

/* setitimer(ITIMER_REAL) on the ktest thread, through the syscall. */
static long itimer_call(long (*fn)(struct pt_regs *), struct ktest_user *u, const long *tv)
{
	struct pt_regs regs = { .rdi = 0, .rsi = KTEST_USER_BASE, .rdx = 0 };

	if (tv)
		memcpy(ktest_user_byte(u, KTEST_USER_BASE), tv, 4 * sizeof(long));
	return fn(&regs);
}

/*
 * An itimer too long to ever fire stays armed that long: the seconds
 * were multiplied by HZ without a bound and wrapped past 2^64, so a
 * value of 2^64 / HZ + 1 seconds fired within a second.  Linux clamps
 * the time-out instead.
 */
KTEST(signal, huge_itimer_does_not_fire_at_once)
{
	/* value: just over 2^64 jiffies, which wrapped to less than a second */
	const long huge[4] = { 0, 0, (long)(~0UL / HZ) + 1, 0 };
	const long off[4] = { 0 };
	struct ktest_user u;
	long now[4];

	/* the runner is init_task, whose timer fork's init_signal_state() never set up */
	if (!current->real_timer.function)
		timer_setup(&current->real_timer, it_real_fn);
	KT_ASSERT_TRUE(kt, ktest_map_user(&u));
	KT_EXPECT_EQ(kt, itimer_call(sys_setitimer, &u, huge), 0);
	schedule_timeout_uninterruptible(2);		/* a tick or two */
	KT_EXPECT_EQ(kt, itimer_call(sys_getitimer, &u, NULL), 0);
	memcpy(now, ktest_user_byte(&u, KTEST_USER_BASE), sizeof(now));
	KT_EXPECT_GT(kt, now[2], 1000L * 1000 * 1000);	/* still years away */
	KT_EXPECT_EQ(kt, itimer_call(sys_setitimer, &u, off), 0);
	ktest_unmap_user(&u);
}
