/*
 * mm/slab.h - what mm/slub.c and mm/slab_common.c share, and nothing
 * outside mm/ may use.  Linux: mm/slab.h.
 */
#ifndef MNEME_MM_SLAB_H
#define MNEME_MM_SLAB_H

#include <mneme/gfp.h>
#include <mneme/list.h>
#include <mneme/types.h>

extern struct list_head slab_caches;	/* every cache; irqs off to change */

void create_kmalloc_caches(void);	/* kmalloc-8 ... kmalloc-8k */
void *kmalloc_large(size_t size, gfp_t gfp);	/* above kmalloc-8k: pages */

#endif
