/*
 * memblock.h - the boot-time memory manager.
 *
 * Before the buddy allocator exists, physical memory is two lists of
 * address ranges: `memory` (RAM the firmware says is usable) and
 * `reserved` (what is already in use: the kernel image, the boot
 * information, modules, low memory, and everything memblock itself has
 * handed out).  Free memory is memory minus reserved.  Boot code allocates
 * page tables and mem_map from it; mem_init() then gives every free range
 * to the buddy allocator and memblock is not used again.
 *
 *	memblock_add(base, size)		RAM, from the memory map
 *	memblock_reserve(base, size)		in use, never to be allocated
 *	memblock_remove(base, size)		no longer RAM (mem=)
 *	memblock_phys_alloc(size, align)	reserve and return a free range,
 *						highest address first; 0 if none
 *	memblock_alloc(size, align)		the same, zeroed, by direct-map
 *						address; NULL if none
 *	for_each_free_mem_range(i, &s, &e)	memory minus reserved, ascending
 *
 * Linux: include/linux/memblock.h (without NUMA nodes, region flags and
 * array resizing; see mm/memblock.c).
 */
#ifndef MNEME_MEMBLOCK_H
#define MNEME_MEMBLOCK_H

#include <mneme/types.h>

#define INIT_MEMBLOCK_REGIONS		128	/* entries in each table */

#define PHYS_ADDR_MAX			(~(phys_addr_t)0)
/* current_limit when nothing limits allocation */
#define MEMBLOCK_ALLOC_ANYWHERE		PHYS_ADDR_MAX
/* memblock_phys_alloc() stays above the BIOS/real-mode first MiB */
#define MEMBLOCK_LOW_LIMIT		((phys_addr_t)0x100000)

/* One range [base, base + size) of a table. */
struct memblock_region {
	phys_addr_t base;
	phys_addr_t size;
};

/* A table: regions[0 .. cnt) sorted by base, disjoint, never touching. */
struct memblock_type {
	unsigned long cnt;		/* regions in use */
	unsigned long max;		/* capacity of regions[] */
	phys_addr_t total_size;		/* sum of the regions' sizes */
	struct memblock_region *regions;
	const char *name;		/* "memory" or "reserved" */
};

struct memblock {
	phys_addr_t current_limit;	/* allocations end below this */
	struct memblock_type memory;
	struct memblock_type reserved;
};

extern struct memblock memblock;

/* Each returns 0, or -ENOMEM when the table has no room (nothing changed). */
int memblock_add(phys_addr_t base, phys_addr_t size);
int memblock_reserve(phys_addr_t base, phys_addr_t size);
int memblock_remove(phys_addr_t base, phys_addr_t size);

/* mem=: keep only the first limit bytes of RAM, by address. */
void memblock_enforce_memory_limit(phys_addr_t limit);

/*
 * The highest free range of size bytes, aligned to align (a power of two;
 * 0 means PAGE_SIZE), inside [start, end) and below current_limit, now
 * reserved.  Returns its physical address, or 0 when there is none.
 */
phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end);
phys_addr_t memblock_phys_alloc(phys_addr_t size, phys_addr_t align);
/* memblock_phys_alloc(), zeroed, by its direct-map (__va) address. */
void *memblock_alloc(phys_addr_t size, phys_addr_t align);
void memblock_set_current_limit(phys_addr_t limit);

phys_addr_t memblock_start_of_DRAM(void);	/* 0 when there is no memory */
phys_addr_t memblock_end_of_DRAM(void);		/* one past the last byte */
phys_addr_t memblock_phys_mem_size(void);	/* memory.total_size */
phys_addr_t memblock_reserved_size(void);	/* reserved.total_size */
bool memblock_is_memory(phys_addr_t addr);
bool memblock_is_reserved(phys_addr_t addr);

/*
 * The free ranges (in memory, not reserved) in ascending order.  *idx
 * starts at 0 and is the iterator's state; returns false when done.
 */
bool __next_free_mem_range(u64 *idx, phys_addr_t *out_start,
			   phys_addr_t *out_end);

#define for_each_free_mem_range(i, p_start, p_end)			\
	for (i = 0; __next_free_mem_range(&i, p_start, p_end);)

#define for_each_mem_region(rgn)					\
	for (rgn = memblock.memory.regions;				\
	     rgn < memblock.memory.regions + memblock.memory.cnt; rgn++)

#define for_each_reserved_mem_region(rgn)				\
	for (rgn = memblock.reserved.regions;				\
	     rgn < memblock.reserved.regions + memblock.reserved.cnt; rgn++)

/* Both tables to the log, like Linux's memblock=debug. */
void memblock_dump_all(void);

#endif
