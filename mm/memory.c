/*
 * mm/memory.c - walking and growing page tables.
 *
 * For now this is the kernel's side: allocating a missing table at each
 * level (__pud_alloc(), __pmd_alloc(), __pte_alloc_kernel()), walking a
 * kernel range and calling a function on every pte of it
 * (apply_to_page_range()), and giving back tables a range no longer
 * uses (free_empty_kernel_tables()).  vmalloc (mm/vmalloc.c) maps and
 * unmaps through these.  The page-fault handlers of issue 6
 * (handle_mm_fault() and friends) will join them here, as in Linux.
 *
 * A walk goes pgd -> p4d (folded into the pgd) -> pud -> pmd -> pte.
 * At each level addr advances to the next entry's boundary
 * (pmd_addr_end() and friends), so a range may start and end anywhere
 * page-aligned.
 *
 * Page-table pages: zeroed order-0 pages from the buddy allocator, marked
 * PG_table and counted in mm->nr_pgtables and nr_page_table_pages; the
 * flag is cleared before the page is freed (the allocator refuses a page
 * still marked).  Invariants: a table is reachable from exactly one
 * upper entry; a pte or pmd table is freed only when all its entries
 * are empty, after the entry pointing to it is cleared and the TLB
 * flushed (the CPU caches upper-level entries too, Intel SDM vol. 3,
 * 4.10.3), so no walk can reach a freed table.  The kernel's PUD tables
 * are never freed: all address spaces share them.  Tables over user
 * addresses (below TASK_SIZE_MAX) carry _PAGE_USER in their upper
 * entries, and their PUD tables are freed when empty too.
 *
 * Locking: one CPU; the callers (vmalloc) keep two users off the same
 * range.  Linux: mm/memory.c (__pte_alloc_kernel, apply_to_page_range),
 * mm/pgtable-generic.c, free_pgd_range() for the freeing.
 */
#include <mneme/kernel.h>
#include <mneme/list.h>
#include <mneme/mm.h>
#include <mneme/pgtable.h>
#include <mneme/string.h>
#include <mneme/tlbflush.h>
#include <uapi/errno.h>

unsigned long nr_page_table_pages;
bool kernel_pgd_frozen;		/* set by vmalloc_init(): see __pud_alloc() */

/* ---- page-table pages ---------------------------------------------------- */

static void *pgtable_alloc(struct mm_struct *mm)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);

	if (!page)
		return NULL;
	SetPageTable(page);
	mm->nr_pgtables++;
	nr_page_table_pages++;
	return page_address(page);
}

static void pgtable_free(struct mm_struct *mm, void *table)
{
	struct page *page = virt_to_page(table);

	VM_BUG_ON_PAGE(!PageTable(page), page);
	ClearPageTable(page);
	mm->nr_pgtables--;
	nr_page_table_pages--;
	__free_page(page);
}

/*
 * A new PUD table fills a PGD entry.  In the kernel half that must not
 * happen after boot: every user PGD copies the kernel half when it is
 * made, and would never see the new entry.
 */
int __pud_alloc(struct mm_struct *mm, p4d_t *p4d, unsigned long addr)
{
	pud_t *table;

	if (WARN_ON(addr >= TASK_SIZE_MAX && kernel_pgd_frozen))
		return -ENOMEM;
	table = pgtable_alloc(mm);
	if (!table)
		return -ENOMEM;
	if (addr < TASK_SIZE_MAX)
		p4d_populate_user(p4d, table);
	else
		p4d_populate(p4d, table);
	return 0;
}

int __pmd_alloc(struct mm_struct *mm, pud_t *pud, unsigned long addr)
{
	pmd_t *table = pgtable_alloc(mm);

	if (!table)
		return -ENOMEM;
	if (addr < TASK_SIZE_MAX)
		pud_populate_user(pud, table);
	else
		pud_populate(pud, table);
	return 0;
}

/* A pte table over user memory (Linux: __pte_alloc()). */
int __pte_alloc(struct mm_struct *mm, pmd_t *pmd)
{
	pte_t *table = pgtable_alloc(mm);

	if (!table)
		return -ENOMEM;
	pmd_populate(pmd, table);
	return 0;
}

int __pte_alloc_kernel(pmd_t *pmd)
{
	pte_t *table = pgtable_alloc(&init_mm);

	if (!table)
		return -ENOMEM;
	pmd_populate_kernel(pmd, table);
	return 0;
}

/* ---- apply_to_page_range() ---------------------------------------------- */

struct apply_walk {
	struct mm_struct *mm;
	pte_fn_t fn;
	void *data;
	bool create;		/* allocate missing tables, or skip holes */
};

static int apply_to_pte_range(struct apply_walk *w, pmd_t *pmd,
			      unsigned long addr, unsigned long end)
{
	pte_t *pte;
	int err;

	if (w->create && pmd_none(*pmd) &&
	    (addr < TASK_SIZE_MAX ? __pte_alloc(w->mm, pmd) : __pte_alloc_kernel(pmd)))
		return -ENOMEM;
	pte = pte_offset_kernel(pmd, addr);
	do {
		err = w->fn(pte, addr, w->data);
		if (err)
			return err;
	} while (pte++, addr += PAGE_SIZE, addr != end);
	return 0;
}

static int apply_to_pmd_range(struct apply_walk *w, pud_t *pud,
			      unsigned long addr, unsigned long end)
{
	pmd_t *pmd = w->create ? pmd_alloc(w->mm, pud, addr) : pmd_offset(pud, addr);
	unsigned long next;
	int err;

	if (!pmd)
		return -ENOMEM;
	do {
		next = pmd_addr_end(addr, end);
		if (pmd_none(*pmd) && !w->create)
			continue;
		if (pmd_leaf(*pmd))
			return -EINVAL;		/* a 2 MiB page: not ours to split */
		err = apply_to_pte_range(w, pmd, addr, next);
		if (err)
			return err;
	} while (pmd++, addr = next, addr != end);
	return 0;
}

static int apply_to_pud_range(struct apply_walk *w, p4d_t *p4d,
			      unsigned long addr, unsigned long end)
{
	pud_t *pud = w->create ? pud_alloc(w->mm, p4d, addr) : pud_offset(p4d, addr);
	unsigned long next;
	int err;

	if (!pud)
		return -ENOMEM;
	do {
		next = pud_addr_end(addr, end);
		if (pud_none(*pud) && !w->create)
			continue;
		if (pud_leaf(*pud))
			return -EINVAL;		/* a 1 GiB page */
		err = apply_to_pmd_range(w, pud, addr, next);
		if (err)
			return err;
	} while (pud++, addr = next, addr != end);
	return 0;
}

static int __apply_to_page_range(struct apply_walk *w, unsigned long addr,
				 unsigned long size)
{
	unsigned long end = addr + size, next;
	pgd_t *pgd;
	int err;

	if (WARN_ON(addr >= end || (addr | size) & (PAGE_SIZE - 1)))
		return -EINVAL;
	if (WARN_ON(w->mm != &init_mm && addr >= TASK_SIZE_MAX))
		return -EINVAL;		/* kernel mappings live in init_mm only */
	pgd = pgd_offset(w->mm, addr);
	do {
		p4d_t *p4d = p4d_offset(pgd, addr);

		next = pgd_addr_end(addr, end);
		if (p4d_none(*p4d) && !w->create)
			continue;
		err = apply_to_pud_range(w, p4d, addr, next);
		if (err)
			return err;
	} while (pgd++, addr = next, addr != end);
	return 0;
}

int apply_to_page_range(struct mm_struct *mm, unsigned long addr,
			unsigned long size, pte_fn_t fn, void *data)
{
	struct apply_walk w = { .mm = mm, .fn = fn, .data = data, .create = true };

	return __apply_to_page_range(&w, addr, size);
}

int apply_to_existing_page_range(struct mm_struct *mm, unsigned long addr,
				 unsigned long size, pte_fn_t fn, void *data)
{
	struct apply_walk w = { .mm = mm, .fn = fn, .data = data, .create = false };

	return __apply_to_page_range(&w, addr, size);
}

/* ---- freeing empty tables ------------------------------------------------ */

static bool table_is_empty(const void *table)
{
	const unsigned long *entry = table;

	for (int i = 0; i < PTRS_PER_TABLE; i++)
		if (entry[i])
			return false;
	return true;
}

/*
 * Unhook the tables under [addr, end) of one pud entry's span that map
 * nothing; the pages go on *freed, to be freed after the TLB flush.
 */
static void unhook_empty_pmd_range(pud_t *pud, unsigned long addr,
				   unsigned long end, struct list_head *freed)
{
	pmd_t *pmd = pmd_offset(pud, addr);
	pmd_t *pmd_table = pud_pgtable(*pud);
	unsigned long next;

	do {
		next = pmd_addr_end(addr, end);
		if (!pmd_present(*pmd) || pmd_leaf(*pmd))
			continue;
		if (table_is_empty(pmd_page_vaddr(*pmd))) {
			list_add(&virt_to_page(pmd_page_vaddr(*pmd))->lru, freed);
			pmd_clear(pmd);
		}
	} while (pmd++, addr = next, addr != end);
	if (table_is_empty(pmd_table)) {
		list_add(&virt_to_page(pmd_table)->lru, freed);
		pud_clear(pud);
	}
}

unsigned long free_empty_kernel_tables(struct mm_struct *mm, unsigned long addr,
				       unsigned long size)
{
	unsigned long end = addr + size, next, nr = 0;
	LIST_HEAD(freed);
	pgd_t *pgd = pgd_offset(mm, addr);

	do {
		p4d_t *p4d = p4d_offset(pgd, addr);
		pud_t *pud;
		unsigned long pud_next, pud_addr = addr;

		next = pgd_addr_end(addr, end);
		if (!p4d_present(*p4d))
			continue;
		pud = pud_offset(p4d, addr);
		do {
			pud_next = pud_addr_end(pud_addr, next);
			if (pud_present(*pud) && !pud_leaf(*pud))
				unhook_empty_pmd_range(pud, pud_addr, pud_next, &freed);
		} while (pud++, pud_addr = pud_next, pud_addr != next);
		/* user half only: the kernel half's PUD tables are shared */
		if (addr < TASK_SIZE_MAX && table_is_empty(p4d_pgtable(*p4d))) {
			list_add(&virt_to_page(p4d_pgtable(*p4d))->lru, &freed);
			p4d_clear(p4d);
		}
	} while (pgd++, addr = next, addr != end);

	if (list_empty(&freed))
		return 0;
	flush_tlb_all();	/* drop cached upper entries before reuse */
	while (!list_empty(&freed)) {
		struct page *page = list_first_entry(&freed, struct page, lru);

		list_del(&page->lru);
		pgtable_free(mm, page_address(page));
		nr++;
	}
	return nr;
}

/*
 * The pte mapping addr in mm, or NULL where a table on the way is
 * missing or a large page maps it (Linux: follow_pte()).
 */
pte_t *follow_pte(struct mm_struct *mm, unsigned long addr)
{
	p4d_t *p4d = p4d_offset(pgd_offset(mm, addr), addr);
	pud_t *pud;
	pmd_t *pmd;

	if (!p4d_present(*p4d))
		return NULL;
	pud = pud_offset(p4d, addr);
	if (!pud_present(*pud) || pud_leaf(*pud))
		return NULL;
	pmd = pmd_offset(pud, addr);
	if (!pmd_present(*pmd) || pmd_leaf(*pmd))
		return NULL;
	return pte_offset_kernel(pmd, addr);
}

/* ---- copying an address space ------------------------------------------- */

struct copy_walk {
	struct mm_struct *dst;
	int err;
};

static int set_copied_pte(pte_t *pte, unsigned long addr, void *data)
{
	(void)addr;
	set_pte(pte, *(pte_t *)data);
	return 0;
}

/* One page of src: a fresh copy at the same address and rights in dst. */
static int copy_one_pte(pte_t *src_pte, unsigned long addr, void *data)
{
	struct copy_walk *w = data;
	pte_t pte = ptep_get(src_pte);
	struct page *page;
	int err;

	if (!pte_present(pte))
		return 0;
	page = alloc_page(GFP_USER);
	if (!page)
		return -ENOMEM;
	memcpy(page_address(page), page_address(pte_page(pte)), PAGE_SIZE);
	pte = mk_pte(page, pte_pgprot(pte));
	err = apply_to_page_range(w->dst, addr, PAGE_SIZE, set_copied_pte, &pte);
	if (err) {
		__free_page(page);
		return err;
	}
	w->dst->nr_pages++;
	return 0;
}

/*
 * fork()'s copy of the user half of src into the empty dst, page by page.
 * This version copies every page at once; issue 6 turns it into Linux's
 * copy-on-write copy_page_range(): share the pages read-only and copy
 * only on the first write.  On -ENOMEM dst holds a partial copy, which
 * the caller frees with mmput().
 */
int copy_page_range(struct mm_struct *dst, struct mm_struct *src)
{
	struct copy_walk w = { .dst = dst };

	return apply_to_existing_page_range(src, 0, TASK_SIZE_MAX, copy_one_pte, &w);
}
