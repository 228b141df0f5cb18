/*
 * signal.h - what the rest of the kernel may ask of signals.
 *
 * This is the interface that the tty (^C), pipes (SIGPIPE), the fault
 * handler (SIGSEGV) and every interruptible sleep use.  kernel/signal.c
 * implements it.  A sleeping task that may be woken by a signal sleeps
 * in TASK_INTERRUPTIBLE and, when woken, checks signal_pending(current):
 * if true it returns -EINTR (or -ERESTARTSYS where Linux would restart
 * the call under SA_RESTART).
 * Linux: include/linux/sched/signal.h, kernel/signal.c.
 */
#ifndef MNEME_SIGNAL_H
#define MNEME_SIGNAL_H

#include <mneme/types.h>

struct task_struct;

/* Kernel-internal errnos (never reach user space), Linux's values. */
#define ERESTARTSYS		512
#define ERESTARTNOINTR		513
#define ERESTARTNOHAND		514
#define ERESTART_RESTARTBLOCK	516

/* True when tsk has an unblocked signal waiting to be delivered. */
bool signal_pending(struct task_struct *tsk);

/* True when a fatal signal (SIGKILL) is pending for tsk. */
bool fatal_signal_pending(struct task_struct *tsk);

/*
 * Send sig to one task from the kernel (si_code SI_KERNEL): 0, or
 * -EINVAL for a bad number.  Wakes the task if it sleeps interruptibly.
 */
int send_sig(int sig, struct task_struct *tsk);

/*
 * A fault in user mode: queue sig (SIGSEGV, SIGBUS, SIGILL, SIGFPE,
 * SIGTRAP) for current with si_code and si_addr, unblocked and not
 * ignorable, so it is delivered on the way back to user mode.
 */
void force_sig_fault(int sig, int si_code, unsigned long addr);

/* Send sig to every process in process group pgrp: 0 or -ESRCH. */
int kill_pgrp(int pgrp, int sig);

#endif
