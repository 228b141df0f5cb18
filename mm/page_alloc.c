/*
 * mm/page_alloc.c - the buddy allocator: zones, free lists, per-CPU page
 * lists, watermarks, and alloc_pages()/__free_pages().
 *
 * Each zone keeps free memory as blocks of 2^order pages (order 0 ..
 * MAX_ORDER), each naturally aligned: a block of order n starts at a pfn
 * that is a multiple of 2^n.  Two free blocks of order n that together
 * form an aligned block of order n + 1 are "buddies": the buddy of the
 * block at pfn is at pfn ^ (1 << n).  Allocation takes the smallest block
 * big enough and splits it (expand()); freeing merges with free buddies as
 * far as they go (__free_one_page()).  Fragmentation stays bounded and
 * both operations cost O(MAX_ORDER).
 *
 * Invariants between calls (interrupts off inside each operation):
 *  - a free block's first page has PG_buddy and private = order, and sits
 *    on zone->free_area[order].free_list; its other pages have neither;
 *  - free_area[n].nr_free counts the blocks on that list, and
 *    NR_FREE_PAGES the pages in all of them (pages on the per-CPU list are
 *    not counted: for the buddy they are allocated);
 *  - a page handed out has _refcount 1 (head page) and no PG_* flag but
 *    its zone; a free page has _refcount 0.
 *
 * Locking: one CPU; interrupts are disabled while lists change, so an
 * interrupt handler may allocate with GFP_ATOMIC.
 * Linux: mm/page_alloc.c (the same function names for the same steps).
 */
#include <mneme/irqflags.h>
#include <mneme/kallsyms.h>
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/printk.h>
#include <mneme/sprintf.h>
#include <mneme/stacktrace.h>
#include <mneme/string.h>
#include <mneme/time.h>

struct pglist_data contig_page_data;
struct page *mem_map;
unsigned long max_pfn;
unsigned long totalram_pages;
unsigned long nr_bad_pages;		/* bad_page() reports, for tests */
int min_free_kbytes;

/* alloc_flags: which watermark to respect, and how hard to try. */
#define ALLOC_WMARK_MIN		WMARK_MIN
#define ALLOC_WMARK_LOW		WMARK_LOW
#define ALLOC_WMARK_HIGH	WMARK_HIGH
#define ALLOC_NO_WATERMARKS	0x04	/* __GFP_NOFAIL's last resort */
#define ALLOC_WMARK_MASK	(ALLOC_NO_WATERMARKS - 1)
#define ALLOC_HIGH		0x10	/* __GFP_HIGH: may use half the min reserve */

static const char *const zone_names[MAX_NR_ZONES] = { "DMA", "DMA32", "Normal" };

/* ---- free lists ------------------------------------------------------- */

static void add_to_free_list(struct page *page, struct zone *zone,
			     unsigned int order)
{
	page->private = order;
	SetPageBuddy(page);
	list_add(&page->lru, &zone->free_area[order].free_list);
	zone->free_area[order].nr_free++;
	zone->vm_stat[NR_FREE_PAGES] += 1L << order;
}

static void del_page_from_free_list(struct page *page, struct zone *zone,
				    unsigned int order)
{
	list_del(&page->lru);
	ClearPageBuddy(page);
	page->private = 0;
	zone->free_area[order].nr_free--;
	zone->vm_stat[NR_FREE_PAGES] -= 1L << order;
}

/* Is buddy the first page of a free block of this order in page's zone? */
static bool page_is_buddy(const struct page *page, const struct page *buddy,
			  unsigned int order)
{
	return PageBuddy(buddy) && buddy->private == order &&
	       page_zonenum(buddy) == page_zonenum(page);
}

/* Free a block and merge it with its buddies as far as they are free. */
static void __free_one_page(struct page *page, unsigned long pfn,
			    struct zone *zone, unsigned int order)
{
	BUG_ON(pfn & ((1UL << order) - 1));	/* a block is aligned to its size */
	BUG_ON(!pfn_valid(pfn + (1UL << order) - 1));
	while (order < MAX_ORDER) {
		unsigned long buddy_pfn = pfn ^ (1UL << order);
		struct page *buddy;

		if (!pfn_valid(buddy_pfn))
			break;
		buddy = pfn_to_page(buddy_pfn);
		if (!page_is_buddy(page, buddy, order))
			break;
		del_page_from_free_list(buddy, zone, order);
		pfn &= buddy_pfn;	/* the merged block starts at the lower */
		page = pfn_to_page(pfn);
		order++;
	}
	add_to_free_list(page, zone, order);
}

/*
 * Split a block of order high, keeping its first 2^low pages for the
 * caller and putting the upper halves back on the smaller free lists.
 */
static void expand(struct zone *zone, struct page *page, unsigned int low,
		   unsigned int high)
{
	unsigned long size = 1UL << high;

	while (high > low) {
		high--;
		size >>= 1;
		add_to_free_list(&page[size], zone, high);
	}
}

/* The smallest free block of at least this order, split down to it. */
static struct page *__rmqueue_smallest(struct zone *zone, unsigned int order)
{
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++) {
		struct free_area *area = &zone->free_area[o];
		struct page *page;

		if (list_empty(&area->free_list))
			continue;
		page = list_first_entry(&area->free_list, struct page, lru);
		del_page_from_free_list(page, zone, o);
		expand(zone, page, order, o);
		return page;
	}
	return NULL;
}

/* ---- per-CPU lists of order-0 pages ----------------------------------- */

/* Move up to count order-0 pages from the buddy onto the pcp list. */
static int rmqueue_bulk(struct zone *zone, int count, struct list_head *list)
{
	int n = 0;

	while (n < count) {
		struct page *page = __rmqueue_smallest(zone, 0);

		if (!page)
			break;
		list_add_tail(&page->lru, list);
		n++;
	}
	return n;
}

/* Give count pages from the cold end of the pcp list back to the buddy. */
static void free_pcppages_bulk(struct zone *zone, int count)
{
	struct per_cpu_pages *pcp = &zone->pcp;

	while (count-- > 0 && !list_empty(&pcp->list)) {
		struct page *page = list_last_entry(&pcp->list, struct page, lru);

		list_del(&page->lru);
		pcp->count--;
		__free_one_page(page, page_to_pfn(page), zone, 0);
	}
}

static struct page *rmqueue_pcplist(struct zone *zone)
{
	struct per_cpu_pages *pcp = &zone->pcp;
	struct page *page;

	if (list_empty(&pcp->list)) {
		pcp->count += rmqueue_bulk(zone, pcp->batch, &pcp->list);
		if (list_empty(&pcp->list))
			return NULL;
	}
	page = list_first_entry(&pcp->list, struct page, lru);	/* hot end */
	list_del(&page->lru);
	pcp->count--;
	return page;
}

static void free_unref_page(struct page *page, struct zone *zone)
{
	struct per_cpu_pages *pcp = &zone->pcp;

	list_add(&page->lru, &pcp->list);
	pcp->count++;
	if (pcp->count >= pcp->high)
		free_pcppages_bulk(zone, pcp->batch);
}

void drain_local_pages(void)
{
	unsigned long flags = local_irq_save();
	struct zone *zone;

	for_each_zone(zone)
		free_pcppages_bulk(zone, zone->pcp.count);
	local_irq_restore(flags);
}

unsigned long nr_free_pcp_pages(void)
{
	unsigned long sum = 0;
	struct zone *zone;

	for_each_zone(zone)
		sum += zone->pcp.count;
	return sum;
}

void pcp_set_enabled(bool enabled)
{
	unsigned long flags = local_irq_save();
	struct zone *zone;

	for_each_zone(zone) {
		free_pcppages_bulk(zone, zone->pcp.count);
		zone->pcp.enabled = enabled;
	}
	local_irq_restore(flags);
}

/* ---- checking pages --------------------------------------------------- */

static const char *const pageflag_names[NR_PAGEFLAGS] = {
	"locked", "referenced", "uptodate", "dirty", "lru", "active", "slab",
	"reserved", "private", "writeback", "swapcache", "buddy", "table",
};

int format_page_flags(char *buf, size_t size, unsigned long flags)
{
	int n = 0;

	buf[0] = '\0';
	for (int bit = 0; bit < NR_PAGEFLAGS; bit++)
		if (flags & (1UL << bit))
			n += scnprintf(buf + n, size - n, "%s%s", n ? "|" : "",
				       pageflag_names[bit]);
	return n;
}

/*
 * Report a page in a state that means someone misused it, and keep it out
 * of the free lists: leaking one page is better than corrupting them.
 */
/* The state of a page, Linux's dump_page() format. */
void dump_page(const struct page *page, const char *reason)
{
	char flags[128];

	format_page_flags(flags, sizeof(flags), page->flags);
	pr_alert("page:%p refcount:%d mapcount:%d mapping:%p index:%#lx private:%#lx pfn:%#lx\n",
		 (void *)page, page->_refcount, page_mapcount(page),
		 (void *)page->mapping, page->index, page->private,
		 page_to_pfn(page));
	pr_alert("flags: %#lx(%s) zone:%s\n", page->flags, flags,
		 page_zonenum(page) < MAX_NR_ZONES ? zone_names[page_zonenum(page)] : "?");
	pr_alert("page dumped because: %s\n", reason);
}

static void bad_page(const struct page *page, const char *reason,
		     unsigned long caller)
{
	char sym[KSYM_NAME_LEN + 40];

	nr_bad_pages++;
	sprint_symbol(sym, sizeof(sym), caller);
	pr_alert("BUG: Bad page state: pfn:%05lx\n", page_to_pfn(page));
	dump_page(page, reason);
	pr_alert("caller: %s\n", sym);
	dump_stack();
}

/* Why a page about to be freed is not fit to be, or NULL. */
static const char *page_bad_reason_at_free(const struct page *page,
					   bool head)
{
	if (PageBuddy(page))
		return "freeing a page that is already free (double free)";
	if (page->_mapcount != -1)
		return "nonzero mapcount: the page is still mapped";
	if (page->mapping)
		return "non-NULL mapping: the page is still in a file's cache";
	if (!head && page->_refcount)
		return "nonzero _refcount on a tail page";
	if (page->flags & PAGE_FLAGS_CHECK_AT_FREE)
		return "PAGE_FLAGS_CHECK_AT_FREE flag(s) set";
	return NULL;
}

static bool free_pages_prepare(struct page *page, unsigned int order,
			       unsigned long caller)
{
	for (unsigned long i = 0; i < (1UL << order); i++) {
		const char *reason = page_bad_reason_at_free(page + i, i == 0);

		if (reason) {
			bad_page(page + i, reason, caller);
			return false;
		}
	}
	for (unsigned long i = 0; i < (1UL << order); i++) {
		page[i].flags &= ZONES_MASK << ZONES_PGSHIFT;
		page[i].index = 0;
	}
	return true;
}

/* A page coming off the free lists must look free. */
static const char *page_bad_reason_at_alloc(const struct page *page)
{
	if (page->_refcount)
		return "nonzero _refcount on a free page";
	if (page->_mapcount != -1)
		return "nonzero mapcount on a free page";
	if (page->mapping)
		return "non-NULL mapping on a free page";
	if (page->flags & PAGE_FLAGS_CHECK_AT_PREP)
		return "flags set on a free page";
	return NULL;
}

/* ---- allocation ------------------------------------------------------- */

static struct page *rmqueue(struct zone *zone, unsigned int order)
{
	if (order == 0 && zone->pcp.enabled)
		return rmqueue_pcplist(zone);
	return __rmqueue_smallest(zone, order);
}

/*
 * Would taking 2^order pages leave zone above mark (plus what it keeps for
 * allocations that could have used a higher zone)?  With order > 0 a free
 * block that large must also exist.
 */
bool zone_watermark_ok(const struct zone *z, unsigned int order,
		       unsigned long mark, enum zone_type highest_zoneidx,
		       unsigned int alloc_flags)
{
	long min = (long)mark;
	long free = (long)zone_page_state(z, NR_FREE_PAGES) - (1L << order) + 1;

	if (alloc_flags & ALLOC_HIGH)
		min -= min / 2;
	if (free <= min + z->lowmem_reserve[highest_zoneidx])
		return false;
	if (!order)
		return true;
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++)
		if (z->free_area[o].nr_free)
			return true;
	return false;
}

static void prep_new_page(struct page *page, unsigned int order, gfp_t gfp)
{
	struct zone *zone = page_zone(page);

	set_page_count(page, 1);
	page->private = 0;
	zone->vm_stat[NR_ZONE_ALLOC] += 1L << order;
}

/* Take from the first zone in fallback order that passes its watermark. */
static struct page *get_page_from_freelist(gfp_t gfp, unsigned int order,
					   unsigned int alloc_flags,
					   enum zone_type highest_zoneidx)
{
	for (int zi = highest_zoneidx; zi >= 0; zi--) {
		struct zone *zone = &NODE_DATA(0)->node_zones[zi];
		unsigned long mark = zone->_watermark[alloc_flags & ALLOC_WMARK_MASK];
		struct page *page;
		const char *reason;

		if (!populated_zone(zone))
			continue;
		if (!(alloc_flags & ALLOC_NO_WATERMARKS) &&
		    !zone_watermark_ok(zone, order, mark, highest_zoneidx,
				       alloc_flags))
			continue;
retry:
		page = rmqueue(zone, order);
		if (!page)
			continue;
		reason = page_bad_reason_at_alloc(page);
		if (reason) {		/* leak it, take another */
			bad_page(page, reason, (unsigned long)__builtin_return_address(0));
			goto retry;
		}
		prep_new_page(page, order, gfp);
		return page;
	}
	return NULL;
}

/* The highest zone gfp allows (Linux: gfp_zone()). */
enum zone_type gfp_zone(gfp_t gfp)
{
	if (gfp & __GFP_DMA)
		return ZONE_DMA;
	if (gfp & __GFP_DMA32)
		return ZONE_DMA32;
	return ZONE_NORMAL;
}

/*
 * Where reclaim will go: wake kswapd, then (if the caller may sleep)
 * reclaim directly, and report how many pages were freed.  Nothing to
 * reclaim yet: no page cache, no swap (see the vmscan issue).
 */
static unsigned long try_to_free_pages(gfp_t gfp, unsigned int order)
{
	return 0;
}

static void warn_alloc(gfp_t gfp, unsigned int order);

/*
 * The slow path, below the low watermark: reclaim (later), then allow the
 * min watermark; __GFP_HIGH (GFP_ATOMIC) callers may use half of the min
 * reserve (Linux lets non-blocking callers take a further quarter).
 * Before giving up, the per-CPU lists are drained so their pages count
 * and can merge.  __GFP_NOFAIL then takes what is left below the
 * watermarks and panics if even that fails; Linux instead keeps retrying
 * reclaim and the OOM killer, which do not exist here yet.
 */
static struct page *__alloc_pages_slowpath(gfp_t gfp, unsigned int order,
					   enum zone_type highest_zoneidx)
{
	unsigned int alloc_flags = ALLOC_WMARK_MIN;
	struct page *page;

	if (gfp & __GFP_HIGH)
		alloc_flags |= ALLOC_HIGH;
	page = get_page_from_freelist(gfp, order, alloc_flags, highest_zoneidx);
	if (page)
		return page;
	if ((gfp & __GFP_DIRECT_RECLAIM) && try_to_free_pages(gfp, order)) {
		page = get_page_from_freelist(gfp, order, alloc_flags,
					      highest_zoneidx);
		if (page)
			return page;
	}
	drain_local_pages();
	page = get_page_from_freelist(gfp, order, alloc_flags, highest_zoneidx);
	if (page)
		return page;
	if (gfp & __GFP_NOFAIL) {
		page = get_page_from_freelist(gfp, order, ALLOC_NO_WATERMARKS,
					      highest_zoneidx);
		if (page)
			return page;
		panic("out of memory for a __GFP_NOFAIL allocation of order %u", order);
	}
	return NULL;
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	enum zone_type highest = gfp_zone(gfp);
	struct page *page = NULL;
	unsigned long flags;

	if (order > MAX_ORDER) {
		WARN_ON_ONCE(!(gfp & __GFP_NOWARN));
		return NULL;
	}
	if (should_fail_alloc_page(gfp, order))
		goto fail;
	flags = local_irq_save();
	page = get_page_from_freelist(gfp, order, ALLOC_WMARK_LOW, highest);
	if (!page)
		page = __alloc_pages_slowpath(gfp, order, highest);
	local_irq_restore(flags);
	if (!page)
		goto fail;
	if (gfp & __GFP_ZERO)
		memset(page_address(page), 0, PAGE_SIZE << order);
	return page;
fail:
	if (!(gfp & __GFP_NOWARN))
		warn_alloc(gfp, order);
	return NULL;
}

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp, order);

	return page ? (unsigned long)page_address(page) : 0;
}

unsigned long get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}

/* ---- freeing ---------------------------------------------------------- */

static void free_the_page(struct page *page, unsigned int order,
			  unsigned long caller)
{
	struct zone *zone = page_zone(page);
	unsigned long flags;

	if (!free_pages_prepare(page, order, caller))
		return;
	flags = local_irq_save();
	zone->vm_stat[NR_ZONE_FREE] += 1L << order;
	if (order == 0 && zone->pcp.enabled)
		free_unref_page(page, zone);
	else
		__free_one_page(page, page_to_pfn(page), zone, order);
	local_irq_restore(flags);
}

/*
 * Drop one reference; at zero the block goes back (Linux's
 * put_page_testzero).  A block that is not all inside mem_map or not
 * aligned to its order is refused before any of its struct pages is
 * read: checking only the first pfn would let a wrong order near max_pfn
 * read past the end of mem_map.
 */
static void put_page_order(struct page *page, unsigned int order,
			   unsigned long caller)
{
	unsigned long pfn = page_to_pfn(page);

	if (order > MAX_ORDER || !pfn_valid(pfn) ||
	    !pfn_valid(pfn + (1UL << order) - 1) || (pfn & ((1UL << order) - 1))) {
		pr_alert("BUG: freeing pfn %#lx order %u: not a page of this machine or not aligned to its order\n",
			 pfn, order);
		dump_stack();
		nr_bad_pages++;
		return;
	}
	if (page->_refcount <= 0) {
		bad_page(page, "freeing a page with _refcount 0 (double free?)",
			 caller);
		return;
	}
	if (--page->_refcount == 0)
		free_the_page(page, order, caller);
}

void __free_pages(struct page *page, unsigned int order)
{
	put_page_order(page, order, (unsigned long)__builtin_return_address(0));
}

void put_page(struct page *page)
{
	put_page_order(page, 0, (unsigned long)__builtin_return_address(0));
}

void free_pages(unsigned long addr, unsigned int order)
{
	if (addr)
		put_page_order(virt_to_page((void *)addr), order,
			       (unsigned long)__builtin_return_address(0));
}

static unsigned int get_order(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

/*
 * A block of 2^order pages, split into independent pages (each with its
 * own reference), of which the ones past size are given back at once.
 */
void *alloc_pages_exact(size_t size, gfp_t gfp)
{
	unsigned int order;
	unsigned long nr = PFN_UP(size);
	struct page *page;

	if (!size || size > (PAGE_SIZE << MAX_ORDER))
		return NULL;
	order = get_order(size);
	page = alloc_pages(gfp, order);
	if (!page)
		return NULL;
	for (unsigned long i = 1; i < (1UL << order); i++)
		set_page_count(page + i, 1);	/* Linux: split_page() */
	for (unsigned long i = nr; i < (1UL << order); i++)
		__free_pages(page + i, 0);
	return page_address(page);
}

void free_pages_exact(void *virt, size_t size)
{
	unsigned long addr = (unsigned long)virt;

	for (unsigned long i = 0; i < PFN_UP(size); i++)
		free_page(addr + i * PAGE_SIZE);
}

unsigned long nr_free_pages(void)
{
	unsigned long sum = 0;
	struct zone *zone;

	for_each_zone(zone)
		sum += zone_page_state(zone, NR_FREE_PAGES);
	return sum;
}

/* ---- reporting a failed allocation ------------------------------------ */

#define WARN_ALLOC_BURST	10			/* reports ... */
#define WARN_ALLOC_INTERVAL_NS	(5 * NSEC_PER_SEC)	/* ... per 5 s */

/* Linux's ratelimit: at most a burst of reports per interval. */
static bool warn_alloc_ratelimit(void)
{
	static u64 window_start;
	static int printed;
	static bool started;
	u64 now = ktime_get_ns();

	if (!started || now - window_start > WARN_ALLOC_INTERVAL_NS) {
		started = true;
		window_start = now;
		printed = 0;
	}
	return printed++ < WARN_ALLOC_BURST;
}

static void warn_alloc(gfp_t gfp, unsigned int order)
{
	if (!warn_alloc_ratelimit())
		return;
	pr_warn("page allocation failure: order:%u, mode:%#x, highest zone %s\n",
		order, gfp, zone_names[gfp_zone(gfp)]);
	dump_stack();
	show_free_areas();
}

/* ---- setting zones up ------------------------------------------------- */

void init_zone(struct zone *zone, enum zone_type type, unsigned long start_pfn,
	       unsigned long end_pfn, unsigned long present_pages)
{
	memset(zone, 0, sizeof(*zone));
	zone->name = zone_names[type];
	zone->zone_start_pfn = start_pfn;
	zone->spanned_pages = end_pfn > start_pfn ? end_pfn - start_pfn : 0;
	zone->present_pages = present_pages;
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		INIT_LIST_HEAD(&zone->free_area[o].free_list);
	INIT_LIST_HEAD(&zone->pcp.list);
	zone->pcp.enabled = true;
	zone->pcp.batch = 1;
	zone->pcp.high = 6;
}

/*
 * Hand a free block to the buddy allocator at boot: its pages leave the
 * reserved state and count as managed by the zone.
 */
void __free_pages_core(struct page *page, unsigned int order)
{
	struct zone *zone = page_zone(page);
	unsigned long nr = 1UL << order;

	for (unsigned long i = 0; i < nr; i++) {
		ClearPageReserved(page + i);
		set_page_count(page + i, 0);
	}
	zone->managed_pages += nr;
	totalram_pages += nr;
	__free_one_page(page, page_to_pfn(page), zone, order);
}

/* Largest order a block starting at pfn may have (its alignment). */
static unsigned int pfn_max_order(unsigned long pfn)
{
	unsigned int order = 0;

	while (order < MAX_ORDER && !(pfn & (1UL << order)))
		order++;
	return order;
}

/*
 * Free the frames [start_pfn, end_pfn) in the largest aligned blocks that
 * fit, never letting one cross a zone boundary.  Linux: memblock.c's
 * __free_pages_memory().
 */
void __free_pages_memory(unsigned long start_pfn, unsigned long end_pfn)
{
	while (start_pfn < end_pfn) {
		unsigned int order = pfn_max_order(start_pfn);
		enum zone_type zt = page_zonenum(pfn_to_page(start_pfn));

		while (start_pfn + (1UL << order) > end_pfn ||
		       page_zonenum(pfn_to_page(start_pfn + (1UL << order) - 1)) != zt)
			order--;
		__free_pages_core(pfn_to_page(start_pfn), order);
		start_pfn += 1UL << order;
	}
}

void free_reserved_page(struct page *page)
{
	struct zone *zone = page_zone(page);

	ClearPageReserved(page);
	set_page_count(page, 1);
	zone->managed_pages++;
	totalram_pages++;
	__free_pages(page, 0);
}

/* Integer square root (bitwise, exact): floor(sqrt(x)). */
unsigned long int_sqrt(unsigned long x)
{
	unsigned long root = 0, bit = 1UL << (sizeof(long) * 8 - 2);

	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= root + bit) {
			x -= root + bit;
			root = (root >> 1) + bit;
		} else {
			root >>= 1;
		}
		bit >>= 2;
	}
	return root;
}

/*
 * min_free_kbytes grows with the square root of memory: Linux's rule of
 * thumb (mm/page_alloc.c, init_per_zone_wmark_min) is that the reserve
 * needed for atomic allocations and reclaim progress grows slower than
 * memory.  16 MiB -> 512k, 1 GiB -> 4 MiB, 64 GiB -> 32 MiB; kept within
 * [128k, 256 MiB].  Each zone gets a share proportional to its size; low
 * and high sit a quarter of min (or 0.1 % of the zone) above it.
 */
static void setup_per_zone_wmarks(void)
{
	unsigned long pages_min = (unsigned long)min_free_kbytes >> (PAGE_SHIFT - 10);
	struct zone *zone;

	for_each_zone(zone) {
		unsigned long tmp;

		if (!totalram_pages) {
			memset(zone->_watermark, 0, sizeof(zone->_watermark));
			continue;
		}
		tmp = pages_min * zone->managed_pages / totalram_pages;
		zone->_watermark[WMARK_MIN] = tmp;
		tmp = max(tmp / 4, zone->managed_pages * 10 / 10000);
		zone->_watermark[WMARK_LOW] = zone->_watermark[WMARK_MIN] + tmp;
		zone->_watermark[WMARK_HIGH] = zone->_watermark[WMARK_LOW] + tmp;
	}
}

/*
 * A lower zone keeps managed(higher zones) / ratio pages free against
 * allocations that could have been served higher up (Linux's
 * lowmem_reserve_ratio: 256 for DMA and DMA32, 32 for Normal).
 */
static const int lowmem_reserve_ratio[MAX_NR_ZONES] = { 256, 256, 32 };

static void setup_per_zone_lowmem_reserve(void)
{
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *zone = &NODE_DATA(0)->node_zones[i];
		unsigned long upper = 0;

		for (int j = 0; j <= i; j++)
			zone->lowmem_reserve[j] = 0;
		for (int j = i + 1; j < MAX_NR_ZONES; j++) {
			upper += NODE_DATA(0)->node_zones[j].managed_pages;
			zone->lowmem_reserve[j] = zone->managed_pages ?
				(long)(upper / lowmem_reserve_ratio[i]) : 0;
		}
	}
}

/*
 * Per-CPU list sizes (Linux: zone_batchsize()): about a quarter of a
 * thousandth of the zone, at most 64 pages, rounded to 2^n - 1 so
 * batches do not always line up with buddy blocks; high = 6 batches.
 */
static void zone_pcp_update(struct zone *zone)
{
	unsigned long batch = min(zone->managed_pages >> 10, 256UL) / 4;
	unsigned long pow = 1;

	if (batch < 1)
		batch = 1;
	batch += batch / 2;
	while (pow * 2 <= batch)
		pow *= 2;
	zone->pcp.batch = (int)max(pow - 1, 1UL);
	zone->pcp.high = 6 * zone->pcp.batch;
}

void init_per_zone_wmark_min(void)
{
	unsigned long lowmem_kbytes = totalram_pages * (PAGE_SIZE >> 10);
	long kb = (long)int_sqrt(lowmem_kbytes * 16);
	struct zone *zone;

	min_free_kbytes = (int)min(max(kb, 128L), 262144L);
	setup_per_zone_wmarks();
	setup_per_zone_lowmem_reserve();
	for_each_zone(zone)
		zone_pcp_update(zone);
}
