/*
 * mm_types.h - struct page: one for every physical page frame.
 *
 * mem_map[pfn] describes frame pfn.  Size matters: there is one per 4 KiB
 * of RAM, so every byte here costs 256 KiB per GiB of RAM.  This struct is
 * 56 bytes, so mem_map takes 14 MiB per GiB (1.4 %).  As in Linux (64
 * bytes there), the words after the counts are a union with one layout
 * per owner; the owner is told by the flags (PG_buddy, PG_slab, ...):
 *
 *   owner            word 2 (+16)   word 3 (+24)  word 4 (+32)   words 5-6 (+40)
 *   free (buddy)     -              -             order          free_area list
 *   page cache       address_space  offset        buffer state   LRU list
 *   anonymous        anon_vma       offset        swap entry     LRU list
 *   slab (head)      slab_cache     freelist      inuse/objects  partial list
 *   slab or large    -              -             -              compound_head,
 *   kmalloc (tail)                                               head | 1
 *   large kmalloc    -              -             magic | order  -
 *   (head)
 *
 * A slab's fields overlay mapping/index/private/lru, so mm/slub.c clears
 * them (mapping back to NULL, tails' lru re-initialised) before it gives
 * the pages back: the buddy allocator checks mapping on every free.
 * compound_head overlays lru.next, whose bit 0 is clear in every other
 * use (a list pointer), which is how Linux tells tail pages apart too.
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
struct kmem_cache;

struct page {
	unsigned long flags;		/* PG_* bits, zone number on top */
	int _refcount;			/* users of the page; 0 = free */
	int _mapcount;			/* page-table mappings - 1 */
	union {
		struct {	/* buddy, page cache, anonymous */
			struct address_space *mapping;	/* page cache / anon owner */
			unsigned long index;		/* offset within mapping */
			unsigned long private;		/* buddy order; owner data */
			struct list_head lru;		/* free list or LRU */
		};
		struct {	/* first page of a slab (mm/slub.c) */
			struct kmem_cache *slab_cache;	/* the owning cache */
			void *freelist;			/* first free object */
			union {
				unsigned long counters;
				struct {
					unsigned int inuse:16;	/* objects handed out */
					unsigned int objects:15; /* objects in the slab */
					unsigned int frozen:1;	/* the CPU's slab */
				};
			};
			struct list_head slab_list;	/* cache's partial list */
		};
		struct {	/* other pages of a slab or large kmalloc */
			unsigned long _tail_pad[3];
			unsigned long compound_head;	/* head page | 1 */
		};
	};
};

_Static_assert(sizeof(struct page) == 56, "struct page must stay 56 bytes");

#endif
