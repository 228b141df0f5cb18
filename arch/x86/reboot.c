/*
 * arch/x86/reboot.c - machine_power_off().
 *
 * Three ways down, tried in order:
 *  1. QEMU's isa-debug-exit device (tools/qemu puts it at port 0xf4): a
 *     32-bit write makes QEMU exit with (status << 1) | 1, which is how
 *     the exit status of init or of the ktest run reaches the harness.
 *     Only tried when CPUID says we run under a hypervisor: on a real PC
 *     port 0xf4 may belong to something else.
 *  2. ACPI S5 (drivers/acpi.c), what a real PC and QEMU without the
 *     debug-exit device understand.
 *  3. Halt with a message on screen.
 * Linux: arch/x86/kernel/reboot.c (native_machine_power_off).
 */
#include <asm/cpufeature.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <mneme/acpi.h>
#include <mneme/kernel.h>
#include <mneme/panic.h>
#include <mneme/printk.h>

#define QEMU_DEBUG_EXIT_PORT	0xf4

__noreturn void machine_power_off(int status)
{
	local_irq_disable();
	pr_notice("reboot: Power down (status %d)\n", status);
	if (boot_cpu_has(X86_FEATURE_HYPERVISOR))
		outl(QEMU_DEBUG_EXIT_PORT, (u32)status);
	acpi_power_off();
	pr_emerg("System halted: no way to power off found. It is now safe to turn off the computer.\n");
	halt_forever();
}
