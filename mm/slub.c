/*
 * mm/slub.c - the SLUB object allocator: caches of same-sized objects
 * carved out of slabs (blocks of 2^order pages from the buddy allocator).
 *
 * The lifecycle of a slab
 * -----------------------
 *
 *   new_slab()  ->  CPU slab  ->  full  ->  partial  ->  empty  ->  discard_slab()
 *                   (frozen)     (untracked) (on s->partial)        (back to buddy)
 *
 *  1. new_slab() takes 2^order pages, marks the first PG_slab, points
 *     page->slab_cache at the cache and threads every object onto
 *     page->freelist.  The slab at once becomes the CPU slab.
 *  2. The CPU slab is "frozen": it belongs to the CPU, is on no list, and
 *     its free objects have moved to s->cpu_slab.freelist, which
 *     slab_alloc() pops and slab_free() pushes with no list work at all
 *     (the fast path).  While frozen, page->inuse says "all objects";
 *     objects freed to it through the slow path go to page->freelist.
 *  3. When the CPU freelist and page->freelist are both empty, the slab is
 *     full: ___slab_alloc() unfreezes it and forgets it.  Full slabs are on
 *     no list (nothing needs to find them: a free finds its slab through
 *     virt_to_page()).
 *  4. A free into a full slab (__slab_free()) puts it on the cache's
 *     partial list; ___slab_alloc() takes partial slabs (get_partial())
 *     before it makes new ones.
 *  5. A slab whose last object is freed is empty.  It stays on the partial
 *     list only while that list holds at most s->min_partial slabs, so a
 *     cache keeps a few empty slabs for the next burst of allocations and
 *     gives the rest back (discard_slab()).  kmem_cache_destroy() gives
 *     back all the empty ones and refuses (with a report) if any object is
 *     still allocated.
 *
 * Free objects hold the free pointer (the next free object) at s->offset,
 * stored as ptr ^ s->random ^ (address of the slot), as Linux's
 * CONFIG_SLAB_FREELIST_HARDENED does, so a leaked or overwritten free
 * pointer is not a usable kernel address.
 *
 * Data owned: every cache's slabs (their struct pages' slab fields), the
 * static cache of caches (boot_kmem_cache: every other struct kmem_cache
 * is one of its objects), kmalloc_large() blocks and their page count.
 *
 * Invariants between calls: a slab's page->inuse counts objects not on
 * page->freelist (for the frozen CPU slab: also not on the CPU freelist);
 * a slab is on s->partial exactly when it is not frozen and has a free
 * object; s->nr_slabs / s->total_objects count all slabs (CPU, partial,
 * full).  Locking: one CPU, so interrupts off around every freelist and
 * list change is all there is (Linux: cmpxchg on the CPU freelist, a
 * per-node spinlock for the partial list, slab_mutex for slab_caches).
 * Mneme also keeps interrupts off while new_slab() calls the page
 * allocator, which never sleeps here; Linux turns them back on for it.
 *
 * kmalloc()'s caches, kmalloc-8 ... kmalloc-8k, are made in
 * mm/slab_common.c; here are kfree(), ksize() and kmalloc_large(), which
 * takes sizes above 8 KiB straight from alloc_pages() and marks the block
 * (page->private = KMALLOC_LARGE_MAGIC | order, tails pointing at the
 * head) so kfree() can tell it from any other page.
 *
 * kmem_cache_shrink() gives a cache's empty slabs back (those kept under
 * min_partial, and the CPU slab), for tests that count free pages.
 *
 * slub_debug (red zones, poisoning, call-site tracks, consistency checks,
 * "BUG <cache>" reports) is in mm/slub_debug.c.  Here it changes three
 * things, all off the fast path: calculate_layout() makes room for the
 * red zone, free pointer and tracks; a debug cache never gets a CPU slab,
 * so slab_alloc() finds no CPU freelist and ___slab_alloc() hands out one
 * checked object at a time (alloc_debug_object()), and every free misses
 * the CPU slab and is checked before __slab_free(); a cache without
 * debug flags pays only the kmem_cache_debug() test in those slow paths.
 *
 * Simpler than Linux: one CPU and one node, no per-CPU partial lists, no
 * cache merging, no memcg.  Linux: mm/slub.c, mm/slab_common.c.
 */
#include <mneme/irqflags.h>
#include <mneme/kallsyms.h>
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/printk.h>
#include <mneme/slab.h>
#include <mneme/stacktrace.h>
#include <mneme/string.h>
#include <mneme/time.h>

#include "slab.h"

#define SLUB_MAX_ORDER		3	/* largest slab: 8 pages (PAGE_ALLOC_COSTLY_ORDER) */
#define SLUB_MIN_OBJECTS	8	/* what calculate_order() aims for first */
#define SLUB_WASTE_FRACTION	8	/* a slab wastes less than 1/8 of itself */
#define SLUB_MIN_PARTIAL	2	/* empty slabs kept, at most */
#define ARCH_SLAB_MINALIGN	sizeof(void *)
#define L1_CACHE_BYTES		64
#define MAX_OBJS_PER_SLAB	((1U << 15) - 1)	/* page->objects is 15 bits */
/* page->private of a kmalloc_large() block: "kmalloc" in ASCII, order in the low byte. */
#define KMALLOC_LARGE_MAGIC	0x6b6d616c6c6f6300UL
#define KMALLOC_LARGE_ORDER_MASK 0xffUL

static struct kmem_cache boot_kmem_cache;	/* the cache of struct kmem_cache */
static struct kmem_cache *kmem_cache;
static unsigned long large_kmalloc_pages;
static u64 slab_random_state;
unsigned long nr_slab_bad_frees;

/* splitmix64: the per-cache keys (Linux: get_random_long()). */
static unsigned long slab_random(void)
{
	u64 z = (slab_random_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (unsigned long)(z ^ (z >> 31));
}

/* ---- slabs: pages in and out ------------------------------------------ */

/* Tail pages point at the head (Linux: compound pages). */
static void set_compound_head(struct page *head, unsigned int order)
{
	for (unsigned long i = 1; i < (1UL << order); i++)
		head[i].compound_head = (unsigned long)head | 1;
}

static void clear_compound_head(struct page *head, unsigned int order)
{
	for (unsigned long i = 1; i < (1UL << order); i++)
		INIT_LIST_HEAD(&head[i].lru);
}

static struct page *compound_head(struct page *page)
{
	if (page->compound_head & 1)
		return (struct page *)(page->compound_head - 1);
	return page;
}

/* 2^order pages, every object threaded onto page->freelist in address order. */
static struct page *allocate_slab(struct kmem_cache *s, gfp_t gfp)
{
	struct page *page;
	char *start, *p;

	page = alloc_pages(gfp & ~__GFP_ZERO, s->order);
	if (!page)
		return NULL;
	SetPageSlab(page);
	page->slab_cache = s;
	page->counters = 0;
	page->objects = s->objects;
	set_compound_head(page, s->order);
	start = slab_address(page);
	if (kmem_cache_debug(s))
		setup_slab_debug(s, page);
	for (unsigned int i = 0; i < s->objects; i++) {
		p = start + i * s->size;
		if (kmem_cache_debug(s))
			setup_object_debug(s, p);
		if (s->ctor)
			s->ctor(p);
		set_freepointer(s, p, i + 1 < s->objects ? p + s->size : NULL);
	}
	page->freelist = start;
	s->nr_slabs++;
	s->total_objects += s->objects;
	return page;
}

static struct page *new_slab(struct kmem_cache *s, gfp_t gfp)
{
	return allocate_slab(s, gfp);
}

/* Undo allocate_slab()'s use of struct page, so the buddy's checks pass. */
static void discard_slab(struct kmem_cache *s, struct page *page)
{
	if (kmem_cache_debug(s))
		slab_pad_check(s, page);
	ClearPageSlab(page);
	page->slab_cache = NULL;	/* mapping: must be NULL when freed */
	page->freelist = NULL;
	page->counters = 0;
	INIT_LIST_HEAD(&page->slab_list);
	clear_compound_head(page, s->order);
	s->nr_slabs--;
	s->total_objects -= s->objects;
	__free_pages(page, s->order);
}

/* ---- the partial list ------------------------------------------------- */

static void add_partial(struct kmem_cache *s, struct page *page, bool to_tail)
{
	if (to_tail)
		list_add_tail(&page->slab_list, &s->partial);
	else
		list_add(&page->slab_list, &s->partial);
	s->nr_partial++;
}

static void remove_partial(struct kmem_cache *s, struct page *page)
{
	list_del(&page->slab_list);
	s->nr_partial--;
}

/* Keep an empty slab while the partial list, counting it, stays short. */
static bool keep_empty_slab(const struct kmem_cache *s,
			    unsigned long nr_partial_with_it)
{
	return nr_partial_with_it <= s->min_partial;
}

static struct page *get_partial(struct kmem_cache *s)
{
	struct page *page;

	if (list_empty(&s->partial))
		return NULL;
	page = list_first_entry(&s->partial, struct page, slab_list);
	remove_partial(s, page);
	return page;
}

/* ---- allocation ------------------------------------------------------- */

/* Take all of page->freelist for the CPU: every object now counts as in use. */
static void *get_freelist(struct page *page)
{
	void *freelist = page->freelist;

	page->freelist = NULL;
	page->inuse = page->objects;
	return freelist;
}

/*
 * The CPU slab goes back to being an ordinary slab: its CPU freelist
 * returns to page->freelist, and it goes where its fill level says.
 */
static void deactivate_slab(struct kmem_cache *s, struct page *page,
			    void *freelist)
{
	while (freelist) {
		void *next = get_freepointer(s, freelist);

		set_freepointer(s, freelist, page->freelist);
		page->freelist = freelist;
		page->inuse--;
		freelist = next;
	}
	page->frozen = 0;
	if (!page->inuse && !keep_empty_slab(s, s->nr_partial + 1))
		discard_slab(s, page);
	else if (page->freelist)
		add_partial(s, page, false);	/* cache-hot: at the head */
}

static void flush_cpu_slab(struct kmem_cache *s)
{
	struct kmem_cache_cpu *c = &s->cpu_slab;

	if (c->page)
		deactivate_slab(s, c->page, c->freelist);
	c->page = NULL;
	c->freelist = NULL;
}

/* A slab whose freelist cannot be trusted: never allocate from it again. */
static void abandon_slab(struct page *page)
{
	page->freelist = NULL;
	page->inuse = page->objects;
}

/*
 * A debug cache has no CPU slab: each object comes off a slab's own
 * freelist, checked on the way out, so a report can name the slab and
 * the CPU freelist never holds an unchecked object (Linux:
 * alloc_single_from_partial(), alloc_single_from_new_slab()).  A slab
 * whose next free object fails the check is abandoned (Linux: "Marking
 * all objects used") and the next one tried.
 */
static void *alloc_debug_object(struct kmem_cache *s, gfp_t gfp,
				unsigned long caller)
{
	struct page *page;
	void *object;

	for (;;) {
		page = get_partial(s);
		if (!page)
			page = new_slab(s, gfp);
		if (!page)
			return NULL;
		object = page->freelist;
		if (alloc_debug_processing(s, page, object, caller))
			break;
		abandon_slab(page);
	}
	page->freelist = get_freepointer(s, object);
	page->inuse++;
	if (page->freelist)
		add_partial(s, page, false);
	return object;
}

/* The slow path: refill the CPU freelist from its slab, a partial slab or a new one. */
static void *___slab_alloc(struct kmem_cache *s, gfp_t gfp, unsigned long caller)
{
	struct kmem_cache_cpu *c = &s->cpu_slab;
	struct page *page = c->page;
	void *freelist = NULL;

	if (kmem_cache_debug(s))
		return alloc_debug_object(s, gfp, caller);
	if (page) {
		freelist = get_freelist(page);	/* frees that came the slow way */
		if (freelist)
			goto load_freelist;
		flush_cpu_slab(s);		/* full: forget it */
	}
	page = get_partial(s);
	if (!page)
		page = new_slab(s, gfp);
	if (!page)
		return NULL;
	page->frozen = 1;
	c->page = page;
	freelist = get_freelist(page);
load_freelist:
	c->freelist = get_freepointer(s, freelist);
	return freelist;
}

static void *slab_alloc(struct kmem_cache *s, gfp_t gfp, unsigned long caller)
{
	struct kmem_cache_cpu *c = &s->cpu_slab;
	unsigned long flags = local_irq_save();
	void *object = c->freelist;

	if (object)
		c->freelist = get_freepointer(s, object);	/* fast path */
	else
		object = ___slab_alloc(s, gfp, caller);
	local_irq_restore(flags);
	if (object && (gfp & __GFP_ZERO))
		memset(object, 0, s->object_size);
	return object;
}

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp)
{
	return slab_alloc(s, gfp, _RET_IP_);
}

void *__kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp, unsigned long caller)
{
	return slab_alloc(s, gfp, caller);
}

/* ---- freeing ---------------------------------------------------------- */

/* s: the cache the free was meant for, if known (slub_debug reports it). */
static void report_bad_free(struct kmem_cache *s, struct page *page,
			    const void *x, const char *reason,
			    unsigned long caller)
{
	char sym[KSYM_NAME_LEN + 40];

	nr_slab_bad_frees++;
	if (!s && page)
		s = page->slab_cache;	/* kfree(): the cache x points into */
	if (s && kmem_cache_debug(s)) {
		slub_report_bad_free(s, page, x, reason, caller);
		return;
	}
	sprint_symbol(sym, sizeof(sym), caller);
	pr_err("BUG: freeing %p: %s; not freed (caller %s)\n", x, reason, sym);
	dump_stack();
}

/* A free into a slab that is not the CPU's. */
static void __slab_free(struct kmem_cache *s, struct page *page, void *object)
{
	void *prior = page->freelist;
	bool was_full = !prior && !page->frozen;

	set_freepointer(s, object, prior);
	page->freelist = object;
	page->inuse--;
	if (page->frozen)
		return;
	if (was_full)
		add_partial(s, page, true);
	if (!page->inuse && !keep_empty_slab(s, s->nr_partial)) {
		remove_partial(s, page);
		discard_slab(s, page);
	}
}

/*
 * Debug caches never have a CPU slab (see alloc_debug_object()), so their
 * frees all come here, past the fast path, to be checked (Linux:
 * free_to_partial_list()).  A refused free leaves the object where it is.
 */
static void slab_free(struct kmem_cache *s, struct page *page, void *object,
		      unsigned long caller)
{
	struct kmem_cache_cpu *c = &s->cpu_slab;
	unsigned long flags = local_irq_save();
	bool on_cpu = page == c->page;

	/* Linux's naive double-free check: the object already heads the list. */
	if (object == (on_cpu ? c->freelist : page->freelist) &&
	    !kmem_cache_debug(s)) {
		local_irq_restore(flags);
		report_bad_free(s, page, object, "double free", caller);
		return;
	}
	if (on_cpu) {
		set_freepointer(s, object, c->freelist);	/* fast path */
		c->freelist = object;
	} else if (!kmem_cache_debug(s) ||
		   free_debug_processing(s, page, object, caller)) {
		__slab_free(s, page, object);
	}
	local_irq_restore(flags);
}

static bool virt_addr_valid(const void *x)
{
	unsigned long addr = (unsigned long)x;

	return addr >= PAGE_OFFSET && pfn_valid(PFN_DOWN(__pa(addr)));
}

/* Is x the start of an object of the slab page? */
static bool slab_object_start(const struct page *page, const void *x)
{
	const struct kmem_cache *s = page->slab_cache;
	unsigned long off = (unsigned long)x - (unsigned long)slab_address(page);

	return off % s->size == 0 && off / s->size < page->objects;
}

/* The slab x points into, or NULL: for naming the cache in a report. */
static struct page *slab_page_of(const void *x)
{
	struct page *page;

	if (!virt_addr_valid(x))
		return NULL;
	page = compound_head(virt_to_page(x));
	return PageSlab(page) ? page : NULL;
}

/* The head page behind x, or NULL with the reason kmalloc cannot own x. */
static struct page *kmalloc_page(const void *x, const char **reason)
{
	struct page *page;

	if (!virt_addr_valid(x)) {
		*reason = "not a direct-map address";
		return NULL;
	}
	page = compound_head(virt_to_page(x));
	if (PageSlab(page)) {
		if (slab_object_start(page, x))
			return page;
		*reason = "not the start of an object in its slab";
	} else if ((page->private & ~KMALLOC_LARGE_ORDER_MASK) == KMALLOC_LARGE_MAGIC) {
		if (x == page_address(page))
			return page;
		*reason = "inside a large kmalloc block, not its start";
	} else {
		*reason = "not a slab page nor a kmalloc() page";
	}
	return NULL;
}

void kmem_cache_free(struct kmem_cache *s, void *x)
{
	unsigned long caller = (unsigned long)__builtin_return_address(0);
	const char *reason = NULL;
	struct page *page;

	if (!x)
		return;
	page = kmalloc_page(x, &reason);
	if (page && (!PageSlab(page) || page->slab_cache != s))
		reason = "wrong slab cache";
	if (reason) {
		report_bad_free(s, slab_page_of(x), x, reason, caller);
		return;
	}
	slab_free(s, page, x, caller);
}

/* ---- caches ----------------------------------------------------------- */

/* Bytes of a 2^order slab left over after its objects. */
static unsigned long slab_waste(unsigned int size, unsigned int order)
{
	return (PAGE_SIZE << order) % size;
}

/*
 * Sizes no order up to SLUB_MAX_ORDER can hold with less than 1/8 wasted
 * (12000 bytes: 4384 of 16384, 8768 of 32768) take the order with the
 * smallest wasted fraction.  Linux relaxes the fraction to 1/4, 1/2.
 */
static int least_waste_order(unsigned int size)
{
	int best = -1;

	for (unsigned int order = 0; order <= SLUB_MAX_ORDER; order++) {
		if ((PAGE_SIZE << order) < size)
			continue;
		if (best < 0 || (slab_waste(size, order) << (SLUB_MAX_ORDER - order)) <
				(slab_waste(size, (unsigned int)best) << (SLUB_MAX_ORDER - best)))
			best = (int)order;
	}
	return best;
}

/*
 * The smallest order whose slab holds min_objects with less than 1/8
 * wasted, trying 8, 4, 2, then 1 object (Linux: calc_slab_order()).
 */
static int calculate_order(unsigned int size)
{
	for (unsigned int min = SLUB_MIN_OBJECTS; min >= 1; min /= 2) {
		for (unsigned int order = 0; order <= SLUB_MAX_ORDER; order++) {
			unsigned long slab_size = PAGE_SIZE << order;
			unsigned long objects = slab_size / size;
			unsigned long waste = slab_waste(size, order);

			if (objects >= min && objects <= MAX_OBJS_PER_SLAB &&
			    waste * SLUB_WASTE_FRACTION < slab_size)
				return (int)order;
		}
	}
	return least_waste_order(size);
}

/*
 * Object layout (Linux's; the debug parts only with their flag):
 *
 *   object | red zone | free pointer | track alloc | track free | padding
 *          ^ object_size              ^ offset                  ^ up to size
 *                     ^ inuse
 *
 * The red zone runs to the next word boundary and one word more (Linux:
 * at least one byte, a word only when the object ends on one).  The free
 * pointer sits in the middle of a free object (so a small overflow from
 * the previous object misses it, as in Linux), or after it when a
 * constructor's work or the poison must survive in free objects.
 */
static unsigned long calculate_layout(struct kmem_cache *s)
{
	unsigned long size = s->object_size;

	if ((s->flags & SLAB_POISON) && !s->ctor)
		s->flags |= __OBJECT_POISON;
	if (s->flags & SLAB_RED_ZONE)
		size += sizeof(void *);
	size = ALIGN(size, sizeof(void *));
	s->inuse = (unsigned int)size;
	if ((s->flags & SLAB_POISON) || s->ctor) {
		s->offset = (unsigned int)size;
		size += sizeof(void *);
	} else {
		s->offset = ALIGN_DOWN(s->object_size / 2, sizeof(void *));
	}
	if (s->flags & SLAB_STORE_USER)
		size += 2 * sizeof(struct track);
	return ALIGN(size, s->align);
}

static bool calculate_sizes(struct kmem_cache *s)
{
	unsigned long size = calculate_layout(s);
	int order;

	if (size > (PAGE_SIZE << SLUB_MAX_ORDER))
		return false;
	s->size = (unsigned int)size;
	order = calculate_order(s->size);
	if (order < 0)
		return false;
	s->order = (unsigned int)order;
	s->objects = (unsigned int)((PAGE_SIZE << order) / s->size);
	return true;
}

static unsigned int calculate_alignment(unsigned int flags, unsigned int align)
{
	if ((flags & SLAB_HWCACHE_ALIGN) && align < L1_CACHE_BYTES)
		align = L1_CACHE_BYTES;
	return align < ARCH_SLAB_MINALIGN ? ARCH_SLAB_MINALIGN : align;
}

static bool kmem_cache_open(struct kmem_cache *s, const char *name,
			    unsigned int size, unsigned int align,
			    unsigned int flags, void (*ctor)(void *))
{
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->object_size = size;
	s->flags = kmem_cache_flags(name, flags);
	s->ctor = ctor;
	s->align = calculate_alignment(flags, align);
	s->min_partial = SLUB_MIN_PARTIAL;
	s->random = slab_random();
	INIT_LIST_HEAD(&s->partial);
	if (!size || (align & (align - 1)) || !calculate_sizes(s))
		return false;
	list_add(&s->list, &slab_caches);
	return true;
}

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, unsigned int flags,
				     void (*ctor)(void *))
{
	struct kmem_cache *s = kmem_cache_alloc(kmem_cache, GFP_KERNEL);
	unsigned long irqflags;
	bool ok;

	if (s) {
		irqflags = local_irq_save();
		ok = kmem_cache_open(s, name, size, align, flags, ctor);
		local_irq_restore(irqflags);
		if (!ok) {
			kmem_cache_free(kmem_cache, s);
			s = NULL;
		}
	}
	if (!s && (flags & SLAB_PANIC))
		panic("kmem_cache_create: cannot create cache %s (size %u, align %u)",
		      name, size, align);
	if (!s)
		pr_err("kmem_cache_create(%s): size %u, align %u: not possible or no memory\n",
		       name, size, align);
	return s;
}

/* Give back every empty slab, the CPU slab's too; true when no slab is left. */
static bool __kmem_cache_shrink(struct kmem_cache *s)
{
	struct page *page, *next;

	flush_cpu_slab(s);
	list_for_each_entry_safe(page, next, &s->partial, slab_list) {
		if (!page->inuse) {
			remove_partial(s, page);
			discard_slab(s, page);
		}
	}
	return s->nr_slabs == 0;
}

/*
 * Empty slabs a cache keeps for its next allocations (up to min_partial,
 * and the CPU slab) go back to the page allocator, so that a test can
 * count free pages exactly.  Linux returns 0 when no slab is left, too.
 */
int kmem_cache_shrink(struct kmem_cache *s)
{
	unsigned long flags = local_irq_save();
	bool none_left = __kmem_cache_shrink(s);

	local_irq_restore(flags);
	return none_left ? 0 : 1;
}

void kmem_cache_shrink_all(void)
{
	unsigned long flags = local_irq_save();
	struct kmem_cache *s;

	list_for_each_entry(s, &slab_caches, list)
		__kmem_cache_shrink(s);
	local_irq_restore(flags);
}

/* Objects still allocated: partial slabs' inuse plus all of every full slab. */
static unsigned long count_inuse(const struct kmem_cache *s)
{
	unsigned long full = s->nr_slabs - s->nr_partial, inuse = 0;
	struct page *page;

	list_for_each_entry(page, &s->partial, slab_list)
		inuse += page->inuse;
	return inuse + full * s->objects;
}

void kmem_cache_destroy(struct kmem_cache *s)
{
	unsigned long flags, leaked;

	if (!s)
		return;
	flags = local_irq_save();
	if (!__kmem_cache_shrink(s)) {
		leaked = count_inuse(s);
		local_irq_restore(flags);
		pr_err("kmem_cache_destroy %s: Slab cache still has objects: %lu in %lu slabs; the cache and its slabs are leaked\n",
		       s->name, leaked, s->nr_slabs);
		dump_stack();
		return;
	}
	list_del(&s->list);
	local_irq_restore(flags);
	if (s != &boot_kmem_cache)
		kmem_cache_free(kmem_cache, s);
}

/* ---- kmalloc ---------------------------------------------------------- */

static unsigned int large_order(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

/* Above kmalloc-8192: whole pages, marked in page->private for kfree(). */
void *kmalloc_large(size_t size, gfp_t gfp)
{
	unsigned int order = large_order(size);
	unsigned long flags;
	struct page *page;

	if (order > MAX_ORDER)
		return NULL;
	page = alloc_pages(gfp, order);
	if (!page)
		return NULL;
	page->private = KMALLOC_LARGE_MAGIC | order;
	set_compound_head(page, order);
	flags = local_irq_save();
	large_kmalloc_pages += 1UL << order;
	local_irq_restore(flags);
	return page_address(page);
}

static void free_large_kmalloc(struct page *page)
{
	unsigned int order = page->private & KMALLOC_LARGE_ORDER_MASK;
	unsigned long flags = local_irq_save();

	large_kmalloc_pages -= 1UL << order;
	local_irq_restore(flags);
	page->private = 0;
	clear_compound_head(page, order);
	__free_pages(page, order);
}

void kfree(const void *x)
{
	unsigned long caller = (unsigned long)__builtin_return_address(0);
	const char *reason = NULL;
	struct page *page;

	if (ZERO_OR_NULL_PTR(x))
		return;
	page = kmalloc_page(x, &reason);
	if (!page)
		report_bad_free(NULL, slab_page_of(x), x, reason, caller);
	else if (PageSlab(page))
		slab_free(page->slab_cache, page, (void *)x, caller);
	else
		free_large_kmalloc(page);
}

size_t ksize(const void *x)
{
	const char *reason = NULL;
	struct page *page;

	if (ZERO_OR_NULL_PTR(x))
		return 0;
	page = kmalloc_page(x, &reason);
	if (!page) {
		pr_err("ksize(%p): %s\n", x, reason);
		return 0;
	}
	if (PageSlab(page))
		return page->slab_cache->object_size;
	return PAGE_SIZE << (page->private & KMALLOC_LARGE_ORDER_MASK);
}

/*
 * Bootstrap: the cache of caches is static (it cannot come from itself),
 * then every other cache, the kmalloc ones first, is allocated from it.
 */
void kmem_cache_init(void)
{
	INIT_LIST_HEAD(&slab_caches);
	large_kmalloc_pages = 0;
	slab_random_state = ktime_get_ns() ^ (unsigned long)&boot_kmem_cache;
	slub_debug_setup();
	if (!kmem_cache_open(&boot_kmem_cache, "kmem_cache",
			     sizeof(struct kmem_cache), 0, SLAB_HWCACHE_ALIGN, NULL))
		panic("kmem_cache_init: cannot set up the cache of caches");
	kmem_cache = &boot_kmem_cache;
	create_kmalloc_caches();
}

/* ---- reports (get_slabinfo() is in mm/slab_common.c) ------------------ */

void get_slab_totals(struct slab_totals *t)
{
	unsigned long flags = local_irq_save();
	struct kmem_cache *s;

	memset(t, 0, sizeof(*t));
	list_for_each_entry(s, &slab_caches, list) {
		t->nr_caches++;
		t->slab_pages += s->nr_slabs << s->order;
		t->active_objs += count_inuse(s);
	}
	t->large_kmalloc_pages = large_kmalloc_pages;
	local_irq_restore(flags);
}
