/*
 * kernel/signal.c - signals: a placeholder for the interface in
 * <mneme/signal.h>, so the tty, pipes and sleeping code can be written
 * against it while signals themselves are built.  Nothing is ever
 * pending; force_sig_fault() kills the task as a user fault did before.
 * The signals work replaces this file whole.
 */
#include <mneme/kernel.h>
#include <mneme/sched.h>
#include <mneme/signal.h>
#include <uapi/errno.h>

bool signal_pending(struct task_struct *tsk)
{
	(void)tsk;
	return false;
}

bool fatal_signal_pending(struct task_struct *tsk)
{
	(void)tsk;
	return false;
}

int send_sig(int sig, struct task_struct *tsk)
{
	(void)tsk;
	return sig > 0 && sig < 65 ? 0 : -EINVAL;
}

void force_sig_fault(int sig, int si_code, unsigned long addr)
{
	(void)si_code;
	(void)addr;
	do_exit(sig);		/* wait status: killed by sig */
}

int kill_pgrp(int pgrp, int sig)
{
	(void)pgrp;
	(void)sig;
	return -ESRCH;
}
