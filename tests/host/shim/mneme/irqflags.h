/*
 * tests/host/shim/mneme/irqflags.h - stands in for include/mneme/irqflags.h
 * in the host build (tests/host/shim comes first in the include path).
 *
 * The kernel's version is <asm/processor.h>, whose cli/sti would fault in
 * a user process.  Here "interrupts" are one flag, host_irqs_off, with
 * the kernel's semantics (save returns the old state, restore puts it
 * back), so a test can check that mm/ code re-enables interrupts on
 * every path: irqs_disabled() must be false between calls.
 */
#ifndef MNEME_IRQFLAGS_H
#define MNEME_IRQFLAGS_H

#include <mneme/types.h>

#define X86_EFLAGS_IF	(1UL << 9)

extern bool host_irqs_off;		/* tests/host/shim/kernel_shim.c */

static inline void local_irq_disable(void)
{
	host_irqs_off = true;
}

static inline void local_irq_enable(void)
{
	host_irqs_off = false;
}

static inline unsigned long local_save_flags(void)
{
	return host_irqs_off ? 0 : X86_EFLAGS_IF;
}

static inline unsigned long local_irq_save(void)
{
	unsigned long flags = local_save_flags();

	local_irq_disable();
	return flags;
}

static inline void local_irq_restore(unsigned long flags)
{
	if (flags & X86_EFLAGS_IF)
		local_irq_enable();
}

static inline bool irqs_disabled(void)
{
	return host_irqs_off;
}

#endif
