/*
 * pgtable.h - the page-table interface mm/ uses; the only way in to the
 * architecture's tables.
 *
 * The entry types and their accessors (pte_t, pte_present(), mk_pte(),
 * pmd_offset(), ...) are Linux's and come from <asm/pgtable.h>.  Here
 * are the architecture-neutral parts:
 *
 *	pgd_offset(mm, addr), pgd_offset_k(addr)   the top-level entry
 *	pud_alloc(), pmd_alloc(), pte_alloc_kernel() the entry at the next
 *	                        level, allocating a missing table (mm/memory.c)
 *	apply_to_page_range()   call a function on every pte of a kernel range,
 *	                        allocating missing tables
 *	apply_to_existing_page_range()  the same, skipping holes
 *	free_empty_kernel_tables()  give back page-table pages left empty
 *
 * mm_struct: only the top-level table so far; the user-space issue adds
 * the rest.  init_mm describes the kernel's own address space.
 * Linux: include/linux/pgtable.h, include/linux/mm.h.
 */
#ifndef MNEME_PGTABLE_H
#define MNEME_PGTABLE_H

#include <asm/pgtable.h>
#include <mneme/rbtree.h>
#include <mneme/types.h>

struct page;
struct vm_area_struct;

/*
 * An address space: its page tables, its VMAs and the layout execve()
 * gave it.  (The VMA set of mm/vma.c is here, but mm/mmap.c does not use
 * it yet: user memory is still mapped eagerly, and the ranges below are
 * all the kernel consults until issue 6 wires the VMAs in.)
 */
struct mm_struct {
	/*
	 * The VMAs (mm/vma.c): sorted list from mmap, the same VMAs in the
	 * mm_rb tree; map_count of them; highest_vm_end is the end of the
	 * last (0 when none).  All zero (RB_ROOT) in a new mm.
	 */
	struct vm_area_struct *mmap;
	struct rb_root mm_rb;
	int map_count;
	unsigned long highest_vm_end;
	pgd_t *pgd;
	unsigned long nr_pgtables;	/* page-table pages below pgd */
	unsigned long hiwater_rss;	/* get_mm_rss()'s peak, noted before each unmap */
	/*
	 * Resident pages by kind (MM_FILEPAGES, MM_ANONPAGES, ...:
	 * <mneme/vmstat.h>), and the sizes of the VMAs in pages, by kind
	 * (Linux's counters behind /proc/<pid>/status).  Kept by mm/memory.c
	 * (rss_stat) and vm_stat_account() in mm/mmap.c (the sizes).
	 */
	long rss_stat[4];		/* NR_MM_COUNTERS */
	unsigned long total_vm, data_vm, exec_vm, stack_vm, hiwater_vm;
	unsigned long start_code, end_code, start_data, end_data;
	unsigned long start_brk, brk, start_stack;
	unsigned long mmap_base;	/* top of the top-down mmap search */
	unsigned long arg_start, arg_end, env_start, env_end;
};

extern struct mm_struct init_mm;	/* the kernel's (mm/init-mm.c) */

#define pgd_offset(mm, addr)	pgd_offset_pgd((mm)->pgd, (addr))
#define pgd_offset_k(addr)	pgd_offset(&init_mm, (addr))

/* struct page <-> pte (macros: they need <mneme/mm.h> where used). */
#define mk_pte(page, prot)	pfn_pte(page_to_pfn(page), (prot))
#define pte_page(pte)		pfn_to_page(pte_pfn(pte))

/* Allocate the table below an empty entry; 0 or -ENOMEM (mm/memory.c). */
int __pud_alloc(struct mm_struct *mm, p4d_t *p4d, unsigned long addr);
int __pmd_alloc(struct mm_struct *mm, pud_t *pud, unsigned long addr);
int __pte_alloc_kernel(pmd_t *pmd);
int __pte_alloc(struct mm_struct *mm, pmd_t *pmd);
/* After vmalloc_init() no new PGD entry may appear in the kernel half. */
extern bool kernel_pgd_frozen;

static inline pud_t *pud_alloc(struct mm_struct *mm, p4d_t *p4d, unsigned long addr)
{
	return (p4d_none(*p4d) && __pud_alloc(mm, p4d, addr)) ? NULL : pud_offset(p4d, addr);
}
static inline pmd_t *pmd_alloc(struct mm_struct *mm, pud_t *pud, unsigned long addr)
{
	return (pud_none(*pud) && __pmd_alloc(mm, pud, addr)) ? NULL : pmd_offset(pud, addr);
}
static inline pte_t *pte_alloc_kernel(pmd_t *pmd, unsigned long addr)
{
	return (pmd_none(*pmd) && __pte_alloc_kernel(pmd)) ? NULL : pte_offset_kernel(pmd, addr);
}

/* The 4 KiB pte for addr in mm, or NULL (no table, or a large page). */
pte_t *follow_pte(struct mm_struct *mm, unsigned long addr);

/* Called on one pte of a range; a non-zero return stops the walk. */
typedef int (*pte_fn_t)(pte_t *pte, unsigned long addr, void *data);

/*
 * Walk [addr, addr + size) of the kernel's tables, calling fn on each
 * pte.  The first allocates missing tables (-ENOMEM if it cannot); the
 * second skips ranges with no table.  Both refuse (-EINVAL) to walk
 * into a large-page leaf.  Return 0 or the first error.
 */
int apply_to_page_range(struct mm_struct *mm, unsigned long addr,
			unsigned long size, pte_fn_t fn, void *data);
int apply_to_existing_page_range(struct mm_struct *mm, unsigned long addr,
				 unsigned long size, pte_fn_t fn, void *data);

/*
 * Free the page tables under [addr, addr + size) that no longer map
 * anything.  PUD tables under the kernel half are never freed: every pgd
 * shares them (see vmalloc_init()); under the user half they are.
 * Returns the pages freed.
 */
unsigned long free_empty_kernel_tables(struct mm_struct *mm, unsigned long addr,
				       unsigned long size);

/* ---- arch/x86/mm: the kernel's own tables -------------------------------- */

enum pg_level {
	PG_LEVEL_NONE,
	PG_LEVEL_4K,
	PG_LEVEL_2M,
	PG_LEVEL_1G,
};

/*
 * Build the kernel's own page tables (direct map of all RAM with the
 * largest pages the CPU has, the kernel image with per-section
 * permissions), switch to them and free the boot tables.  Needs memblock.
 */
void init_mem_mapping(void);
/* Give the boot page tables back, once mem_map and the buddy exist. */
void free_boot_page_tables(void);
/*
 * The entry mapping kernel address va in the kernel page tables, and the
 * level it was found at (a pte_t * to a pmd or pud leaf for 2M/1G, as in
 * Linux); NULL when nothing maps va.
 */
pte_t *lookup_address(unsigned long va, enum pg_level *level);
/* Physical address of the kernel's top-level table (what CR3 holds). */
phys_addr_t kernel_pgd_phys(void);

/*
 * A process's PGD: user half empty, kernel half shared with init_mm
 * (arch/x86/mm/pgtable.c).  pgd_free() wants the user half emptied first.
 */
pgd_t *pgd_alloc(struct mm_struct *mm);
void pgd_free(struct mm_struct *mm);
/* Load mm's page tables into CR3 (NULL: init_mm's), if not loaded yet. */
void switch_mm(struct mm_struct *next);

/*
 * Print the walk from CR3 to the entry for addr, each level's entry with
 * its flags decoded (arch/x86/mm/fault.c).  The page-fault oops uses it.
 */
void dump_pagetable(unsigned long addr);

/*
 * Change the protection of numpages 4 KiB pages of a kernel mapping at
 * addr (vmalloc or image; not the large-page direct map): 0, -EINVAL for
 * a misaligned address, a hole or a large page.  The TLB is flushed.
 * Linux: arch/x86/mm/pat/set_memory.c (which also splits large pages).
 */
int set_memory_ro(unsigned long addr, int numpages);
int set_memory_rw(unsigned long addr, int numpages);
int set_memory_nx(unsigned long addr, int numpages);
int set_memory_x(unsigned long addr, int numpages);

#endif
