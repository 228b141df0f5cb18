/*
 * mm/slab_common.c - the allocator-independent half of the slab layer:
 * the kmalloc-N caches and kmalloc()'s size-to-cache mapping, krealloc(),
 * and /proc/slabinfo (get_slabinfo() counts a cache's free objects from
 * its slabs, read-only; Linux has it in mm/slub.c).  The allocator
 * itself (slabs, freelists, kfree()) is mm/slub.c.
 *
 * Data owned: slab_caches, the list of every cache (newest first), and
 * kmalloc_caches[], the kmalloc-N cache for each shift 3 .. 13, set once
 * by create_kmalloc_caches() from kmem_cache_init() and read-only after.
 * Locking: slab_caches changes only with interrupts off, in mm/slub.c
 * (Linux: slab_mutex).  Linux: mm/slab_common.c; it also has kmalloc-96
 * and kmalloc-192, per-zone (DMA) and per-memcg copies of the kmalloc
 * caches, and merges caches of similar size.
 */
#include <mneme/irqflags.h>
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/slab.h>
#include <mneme/sprintf.h>
#include <mneme/string.h>

#include "slab.h"

#define BITS_PER_LONG	(8 * (unsigned int)sizeof(long))

LIST_HEAD(slab_caches);
static struct kmem_cache *kmalloc_caches[KMALLOC_SHIFT_HIGH + 1];

/* Linux's names: kmalloc-1k, not kmalloc-1024. */
static const char *const kmalloc_names[KMALLOC_SHIFT_HIGH + 1] = {
	[3] = "kmalloc-8",	[4] = "kmalloc-16",	[5] = "kmalloc-32",
	[6] = "kmalloc-64",	[7] = "kmalloc-128",	[8] = "kmalloc-256",
	[9] = "kmalloc-512",	[10] = "kmalloc-1k",	[11] = "kmalloc-2k",
	[12] = "kmalloc-4k",	[13] = "kmalloc-8k",
};

/* The shift of the smallest power of two >= size (3 for 1 .. 8). */
static unsigned int kmalloc_index(size_t size)
{
	if (size <= KMALLOC_MIN_SIZE)
		return KMALLOC_SHIFT_LOW;
	return (unsigned int)(BITS_PER_LONG - __builtin_clzl(size - 1));
}

struct kmem_cache *kmalloc_slab(size_t size)
{
	return kmalloc_caches[kmalloc_index(size)];
}

void *kmalloc(size_t size, gfp_t gfp)
{
	struct kmem_cache *s;

	if (!size)
		return ZERO_SIZE_PTR;
	if (size > KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_large(size, gfp);
	s = kmalloc_slab(size);
	if (WARN_ON_ONCE(!s))		/* before kmem_cache_init() */
		return NULL;
	return __kmem_cache_alloc(s, gfp, _RET_IP_);	/* tracks kmalloc's caller */
}

/* Grow (or keep) an allocation; the contents up to the old size survive. */
void *krealloc(const void *x, size_t new_size, gfp_t gfp)
{
	size_t old_size;
	void *p;

	if (!new_size) {
		kfree(x);
		return ZERO_SIZE_PTR;
	}
	if (ZERO_OR_NULL_PTR(x))
		return kmalloc(new_size, gfp);
	old_size = ksize(x);
	if (!old_size)
		return NULL;
	if (new_size <= old_size)
		return (void *)x;
	p = kmalloc(new_size, gfp);
	if (!p)
		return NULL;
	memcpy(p, x, old_size);
	kfree(x);
	return p;
}

/*
 * Aligned to their size, as Linux does: kmalloc(2^n) is 2^n-aligned even
 * when slub_debug's red zone and tracks make the stride bigger.
 */
void create_kmalloc_caches(void)
{
	memset(kmalloc_caches, 0, sizeof(kmalloc_caches));
	for (unsigned int i = KMALLOC_SHIFT_LOW; i <= KMALLOC_SHIFT_HIGH; i++)
		kmalloc_caches[i] = kmem_cache_create(kmalloc_names[i], 1U << i,
						      1U << i, SLAB_KMALLOC | SLAB_PANIC,
						      NULL);
}

/* Free objects on the CPU slab: its freelist plus what came the slow way. */
static unsigned long count_cpu_free(const struct kmem_cache *s)
{
	const struct page *page = s->cpu_slab.page;
	unsigned long nr;
	void *p;

	if (!page)
		return 0;
	nr = page->objects - page->inuse;
	for (p = s->cpu_slab.freelist; p && nr < page->objects;
	     p = get_freepointer(s, p))
		nr++;
	return nr;
}

static unsigned long count_partial_free(const struct kmem_cache *s)
{
	const struct page *page;
	unsigned long nr = 0;

	list_for_each_entry(page, &s->partial, slab_list)
		nr += page->objects - page->inuse;
	return nr;
}

void get_slabinfo(struct kmem_cache *s, struct slabinfo *sinfo)
{
	unsigned long flags = local_irq_save();
	unsigned long nr_free = count_partial_free(s) + count_cpu_free(s);

	sinfo->num_objs = s->total_objects;
	sinfo->active_objs = s->total_objects - nr_free;
	sinfo->num_slabs = s->nr_slabs;
	sinfo->active_slabs = s->nr_slabs;
	sinfo->objects_per_slab = s->objects;
	sinfo->cache_order = s->order;
	local_irq_restore(flags);
}

/* Linux's /proc/slabinfo, version 2.1; Mneme has no tunables (all 0). */
int slabinfo_show(char *buf, size_t size)
{
	unsigned long flags = local_irq_save();
	struct slabinfo si;
	struct kmem_cache *s;
	int n;

	n = scnprintf(buf, size, "slabinfo - version: 2.1\n"
		      "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
	list_for_each_entry(s, &slab_caches, list) {
		get_slabinfo(s, &si);
		n += scnprintf(buf + n, size - n,
			       "%-17s %6lu %6lu %6u %4u %4u : tunables %4u %4u %4u : slabdata %6lu %6lu %6u\n",
			       s->name, si.active_objs, si.num_objs, s->size,
			       si.objects_per_slab, 1U << si.cache_order, 0U,
			       0U, 0U, si.active_slabs, si.num_slabs, 0U);
	}
	local_irq_restore(flags);
	return n;
}
