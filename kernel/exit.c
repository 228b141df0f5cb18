/*
 * kernel/exit.c - the end of a task: do_exit(), zombies, and reaping.
 *
 * do_exit() records the exit code, hands the task's children to
 * the child reaper, sends the parent its exit signal (SIGCHLD with
 * CLD_EXITED or CLD_KILLED, do_notify_parent()), marks the task
 * EXIT_ZOMBIE, wakes its parent and schedules away for the last time.
 * If the parent ignores SIGCHLD (SIG_IGN or SA_NOCLDWAIT) the task is
 * EXIT_DEAD instead and reaps itself: finish_task_switch() calls
 * release_task() once it is off the task's stack, as Linux's autoreap.  The task cannot free the stack it is running
 * on: the next task frees it in finish_task_switch() (kernel/sched/core.c),
 * as in Linux.  What is left, the task_struct and the pid, is a zombie
 * that holds the exit code until the parent reaps it with kernel_wait()
 * (release_task()), which adds its CPU time and counts to the parent's
 * children's totals (kernel/sched/cputime.c).  wait4() sleeps
 * interruptibly (a signal makes it -ERESTARTSYS); it also reports stopped
 * (WUNTRACED) and continued (WCONTINUED) children, and selects children
 * by process group.
 *
 * Invariants: a task is on its parent's children list from
 * copy_process() to release_task(); a reaped task has no stack left.
 * Locking: interrupts off while the family lists change (one CPU).
 *
 * Linux's kthreads are children of kthreadd (pid 2) and kthread_stop()
 * works from any task; here a kthread is its creator's child and only the
 * creator may stop or wait for it.  Orphans go to the child reaper: pid 1
 * while it runs (it must wait() for them, as any init does), else
 * init_task.  A user process's open files go in exit_files() (the last
 * reference to an unlinked file frees it), its cwd in exit_fs(), its mm
 * in exit_mm().
 * Linux: kernel/exit.c, kernel/kthread.c.
 */
#include <asm/processor.h>
#include <mneme/fdtable.h>
#include <mneme/kernel.h>
#include <mneme/pgtable.h>
#include <mneme/panic.h>
#include <mneme/sched.h>
#include <uapi/errno.h>

/*
 * Who adopts orphans: pid 1 once it runs (kernel/main.c sets it), else
 * init_task.  The adopter must wait() for them, as Linux's init does.
 */
struct task_struct *child_reaper = &init_task;

/*
 * Our children become the child reaper's (init_task's if we are it).  A
 * zombie among them tells its new parent again, which may reap it at
 * once if it ignores SIGCHLD (Linux's reparent_leader()).
 */
static void forget_original_parent(struct task_struct *father)
{
	struct task_struct *p, *n, *reaper;
	bool zombies = false;

	if (father == child_reaper)
		child_reaper = &init_task;
	reaper = child_reaper;
	list_for_each_entry_safe(p, n, &father->children, sibling) {
		p->parent = reaper;
		list_move_tail(&p->sibling, &reaper->children);
		if (p->exit_state != EXIT_ZOMBIE)
			continue;
		if (do_notify_parent(p, p->exit_signal))
			release_task(p);	/* a zombie has no stack left */
		else
			zombies = true;
	}
	if (zombies)
		wake_up_all(&reaper->wait_chldexit);
}

static void exit_notify(struct task_struct *tsk)
{
	bool autoreap;

	forget_original_parent(tsk);
	autoreap = do_notify_parent(tsk, tsk->exit_signal);
	tsk->exit_state = autoreap ? EXIT_DEAD : EXIT_ZOMBIE;
	wake_up_all(&tsk->parent->wait_chldexit);
}

/* Leave the user address space for init_mm's, and free it. */
void exit_mm(void)
{
	struct mm_struct *mm = current->mm;

	if (!mm)
		return;
	task_note_maxrss(current, mm);
	current->mm = NULL;
	switch_mm(NULL);
	mmput(mm);
}

void do_exit(long code)
{
	struct task_struct *tsk = current;

	if (tsk == &init_task)
		panic("Attempted to kill the idle task! (exit code %ld)", code);
	tsk->flags |= PF_EXITING;	/* no more signals queue for us */
	del_timer(&tsk->real_timer);
	flush_signals(tsk);
	exit_files(tsk);	/* every descriptor closed */
	exit_fs(tsk);
	exit_mm();
	local_irq_disable();
	tsk->exit_code = (int)code;
	exit_notify(tsk);
	do_task_dead();
}

/* Free what a zombie still holds: its pid and its task_struct. */
void release_task(struct task_struct *p)
{
	unsigned long flags = local_irq_save();

	account_reaped_child(p->parent, p);	/* its times become the parent's cutime... */

	list_del_init(&p->sibling);
	list_del_init(&p->tasks);
	local_irq_restore(flags);
	free_pid(p->pid);
	free_task(p);
}

/* Does child p match wait4's pid (> 0 pid, -1 any, 0 our group, < -1 group -pid)? */
static bool wait_matches(const struct task_struct *p, int pid)
{
	if (pid > 0)
		return p->pid == pid;
	if (pid == -1)
		return true;
	return p->pgrp == (pid ? -pid : current->pgrp);
}

/* Is there something to report about p (wait status in *stat)? */
static bool wait_reportable(struct task_struct *p, int options, int *stat)
{
	if (p->exit_state == EXIT_ZOMBIE) {
		*stat = p->exit_code;
		return true;
	}
	if ((options & WUNTRACED) && p->stop_signal && p->stop_unreported) {
		*stat = (p->stop_signal << 8) | 0x7f;	/* WIFSTOPPED */
		p->stop_unreported = false;
		return true;
	}
	if ((options & WCONTINUED) && p->cont_unreported) {
		*stat = 0xffff;				/* WIFCONTINUED */
		p->cont_unreported = false;
		return true;
	}
	return false;
}

/* A child of current to report on (status in *stat); *any: a match lives. */
static struct task_struct *find_wait_child(int pid, int options, int *stat, bool *any)
{
	unsigned long flags = local_irq_save();
	struct task_struct *p, *found = NULL;

	*any = false;
	list_for_each_entry(p, &current->children, sibling) {
		if (p->exit_state == EXIT_DEAD || !wait_matches(p, pid))
			continue;
		*any = true;
		if (wait_reportable(p, options, stat)) {
			found = p;
			break;
		}
	}
	local_irq_restore(flags);
	return found;
}

/* Linux's do_wait(): sleep (interruptibly or not) until a child has news. */
static int do_wait(int pid, int *stat, int options, int state, struct rusage *ru)
{
	struct task_struct *p;
	int status = 0, ret;
	bool any;
	DEFINE_WAIT(wait);

	for (;;) {
		prepare_to_wait(&current->wait_chldexit, &wait, state);
		p = find_wait_child(pid, options, &status, &any);
		if (p || !any || (options & WNOHANG)) {
			ret = p ? p->pid : any ? 0 : -ECHILD;
			break;
		}
		if (state == TASK_INTERRUPTIBLE && signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	finish_wait(&current->wait_chldexit, &wait);
	if (p && stat)
		*stat = status;
	if (p && p->exit_state == EXIT_ZOMBIE) {
		if (ru)
			getrusage_task(p, RUSAGE_BOTH, ru);	/* Linux: wait_task_zombie() */
		release_task(p);
	}
	return ret;
}

int kernel_wait(int pid, int *stat)
{
	return do_wait(pid, stat, 0, TASK_UNINTERRUPTIBLE, NULL);
}

int kernel_wait4(int pid, int *stat, int options, struct rusage *ru)
{
	return do_wait(pid, stat, options, TASK_INTERRUPTIBLE, ru);
}

bool kthread_should_stop(void)
{
	return READ_ONCE(current->flags) & PF_KTHREAD_SHOULD_STOP;
}

int kthread_stop(struct task_struct *k)
{
	unsigned long flags = local_irq_save();
	int ret = -ECHILD;

	k->flags |= PF_KTHREAD_SHOULD_STOP;
	local_irq_restore(flags);
	wake_up_process(k);
	kernel_wait(k->pid, &ret);
	return ret;
}
