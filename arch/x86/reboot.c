/*
 * arch/x86/reboot.c - machine_power_off() and machine_restart().
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
 *
 * A restart pulses the CPU's reset line through the 8042 keyboard
 * controller (command 0xfe) and, if that does nothing, triple-faults: an
 * empty IDT makes the next exception unservable.  Under tools/qemu
 * (-no-reboot) either one ends QEMU without a status.
 * Linux: arch/x86/kernel/reboot.c (native_machine_power_off,
 * native_machine_emergency_restart with BOOT_KBD then BOOT_TRIPLE).
 */
#include <asm/cpufeature.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <mneme/acpi.h>
#include <mneme/kernel.h>
#include <mneme/panic.h>
#include <mneme/printk.h>
#include <mneme/time.h>

#define QEMU_DEBUG_EXIT_PORT	0xf4
#define I8042_COMMAND_PORT	0x64
#define I8042_STATUS_INPUT_FULL	0x02
#define I8042_CMD_PULSE_RESET	0xfe
#define I8042_WAIT_LOOPS	100000

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

__noreturn void machine_restart(void)
{
	struct { u16 limit; u64 base; } __attribute__((packed)) no_idt = { 0, 0 };

	local_irq_disable();
	pr_notice("reboot: Restarting system\n");
	for (int i = 0; i < I8042_WAIT_LOOPS && (inb(I8042_COMMAND_PORT) & I8042_STATUS_INPUT_FULL); i++)
		cpu_relax();
	outb(I8042_COMMAND_PORT, I8042_CMD_PULSE_RESET);
	mdelay(50);
	__asm__ __volatile__("lidt %0; int3" : : "m"(no_idt));
	halt_forever();
}
