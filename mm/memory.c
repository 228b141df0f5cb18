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
 * User memory (issue 6): unmap_page_range() zaps a VMA's ptes and frees
 * the pages after the TLB flush (a small mmu_gather), free_pgtables()
 * frees the tables no VMA needs, change_protection() is mprotect's pte
 * half, copy_page_range() is fork's copy-on-write copy, and the fault
 * handlers resolve a fault the architecture has checked against its
 * VMA: handle_mm_fault() -> __handle_mm_fault() (tables allocated on
 * the way) -> handle_pte_fault(), which dispatches on the pte:
 *   none, anonymous VMA      do_anonymous_page(): zero page, or new page
 *   none, VMA with vm_ops    do_fault(): do_read_fault / do_cow_fault /
 *                            do_shared_fault through vm_ops->fault
 *   present, write, !write   do_wp_page(): wp_page_reuse or wp_page_copy
 * A user page's _refcount is one per pte mapping it (plus the page
 * cache's for cached pages); _mapcount counts the ptes (mm/rmap.c); the
 * zero page (zero_pfn) is in neither and never in RSS.  Private writable
 * ptes are writable only while the page is this mm's alone.
 *
 * Locking: one CPU; the callers (vmalloc) keep two users off the same
 * range; a user mm changes only under its task, its exec or its fork.
 * Linux: mm/memory.c (__pte_alloc_kernel, apply_to_page_range,
 * unmap_page_range, copy_page_range, handle_mm_fault and the do_*()
 * handlers), mm/pgtable-generic.c, free_pgd_range() for the freeing,
 * mm/mmu_gather.c.
 */
#include <mneme/kernel.h>
#include <mneme/list.h>
#include <asm/ptrace.h>
#include <mneme/mm.h>
#include <mneme/mmap.h>
#include <mneme/panic.h>
#include <mneme/pftrace.h>
#include <mneme/pgtable.h>
#include <mneme/rmap.h>
#include <mneme/sched.h>
#include <mneme/vma.h>
#include <mneme/vmstat.h>
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

/* ---- the zero page and normal pages ------------------------------------- */

unsigned long zero_pfn;		/* Linux: my_zero_pfn(), empty_zero_page */

/* One zeroed page, never freed, mapped read-only wherever untouched memory is read. */
void zero_page_init(void)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);

	if (!page)
		panic("no memory for the zero page");
	SetPageReserved(page);	/* never freed, never counted in RSS */
	zero_pfn = page_to_pfn(page);
}

struct page *vm_normal_page(struct vm_area_struct *vma, unsigned long addr, pte_t pte)
{
	(void)vma;
	(void)addr;
	if (is_zero_pfn(pte_pfn(pte)))
		return NULL;
	return pte_page(pte);
}

/* Which rss_stat counter a mapped page is in (Linux: mm_counter()). */
static int mm_counter(const struct page *page)
{
	if (PageAnon(page))
		return MM_ANONPAGES;
	return shmem_mapping(page->mapping) ? MM_SHMEMPAGES : MM_FILEPAGES;
}

/* ---- unmapping: zap the ptes, then free pages after the TLB flush ---------- */

/*
 * Pages whose ptes were cleared wait here until the TLB has forgotten
 * them (Linux: struct mmu_gather, tlb_remove_page(), tlb_finish_mmu()).
 */
#define MMU_GATHER_PAGES	64
struct mmu_gather {
	struct vm_area_struct *vma;
	unsigned long start, end;	/* the cleared range so far */
	unsigned int nr;
	struct page *pages[MMU_GATHER_PAGES];
};

static void tlb_flush_mmu(struct mmu_gather *tlb)
{
	if (tlb->end > tlb->start)
		flush_tlb_kernel_range(tlb->start, tlb->end);
	tlb->start = tlb->end = 0;
	for (unsigned int i = 0; i < tlb->nr; i++)
		put_page(tlb->pages[i]);
	tlb->nr = 0;
}

static void tlb_remove_page(struct mmu_gather *tlb, struct page *page)
{
	tlb->pages[tlb->nr++] = page;
	if (tlb->nr == MMU_GATHER_PAGES)
		tlb_flush_mmu(tlb);
}

/* One pte of an unmapped range: clear it, drop its rmap and RSS count. */
static int zap_pte_range(pte_t *pte, unsigned long addr, void *data)
{
	struct mmu_gather *tlb = data;
	pte_t old = ptep_get_and_clear(pte);
	struct page *page;

	if (!pte_present(old))
		return 0;
	if (!tlb->start && !tlb->end)
		tlb->start = addr;
	tlb->end = addr + PAGE_SIZE;
	page = vm_normal_page(tlb->vma, addr, old);
	if (!page)
		return 0;		/* the zero page: nothing to give back */
	dec_mm_counter(tlb->vma->vm_mm, mm_counter(page));
	page_remove_rmap(page);
	tlb_remove_page(tlb, page);
	return 0;
}

void unmap_page_range(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	struct mmu_gather tlb = { .vma = vma };

	if (start >= end)
		return;
	apply_to_existing_page_range(vma->vm_mm, start, end - start, zap_pte_range, &tlb);
	tlb_flush_mmu(&tlb);
}

/*
 * Linux frees the tables between the neighbouring VMAs (floor, ceiling);
 * here every table under the range that maps nothing goes, which is the
 * same once the range's ptes are zapped: an emptied table inside a VMA
 * is simply allocated again by the next fault.
 */
void free_pgtables(struct mm_struct *mm, unsigned long floor, unsigned long ceiling)
{
	if (floor < ceiling)
		free_empty_kernel_tables(mm, floor, ceiling - floor);
}

/* ---- mprotect: new rights on the ptes ------------------------------------- */

struct change_prot_walk {
	struct vm_area_struct *vma;
	pgprot_t newprot;
	bool lost_rights;	/* some pte lost a right: the TLB must forget it */
};

/*
 * A present pte takes the VMA's new rights.  A pte writable now stays
 * writable if the VMA still allows writes: it maps a page this mm alone
 * owns (COW ptes are never writable).
 */
static int change_pte_range(pte_t *pte, unsigned long addr, void *data)
{
	struct change_prot_walk *w = data;
	pte_t old = ptep_get(pte), new;

	(void)addr;
	if (!pte_present(old))
		return 0;
	new = pte_modify(old, w->newprot);
	if (pte_write(old) && (w->vma->vm_flags & VM_WRITE))
		new = pte_mkwrite(new);
	if ((pte_write(old) && !pte_write(new)) || (pte_user(old) && !pte_user(new)) ||
	    (pte_exec(old) && !pte_exec(new)))
		w->lost_rights = true;
	set_pte(pte, new);
	return 0;
}

void change_protection(struct vm_area_struct *vma, unsigned long start, unsigned long end,
		       pgprot_t newprot)
{
	struct change_prot_walk w = { .vma = vma, .newprot = newprot };

	if (start >= end)
		return;
	apply_to_existing_page_range(vma->vm_mm, start, end - start, change_pte_range, &w);
	if (w.lost_rights)
		flush_tlb_kernel_range(start, end);
}

/* ---- fork: copy the page tables, share the pages copy-on-write ------------ */

/* Private and possibly writable: the pages must be copied on write. */
static bool is_cow_mapping(unsigned long flags)
{
	return (flags & (VM_SHARED | VM_MAYWRITE)) == VM_MAYWRITE;
}

struct copy_walk {
	struct vm_area_struct *dst_vma, *src_vma;
	pte_t *dst_table;		/* the dst pte table for dst_pmd_addr */
	unsigned long dst_pmd_addr;
	bool wrprotected;		/* a parent pte lost its write right */
};

/* The pte for addr in mm, allocating the tables on the way (Linux: pte_alloc_map()). */
static pte_t *pte_alloc_map(struct mm_struct *mm, unsigned long addr)
{
	p4d_t *p4d = p4d_offset(pgd_offset(mm, addr), addr);
	pud_t *pud = pud_alloc(mm, p4d, addr);
	pmd_t *pmd = pud ? pmd_alloc(mm, pud, addr) : NULL;

	if (!pmd || (pmd_none(*pmd) && __pte_alloc(mm, pmd)))
		return NULL;
	return pte_offset_kernel(pmd, addr);
}

/*
 * One present pte of the parent: write-protect it in both if it is a
 * private writable one, take a reference and a mapping for the child
 * (get_page(), page_dup_rmap()); the zero page is shared as it is.
 */
static int copy_present_pte(pte_t *src_pte, unsigned long addr, void *data)
{
	struct copy_walk *w = data;
	pte_t pte = ptep_get(src_pte);
	struct page *page;

	if (!pte_present(pte))
		return 0;
	if (!w->dst_table || (addr & PMD_MASK) != w->dst_pmd_addr) {
		w->dst_table = pte_alloc_map(w->dst_vma->vm_mm, addr);
		if (!w->dst_table)
			return -ENOMEM;
		w->dst_table -= pte_index(addr);
		w->dst_pmd_addr = addr & PMD_MASK;
	}
	if (is_cow_mapping(w->src_vma->vm_flags) && pte_write(pte)) {
		pte = pte_wrprotect(pte);
		set_pte(src_pte, pte);
		w->wrprotected = true;
	}
	page = vm_normal_page(w->src_vma, addr, pte);
	if (page) {
		get_page(page);
		page_dup_rmap(page);
		inc_mm_counter(w->dst_vma->vm_mm, mm_counter(page));
	}
	set_pte(w->dst_table + pte_index(addr), pte);
	return 0;
}

/*
 * Shared mappings are not copied: the child's faults find the same pages
 * in the shmem object or page cache (Linux skips them the same way).
 */
int copy_page_range(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma)
{
	struct copy_walk w = { .dst_vma = dst_vma, .src_vma = src_vma };
	int err;

	if (src_vma->vm_flags & VM_SHARED)
		return 0;
	err = apply_to_existing_page_range(src_vma->vm_mm, src_vma->vm_start,
					   src_vma->vm_end - src_vma->vm_start,
					   copy_present_pte, &w);
	if (w.wrprotected)	/* the parent's TLB may still allow writes */
		flush_tlb_kernel_range(src_vma->vm_start, src_vma->vm_end);
	return err;
}

/* ---- the fault handlers ---------------------------------------------------- */

static void trace_fault(struct vm_fault *vmf, enum pf_outcome outcome,
			unsigned long pfn, unsigned long old_pfn)
{
	if (pftrace_wanted())
		pftrace_fault(vmf->vma, vmf->real_address, vmf->ip, vmf->flags, outcome,
			      pfn, old_pfn);
}

/* A new anonymous page at the fault's pte, writable if the VMA is. */
static void map_new_anon_page(struct vm_fault *vmf, struct page *page)
{
	struct vm_area_struct *vma = vmf->vma;
	pte_t entry = mk_pte(page, vma->vm_page_prot);

	if (vma->vm_flags & VM_WRITE)
		entry = pte_mkwrite(pte_mkdirty(entry));
	page_add_new_anon_rmap(page);
	inc_mm_counter(vma->vm_mm, MM_ANONPAGES);
	set_pte(vmf->pte, entry);
}

/*
 * First touch of anonymous memory.  A read maps the zero page read-only
 * (no memory used until a write); a write gets a fresh zeroed page.
 */
static vm_fault_t do_anonymous_page(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct page *page;

	if (!(vmf->flags & FAULT_FLAG_WRITE)) {
		set_pte(vmf->pte, pte_wrprotect(pfn_pte(my_zero_pfn(vmf->address),
							 vma->vm_page_prot)));
		count_vm_event(ZERO_PAGE_FAULT);
		trace_fault(vmf, PF_ZERO_PAGE, zero_pfn, 0);
		return 0;
	}
	page = alloc_page(GFP_USER | __GFP_ZERO);
	if (!page)
		return VM_FAULT_OOM;
	map_new_anon_page(vmf, page);
	count_vm_event(ANON_FAULT);
	trace_fault(vmf, PF_ANON_NEW, page_to_pfn(page), 0);
	return 0;
}

/*
 * Map the page ->fault() found (page cache or shmem) at the fault's pte:
 * writable and dirty for a write; read-only for a read, even in a shared
 * writable mapping, so that the first write faults (wp_page_shared())
 * and the page is marked dirty then (Linux does this "write notify" for
 * filesystems that track dirty pages: vma_wants_writenotify()).
 */
static void finish_fault(struct vm_fault *vmf, bool writable)
{
	struct vm_area_struct *vma = vmf->vma;
	pte_t entry = mk_pte(vmf->page, vma->vm_page_prot);

	entry = writable ? pte_mkwrite(pte_mkdirty(entry)) : pte_wrprotect(entry);
	page_add_file_rmap(vmf->page);
	inc_mm_counter(vma->vm_mm, mm_counter(vmf->page));
	set_pte(vmf->pte, entry);
	count_vm_event(FILE_FAULT);
	trace_fault(vmf, PF_FILE_MAP, page_to_pfn(vmf->page), 0);
}

/* Ask the backer for the page at vmf->pgoff; SIGBUS when it has none to give. */
static vm_fault_t __do_fault(struct vm_fault *vmf)
{
	vm_fault_t ret;

	if (!vmf->vma->vm_ops->fault)
		return VM_FAULT_SIGBUS;
	ret = vmf->vma->vm_ops->fault(vmf);
	if (!ret && !vmf->page)
		ret = VM_FAULT_SIGBUS;
	if (ret & VM_FAULT_SIGBUS)
		trace_fault(vmf, PF_SIGBUS, 0, 0);
	return ret;
}

/* A read of a file or shmem page: map the cache's page (read-only if private). */
static vm_fault_t do_read_fault(struct vm_fault *vmf)
{
	vm_fault_t ret = __do_fault(vmf);

	if (ret & VM_FAULT_ERROR)
		return ret;
	finish_fault(vmf, false);
	return ret;
}

/* A private write to a file page: the task gets its own anonymous copy. */
static vm_fault_t do_cow_fault(struct vm_fault *vmf)
{
	struct page *new = alloc_page(GFP_USER);
	vm_fault_t ret;

	if (!new)
		return VM_FAULT_OOM;
	ret = __do_fault(vmf);
	if (ret & VM_FAULT_ERROR) {
		put_page(new);
		return ret;
	}
	memcpy(page_address(new), page_address(vmf->page), PAGE_SIZE);
	map_new_anon_page(vmf, new);
	count_vm_event(COW_FAULT);
	trace_fault(vmf, PF_FILE_COW, page_to_pfn(new), page_to_pfn(vmf->page));
	put_page(vmf->page);
	return ret;
}

/*
 * A write to a shared mapping: every process maps the same page, now
 * writable, and the page is dirty (a later read() sees the write; a
 * filesystem with a disk would write it back).
 */
static vm_fault_t do_shared_fault(struct vm_fault *vmf)
{
	vm_fault_t ret = __do_fault(vmf);

	if (ret & VM_FAULT_ERROR)
		return ret;
	finish_fault(vmf, vmf->vma->vm_flags & VM_WRITE);
	SetPageDirty(vmf->page);
	return ret;
}

/*
 * A pte-none fault in a VMA with a backer (vm_ops): Linux's do_fault().
 * The page reference ->fault() took becomes the mapping's (put at unmap),
 * except in the private-write case, where the copy is mapped instead.
 */
static vm_fault_t do_fault(struct vm_fault *vmf)
{
	if (!(vmf->flags & FAULT_FLAG_WRITE))
		return do_read_fault(vmf);
	if (!(vmf->vma->vm_flags & VM_SHARED))
		return do_cow_fault(vmf);
	return do_shared_fault(vmf);
}

/* Only we map the page: make the pte writable where it is (Linux: wp_page_reuse()). */
static vm_fault_t wp_page_reuse(struct vm_fault *vmf, struct page *page, bool count)
{
	set_pte(vmf->pte, pte_mkwrite(pte_mkdirty(pte_mkyoung(vmf->orig_pte))));
	if (count) {
		count_vm_event(COW_REUSE);
		trace_fault(vmf, PF_COW_REUSE, page_to_pfn(page), page_to_pfn(page));
	}
	return 0;
}

/*
 * Others map the page too (or it is the zero page): copy it to a new
 * page of our own and point the pte there; the old pte is cleared and
 * flushed first, since this mm's TLB may hold it.
 */
static vm_fault_t wp_page_copy(struct vm_fault *vmf, struct page *old)
{
	struct mm_struct *mm = vmf->vma->vm_mm;
	unsigned long old_pfn = pte_pfn(vmf->orig_pte);
	struct page *new = alloc_page(old ? GFP_USER : GFP_USER | __GFP_ZERO);

	if (!new)
		return VM_FAULT_OOM;
	if (old)
		memcpy(page_address(new), page_address(old), PAGE_SIZE);
	ptep_get_and_clear(vmf->pte);
	flush_tlb_one_kernel(vmf->address);
	map_new_anon_page(vmf, new);
	if (old) {
		dec_mm_counter(mm, mm_counter(old));
		page_remove_rmap(old);
		put_page(old);
	}
	count_vm_event(COW_FAULT);
	/* a page-cache page copied for a private mapping: a file COW */
	trace_fault(vmf, old && !PageAnon(old) ? PF_FILE_COW : PF_COW_COPY,
		    page_to_pfn(new), old_pfn);
	return 0;
}

/*
 * A write to a read-only pte of a shared mapping (mapped by a read, or
 * made writable by mprotect since): the write goes to the one shared
 * page, which becomes writable here and dirty (Linux: wp_page_shared()).
 */
static vm_fault_t wp_page_shared(struct vm_fault *vmf, struct page *page)
{
	if (page && !PageAnon(page))
		SetPageDirty(page);
	return wp_page_reuse(vmf, page, false);
}

/*
 * A write to a present read-only pte of a writable VMA: copy-on-write.
 * Shared mappings just get the write right back.  A private anonymous
 * page mapped once, by us, with no other reference, is reused; anything
 * else (the zero page, a page a fork shares, a page-cache page) copied.
 */
static vm_fault_t do_wp_page(struct vm_fault *vmf)
{
	struct page *page = vm_normal_page(vmf->vma, vmf->address, vmf->orig_pte);

	if (vmf->vma->vm_flags & VM_SHARED)
		return wp_page_shared(vmf, page);
	if (page && PageAnon(page) && page_mapcount(page) == 1 && page_count(page) == 1)
		return wp_page_reuse(vmf, page, true);
	return wp_page_copy(vmf, page);
}

/*
 * The pte decides: none -> first touch (anonymous or a backer's page);
 * present and a write to a read-only pte -> copy-on-write; present and
 * allowed -> a stale TLB entry (another path changed the pte), which a
 * flush of the one address fixes (Linux: the spurious-fault case).
 */
static vm_fault_t handle_pte_fault(struct vm_fault *vmf)
{
	vmf->orig_pte = ptep_get(vmf->pte);
	if (pte_none(vmf->orig_pte))
		return vmf->vma->vm_ops ? do_fault(vmf) : do_anonymous_page(vmf);
	if ((vmf->flags & FAULT_FLAG_WRITE) && !pte_write(vmf->orig_pte))
		return do_wp_page(vmf);
	flush_tlb_one_kernel(vmf->address);
	return 0;
}

/* Walk to the pte, allocating the pud, pmd and pte tables on the way. */
static vm_fault_t __handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
				    unsigned int flags, unsigned long ip)
{
	struct vm_fault vmf = {
		.vma = vma,
		.address = ALIGN_DOWN(address, PAGE_SIZE),
		.real_address = address,
		.ip = ip,
		.flags = flags,
		.pgoff = vma->vm_pgoff + ((ALIGN_DOWN(address, PAGE_SIZE) - vma->vm_start) >> PAGE_SHIFT),
	};

	vmf.pte = pte_alloc_map(vma->vm_mm, address);
	if (!vmf.pte)
		return VM_FAULT_OOM;
	return handle_pte_fault(&vmf);
}

/*
 * The entry from the architecture's fault handler, after it checked the
 * access against the VMA: count the fault (the task's min_flt or
 * maj_flt, the PGFAULT event is counted by the caller), then resolve it.
 */
vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			   unsigned int flags, struct pt_regs *regs)
{
	vm_fault_t ret = __handle_mm_fault(vma, address, flags, regs ? regs->rip : 0);

	if (regs && !(ret & VM_FAULT_ERROR)) {
		if (ret & VM_FAULT_MAJOR)
			current->maj_flt++;
		else
			current->min_flt++;
	}
	update_hiwater_rss(vma->vm_mm);
	return ret;
}

int fixup_user_fault(struct mm_struct *mm, unsigned long address, unsigned int fault_flags)
{
	struct vm_area_struct *vma = find_vma(mm, address);
	vm_fault_t ret;

	if (!vma || vma->vm_start > address)
		return -EFAULT;
	if ((fault_flags & FAULT_FLAG_WRITE) && !(vma->vm_flags & VM_WRITE))
		return -EFAULT;
	ret = handle_mm_fault(vma, address, fault_flags, NULL);
	if (ret & VM_FAULT_OOM)
		return -ENOMEM;
	return (ret & VM_FAULT_ERROR) ? -EFAULT : 0;
}
