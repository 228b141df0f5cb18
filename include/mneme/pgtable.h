/*
 * pgtable.h - what mm/ may ask of the architecture's page tables.
 * Issue 4 grows this into Linux's full page-table API.
 */
#ifndef MNEME_PGTABLE_H
#define MNEME_PGTABLE_H

#include <mneme/types.h>

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
 * level it was found at; NULL when nothing maps va.
 */
u64 *lookup_address(unsigned long va, enum pg_level *level);
/* Physical address of the kernel's top-level table (what CR3 holds). */
phys_addr_t kernel_pgd_phys(void);

#endif
