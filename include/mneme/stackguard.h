/*
 * stackguard.h - guard pages below kernel stacks (arch/x86/stackguard.c).
 *
 * Issue 2 guards the boot stack by splitting its 2 MiB boot mapping;
 * issue 4 moves kernel stacks to vmalloc, where every area has a guard.
 */
#ifndef MNEME_STACKGUARD_H
#define MNEME_STACKGUARD_H

/* Unmap the page below the boot stack. */
void boot_stack_guard_init(void);
/*
 * If sp lies in a known stack's guard page (or just below a stack), return
 * a description such as "sp 0x... in the guard page below the boot stack
 * [0x...-0x...]"; else NULL.
 */
const char *stack_overflow_describe(unsigned long sp);

#endif
