/*
 * arch/x86/mm/fault.c - what the page-fault report shows about the page
 * tables: dump_pagetable(addr) walks from CR3 to the entry for addr and
 * prints each level's entry with its flags decoded, stopping at a leaf
 * (4 KiB pte, 2 MiB pmd, 1 GiB pud) or at the first entry that is not
 * present, which is where the CPU's walk failed.
 *
 * Linux prints the same walk on one line ("PGD 1a3067 P4D 1a3067 PUD
 * 1a4067 PMD 0"); we print a line per level with the index and decoded
 * flags, since reading it is the lesson.  Each table is read through the
 * direct map with a probing load, so a corrupt entry pointing nowhere
 * gives "unreadable" rather than a fault inside the fault report.
 *
 * do_page_fault() is the #PF handler.  It decodes the error code into
 * FAULT_FLAG_WRITE/USER/INSTRUCTION and, for user addresses, does
 * Linux's do_user_addr_fault(): find the VMA (or grow a stack down to
 * the address), check the access against the VMA's rights, and let
 * handle_mm_fault() (mm/memory.c) map the page.  What cannot be mapped
 * is SIGSEGV (SEGV_MAPERR: no VMA; SEGV_ACCERR: the VMA forbids the
 * access), SIGBUS, or for no memory SIGKILL.  A kernel-mode fault on a
 * user address (copy_to_user() into memory not touched yet) is handled
 * the same way, and only when that fails does the exception-table fixup
 * make the copy return -EFAULT; any other kernel fault is an oops with
 * the walk above.  Linux: arch/x86/mm/fault.c.
 */
#include <asm/extable.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <mneme/kernel.h>
#include <mneme/pgtable.h>
#include <mneme/printk.h>
#include <mneme/sprintf.h>
#include <asm/traps.h>
#include <mneme/mm.h>
#include <mneme/pftrace.h>
#include <mneme/sched.h>
#include <mneme/signal.h>
#include <mneme/vma.h>
#include <mneme/vmstat.h>
#include <uapi/signal.h>

/* "P RW US A D PS G NX" for the bits that are set. */
static void format_entry_flags(char *buf, size_t size, unsigned long e)
{
	static const struct { unsigned long bit; const char *name; } bits[] = {
		{ _PAGE_PRESENT, "P" }, { _PAGE_RW, "RW" }, { _PAGE_USER, "US" },
		{ _PAGE_PWT, "PWT" }, { _PAGE_PCD, "PCD" }, { _PAGE_ACCESSED, "A" },
		{ _PAGE_DIRTY, "D" }, { _PAGE_PSE, "PS" }, { _PAGE_GLOBAL, "G" },
		{ _PAGE_NX, "NX" },
	};
	int n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(bits); i++)
		if (e & bits[i].bit)
			n += scnprintf(buf + n, size - n, "%s%s", n ? " " : "",
				       bits[i].name);
}

static const char *const level_names[] = { "PGD", "PUD", "PMD", "PTE" };
static const int level_shifts[] = { PGDIR_SHIFT, PUD_SHIFT, PMD_SHIFT, PAGE_SHIFT };

/* Print one entry; true when the walk goes on to the next level. */
static bool show_entry(int level, unsigned long index, unsigned long e)
{
	char flags[48];
	bool leaf = level == 3 || (level > 0 && (e & _PAGE_PSE));

	if (!(e & _PAGE_PRESENT)) {
		pr_emerg("  %s[%03lu] %016lx  not present\n", level_names[level], index, e);
		return false;
	}
	format_entry_flags(flags, sizeof(flags), e);
	if (leaf)
		pr_emerg("  %s[%03lu] %016lx  %s -> %s page at phys 0x%lx\n",
			 level_names[level], index, e, flags,
			 level == 1 ? "1G" : level == 2 ? "2M" : "4K",
			 e & PTE_PFN_MASK);
	else
		pr_emerg("  %s[%03lu] %016lx  %s -> %s table at phys 0x%lx\n",
			 level_names[level], index, e, flags,
			 level_names[level + 1], e & PTE_PFN_MASK);
	return !leaf;
}

void dump_pagetable(unsigned long addr)
{
	phys_addr_t table = read_cr3() & PTE_PFN_MASK;

	pr_emerg("Page-table walk for 0x%016lx (CR3 0x%lx):\n", addr,
		 (unsigned long)table);
	for (int level = 0; level < 4; level++) {
		unsigned long index = (addr >> level_shifts[level]) & (PTRS_PER_TABLE - 1);
		u64 e;

		if (probe_kernel_read_u64((u64 *)__va(table) + index, &e)) {
			pr_emerg("  %s table at phys 0x%lx: unreadable\n",
				 level_names[level], (unsigned long)table);
			return;
		}
		if (!show_entry(level, index, e))
			return;
		table = e & PTE_PFN_MASK;
	}
}

/* ---- the page-fault handler ------------------------------------------------- */

/* A kernel fault nothing can resolve: the fixup if the instruction has one, else an oops. */
static void no_context(struct pt_regs *regs)
{
	if (fixup_exception(regs, X86_TRAP_PF))
		return;
	die(NULL, regs);
}

/* The fault cannot be resolved: a signal for user mode, no_context() for the kernel. */
static void bad_area(struct pt_regs *regs, struct vm_area_struct *vma, unsigned long address,
		     unsigned int flags, int sig, int si_code)
{
	if (!(flags & FAULT_FLAG_USER)) {
		no_context(regs);
		return;
	}
	count_vm_event(SEGV_FAULT);
	if (pftrace_wanted() && sig == SIGSEGV)
		pftrace_fault(vma, address, regs->rip, flags, PF_SEGV, 0, 0);
	do_user_fault_signal(regs, sig, si_code, address, address);
}

/*
 * Does the VMA allow the access?  A write needs VM_WRITE; an instruction
 * fetch VM_EXEC; a read of a present page that faulted anyway is a
 * protection fault (PROT_NONE's kernel-only ptes); any access needs some
 * right.  (Linux: access_error().)
 */
static bool access_error(unsigned long error_code, const struct vm_area_struct *vma)
{
	if (error_code & X86_PF_WRITE)
		return !(vma->vm_flags & VM_WRITE);
	if (error_code & X86_PF_INSTR)
		return !(vma->vm_flags & VM_EXEC);
	if (error_code & X86_PF_PROT)
		return true;
	return !(vma->vm_flags & VM_ACCESS_FLAGS);
}

/* No memory for the fault: the task dies (Linux would run the OOM killer first). */
static void do_fault_oom(struct pt_regs *regs, unsigned long address, unsigned int flags)
{
	pr_err("Out of memory: killing %s[%d] on a fault at 0x%lx\n", current->comm,
	       current->pid, address);
	send_sig(SIGKILL, current);
	if (!(flags & FAULT_FLAG_USER))
		no_context(regs);
}

static unsigned int fault_flags(const struct pt_regs *regs, unsigned long error_code)
{
	unsigned int flags = 0;

	if (user_mode(regs))
		flags |= FAULT_FLAG_USER;
	if (error_code & X86_PF_WRITE)
		flags |= FAULT_FLAG_WRITE;
	if (error_code & X86_PF_INSTR)
		flags |= FAULT_FLAG_INSTRUCTION;
	return flags;
}

/*
 * A fault at a user address: the VMA holding it, or the stack VMA above
 * that grows down to it; the access checked; the page mapped.
 */
static void do_user_addr_fault(struct pt_regs *regs, unsigned long error_code,
			       unsigned long address)
{
	unsigned int flags = fault_flags(regs, error_code);
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	vm_fault_t fault;

	if (!mm || (error_code & X86_PF_RSVD)) {
		bad_area(regs, NULL, address, flags, SIGSEGV, SEGV_MAPERR);
		return;
	}
	count_vm_event(PGFAULT);
	vma = find_vma(mm, address);
	if (!vma) {
		bad_area(regs, NULL, address, flags, SIGSEGV, SEGV_MAPERR);
		return;
	}
	if (vma->vm_start > address) {
		if (!(vma->vm_flags & VM_GROWSDOWN) || expand_stack(vma, address)) {
			bad_area(regs, NULL, address, flags, SIGSEGV, SEGV_MAPERR);
			return;
		}
		if (pftrace_wanted())
			pftrace_fault(vma, address, regs->rip, flags, PF_STACK_GROW, 0, 0);
	}
	if (access_error(error_code, vma)) {
		bad_area(regs, vma, address, flags, SIGSEGV, SEGV_ACCERR);
		return;
	}
	fault = handle_mm_fault(vma, address, flags, regs);
	if (fault & VM_FAULT_OOM)
		do_fault_oom(regs, address, flags);
	else if (fault & VM_FAULT_SIGBUS)
		bad_area(regs, vma, address, flags, SIGBUS, BUS_ADRERR);
	else if (fault & VM_FAULT_SIGSEGV)
		bad_area(regs, vma, address, flags, SIGSEGV, SEGV_MAPERR);
}

void do_page_fault(struct pt_regs *regs, unsigned long error_code, unsigned long address)
{
	if (address < TASK_SIZE_MAX) {
		do_user_addr_fault(regs, error_code, address);
		return;
	}
	/* a kernel address: from user mode a SIGSEGV, from the kernel a bug */
	if (user_mode(regs))
		bad_area(regs, NULL, address, FAULT_FLAG_USER, SIGSEGV, SEGV_MAPERR);
	else
		no_context(regs);
}
