/*
 * kernel/signal.c - signals, the generic half: sending, queueing,
 * choosing the next one to deliver, default actions, job-control stops,
 * and the system calls that set masks and actions and send signals.
 * (alarm() and setitimer(), which send SIGALRM, are kernel/time/itimer.c.)
 *
 * Data (in each task_struct, see <mneme/signal.h>): blocked, the mask;
 * pending, a bit per signal plus a list of struct sigqueue (one siginfo
 * each); sighand.action[64]; the alternate stack (sas_ss_sp/size).
 *
 * Invariants:
 * - SIGKILL and SIGSTOP are never in blocked, never SIG_IGN, never
 *   caught (every path into blocked or into an action removes them).
 * - A standard signal (1..31) has at most one queue entry: a second one
 *   sent while the first is pending is dropped (coalesced), as in Linux.
 *   A realtime signal (32..64) queues one entry per send, in order, up to
 *   SIGQUEUE_MAX entries per task; past that a user kill() of a realtime
 *   signal fails with -EAGAIN and a standard one is still marked pending
 *   with its siginfo lost (dequeue makes an SI_USER one up), as Linux.
 * - A signal that the target ignores (SIG_IGN, or SIG_DFL whose default
 *   is to ignore) and does not block is dropped at send time; setting an
 *   action that ignores a signal discards its pending instances.
 * - pid 1 is sent only signals it has a handler for (Linux's
 *   SIGNAL_UNKILLABLE), except a SIGKILL/SIGSTOP from the kernel itself
 *   and a forced fault signal, which kill it as they kill anyone.
 *
 * Locking: pending sets, queues, masks and actions change with
 * interrupts off (one CPU), because timers and the tty send signals from
 * interrupt context.  Nothing here sleeps with interrupts off.
 *
 * Delivery happens on the way back to user mode: exit_to_user_mode()
 * (arch/x86/syscall_64.c) calls arch_do_signal_or_restart()
 * (arch/x86/signal.c), which asks get_signal() here for the next signal
 * with a handler, after doing the default actions of the others.
 *
 * Differences from Linux: no credentials, so every sender may signal
 * every process (no -EPERM from kill); a fatal default-action signal is
 * not turned into SIGKILL at send time (only SIGKILL makes
 * fatal_signal_pending() true); no core dumps, so never WCOREDUMP;
 * orphaned process groups still stop on SIGTSTP/SIGTTIN/SIGTTOU.
 * Linux: kernel/signal.c.
 */
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <asm/syscall.h>
#include <mneme/kernel.h>
#include <mneme/printk.h>
#include <mneme/sched.h>
#include <mneme/signal.h>
#include <mneme/slab.h>
#include <mneme/string.h>
#include <mneme/uaccess.h>
#include <uapi/errno.h>

#define SIGQUEUE_MAX	256	/* queued siginfos per task (Linux: RLIMIT_SIGPENDING) */
#define INT_MIN_PID	(-2147483647 - 1)

/* How a signal is sent: from user space, by the kernel, or forced (a fault). */
enum send_how { SEND_USER, SEND_KERNEL, SEND_FORCE };

#define M(sig)	(1UL << ((sig) - 1))
#define SIG_KERNEL_ONLY_MASK	(M(SIGKILL) | M(SIGSTOP))
#define SIG_KERNEL_STOP_MASK	(M(SIGSTOP) | M(SIGTSTP) | M(SIGTTIN) | M(SIGTTOU))
#define SIG_KERNEL_IGNORE_MASK	(M(SIGCONT) | M(SIGCHLD) | M(SIGWINCH) | M(SIGURG))
/* Faults first: the signal for the instruction that just trapped. */
#define SYNCHRONOUS_MASK	(M(SIGSEGV) | M(SIGBUS) | M(SIGILL) | M(SIGTRAP) | \
				 M(SIGFPE) | M(SIGSYS))

static bool sig_in(int sig, sigset_t mask)
{
	return sig < SIGRTMIN && (mask & sigmask(sig));
}
static bool sig_kernel_only(int sig)
{
	return sig_in(sig, SIG_KERNEL_ONLY_MASK);
}
static bool sig_kernel_stop(int sig)
{
	return sig_in(sig, SIG_KERNEL_STOP_MASK);
}
static bool sig_kernel_ignore(int sig)
{
	return sig_in(sig, SIG_KERNEL_IGNORE_MASK);
}

static struct k_sigaction *sig_action(struct task_struct *t, int sig)
{
	return &t->sighand.action[sig - 1];
}

bool signal_pending(struct task_struct *tsk)
{
	return READ_ONCE(tsk->pending.signal) & ~READ_ONCE(tsk->blocked);
}

bool fatal_signal_pending(struct task_struct *tsk)
{
	return sigismember(&tsk->pending.signal, SIGKILL);
}

/* ---- the pending queue ---------------------------------------------------- */

static struct sigqueue *sigqueue_alloc(struct task_struct *t)
{
	struct sigqueue *q;

	if (t->pending.nr_queued >= SIGQUEUE_MAX)
		return NULL;
	q = kmalloc(sizeof(*q), GFP_ATOMIC);
	if (q)
		t->pending.nr_queued++;
	return q;
}

static void sigqueue_free(struct task_struct *t, struct sigqueue *q)
{
	list_del(&q->list);
	t->pending.nr_queued--;
	kfree(q);
}

/* Remove every pending signal in mask from t (entries and bits). */
static void flush_sigqueue_mask(struct task_struct *t, sigset_t mask)
{
	struct sigqueue *q, *n;

	if (!(t->pending.signal & mask))
		return;
	t->pending.signal &= ~mask;
	list_for_each_entry_safe(q, n, &t->pending.list, list)
		if (mask & sigmask(q->info.si_signo))
			sigqueue_free(t, q);
}

void flush_signals(struct task_struct *t)
{
	unsigned long flags = local_irq_save();

	flush_sigqueue_mask(t, ~0UL);
	local_irq_restore(flags);
}

/* The lowest pending signal not in mask, faults first: 0 if none. */
static int next_signal(sigset_t pending, sigset_t mask)
{
	sigset_t x = pending & ~mask;

	if (x & SYNCHRONOUS_MASK)
		x &= SYNCHRONOUS_MASK;
	return x ? __builtin_ctzl(x) + 1 : 0;
}

int dequeue_signal(struct task_struct *t, sigset_t mask, siginfo_t *info)
{
	int sig = next_signal(t->pending.signal, mask);
	struct sigqueue *q, *first = NULL;
	bool more = false;

	if (!sig)
		return 0;
	list_for_each_entry(q, &t->pending.list, list) {
		if (q->info.si_signo != sig)
			continue;
		if (first) {
			more = true;
			break;
		}
		first = q;
	}
	if (!more)
		sigdelset(&t->pending.signal, sig);
	if (first) {
		*info = first->info;
		sigqueue_free(t, first);
	} else {		/* the queue was full when it was sent */
		memset(info, 0, sizeof(*info));
		info->si_signo = sig;
		info->si_code = SI_USER;
	}
	return sig;
}

/* ---- sending ------------------------------------------------------------------ */

static bool sig_handler_ignored(__sighandler_t handler, int sig)
{
	return handler == SIG_IGN || (handler == SIG_DFL && sig_kernel_ignore(sig));
}

/* Would t throw sig away now (ignored and not blocked)? */
static bool sig_ignored(struct task_struct *t, int sig, enum send_how how)
{
	__sighandler_t handler = sig_action(t, sig)->sa.sa_handler;

	if (how == SEND_FORCE)
		return false;
	/*
	 * Kernel threads ignore what they have no handler for, as Linux's
	 * (which start with every signal ignored), so a SIGPIPE that a ktest
	 * provokes cannot stay pending and break the caller's later sleeps;
	 * only the kernel's own SIGKILL still gets through.
	 */
	if ((t->flags & PF_KTHREAD) && handler == SIG_DFL &&
	    (how == SEND_USER || sig != SIGKILL))
		return true;
	if (t->pid == 1 && handler == SIG_DFL &&
	    !(how == SEND_KERNEL && sig_kernel_only(sig)))
		return true;		/* init gets what it handles */
	if (sigismember(&t->blocked, sig))
		return false;		/* it may be unblocked, or the action changed */
	return sig_handler_ignored(handler, sig);
}

/* Wake t to see its signal: from interruptible sleeps, and from a stop for SIGKILL. */
static void signal_wake_up(struct task_struct *t, bool fatal)
{
	wake_up_state(t, TASK_INTERRUPTIBLE | (fatal ? TASK_STOPPED : 0));
}

static void do_notify_parent_cldstop(struct task_struct *tsk, int why);

/*
 * Job control side effects of sending, whatever the action: a stop
 * signal cancels a pending SIGCONT, SIGCONT cancels pending stops and
 * resumes a stopped task.  Then: is the signal to be queued at all?
 */
static bool prepare_signal(int sig, struct task_struct *t, enum send_how how)
{
	if (sig_kernel_stop(sig)) {
		flush_sigqueue_mask(t, sigmask(SIGCONT));
	} else if (sig == SIGCONT) {
		flush_sigqueue_mask(t, SIG_KERNEL_STOP_MASK);
		if (t->stop_signal) {
			t->stop_signal = 0;
			t->stop_unreported = false;
			t->cont_unreported = true;
			wake_up_state(t, TASK_STOPPED);
			do_notify_parent_cldstop(t, CLD_CONTINUED);
		}
	}
	return !sig_ignored(t, sig, how);
}

static int __send_signal(int sig, const siginfo_t *info, struct task_struct *t,
			 enum send_how how)
{
	unsigned long flags = local_irq_save();
	struct sigqueue *q;
	int ret = 0;

	if (t->exit_state || (t->flags & PF_EXITING) || !prepare_signal(sig, t, how))
		goto out;
	if (sig < SIGRTMIN && sigismember(&t->pending.signal, sig))
		goto out;		/* a standard signal is pending once */
	q = sigqueue_alloc(t);
	if (q) {
		q->info = *info;
		list_add_tail(&q->list, &t->pending.list);
	} else if (sig >= SIGRTMIN && how == SEND_USER) {
		ret = -EAGAIN;
		goto out;
	}
	sigaddset(&t->pending.signal, sig);
	if (!sigismember(&t->blocked, sig))
		signal_wake_up(t, sig == SIGKILL);
out:
	local_irq_restore(flags);
	return ret;
}

static void init_siginfo(siginfo_t *info, int sig, int code, int pid)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = code;
	info->si_pid = pid;
	info->si_uid = 0;		/* everyone is root: no credentials yet */
}

int send_sig_info(int sig, const siginfo_t *info, struct task_struct *tsk,
		  bool from_kernel)
{
	if (sig < 1 || !valid_signal(sig))
		return -EINVAL;
	return __send_signal(sig, info, tsk, from_kernel ? SEND_KERNEL : SEND_USER);
}

int send_sig(int sig, struct task_struct *tsk)
{
	siginfo_t info;

	init_siginfo(&info, sig, SI_KERNEL, 0);
	return send_sig_info(sig, &info, tsk, true);
}

/*
 * A signal current cannot refuse: if it is blocked or ignored, the
 * action goes back to SIG_DFL and the signal is unblocked (Linux's
 * force_sig_info_to_task()), so a fault is never silently retried.
 */
static void force_sig_info(const siginfo_t *info)
{
	struct task_struct *t = current;
	struct k_sigaction *ka = sig_action(t, info->si_signo);
	unsigned long flags = local_irq_save();

	if (ka->sa.sa_handler == SIG_IGN || sigismember(&t->blocked, info->si_signo)) {
		ka->sa.sa_handler = SIG_DFL;
		sigdelset(&t->blocked, info->si_signo);
	}
	__send_signal(info->si_signo, info, t, SEND_FORCE);
	local_irq_restore(flags);
}

void force_sig_fault(int sig, int si_code, unsigned long addr)
{
	siginfo_t info;

	init_siginfo(&info, sig, si_code, 0);
	info.si_addr = (void __user *)addr;
	force_sig_info(&info);
}

void force_sigsegv(int sig)
{
	siginfo_t info;

	if (sig == SIGSEGV)	/* the SIGSEGV handler's own frame failed */
		sig_action(current, SIGSEGV)->sa.sa_handler = SIG_DFL;
	init_siginfo(&info, SIGSEGV, SI_KERNEL, 0);
	force_sig_info(&info);
}

bool unhandled_signal(struct task_struct *tsk, int sig)
{
	__sighandler_t handler = sig_action(tsk, sig)->sa.sa_handler;

	if (tsk->pid == 1)
		return true;
	return handler == SIG_DFL || handler == SIG_IGN || sigismember(&tsk->blocked, sig);
}

/* kill()'s checks and send to one process; sig 0 only checks it exists. */
static int group_send_sig_info(int sig, const siginfo_t *info, struct task_struct *p)
{
	return sig ? __send_signal(sig, info, p, SEND_USER) : 0;
}

/* Send to every task in group pgrp: -ESRCH if there is none. */
static int __kill_pgrp_info(int sig, const siginfo_t *info, int pgrp, enum send_how how)
{
	unsigned long flags = local_irq_save();
	struct task_struct *p;
	bool found = false;
	int ret = 0;

	list_for_each_entry(p, &init_task.tasks, tasks) {
		if (p->pgrp != pgrp || (p->flags & PF_KTHREAD))
			continue;
		found = true;
		if (sig) {
			int err = __send_signal(sig, info, p, how);

			if (err)
				ret = err;
		}
	}
	local_irq_restore(flags);
	return found ? ret : -ESRCH;
}

int kill_pgrp(int pgrp, int sig)
{
	siginfo_t info;

	if (!valid_signal(sig) || sig < 0 || pgrp <= 0)
		return -EINVAL;
	init_siginfo(&info, sig, SI_KERNEL, 0);
	return __kill_pgrp_info(sig, &info, pgrp, SEND_KERNEL);
}

/* kill(-1): every process but init and the caller. */
static int kill_all(int sig, const siginfo_t *info)
{
	unsigned long flags = local_irq_save();
	struct task_struct *p;
	int count = 0, ret = 0;

	list_for_each_entry(p, &init_task.tasks, tasks) {
		if (p->pid <= 1 || p == current || (p->flags & PF_KTHREAD))
			continue;
		count++;
		ret = group_send_sig_info(sig, info, p) ?: ret;
	}
	local_irq_restore(flags);
	return count ? ret : -ESRCH;
}

static int kill_something_info(int sig, const siginfo_t *info, int pid)
{
	struct task_struct *p;

	if (pid > 0) {
		p = find_task_by_vpid(pid);
		return p ? group_send_sig_info(sig, info, p) : -ESRCH;
	}
	if (pid == -1)
		return kill_all(sig, info);
	if (pid == INT_MIN_PID)
		return -ESRCH;		/* -INT_MIN does not exist */
	return __kill_pgrp_info(sig, info, pid ? -pid : current->pgrp, SEND_USER);
}

/* kill(pid, sig) */
long sys_kill(struct pt_regs *regs)
{
	int pid = (int)regs->rdi, sig = (int)regs->rsi;
	siginfo_t info;

	if (sig < 0 || !valid_signal(sig))
		return -EINVAL;
	init_siginfo(&info, sig, SI_USER, current->pid);
	return kill_something_info(sig, &info, pid);
}

/* tkill/tgkill: one thread; with one thread per process, tid is the pid. */
static long do_tkill(int tgid, int pid, int sig)
{
	struct task_struct *p = find_task_by_vpid(pid);
	siginfo_t info;

	if (sig < 0 || !valid_signal(sig))
		return -EINVAL;
	if (!p || (tgid > 0 && p->pid != tgid))
		return -ESRCH;
	init_siginfo(&info, sig, SI_TKILL, current->pid);
	return group_send_sig_info(sig, &info, p);
}

long sys_tkill(struct pt_regs *regs)
{
	int pid = (int)regs->rdi;

	return pid <= 0 ? -EINVAL : do_tkill(0, pid, (int)regs->rsi);
}

long sys_tgkill(struct pt_regs *regs)
{
	int tgid = (int)regs->rdi, pid = (int)regs->rsi;

	return pid <= 0 || tgid <= 0 ? -EINVAL : do_tkill(tgid, pid, (int)regs->rdx);
}

/* ---- delivery ----------------------------------------------------------------- */

/* Tell the parent that tsk stopped or continued (unless it asked not to). */
static void do_notify_parent_cldstop(struct task_struct *tsk, int why)
{
	struct task_struct *parent = tsk->parent;
	siginfo_t info;

	if (!parent)
		return;
	init_siginfo(&info, SIGCHLD, why, tsk->pid);
	info.si_status = why == CLD_CONTINUED ? SIGCONT : tsk->stop_signal;
	if (!(sig_action(parent, SIGCHLD)->sa.sa_flags & SA_NOCLDSTOP))
		__send_signal(SIGCHLD, &info, parent, SEND_KERNEL);
	wake_up_all(&parent->wait_chldexit);
}

/* The default action of a stop signal: stop until SIGCONT or SIGKILL. */
static void do_signal_stop(int sig)
{
	struct task_struct *t = current;
	unsigned long flags = local_irq_save();

	t->stop_signal = sig;
	t->stop_unreported = true;
	t->cont_unreported = false;
	do_notify_parent_cldstop(t, CLD_STOPPED);
	while (t->stop_signal && !fatal_signal_pending(t)) {
		__set_current_state(TASK_STOPPED);
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	local_irq_restore(flags);
}

bool do_notify_parent(struct task_struct *tsk, int sig)
{
	struct task_struct *parent = tsk->parent;
	struct k_sigaction *psig;
	bool autoreap = false;
	siginfo_t info;

	if (!parent)
		return false;
	init_siginfo(&info, sig, CLD_EXITED, tsk->pid);
	info.si_status = (tsk->exit_code >> 8) & 0xff;
	if (tsk->exit_code & 0x7f) {
		info.si_code = CLD_KILLED;	/* no core dumps: never CLD_DUMPED */
		info.si_status = tsk->exit_code & 0x7f;
	}
	psig = sig_action(parent, SIGCHLD);
	if (sig == SIGCHLD && (psig->sa.sa_handler == SIG_IGN ||
			       (psig->sa.sa_flags & SA_NOCLDWAIT))) {
		autoreap = true;
		if (psig->sa.sa_handler == SIG_IGN)
			sig = 0;
	}
	if (sig > 0 && valid_signal(sig))
		__send_signal(sig, &info, parent, SEND_KERNEL);
	return autoreap;
}

/*
 * Take signals off current's queue until one has a handler: true, with
 * it in *ksig.  Ignored ones are dropped, stop signals stop, the rest
 * kill (Linux's get_signal()).  Interrupts on.
 */
bool get_signal(struct ksignal *ksig)
{
	struct task_struct *t = current;

	for (;;) {
		unsigned long flags = local_irq_save();
		int sig = dequeue_signal(t, t->blocked, &ksig->info);
		struct k_sigaction *ka;

		if (!sig) {
			local_irq_restore(flags);
			return false;
		}
		ka = sig_action(t, sig);
		if (ka->sa.sa_handler != SIG_DFL && ka->sa.sa_handler != SIG_IGN) {
			ksig->ka = *ka;
			ksig->sig = sig;
			if (ka->sa.sa_flags & SA_RESETHAND)
				ka->sa.sa_handler = SIG_DFL;
			local_irq_restore(flags);
			return true;
		}
		local_irq_restore(flags);
		if (ka->sa.sa_handler == SIG_IGN || sig_kernel_ignore(sig))
			continue;
		if (sig_kernel_stop(sig)) {
			do_signal_stop(sig);
			continue;
		}
		do_exit(sig);		/* wait status: killed by sig (no core: no 0x80) */
	}
}

void set_current_blocked(sigset_t newset)
{
	unsigned long flags = local_irq_save();

	current->blocked = newset & ~SIG_KERNEL_ONLY_MASK;
	local_irq_restore(flags);
}

sigset_t *sigmask_to_save(void)
{
	return current->restore_sigmask ? &current->saved_sigmask : &current->blocked;
}

void restore_saved_sigmask(void)
{
	if (current->restore_sigmask) {
		current->restore_sigmask = false;
		set_current_blocked(current->saved_sigmask);
	}
}

void signal_setup_done(bool failed, struct ksignal *ksig)
{
	sigset_t blocked;

	if (failed) {
		force_sigsegv(ksig->sig);
		return;
	}
	blocked = current->blocked | ksig->ka.sa.sa_mask;
	if (!(ksig->ka.sa.sa_flags & SA_NODEFER))
		sigaddset(&blocked, ksig->sig);
	current->restore_sigmask = false;
	set_current_blocked(blocked);
}

/* ---- fork, exec, exit ------------------------------------------------------ */

void init_signal_state(struct task_struct *p)
{
	p->blocked = 0;
	memset(&p->sighand, 0, sizeof(p->sighand));	/* all SIG_DFL */
	INIT_LIST_HEAD(&p->pending.list);
	p->pending.signal = 0;
	p->pending.nr_queued = 0;
	p->sas_ss_sp = p->sas_ss_size = 0;
	p->exit_signal = SIGCHLD;
	timer_setup(&p->real_timer, it_real_fn);
	p->it_real_incr = 0;
}

void copy_signal_state(struct task_struct *p)
{
	p->blocked = current->blocked;
	p->sighand = current->sighand;
	p->sas_ss_sp = current->sas_ss_sp;
	p->sas_ss_size = current->sas_ss_size;
}

void flush_signal_handlers(struct task_struct *t, bool force_default)
{
	for (int sig = 1; sig <= _NSIG; sig++) {
		struct k_sigaction *ka = sig_action(t, sig);

		if (force_default || ka->sa.sa_handler != SIG_IGN)
			ka->sa.sa_handler = SIG_DFL;
		ka->sa.sa_flags = 0;
		ka->sa.sa_restorer = NULL;
		ka->sa.sa_mask = 0;
	}
}

/* ---- system calls: actions and masks ---------------------------------------- */

int do_sigaction(int sig, const struct k_sigaction *act, struct k_sigaction *oact)
{
	struct k_sigaction *k;
	unsigned long flags;

	if (sig < 1 || !valid_signal(sig) || (act && sig_kernel_only(sig)))
		return -EINVAL;
	k = sig_action(current, sig);
	flags = local_irq_save();
	if (oact)
		*oact = *k;
	if (act) {
		*k = *act;
		k->sa.sa_mask &= ~SIG_KERNEL_ONLY_MASK;
		/* POSIX: setting an ignoring action discards what is pending */
		if (sig_handler_ignored(k->sa.sa_handler, sig))
			flush_sigqueue_mask(current, sigmask(sig));
	}
	local_irq_restore(flags);
	return 0;
}

/* rt_sigaction(sig, act, oact, sigsetsize) */
long sys_rt_sigaction(struct pt_regs *regs)
{
	const void __user *uact = (const void __user *)regs->rsi;
	void __user *uoact = (void __user *)regs->rdx;
	struct k_sigaction new, old;
	int ret;

	if (regs->r10 != sizeof(sigset_t))
		return -EINVAL;
	if (uact && copy_from_user(&new.sa, uact, sizeof(new.sa)))
		return -EFAULT;
	ret = do_sigaction((int)regs->rdi, uact ? &new : NULL, uoact ? &old : NULL);
	if (!ret && uoact && copy_to_user(uoact, &old.sa, sizeof(old.sa)))
		return -EFAULT;
	return ret;
}

int sigprocmask(int how, sigset_t set)
{
	sigset_t blocked = current->blocked;

	switch (how) {
	case SIG_BLOCK:
		blocked |= set;
		break;
	case SIG_UNBLOCK:
		blocked &= ~set;
		break;
	case SIG_SETMASK:
		blocked = set;
		break;
	default:
		return -EINVAL;
	}
	set_current_blocked(blocked);
	return 0;
}

/* rt_sigprocmask(how, set, oset, sigsetsize) */
long sys_rt_sigprocmask(struct pt_regs *regs)
{
	const sigset_t __user *uset = (const sigset_t __user *)regs->rsi;
	sigset_t __user *uoset = (sigset_t __user *)regs->rdx;
	sigset_t old = current->blocked, set;
	int ret;

	if (regs->r10 != sizeof(sigset_t))
		return -EINVAL;
	if (uset) {
		if (copy_from_user(&set, uset, sizeof(set)))
			return -EFAULT;
		ret = sigprocmask((int)regs->rdi, set);
		if (ret)
			return ret;
	}
	if (uoset && copy_to_user(uoset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* rt_sigpending(set, sigsetsize): the blocked signals waiting. */
long sys_rt_sigpending(struct pt_regs *regs)
{
	sigset_t pending = current->pending.signal & current->blocked;

	if (regs->rsi > sizeof(sigset_t))
		return -EINVAL;
	if (copy_to_user((void __user *)regs->rdi, &pending, regs->rsi))
		return -EFAULT;
	return 0;
}

/* Sleep until a signal is pending (pause, sigsuspend). */
static void sleep_until_signal(void)
{
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (signal_pending(current))
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
}

/* pause(): the handler runs, then -EINTR; an ignored signal sleeps on. */
long sys_pause(struct pt_regs *regs)
{
	(void)regs;
	sleep_until_signal();
	return -ERESTARTNOHAND;
}

/* rt_sigsuspend(mask, sigsetsize): wait with mask; the old one is back after the handler. */
long sys_rt_sigsuspend(struct pt_regs *regs)
{
	sigset_t set;

	if (regs->rsi != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&set, (const void __user *)regs->rdi, sizeof(set)))
		return -EFAULT;
	current->saved_sigmask = current->blocked;
	set_current_blocked(set);
	sleep_until_signal();
	current->restore_sigmask = true;
	return -ERESTARTNOHAND;
}

/* ---- the alternate signal stack --------------------------------------------- */

bool on_sig_stack(unsigned long sp)
{
	struct task_struct *t = current;

	return t->sas_ss_size && sp > t->sas_ss_sp && sp - t->sas_ss_sp <= t->sas_ss_size;
}

int sas_ss_flags(unsigned long sp)
{
	if (!current->sas_ss_size)
		return SS_DISABLE;
	return on_sig_stack(sp) ? SS_ONSTACK : 0;
}

#define SS_AUTODISARM	(1U << 31)	/* accepted, not implemented */

int do_sigaltstack(const stack_t *ss, stack_t *oss, unsigned long sp)
{
	struct task_struct *t = current;

	if (oss) {
		memset(oss, 0, sizeof(*oss));
		oss->ss_sp = (void __user *)t->sas_ss_sp;
		oss->ss_size = t->sas_ss_size;
		oss->ss_flags = sas_ss_flags(sp);
	}
	if (ss) {
		int mode = ss->ss_flags & ~(int)SS_AUTODISARM;

		if (on_sig_stack(sp))
			return -EPERM;
		if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
			return -EINVAL;
		if (mode == SS_DISABLE) {
			t->sas_ss_sp = t->sas_ss_size = 0;
			return 0;
		}
		if (ss->ss_size < MINSIGSTKSZ)
			return -ENOMEM;
		t->sas_ss_sp = (unsigned long)ss->ss_sp;
		t->sas_ss_size = ss->ss_size;
	}
	return 0;
}

/* sigaltstack(ss, old_ss) */
long sys_sigaltstack(struct pt_regs *regs)
{
	const stack_t __user *uss = (const stack_t __user *)regs->rdi;
	stack_t __user *uoss = (stack_t __user *)regs->rsi;
	stack_t new, old;
	int ret;

	if (uss && copy_from_user(&new, uss, sizeof(new)))
		return -EFAULT;
	ret = do_sigaltstack(uss ? &new : NULL, uoss ? &old : NULL, regs->rsp);
	if (!ret && uoss && copy_to_user(uoss, &old, sizeof(old)))
		return -EFAULT;
	return ret;
}
