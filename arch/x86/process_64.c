/*
 * arch/x86/process_64.c - the C half of a context switch, and the first
 * stack frame of a new task.
 *
 * __switch_to_asm (switch_to.asm) swaps the callee-saved registers and
 * the stack pointer, then jumps here, to __switch_to(), on next's stack:
 * save prev's FPU/SSE registers and load next's (eagerly, on every
 * switch, as Linux has done since 4.x; older Linux set CR0.TS and loaded
 * them on the first #NM fault), point TSS.rsp0 at the top of next's
 * stack (where the CPU will push the frame of an interrupt or syscall
 * from user mode), and make next current.
 *
 * A new task has never been switched out, so copy_thread() forges the
 * frame __switch_to_asm pops (struct inactive_task_frame, as in Linux):
 * zero registers and a return address of ret_from_fork_asm.
 *
 * Invariant: interrupts are off from the start of __switch_to_asm to the
 * end of finish_task_switch(), so an interrupt never sees current,
 * rsp0 and the stack disagree.  Linux: arch/x86/kernel/process_64.c,
 * process.c (copy_thread()), fpu/core.c (switch_fpu_*).
 */
#include <asm/desc.h>
#include <asm/fpu.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/syscall.h>
#include <mneme/kernel.h>
#include <mneme/pgtable.h>
#include <mneme/sched.h>
#include <mneme/slab.h>
#include <mneme/string.h>
#include <mneme/uaccess.h>
#include <uapi/errno.h>

#define FCW_DEFAULT	0x037f	/* x87: all exceptions masked, 64-bit precision */
#define MXCSR_DEFAULT	0x1f80	/* SSE: all exceptions masked, round to nearest */

/* What __switch_to_asm pushes, lowest address first. */
struct inactive_task_frame {
	unsigned long r15, r14, r13, r12, rbx, rbp;
	unsigned long ret_addr;
};

/*
 * A new task's stack: the frame, then two zero words so that rsp is
 * 16-byte aligned at ret_from_fork_asm's call (and rbp 0 ends backtraces).
 */
struct fork_frame {
	struct inactive_task_frame frame;
	unsigned long pad[2];
};

_Static_assert(offsetof(struct task_struct, thread.sp) == 8,
	       "TASK_threadsp in arch/x86/switch_to.asm");
_Static_assert(offsetof(struct task_struct, fpu) % 16 == 0,
	       "fxsave needs a 16-byte aligned area");

void ret_from_fork_asm(void);

/* The state fninit and a reset MXCSR give: what a new task starts with. */
void fpu_init_task(struct task_struct *p)
{
	memset(&p->fpu, 0, sizeof(p->fpu));
	p->fpu.cwd = FCW_DEFAULT;
	p->fpu.mxcsr = MXCSR_DEFAULT;
}

void copy_thread(struct task_struct *p)
{
	struct fork_frame *ff = (struct fork_frame *)(task_stack_top(p) -
						      sizeof(*ff));

	memset(ff, 0, sizeof(*ff));
	ff->frame.ret_addr = (unsigned long)ret_from_fork_asm;
	p->thread.sp = (unsigned long)ff;
	fpu_init_task(p);
}

/* The first C a new task runs, on its own stack (from ret_from_fork_asm). */
__noreturn void ret_from_fork(struct task_struct *prev)
{
	schedule_tail(prev);
	if (kthread_should_stop())	/* stopped before it ever ran */
		do_exit(-EINTR);
	do_exit(current->threadfn(current->data));
}

struct task_struct *__switch_to(struct task_struct *prev, struct task_struct *next)
{
	fxsave(&prev->fpu);
	fxrstor(&next->fpu);
	switch_mm(next->mm);		/* kernel threads run on init_mm */
	/* A user may change FS behind our back (loading %fs): read it back. */
	if (prev->mm)
		prev->thread.fsbase = rdmsr(MSR_FS_BASE);
	if (next->mm || prev->mm)
		wrmsr(MSR_FS_BASE, next->thread.fsbase);
	update_task_stack(task_stack_top(next));	/* TSS.rsp0 and the SYSCALL stack */
	current_task = next;
	return prev;
}

void arch_dup_task_state(struct task_struct *p)
{
	fxsave(&p->fpu);		/* the user's registers are live in the CPU */
	p->thread.fsbase = rdmsr(MSR_FS_BASE);
}

void arch_setup_new_exec(void)
{
	current->thread.fsbase = 0;
	wrmsr(MSR_FS_BASE, 0);
	fpu_init_task(current);
	fxrstor(&current->fpu);
}

/* The iret half of start_user_thread() (entry.asm). */
__noreturn void start_user_thread_frame(struct pt_regs *frame);

/*
 * A forked child starts as a kernel thread running this: it takes the
 * parent's saved registers (rax already 0: fork returns 0 in the child)
 * and leaves through the interrupt return to user mode.
 */
int ret_to_user_after_fork(void *data)
{
	struct pt_regs regs = *(struct pt_regs *)data;

	kfree(data);
	update_task_stack(task_stack_top(current));
	local_irq_disable();
	exit_to_user_mode(&regs);	/* a signal sent before we first ran */
	start_user_thread_frame(&regs);
}

#define ARCH_SET_FS	0x1002
#define ARCH_GET_FS	0x1003

/*
 * arch_prctl(code, addr): the thread pointer.  musl and glibc keep
 * thread-local storage at FS; this sets and reads its base, which
 * __switch_to() reloads per task.  Linux: arch/x86/kernel/process_64.c.
 */
long sys_arch_prctl(struct pt_regs *regs)
{
	unsigned long addr = regs->rsi;

	switch (regs->rdi) {
	case ARCH_SET_FS:
		if (addr >= TASK_SIZE_MAX)
			return -EPERM;
		current->thread.fsbase = addr;
		wrmsr(MSR_FS_BASE, addr);
		return 0;
	case ARCH_GET_FS:
		return put_user(current->thread.fsbase, (unsigned long __user *)addr);
	default:
		return -EINVAL;
	}
}
