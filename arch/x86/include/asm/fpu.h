/*
 * asm/fpu.h - saving and loading the x87/SSE registers (fxsave64,
 * fxrstor64).  The kernel itself never touches them (-mno-sse), so while
 * a task is in the kernel the CPU still holds its user FPU state; the
 * context switch (process_64.c) and the signal frame (signal.c) save it
 * from there.  Linux: arch/x86/include/asm/fpu/internal.h.
 */
#ifndef ASM_FPU_H
#define ASM_FPU_H

#include <mneme/sched.h>

#define MXCSR_DEFAULT_MASK	0xffbf	/* mxcsr_mask when fxsave stores 0 */

static inline void fxsave(struct fxregs_state *fx)
{
	__asm__ __volatile__("fxsave64 %0" : "=m"(*fx));
}

static inline void fxrstor(const struct fxregs_state *fx)
{
	__asm__ __volatile__("fxrstor64 %0" : : "m"(*fx));
}

#endif
