/*
 * asm/pgtable_types.h - x86_64 page-table entry bits and table geometry
 * (Intel SDM vol. 3, 4.5: 4-level paging).  Issue 4 builds Linux's full
 * page-table API (pte_present(), mk_pte(), ...) on top of these.
 *
 * A virtual address splits into four 9-bit table indices and a 12-bit
 * offset:  PGD (PML4) [47:39]  PUD (PDPT) [38:30]  PMD (PD) [29:21]
 * PTE (PT) [20:12]  offset [11:0].  An entry with _PAGE_PSE at PUD level
 * maps 1 GiB, at PMD level 2 MiB.
 */
#ifndef ASM_PGTABLE_TYPES_H
#define ASM_PGTABLE_TYPES_H

#include <mneme/types.h>

#define _PAGE_PRESENT	(1UL << 0)
#define _PAGE_RW	(1UL << 1)	/* writable */
#define _PAGE_USER	(1UL << 2)	/* ring 3 may access */
#define _PAGE_PWT	(1UL << 3)	/* write-through */
#define _PAGE_PCD	(1UL << 4)	/* cache disabled */
#define _PAGE_ACCESSED	(1UL << 5)	/* set by the CPU on access */
#define _PAGE_DIRTY	(1UL << 6)	/* set by the CPU on write */
#define _PAGE_PSE	(1UL << 7)	/* huge page (PUD/PMD level) */
#define _PAGE_GLOBAL	(1UL << 8)	/* survives CR3 switches */
/*
 * A user pte of a PROT_NONE VMA: _PAGE_PRESENT clear, so every access
 * faults (the kernel's too), and the global bit, which user ptes never
 * use, set to say that it still maps its page (Linux: _PAGE_PROTNONE).
 */
#define _PAGE_PROTNONE	_PAGE_GLOBAL
#define _PAGE_NX	(1UL << 63)	/* no execute (needs EFER.NXE) */

#define PTE_PFN_MASK	0x000ffffffffff000UL	/* physical address bits 51:12 */

#define PGDIR_SHIFT	39
#define PUD_SHIFT	30
#define PMD_SHIFT	21
#define PUD_SIZE	(1UL << PUD_SHIFT)
#define PMD_SIZE	(1UL << PMD_SHIFT)
#define PTRS_PER_TABLE	512

#define pgd_index(va)	(((va) >> PGDIR_SHIFT) & (PTRS_PER_TABLE - 1))
#define pud_index(va)	(((va) >> PUD_SHIFT) & (PTRS_PER_TABLE - 1))
#define pmd_index(va)	(((va) >> PMD_SHIFT) & (PTRS_PER_TABLE - 1))
#define pte_index(va)	(((va) >> 12) & (PTRS_PER_TABLE - 1))	/* 12 = PAGE_SHIFT */

/*
 * Kernel mappings: global, accessed/dirty preset so the CPU never writes
 * them.  As in Linux, everything but _RX carries _PAGE_NX; mask with
 * supported_pte_mask, which drops NX on a CPU without it.
 */
#define __PAGE_KERNEL_BASE	(_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_GLOBAL)
#define __PAGE_KERNEL_RO	(__PAGE_KERNEL_BASE | _PAGE_NX)
#define __PAGE_KERNEL_RX	(__PAGE_KERNEL_BASE)
#define __PAGE_KERNEL		(__PAGE_KERNEL_BASE | _PAGE_RW | _PAGE_DIRTY | _PAGE_NX)
#define _KERNPG_TABLE		(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)

#endif
