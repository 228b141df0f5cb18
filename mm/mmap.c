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
	p4d_t *p4d = p4d_offset(pgd_offset(mm, addr), addr);
	pud_t *pud;
	pmd_t *pmd;
	pte_t pte;

	if (addr >= TASK_SIZE_MAX || !p4d_present(*p4d))
		return NULL;
	pud = pud_offset(p4d, addr);
	if (!pud_present(*pud) || pud_leaf(*pud))
		return NULL;
	pmd = pmd_offset(pud, addr);
	if (!pmd_present(*pmd) || pmd_leaf(*pmd))
		return NULL;
	pte = ptep_get(pte_offset_kernel(pmd, addr));
	return pte_present(pte) ? pte_page(pte) : NULL;
}
