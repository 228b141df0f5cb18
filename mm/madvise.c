/*
 * mm/madvise.c - madvise(): what a process tells the kernel about how it
 * will use a range of its memory.
 *
 * The advice Mneme takes:
 *  - MADV_DONTNEED: the pages of the range are not needed any more.  Their
 *    ptes are zapped (zap_page_range(): pages freed once the TLB forgot
 *    them), so the next touch faults again: private anonymous memory
 *    reads zeros, a private file mapping reads the file again (its
 *    private copies are gone), shared memory reads what its pages hold.
 *    The VMAs stay: the range is still mapped.
 *  - MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL: the access pattern, kept
 *    as VM_RAND_READ/VM_SEQ_READ in the VMA (split and merged as mprotect
 *    does: vma_modify_flags()) for file read-ahead to use;
 *  - MADV_WILLNEED: accepted, nothing done (Linux starts read-ahead or
 *    swap-in; Mneme has neither yet);
 *  - MADV_DONTFORK/MADV_DOFORK, MADV_WIPEONFORK/MADV_KEEPONFORK: whether
 *    fork() copies the range (VM_DONTCOPY) or gives the child zeros
 *    (VM_WIPEONFORK, private anonymous memory only).
 * Any other value is -EINVAL.
 *
 * Data owned: none.  Invariants: a DONTNEED range has no present pte
 * afterwards and its VMAs are unchanged; the flag advice changes only
 * the flag bits named above.  Locking: one CPU, only the mm's own task
 * (Linux: mmap_lock for reading for DONTNEED, for writing to change
 * flags).
 * Differences from Linux: MADV_FREE, MADV_REMOVE, MADV_COLD/PAGEOUT,
 * MADV_POPULATE_*, the huge-page and KSM advice and the rest Linux knows
 * are refused with -EINVAL here.
 * Linux: mm/madvise.c (do_madvise, madvise_walk_vmas,
 * madvise_dontneed_single_vma, madvise_update_vma), mm/memory.c
 * (zap_page_range_single).
 */
#include <mneme/err.h>
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/mman.h>
#include <mneme/mmap.h>
#include <mneme/sched.h>
#include <mneme/vma.h>
#include <asm/syscall.h>
#include <uapi/errno.h>
#include <uapi/mman.h>

/* VMAs whose pages may not be dropped (Linux: can_madv_lru_vma()). */
#define VM_NO_DONTNEED	(VM_LOCKED | VM_PFNMAP | VM_HUGETLB)

static bool madvise_behavior_valid(int behavior)
{
	switch (behavior) {
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
	case MADV_DONTNEED:
	case MADV_DONTFORK:
	case MADV_DOFORK:
	case MADV_WIPEONFORK:
	case MADV_KEEPONFORK:
		return true;
	default:
		return false;
	}
}

/* Clear the ptes of [start, end) in vma and free their pages (Linux: zap_page_range_single()). */
void zap_page_range(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	update_hiwater_rss(vma->vm_mm);
	unmap_page_range(vma, start, end);
}

static long madvise_dontneed_single_vma(struct vm_area_struct *vma, unsigned long start,
					unsigned long end)
{
	if (vma->vm_flags & VM_NO_DONTNEED)
		return -EINVAL;
	zap_page_range(vma, start, end);
	return 0;
}

/* The vm_flags behavior asks for, or -EINVAL where it does not apply to vma. */
static long madvise_new_flags(const struct vm_area_struct *vma, int behavior)
{
	unsigned long flags = vma->vm_flags;

	switch (behavior) {
	case MADV_NORMAL:
		return (long)(flags & ~(VM_RAND_READ | VM_SEQ_READ));
	case MADV_RANDOM:
		return (long)((flags & ~VM_SEQ_READ) | VM_RAND_READ);
	case MADV_SEQUENTIAL:
		return (long)((flags & ~VM_RAND_READ) | VM_SEQ_READ);
	case MADV_DONTFORK:
		return (flags & VM_IO) ? -EINVAL : (long)(flags | VM_DONTCOPY);
	case MADV_DOFORK:
		return (flags & VM_IO) ? -EINVAL : (long)(flags & ~VM_DONTCOPY);
	case MADV_WIPEONFORK:
		if (vma->vm_file || (flags & VM_SHARED) || vma->vm_ops)
			return -EINVAL;		/* private anonymous memory only */
		return (long)(flags | VM_WIPEONFORK);
	default:	/* MADV_KEEPONFORK */
		return (long)(flags & ~VM_WIPEONFORK);
	}
}

/* Advice that is a VMA flag: split off [start, end) and set it (Linux: madvise_update_vma()). */
static long madvise_update_vma(struct mm_struct *mm, struct vm_area_struct *vma,
			       unsigned long start, unsigned long end, int behavior)
{
	long newflags = madvise_new_flags(vma, behavior);

	if (newflags < 0)
		return newflags;
	vma = vma_modify_flags(mm, vma, start, end, (unsigned long)newflags);
	return IS_ERR(vma) ? PTR_ERR(vma) : 0;
}

/* One VMA's part [start, end) of the range (Linux: madvise_vma_behavior()). */
static long madvise_vma_behavior(struct mm_struct *mm, struct vm_area_struct *vma,
				 unsigned long start, unsigned long end, int behavior)
{
	switch (behavior) {
	case MADV_DONTNEED:
		return madvise_dontneed_single_vma(vma, start, end);
	case MADV_WILLNEED:
		return 0;
	default:
		return madvise_update_vma(mm, vma, start, end, behavior);
	}
}

/*
 * Each VMA's part of [start, end) in turn.  A hole does not stop the
 * walk: the mapped parts get the advice and the result is -ENOMEM, as
 * in Linux (madvise_walk_vmas()).
 */
static long madvise_walk_vmas(struct mm_struct *mm, unsigned long start, unsigned long end,
			      int behavior)
{
	long unmapped_error = 0;

	while (start < end) {
		struct vm_area_struct *vma = find_vma(mm, start);
		unsigned long part_end;
		long err;

		if (!vma || vma->vm_start >= end)
			return -ENOMEM;
		if (start < vma->vm_start) {
			unmapped_error = -ENOMEM;
			start = vma->vm_start;
		}
		part_end = min(end, vma->vm_end);
		err = madvise_vma_behavior(mm, vma, start, part_end, behavior);
		if (err)
			return err;
		start = part_end;
	}
	return unmapped_error;
}

/*
 * madvise(start, len, behavior) on mm: 0, -EINVAL for unknown advice, a
 * misaligned start or a range that wraps (or advice a VMA cannot take),
 * -ENOMEM if part of the range is not mapped.
 */
long do_madvise(struct mm_struct *mm, unsigned long start, unsigned long len_in,
		int behavior)
{
	unsigned long len, end;

	if (!madvise_behavior_valid(behavior))
		return -EINVAL;
	if (start & (PAGE_SIZE - 1))
		return -EINVAL;
	len = PAGE_ALIGN(len_in);
	if (len_in && !len)
		return -EINVAL;
	end = start + len;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	return madvise_walk_vmas(mm, start, end, behavior);
}

long sys_madvise(struct pt_regs *regs)
{
	if (!current->mm)
		return -EINVAL;
	return do_madvise(current->mm, regs->rdi, regs->rsi, (int)regs->rdx);
}
