/*
 * sched.h - tasks.  For now a task is only what a kernel stack needs: a
 * name, a pid and the stack itself; the user-space issue grows it into
 * Linux's task_struct (state, mm, files, signals, scheduling).
 *
 * Kernel stacks are THREAD_SIZE (16 KiB) from vmalloc, so the page below
 * each is unmapped (the guard page of the area below it, or free space):
 * an overflow faults at once instead of overwriting a neighbour.
 * Linux: include/linux/sched.h, kernel/fork.c (alloc_thread_stack_node()).
 */
#ifndef MNEME_SCHED_H
#define MNEME_SCHED_H

#include <mneme/types.h>

#define THREAD_SIZE	(16UL << 10)
#define TASK_COMM_LEN	16

struct vm_struct;

struct task_struct {
	int pid;
	char comm[TASK_COMM_LEN];
	void *stack;			/* lowest address of the kernel stack */
	struct vm_struct *stack_vm_area;
};

/* Task 0, "swapper/0": the boot CPU's own flow of control. */
extern struct task_struct init_task;
/* The running task (one CPU; Linux reads it from a per-CPU variable). */
extern struct task_struct *current_task;
#define current	current_task

static inline unsigned long task_stack_bottom(const struct task_struct *tsk)
{
	return (unsigned long)tsk->stack;
}
static inline unsigned long task_stack_top(const struct task_struct *tsk)
{
	return (unsigned long)tsk->stack + THREAD_SIZE;
}

/* A THREAD_SIZE vmalloc stack for tsk: 0 or -ENOMEM. */
int alloc_thread_stack(struct task_struct *tsk);
void free_thread_stack(struct task_struct *tsk);

/*
 * Move the boot flow of control onto a vmalloc stack for init_task and
 * continue in fn, never to return (the boot stack is left behind).
 */
__noreturn void init_task_move_stack(void (*fn)(void));

#endif
