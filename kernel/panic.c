/*
 * kernel/panic.c - panic() and WARN().
 *
 * panic() is the end of the road: print why, with a backtrace, and power
 * the machine off with EXIT_PANIC so a test harness sees it (a real PC
 * halts with the message on screen).  A panic during a panic powers off
 * at once.  Linux: kernel/panic.c (Linux would reboot after panic=N
 * seconds; we stop, so the message stays readable).
 */
#include <asm/processor.h>
#include <mneme/kernel.h>
#include <mneme/panic.h>
#include <mneme/printk.h>
#include <mneme/sprintf.h>
#include <mneme/stacktrace.h>

static bool in_panic;

__noreturn void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	local_irq_disable();
	if (in_panic)
		machine_power_off(EXIT_PANIC);
	in_panic = true;
	va_start(ap, fmt);
	vscnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_emerg("Kernel panic - not syncing: %s\n", msg);
	dump_stack();
	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", msg);
	machine_power_off(EXIT_PANIC);
}

void warn_slowpath(const char *file, int line, const char *cond)
{
	pr_warn("------------[ cut here ]------------\n");
	pr_warn("WARNING: %s:%d: %s\n", file, line, cond);
	dump_stack();
	pr_warn("---[ end trace ]---\n");
}
