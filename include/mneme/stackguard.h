/*
 * stackguard.h - guard pages below kernel stacks.
 *
 * The boot stack is guarded by splitting its 2 MiB boot mapping
 * (arch/x86/early_mm.c); task stacks come from vmalloc, where every
 * area has a guard (kernel/fork.c).
 */
#ifndef MNEME_STACKGUARD_H
#define MNEME_STACKGUARD_H

/* Unmap the page below the boot stack. */
void boot_stack_guard_init(void);
/* The boot stack's part of stack_overflow_describe(). */
const char *boot_stack_overflow_describe(unsigned long sp);
/*
 * If sp lies in a known stack's guard page (or just below a stack), return
 * a description such as "sp 0x... in the guard page below the boot stack
 * [0x...-0x...]"; else NULL.
 */
const char *stack_overflow_describe(unsigned long sp);

#endif
