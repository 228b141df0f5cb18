/*
 * asm/irq_regs.h - the registers an interrupt interrupted.
 *
 * do_interrupt() (arch/x86/traps.c) records the frame it was given for
 * the length of the handler, so a handler that needs to know what was
 * running, such as the tick charging user or system time, can ask
 * without every irq_handler_t taking the frame.  NULL outside interrupts.
 * Linux: include/asm-generic/irq_regs.h (a per-CPU variable).
 */
#ifndef ASM_IRQ_REGS_H
#define ASM_IRQ_REGS_H

struct pt_regs;

extern struct pt_regs *irq_regs;

static inline struct pt_regs *get_irq_regs(void)
{
	return irq_regs;
}

/* Install new_regs, returning the old (interrupts nest: restore it after). */
static inline struct pt_regs *set_irq_regs(struct pt_regs *new_regs)
{
	struct pt_regs *old = irq_regs;

	irq_regs = new_regs;
	return old;
}

#endif
