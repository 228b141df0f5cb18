/*
 * page-flags.h - the PG_* bits of struct page and their accessors, named
 * as in Linux (include/linux/page-flags.h): PageBuddy(page),
 * SetPageReserved(page), ClearPageDirty(page), ...
 *
 * The top ZONES_WIDTH bits of page->flags hold the zone number
 * (page_zonenum()), so a page finds its zone without a lookup.
 */
#ifndef MNEME_PAGE_FLAGS_H
#define MNEME_PAGE_FLAGS_H

#include <mneme/mm_types.h>

enum pageflags {
	PG_locked,		/* under I/O or otherwise owned; wait for it */
	PG_referenced,		/* recently used (LRU second chance) */
	PG_uptodate,		/* contents valid (read from disk) */
	PG_dirty,		/* must be written back before reuse */
	PG_lru,			/* on an LRU list */
	PG_active,		/* on the active LRU list */
	PG_slab,		/* owned by the slab allocator */
	PG_reserved,		/* never freed: kernel image, firmware, holes */
	PG_private,		/* private holds owner data */
	PG_writeback,		/* being written to disk */
	PG_swapcache,		/* in the swap cache */
	PG_buddy,		/* first page of a free buddy block */
	PG_table,		/* a page-table page (Linux: the PageTable page type) */
	NR_PAGEFLAGS,
};

#define ZONES_WIDTH	2
#define ZONES_PGSHIFT	(sizeof(unsigned long) * 8 - ZONES_WIDTH)
#define ZONES_MASK	((1UL << ZONES_WIDTH) - 1)

#define PAGEFLAG(name, bit)						\
static inline bool Page##name(const struct page *page)			\
{ return page->flags & (1UL << PG_##bit); }				\
static inline void SetPage##name(struct page *page)			\
{ page->flags |= 1UL << PG_##bit; }					\
static inline void ClearPage##name(struct page *page)			\
{ page->flags &= ~(1UL << PG_##bit); }

PAGEFLAG(Locked, locked)
PAGEFLAG(Referenced, referenced)
PAGEFLAG(Uptodate, uptodate)
PAGEFLAG(Dirty, dirty)
PAGEFLAG(LRU, lru)
PAGEFLAG(Active, active)
PAGEFLAG(Slab, slab)
PAGEFLAG(Reserved, reserved)
PAGEFLAG(Private, private)
PAGEFLAG(Writeback, writeback)
PAGEFLAG(SwapCache, swapcache)
PAGEFLAG(Buddy, buddy)
PAGEFLAG(Table, table)
#undef PAGEFLAG

/* Flags a page must not carry when it is freed (Linux: PAGE_FLAGS_CHECK_AT_FREE). */
#define PAGE_FLAGS_CHECK_AT_FREE					\
	((1UL << PG_locked) | (1UL << PG_lru) | (1UL << PG_active) |	\
	 (1UL << PG_slab) | (1UL << PG_reserved) | (1UL << PG_private) |	\
	 (1UL << PG_writeback) | (1UL << PG_swapcache) | (1UL << PG_buddy) |	\
	 (1UL << PG_table))
/* Flags that must be clear on a page the allocator hands out. */
#define PAGE_FLAGS_CHECK_AT_PREP	(((1UL << NR_PAGEFLAGS) - 1) & ~(1UL << PG_referenced))

/* Names of the set flags, "reserved|buddy", into buf (for reports). */
int format_page_flags(char *buf, size_t size, unsigned long flags);

#endif
