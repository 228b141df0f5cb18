/*
 * mm/mremap.c - mremap(): change the size of a mapping, moving it if it
 * must (and may).
 *
 * Three cases, as in Linux:
 *  - shrink: the tail [addr + new_len, addr + old_len) is unmapped in
 *    place (do_munmap()), the address stays;
 *  - grow in place: the range ends where its VMA ends and the space above
 *    is free (up to the next VMA's guard gap): the VMA's end moves up
 *    (vma_expandable(), then vma_set_range()); new pages fault in later;
 *  - move (MREMAP_MAYMOVE, or MREMAP_FIXED to a given address): a new VMA
 *    at the new place (copy_vma()), the ptes moved there one by one
 *    without copying a page (move_page_tables()), the old range flushed
 *    from the TLB and unmapped (move_vma()).
 *
 * Data owned: none; it changes the mm's VMAs (mm/vma.c) and page tables.
 * Invariants: a moved page keeps its pte bits, its _refcount/_mapcount
 * and the mm's RSS counters (it is still mapped once, by the same mm);
 * the old range has no pte left once the TLB is flushed.  Locking: one
 * CPU, and only the mm's own task changes it (Linux: mmap_lock for
 * writing, the page-table locks of both ranges while ptes move).
 *
 * Differences from Linux: ptes move one at a time (Linux moves whole
 * page-middle-directory entries when both ranges are 2 MiB aligned);
 * MREMAP_DONTUNMAP and old_len 0 (a second mapping of shared memory)
 * are refused with -EINVAL; copy_vma() never merges the new VMA with its
 * neighbours (Linux tries vma_merge() first).
 * Linux: mm/mremap.c (SYSCALL_DEFINE5(mremap), mremap_to, vma_to_resize,
 * move_vma, move_page_tables, move_ptes), mm/vma.c (copy_vma).
 */
#include <mneme/err.h>
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/mman.h>
#include <mneme/mmap.h>
#include <mneme/pgtable.h>
#include <mneme/sched.h>
#include <mneme/tlbflush.h>
#include <mneme/vma.h>
#include <asm/syscall.h>
#include <uapi/errno.h>
#include <uapi/mman.h>

#define MREMAP_KNOWN_FLAGS	(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)
/* A move needs up to three VMAs more (both ends split, the new one). */
#define MOVE_VMA_MAP_COUNT	3

/* ---- moving ptes ------------------------------------------------------------ */

/* The pte for addr in mm, page tables allocated on the way; NULL: no memory. */
static pte_t *alloc_new_pte(struct mm_struct *mm, unsigned long addr)
{
	p4d_t *p4d = p4d_offset(pgd_offset(mm, addr), addr);
	pud_t *pud = pud_alloc(mm, p4d, addr);
	pmd_t *pmd;

	if (!pud)
		return NULL;
	pmd = pmd_alloc(mm, pud, addr);
	if (!pmd)
		return NULL;
	if (pmd_none(*pmd) && __pte_alloc(mm, pmd))
		return NULL;
	return pte_offset_kernel(pmd, addr);
}

/*
 * Move the ptes of [old_addr, old_addr + len) to new_addr on: each
 * present entry is cleared at the old place and set, unchanged, at the
 * new one; the page itself stays where it is.  Returns the bytes moved,
 * less than len only when a page table could not be allocated.  The old
 * range is flushed from the TLB before returning.
 */
unsigned long move_page_tables(struct mm_struct *mm, unsigned long old_addr,
			       unsigned long new_addr, unsigned long len)
{
	unsigned long moved;

	for (moved = 0; moved < len; moved += PAGE_SIZE) {
		pte_t *old_pte = follow_pte(mm, old_addr + moved), *new_pte;

		if (!old_pte || pte_none(ptep_get(old_pte)))
			continue;
		new_pte = alloc_new_pte(mm, new_addr + moved);
		if (!new_pte)
			break;
		set_pte(new_pte, ptep_get_and_clear(old_pte));
	}
	if (moved)
		flush_tlb_kernel_range(old_addr, old_addr + moved);
	return moved;
}

/* ---- the VMA side ----------------------------------------------------------- */

/*
 * A VMA like vma over [addr, addr + len) with file offset pgoff, in the
 * VMA set (Linux: copy_vma()); NULL if there is no memory for it.
 */
static struct vm_area_struct *copy_vma(struct vm_area_struct *vma, unsigned long addr,
				       unsigned long len, unsigned long pgoff)
{
	struct vm_area_struct *new_vma = vm_area_dup(vma);

	if (!new_vma)
		return NULL;
	new_vma->vm_start = addr;
	new_vma->vm_end = addr + len;
	new_vma->vm_pgoff = pgoff;
	if (new_vma->vm_ops && new_vma->vm_ops->open)
		new_vma->vm_ops->open(new_vma);
	if (insert_vm_struct(vma->vm_mm, new_vma)) {
		remove_vma(new_vma);
		return NULL;
	}
	return new_vma;
}

/*
 * Move [old_addr, old_addr + old_len) of vma to new_addr, new_len long:
 * a new VMA, the ptes moved into it, the old range unmapped.  The new
 * address, or -ENOMEM with everything as it was.
 */
static long move_vma(struct vm_area_struct *vma, unsigned long old_addr,
		     unsigned long old_len, unsigned long new_len, unsigned long new_addr)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long vm_flags = vma->vm_flags, moved;
	unsigned long new_pgoff = vma->vm_pgoff + ((old_addr - vma->vm_start) >> PAGE_SHIFT);
	struct vm_area_struct *new_vma;

	if (mm->map_count >= sysctl_max_map_count - MOVE_VMA_MAP_COUNT)
		return -ENOMEM;
	if (vma_is_anonymous(vma))
		new_pgoff = new_addr >> PAGE_SHIFT;	/* Linux: no anon_vma yet */
	new_vma = copy_vma(vma, new_addr, new_len, new_pgoff);
	if (!new_vma)
		return -ENOMEM;
	moved = move_page_tables(mm, old_addr, new_addr, old_len);
	if (moved < old_len) {
		/* out of page tables: put the moved ptes back, drop the new VMA */
		move_page_tables(mm, new_addr, old_addr, moved);
		vma_unlink(mm, new_vma);
		remove_vma(new_vma);
		free_pgtables(mm, new_addr, new_addr + new_len);
		return -ENOMEM;
	}
	vm_stat_account(mm, vm_flags, (long)(new_len >> PAGE_SHIFT));
	do_munmap(mm, old_addr, old_len);	/* no ptes left: drops the VMA and tables */
	return (long)new_addr;
}

/*
 * The VMA holding [addr, addr + old_len), if it may become new_len long
 * (Linux: vma_to_resize()): -EFAULT if addr is unmapped or the range runs
 * past the VMA, -EFAULT for VM_DONTEXPAND/VM_PFNMAP growth, -ENOMEM past
 * RLIMIT_AS/RLIMIT_DATA.
 */
static struct vm_area_struct *vma_to_resize(struct mm_struct *mm, unsigned long addr,
					    unsigned long old_len, unsigned long new_len)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	if (!vma || vma->vm_start > addr)
		return ERR_PTR(-EFAULT);
	if (old_len > vma->vm_end - addr)
		return ERR_PTR(-EFAULT);
	if (new_len == old_len)
		return vma;
	if (vma->vm_flags & (VM_DONTEXPAND | VM_PFNMAP))
		return ERR_PTR(-EFAULT);
	if (new_len > old_len &&
	    !may_expand_vm(mm, vma->vm_flags, (new_len - old_len) >> PAGE_SHIFT))
		return ERR_PTR(-ENOMEM);
	return vma;
}

/* May vma's end move up by delta: nothing mapped there, no guard gap hit? */
static bool vma_expandable(struct vm_area_struct *vma, unsigned long delta)
{
	unsigned long end = vma->vm_end + delta;

	if (end < vma->vm_end || end > TASK_SIZE_MAX)
		return false;
	if (vma->vm_next && end > vm_start_gap(vma->vm_next))
		return false;
	return true;
}

/* The MAP_* flags get_unmapped_area() needs to place a copy of vma. */
static unsigned long vma_map_flags(const struct vm_area_struct *vma)
{
	return (vma->vm_flags & VM_MAYSHARE) ? MAP_SHARED : MAP_PRIVATE;
}

/* ---- the cases ---------------------------------------------------------------- */

/* MREMAP_FIXED: move to exactly new_addr, replacing what is there. */
static long mremap_to(struct mm_struct *mm, unsigned long addr, unsigned long old_len,
		      unsigned long new_addr, unsigned long new_len)
{
	struct vm_area_struct *vma;
	long ret;

	if (new_addr & (PAGE_SIZE - 1))
		return -EINVAL;
	if (new_len > TASK_SIZE_MAX || new_addr > TASK_SIZE_MAX - new_len)
		return -EINVAL;
	if (addr + old_len > new_addr && new_addr + new_len > addr)
		return -EINVAL;		/* the ranges overlap */
	if (new_addr < mmap_min_addr)
		return -EPERM;
	ret = do_munmap(mm, new_addr, new_len);
	if (ret)
		return ret;
	if (old_len > new_len) {
		ret = do_munmap(mm, addr + new_len, old_len - new_len);
		if (ret)
			return ret;
		old_len = new_len;
	}
	vma = vma_to_resize(mm, addr, old_len, new_len);
	if (IS_ERR(vma))
		return PTR_ERR(vma);
	return move_vma(vma, addr, old_len, new_len, new_addr);
}

/* Grow [addr, addr + old_len): in place if there is room, else moved if allowed. */
static long mremap_grow(struct mm_struct *mm, unsigned long addr, unsigned long old_len,
			unsigned long new_len, unsigned long flags)
{
	struct vm_area_struct *vma = vma_to_resize(mm, addr, old_len, new_len);
	unsigned long delta = new_len - old_len, new_addr;

	if (IS_ERR(vma))
		return PTR_ERR(vma);
	if (old_len == vma->vm_end - addr && vma_expandable(vma, delta)) {
		vma_set_range(mm, vma, vma->vm_start, vma->vm_end + delta, vma->vm_pgoff);
		vm_stat_account(mm, vma->vm_flags, (long)(delta >> PAGE_SHIFT));
		return (long)addr;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	new_addr = get_unmapped_area(mm, vma->vm_file, 0, new_len,
				     vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT),
				     vma_map_flags(vma));
	if (IS_ERR_VALUE(new_addr))
		return (long)new_addr;
	return move_vma(vma, addr, old_len, new_len, new_addr);
}

/*
 * mremap(addr, old_len, new_len, flags, new_addr) on mm: the (new)
 * address of the mapping, or -errno: -EINVAL for unknown flags,
 * MREMAP_FIXED without MREMAP_MAYMOVE, a misaligned addr or new_addr, a
 * zero new_len or old_len, overlapping MREMAP_FIXED ranges; -EFAULT for
 * an old range not wholly in one VMA; -ENOMEM when it cannot grow in
 * place and may not move, or out of memory or address space.
 */
long do_mremap(struct mm_struct *mm, unsigned long addr, unsigned long old_len,
	       unsigned long new_len, unsigned long flags, unsigned long new_addr)
{
	struct vm_area_struct *vma;

	if (flags & ~MREMAP_KNOWN_FLAGS)
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if (flags & MREMAP_DONTUNMAP)
		return -EINVAL;		/* not in Mneme: see the header */
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	old_len = PAGE_ALIGN(old_len);
	new_len = PAGE_ALIGN(new_len);
	if (!new_len)
		return -EINVAL;		/* (also a length that wrapped when rounded) */
	vma = find_vma(mm, addr);
	if (!vma || vma->vm_start > addr)
		return -EFAULT;
	if (!old_len)
		return -EINVAL;		/* not in Mneme: see the header */
	if (flags & MREMAP_FIXED)
		return mremap_to(mm, addr, old_len, new_addr, new_len);
	if (old_len >= new_len) {
		long ret = 0;

		if (old_len > new_len)
			ret = do_munmap(mm, addr + new_len, old_len - new_len);
		return ret ? ret : (long)addr;
	}
	return mremap_grow(mm, addr, old_len, new_len, flags);
}

long sys_mremap(struct pt_regs *regs)
{
	if (!current->mm)
		return -EINVAL;
	return do_mremap(current->mm, regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8);
}
