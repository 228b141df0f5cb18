/*
 * mm_types.h - struct page: one for every physical page frame.
 *
 * mem_map[pfn] describes frame pfn.  Size matters: there is one per 4 KiB
 * of RAM, so every byte here costs 256 KiB per GiB of RAM.  This struct is
 * 56 bytes, so mem_map takes 14 MiB per GiB (1.4 %); Linux squeezes its
 * struct page into 64 bytes with unions, one layout per owner (slab,
 * page cache, buddy); we keep plain fields and reuse them by owner:
 *
 *   owner         lru                 private          mapping / index
 *   free (buddy)  free_area list      order            -
 *   slab          partial list        (issue 4)        cache / in-use
 *   page cache    LRU list            buffer state     address_space / offset
 *   anonymous     LRU list            swap entry       anon_vma / offset
 *
 * Invariants: _refcount is 0 exactly when the page is free (in the buddy
 * allocator or on a per-CPU list); _mapcount is -1 when no page table maps
 * the page (Linux's convention, so "mapped once" is 0); PG_buddy is set
 * only on the first page of a free buddy block, with its order in private.
 */
#ifndef MNEME_MM_TYPES_H
#define MNEME_MM_TYPES_H

#include <mneme/list.h>
#include <mneme/types.h>

struct address_space;

struct page {
	unsigned long flags;		/* PG_* bits, zone number on top */
	int _refcount;			/* users of the page; 0 = free */
	int _mapcount;			/* page-table mappings - 1 */
	struct address_space *mapping;	/* page cache / anon owner */
	unsigned long index;		/* offset within mapping */
	unsigned long private;		/* buddy order; later owner data */
	struct list_head lru;		/* free list, LRU or slab list */
};

#endif
