/*
 * mmzone.h - zones and their free lists.
 *
 * Physical memory is split by address into zones, because some devices can
 * only reach low memory:
 *
 *   ZONE_DMA     0 .. 16 MiB    ISA DMA (24 address bits)
 *   ZONE_DMA32   16 MiB .. 4 GiB  32-bit PCI DMA
 *   ZONE_NORMAL  4 GiB ..       everything else; empty on small machines
 *
 * (32-bit Linux also has ZONE_HIGHMEM: RAM the kernel cannot keep mapped
 * in its 1 GiB of address space.  A 64-bit kernel maps all RAM at
 * PAGE_OFFSET, so x86_64 has none; docs/physical-memory.md explains.)
 *
 * Each zone runs its own buddy allocator: free_area[order] lists the free
 * blocks of 2^order pages, naturally aligned (the block's first pfn is a
 * multiple of 2^order relative to pfn 0).  Order-0 pages are cached per CPU
 * (struct per_cpu_pages) so most single-page allocations and frees touch no
 * shared list.  One CPU today, so one pcp per zone.
 *
 * Watermarks (in pages): an allocation that would leave fewer than
 * WMARK_LOW free pages takes the slow path (wake reclaim, later);
 * WMARK_MIN is the floor for ordinary allocations, which only __GFP_HIGH
 * callers may go below; WMARK_HIGH is where reclaim will stop.
 * lowmem_reserve[j] is how many extra pages this zone keeps free against
 * allocations that could have used zone j (a higher zone), so GFP_KERNEL
 * cannot eat the DMA zone.  Linux: include/linux/mmzone.h.
 */
#ifndef MNEME_MMZONE_H
#define MNEME_MMZONE_H

#include <mneme/list.h>
#include <mneme/mm_types.h>
#include <mneme/types.h>

#define MAX_ORDER		10	/* largest block: 2^10 pages = 4 MiB */
#define NR_PAGE_ORDERS		(MAX_ORDER + 1)
#define MAX_ORDER_NR_PAGES	(1UL << MAX_ORDER)

enum zone_type {
	ZONE_DMA,
	ZONE_DMA32,
	ZONE_NORMAL,
	MAX_NR_ZONES,
};

#define MAX_DMA_PFN	((16UL << 20) >> 12)	/* 16 MiB */
#define MAX_DMA32_PFN	((4UL << 30) >> 12)	/* 4 GiB */

enum zone_watermarks {
	WMARK_MIN,
	WMARK_LOW,
	WMARK_HIGH,
	NR_WMARK,
};

/* Per-zone counters (Linux: enum zone_stat_item). */
enum zone_stat_item {
	NR_FREE_PAGES,		/* pages in the buddy free lists */
	NR_ZONE_ALLOC,		/* pages handed out (pgalloc_<zone>) */
	NR_ZONE_FREE,		/* pages given back */
	NR_VM_ZONE_STAT_ITEMS,
};

struct free_area {
	struct list_head free_list;
	unsigned long nr_free;		/* blocks (not pages) on free_list */
};

struct per_cpu_pages {
	int count;			/* pages on list */
	int high;			/* above this, give batch back */
	int batch;			/* pages moved to/from the buddy at once */
	bool enabled;			/* false: order-0 goes straight to the buddy */
	struct list_head list;
};

struct zone {
	const char *name;
	unsigned long _watermark[NR_WMARK];
	long lowmem_reserve[MAX_NR_ZONES];
	unsigned long zone_start_pfn;
	unsigned long spanned_pages;	/* zone_end_pfn - zone_start_pfn */
	unsigned long present_pages;	/* RAM inside the span (no holes) */
	unsigned long managed_pages;	/* given to the buddy allocator */
	struct free_area free_area[NR_PAGE_ORDERS];
	struct per_cpu_pages pcp;
	long vm_stat[NR_VM_ZONE_STAT_ITEMS];
};

/*
 * The one memory node (Linux: struct pglist_data, one per NUMA node) and
 * its zonelist: zones in fallback order for each highest allowed zone.
 */
struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES];
	unsigned long node_start_pfn;
	unsigned long node_spanned_pages;
};

extern struct pglist_data contig_page_data;
#define NODE_DATA(nid)		(&contig_page_data)

static inline unsigned long zone_end_pfn(const struct zone *z)
{
	return z->zone_start_pfn + z->spanned_pages;
}

static inline bool populated_zone(const struct zone *z)
{
	return z->present_pages != 0;
}

static inline unsigned long min_wmark_pages(const struct zone *z)
{
	return z->_watermark[WMARK_MIN];
}

static inline unsigned long low_wmark_pages(const struct zone *z)
{
	return z->_watermark[WMARK_LOW];
}

static inline unsigned long high_wmark_pages(const struct zone *z)
{
	return z->_watermark[WMARK_HIGH];
}

static inline unsigned long zone_page_state(const struct zone *z,
					    enum zone_stat_item item)
{
	long v = z->vm_stat[item];

	return v < 0 ? 0 : (unsigned long)v;
}

#define for_each_zone(z)						\
	for (z = contig_page_data.node_zones;				\
	     z < contig_page_data.node_zones + MAX_NR_ZONES; z++)

#endif
