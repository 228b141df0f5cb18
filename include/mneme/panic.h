/* panic.h - see panic() in kernel.h; the power-off path (arch/x86/reboot.c). */
#ifndef MNEME_PANIC_H
#define MNEME_PANIC_H

#include <mneme/compiler.h>

/*
 * Power the machine off with a status.  Under QEMU (isa-debug-exit at port
 * 0xf4) QEMU exits with it; on a PC, ACPI S5; failing both, halt with a
 * message on screen.
 */
__noreturn void machine_power_off(int status);

/* Reset the machine: the keyboard controller's reset line, else a triple fault. */
__noreturn void machine_restart(void);

#endif
