/*
 * asm/percpu.h - the per-CPU area the SYSCALL entry reaches through GS.
 *
 * In the kernel, GS.base points at pcpu_hot (MSR_GS_BASE); in user mode
 * it holds the user's value, and swapgs on every kernel entry from user
 * mode and exit to it exchanges the two (MSR_KERNEL_GS_BASE holds the
 * other).  SYSCALL does not switch stacks, so its entry saves the user
 * rsp in pcpu_hot and loads the running task's kernel stack top from it.
 * The offsets are used by arch/x86/entry.asm: keep them in step (a ktest
 * checks).  One CPU, so one area.  Linux: struct pcpu_hot
 * (arch/x86/include/asm/current.h), the TSS sp2 scratch slot.
 */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

#include <mneme/types.h>

struct pcpu_hot {
	u64 user_rsp_scratch;		/* offset 0: user rsp during entry */
	u64 top_of_stack;		/* offset 8: current's kernel stack top */
};

#define PCPU_USER_RSP		0
#define PCPU_TOP_OF_STACK	8

extern struct pcpu_hot pcpu_hot;

/* Kernel entries from user mode land at the top of this task's stack. */
void update_task_stack(unsigned long top);

#endif
