/*
 * signal.h - signals: the per-task state and what the rest of the kernel
 * may ask of them.
 *
 * This is the interface that the tty (^C), pipes (SIGPIPE), the fault
 * handler (SIGSEGV) and every interruptible sleep use.  kernel/signal.c
 * implements it; arch/x86/signal.c builds and unwinds the frames.  A
 * sleeping task that may be woken by a signal sleeps in
 * TASK_INTERRUPTIBLE and, when woken, checks signal_pending(current): if
 * true it returns -EINTR (or -ERESTARTSYS where Linux would restart the
 * call under SA_RESTART).
 *
 * Per-task state (in task_struct): blocked (the mask), pending (a bit per
 * signal plus a queue of siginfo_t, one entry per standard signal
 * pending, one per instance of a realtime one), sighand (the 64 actions)
 * and the alternate stack.  Linux shares sighand and a signal_struct
 * between threads; with one thread per process they live in the task.
 * Linux: include/linux/sched/signal.h, include/linux/signal_types.h,
 * kernel/signal.c.
 */
#ifndef MNEME_SIGNAL_H
#define MNEME_SIGNAL_H

#include <mneme/list.h>
#include <mneme/types.h>
#include <uapi/signal.h>

struct task_struct;
struct pt_regs;
struct timer_list;

/* Kernel-internal errnos (never reach user space), Linux's values. */
#define ERESTARTSYS		512
#define ERESTARTNOINTR		513
#define ERESTARTNOHAND		514
#define ERESTART_RESTARTBLOCK	516

static inline sigset_t sigmask(int sig)
{
	return 1UL << (sig - 1);
}
static inline bool sigismember(const sigset_t *set, int sig)
{
	return *set & sigmask(sig);
}
static inline void sigaddset(sigset_t *set, int sig)
{
	*set |= sigmask(sig);
}
static inline void sigdelset(sigset_t *set, int sig)
{
	*set &= ~sigmask(sig);
}
static inline bool valid_signal(unsigned long sig)
{
	return sig <= _NSIG;
}

/* One queued siginfo (Linux: struct sigqueue). */
struct sigqueue {
	struct list_head list;
	siginfo_t info;
};

struct sigpending {
	struct list_head list;		/* struct sigqueue, in arrival order */
	sigset_t signal;		/* a bit for every signal with an entry (or lost info) */
	unsigned int nr_queued;		/* entries on list (Linux: RLIMIT_SIGPENDING) */
};

struct k_sigaction {
	struct sigaction sa;
};

struct sighand_struct {
	struct k_sigaction action[_NSIG];	/* action[sig - 1] */
};

/* A signal chosen for delivery (Linux: struct ksignal). */
struct ksignal {
	struct k_sigaction ka;
	siginfo_t info;
	int sig;
};

/* True when tsk has an unblocked signal waiting to be delivered. */
bool signal_pending(struct task_struct *tsk);

/* True when a fatal signal (SIGKILL) is pending for tsk. */
bool fatal_signal_pending(struct task_struct *tsk);

/*
 * Send sig to one task from the kernel (si_code SI_KERNEL): 0, or
 * -EINVAL for a bad number.  Wakes the task if it sleeps interruptibly.
 */
int send_sig(int sig, struct task_struct *tsk);
/* The same with a caller-made siginfo; from_kernel as for send_sig(). */
int send_sig_info(int sig, const siginfo_t *info, struct task_struct *tsk,
		  bool from_kernel);

/*
 * A fault in user mode: queue sig (SIGSEGV, SIGBUS, SIGILL, SIGFPE,
 * SIGTRAP) for current with si_code and si_addr, unblocked and not
 * ignorable, so it is delivered on the way back to user mode.
 */
void force_sig_fault(int sig, int si_code, unsigned long addr);
/* Kill current with sig however it is handled (a bad signal frame). */
void force_sigsegv(int sig);
/* True when sig would not run a handler in tsk (Linux's show_unhandled_signals test). */
bool unhandled_signal(struct task_struct *tsk, int sig);

/* Send sig to every process in process group pgrp: 0 or -ESRCH. */
int kill_pgrp(int pgrp, int sig);

/* ---- for fork, exec, exit and the arch code ---- */

/* A new task: every action SIG_DFL, nothing blocked or pending, no alarm. */
void init_signal_state(struct task_struct *p);
/* fork: the child (set up as above) takes current's actions, mask, alt stack. */
void copy_signal_state(struct task_struct *p);
/* execve: handled signals go back to SIG_DFL; ignored stay ignored; mask kept. */
void flush_signal_handlers(struct task_struct *t, bool force_default);
/* Free t's queued siginfo and clear its pending set. */
void flush_signals(struct task_struct *t);
/* Take the next signal not in mask off t's queue: its number (0: none). */
int dequeue_signal(struct task_struct *t, sigset_t mask, siginfo_t *info);
/* The next signal to deliver to current, default actions done: true if a handler runs. */
bool get_signal(struct ksignal *ksig);
/* After a frame is built: block sa_mask (and sig), or kill if building it failed. */
void signal_setup_done(bool failed, struct ksignal *ksig);
/* The mask to save in a frame: sigsuspend's saved one, or blocked. */
sigset_t *sigmask_to_save(void);
/* No handler ran: put back sigsuspend's mask. */
void restore_saved_sigmask(void);
void set_current_blocked(sigset_t newset);
int do_sigaltstack(const stack_t *ss, stack_t *oss, unsigned long sp);
bool on_sig_stack(unsigned long sp);
int sas_ss_flags(unsigned long sp);
/* kernel/time/itimer.c: ITIMER_REAL's timer function (sends SIGALRM). */
void it_real_fn(struct timer_list *timer);
/* The parent learns that tsk exited: true when tsk reaps itself (autoreap). */
bool do_notify_parent(struct task_struct *tsk, int sig);

/* The system calls' cores (kernel/signal.c), for ktests too. */
int do_sigaction(int sig, const struct k_sigaction *act, struct k_sigaction *oact);
int sigprocmask(int how, sigset_t set);

/* arch/x86/signal.c: deliver everything pending on the way to user mode. */
void arch_do_signal_or_restart(struct pt_regs *regs);

#endif
