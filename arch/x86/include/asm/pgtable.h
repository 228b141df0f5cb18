/*
 * asm/pgtable.h - x86_64 page-table entries as Linux's small value types,
 * and the accessors mm/ uses on them.  mm/ reaches them through
 * <mneme/pgtable.h> and never reads an entry's bits by hand.
 *
 * Each level's entry is a struct around one unsigned long, so the
 * compiler refuses a pmd where a pte is wanted.  Four levels:
 *
 *	pgd_t  (PML4 entry, 512 GiB)  ->  p4d_t (folded: the pgd entry itself)
 *	pud_t  (PDPT entry, 1 GiB; a leaf when _PAGE_PSE is set)
 *	pmd_t  (PD entry,   2 MiB; a leaf when _PAGE_PSE is set)
 *	pte_t  (PT entry,   4 KiB)
 *
 * Linux runs 4-level x86_64 with 5-level code and "folds" the p4d level
 * away: p4d_offset() returns the pgd entry, cast.  We keep that name so
 * a walk reads pgd -> p4d -> pud -> pmd -> pte as in Linux.
 *
 * Pure bit work, no instructions: host tests compile this too.
 * Linux: arch/x86/include/asm/pgtable.h, pgtable_64.h, pgtable_types.h.
 */
#ifndef ASM_PGTABLE_H
#define ASM_PGTABLE_H

#include <asm/pgtable_types.h>
#include <mneme/mm_early.h>
#include <mneme/types.h>

typedef struct { unsigned long pgd; } pgd_t;
typedef struct { pgd_t pgd; } p4d_t;
typedef struct { unsigned long pud; } pud_t;
typedef struct { unsigned long pmd; } pmd_t;
typedef struct { unsigned long pte; } pte_t;
typedef struct { unsigned long pgprot; } pgprot_t;

#define pgd_val(x)	((x).pgd)
#define p4d_val(x)	((x).pgd.pgd)
#define pud_val(x)	((x).pud)
#define pmd_val(x)	((x).pmd)
#define pte_val(x)	((x).pte)
#define pgprot_val(x)	((x).pgprot)
#define __pgd(x)	((pgd_t){ (x) })
#define __pud(x)	((pud_t){ (x) })
#define __pmd(x)	((pmd_t){ (x) })
#define __pte(x)	((pte_t){ (x) })
#define __pgprot(x)	((pgprot_t){ (x) })

#define PTRS_PER_PGD	PTRS_PER_TABLE
#define PTRS_PER_PUD	PTRS_PER_TABLE
#define PTRS_PER_PMD	PTRS_PER_TABLE
#define PTRS_PER_PTE	PTRS_PER_TABLE
#define PGDIR_SIZE	(1UL << PGDIR_SHIFT)
#define PGDIR_MASK	(~(PGDIR_SIZE - 1))
#define PUD_MASK	(~(PUD_SIZE - 1))
#define PMD_MASK	(~(PMD_SIZE - 1))
#define KERNEL_PGD_BOUNDARY	(PTRS_PER_PGD / 2)	/* entries 256..511: the kernel half */

/*
 * The vmalloc area (Linux's 4-level layout: 32 TiB from
 * 0xffffc90000000000; Linux's VMALLOC_END is the last byte, ours is
 * one past it).  Its PGD entries are filled at boot (vmalloc_init()).
 */
#define VMALLOC_START	0xffffc90000000000UL
#define VMALLOC_SIZE	(32UL << 40)
#define VMALLOC_END	(VMALLOC_START + VMALLOC_SIZE)

/* The first address user space may not use (Linux's value, 4-level paging). */
#define TASK_SIZE_MAX	((1UL << 47) - PAGE_SIZE)

/*
 * Upper-level entries over user memory also carry _PAGE_USER: the CPU
 * lets ring 3 (and counts an address as "user" for SMAP) only when U/S
 * is set at every level of the walk.  Linux: _PAGE_TABLE.
 */
#define _PAGE_TABLE	(_KERNPG_TABLE | _PAGE_USER)

/* Protections for kernel mappings (supported_pte_mask drops NX without it). */
extern unsigned long __supported_pte_mask;
#define PAGE_KERNEL	__pgprot(__PAGE_KERNEL & __supported_pte_mask)
#define PAGE_KERNEL_RO	__pgprot(__PAGE_KERNEL_RO & __supported_pte_mask)
#define PAGE_KERNEL_EXEC __pgprot(__PAGE_KERNEL_RX | _PAGE_RW | _PAGE_DIRTY)
#define PAGE_KERNEL_RX	__pgprot(__PAGE_KERNEL_RX)
#define PAGE_NONE	__pgprot(0)
/* User mappings (issue 5 on): read/write and read-only, never executable. */
#define PAGE_SHARED	__pgprot((_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_NX) & __supported_pte_mask)
#define PAGE_READONLY	__pgprot((_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | _PAGE_NX) & __supported_pte_mask)

/* The kernel's top-level table (CR3 of every kernel-only context). */
extern pgd_t init_top_pgt[PTRS_PER_PGD];
#define swapper_pg_dir	init_top_pgt

/* ---- the pte level ------------------------------------------------------ */

static inline int pte_none(pte_t pte)     { return pte_val(pte) == 0; }
/* Maps a page: for the CPU (present) or for mm/ only (a PROT_NONE pte). */
static inline int pte_present(pte_t pte)  { return (pte_val(pte) & (_PAGE_PRESENT | _PAGE_PROTNONE)) != 0; }
static inline int pte_write(pte_t pte)    { return (pte_val(pte) & _PAGE_RW) != 0; }
static inline int pte_dirty(pte_t pte)    { return (pte_val(pte) & _PAGE_DIRTY) != 0; }
static inline int pte_young(pte_t pte)    { return (pte_val(pte) & _PAGE_ACCESSED) != 0; }
static inline int pte_exec(pte_t pte)     { return (pte_val(pte) & _PAGE_NX) == 0; }
static inline int pte_user(pte_t pte)     { return (pte_val(pte) & _PAGE_USER) != 0; }
static inline unsigned long pte_pfn(pte_t pte)
{
	return (pte_val(pte) & PTE_PFN_MASK) >> PAGE_SHIFT;
}
static inline pgprot_t pte_pgprot(pte_t pte)
{
	return __pgprot(pte_val(pte) & ~PTE_PFN_MASK);
}

static inline pte_t pte_set_flags(pte_t pte, unsigned long set)
{
	return __pte(pte_val(pte) | set);
}
static inline pte_t pte_clear_flags(pte_t pte, unsigned long clear)
{
	return __pte(pte_val(pte) & ~clear);
}
static inline pte_t pte_mkwrite(pte_t pte)    { return pte_set_flags(pte, _PAGE_RW); }
static inline pte_t pte_wrprotect(pte_t pte)  { return pte_clear_flags(pte, _PAGE_RW); }
static inline pte_t pte_mkdirty(pte_t pte)    { return pte_set_flags(pte, _PAGE_DIRTY); }
static inline pte_t pte_mkclean(pte_t pte)    { return pte_clear_flags(pte, _PAGE_DIRTY); }
static inline pte_t pte_mkyoung(pte_t pte)    { return pte_set_flags(pte, _PAGE_ACCESSED); }
static inline pte_t pte_mkold(pte_t pte)      { return pte_clear_flags(pte, _PAGE_ACCESSED); }
static inline pte_t pte_mkexec(pte_t pte)     { return pte_clear_flags(pte, _PAGE_NX); }
static inline pte_t pte_mknexec(pte_t pte)
{
	return pte_set_flags(pte, _PAGE_NX & __supported_pte_mask);
}

/*
 * What pte_modify() keeps: the frame, the caching bits, and the accessed
 * and dirty bits the CPU set (losing dirty would lose a write-back).
 */
#define _PAGE_CHG_MASK	(PTE_PFN_MASK | _PAGE_PCD | _PAGE_PWT | _PAGE_ACCESSED | _PAGE_DIRTY)

/* The same frame with new protection bits (Linux: pte_modify()). */
static inline pte_t pte_modify(pte_t pte, pgprot_t prot)
{
	return __pte((pte_val(pte) & _PAGE_CHG_MASK) | (pgprot_val(prot) & ~_PAGE_CHG_MASK));
}

static inline pte_t pfn_pte(unsigned long pfn, pgprot_t prot)
{
	return __pte(((unsigned long)pfn << PAGE_SHIFT) | pgprot_val(prot));
}

/*
 * Writing and clearing one entry.  A plain store: a single aligned
 * 64-bit write is atomic on x86, so the MMU never sees half an entry.
 * The caller flushes the TLB where a mapping lost rights or went away.
 */
static inline void set_pte(pte_t *ptep, pte_t pte)
{
	*(volatile unsigned long *)&ptep->pte = pte_val(pte);
}

static inline void pte_clear(pte_t *ptep)
{
	set_pte(ptep, __pte(0));
}

/*
 * Clear an entry and return what it held.  With user mappings the CPU
 * may set A/D between a read and a write, so Linux uses an atomic xchg;
 * we do the same so the dirty bit is never lost.
 */
static inline pte_t ptep_get_and_clear(pte_t *ptep)
{
	return __pte(__atomic_exchange_n(&ptep->pte, 0UL, __ATOMIC_SEQ_CST));
}

static inline pte_t ptep_get(const pte_t *ptep)
{
	return __pte(*(const volatile unsigned long *)&ptep->pte);
}

/* ---- the table levels ---------------------------------------------------- */

/* A table entry pointing to the next level's page (not a leaf). */
static inline int pmd_none(pmd_t pmd)    { return pmd_val(pmd) == 0; }
static inline int pmd_present(pmd_t pmd) { return (pmd_val(pmd) & _PAGE_PRESENT) != 0; }
static inline int pmd_leaf(pmd_t pmd)    { return (pmd_val(pmd) & (_PAGE_PRESENT | _PAGE_PSE)) == (_PAGE_PRESENT | _PAGE_PSE); }
static inline int pud_none(pud_t pud)    { return pud_val(pud) == 0; }
static inline int pud_present(pud_t pud) { return (pud_val(pud) & _PAGE_PRESENT) != 0; }
static inline int pud_leaf(pud_t pud)    { return (pud_val(pud) & (_PAGE_PRESENT | _PAGE_PSE)) == (_PAGE_PRESENT | _PAGE_PSE); }
static inline int pgd_none(pgd_t pgd)    { return pgd_val(pgd) == 0; }
static inline int pgd_present(pgd_t pgd) { return (pgd_val(pgd) & _PAGE_PRESENT) != 0; }
static inline int p4d_none(p4d_t p4d)    { return pgd_none(p4d.pgd); }
static inline int p4d_present(p4d_t p4d) { return pgd_present(p4d.pgd); }

/*
 * Is a pmd that should point to a pte table not one we could have
 * written?  A table entry carries _KERNPG_TABLE, plus _PAGE_USER above
 * user memory; anything else (a leaf included) is bad.  Linux's test.
 */
static inline int pmd_bad(pmd_t pmd)
{
	return (pmd_val(pmd) & ~PTE_PFN_MASK & ~(_PAGE_USER | _PAGE_ACCESSED)) !=
	       (_KERNPG_TABLE & ~_PAGE_ACCESSED);
}

static inline unsigned long pmd_pfn(pmd_t pmd) { return (pmd_val(pmd) & PTE_PFN_MASK) >> PAGE_SHIFT; }
static inline unsigned long pud_pfn(pud_t pud) { return (pud_val(pud) & PTE_PFN_MASK) >> PAGE_SHIFT; }
static inline unsigned long p4d_pfn(p4d_t p4d) { return (p4d_val(p4d) & PTE_PFN_MASK) >> PAGE_SHIFT; }

/* The virtual address of the table an entry points to. */
static inline pte_t *pmd_page_vaddr(pmd_t pmd) { return __va(pmd_val(pmd) & PTE_PFN_MASK); }
static inline pmd_t *pud_pgtable(pud_t pud)    { return __va(pud_val(pud) & PTE_PFN_MASK); }
static inline pud_t *p4d_pgtable(p4d_t p4d)    { return __va(p4d_val(p4d) & PTE_PFN_MASK); }

/* Point an upper entry at a table page (given by its direct-map address). */
static inline void pmd_populate_kernel(pmd_t *pmd, pte_t *table)
{
	*(volatile unsigned long *)&pmd->pmd = __pa(table) | _KERNPG_TABLE;
}
static inline void pud_populate(pud_t *pud, pmd_t *table)
{
	*(volatile unsigned long *)&pud->pud = __pa(table) | _KERNPG_TABLE;
}
static inline void p4d_populate(p4d_t *p4d, pud_t *table)
{
	*(volatile unsigned long *)&p4d->pgd.pgd = __pa(table) | _KERNPG_TABLE;
}
/* The same for tables over user memory (Linux: pmd_populate() and friends). */
static inline void pmd_populate(pmd_t *pmd, pte_t *table)
{
	*(volatile unsigned long *)&pmd->pmd = __pa(table) | _PAGE_TABLE;
}
static inline void pud_populate_user(pud_t *pud, pmd_t *table)
{
	*(volatile unsigned long *)&pud->pud = __pa(table) | _PAGE_TABLE;
}
static inline void p4d_populate_user(p4d_t *p4d, pud_t *table)
{
	*(volatile unsigned long *)&p4d->pgd.pgd = __pa(table) | _PAGE_TABLE;
}
static inline void p4d_clear(p4d_t *p4d) { *(volatile unsigned long *)&p4d->pgd.pgd = 0; }
static inline void pmd_clear(pmd_t *pmd) { *(volatile unsigned long *)&pmd->pmd = 0; }
static inline void pud_clear(pud_t *pud) { *(volatile unsigned long *)&pud->pud = 0; }

/* ---- from an address to its entry at each level ------------------------- */

static inline pgd_t *pgd_offset_pgd(pgd_t *pgd, unsigned long addr)
{
	return pgd + pgd_index(addr);
}
static inline p4d_t *p4d_offset(pgd_t *pgd, unsigned long addr)
{
	(void)addr;
	return (p4d_t *)pgd;		/* folded */
}
static inline pud_t *pud_offset(p4d_t *p4d, unsigned long addr)
{
	return p4d_pgtable(*p4d) + pud_index(addr);
}
static inline pmd_t *pmd_offset(pud_t *pud, unsigned long addr)
{
	return pud_pgtable(*pud) + pmd_index(addr);
}
static inline pte_t *pte_offset_kernel(pmd_t *pmd, unsigned long addr)
{
	return pmd_page_vaddr(*pmd) + pte_index(addr);
}

/* The end of the range [addr, end) that lies in the same entry's span. */
static inline unsigned long pgd_addr_end(unsigned long addr, unsigned long end)
{
	unsigned long boundary = (addr + PGDIR_SIZE) & PGDIR_MASK;

	return boundary - 1 < end - 1 ? boundary : end;
}
static inline unsigned long pud_addr_end(unsigned long addr, unsigned long end)
{
	unsigned long boundary = (addr + PUD_SIZE) & PUD_MASK;

	return boundary - 1 < end - 1 ? boundary : end;
}
static inline unsigned long pmd_addr_end(unsigned long addr, unsigned long end)
{
	unsigned long boundary = (addr + PMD_SIZE) & PMD_MASK;

	return boundary - 1 < end - 1 ? boundary : end;
}
#define p4d_addr_end(addr, end)	(end)	/* folded: one p4d per pgd */

#endif
