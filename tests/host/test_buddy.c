/*
 * tests/host/test_buddy.c - mm/page_alloc.c (the buddy allocator, zones,
 * watermarks, per-CPU lists), mm/show_mem.c and mm/fail_page_alloc.c on a
 * fake machine.
 *
 * The fake machine has FAKE_MAX_PFN frames of fake RAM (host_shim.h) in
 * three zones, DMA [0, 2048), DMA32 [2048, 6000) and Normal [6000, 9000):
 * the second boundary is not a multiple of MAX_ORDER_NR_PAGES, so free
 * blocks must stop at it, and max_pfn is not either, so the last block's
 * buddy lies beyond mem_map.  Reserved holes at odd pfns (fake_holes[])
 * break the free memory up.  fake_boot() sets mem_map and the zones up as
 * mm/mm_init.c does, frees the rest with __free_pages_memory() and sets
 * the watermarks.
 *
 * A reference model (model[], one state per pfn, and the list of live
 * blocks) follows every allocation and free.  Each block handed out is
 * checked against it (aligned, free in the model, inside one zone that the
 * gfp allows, fresh struct page state, zeroed if asked), each success or
 * failure against the zone the documented policy predicts (highest allowed
 * zone above its low watermark, then above min or min/2 for __GFP_HIGH,
 * with lowmem_reserve), and the counters after every call.
 * check_free_lists() walks every free list and per-CPU list against the
 * model: well-formed blocks, fully merged buddies, no lost or doubly
 * listed page.  The randomised runs do a million operations each.
 *
 * The watermark numbers of the fake machine are computed by hand in the
 * comments of fake_zone_expect[]; the buddyinfo line of its DMA zone too.
 */
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test.h"
#include "kernel_lib.h"
#include "kernel_shim.h"
#include <mneme/irqflags.h>
#include <mneme/mm.h>

/* ---- the fake machine ------------------------------------------------- */

#define FAKE_MAX_PFN	9000UL
#define FAKE_DMA_END	2048UL
#define FAKE_DMA32_END	6000UL
#define GARBAGE		0x5a	/* fake RAM is full of it at boot */
#define SCRIBBLE	0xa5a5a5a5a5a5a5a5ULL	/* written into freed pages */

_Static_assert(FAKE_MAX_PFN * PAGE_SIZE <= HOST_FAKE_RAM_SIZE,
	       "the fake machine must fit in the fake RAM");

static const unsigned long zone_start[MAX_NR_ZONES] = { 0, FAKE_DMA_END, FAKE_DMA32_END };
static const unsigned long zone_end[MAX_NR_ZONES] = { FAKE_DMA_END, FAKE_DMA32_END, FAKE_MAX_PFN };

/* Reserved frames: firmware, the kernel image, a hole across 4096. */
static const struct { unsigned long start, end; } fake_holes[] = {
	{ 0, 1 }, { 777, 790 }, { 1021, 1023 },		/* DMA */
	{ 3001, 3002 }, { 4095, 4097 },			/* DMA32 */
	{ 6500, 6613 },					/* Normal */
};

/*
 * What init_per_zone_wmark_min() must make of it, by hand:
 * managed = span - holes: DMA 2048 - 16 = 2032, DMA32 3952 - 3 = 3949,
 * Normal 3000 - 113 = 2887; totalram 8868 pages = 35472 kB;
 * min_free_kbytes = floor(sqrt(35472 * 16)) = floor(753.36) = 753;
 * pages_min = 753 / 4 = 188, split by managed / 8868:
 *   DMA   188 * 2032 / 8868 = 43.08 -> 43, + max(43/4, 2032/1000) = 10
 *   DMA32 188 * 3949 / 8868 = 83.72 -> 83, + max(83/4, 3) = 20
 *   Normal 188 * 2887 / 8868 = 61.20 -> 61, + max(61/4, 2) = 15
 * lowmem_reserve (ratio 256 for DMA and DMA32): DMA keeps 3949/256 = 15
 * against DMA32 allocations and (3949 + 2887)/256 = 26 against Normal
 * ones; DMA32 keeps 2887/256 = 11 against Normal ones.
 * pcp: managed >> 10 is at most 3, / 4 = 0 -> 1 -> batch 1, high 6.
 */
static const struct {
	unsigned long managed, min, low, high;
	long reserve[MAX_NR_ZONES];
	int batch, pcp_high;
} fake_zone_expect[MAX_NR_ZONES] = {
	{ 2032, 43, 53, 63, { 0, 15, 26 }, 1, 6 },
	{ 3949, 83, 103, 123, { 0, 0, 11 }, 1, 6 },
	{ 2887, 61, 76, 91, { 0, 0, 0 }, 1, 6 },
};
#define FAKE_TOTALRAM		8868UL
#define FAKE_MIN_FREE_KBYTES	753

/*
 * /proc/buddyinfo of the DMA zone at boot, by hand: [1, 777) is
 * 1 2 4 8 16 32 64 128 256 | 256 8 1, [790, 1021) is 2 8 32 64 64 32 16
 * 8 4 1, [1023, 2048) is 1 1024 (pages per block).
 */
static const unsigned long fake_dma_boot_blocks[NR_PAGE_ORDERS] = {
	4, 2, 2, 4, 2, 3, 3, 1, 2, 0, 1,
};

static struct zone *zone_nr(int z)
{
	return &NODE_DATA(0)->node_zones[z];
}

static int fake_zone_of(unsigned long pfn)
{
	if (pfn < FAKE_DMA_END)
		return ZONE_DMA;
	if (pfn < FAKE_DMA32_END)
		return ZONE_DMA32;
	return ZONE_NORMAL;
}

/* The highest zone a gfp mask allows, from gfp.h's comments. */
static int gfp_highest(gfp_t gfp)
{
	if (gfp & __GFP_DMA)
		return ZONE_DMA;
	if (gfp & __GFP_DMA32)
		return ZONE_DMA32;
	return ZONE_NORMAL;
}

static unsigned char *pfn_ram(unsigned long pfn)
{
	return host_fake_ram + pfn * PAGE_SIZE;
}

/* ---- the reference model ---------------------------------------------- */

enum { M_FREE, M_ALLOC, M_HOLE };

struct live_block {
	unsigned long pfn;
	unsigned int order;
};

static unsigned char model[FAKE_MAX_PFN];
static unsigned long model_alloc[MAX_NR_ZONES];	/* pages, leaks included */
static struct live_block live[FAKE_MAX_PFN];
static unsigned long nr_live;
static unsigned long boot_blocks[MAX_NR_ZONES][NR_PAGE_ORDERS];
static unsigned long nr_failures_seen;	/* alloc_pages() returned NULL */

/* Boot the fake machine the way mm/mm_init.c boots the real one. */
static void fake_boot(void)
{
	host_printk_reset();
	fail_page_alloc_setup("0");
	memset(&contig_page_data, 0, sizeof(contig_page_data));
	totalram_pages = 0;
	nr_bad_pages = 0;
	min_free_kbytes = 0;

	free(mem_map);
	mem_map = calloc(FAKE_MAX_PFN, sizeof(*mem_map));	/* ASan-bounded */
	max_pfn = FAKE_MAX_PFN;
	memset(model, M_FREE, sizeof(model));
	for (size_t i = 0; i < ARRAY_SIZE(fake_holes); i++)
		memset(model + fake_holes[i].start, M_HOLE,
		       fake_holes[i].end - fake_holes[i].start);
	for (unsigned long pfn = 0; pfn < FAKE_MAX_PFN; pfn++) {
		struct page *page = &mem_map[pfn];

		set_page_zone(page, fake_zone_of(pfn));
		SetPageReserved(page);
		set_page_count(page, 1);
		page->_mapcount = -1;
		INIT_LIST_HEAD(&page->lru);
	}
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		unsigned long present = 0;

		for (unsigned long pfn = zone_start[z]; pfn < zone_end[z]; pfn++)
			present += model[pfn] != M_HOLE;
		init_zone(zone_nr(z), z, zone_start[z], zone_end[z], present);
	}
	contig_page_data.node_start_pfn = 0;
	contig_page_data.node_spanned_pages = FAKE_MAX_PFN;

	/* Each run of free frames between the holes, as memblock would. */
	for (unsigned long pfn = 0; pfn < FAKE_MAX_PFN;) {
		unsigned long end = pfn;

		while (end < FAKE_MAX_PFN && model[end] == M_FREE)
			end++;
		if (end > pfn)
			__free_pages_memory(pfn, end);
		pfn = end + 1;
	}
	init_per_zone_wmark_min();

	memset(host_fake_ram, GARBAGE, FAKE_MAX_PFN * PAGE_SIZE);
	memset(model_alloc, 0, sizeof(model_alloc));
	nr_live = 0;
	nr_failures_seen = 0;
	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			boot_blocks[z][o] = zone_nr(z)->free_area[o].nr_free;
}

/* Every byte of the block zero?  Small blocks fully, big ones sampled. */
static bool block_is_zero(unsigned long pfn, unsigned int order)
{
	static const unsigned char zero_page[PAGE_SIZE];

	for (unsigned long i = 0; i < (1UL << order); i++) {
		const unsigned char *p = pfn_ram(pfn + i);

		if (order <= 2) {
			if (memcmp(p, zero_page, PAGE_SIZE))
				return false;
			continue;
		}
		for (int k = 0; k < 6; k++) {
			size_t off = k < 3 ? (size_t)k * (PAGE_SIZE / 2 - 4) :
				     test_rand_below(PAGE_SIZE / 8) * 8;
			u64 v;

			memcpy(&v, p + off, sizeof(v));
			if (v)
				return false;
		}
	}
	return true;
}

/* Dirty a block before it is freed, so __GFP_ZERO has work to do. */
static void scribble(unsigned long pfn, unsigned int order)
{
	if (order <= 1) {
		memset(pfn_ram(pfn), 0xa5, PAGE_SIZE << order);
		return;
	}
	for (unsigned long i = 0; i < (1UL << order); i++) {
		u64 v = SCRIBBLE;

		memcpy(pfn_ram(pfn + i), &v, sizeof(v));
		memcpy(pfn_ram(pfn + i) + PAGE_SIZE / 2, &v, sizeof(v));
		memcpy(pfn_ram(pfn + i) + PAGE_SIZE - 8, &v, sizeof(v));
	}
}

#define ZONE_BITS(z)	((unsigned long)(z) << ZONES_PGSHIFT)

/*
 * A block just handed out: check it against the model and take it there.
 * gfp decides the zones allowed; want_zero whether it must read as zero.
 */
static bool model_take(const char *file, int line, struct page *page,
		       unsigned int order, gfp_t gfp, bool want_zero)
{
	unsigned long pfn = page_to_pfn(page), n = 1UL << order;
	int z;

	if (page < mem_map || pfn >= max_pfn || pfn + n > max_pfn) {
		test_fail_at(file, line, "page %p (pfn %lu) order %u outside mem_map",
			     (void *)page, pfn, order);
		return false;
	}
	z = fake_zone_of(pfn);
	if (pfn & (n - 1))
		test_fail_at(file, line, "pfn %lu not aligned to order %u", pfn, order);
	if (fake_zone_of(pfn + n - 1) != z)
		test_fail_at(file, line, "block %lu order %u crosses a zone boundary", pfn, order);
	if (z > gfp_highest(gfp))
		test_fail_at(file, line, "block %lu from zone %d, gfp %#x allows only up to %d",
			     pfn, z, gfp, gfp_highest(gfp));
	for (unsigned long i = 0; i < n; i++) {
		const struct page *p = page + i;

		if (model[pfn + i] != M_FREE) {
			test_fail_at(file, line, "block %lu order %u: pfn %lu is %s",
				     pfn, order, pfn + i,
				     model[pfn + i] == M_HOLE ? "a hole" : "already allocated");
			return false;
		}
		if (p->_refcount != (i ? 0 : 1) || p->_mapcount != -1 || p->mapping ||
		    p->flags != ZONE_BITS(z) || (!i && p->private)) {
			test_fail_at(file, line,
				     "new block %lu order %u: page %lu has refcount %d mapcount %d mapping %p flags %#lx private %lu",
				     pfn, order, pfn + i, p->_refcount, p->_mapcount,
				     (void *)p->mapping, p->flags, p->private);
			return false;
		}
	}
	if (want_zero && !block_is_zero(pfn, order))
		test_fail_at(file, line, "__GFP_ZERO block %lu order %u is not zero", pfn, order);
	memset(model + pfn, M_ALLOC, n);
	model_alloc[z] += n;
	live[nr_live++] = (struct live_block){ pfn, order };
	return !test_failed();
}

/* The model's side of freeing live[idx]. */
static void model_release(unsigned long idx)
{
	struct live_block b = live[idx];

	memset(model + b.pfn, M_FREE, 1UL << b.order);
	model_alloc[fake_zone_of(b.pfn)] -= 1UL << b.order;
	live[idx] = live[--nr_live];
}

/* Forget a live block without freeing it in the model (a leak). */
static void model_leak(unsigned long pfn)
{
	for (unsigned long i = 0; i < nr_live; i++)
		if (live[i].pfn == pfn) {
			live[i] = live[--nr_live];
			return;
		}
}

static long live_index(unsigned long pfn)
{
	for (unsigned long i = 0; i < nr_live; i++)
		if (live[i].pfn == pfn)
			return (long)i;
	return -1;
}

/*
 * The invariant between calls: each zone's managed pages are in the buddy
 * (NR_FREE_PAGES), on the pcp list, or handed out; and interrupts are on.
 */
static bool counters_ok(const char *file, int line)
{
	bool ok = true;

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = zone_nr(z);
		long sum = zone->vm_stat[NR_FREE_PAGES] + zone->pcp.count +
			   (long)model_alloc[z];

		if (sum != (long)zone->managed_pages) {
			test_fail_at(file, line,
				     "zone %s: NR_FREE_PAGES %ld + pcp %d + allocated %lu != managed %lu",
				     zone->name, zone->vm_stat[NR_FREE_PAGES], zone->pcp.count,
				     model_alloc[z], zone->managed_pages);
			ok = false;
		}
	}
	if (irqs_disabled()) {
		test_fail_at(file, line, "interrupts left disabled");
		local_irq_enable();
		ok = false;
	}
	return ok;
}
#define COUNTERS_OK()	counters_ok(__FILE__, __LINE__)

/* The one free block of order o at pfn, as the walk expects it. */
static bool check_free_block(const char *file, int line, int z,
			     unsigned int o, const struct page *page,
			     unsigned char *covered)
{
	unsigned long pfn = page_to_pfn(page), n = 1UL << o;

	if (page < mem_map || pfn >= max_pfn) {
		test_fail_at(file, line, "zone %d order %u: list entry %p is not in mem_map",
			     z, o, (const void *)page);
		return false;
	}
	if (!PageBuddy(page) || page->private != o || (pfn & (n - 1)) ||
	    pfn < zone_start[z] || pfn + n > zone_end[z] ||
	    page_zonenum(page) != (enum zone_type)z) {
		test_fail_at(file, line,
			     "zone %d order %u: bad free block at pfn %lu (buddy %d, private %lu, zone bits %d)",
			     z, o, pfn, PageBuddy(page), page->private, page_zonenum(page));
		return false;
	}
	for (unsigned long i = 0; i < n; i++) {
		const struct page *p = page + i;

		if (model[pfn + i] != M_FREE || covered[pfn + i] ||
		    p->_refcount || p->_mapcount != -1 || p->mapping ||
		    (i && PageBuddy(p))) {
			test_fail_at(file, line,
				     "zone %d order %u block %lu: pfn %lu is %s (refcount %d, mapcount %d, buddy %d)",
				     z, o, pfn, pfn + i,
				     covered[pfn + i] ? "on a free list twice" :
				     model[pfn + i] == M_HOLE ? "a hole" :
				     model[pfn + i] == M_ALLOC ? "allocated" : "not free",
				     p->_refcount, p->_mapcount, PageBuddy(p));
			return false;
		}
		covered[pfn + i] = 1;
	}
	if (o < MAX_ORDER) {	/* merging went as far as it could */
		unsigned long buddy = pfn ^ n;

		if (buddy < max_pfn && fake_zone_of(buddy) == z &&
		    PageBuddy(&mem_map[buddy]) && mem_map[buddy].private == o) {
			test_fail_at(file, line, "zone %d: free buddies %lu and %lu of order %u not merged",
				     z, pfn, buddy, o);
			return false;
		}
	}
	return true;
}

/* The length of a list, or -1 if its links are broken or it loops. */
static long walk_list(const char *file, int line, const char *what,
		      struct list_head *head)
{
	long n = 0;

	for (struct list_head *pos = head->next; pos != head; pos = pos->next) {
		if (pos->next->prev != pos || ++n > (long)max_pfn) {
			test_fail_at(file, line, "%s: broken links", what);
			return -1;
		}
	}
	return n;
}

/*
 * The full consistency walk: every free list and pcp list against the
 * model and the counters, and every free page of the model on exactly one
 * of them.
 */
static bool check_free_lists(const char *file, int line)
{
	static unsigned char covered[FAKE_MAX_PFN];

	memset(covered, 0, sizeof(covered));
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = zone_nr(z);
		unsigned long pages = 0;
		struct page *page;
		long n;

		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
			struct free_area *area = &zone->free_area[o];

			n = walk_list(file, line, "free list", &area->free_list);
			if (n < 0)
				return false;
			if ((unsigned long)n != area->nr_free) {
				test_fail_at(file, line, "zone %s order %u: %ld blocks listed, nr_free %lu",
					     zone->name, o, n, area->nr_free);
				return false;
			}
			list_for_each_entry(page, &area->free_list, lru)
				if (!check_free_block(file, line, z, o, page, covered))
					return false;
			pages += (unsigned long)n << o;
		}
		if ((long)pages != zone->vm_stat[NR_FREE_PAGES]) {
			test_fail_at(file, line, "zone %s: %lu pages on the free lists, NR_FREE_PAGES %ld",
				     zone->name, pages, zone->vm_stat[NR_FREE_PAGES]);
			return false;
		}
		n = walk_list(file, line, "pcp list", &zone->pcp.list);
		if (n < 0)
			return false;
		if (n != zone->pcp.count || (zone->pcp.enabled && n >= zone->pcp.high) ||
		    (!zone->pcp.enabled && n)) {
			test_fail_at(file, line, "zone %s: pcp list has %ld pages, count %d, high %d, enabled %d",
				     zone->name, n, zone->pcp.count, zone->pcp.high,
				     zone->pcp.enabled);
			return false;
		}
		list_for_each_entry(page, &zone->pcp.list, lru) {
			unsigned long pfn = page_to_pfn(page);

			if (pfn >= max_pfn || fake_zone_of(pfn) != z || model[pfn] != M_FREE ||
			    covered[pfn] || PageBuddy(page) || page->_refcount) {
				test_fail_at(file, line, "zone %s: bad pcp page %lu", zone->name, pfn);
				return false;
			}
			covered[pfn] = 1;
		}
	}
	for (unsigned long pfn = 0; pfn < max_pfn; pfn++)
		if (model[pfn] == M_FREE && !covered[pfn]) {
			test_fail_at(file, line, "free pfn %lu is on no free list and no pcp list", pfn);
			return false;
		}
	return counters_ok(file, line);
}
#define CHECK_FREE_LISTS()	check_free_lists(__FILE__, __LINE__)

/*
 * Would the zone have a free block of at least this order once its pcp
 * pages went back to the buddy?  A block it has now stays; a new one can
 * only form around a pcp page.  (That such a range merges into one block
 * is the walk's "fully merged" check.)
 */
static bool has_block_after_drain(int z, unsigned int order)
{
	struct zone *zone = zone_nr(z);
	unsigned long n = 1UL << order;
	struct page *page;

	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++)
		if (zone->free_area[o].nr_free)
			return true;
	list_for_each_entry(page, &zone->pcp.list, lru) {
		unsigned long start = page_to_pfn(page) & ~(n - 1), i;

		if (start < zone_start[z] || start + n > zone_end[z])
			continue;
		for (i = 0; i < n && model[start + i] == M_FREE; i++)
			;
		if (i == n)
			return true;
	}
	return false;
}

/*
 * Which zone the policy says alloc_pages(gfp, order) takes from: the
 * highest allowed zone that keeps at least its low watermark (plus its
 * lowmem_reserve against the requested zone) after the allocation and has
 * a block that big; failing that, the same with the min watermark, of
 * which __GFP_HIGH callers may use half; failing that, the same again
 * after the pcp lists are drained; -1 if none.
 */
static int predict_zone(gfp_t gfp, unsigned int order, int *pass_out)
{
	int highest = gfp_highest(gfp);

	for (int pass = 0; pass < 3; pass++) {
		for (int z = highest; z >= 0; z--) {
			struct zone *zone = zone_nr(z);
			long mark = pass == 0 ? (long)low_wmark_pages(zone) :
				    (long)min_wmark_pages(zone);
			long left = zone->vm_stat[NR_FREE_PAGES] - (1L << order);
			bool has_block = false;

			if (!populated_zone(zone))
				continue;
			if (pass > 0 && (gfp & __GFP_HIGH))
				mark -= mark / 2;
			if (pass == 2)
				left += zone->pcp.count;
			if (left < mark + zone->lowmem_reserve[highest])
				continue;
			if (pass == 2) {
				has_block = has_block_after_drain(z, order);
			} else {
				for (unsigned int o = order; o < NR_PAGE_ORDERS; o++)
					has_block |= zone->free_area[o].nr_free > 0;
			}
			if (has_block) {
				*pass_out = pass;
				return z;
			}
		}
	}
	return -1;
}

/* The allocating calls a test may go through. */
enum alloc_call { ALLOC_PAGES, GET_FREE_PAGES, GET_ZEROED_PAGE };

static struct page *alloc_through(enum alloc_call call, gfp_t gfp,
				  unsigned int order)
{
	unsigned long addr;

	switch (call) {
	case GET_FREE_PAGES:
		addr = __get_free_pages(gfp, order);
		break;
	case GET_ZEROED_PAGE:		/* order 0, and zeroed anyway */
		addr = get_zeroed_page(gfp & ~__GFP_ZERO);
		break;
	default:
		return alloc_pages(gfp, order);
	}
	if (addr & (PAGE_SIZE - 1))
		TEST_FAIL("address %#lx is not page-aligned", addr);
	return addr ? virt_to_page((void *)addr) : NULL;
}

/*
 * Allocate, and check the outcome against the policy and the model: it
 * fails exactly when predict_zone() finds no zone, and otherwise comes
 * from that zone.  Without a drain in between, it is also the right
 * block: the hot end of the pcp list for order 0 (when that has pages),
 * else the first block of the smallest order that is big enough, with
 * its unused halves back on the lists below (expand()).
 */
static struct page *checked_alloc_through(const char *file, int line,
					  enum alloc_call call, gfp_t gfp,
					  unsigned int order)
{
	unsigned long before[NR_PAGE_ORDERS];
	struct page *page, *hot = NULL, *first = NULL;
	int pass = 0, want = predict_zone(gfp, order, &pass);
	struct zone *zone = want >= 0 ? zone_nr(want) : NULL;
	unsigned int smallest = NR_PAGE_ORDERS;

	if (zone) {
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
			before[o] = zone->free_area[o].nr_free;
			if (o >= order && before[o] && smallest == NR_PAGE_ORDERS)
				smallest = o;
		}
		if (order == 0 && zone->pcp.enabled && zone->pcp.count)
			hot = list_first_entry(&zone->pcp.list, struct page, lru);
		if (smallest < NR_PAGE_ORDERS)
			first = list_first_entry(&zone->free_area[smallest].free_list,
						 struct page, lru);
	}
	page = alloc_through(call, gfp, order);
	if (!page) {
		nr_failures_seen++;
		if (zone)
			test_fail_at(file, line, "order %u gfp %#x failed, but zone %s could serve it",
				     order, gfp, zone->name);
		return NULL;
	}
	if (!zone || page_zonenum(page) != (enum zone_type)want) {
		test_fail_at(file, line, "order %u gfp %#x came from zone %d, policy says %d",
			     order, gfp, page_zonenum(page), want);
		return NULL;
	}
	if (hot && pass < 2 && page != hot)
		test_fail_at(file, line, "order 0 from zone %s: pfn %lu, not the pcp list's hot page %lu",
			     zone->name, page_to_pfn(page), page_to_pfn(hot));
	if (pass < 2 && !hot && (order > 0 || !zone->pcp.enabled)) {
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
			long want_delta = o == smallest ? -1 : (o >= order && o < smallest);

			if ((long)(zone->free_area[o].nr_free - before[o]) != want_delta) {
				test_fail_at(file, line,
					     "order %u from zone %s: free blocks of order %u went %lu -> %lu, smallest fit was order %u",
					     order, zone->name, o, before[o],
					     zone->free_area[o].nr_free, smallest);
				break;
			}
		}
		if (page != first)
			test_fail_at(file, line, "order %u: got pfn %lu, not the first order-%u block %lu",
				     order, page_to_pfn(page), smallest,
				     first ? page_to_pfn(first) : 0);
	}
	if (!model_take(file, line, page, order, gfp, gfp & __GFP_ZERO))
		return NULL;
	return page;
}

static struct page *checked_alloc(const char *file, int line, gfp_t gfp,
				  unsigned int order)
{
	return checked_alloc_through(file, line, ALLOC_PAGES, gfp, order);
}
#define CHECKED_ALLOC(gfp, order)	checked_alloc(__FILE__, __LINE__, gfp, order)

/* Free live[idx] through one of the freeing calls; the model follows. */
static void free_live(unsigned long idx, unsigned int how)
{
	struct live_block b = live[idx];
	struct page *page = pfn_to_page(b.pfn);

	scribble(b.pfn, b.order);
	model_release(idx);
	if (test_rand_chance(30)) {
		/* What an owner may leave behind; the next owner must not see it. */
		struct page *p = page + test_rand_below(1UL << b.order);

		p->flags |= (1UL << PG_referenced) | (1UL << PG_uptodate) | (1UL << PG_dirty);
		page->private = test_rand_u64();
	}
	switch (how % 3) {
	case 0:
		__free_pages(page, b.order);
		break;
	case 1:
		free_pages((unsigned long)page_address(page), b.order);
		break;
	default:
		if (b.order == 0)
			put_page(page);
		else
			__free_pages(page, b.order);
	}
}

static void free_all_live(void)
{
	while (nr_live)
		free_live(nr_live - 1, (unsigned int)nr_live);
}

/* Everything free again: counters and blocks exactly as after boot. */
static void expect_boot_state(const char *file, int line)
{
	drain_local_pages();
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = zone_nr(z);

		test_check_int(file, line, "EXPECT_EQ", "NR_FREE_PAGES", "managed_pages",
			       zone->vm_stat[NR_FREE_PAGES], (long long)zone->managed_pages, true);
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			if (zone->free_area[o].nr_free != boot_blocks[z][o])
				test_fail_at(file, line, "zone %s order %d: %lu free blocks, %lu at boot",
					     zone->name, o, zone->free_area[o].nr_free,
					     boot_blocks[z][o]);
	}
	check_free_lists(file, line);
}
#define EXPECT_BOOT_STATE()	expect_boot_state(__FILE__, __LINE__)

/* ---- boot ------------------------------------------------------------- */

TEST(boot_frees_every_frame_but_the_holes_in_maximal_blocks)
{
	fake_boot();
	ASSERT_TRUE(CHECK_FREE_LISTS());
	EXPECT_EQ(totalram_pages, FAKE_TOTALRAM);
	EXPECT_EQ(nr_free_pages(), FAKE_TOTALRAM);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = zone_nr(z);

		EXPECT_EQ(zone->managed_pages, fake_zone_expect[z].managed);
		EXPECT_EQ(zone->present_pages, fake_zone_expect[z].managed);
		EXPECT_EQ(zone->spanned_pages, zone_end[z] - zone_start[z]);
		EXPECT_EQ(zone_page_state(zone, NR_FREE_PAGES), zone->managed_pages);
	}
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		EXPECT_EQ(zone_nr(ZONE_DMA)->free_area[o].nr_free, fake_dma_boot_blocks[o]);
	/* Holes stay reserved, as mm_init.c left them. */
	for (size_t i = 0; i < ARRAY_SIZE(fake_holes); i++) {
		struct page *page = pfn_to_page(fake_holes[i].start);

		EXPECT_TRUE(PageReserved(page));
		EXPECT_EQ(page_count(page), 1);
	}
	/* The blocks on both sides of the unaligned DMA32/Normal boundary. */
	EXPECT_TRUE(PageBuddy(pfn_to_page(5984)));
	EXPECT_EQ(pfn_to_page(5984)->private, 4);
	EXPECT_TRUE(PageBuddy(pfn_to_page(6000)));
	EXPECT_EQ(pfn_to_page(6000)->private, 4);
	/* The last block's buddy (8992 ^ 8 = 9000) is past max_pfn. */
	EXPECT_TRUE(PageBuddy(pfn_to_page(8992)));
	EXPECT_EQ(pfn_to_page(8992)->private, 3);
}

/* ---- randomised runs against the model -------------------------------- */

static unsigned int random_order(void)
{
	/* Weighted towards small blocks, as real callers are. */
	static const unsigned char weight[NR_PAGE_ORDERS] = {
		50, 15, 10, 7, 5, 4, 3, 2, 2, 1, 1,
	};
	unsigned int r = (unsigned int)test_rand_below(100);

	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		if (r < weight[o])
			return o;
		r -= weight[o];
	}
	return 0;
}

static gfp_t random_gfp(unsigned int order)
{
	static const gfp_t base[] = {
		GFP_KERNEL, GFP_KERNEL, GFP_KERNEL, GFP_KERNEL, GFP_USER, GFP_USER,
		GFP_KERNEL | __GFP_DMA32, GFP_KERNEL | __GFP_DMA32, GFP_DMA32,
		GFP_KERNEL | GFP_DMA, GFP_DMA, GFP_ATOMIC, GFP_ATOMIC | __GFP_DMA32,
		GFP_NOWAIT,
	};
	gfp_t gfp = base[test_rand_below(ARRAY_SIZE(base))] | __GFP_NOWARN;

	/* Zeroing is the slow part: often for small blocks, rarely for big. */
	if (test_rand_chance(order <= 3 ? 10 : 1))
		gfp |= __GFP_ZERO;
	return gfp;
}

/* One allocation through one of the allocating calls. */
static void random_alloc(const char *file, int line)
{
	unsigned int order = random_order();
	gfp_t gfp = random_gfp(order);
	enum alloc_call call = ALLOC_PAGES;

	switch (test_rand_below(8)) {
	case 0:
		call = GET_FREE_PAGES;
		break;
	case 1:
		if (order == 0 && (gfp & __GFP_ZERO))
			call = GET_ZEROED_PAGE;
		break;
	}
	checked_alloc_through(file, line, call, gfp, order);
}

/*
 * nr_ops random allocations and frees.  The fill target moves every 20000
 * operations between empty and more than all of RAM, so the run visits
 * plenty of free memory, the watermarks, zone fallback and exhaustion.
 */
static void random_run(unsigned long nr_ops, bool big_pcp_batches)
{
	unsigned long target = 0, live_pages = 0;

	for (unsigned long op = 0; op < nr_ops && !test_failed(); op++) {
		bool grow;

		if (op % 20000 == 0)
			target = test_rand_below(FAKE_TOTALRAM * 6 / 5);
		if (big_pcp_batches && op == nr_ops / 2) {
			/* As on a bigger machine; raising high keeps count < high. */
			zone_nr(ZONE_DMA32)->pcp.batch = 15;
			zone_nr(ZONE_DMA32)->pcp.high = 90;
			zone_nr(ZONE_NORMAL)->pcp.batch = 7;
			zone_nr(ZONE_NORMAL)->pcp.high = 42;
		}
		grow = nr_live == 0 || test_rand_chance(live_pages < target ? 65 : 35);
		if (grow) {
			if (test_rand_below(1000) == 0) {
				/* Too big: never served, nothing changes. */
				if (alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_ORDER + 1))
					TEST_FAIL("order MAX_ORDER + 1 was served");
			} else {
				random_alloc(__FILE__, __LINE__);
			}
		} else {
			free_live(test_rand_below(nr_live), (unsigned int)test_rand_below(3));
		}
		if (test_rand_below(2000) == 0)
			drain_local_pages();
		live_pages = 0;
		for (int z = 0; z < MAX_NR_ZONES; z++)
			live_pages += model_alloc[z];
		COUNTERS_OK();
		if (op % 10000 == 9999)
			CHECK_FREE_LISTS();
	}
	CHECK_FREE_LISTS();
}

TEST(random_alloc_free_million_ops_with_pcp)
{
	fake_boot();
	random_run(1000000, true);
	/* The run did reach exhaustion and the watermarks. */
	EXPECT_TRUE(nr_failures_seen > 1000);
	free_all_live();
	EXPECT_BOOT_STATE();
}

TEST(random_alloc_free_million_ops_without_pcp)
{
	fake_boot();
	pcp_set_enabled(false);
	random_run(1000000, false);
	EXPECT_TRUE(nr_failures_seen > 1000);
	free_all_live();
	EXPECT_BOOT_STATE();
}

TEST(freeing_everything_restores_the_boot_blocks)
{
	fake_boot();
	random_run(30000, false);
	free_all_live();
	/* Before the drain, pages may still sit on the pcp lists. */
	drain_local_pages();
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		EXPECT_EQ(zone_nr(z)->pcp.count, 0);
		EXPECT_EQ(zone_page_state(zone_nr(z), NR_FREE_PAGES),
			  zone_nr(z)->managed_pages);
	}
	EXPECT_BOOT_STATE();
	EXPECT_EQ(nr_free_pages(), FAKE_TOTALRAM);
}

/* ---- bad frees -------------------------------------------------------- */

struct free_snapshot {
	long free[MAX_NR_ZONES];
	int pcp[MAX_NR_ZONES];
	long freed[MAX_NR_ZONES];
	unsigned long blocks[MAX_NR_ZONES][NR_PAGE_ORDERS];
};

static void take_snapshot(struct free_snapshot *s)
{
	memset(s, 0, sizeof(*s));	/* padding too: compared with memcmp */
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		s->free[z] = zone_nr(z)->vm_stat[NR_FREE_PAGES];
		s->pcp[z] = zone_nr(z)->pcp.count;
		s->freed[z] = zone_nr(z)->vm_stat[NR_ZONE_FREE];
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			s->blocks[z][o] = zone_nr(z)->free_area[o].nr_free;
	}
}

static void expect_unchanged(const char *file, int line, const struct free_snapshot *a)
{
	struct free_snapshot b;

	take_snapshot(&b);
	if (memcmp(a, &b, sizeof(b)))
		test_fail_at(file, line, "a rejected free changed the free lists or counters");
}

/* The report names the page, and says why. */
static void expect_bad_page_report(const char *file, int line, unsigned long pfn,
				   const char *reason, unsigned long bad_before)
{
	char head[64];

	snprintf(head, sizeof(head), "BUG: Bad page state: pfn:%05lx\n", pfn);
	test_check_int(file, line, "EXPECT_EQ", "nr_bad_pages", "bad_before + 1",
		       (long long)nr_bad_pages, (long long)bad_before + 1, true);
	if (!host_printk_contains(head) || !host_printk_contains(reason)) {
		test_fail_at(file, line, "expected \"%s\" and \"%s\" in the log", head, reason);
		test_note_str(file, line, "log:", host_printk_buffer());
	}
}

static void double_free_case(const char *file, int line, bool pcp, unsigned int order)
{
	struct free_snapshot snap;
	unsigned long bad = nr_bad_pages, pfn;
	struct page *page;

	pcp_set_enabled(pcp);
	page = checked_alloc(file, line, GFP_KERNEL | __GFP_NOWARN, order);
	if (!page)
		return;
	pfn = page_to_pfn(page);
	model_release(live_index(pfn));
	__free_pages(page, order);
	take_snapshot(&snap);
	host_printk_reset();
	__free_pages(page, order);
	expect_bad_page_report(file, line, pfn, "double free", bad);
	expect_unchanged(file, line, &snap);
	check_free_lists(file, line);
}

TEST(double_free_is_reported_and_changes_nothing)
{
	fake_boot();
	double_free_case(__FILE__, __LINE__, true, 0);
	double_free_case(__FILE__, __LINE__, false, 0);
	double_free_case(__FILE__, __LINE__, true, 3);
	double_free_case(__FILE__, __LINE__, false, MAX_ORDER);
	/* A page freed twice through put_page(). */
	{
		struct page *page = CHECKED_ALLOC(GFP_KERNEL, 0);
		unsigned long bad = nr_bad_pages;

		ASSERT_TRUE(page != NULL);
		model_release(live_index(page_to_pfn(page)));
		put_page(page);
		put_page(page);
		EXPECT_EQ(nr_bad_pages, bad + 1);
	}
	EXPECT_TRUE(CHECK_FREE_LISTS());
	free_all_live();
	EXPECT_BOOT_STATE();
}

/*
 * A free the allocator cannot even look at: outside mem_map, not aligned
 * to its order, or running past the end of memory.  Refused with a report
 * before any struct page of the block is read (ASan would see that).
 */
static void refused_free_case(const char *file, int line, struct page *page,
			      unsigned int order)
{
	unsigned long bad = nr_bad_pages;
	struct free_snapshot snap;

	take_snapshot(&snap);
	host_printk_reset();
	__free_pages(page, order);
	test_check_int(file, line, "EXPECT_EQ", "nr_bad_pages", "bad + 1",
		       (long long)nr_bad_pages, (long long)bad + 1, true);
	if (!host_printk_contains("BUG: freeing pfn")) {
		test_fail_at(file, line, "no report");
		test_note_str(file, line, "log:", host_printk_buffer());
	}
	expect_unchanged(file, line, &snap);
}

TEST(free_of_a_block_outside_memory_or_unaligned_is_refused)
{
	struct page *page = NULL;

	fake_boot();
	/* The order-3 block at 8992 ends at max_pfn (its buddy is past it). */
	for (int i = 0; i < 1000; i++) {
		page = CHECKED_ALLOC(GFP_KERNEL, 3);
		ASSERT_TRUE(page != NULL);
		if (page_to_pfn(page) == 8992)
			break;
	}
	ASSERT_EQ(page_to_pfn(page), 8992);
	refused_free_case(__FILE__, __LINE__, page, 4);		/* [8992, 9008) */
	refused_free_case(__FILE__, __LINE__, page, MAX_ORDER + 1);
	refused_free_case(__FILE__, __LINE__, page, 200);
	refused_free_case(__FILE__, __LINE__, page + 1, 1);		/* unaligned */
	refused_free_case(__FILE__, __LINE__, mem_map + max_pfn, 0);	/* past mem_map */
	EXPECT_EQ(page_count(page), 1);		/* still the caller's */
	EXPECT_TRUE(CHECK_FREE_LISTS());
	free_all_live();
	EXPECT_BOOT_STATE();
}

enum corruption { C_MAPCOUNT, C_SLAB, C_MAPPING, C_RESERVED, C_LOCKED, C_TAIL_REFCOUNT };

static void corrupt(struct page *page, enum corruption how)
{
	static int fake_address_space;

	switch (how) {
	case C_MAPCOUNT:
		page->_mapcount = 0;
		break;
	case C_SLAB:
		SetPageSlab(page);
		break;
	case C_MAPPING:
		page->mapping = (struct address_space *)&fake_address_space;
		break;
	case C_RESERVED:
		SetPageReserved(page);
		break;
	case C_LOCKED:
		SetPageLocked(page);
		break;
	case C_TAIL_REFCOUNT:
		page->_refcount = 1;
		break;
	}
}

/*
 * Free a block of order with page `which` of it corrupted: the free must
 * be refused with a report naming that page, and the block leaked.
 */
static void bad_state_case(const char *file, int line, unsigned int order,
			   unsigned long which, enum corruption how,
			   const char *reason)
{
	unsigned long bad = nr_bad_pages, pfn;
	struct free_snapshot snap;
	struct page *page;

	page = checked_alloc(file, line, GFP_KERNEL | __GFP_NOWARN, order);
	if (!page)
		return;
	pfn = page_to_pfn(page);
	corrupt(page + which, how);
	model_leak(pfn);	/* the allocator must never hand it out again */
	take_snapshot(&snap);
	host_printk_reset();
	__free_pages(page, order);
	expect_bad_page_report(file, line, pfn + which, reason, bad);
	expect_unchanged(file, line, &snap);
	check_free_lists(file, line);
}

TEST(freeing_a_page_in_use_is_reported_and_the_page_leaked)
{
	fake_boot();
	for (int pcp = 0; pcp < 2; pcp++) {
		pcp_set_enabled(pcp);
		bad_state_case(__FILE__, __LINE__, 0, 0, C_MAPCOUNT, "nonzero mapcount");
		bad_state_case(__FILE__, __LINE__, 0, 0, C_SLAB, "PAGE_FLAGS_CHECK_AT_FREE");
		bad_state_case(__FILE__, __LINE__, 0, 0, C_MAPPING, "non-NULL mapping");
		bad_state_case(__FILE__, __LINE__, 0, 0, C_RESERVED, "PAGE_FLAGS_CHECK_AT_FREE");
		bad_state_case(__FILE__, __LINE__, 2, 0, C_LOCKED, "PAGE_FLAGS_CHECK_AT_FREE");
		bad_state_case(__FILE__, __LINE__, 2, 3, C_MAPPING, "non-NULL mapping");
		bad_state_case(__FILE__, __LINE__, 4, 9, C_TAIL_REFCOUNT, "nonzero _refcount on a tail page");
		bad_state_case(__FILE__, __LINE__, 3, 7, C_SLAB, "PAGE_FLAGS_CHECK_AT_FREE");
	}
	EXPECT_EQ(nr_bad_pages, 16);
	EXPECT_TRUE(host_printk_contains("flags: "));
	/* The leaked pages are never handed out again: take all there is. */
	pcp_set_enabled(false);
	while (CHECKED_ALLOC(GFP_ATOMIC | __GFP_NOWARN, 0))
		;
	EXPECT_TRUE(CHECK_FREE_LISTS());
	free_all_live();
	EXPECT_TRUE(CHECK_FREE_LISTS());
}

TEST(corrupted_free_page_is_reported_at_alloc_and_skipped)
{
	struct page *victim = NULL, *page;
	struct zone *normal;

	fake_boot();
	pcp_set_enabled(false);
	normal = zone_nr(ZONE_NORMAL);
	/* The block the next order-0 allocation splits: the smallest's head. */
	for (int o = 0; o < NR_PAGE_ORDERS && !victim; o++)
		if (normal->free_area[o].nr_free)
			victim = list_first_entry(&normal->free_area[o].free_list,
						  struct page, lru);
	ASSERT_TRUE(victim != NULL);
	victim->mapping = (struct address_space *)victim;
	host_printk_reset();
	page = alloc_pages(GFP_KERNEL, 0);
	ASSERT_TRUE(page != NULL);
	EXPECT_TRUE(page != victim);
	EXPECT_EQ(nr_bad_pages, 1);
	EXPECT_TRUE(host_printk_contains("non-NULL mapping on a free page"));
	/* The model: the victim is leaked, page is live. */
	victim->mapping = NULL;
	memset(model + page_to_pfn(victim), M_ALLOC, 1);
	model_alloc[ZONE_NORMAL]++;
	ASSERT_TRUE(model_take(__FILE__, __LINE__, page, 0, GFP_KERNEL, false));
	EXPECT_TRUE(CHECK_FREE_LISTS());
}

/* ---- alloc_pages_exact, order limits ----------------------------------- */

static long total_free(void)
{
	long n = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		n += zone_nr(z)->vm_stat[NR_FREE_PAGES] + zone_nr(z)->pcp.count;
	return n;
}

TEST(alloc_pages_exact_gives_back_the_tail)
{
	static const size_t sizes[] = {
		1, PAGE_SIZE - 1, PAGE_SIZE, PAGE_SIZE + 1, 3 * PAGE_SIZE,
		5 * PAGE_SIZE + 1, 600 * PAGE_SIZE, 513 * PAGE_SIZE - 100,
		PAGE_SIZE << MAX_ORDER,
	};

	fake_boot();
	for (int pcp = 1; pcp >= 0; pcp--) {
		pcp_set_enabled(pcp);
		for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
			size_t size = sizes[i];
			unsigned long nr = PFN_UP(size), pfn;
			long before = total_free();
			void *virt = alloc_pages_exact(size, GFP_KERNEL | __GFP_ZERO);
			struct page *page;

			ASSERT_TRUE(virt != NULL);
			page = virt_to_page(virt);
			pfn = page_to_pfn(page);
			EXPECT_EQ(total_free(), before - (long)nr);
			/* nr independent pages, each zeroed and with one reference. */
			for (unsigned long k = 0; k < nr; k++) {
				EXPECT_EQ(page_count(page + k), 1);
				EXPECT_TRUE(model[pfn + k] == M_FREE);
			}
			EXPECT_TRUE(block_is_zero(pfn, 0));
			EXPECT_TRUE(block_is_zero(pfn + nr - 1, 0));
			memset(model + pfn, M_ALLOC, nr);
			model_alloc[fake_zone_of(pfn)] += nr;
			EXPECT_TRUE(CHECK_FREE_LISTS());
			memset(virt, 0xa5, size);
			free_pages_exact(virt, size);
			memset(model + pfn, M_FREE, nr);
			model_alloc[fake_zone_of(pfn)] -= nr;
			EXPECT_EQ(total_free(), before);
			EXPECT_TRUE(CHECK_FREE_LISTS());
		}
	}
	EXPECT_BOOT_STATE();
}

TEST(alloc_pages_exact_rejects_impossible_sizes)
{
	fake_boot();
	EXPECT_PTR_EQ(alloc_pages_exact(0, GFP_KERNEL), NULL);
	EXPECT_PTR_EQ(alloc_pages_exact((PAGE_SIZE << MAX_ORDER) + 1,
					GFP_KERNEL | __GFP_NOWARN), NULL);
	EXPECT_PTR_EQ(alloc_pages_exact(SIZE_MAX / 2, GFP_KERNEL | __GFP_NOWARN), NULL);
	EXPECT_PTR_EQ(alloc_pages_exact(SIZE_MAX, GFP_KERNEL | __GFP_NOWARN), NULL);
	EXPECT_EQ(total_free(), (long)FAKE_TOTALRAM);
	EXPECT_BOOT_STATE();
}

TEST(order_above_max_order_returns_null)
{
	unsigned long warnings;

	fake_boot();
	EXPECT_PTR_EQ(alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_ORDER + 1), NULL);
	EXPECT_PTR_EQ(alloc_pages(GFP_KERNEL | __GFP_NOWARN | __GFP_NOFAIL, MAX_ORDER + 1), NULL);
	EXPECT_PTR_EQ(alloc_pages(GFP_KERNEL | __GFP_NOWARN, 31), NULL);
	EXPECT_EQ(__get_free_pages(GFP_KERNEL | __GFP_NOWARN, MAX_ORDER + 1), 0);
	EXPECT_EQ(host_warn_count(), 0);
	/* Without __GFP_NOWARN it says so, once (WARN_ON_ONCE). */
	warnings = host_warn_count();
	EXPECT_PTR_EQ(alloc_pages(GFP_KERNEL, MAX_ORDER + 1), NULL);
	EXPECT_PTR_EQ(alloc_pages(GFP_KERNEL, MAX_ORDER + 1), NULL);
	EXPECT_EQ(host_warn_count(), warnings + 1);
	EXPECT_BOOT_STATE();
	/* MAX_ORDER itself is served (the DMA zone has one such block). */
	EXPECT_TRUE(CHECKED_ALLOC(GFP_KERNEL | __GFP_NOWARN, MAX_ORDER) != NULL);
	EXPECT_TRUE(CHECK_FREE_LISTS());
}

TEST(free_reserved_page_hands_a_reserved_frame_to_the_buddy)
{
	struct page *page;

	fake_boot();
	page = pfn_to_page(3001);	/* the one-frame hole in DMA32 */
	free_reserved_page(page);
	model[3001] = M_FREE;
	EXPECT_EQ(zone_nr(ZONE_DMA32)->managed_pages, fake_zone_expect[ZONE_DMA32].managed + 1);
	EXPECT_EQ(totalram_pages, FAKE_TOTALRAM + 1);
	EXPECT_FALSE(PageReserved(page));
	drain_local_pages();
	/*
	 * It merged with its free neighbours all the way up: 3000 (order 0),
	 * 3002 (1), 3004 (2), 2992 (3), 2976 (4), 2944 (5), 3008 (6),
	 * 2816 (7), 2560 (8) and 2048 (9) make [2048, 3072) one block.
	 */
	EXPECT_TRUE(CHECK_FREE_LISTS());
	EXPECT_TRUE(PageBuddy(pfn_to_page(2048)));
	EXPECT_EQ(pfn_to_page(2048)->private, MAX_ORDER);
	EXPECT_FALSE(PageBuddy(pfn_to_page(3000)));
	EXPECT_EQ(zone_nr(ZONE_DMA32)->free_area[MAX_ORDER].nr_free, 1);
}

/* ---- arithmetic: int_sqrt, min_free_kbytes, watermarks, pcp sizes ---- */

static unsigned long ref_sqrt(unsigned long x)
{
	unsigned long lo = 0, hi = 1UL << 32;	/* floor(sqrt(x)) in [lo, hi) */

	while (hi - lo > 1) {
		unsigned long mid = lo + (hi - lo) / 2;

		if ((unsigned __int128)mid * mid <= x)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

TEST(int_sqrt_is_floor_of_sqrt)
{
	static const unsigned long fixed[] = {
		0, 1, 2, 3, 4, 5, 8, 9, 10, 15, 16, 17, 99, 100, 101,
		262144, 16777216, 0xfffffffe00000001UL, 0xfffffffe00000000UL,
		0xffffffffUL, 0x100000000UL, ~0UL, ~0UL - 1, 1UL << 63, (1UL << 62) - 1,
	};

	for (size_t i = 0; i < ARRAY_SIZE(fixed); i++)
		EXPECT_EQ(int_sqrt(fixed[i]), ref_sqrt(fixed[i]));
	EXPECT_EQ(int_sqrt(~0UL), 0xffffffffUL);
	for (unsigned long r = 1; r < 70000; r += test_rand_range(1, 50)) {
		EXPECT_EQ(int_sqrt(r * r), r);
		EXPECT_EQ(int_sqrt(r * r - 1), r - 1);
		EXPECT_EQ(int_sqrt(r * r + 1), r);
	}
	for (int i = 0; i < 100000 && !test_failed(); i++) {
		unsigned long x = test_rand_u64() >> test_rand_below(64);

		EXPECT_EQ(int_sqrt(x), ref_sqrt(x));
	}
}

/* min_free_kbytes for a machine of ram_kb with nothing in its zones. */
static int min_free_kbytes_for(unsigned long ram_kb)
{
	memset(&contig_page_data, 0, sizeof(contig_page_data));
	totalram_pages = ram_kb / (PAGE_SIZE >> 10);
	init_per_zone_wmark_min();
	return min_free_kbytes;
}

TEST(min_free_kbytes_grows_with_sqrt_of_memory)
{
	EXPECT_EQ(min_free_kbytes_for(16 << 10), 512);		/* 16 MiB */
	EXPECT_EQ(min_free_kbytes_for(1 << 20), 4096);		/* 1 GiB */
	EXPECT_EQ(min_free_kbytes_for(64UL << 20), 32768);	/* 64 GiB */
	EXPECT_EQ(min_free_kbytes_for(128UL << 10), 1448);	/* 128 MiB: sqrt(2097152) */
	EXPECT_EQ(min_free_kbytes_for(1 << 10), 128);		/* 1 MiB: exactly 128 */
	EXPECT_EQ(min_free_kbytes_for(512), 128);		/* clamped up */
	EXPECT_EQ(min_free_kbytes_for(0), 128);
	EXPECT_EQ(min_free_kbytes_for(1UL << 32), 262144);	/* 4 TiB: exactly */
	EXPECT_EQ(min_free_kbytes_for(1UL << 40), 262144);	/* clamped down */
	/* Watermarks of empty zones stay 0. */
	for (int z = 0; z < MAX_NR_ZONES; z++)
		EXPECT_EQ(high_wmark_pages(zone_nr(z)), 0);
}

TEST(zone_watermarks_and_reserves_match_hand_computation)
{
	unsigned long sum_min = 0;

	fake_boot();
	EXPECT_EQ(min_free_kbytes, FAKE_MIN_FREE_KBYTES);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = zone_nr(z);

		EXPECT_EQ(zone->managed_pages, fake_zone_expect[z].managed);
		EXPECT_EQ(min_wmark_pages(zone), fake_zone_expect[z].min);
		EXPECT_EQ(low_wmark_pages(zone), fake_zone_expect[z].low);
		EXPECT_EQ(high_wmark_pages(zone), fake_zone_expect[z].high);
		EXPECT_TRUE(min_wmark_pages(zone) < low_wmark_pages(zone));
		EXPECT_TRUE(low_wmark_pages(zone) < high_wmark_pages(zone));
		/* high - low == low - min: both steps are the same size. */
		EXPECT_EQ(high_wmark_pages(zone) - low_wmark_pages(zone),
			  low_wmark_pages(zone) - min_wmark_pages(zone));
		for (int j = 0; j < MAX_NR_ZONES; j++)
			EXPECT_EQ(zone->lowmem_reserve[j], fake_zone_expect[z].reserve[j]);
		EXPECT_EQ(zone->pcp.batch, fake_zone_expect[z].batch);
		EXPECT_EQ(zone->pcp.high, fake_zone_expect[z].pcp_high);
		sum_min += min_wmark_pages(zone);
	}
	/* The zones' shares add up to pages_min, less rounding down. */
	EXPECT_TRUE(sum_min <= (unsigned long)FAKE_MIN_FREE_KBYTES / 4);
	EXPECT_TRUE(sum_min + MAX_NR_ZONES > (unsigned long)FAKE_MIN_FREE_KBYTES / 4);
}

TEST(watermarks_of_big_zones)
{
	/* 1 GiB + 3 GiB + 12 GiB, numbers as a real machine would have. */
	static const unsigned long managed[MAX_NR_ZONES] = { 3968, 1044480 - 3968, 3145728 };
	unsigned long total = 0;

	memset(&contig_page_data, 0, sizeof(contig_page_data));
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		zone_nr(z)->managed_pages = managed[z];
		zone_nr(z)->present_pages = managed[z];
		total += managed[z];
	}
	totalram_pages = total;
	init_per_zone_wmark_min();
	/* 4190208 pages = 16760832 kB; sqrt(16760832 * 16) = 16375.9 */
	EXPECT_EQ(min_free_kbytes, 16375);
	/* pages_min 4093: DMA 4093 * 3968 / 4190208 = 3.87 -> 3, low + max(0, 3) */
	EXPECT_EQ(min_wmark_pages(zone_nr(ZONE_DMA)), 3);
	EXPECT_EQ(low_wmark_pages(zone_nr(ZONE_DMA)), 6);
	/* Normal: 4093 * 3145728 / 4190208 = 3072.8 -> 3072, + max(768, 3145) */
	EXPECT_EQ(min_wmark_pages(zone_nr(ZONE_NORMAL)), 3072);
	EXPECT_EQ(low_wmark_pages(zone_nr(ZONE_NORMAL)), 3072 + 3145);
	EXPECT_EQ(high_wmark_pages(zone_nr(ZONE_NORMAL)), 3072 + 2 * 3145);
	/* DMA keeps (1040512 + 3145728) / 256 = 16352 against Normal. */
	EXPECT_EQ(zone_nr(ZONE_DMA)->lowmem_reserve[ZONE_DMA32], 1040512 / 256);
	EXPECT_EQ(zone_nr(ZONE_DMA)->lowmem_reserve[ZONE_NORMAL], (1040512 + 3145728) / 256);
	EXPECT_EQ(zone_nr(ZONE_DMA32)->lowmem_reserve[ZONE_NORMAL], 3145728 / 256);
	EXPECT_EQ(zone_nr(ZONE_DMA32)->lowmem_reserve[ZONE_DMA32], 0);
	EXPECT_EQ(zone_nr(ZONE_NORMAL)->lowmem_reserve[ZONE_NORMAL], 0);
}

/* pcp batch for a zone of `managed` pages (Linux's zone_batchsize()). */
static int pcp_batch_for(unsigned long managed)
{
	memset(&contig_page_data, 0, sizeof(contig_page_data));
	zone_nr(ZONE_NORMAL)->managed_pages = managed;
	zone_nr(ZONE_NORMAL)->present_pages = managed;
	totalram_pages = managed;
	init_per_zone_wmark_min();
	EXPECT_EQ(zone_nr(ZONE_NORMAL)->pcp.high, 6 * zone_nr(ZONE_NORMAL)->pcp.batch);
	return zone_nr(ZONE_NORMAL)->pcp.batch;
}

TEST(pcp_batch_is_two_to_the_n_minus_one)
{
	/* managed >> 10, capped at 256, / 4, at least 1, * 1.5, 2^n - 1 */
	EXPECT_EQ(pcp_batch_for(0), 1);
	EXPECT_EQ(pcp_batch_for(4095), 1);		/* 3 / 4 = 0 -> 1 */
	EXPECT_EQ(pcp_batch_for(8192), 1);		/* 2 -> 3 -> 2 - 1 */
	EXPECT_EQ(pcp_batch_for(12288), 3);		/* 3 -> 4 -> 4 - 1 */
	EXPECT_EQ(pcp_batch_for(16384), 3);		/* 4 -> 6 -> 4 - 1 */
	EXPECT_EQ(pcp_batch_for(32768), 7);		/* 8 -> 12 -> 8 - 1 */
	EXPECT_EQ(pcp_batch_for(65536), 15);		/* 16 -> 24 -> 16 - 1 */
	EXPECT_EQ(pcp_batch_for(262144), 63);		/* 1 GiB: 64 -> 96 -> 63 */
	EXPECT_EQ(pcp_batch_for(1UL << 22), 63);	/* capped */
	for (unsigned long m = 1; m < (1UL << 24); m = m * 3 + 1) {
		int batch = pcp_batch_for(m);

		EXPECT_TRUE(batch >= 1 && batch <= 63);
		EXPECT_EQ(batch & (batch + 1), 0);	/* 2^n - 1 */
	}
}

TEST(gfp_zone_maps_zone_modifiers)
{
	EXPECT_EQ(gfp_zone(GFP_KERNEL), ZONE_NORMAL);
	EXPECT_EQ(gfp_zone(GFP_USER), ZONE_NORMAL);
	EXPECT_EQ(gfp_zone(GFP_ATOMIC), ZONE_NORMAL);
	EXPECT_EQ(gfp_zone(GFP_NOWAIT), ZONE_NORMAL);
	EXPECT_EQ(gfp_zone(GFP_DMA), ZONE_DMA);
	EXPECT_EQ(gfp_zone(GFP_DMA32), ZONE_DMA32);
	EXPECT_EQ(gfp_zone(GFP_KERNEL | __GFP_DMA32), ZONE_DMA32);
	EXPECT_EQ(gfp_zone(GFP_KERNEL | GFP_DMA), ZONE_DMA);
	EXPECT_EQ(gfp_zone(GFP_ATOMIC | __GFP_DMA32), ZONE_DMA32);
	EXPECT_EQ(gfp_zone(GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN), ZONE_NORMAL);
	/* Both DMA modifiers: the stricter (Linux calls the mix a bug). */
	EXPECT_EQ(gfp_zone(GFP_KERNEL | __GFP_DMA | __GFP_DMA32), ZONE_DMA);
	/* No highmem or movable zone on x86_64: both mean Normal. */
	EXPECT_EQ(gfp_zone(GFP_KERNEL | __GFP_HIGHMEM), ZONE_NORMAL);
	EXPECT_EQ(gfp_zone(GFP_USER | __GFP_MOVABLE), ZONE_NORMAL);
}

/* ---- watermarks in action --------------------------------------------- */

/*
 * Allocate order-0 pages with gfp until it fails, checking each against
 * the policy; record which zone served each run of them.
 */
struct zone_run {
	int zone;
	unsigned long pages;
};

static int drain_zone_runs(const char *file, int line, gfp_t gfp,
			   struct zone_run *runs, int max_runs)
{
	int nr = 0;
	struct page *page;

	while ((page = checked_alloc(file, line, gfp | __GFP_NOWARN, 0))) {
		int z = page_zonenum(page);

		if (nr && runs[nr - 1].zone == z) {
			runs[nr - 1].pages++;
		} else if (nr < max_runs) {
			runs[nr++] = (struct zone_run){ z, 1 };
		} else {
			test_fail_at(file, line, "more than %d runs of zones", max_runs);
			break;
		}
		if (test_failed())
			break;
	}
	return nr;
}

/*
 * The runs the policy predicts for order-0 allocations from the current
 * state (pcp lists off): the fast pass takes each zone, highest first,
 * down to low + reserve; the slow pass down to min (min - min/2 with
 * __GFP_HIGH) + reserve.
 */
static int expected_runs(gfp_t gfp, struct zone_run *runs, unsigned long *floor_out)
{
	int highest = gfp_highest(gfp), nr = 0;
	long free[MAX_NR_ZONES];

	for (int z = 0; z < MAX_NR_ZONES; z++)
		free[z] = zone_nr(z)->vm_stat[NR_FREE_PAGES];
	for (int pass = 0; pass < 2; pass++) {
		for (int z = highest; z >= 0; z--) {
			long mark = pass == 0 ? (long)low_wmark_pages(zone_nr(z)) :
				    (long)min_wmark_pages(zone_nr(z));
			long floor;

			if (pass == 1 && (gfp & __GFP_HIGH))
				mark -= mark / 2;
			floor = mark + zone_nr(z)->lowmem_reserve[highest];
			if (free[z] <= floor)
				continue;
			if (nr && runs[nr - 1].zone == z)
				runs[nr - 1].pages += (unsigned long)(free[z] - floor);
			else
				runs[nr++] = (struct zone_run){ z, (unsigned long)(free[z] - floor) };
			free[z] = floor;
		}
	}
	for (int z = 0; z < MAX_NR_ZONES; z++)
		floor_out[z] = (unsigned long)free[z];
	return nr;
}

static void expect_runs(const char *file, int line, gfp_t gfp)
{
	struct zone_run want[8], got[8];
	unsigned long floor[MAX_NR_ZONES];
	int nr_want = expected_runs(gfp, want, floor);
	int nr_got = drain_zone_runs(file, line, gfp, got, 8);

	test_check_int(file, line, "EXPECT_EQ", "runs", "expected runs", nr_got, nr_want, true);
	for (int i = 0; i < nr_want && i < nr_got; i++)
		if (got[i].zone != want[i].zone || got[i].pages != want[i].pages)
			test_fail_at(file, line, "gfp %#x run %d: %lu pages from zone %d, expected %lu from zone %d",
				     gfp, i, got[i].pages, got[i].zone, want[i].pages, want[i].zone);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		test_check_int(file, line, "EXPECT_EQ", "NR_FREE_PAGES", "floor",
			       zone_page_state(zone_nr(z), NR_FREE_PAGES), floor[z], true);
}

TEST(gfp_kernel_falls_back_zone_by_zone_and_keeps_the_reserves)
{
	struct page *page;

	fake_boot();
	pcp_set_enabled(false);	/* batches would blur the exact boundaries */
	/* Normal to low, DMA32 and DMA to low + reserve; then the same to min. */
	expect_runs(__FILE__, __LINE__, GFP_KERNEL);
	/* By hand: Normal at min 61, DMA32 at 83 + 11, DMA at 43 + 26. */
	EXPECT_EQ(zone_page_state(zone_nr(ZONE_NORMAL), NR_FREE_PAGES), 61);
	EXPECT_EQ(zone_page_state(zone_nr(ZONE_DMA32), NR_FREE_PAGES), 94);
	EXPECT_EQ(zone_page_state(zone_nr(ZONE_DMA), NR_FREE_PAGES), 69);
	/* DMA32 callers may still take DMA32 to its min and DMA to 43 + 15. */
	expect_runs(__FILE__, __LINE__, GFP_KERNEL | __GFP_DMA32);
	EXPECT_EQ(zone_page_state(zone_nr(ZONE_DMA32), NR_FREE_PAGES), 83);
	EXPECT_EQ(zone_page_state(zone_nr(ZONE_DMA), NR_FREE_PAGES), 58);
	/* DMA callers take DMA down to its min. */
	expect_runs(__FILE__, __LINE__, GFP_KERNEL | __GFP_DMA);
	EXPECT_EQ(zone_page_state(zone_nr(ZONE_DMA), NR_FREE_PAGES), 43);
	/* GFP_ATOMIC: half of min, but the reserves still hold. */
	expect_runs(__FILE__, __LINE__, GFP_ATOMIC);
	EXPECT_EQ(zone_page_state(zone_nr(ZONE_NORMAL), NR_FREE_PAGES), 31);	/* 61 - 30 */
	EXPECT_EQ(zone_page_state(zone_nr(ZONE_DMA32), NR_FREE_PAGES), 53);	/* 42 + 11 */
	EXPECT_EQ(zone_page_state(zone_nr(ZONE_DMA), NR_FREE_PAGES), 43);	/* 22 + 26 > 43 */
	expect_runs(__FILE__, __LINE__, GFP_ATOMIC | __GFP_DMA);
	EXPECT_EQ(zone_page_state(zone_nr(ZONE_DMA), NR_FREE_PAGES), 22);	/* 43 - 21 */
	EXPECT_TRUE(CHECK_FREE_LISTS());
	/* __GFP_NOFAIL ignores the watermarks: Normal first, as always. */
	page = alloc_pages(GFP_KERNEL | __GFP_NOFAIL, 0);
	EXPECT_TRUE(page && page_zonenum(page) == ZONE_NORMAL);
	EXPECT_EQ(zone_page_state(zone_nr(ZONE_NORMAL), NR_FREE_PAGES), 30);
}

TEST(watermark_boundaries_for_order_0_and_order_3)
{
	bool has_big_block = false;
	unsigned long min;
	struct zone *dma;
	struct page *block, *page = NULL;

	fake_boot();
	pcp_set_enabled(false);
	dma = zone_nr(ZONE_DMA);
	min = min_wmark_pages(dma);
	/* GFP_KERNEL | __GFP_DMA goes past low (slow path) to min + 7. */
	while (zone_page_state(dma, NR_FREE_PAGES) > min + 7)
		ASSERT_TRUE((page = CHECKED_ALLOC(GFP_KERNEL | __GFP_DMA, 0)) != NULL);
	for (int o = 3; o < NR_PAGE_ORDERS; o++)
		has_big_block |= dma->free_area[o].nr_free > 0;
	ASSERT_TRUE(has_big_block);
	/* Order 3 would leave min - 1: refused; GFP_ATOMIC may. */
	EXPECT_PTR_EQ(alloc_pages(GFP_KERNEL | __GFP_DMA | __GFP_NOWARN, 3), NULL);
	block = CHECKED_ALLOC(GFP_ATOMIC | __GFP_DMA, 3);
	ASSERT_TRUE(block != NULL);
	EXPECT_EQ(zone_page_state(dma, NR_FREE_PAGES), min - 1);
	free_live(live_index(page_to_pfn(block)), 0);
	/* One page more free: order 3 leaves exactly min, and is allowed. */
	free_live(live_index(page_to_pfn(page)), 0);
	EXPECT_EQ(zone_page_state(dma, NR_FREE_PAGES), min + 8);
	ASSERT_TRUE(CHECKED_ALLOC(GFP_KERNEL | __GFP_DMA, 3) != NULL);
	EXPECT_EQ(zone_page_state(dma, NR_FREE_PAGES), min);
	/* At min: order 0 refused for GFP_KERNEL, fine for GFP_ATOMIC ... */
	EXPECT_PTR_EQ(alloc_pages(GFP_KERNEL | __GFP_DMA | __GFP_NOWARN, 0), NULL);
	while (CHECKED_ALLOC(GFP_ATOMIC | __GFP_DMA, 0))
		;
	/* ... down to min - min / 2, and __GFP_NOFAIL below that. */
	EXPECT_EQ(zone_page_state(dma, NR_FREE_PAGES), min - min / 2);
	page = alloc_pages(GFP_KERNEL | __GFP_DMA | __GFP_NOFAIL, 0);
	EXPECT_TRUE(page != NULL);
	EXPECT_EQ(zone_page_state(dma, NR_FREE_PAGES), min - min / 2 - 1);
}

TEST(nofail_with_no_memory_left_panics)
{
	int fds[2], status;
	char out[4096] = "";
	ssize_t n;
	pid_t pid;

	fake_boot();
	pcp_set_enabled(false);
	ASSERT_EQ(pipe(fds), 0);
	fflush(stdout);
	pid = fork();
	ASSERT_TRUE(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 1);
		for (unsigned long i = 0; i <= FAKE_TOTALRAM; i++)
			alloc_pages(GFP_KERNEL | __GFP_NOFAIL, 0);
		_exit(0);	/* not reached: the last one panics */
	}
	close(fds[1]);
	n = read(fds[0], out, sizeof(out) - 1);
	out[n > 0 ? n : 0] = '\0';
	close(fds[0]);
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
	if (!strstr(out, "out of memory for a __GFP_NOFAIL allocation of order 0")) {
		TEST_FAIL("no panic message");
		TEST_NOTE_STR("child said:", out);
	}
}

/* ---- fault injection ---------------------------------------------------- */

/* Of nr allocate-and-free rounds, which failed (bit per round). */
static unsigned long injected_failures(gfp_t gfp, unsigned long nr, bool *failed)
{
	unsigned long fails = 0;

	for (unsigned long i = 0; i < nr; i++) {
		struct page *page = alloc_pages(gfp, 0);

		if (failed)
			failed[i] = !page;
		if (page)
			__free_pages(page, 0);
		else
			fails++;
	}
	return fails;
}

TEST(fail_page_alloc_100_fails_all_but_nofail)
{
	unsigned long injected;
	struct page *page;

	fake_boot();
	host_printk_reset();
	fail_page_alloc_setup("100");
	EXPECT_TRUE(host_printk_contains("fail_page_alloc: "));
	injected = fail_page_alloc_injected();
	EXPECT_EQ(injected_failures(GFP_KERNEL | __GFP_NOWARN, 100, NULL), 100);
	EXPECT_EQ(fail_page_alloc_injected(), injected + 100);
	EXPECT_EQ(__get_free_pages(GFP_ATOMIC | __GFP_NOWARN, 2), 0);
	EXPECT_PTR_EQ(alloc_pages_exact(3 * PAGE_SIZE, GFP_KERNEL | __GFP_NOWARN), NULL);
	EXPECT_EQ(fail_page_alloc_injected(), injected + 102);
	EXPECT_EQ(nr_free_pages(), FAKE_TOTALRAM);
	page = alloc_pages(GFP_KERNEL | __GFP_NOFAIL, 0);
	EXPECT_TRUE(page != NULL);
	EXPECT_EQ(fail_page_alloc_injected(), injected + 102);
	__free_pages(page, 0);
	EXPECT_BOOT_STATE();
}

TEST(failed_allocation_warns_with_mem_info_rate_limited)
{
	const char *log;
	int reports = 0;

	fake_boot();
	fail_page_alloc_setup("100");
	host_printk_reset();
	EXPECT_PTR_EQ(alloc_pages(GFP_KERNEL, 0), NULL);
	EXPECT_TRUE(host_printk_contains("page allocation failure: order:0, mode:0xcc0, highest zone Normal"));
	EXPECT_TRUE(host_printk_contains("Mem-Info:"));
	EXPECT_TRUE(host_printk_contains("Node 0 DMA free:8128kB min:172kB low:212kB high:252kB present:8128kB managed:8128kB pcp:0kB"));
	EXPECT_TRUE(host_printk_contains("lowmem_reserve[]: 0 15 26"));
	EXPECT_TRUE(host_printk_contains("Node 0 DMA: 4*4kB 2*8kB 2*16kB 4*32kB 2*64kB 3*128kB 3*256kB 1*512kB 2*1024kB 0*2048kB 1*4096kB = 8128kB"));
	EXPECT_TRUE(host_printk_contains("8868 pages RAM, 8868 pages free, 132 pages reserved or in holes"));
	/* A burst of 10 reports per 5 s, then silence. */
	for (int i = 0; i < 30; i++)
		alloc_pages(GFP_KERNEL | __GFP_DMA32, 1);
	for (log = host_printk_buffer(); (log = strstr(log, "page allocation failure")); log++)
		reports++;
	EXPECT_EQ(reports, 10);
	/* __GFP_NOWARN: never a report. */
	host_printk_reset();
	alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0);
	EXPECT_STREQ(host_printk_buffer(), "");
}

TEST(fail_page_alloc_50_fails_about_half)
{
	unsigned long injected, fails;

	fake_boot();
	fail_page_alloc_setup("50,1");
	injected = fail_page_alloc_injected();
	fails = injected_failures(GFP_KERNEL | __GFP_NOWARN, 10000, NULL);
	EXPECT_TRUE(fails >= 4000 && fails <= 6000);
	EXPECT_EQ(fail_page_alloc_injected(), injected + fails);
	EXPECT_BOOT_STATE();
}

TEST(fail_page_alloc_interval_considers_every_nth_call)
{
	static bool failed[12000];
	unsigned long fails;

	fake_boot();
	fail_page_alloc_setup("50,4");
	EXPECT_TRUE(host_printk_contains("fail_page_alloc: "));
	fails = injected_failures(GFP_KERNEL | __GFP_NOWARN, 12000, failed);
	/* Only calls 4, 8, 12, ... since the set-up may fail; half of them do. */
	for (unsigned long i = 0; i < 12000; i++)
		if (failed[i] && (i + 1) % 4)
			TEST_FAIL("call %lu failed, but only every 4th is considered", i + 1);
	EXPECT_TRUE(fails >= 1000 && fails <= 2000);
	/* "0" turns it off. */
	fail_page_alloc_setup("0");
	EXPECT_EQ(injected_failures(GFP_KERNEL | __GFP_NOWARN, 1000, NULL), 0);
	EXPECT_BOOT_STATE();
}

TEST(fail_page_alloc_rejects_malformed_settings)
{
	static const char *const bad[] = {
		"abc", "101", "", "-1", "50,", "50,0", ",5", "50,abc", "1x",
		"50,1,2", " 50", "18446744073709551617",
		/* 50 with 30 leading zeros: too long, must not become "5" */
		"00000000000000000000000000000050",
	};

	fake_boot();
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		char msg[128];

		host_printk_reset();
		fail_page_alloc_setup(bad[i]);
		snprintf(msg, sizeof(msg), "fail_page_alloc=%s: expected", bad[i]);
		if (!host_printk_contains(msg)) {
			TEST_FAIL("\"%s\" was not rejected", bad[i]);
			TEST_NOTE_STR("log:", host_printk_buffer());
		}
		EXPECT_EQ(injected_failures(GFP_KERNEL | __GFP_NOWARN, 200, NULL), 0);
	}
	EXPECT_EQ(fail_page_alloc_injected(), 0);
}

/* ---- /proc/buddyinfo and /proc/zoneinfo --------------------------------- */

/* Parse buddyinfo text; compare each zone's line with its free lists. */
static void expect_buddyinfo_matches(const char *file, int line, const char *text)
{
	static const char *const names[] = { "DMA", "DMA32", "Normal" };
	int nr_lines = 0;

	for (const char *p = text; *p; nr_lines++) {
		unsigned long v[NR_PAGE_ORDERS];
		char name[16];
		int used = 0;
		const char *nl = strchr(p, '\n');
		int z;

		if (sscanf(p, "Node 0, zone %15s%n", name, &used) != 1 || !nl) {
			test_fail_at(file, line, "buddyinfo line %d malformed", nr_lines);
			return;
		}
		for (z = 0; z < MAX_NR_ZONES && strcmp(name, names[z]); z++)
			;
		if (z == MAX_NR_ZONES || z != nr_lines) {
			test_fail_at(file, line, "buddyinfo line %d is zone %s", nr_lines, name);
			return;
		}
		p += used;
		for (int o = 0; o < NR_PAGE_ORDERS; o++) {
			if (sscanf(p, "%lu%n", &v[o], &used) != 1) {
				test_fail_at(file, line, "zone %s: no count for order %d", name, o);
				return;
			}
			p += used;
			if (v[o] != zone_nr(z)->free_area[o].nr_free)
				test_fail_at(file, line, "zone %s order %d: buddyinfo %lu, nr_free %lu",
					     name, o, v[o], zone_nr(z)->free_area[o].nr_free);
		}
		if (p != nl - 1 || *p != ' ')
			test_fail_at(file, line, "zone %s: trailing text", name);
		p = nl + 1;
	}
	test_check_int(file, line, "EXPECT_EQ", "lines", "MAX_NR_ZONES", nr_lines, MAX_NR_ZONES, true);
}

TEST(buddyinfo_shows_the_free_lists)
{
	static const char dma_line[] =
		"Node 0, zone      DMA      4      2      2      4      2"
		"      3      3      1      2      0      1 \n";
	char *buf = malloc(4096);
	int n;

	fake_boot();
	n = buddyinfo_show(buf, 4096);
	EXPECT_EQ(n, (int)strlen(buf));
	/* Linux's format; the DMA numbers worked out by hand. */
	EXPECT_TRUE(strncmp(buf, dma_line, strlen(dma_line)) == 0);
	expect_buddyinfo_matches(__FILE__, __LINE__, buf);
	random_run(5000, false);
	buddyinfo_show(buf, 4096);
	expect_buddyinfo_matches(__FILE__, __LINE__, buf);
	/* A short buffer: cut off, terminated, never overrun (ASan). */
	for (size_t size = 1; size < 40; size += 7) {
		char *small = malloc(size);

		n = buddyinfo_show(small, size);
		EXPECT_TRUE(n < (int)size);
		EXPECT_EQ(strlen(small), (size_t)n);
		free(small);
	}
	free(buf);
}

/* The number after "label" in the zone's section of zoneinfo text. */
static long zoneinfo_value(const char *text, const char *zone, const char *label)
{
	char head[64];
	const char *p, *next;
	long v;

	snprintf(head, sizeof(head), "Node 0, zone %8s\n", zone);
	p = strstr(text, head);
	if (!p)
		return -1;
	next = strstr(p + 1, "Node 0, zone");
	p = strstr(p, label);
	if (!p || (next && p > next) || sscanf(p + strlen(label), " %ld", &v) != 1)
		return -1;
	return v;
}

TEST(zoneinfo_shows_each_zone)
{
	static const char *const names[] = { "DMA", "DMA32", "Normal" };
	char *buf = malloc(8192), label[32];
	int n;

	fake_boot();
	random_run(3000, false);
	n = zoneinfo_show(buf, 8192);
	EXPECT_EQ(n, (int)strlen(buf));
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = zone_nr(z);
		const char *name = names[z];

		EXPECT_EQ(zoneinfo_value(buf, name, "pages free"), zone_page_state(zone, NR_FREE_PAGES));
		EXPECT_EQ(zoneinfo_value(buf, name, "min"), min_wmark_pages(zone));
		EXPECT_EQ(zoneinfo_value(buf, name, "low"), low_wmark_pages(zone));
		EXPECT_EQ(zoneinfo_value(buf, name, "high"), high_wmark_pages(zone));
		EXPECT_EQ(zoneinfo_value(buf, name, "spanned"), zone_end[z] - zone_start[z]);
		EXPECT_EQ(zoneinfo_value(buf, name, "present"), fake_zone_expect[z].managed);
		EXPECT_EQ(zoneinfo_value(buf, name, "managed"), fake_zone_expect[z].managed);
		EXPECT_EQ(zoneinfo_value(buf, name, "nr_free_pages"), zone_page_state(zone, NR_FREE_PAGES));
		EXPECT_EQ(zoneinfo_value(buf, name, "pgalloc"), zone->vm_stat[NR_ZONE_ALLOC]);
		EXPECT_EQ(zoneinfo_value(buf, name, "pgfree"), zone->vm_stat[NR_ZONE_FREE]);
		EXPECT_EQ(zoneinfo_value(buf, name, "count:"), zone->pcp.count);
		EXPECT_EQ(zoneinfo_value(buf, name, "high:"), zone->pcp.high);
		EXPECT_EQ(zoneinfo_value(buf, name, "batch:"), zone->pcp.batch);
		EXPECT_EQ(zoneinfo_value(buf, name, "start_pfn:"), zone_start[z]);
		snprintf(label, sizeof(label), "protection: (%ld, %ld, %ld)",
			 fake_zone_expect[z].reserve[0], fake_zone_expect[z].reserve[1],
			 fake_zone_expect[z].reserve[2]);
		EXPECT_TRUE(strstr(buf, label) != NULL);
	}
	EXPECT_TRUE(zone_nr(ZONE_NORMAL)->vm_stat[NR_ZONE_ALLOC] > 0);
	free(buf);
}
