/* asm/traps.h - exception vectors (Intel SDM vol. 3, table 6-1) and handlers. */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#include <asm/ptrace.h>

enum {
	X86_TRAP_DE = 0,	/* divide error */
	X86_TRAP_DB,		/* debug */
	X86_TRAP_NMI,		/* non-maskable interrupt */
	X86_TRAP_BP,		/* breakpoint (int3) */
	X86_TRAP_OF,		/* overflow */
	X86_TRAP_BR,		/* bound range exceeded */
	X86_TRAP_UD,		/* invalid opcode */
	X86_TRAP_NM,		/* device not available */
	X86_TRAP_DF,		/* double fault */
	X86_TRAP_OLD_MF,	/* coprocessor segment overrun */
	X86_TRAP_TS,		/* invalid TSS */
	X86_TRAP_NP,		/* segment not present */
	X86_TRAP_SS,		/* stack segment fault */
	X86_TRAP_GP,		/* general protection */
	X86_TRAP_PF,		/* page fault */
	X86_TRAP_SPURIOUS,
	X86_TRAP_MF,		/* x87 floating-point error */
	X86_TRAP_AC,		/* alignment check */
	X86_TRAP_MC,		/* machine check */
	X86_TRAP_XF,		/* SIMD floating-point */
	X86_TRAP_VE,		/* virtualization exception */
	X86_TRAP_CP,		/* control protection */
	X86_TRAP_VC = 29,	/* VMM communication (AMD SEV) */
	X86_TRAP_SX = 30,	/* security exception (AMD) */
};

/* Page-fault error code bits (the CPU pushes them with #PF). */
#define X86_PF_PROT	(1 << 0)	/* 0: page not present, 1: protection */
#define X86_PF_WRITE	(1 << 1)	/* 0: read, 1: write */
#define X86_PF_USER	(1 << 2)	/* 0: kernel mode, 1: user mode */
#define X86_PF_RSVD	(1 << 3)	/* a reserved bit was set in an entry */
#define X86_PF_INSTR	(1 << 4)	/* instruction fetch */
#define X86_PF_PK	(1 << 5)	/* protection key */

void do_interrupt(struct pt_regs *regs);	/* from entry.asm */
const char *trap_name(unsigned long vector);
/* Print a fault report (name, registers, CR2/CR3, backtrace) and panic. */
__attribute__((noreturn)) void die(const char *what, struct pt_regs *regs);
/* A user-mode fault the kernel cannot resolve: sig to current, noted for sigcontext. */
void do_user_fault_signal(struct pt_regs *regs, int sig, int si_code, unsigned long addr,
			  unsigned long cr2);
/* The #PF handler (arch/x86/mm/fault.c). */
void do_page_fault(struct pt_regs *regs, unsigned long error_code, unsigned long address);
/* Decode a #PF error code into buf, e.g. "not-present write kernel". */
int format_pf_error(char *buf, size_t size, unsigned long error_code);

#endif
