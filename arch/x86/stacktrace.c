/*
 * arch/x86/stacktrace.c - walk the frame-pointer chain.
 *
 * The kernel is built with -fno-omit-frame-pointer, so every function
 * starts with "push rbp; mov rbp, rsp": at [rbp] is the caller's rbp and
 * at [rbp + 8] the return address.  boot/head.asm zeroes rbp before
 * kernel_main, which ends the chain.  Every read goes through
 * probe_kernel_read_u64(), so a corrupt chain ends the trace instead of
 * faulting again inside a fault report.  Linux walks with the ORC unwinder
 * (arch/x86/kernel/unwind_orc.c); frame pointers are its simpler
 * predecessor (unwind_frame.c).
 */
#include <asm/extable.h>
#include <mneme/kallsyms.h>
#include <mneme/kernel.h>
#include <mneme/mm_early.h>
#include <mneme/printk.h>
#include <mneme/stacktrace.h>

/* Frames only ever move up the stack, by less than this much each. */
#define MAX_FRAME_BYTES		(64 * 1024)

int save_stack_trace(unsigned long bp, unsigned long *ips, int max)
{
	int n = 0;

	while (n < max && bp && IS_ALIGNED(bp, 8) && bp >= PAGE_OFFSET) {
		u64 next_bp, ret;

		if (probe_kernel_read_u64((void *)bp, &next_bp) ||
		    probe_kernel_read_u64((void *)(bp + 8), &ret))
			break;
		if (!ret)
			break;
		ips[n++] = ret;
		if (next_bp <= bp || next_bp - bp > MAX_FRAME_BYTES)
			break;
		bp = next_bp;
	}
	return n;
}

static void print_entry(const char *log_level, unsigned long ip)
{
	char sym[KSYM_NAME_LEN + 40];

	sprint_symbol(sym, sizeof(sym), ip);
	printk("%s [<%016lx>] %s\n", log_level, ip, sym);
}

void show_stack(unsigned long ip, unsigned long bp, const char *log_level)
{
	unsigned long ips[STACKTRACE_MAX_DEPTH];
	int n = save_stack_trace(bp, ips, STACKTRACE_MAX_DEPTH);

	printk("%sCall Trace:\n", log_level);
	if (ip)
		print_entry(log_level, ip);
	for (int i = 0; i < n; i++)
		print_entry(log_level, ips[i]);
	if (n == STACKTRACE_MAX_DEPTH)
		printk("%s ... (trace cut at %d frames)\n", log_level, n);
}

__noinline void dump_stack(void)
{
	show_stack(0, (unsigned long)__builtin_frame_address(0), KERN_ERR);
}
