/*
 * mm/slab.h - what mm/slub.c, mm/slub_debug.c and mm/slab_common.c share,
 * and nothing outside mm/ may use.  Linux: mm/slab.h, and the free-pointer
 * helpers of mm/slub.c.
 */
#ifndef MNEME_MM_SLAB_H
#define MNEME_MM_SLAB_H

#include <mneme/gfp.h>
#include <mneme/list.h>
#include <mneme/mm.h>
#include <mneme/slab.h>
#include <mneme/types.h>

/* The caller of the function this is written in (Linux: <linux/instruction_pointer.h>). */
#define _RET_IP_	((unsigned long)__builtin_return_address(0))

/*
 * Set by slub_debug on a poisoned cache without a constructor: its free
 * objects hold POISON_FREE (Linux's internal flag and value).
 */
#define __OBJECT_POISON	0x80000000U

extern struct list_head slab_caches;	/* every cache; irqs off to change */

void create_kmalloc_caches(void);	/* kmalloc-8 ... kmalloc-8k */
void *kmalloc_large(size_t size, gfp_t gfp);	/* above kmalloc-8k: pages */
/* kmem_cache_alloc() for kmalloc(), which knows who called it. */
void *__kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp, unsigned long caller);

/* ---- free pointers (mm/slub.c's header comment says why XOR) ---------- */

static inline void *freelist_ptr(const struct kmem_cache *s, void *ptr,
				 unsigned long ptr_addr)
{
	return (void *)((unsigned long)ptr ^ s->random ^ ptr_addr);
}

static inline void *get_freepointer(const struct kmem_cache *s, void *object)
{
	unsigned long addr = (unsigned long)object + s->offset;

	return freelist_ptr(s, *(void **)addr, addr);
}

static inline void set_freepointer(const struct kmem_cache *s, void *object,
				   void *fp)
{
	unsigned long addr = (unsigned long)object + s->offset;

	*(void **)addr = freelist_ptr(s, fp, addr);
}

static inline void *slab_address(const struct page *page)
{
	return page_address(page);
}

/* ---- slub_debug (mm/slub_debug.c) ------------------------------------- */

/* SLAB_STORE_USER: who last allocated / freed an object, and when. */
struct track {
	unsigned long addr;		/* the caller of kmalloc/kfree... */
	u64 when_ns;			/* ktime_get_ns() then */
};

enum track_item { TRACK_ALLOC, TRACK_FREE };

/* Whether the cache takes the debug paths (Linux: kmem_cache_debug()). */
static inline bool kmem_cache_debug(const struct kmem_cache *s)
{
	return s->flags & SLAB_DEBUG_FLAGS;
}

void slub_debug_setup(void);		/* read slub_debug= */
/* flags plus what slub_debug= asks for the cache called name. */
unsigned int kmem_cache_flags(const char *name, unsigned int flags);

void setup_slab_debug(struct kmem_cache *s, struct page *page);
void setup_object_debug(struct kmem_cache *s, void *object);
void slab_pad_check(struct kmem_cache *s, struct page *page);
/* Check an object leaving / entering the freelist; false: do not use / free it. */
bool alloc_debug_processing(struct kmem_cache *s, struct page *page,
			    void *object, unsigned long caller);
bool free_debug_processing(struct kmem_cache *s, struct page *page,
			   void *object, unsigned long caller);
/* A free refused before it reached a slab (page may be NULL). */
void slub_report_bad_free(struct kmem_cache *s, struct page *page,
			  const void *x, const char *reason, unsigned long caller);

#endif
