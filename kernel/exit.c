/*
 * kernel/exit.c - the end of a task: do_exit(), zombies, and reaping.
 *
 * do_exit() records the exit code, hands the task's children to
 * init_task, marks the task EXIT_ZOMBIE, wakes its parent and schedules
 * away for the last time.  The task cannot free the stack it is running
 * on: the next task frees it in finish_task_switch() (kernel/sched/core.c),
 * as in Linux.  What is left, the task_struct and the pid, is a zombie
 * that holds the exit code until the parent reaps it with kernel_wait()
 * (release_task()), which adds its CPU time and counts to the parent's
 * children's totals (kernel/sched/cputime.c).
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

/* Our children become the child reaper's (init_task's if we are it). */
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
		zombies |= p->exit_state == EXIT_ZOMBIE;
	}
	if (zombies)
		wake_up_all(&reaper->wait_chldexit);
}

static void exit_notify(struct task_struct *tsk)
{
	forget_original_parent(tsk);
	tsk->exit_state = EXIT_ZOMBIE;
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
	exit_files(tsk);	/* every descriptor closed */
	exit_fs(tsk);
	exit_mm();
	local_irq_disable();
	tsk->flags |= PF_EXITING;
	tsk->exit_code = (int)code;
	exit_notify(tsk);
	do_task_dead();
}

/* Free what a zombie still holds: its pid and its task_struct. */
static void release_task(struct task_struct *p)
{
	unsigned long flags = local_irq_save();

	account_reaped_child(p->parent, p);	/* its times become the parent's cutime... */

	list_del_init(&p->sibling);
	list_del_init(&p->tasks);
	local_irq_restore(flags);
	free_pid(p->pid);
	free_task(p);
}

/* A zombie child of current matching pid (-1: any); *any: a match lives. */
static struct task_struct *find_zombie_child(int pid, bool *any)
{
	struct task_struct *p;

	*any = false;
	list_for_each_entry(p, &current->children, sibling) {
		if (pid != -1 && p->pid != pid)
			continue;
		*any = true;
		if (p->exit_state == EXIT_ZOMBIE)
			return p;
	}
	return NULL;
}

int kernel_wait(int pid, int *stat)
{
	return kernel_wait4(pid, stat, 0, NULL);
}

/*
 * Reap a zombie child (pid -1: any): its pid, 0 with WNOHANG when
 * children live but none has exited, -ECHILD when there are none.
 */
int kernel_wait4(int pid, int *stat, int options, struct rusage *ru)
{
	struct task_struct *p = NULL;
	bool any;

	if (options & WNOHANG) {
		p = find_zombie_child(pid, &any);
		if (!p)
			return any ? 0 : -ECHILD;
	} else {
		wait_event(current->wait_chldexit,
			   (p = find_zombie_child(pid, &any)) != NULL || !any);
	}
	if (!p)
		return -ECHILD;
	pid = p->pid;
	if (stat)
		*stat = p->exit_code;
	if (ru)
		getrusage_task(p, RUSAGE_BOTH, ru);	/* Linux: wait_task_zombie() */
	release_task(p);
	return pid;
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
