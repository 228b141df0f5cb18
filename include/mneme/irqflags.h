/*
 * irqflags.h - turning interrupts off around short critical sections.
 *
 * One CPU: disabling interrupts is all the locking the allocators need
 * today (Linux adds spinlocks for other CPUs).  A separate header, so the
 * host tests can replace it with no-ops (tests/host/shim/).
 */
#ifndef MNEME_IRQFLAGS_H
#define MNEME_IRQFLAGS_H

#include <asm/processor.h>

#endif
