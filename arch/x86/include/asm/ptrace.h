/*
 * asm/ptrace.h - struct pt_regs, the trap frame.
 *
 * What the CPU pushes on an interrupt or exception (ss, rsp, rflags, cs,
 * rip, and for some exceptions an error code) plus what arch/x86/entry.asm
 * pushes in front of it.  The order of the general registers is Linux's
 * (arch/x86/include/asm/ptrace.h).  Linux keeps the error code in orig_rax
 * and derives the vector from the entry point; we keep both explicitly, so
 * the frame names what it holds.  entry.asm's push order must match; the
 * ktest arch.trap_frame_layout checks the offsets.
 */
#ifndef ASM_PTRACE_H
#define ASM_PTRACE_H

#include <mneme/types.h>

struct pt_regs {
	u64 r15, r14, r13, r12, rbp, rbx, r11, r10;
	u64 r9, r8, rax, rcx, rdx, rsi, rdi;
	u64 vector;		/* pushed by our entry stub */
	u64 error_code;		/* pushed by the CPU, or 0 by our stub */
	/* pushed by the CPU */
	u64 rip, cs, rflags, rsp, ss;
};

#define PT_REGS_SIZE	(22 * 8)

static inline bool user_mode(const struct pt_regs *regs)
{
	return (regs->cs & 3) == 3;
}

#endif
