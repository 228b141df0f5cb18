/*
 * irq.h - hardware interrupt lines (the legacy PIC's IRQ 0..15).
 *
 * A handler runs with interrupts off, on the interrupted stack, and must
 * not sleep.  arch/x86/i8259.c acknowledges the PIC after it returns.
 */
#ifndef MNEME_IRQ_H
#define MNEME_IRQ_H

#include <mneme/types.h>

#define NR_IRQS		16
#define IRQ0_VECTOR	32	/* the PIC is remapped past the 32 exceptions */

typedef void (*irq_handler_t)(unsigned int irq);

/* Install handler for irq and unmask it; returns 0 or -EBUSY. */
int request_irq(unsigned int irq, irq_handler_t handler, const char *name);
void do_irq(unsigned int irq);		/* called by the trap dispatcher */
u64 irq_count(unsigned int irq);	/* interrupts seen on irq */

#endif
