/*
 * slab.h - object caches (SLUB) and kmalloc.
 *
 *	kmem_cache_create(name, size, align, flags, ctor)   a cache of objects
 *	kmem_cache_alloc(s, gfp) / kmem_cache_zalloc(s, gfp) one object, or NULL
 *	kmem_cache_free(s, obj)                              give it back
 *	kmem_cache_destroy(s)                                all objects must be free
 *	kmem_cache_shrink(s)                                 give its empty slabs back
 *	kmalloc(size, gfp), kzalloc, kmalloc_array, kcalloc, krealloc, kfree, ksize
 *
 * kmalloc() rounds up to a power of two, kmalloc-8 ... kmalloc-8k
 * (Linux's cache names), and takes bigger sizes straight from the page
 * allocator; its memory is aligned to that power of two, or to a page
 * above 8 KiB.  kmalloc(0) returns ZERO_SIZE_PTR (not NULL, not usable),
 * as in Linux; kfree() and ksize() accept it and NULL.  A cache keeps
 * the name pointer: pass a string that lives as long as the cache (Linux
 * copies it).
 *
 * slub_debug: a cache created with SLAB_RED_ZONE, SLAB_POISON,
 * SLAB_STORE_USER or SLAB_CONSISTENCY_CHECKS (or named by slub_debug= on
 * the command line) checks every allocation and free and reports damage
 * in Linux's "BUG <cache>: ..." format (mm/slub_debug.c).
 *
 * struct kmem_cache is here, not private to mm/slub.c, so reports and
 * tests can read it (Linux: include/linux/slub_def.h); only mm/slub.c
 * writes it.  Linux: include/linux/slab.h.
 */
#ifndef MNEME_SLAB_H
#define MNEME_SLAB_H

#include <mneme/gfp.h>
#include <mneme/list.h>
#include <mneme/types.h>

/* kmem_cache_create() flags (Linux's values). */
#define SLAB_HWCACHE_ALIGN	0x00002000U	/* align objects to a cache line */
#define SLAB_PANIC		0x00040000U	/* panic if the cache cannot be made */
#define SLAB_KMALLOC		0x00001000U	/* one of the kmalloc-N caches */

/* slub_debug (Linux's values; the letter is slub_debug='s). */
#define SLAB_CONSISTENCY_CHECKS	0x00000100U	/* F: slab, freelist, double-free checks */
#define SLAB_RED_ZONE		0x00000400U	/* Z: guard bytes after each object */
#define SLAB_POISON		0x00000800U	/* P: fill free objects with 0x6b */
#define SLAB_STORE_USER		0x00010000U	/* U: remember who allocated and freed */
#define SLAB_DEBUG_FLAGS	(SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | \
				 SLAB_POISON | SLAB_STORE_USER)

#define KMALLOC_SHIFT_LOW	3		/* smallest cache: kmalloc-8 */
#define KMALLOC_SHIFT_HIGH	13		/* largest cache: kmalloc-8192 */
#define KMALLOC_MIN_SIZE	(1UL << KMALLOC_SHIFT_LOW)
#define KMALLOC_MAX_CACHE_SIZE	(1UL << KMALLOC_SHIFT_HIGH)

/* kmalloc(0): a non-NULL pointer that faults when used (Linux's value). */
#define ZERO_SIZE_PTR		((void *)16)
#define ZERO_OR_NULL_PTR(x)	((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

struct page;

/* The one CPU's active slab (Linux: struct kmem_cache_cpu, per CPU). */
struct kmem_cache_cpu {
	void *freelist;			/* next free object of page (obfuscated chain) */
	struct page *page;		/* the CPU slab, frozen; or NULL */
};

struct kmem_cache {
	struct kmem_cache_cpu cpu_slab;
	unsigned int size;		/* object stride: object, free pointer, padding */
	unsigned int object_size;	/* what the creator asked for */
	unsigned int offset;		/* free pointer's offset in a free object */
	unsigned int inuse;		/* object + red zone: where metadata starts */
	unsigned int align;
	unsigned int order;		/* a slab is 2^order pages */
	unsigned int objects;		/* objects per slab */
	unsigned int min_partial;	/* empty slabs kept while nr_partial < this */
	unsigned int flags;		/* SLAB_* */
	unsigned long random;		/* freelist pointer obfuscation key */
	void (*ctor)(void *object);
	const char *name;
	struct list_head list;		/* on slab_caches */
	/* Linux keeps these per NUMA node (struct kmem_cache_node). */
	struct list_head partial;	/* slabs with free objects, not the CPU's */
	unsigned long nr_partial;
	unsigned long nr_slabs;		/* all slabs: CPU, partial and full */
	unsigned long total_objects;	/* objects in all slabs */
};

/* Linux's struct slabinfo (mm/slab.h): one /proc/slabinfo line. */
struct slabinfo {
	unsigned long active_objs;
	unsigned long num_objs;
	unsigned long active_slabs;
	unsigned long num_slabs;
	unsigned int objects_per_slab;
	unsigned int cache_order;
};

/* Totals for show_free_areas(). */
struct slab_totals {
	unsigned long nr_caches;
	unsigned long slab_pages;		/* pages in slabs */
	unsigned long large_kmalloc_pages;	/* kmalloc() > 8 KiB, from the buddy */
	unsigned long active_objs;		/* objects allocated, all caches */
};

void kmem_cache_init(void);		/* end of mem_init(): the kmalloc caches */

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, unsigned int flags,
				     void (*ctor)(void *));
void kmem_cache_destroy(struct kmem_cache *s);
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp);
void kmem_cache_free(struct kmem_cache *s, void *object);
/* Give every empty slab back to the page allocator; 0 if no slab is left. */
int kmem_cache_shrink(struct kmem_cache *s);
void kmem_cache_shrink_all(void);	/* kmem_cache_shrink() every cache */

static inline void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t gfp)
{
	return kmem_cache_alloc(s, gfp | __GFP_ZERO);
}

void *kmalloc(size_t size, gfp_t gfp);
void kfree(const void *object);
size_t ksize(const void *object);
void *krealloc(const void *object, size_t new_size, gfp_t gfp);

static inline void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

/* n * size bytes, or NULL if that overflows. */
static inline void *kmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return kmalloc(bytes, gfp);
}

static inline void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	return kmalloc_array(n, size, gfp | __GFP_ZERO);
}

/* The kmalloc-N cache for size bytes (1 .. KMALLOC_MAX_CACHE_SIZE). */
struct kmem_cache *kmalloc_slab(size_t size);

/* Reports. */
void get_slabinfo(struct kmem_cache *s, struct slabinfo *sinfo);
int slabinfo_show(char *buf, size_t size);	/* /proc/slabinfo */
void get_slab_totals(struct slab_totals *t);

/* kfree()/kmem_cache_free() calls refused (not ours, double), for tests. */
extern unsigned long nr_slab_bad_frees;
/* "BUG <cache>" reports slub_debug has printed, for tests. */
extern unsigned long nr_slub_debug_reports;

/*
 * slub_debug=[flags][,cache,cache...] parsed (Linux's syntax): letters
 * F Z P U, "-" for none, nothing for all four; names may be globs.
 */
struct slub_debug_spec {
	unsigned int flags;		/* SLAB_* debug flags */
	const char *slabs;		/* comma-separated names; NULL: every cache */
	char unknown;			/* first letter not understood, or 0 */
};

/* arg is the value after "slub_debug=", or NULL for the bare word. */
void slub_debug_parse(const char *arg, struct slub_debug_spec *spec);
/* The debug flags spec gives the cache called name. */
unsigned int slub_debug_flags_for(const struct slub_debug_spec *spec,
				  const char *name);

#endif
