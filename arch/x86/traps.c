/*
 * arch/x86/traps.c - what happens on an exception or interrupt.
 *
 * entry.asm calls do_interrupt() with the trap frame.  Vectors 0..31 are
 * CPU exceptions: a fault at an instruction listed in the exception table
 * resumes at its fixup; anything else in the kernel is fatal, and die()
 * prints the report a student should learn to read: the exception's name,
 * the decoded page-fault error code and CR2, all registers, and the call
 * trace with function names; then it panics (and powers off).  A double
 * fault runs on its own IST stack (gdt.c), so it can report a kernel stack
 * overflow, the classic cause.  In user mode an exception becomes a
 * signal for the task (do_user_exception()).  Vectors 32..47 are the
 * PIC's IRQ lines.
 * From issue 6 on, page faults go to mm/ (do_page_fault) first.
 * Linux: arch/x86/kernel/traps.c, arch/x86/mm/fault.c (show_fault_oops).
 */
#include <asm/desc.h>
#include <asm/extable.h>
#include <asm/processor.h>
#include <asm/syscall.h>
#include <asm/traps.h>
#include <asm/irq_regs.h>
#include <mneme/irq.h>
#include <mneme/kallsyms.h>
#include <mneme/kernel.h>
#include <mneme/mmap.h>
#include <mneme/pgtable.h>
#include <mneme/printk.h>
#include <mneme/sched.h>
#include <mneme/signal.h>
#include <mneme/sprintf.h>
#include <mneme/stackguard.h>
#include <mneme/stacktrace.h>
#include <uapi/signal.h>

static const char *const trap_names[32] = {
	[X86_TRAP_DE] = "Divide Error",
	[X86_TRAP_DB] = "Debug",
	[X86_TRAP_NMI] = "Non-Maskable Interrupt",
	[X86_TRAP_BP] = "Breakpoint",
	[X86_TRAP_OF] = "Overflow",
	[X86_TRAP_BR] = "Bound Range Exceeded",
	[X86_TRAP_UD] = "Invalid Opcode",
	[X86_TRAP_NM] = "Device Not Available",
	[X86_TRAP_DF] = "Double Fault",
	[X86_TRAP_OLD_MF] = "Coprocessor Segment Overrun",
	[X86_TRAP_TS] = "Invalid TSS",
	[X86_TRAP_NP] = "Segment Not Present",
	[X86_TRAP_SS] = "Stack-Segment Fault",
	[X86_TRAP_GP] = "General Protection Fault",
	[X86_TRAP_PF] = "Page Fault",
	[X86_TRAP_SPURIOUS] = "Reserved (15)",
	[X86_TRAP_MF] = "x87 Floating-Point Error",
	[X86_TRAP_AC] = "Alignment Check",
	[X86_TRAP_MC] = "Machine Check",
	[X86_TRAP_XF] = "SIMD Floating-Point Exception",
	[X86_TRAP_VE] = "Virtualization Exception",
	[X86_TRAP_CP] = "Control Protection Exception",
	[X86_TRAP_VC] = "VMM Communication Exception",
	[X86_TRAP_SX] = "Security Exception",
};

static const char *const trap_mnemonics[32] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "#MF9",
	"#TS", "#NP", "#SS", "#GP", "#PF", "#15", "#MF", "#AC", "#MC", "#XM",
	"#VE", "#CP", "#22", "#23", "#24", "#25", "#26", "#27", "#28", "#VC",
	"#SX", "#31",
};

const char *trap_name(unsigned long vector)
{
	if (vector < 32)
		return trap_names[vector] ? trap_names[vector] : "Reserved";
	if (vector < IRQ0_VECTOR + NR_IRQS)
		return "Hardware Interrupt";
	return "Unknown Interrupt";
}

int format_pf_error(char *buf, size_t size, unsigned long error_code)
{
	return scnprintf(buf, size, "%s %s %s%s%s",
			 error_code & X86_PF_PROT ? "protection-violation" : "not-present",
			 error_code & X86_PF_INSTR ? "instruction-fetch" :
			 error_code & X86_PF_WRITE ? "write" : "read",
			 error_code & X86_PF_USER ? "user" : "kernel",
			 error_code & X86_PF_RSVD ? " reserved-bit" : "",
			 error_code & X86_PF_PK ? " protection-key" : "");
}

static void show_regs(const struct pt_regs *regs)
{
	char sym[KSYM_NAME_LEN + 40];

	sprint_symbol(sym, sizeof(sym), regs->rip);
	pr_emerg("RIP: %04lx:%016lx <%s>\n", (unsigned long)regs->cs,
		 (unsigned long)regs->rip, sym);
	pr_emerg("RSP: %04lx:%016lx EFLAGS: %08lx\n", (unsigned long)regs->ss,
		 (unsigned long)regs->rsp, (unsigned long)regs->rflags);
	pr_emerg("RAX: %016lx RBX: %016lx RCX: %016lx\n", regs->rax, regs->rbx,
		 regs->rcx);
	pr_emerg("RDX: %016lx RSI: %016lx RDI: %016lx\n", regs->rdx, regs->rsi,
		 regs->rdi);
	pr_emerg("RBP: %016lx R08: %016lx R09: %016lx\n", regs->rbp, regs->r8,
		 regs->r9);
	pr_emerg("R10: %016lx R11: %016lx R12: %016lx\n", regs->r10, regs->r11,
		 regs->r12);
	pr_emerg("R13: %016lx R14: %016lx R15: %016lx\n", regs->r13, regs->r14,
		 regs->r15);
	pr_emerg("CR0: %016lx CR2: 0x%016lx CR3: %016lx CR4: %016lx\n",
		 read_cr0(), read_cr2(), read_cr3(), read_cr4());
}

/* The Linux-style first lines of a page-fault oops. */
static void show_fault_oops(const struct pt_regs *regs)
{
	unsigned long ec = regs->error_code;
	char decoded[96];

	format_pf_error(decoded, sizeof(decoded), ec);
	pr_emerg("BUG: unable to handle page fault for address: 0x%016lx\n",
		 read_cr2());
	pr_emerg("#PF: %s %s access in %s mode\n",
		 ec & X86_PF_USER ? "user" : "supervisor",
		 ec & X86_PF_INSTR ? "instruction fetch" :
		 ec & X86_PF_WRITE ? "write" : "read",
		 user_mode(regs) ? "user" : "kernel");
	pr_emerg("#PF: error_code(0x%04lx) - %s\n", ec, decoded);
	dump_pagetable(read_cr2());
}

__noreturn void die(const char *what, struct pt_regs *regs)
{
	unsigned long v = regs->vector;

	pr_emerg("------------[ cut here ]------------\n");
	if (v == X86_TRAP_PF)
		show_fault_oops(regs);
	pr_emerg("Oops: %s (%s, vector %lu) error_code 0x%lx%s%s\n",
		 trap_name(v), v < 32 ? trap_mnemonics[v] : "IRQ", v,
		 (unsigned long)regs->error_code, what ? ": " : "",
		 what ? what : "");
	show_regs(regs);
	show_stack(regs->rip, regs->rbp, KERN_EMERG);
	pr_emerg("---[ end trace ]---\n");
	panic("Fatal exception: %s", trap_name(v));
}

/*
 * A double fault: an exception while delivering another.  When the
 * interrupted stack pointer lies in a stack's guard page, the first fault
 * was a push that ran off the bottom of a kernel stack.
 */
static void do_double_fault(struct pt_regs *regs)
{
	const char *overflow = stack_overflow_describe(regs->rsp);

	if (overflow) {
		pr_emerg("BUG: kernel stack overflow: %s\n", overflow);
		dump_pagetable(read_cr2());	/* the guard page: not present */
		die("kernel stack overflow", regs);
	}
	die(NULL, regs);
}

struct user_fault {
	int sig, si_code;
	unsigned long addr;
};

/*
 * The signal, si_code and si_addr an exception raises in user mode
 * (Linux's choices: arch/x86/kernel/traps.c).  Page faults go to
 * do_page_fault() (arch/x86/mm/fault.c) instead: most are demand paging.
 */
static struct user_fault exception_signal(const struct pt_regs *regs)
{
	switch (regs->vector) {
	case X86_TRAP_DE:
		return (struct user_fault){ SIGFPE, FPE_INTDIV, regs->rip };
	case X86_TRAP_MF:
	case X86_TRAP_XF:
		return (struct user_fault){ SIGFPE, SI_KERNEL, regs->rip };
	case X86_TRAP_UD:
		return (struct user_fault){ SIGILL, ILL_ILLOPN, regs->rip };
	case X86_TRAP_DB:
	case X86_TRAP_BP:
		return (struct user_fault){ SIGTRAP, SI_KERNEL, 0 };
	case X86_TRAP_AC:
		return (struct user_fault){ SIGBUS, BUS_ADRALN, 0 };
	default:			/* #GP and the rest: no address to give */
		return (struct user_fault){ SIGSEGV, SI_KERNEL, 0 };
	}
}

/* Linux's show_unhandled_signals line, for a fault the program will die of. */
static void show_signal(const struct pt_regs *regs, unsigned long cr2)
{
	if (regs->vector == X86_TRAP_PF)
		pr_info("%s[%d]: segfault at %lx ip %016lx sp %016lx error %lx\n",
			current->comm, current->pid, cr2,
			(unsigned long)regs->rip, (unsigned long)regs->rsp,
			(unsigned long)regs->error_code);
	else
		pr_info("traps: %s[%d] trap %s ip:%lx sp:%lx error:%lx\n",
			current->comm, current->pid, trap_name(regs->vector),
			(unsigned long)regs->rip, (unsigned long)regs->rsp,
			(unsigned long)regs->error_code);
}

/*
 * An exception in user mode is the program's fault, never the kernel's:
 * it gets a signal (force_sig_fault()), delivered on the way back to
 * user mode, where a handler may run or the default action kills.  The
 * fault is remembered for the signal frame's sigcontext (trapno, err,
 * cr2).  do_page_fault() comes here for the faults it cannot resolve.
 */
void do_user_fault_signal(struct pt_regs *regs, int sig, int si_code, unsigned long addr,
			  unsigned long cr2)
{
	current->thread.trap_nr = regs->vector;
	current->thread.error_code = regs->error_code;
	current->thread.cr2 = cr2;
	if (unhandled_signal(current, sig))
		show_signal(regs, cr2);
	force_sig_fault(sig, si_code, addr);
}

static void do_user_exception(struct pt_regs *regs)
{
	struct user_fault f = exception_signal(regs);

	do_user_fault_signal(regs, f.sig, f.si_code, f.addr, 0);
}

static void do_exception(struct pt_regs *regs)
{
	unsigned long v = regs->vector;

	if (v == X86_TRAP_DF)
		do_double_fault(regs);
	if (v == X86_TRAP_NMI) {
		pr_warn("NMI received at %016lx; carrying on\n",
			(unsigned long)regs->rip);
		return;
	}
	if (v == X86_TRAP_PF) {
		do_page_fault(regs, regs->error_code, read_cr2());
		return;
	}
	if (user_mode(regs)) {
		do_user_exception(regs);
		return;
	}
	if (fixup_exception(regs, v))
		return;
	die(NULL, regs);
}

struct pt_regs *irq_regs;

void do_interrupt(struct pt_regs *regs)
{
	unsigned long v = regs->vector;

	if (v < 32) {
		do_exception(regs);
	} else if (v < IRQ0_VECTOR + NR_IRQS) {
		struct pt_regs *old = set_irq_regs(regs);

		do_irq(v - IRQ0_VECTOR);
		set_irq_regs(old);
	} else
		pr_warn("unexpected interrupt vector %lu\n", v);
	if (user_mode(regs))
		exit_to_user_mode(regs);	/* the tick preempts user code here */
}
