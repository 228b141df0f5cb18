/*
 * kernel/fork.c - making tasks.  So far: kernel stacks.
 *
 * A kernel stack is THREAD_SIZE bytes of vmalloc(), like Linux with
 * CONFIG_VMAP_STACK: the vmalloc area puts an unmapped guard page after
 * every area, so the page below any stack is never mapped, and a stack
 * overflow is a page fault (then a double fault, see arch/x86/traps.c)
 * rather than silent corruption of whatever lies below.
 *
 * init_task starts on the boot stack of boot/head.asm (which has a guard
 * page of its own); once vmalloc works, kernel_main() moves it onto a
 * vmalloc stack (init_task_move_stack()), so the stack-overflow demo and
 * report are those of an ordinary task.  Linux keeps init_task on its
 * static stack for ever; we move it so the lesson is the vmalloc one.
 *
 * stack_overflow_describe() is what the double-fault handler asks: is
 * this stack pointer in the guard page below a known stack?
 * Linux: kernel/fork.c, arch/x86/kernel/traps.c (handle_stack_overflow()).
 */
#include <mneme/kernel.h>
#include <mneme/printk.h>
#include <mneme/sched.h>
#include <mneme/sprintf.h>
#include <mneme/stackguard.h>
#include <mneme/vmalloc.h>
#include <uapi/errno.h>

/* The stack pointer may sit a little above the guard after a big push. */
#define STACK_OVERFLOW_SLACK	256

struct task_struct init_task = {
	.pid = 0,
	.comm = "swapper/0",
};
struct task_struct *current_task = &init_task;

/* Continue on another stack (arch/x86/entry.asm). */
__noreturn void call_on_stack(unsigned long stack_top, void (*fn)(void));

int alloc_thread_stack(struct task_struct *tsk)
{
	void *stack = __vmalloc_node_range(THREAD_SIZE, THREAD_SIZE, VMALLOC_START,
					   VMALLOC_END, GFP_KERNEL, PAGE_KERNEL,
					   (unsigned long)__builtin_return_address(0));

	if (!stack)
		return -ENOMEM;
	tsk->stack = stack;
	tsk->stack_vm_area = find_vm_area(stack);
	return 0;
}

void free_thread_stack(struct task_struct *tsk)
{
	vfree(tsk->stack);
	tsk->stack = NULL;
	tsk->stack_vm_area = NULL;
}

void init_task_move_stack(void (*fn)(void))
{
	if (alloc_thread_stack(&init_task))
		panic("no memory for init_task's kernel stack");
	pr_info("init_task %s: kernel stack [0x%016lx-0x%016lx] from vmalloc, guard page below\n",
		init_task.comm, task_stack_bottom(&init_task), task_stack_top(&init_task));
	call_on_stack(task_stack_top(&init_task), fn);
}

const char *stack_overflow_describe(unsigned long sp)
{
	static char desc[192];
	const struct task_struct *tsk = current;
	unsigned long bottom = task_stack_bottom(tsk);

	if (!tsk->stack || sp < bottom - PAGE_SIZE || sp >= bottom + STACK_OVERFLOW_SLACK)
		return boot_stack_overflow_describe(sp);
	scnprintf(desc, sizeof(desc),
		  "task %s (pid %d): rsp 0x%016lx hit the guard page 0x%016lx below its stack [0x%016lx-0x%016lx]",
		  tsk->comm, tsk->pid, sp, bottom - PAGE_SIZE, bottom,
		  task_stack_top(tsk));
	return desc;
}
