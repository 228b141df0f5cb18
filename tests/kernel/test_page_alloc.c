/*
 * tests/kernel/test_page_alloc.c - ktests for the page allocator on the
 * machine's real memory: every free page can be taken and given back with
 * the counts and blocks restored exactly, zone modifiers are honoured,
 * bad frees are reported without corrupting the lists, per-CPU lists
 * drain, fault injection works, and the kernel mapping is W^X.
 */
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <mneme/kernel.h>
#include <mneme/ktest.h>
#include <mneme/mm.h>
#include <mneme/params.h>
#include <mneme/pgtable.h>
#include <mneme/string.h>

extern char boot_stack_guard[];

struct zone_snapshot {
	unsigned long free[MAX_NR_ZONES];
	unsigned long blocks[MAX_NR_ZONES][NR_PAGE_ORDERS];
};

static void snapshot(struct zone_snapshot *s)
{
	drain_local_pages();
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &NODE_DATA(0)->node_zones[z];

		s->free[z] = zone_page_state(zone, NR_FREE_PAGES);
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			s->blocks[z][o] = zone->free_area[o].nr_free;
	}
}

static void expect_same(struct ktest_ctx *kt, const struct zone_snapshot *a,
			const struct zone_snapshot *b)
{
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		KT_EXPECT_EQ(kt, a->free[z], b->free[z]);
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			KT_EXPECT_EQ(kt, a->blocks[z][o], b->blocks[z][o]);
	}
}

/* Every block on every free list is a well-formed free block of its zone. */
static void expect_free_lists_consistent(struct ktest_ctx *kt)
{
	struct zone *zone;
	int bad = 0;

	for_each_zone(zone) {
		for (int o = 0; o < NR_PAGE_ORDERS; o++) {
			unsigned long n = 0;
			struct page *page;

			list_for_each_entry(page, &zone->free_area[o].free_list, lru) {
				unsigned long pfn = page_to_pfn(page);

				bad += !PageBuddy(page) || page->private != (unsigned long)o ||
				       (pfn & ((1UL << o) - 1)) || pfn < zone->zone_start_pfn ||
				       pfn + (1UL << o) > zone_end_pfn(zone) || page_count(page);
				n++;
			}
			KT_EXPECT_EQ(kt, n, zone->free_area[o].nr_free);
		}
	}
	KT_EXPECT_EQ(kt, bad, 0);
}

/* Take order-0 pages with gfp until it fails; chain them on list. */
static unsigned long take_all(gfp_t gfp, struct list_head *list)
{
	unsigned long n = 0;
	struct page *page;

	while ((page = alloc_pages(gfp | __GFP_NOWARN, 0))) {
		list_add(&page->lru, list);
		n++;
	}
	return n;
}

static void give_back(struct list_head *list)
{
	struct page *page, *next;

	list_for_each_entry_safe(page, next, list, lru) {
		list_del(&page->lru);
		__free_page(page);
	}
}

KTEST(page_alloc, take_every_free_page_then_give_all_back)
{
	struct zone_snapshot before, after;
	LIST_HEAD(pages);
	unsigned long taken;
	struct zone *zone;

	snapshot(&before);
	taken = take_all(GFP_ATOMIC, &pages);	/* __GFP_HIGH: down to min/2 */
	drain_local_pages();
	KT_EXPECT_GT(kt, taken, 0);
	for_each_zone(zone) {
		if (!populated_zone(zone))
			continue;
		/*
		 * What is left is the reserve the watermark keeps, plus at
		 * most one pcp batch fetched just before the check refused.
		 */
		long floor = (long)(min_wmark_pages(zone) - min_wmark_pages(zone) / 2) +
			     zone->lowmem_reserve[ZONE_NORMAL];

		KT_EXPECT_LE(kt, zone_page_state(zone, NR_FREE_PAGES),
			     floor + 1 + zone->pcp.batch);
		/*
		 * ... and no less: the reserve below min/2 stays untouched
		 * (a zone whose reserve exceeds it keeps everything).
		 */
		KT_EXPECT_GE(kt, (long)zone_page_state(zone, NR_FREE_PAGES),
			     min(floor - zone->pcp.batch,
				 (long)before.free[zone - NODE_DATA(0)->node_zones]));
	}
	give_back(&pages);
	snapshot(&after);
	expect_same(kt, &before, &after);
	expect_free_lists_consistent(kt);
}

/* GFP_KERNEL may fall back into ZONE_DMA but must leave its reserve. */
KTEST(page_alloc, gfp_kernel_cannot_eat_the_dma_zone)
{
	struct zone *dma = &NODE_DATA(0)->node_zones[ZONE_DMA];
	long reserve = dma->lowmem_reserve[ZONE_NORMAL];
	long free_before;
	LIST_HEAD(pages);

	if (!reserve)
		KT_SKIP(kt, "no memory above the DMA zone: nothing to reserve against");
	drain_local_pages();
	free_before = (long)zone_page_state(dma, NR_FREE_PAGES);
	take_all(GFP_KERNEL, &pages);
	drain_local_pages();
	KT_EXPECT_GE(kt, (long)zone_page_state(dma, NR_FREE_PAGES),
		     min((long)min_wmark_pages(dma) + reserve - dma->pcp.batch,
			 free_before));
	give_back(&pages);
}

KTEST(page_alloc, zone_modifiers_place_pages)
{
	struct page *dma = alloc_pages(GFP_KERNEL | GFP_DMA, 3);
	struct page *dma32 = alloc_pages(GFP_KERNEL | GFP_DMA32, 0);
	struct page *normal = alloc_pages(GFP_KERNEL, 0);

	KT_ASSERT_TRUE(kt, dma && dma32 && normal);
	KT_EXPECT_LT(kt, page_to_pfn(dma) + 8, MAX_DMA_PFN + 1);
	KT_EXPECT_EQ(kt, page_to_pfn(dma) % 8, 0);
	KT_EXPECT_EQ(kt, page_zonenum(dma), ZONE_DMA);
	KT_EXPECT_LT(kt, page_to_pfn(dma32), MAX_DMA32_PFN);
	KT_EXPECT_EQ(kt, page_zonenum(dma32), ZONE_DMA32);
	KT_EXPECT_EQ(kt, page_count(normal), 1);
	if (populated_zone(&NODE_DATA(0)->node_zones[ZONE_NORMAL]))
		KT_EXPECT_EQ(kt, page_zonenum(normal), ZONE_NORMAL);
	__free_pages(dma, 3);
	__free_page(dma32);
	__free_page(normal);
}

KTEST(page_alloc, gfp_zero_pages_are_zero)
{
	struct page *page = alloc_page(GFP_KERNEL);
	unsigned long addr;
	const u8 *p;
	int nonzero = 0;

	KT_ASSERT_TRUE(kt, page != NULL);
	memset(page_address(page), 0xaa, PAGE_SIZE);
	__free_page(page);		/* the hot page: next alloc gets it back */
	addr = get_zeroed_page(GFP_KERNEL);
	KT_ASSERT_TRUE(kt, addr != 0);
	/* the same (dirty) page came back, so zeroing was really tested */
	KT_EXPECT_TRUE(kt, virt_to_page((void *)addr) == page);
	p = (const u8 *)addr;
	for (unsigned long i = 0; i < PAGE_SIZE; i++)
		nonzero += p[i] != 0;
	KT_EXPECT_EQ(kt, nonzero, 0);
	free_page(addr);
}

KTEST(page_alloc, double_free_is_reported_and_lists_survive)
{
	struct zone_snapshot before, after;
	unsigned long bad = nr_bad_pages;
	struct page *page = alloc_page(GFP_KERNEL);

	KT_ASSERT_TRUE(kt, page != NULL);
	__free_page(page);
	snapshot(&before);
	__free_page(page);		/* the bug under test */
	snapshot(&after);
	KT_EXPECT_EQ(kt, nr_bad_pages, bad + 1);
	expect_same(kt, &before, &after);
	expect_free_lists_consistent(kt);
}

KTEST(page_alloc, mapped_page_is_kept_out_of_free_lists)
{
	unsigned long bad = nr_bad_pages, free_before;
	struct page *page = alloc_page(GFP_KERNEL);

	KT_ASSERT_TRUE(kt, page != NULL);
	drain_local_pages();
	free_before = nr_free_pages();
	page->_mapcount = 0;		/* pretend a page table still maps it */
	__free_page(page);
	drain_local_pages();
	KT_EXPECT_EQ(kt, nr_bad_pages, bad + 1);
	KT_EXPECT_EQ(kt, nr_free_pages(), free_before);
	KT_EXPECT_TRUE(kt, !PageBuddy(page));
	page->_mapcount = -1;		/* repair, and free it for real */
	set_page_count(page, 1);
	__free_page(page);
	drain_local_pages();
	KT_EXPECT_EQ(kt, nr_free_pages(), free_before + 1);
}

KTEST(page_alloc, per_cpu_list_caches_and_drains)
{
	struct zone_snapshot before, after;
	struct page *pages[8];
	struct zone *zone;
	int cached = 0;

	snapshot(&before);
	for (int i = 0; i < 8; i++)
		pages[i] = alloc_page(GFP_KERNEL);
	for (int i = 0; i < 8; i++)
		if (pages[i])
			__free_page(pages[i]);
	for_each_zone(zone)
		cached += zone->pcp.count;
	KT_EXPECT_GT(kt, cached, 0);
	snapshot(&after);		/* drains */
	for_each_zone(zone)
		KT_EXPECT_EQ(kt, zone->pcp.count, 0);
	expect_same(kt, &before, &after);
}

KTEST(page_alloc, fail_page_alloc_makes_allocations_fail)
{
	unsigned long injected = fail_page_alloc_injected();
	struct page *page;

	fail_page_alloc_setup("100");
	page = alloc_page(GFP_KERNEL | __GFP_NOWARN);
	KT_EXPECT_TRUE(kt, page == NULL);
	KT_EXPECT_EQ(kt, fail_page_alloc_injected(), injected + 1);
	page = alloc_page(GFP_KERNEL | __GFP_NOFAIL);
	KT_EXPECT_TRUE(kt, page != NULL);
	/* back to what the command line asked for */
	fail_page_alloc_setup(param_get("fail_page_alloc") ? param_get("fail_page_alloc") : "0");
	if (page)
		__free_page(page);
	page = alloc_page(GFP_KERNEL);
	KT_EXPECT_TRUE(kt, page != NULL);
	if (page)
		__free_page(page);
}

KTEST(page_alloc, alloc_pages_exact_returns_the_tail)
{
	unsigned long before;
	void *p;

	drain_local_pages();
	before = nr_free_pages();
	p = alloc_pages_exact(5 * PAGE_SIZE, GFP_KERNEL);
	KT_ASSERT_TRUE(kt, p != NULL);
	drain_local_pages();
	KT_EXPECT_EQ(kt, nr_free_pages(), before - 5);
	free_pages_exact(p, 5 * PAGE_SIZE);
	drain_local_pages();
	KT_EXPECT_EQ(kt, nr_free_pages(), before);
	KT_EXPECT_TRUE(kt, alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_ORDER + 1) == NULL);
}

KTEST(page_alloc, zones_are_sane)
{
	struct zone *zone;
	unsigned long managed = 0;

	for_each_zone(zone) {
		if (!populated_zone(zone))
			continue;
		KT_EXPECT_LE(kt, zone->present_pages, zone->spanned_pages);
		KT_EXPECT_LE(kt, zone->managed_pages, zone->present_pages);
		/* strictly ordered except in tiny zones (mem=16M), as in Linux */
		KT_EXPECT_LE(kt, min_wmark_pages(zone), low_wmark_pages(zone));
		KT_EXPECT_LE(kt, low_wmark_pages(zone), high_wmark_pages(zone));
		if (zone->managed_pages >= 1000)
			KT_EXPECT_LT(kt, min_wmark_pages(zone), low_wmark_pages(zone));
		managed += zone->managed_pages;
	}
	KT_EXPECT_LE(kt, managed, max_pfn);
	KT_EXPECT_LE(kt, zone_end_pfn(&NODE_DATA(0)->node_zones[ZONE_DMA]), MAX_DMA_PFN);
}

static bool rdmsr_nx_enabled(void)
{
	return rdmsr(MSR_EFER) & EFER_NXE;
}

static bool entry_has(unsigned long va, u64 bits, u64 want)
{
	enum pg_level level;
	pte_t *e = lookup_address(va, &level);

	return e && (pte_val(*e) & bits) == want;
}

KTEST(page_alloc, kernel_mapping_is_w_xor_x)
{
	enum pg_level level;
	u64 nx = _PAGE_NX;
	int wx = 0;

	for (unsigned long va = (unsigned long)_text; va < (unsigned long)_end;
	     va += PAGE_SIZE) {
		pte_t *e = lookup_address(va, &level);

		wx += e && pte_write(*e) && pte_exec(*e);
	}
	KT_EXPECT_EQ(kt, wx, rdmsr_nx_enabled() ? 0 : wx);
	KT_EXPECT_TRUE(kt, entry_has((unsigned long)__va(PFN_PHYS(max_pfn - 1)),
				     _PAGE_PRESENT | nx,
				     _PAGE_PRESENT | (rdmsr_nx_enabled() ? nx : 0)));

	KT_EXPECT_TRUE(kt, entry_has((unsigned long)_text, _PAGE_RW | _PAGE_NX, 0));
	KT_EXPECT_TRUE(kt, entry_has((unsigned long)_srodata, _PAGE_RW | nx,
				     (rdmsr_nx_enabled() ? nx : 0)));
	KT_EXPECT_TRUE(kt, entry_has((unsigned long)_sdata, _PAGE_RW | nx,
				     _PAGE_RW | (rdmsr_nx_enabled() ? nx : 0)));
	KT_EXPECT_TRUE(kt, lookup_address((unsigned long)boot_stack_guard, &level) == NULL);
	KT_EXPECT_TRUE(kt, lookup_address(0, &level) == NULL);
	KT_EXPECT_TRUE(kt, lookup_address((unsigned long)__va(0x100000), &level) != NULL);
	KT_EXPECT_TRUE(kt, level == PG_LEVEL_1G || level == PG_LEVEL_2M);
}
