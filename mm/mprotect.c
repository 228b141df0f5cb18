/*
 * mm/mprotect.c - mprotect(): new rights for a range of VMAs and their
 * ptes.
 *
 * The VMA half (split where the range cuts a VMA, set the flags, merge
 * with neighbours) is vma_mprotect_range() in mm/vma.c; here each VMA
 * of the range then gets vm_page_prot for its new flags and its present
 * ptes rewritten (change_protection(), mm/memory.c), which flushes the
 * TLB where a pte lost a right.  The VMA size counters move between
 * data/exec/stack with the flags (vm_stat_account()).
 *
 * Invariants: after a successful call every present pte of [start, end)
 * carries its VMA's rights, except that private writable VMAs keep
 * read-only ptes for pages that are copy-on-write or the zero page.
 * Locking: one CPU; only the mm's own task calls it.
 * Linux: mm/mprotect.c (do_mprotect_pkey, mprotect_fixup, change_protection).
 */
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/mmap.h>
#include <mneme/sched.h>
#include <mneme/vma.h>
#include <asm/syscall.h>
#include <uapi/errno.h>

/* Add (sign 1) or take away (sign -1) the VMA sizes of [start, end). */
static void vm_stat_account_range(struct mm_struct *mm, unsigned long start,
				  unsigned long end, long sign)
{
	for (struct vm_area_struct *vma = find_vma_intersection(mm, start, end);
	     vma && vma->vm_start < end; vma = vma->vm_next)
		vm_stat_account(mm, vma->vm_flags,
				sign * (long)((min(end, vma->vm_end) - max(start, vma->vm_start))
					      >> PAGE_SHIFT));
}

/* The ptes of every VMA over [start, end) to their (new) vm_page_prot. */
static void mprotect_fixup_ptes(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	for (struct vm_area_struct *vma = find_vma_intersection(mm, start, end);
	     vma && vma->vm_start < end; vma = vma->vm_next) {
		vma->vm_page_prot = vm_get_page_prot(vma->vm_flags);
		change_protection(vma, max(start, vma->vm_start), min(end, vma->vm_end),
				  vma->vm_page_prot);
	}
}

/*
 * -EINVAL for a misaligned start or unknown prot bits, -ENOMEM for a
 * range past user space or with a hole (the VMAs before the hole are
 * changed, as in Linux), -EACCES where VM_MAY* forbid the rights.
 */
long do_mprotect(struct mm_struct *mm, unsigned long start, unsigned long len,
		 unsigned long prot)
{
	unsigned long end;
	int err;

	if ((start & (PAGE_SIZE - 1)) || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)))
		return -EINVAL;
	if (!len)
		return 0;
	len = PAGE_ALIGN(len);
	if (!len || start >= TASK_SIZE_MAX || len > TASK_SIZE_MAX - start)
		return -ENOMEM;
	end = start + len;
	vm_stat_account_range(mm, start, end, -1);
	err = vma_mprotect_range(mm, start, end, prot);
	vm_stat_account_range(mm, start, end, 1);
	mprotect_fixup_ptes(mm, start, end);
	return err;
}

long sys_mprotect(struct pt_regs *regs)
{
	return current->mm ? do_mprotect(current->mm, regs->rdi, regs->rsi, regs->rdx) : -EINVAL;
}
