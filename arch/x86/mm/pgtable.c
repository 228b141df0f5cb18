/*
 * arch/x86/mm/pgtable.c - a process's top-level page table, and loading
 * an address space into CR3.
 *
 * pgd_alloc() gives a new PGD whose lower half (user space) is empty and
 * whose upper half is a copy of init_mm's: the same PUD tables, so every
 * kernel mapping, vmalloc included, is visible in every address space.
 * That is why vmalloc_init() fills those PGD entries once at boot (see
 * mm/vmalloc.c): a copy made earlier would never see an entry added later.
 * No PCID: a CR3 write flushes every non-global TLB entry.
 * Linux: arch/x86/mm/pgtable.c (pgd_alloc, pgd_ctor), mm/tlb.c (switch_mm).
 */
#include <asm/processor.h>
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/pgtable.h>
#include <mneme/string.h>

pgd_t *pgd_alloc(struct mm_struct *mm)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	pgd_t *pgd;

	if (!page)
		return NULL;
	SetPageTable(page);
	nr_page_table_pages++;
	pgd = page_address(page);
	memcpy(pgd + KERNEL_PGD_BOUNDARY, init_top_pgt + KERNEL_PGD_BOUNDARY,
	       (PTRS_PER_PGD - KERNEL_PGD_BOUNDARY) * sizeof(pgd_t));
	mm->pgd = pgd;
	return pgd;
}

void pgd_free(struct mm_struct *mm)
{
	struct page *page = virt_to_page(mm->pgd);

	for (int i = 0; i < KERNEL_PGD_BOUNDARY; i++)
		WARN_ON(pgd_val(mm->pgd[i]));	/* exit_mmap() left a table */
	ClearPageTable(page);
	nr_page_table_pages--;
	__free_page(page);
	mm->pgd = NULL;
}

static phys_addr_t mm_pgd_phys(const struct mm_struct *mm)
{
	return mm == &init_mm ? kernel_pgd_phys() : __pa(mm->pgd);
}

void switch_mm(struct mm_struct *next)
{
	phys_addr_t pgd = mm_pgd_phys(next ? next : &init_mm);

	if ((read_cr3() & PTE_PFN_MASK) != pgd)
		write_cr3(pgd);
}
