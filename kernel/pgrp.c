/*
 * kernel/pgrp.c - process groups and sessions: setpgid, getpgid,
 * getpgrp, setsid, getsid.
 *
 * A process group is the set of tasks with the same task->pgrp (the pid
 * of its leader, who may be gone); a session the set with the same
 * task->session.  Both are inherited at fork; pid 1 starts session 1 and
 * group 1 (kernel/main.c).  The tty sends ^C to a group (kill_pgrp()),
 * kill(-pgrp) and wait4(-pgrp) select by group.  Linux keeps struct pid
 * links per type (PIDTYPE_PGID, PIDTYPE_SID); here a group is found by
 * walking the task list, which is short.
 *
 * Invariants (Linux's rules): a task moves only into a group of its own
 * session; a session leader never changes group; setsid() never makes a
 * task lead a session while a group with its pid exists.  Locking:
 * interrupts off while the fields change or the list is walked.
 * Linux: kernel/sys.c (the system calls), kernel/pid.c.
 */
#include <asm/processor.h>
#include <asm/syscall.h>
#include <mneme/kernel.h>
#include <mneme/sched.h>
#include <uapi/errno.h>

/* Does a task in session sid belong to group pgrp? */
static bool pgrp_in_session(int pgrp, int sid)
{
	struct task_struct *p;

	list_for_each_entry(p, &init_task.tasks, tasks)
		if (p->pgrp == pgrp && p->session == sid && !(p->flags & PF_KTHREAD))
			return true;
	return false;
}

static bool pgrp_exists(int pgrp)
{
	struct task_struct *p;

	list_for_each_entry(p, &init_task.tasks, tasks)
		if (p->pgrp == pgrp && !(p->flags & PF_KTHREAD))
			return true;
	return false;
}

/*
 * setpgid(pid, pgid): move pid (0: ourselves), ourselves or a child of
 * ours in our session that has not exec'd, into group pgid (0: its own
 * pid), which must be its own pid or an existing group of our session.
 */
static int do_setpgid(int pid, int pgid)
{
	struct task_struct *p = pid ? find_task_by_vpid(pid) : current;

	if (!p || p->exit_state || (p != current && p->parent != current))
		return -ESRCH;
	if (p != current) {
		if (p->session != current->session)
			return -EPERM;
		if (!(p->flags & PF_FORKNOEXEC))
			return -EACCES;
	}
	if (p->session == p->pid)
		return -EPERM;		/* a session leader stays where it is */
	if (pgid != p->pid && !pgrp_in_session(pgid, current->session))
		return -EPERM;
	p->pgrp = pgid;
	return 0;
}

long sys_setpgid(struct pt_regs *regs)
{
	int pid = (int)regs->rdi, pgid = (int)regs->rsi;
	unsigned long flags;
	int ret;

	if (pid < 0 || pgid < 0)
		return -EINVAL;
	flags = local_irq_save();
	if (!pgid)
		pgid = pid ? pid : current->pid;
	ret = do_setpgid(pid, pgid);
	local_irq_restore(flags);
	return ret;
}

/* getpgid()/getsid(): the group or session of pid (0: ours), or -ESRCH. */
static long task_pgrp_or_session(int pid, bool session)
{
	struct task_struct *p = pid < 0 ? NULL : pid ? find_task_by_vpid(pid) : current;

	if (!p)
		return -ESRCH;
	return session ? p->session : p->pgrp;
}

long sys_getpgid(struct pt_regs *regs)
{
	return task_pgrp_or_session((int)regs->rdi, false);
}

long sys_getpgrp(struct pt_regs *regs)
{
	(void)regs;
	return current->pgrp;
}

long sys_getsid(struct pt_regs *regs)
{
	return task_pgrp_or_session((int)regs->rdi, true);
}

/* setsid(): lead a new session and group, unless a group has our pid. */
long sys_setsid(struct pt_regs *regs)
{
	unsigned long flags = local_irq_save();
	long ret = -EPERM;

	(void)regs;
	if (!pgrp_exists(current->pid)) {
		current->session = current->pgrp = current->pid;
		ret = current->pid;
	}
	local_irq_restore(flags);
	return ret;
}
