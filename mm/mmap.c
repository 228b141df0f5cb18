/*
 * mm/mmap.c - a process's user memory, first version: ranges mapped
 * eagerly with fresh zeroed pages, unmapped and freed again, and the
 * whole address space torn down at exit.
 *
 * This is the stand-in issue 5 allows: execve(), brk() and the stack
 * populate every page at once, and nothing records what was mapped
 * beyond the page tables themselves and the ranges in struct mm_struct.
 * Issue 6 replaces it with Linux's shape: a VMA tree (vm_area_struct),
 * do_mmap()/do_munmap(), and pages that appear on the first fault
 * (mm/memory.c).  The functions here keep their names where Linux has the
 * same step (exit_mmap()).
 *
 * Invariants: every present pte below TASK_SIZE_MAX in an mm other than
 * init_mm maps a page this mm allocated and owns alone (no sharing until
 * copy-on-write fork); mm->nr_pages counts them.  Unmapping flushes the
 * TLB before the pages are freed.  Locking: one CPU; an mm is changed
 * only by its own task (or by the exec that builds it).
 * Linux: mm/mmap.c (exit_mmap, brk), mm/memory.c (unmap_page_range).
 */
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/mmap.h>
#include <mneme/pgtable.h>
#include <mneme/tlbflush.h>
#include <uapi/errno.h>

struct populate_walk {
	struct mm_struct *mm;
	pgprot_t prot;
};

/* A fresh zeroed page; or, where a page is mapped already, the union of the rights. */
static int populate_pte(pte_t *pte, unsigned long addr, void *data)
{
	struct populate_walk *w = data;
	unsigned long prot = pgprot_val(w->prot);
	struct page *page;

	(void)addr;
	if (pte_present(*pte)) {
		pte_t merged = pte_set_flags(*pte, prot & _PAGE_RW);

		if (!(prot & _PAGE_NX))
			merged = pte_mkexec(merged);
		set_pte(pte, merged);
		return 0;
	}
	page = alloc_page(GFP_USER | __GFP_ZERO);
	if (!page)
		return -ENOMEM;
	set_pte(pte, mk_pte(page, w->prot));
	w->mm->nr_pages++;
	return 0;
}

int populate_user_range(struct mm_struct *mm, unsigned long start,
			unsigned long end, pgprot_t prot)
{
	struct populate_walk w = { .mm = mm, .prot = prot };

	if (start >= end || end > TASK_SIZE_MAX || (start | end) & (PAGE_SIZE - 1))
		return -EINVAL;
	return apply_to_page_range(mm, start, end - start, populate_pte, &w);
}

/* Clear, flush, then free: no stale TLB entry may reach a freed page. */
static int unmap_pte(pte_t *pte, unsigned long addr, void *data)
{
	struct mm_struct *mm = data;
	pte_t old = ptep_get_and_clear(pte);

	if (pte_present(old)) {
		flush_tlb_one_kernel(addr);	/* invlpg works on user addresses too */
		__free_page(pte_page(old));
		mm->nr_pages--;
	}
	return 0;
}

void unmap_user_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	if (start >= end)
		return;
	mm->hiwater_rss = max(mm->hiwater_rss, mm->nr_pages);	/* Linux: update_hiwater_rss() */
	apply_to_existing_page_range(mm, start, end - start, unmap_pte, mm);
	free_empty_kernel_tables(mm, start, end - start);
}

void exit_mmap(struct mm_struct *mm)
{
	unmap_user_range(mm, 0, TASK_SIZE_MAX);
}

/* The page mapped at user address addr in mm, or NULL (Linux: follow_page()). */
struct page *follow_user_page(struct mm_struct *mm, unsigned long addr)
{
	pte_t *pte = addr < TASK_SIZE_MAX ? follow_pte(mm, addr) : NULL;

	return pte && pte_present(*pte) ? pte_page(*pte) : NULL;
}

/* ---- anonymous mmap, munmap, mprotect (eager, no VMAs yet) --------------- */

static int count_present(pte_t *pte, unsigned long addr, void *data)
{
	(void)addr;
	*(unsigned long *)data += pte_present(*pte);
	return 0;
}

/* Does nothing map a page of [start, end)?  (Issue 6 asks the VMA tree.) */
bool range_is_unmapped(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	unsigned long present = 0;

	if (start >= end)
		return true;
	apply_to_existing_page_range(mm, start, end - start, count_present, &present);
	return present == 0;
}

#define MMAP_SEARCH_TRIES	16	/* holes skipped before giving up */

/* Below mm->mmap_next, the first free range of len bytes; 0 if none. */
static unsigned long find_free_area(struct mm_struct *mm, unsigned long len)
{
	unsigned long top = mm->mmap_next;

	for (int i = 0; i < MMAP_SEARCH_TRIES; i++) {
		unsigned long addr;

		if (top - ELF_MIN_MMAP_ADDR < len ||
		    top - len < PAGE_ALIGN(mm->brk) + MMAP_BRK_GAP)
			return 0;
		addr = top - len;
		if (range_is_unmapped(mm, addr, top))
			return addr;
		top = addr - PAGE_SIZE;		/* something is there (MAP_FIXED): go below */
	}
	return 0;
}

/*
 * The page rights for PROT_* bits: user pages are always readable on
 * x86; write and execute as asked.  PROT_NONE maps nothing.
 */
pgprot_t vm_get_page_prot(unsigned long prot)
{
	unsigned long val = _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED;

	if (prot & PROT_WRITE)
		val |= _PAGE_RW;
	if (!(prot & PROT_EXEC))
		val |= _PAGE_NX & __supported_pte_mask;
	return __pgprot(val);
}

/*
 * Anonymous memory at a fresh address below the last one handed out
 * (top-down from mm->mmap_base), or at addr with MAP_FIXED.  Returns the
 * address or -errno.  Address space given back by munmap() is not reused
 * in this version: issue 6's VMA tree and get_unmapped_area() do that.
 */
long do_mmap_anon(struct mm_struct *mm, unsigned long addr, unsigned long len,
		  unsigned long prot, unsigned long flags)
{
	int err;

	if (!len || len > TASK_SIZE_MAX)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (flags & MAP_FIXED) {
		if ((addr & (PAGE_SIZE - 1)) || addr < ELF_MIN_MMAP_ADDR ||
		    addr > TASK_SIZE_MAX - len)
			return -EINVAL;
		unmap_user_range(mm, addr, addr + len);
	} else {
		addr = find_free_area(mm, len);
		if (!addr)
			return -ENOMEM;
		mm->mmap_next = addr - PAGE_SIZE;	/* a hole between areas */
	}
	if (!(prot & (PROT_READ | PROT_WRITE | PROT_EXEC)))
		return (long)addr;			/* PROT_NONE: reserved, unmapped */
	err = populate_user_range(mm, addr, addr + len, vm_get_page_prot(prot));
	if (err) {
		unmap_user_range(mm, addr, addr + len);
		return err;
	}
	return (long)addr;
}

long do_munmap(struct mm_struct *mm, unsigned long addr, unsigned long len)
{
	if ((addr & (PAGE_SIZE - 1)) || !len || addr >= TASK_SIZE_MAX ||
	    len > TASK_SIZE_MAX || PAGE_ALIGN(len) > TASK_SIZE_MAX - addr)
		return -EINVAL;
	unmap_user_range(mm, addr, addr + PAGE_ALIGN(len));
	return 0;
}

struct mprotect_walk {
	pgprot_t prot;
	unsigned long present;		/* mapped pages seen */
	bool check_only;
};

static int change_pte_prot(pte_t *pte, unsigned long addr, void *data)
{
	struct mprotect_walk *w = data;

	(void)addr;
	if (!pte_present(*pte))
		return 0;
	w->present++;
	if (!w->check_only)
		set_pte(pte, pte_modify(*pte, w->prot));
	return 0;
}

/*
 * mprotect() over pages that are all mapped: -ENOMEM if any is not (as
 * Linux says for an unmapped range), -EINVAL for PROT_NONE (which needs
 * the non-present "protnone" ptes of issue 6).  Flushes the TLB.
 */
long do_mprotect(struct mm_struct *mm, unsigned long start, unsigned long len,
		 unsigned long prot)
{
	struct mprotect_walk w = { .prot = vm_get_page_prot(prot), .check_only = true };
	unsigned long end;

	if ((start & (PAGE_SIZE - 1)) || start >= TASK_SIZE_MAX)
		return -EINVAL;
	if (len > TASK_SIZE_MAX || PAGE_ALIGN(len) > TASK_SIZE_MAX - start)
		return -ENOMEM;		/* Linux: the range runs past user space */
	end = start + PAGE_ALIGN(len);
	if (start == end)
		return 0;
	if (!(prot & (PROT_READ | PROT_WRITE | PROT_EXEC)))
		return -EINVAL;
	apply_to_existing_page_range(mm, start, end - start, change_pte_prot, &w);
	if (w.present != (end - start) >> PAGE_SHIFT)
		return -ENOMEM;
	w.check_only = false;
	apply_to_existing_page_range(mm, start, end - start, change_pte_prot, &w);
	flush_tlb_kernel_range(start, end);
	return 0;
}
