/*
 * mm/mm_init.c - from the firmware's memory map to a running buddy
 * allocator, in three steps called from kernel_main():
 *
 *   memblock_setup()    usable RAM from boot_info into memblock, and the
 *                       reservations: low 1 MiB, kernel image, Multiboot2
 *                       information, modules; mem= applied
 *   (init_mem_mapping() in arch/x86/mm/init.c builds the page tables)
 *   mem_init()          mem_map (one struct page per frame), the zones,
 *                       every free memblock range into the buddy
 *                       allocator, watermarks; prints the Memory: line
 *
 * After mem_init() memblock is no longer used: its reservations live on
 * as PG_reserved pages.  Linux: arch/x86/kernel/setup.c (the reserves),
 * mm/mm_init.c (free_area_init), mm/memblock.c (memblock_free_all).
 */
#include <mneme/bootinfo.h>
#include <mneme/cmdline.h>
#include <mneme/kernel.h>
#include <mneme/memblock.h>
#include <mneme/mm.h>
#include <mneme/params.h>
#include <mneme/pgtable.h>
#include <mneme/printk.h>
#include <mneme/slab.h>
#include <mneme/string.h>

#define LOW_MEMORY_END	0x100000UL	/* BIOS data, EBDA, real-mode code */

extern char _kernel_phys_start[], _kernel_phys_end[];

static void reserve_and_log(phys_addr_t base, phys_addr_t end, const char *what)
{
	if (end <= base)
		return;
	pr_info("memblock: reserve [mem 0x%016lx-0x%016lx] %s\n",
		(unsigned long)base, (unsigned long)end - 1, what);
	if (memblock_reserve(base, end - base))
		pr_err("memblock: could not reserve %s: table full\n", what);
}

static void apply_mem_limit(void)
{
	const char *mem = param_get("mem");
	u64 limit;

	if (!mem)
		return;
	if (cmdline_parse_size(mem, &limit) || limit < MB(16)) {
		pr_err("mem=%s: expected a size of at least 16M such as 512M or 2G; ignored\n",
		       mem);
		return;
	}
	memblock_enforce_memory_limit(limit);
	pr_notice("mem=%s: using %lu MiB of RAM\n", mem,
		  (unsigned long)(memblock_phys_mem_size() >> 20));
}

void memblock_setup(void)
{
	for (int i = 0; i < boot_info.nr_memmap; i++) {
		const struct boot_mem_region *r = &boot_info.memmap[i];
		phys_addr_t start = ALIGN(r->addr, PAGE_SIZE);
		phys_addr_t end = ALIGN_DOWN(r->addr + r->size_bytes, PAGE_SIZE);

		if (r->type == BOOT_MEM_USABLE && end > start &&
		    memblock_add(start, end - start))
			pr_err("memblock: no room for [mem 0x%016lx-0x%016lx]; that RAM is not used\n",
			       (unsigned long)start, (unsigned long)end - 1);
	}
	apply_mem_limit();
	reserve_and_log(0, LOW_MEMORY_END, "low memory (BIOS data, EBDA, real-mode area)");
	reserve_and_log((phys_addr_t)_kernel_phys_start, (phys_addr_t)_kernel_phys_end,
			"kernel image");
	reserve_and_log(ALIGN_DOWN(boot_info.info_start, PAGE_SIZE),
			ALIGN(boot_info.info_end, PAGE_SIZE), "Multiboot2 information");
	for (int i = 0; i < boot_info.nr_modules; i++)
		reserve_and_log(ALIGN_DOWN(boot_info.modules[i].start, PAGE_SIZE),
				ALIGN(boot_info.modules[i].end, PAGE_SIZE),
				"boot module");
	/* until init_mem_mapping(), only the boot direct map exists */
	memblock_set_current_limit(EARLY_DIRECT_MAP_SIZE);
}

static enum zone_type zone_for_pfn(unsigned long pfn)
{
	if (pfn < MAX_DMA_PFN)
		return ZONE_DMA;
	if (pfn < MAX_DMA32_PFN)
		return ZONE_DMA32;
	return ZONE_NORMAL;
}

/*
 * One struct page per frame, holes included, all reserved until the free
 * ranges are handed to the buddy allocator.
 */
static void alloc_node_mem_map(void)
{
	size_t size = ALIGN(max_pfn * sizeof(struct page), PAGE_SIZE);

	mem_map = memblock_alloc(size, PAGE_SIZE);
	if (!mem_map)
		panic("no memory for mem_map (%lu KiB)", (unsigned long)(size >> 10));
	for (unsigned long pfn = 0; pfn < max_pfn; pfn++) {
		struct page *page = &mem_map[pfn];

		set_page_zone(page, zone_for_pfn(pfn));
		SetPageReserved(page);
		set_page_count(page, 1);
		page->_mapcount = -1;
		INIT_LIST_HEAD(&page->lru);
	}
	pr_info("mem_map: %lu struct pages of %lu bytes = %lu KiB at 0x%016lx\n",
		max_pfn, (unsigned long)sizeof(struct page),
		(unsigned long)(size >> 10), (unsigned long)__pa(mem_map));
}

static unsigned long present_pages_in(unsigned long start_pfn, unsigned long end_pfn)
{
	struct memblock_region *r;
	unsigned long n = 0;

	for_each_mem_region(r) {
		unsigned long s = max(PFN_UP(r->base), start_pfn);
		unsigned long e = min(PFN_DOWN(r->base + r->size), end_pfn);

		if (e > s)
			n += e - s;
	}
	return n;
}

static void zone_sizes_init(void)
{
	static const unsigned long zone_end[MAX_NR_ZONES] = {
		MAX_DMA_PFN, MAX_DMA32_PFN, ~0UL,
	};
	unsigned long start = PFN_DOWN(memblock_start_of_DRAM());

	pr_info("Zone ranges:\n");
	for (int t = 0; t < MAX_NR_ZONES; t++) {
		struct zone *zone = &NODE_DATA(0)->node_zones[t];
		unsigned long end = min(zone_end[t], max_pfn);

		if (end <= start) {
			init_zone(zone, t, 0, 0, 0);
			pr_info("  %-8s empty\n", zone->name);
			continue;
		}
		init_zone(zone, t, start, end, present_pages_in(start, end));
		pr_info("  %-8s [mem 0x%016lx-0x%016lx]\n", zone->name,
			(unsigned long)PFN_PHYS(start), (unsigned long)PFN_PHYS(end) - 1);
		start = end;
	}
	NODE_DATA(0)->node_start_pfn = PFN_DOWN(memblock_start_of_DRAM());
	NODE_DATA(0)->node_spanned_pages = max_pfn - NODE_DATA(0)->node_start_pfn;
}

/* Every range memblock has not reserved goes to the buddy allocator. */
static void memblock_free_all(void)
{
	phys_addr_t start, end;
	u64 i;

	for_each_free_mem_range(i, &start, &end) {
		unsigned long s = PFN_UP(start), e = min(PFN_DOWN(end), max_pfn);

		if (e > s)
			__free_pages_memory(s, e);
	}
}

static void print_zones(void)
{
	struct zone *zone;

	for_each_zone(zone) {
		if (!populated_zone(zone))
			continue;
		pr_info("  %s zone: %lu pages spanned, %lu present, %lu managed; watermarks min %lu low %lu high %lu; pcp batch %d high %d\n",
			zone->name, zone->spanned_pages, zone->present_pages,
			zone->managed_pages, min_wmark_pages(zone),
			low_wmark_pages(zone), high_wmark_pages(zone),
			zone->pcp.batch, zone->pcp.high);
	}
}

/* Linux's "Memory: 490000K/523775K available (...)" line. */
static void print_memory_line(void)
{
	unsigned long physpages = memblock_phys_mem_size() >> PAGE_SHIFT;
	unsigned long avail = nr_free_pages();

	pr_info("Memory: %luK/%luK available (%luK kernel code, %luK rwdata, %luK rodata, %luK bss, %luK reserved)\n",
		avail << (PAGE_SHIFT - 10), physpages << (PAGE_SHIFT - 10),
		(unsigned long)(_etext - _text) >> 10,
		(unsigned long)(_edata - _sdata) >> 10,
		(unsigned long)(_erodata - _srodata) >> 10,
		(unsigned long)(__bss_stop - __bss_start) >> 10,
		(physpages - totalram_pages) << (PAGE_SHIFT - 10));
	pr_info("min_free_kbytes: %d\n", min_free_kbytes);
}

void mem_init(void)
{
	max_pfn = PFN_DOWN(memblock_end_of_DRAM());
	alloc_node_mem_map();
	zone_sizes_init();
	memblock_free_all();
	free_boot_page_tables();
	init_per_zone_wmark_min();
	print_zones();
	print_memory_line();
	kmem_cache_init();
}

static void print_lines(char *text)
{
	while (*text) {
		char *nl = strchr(text, '\n');

		if (nl)
			*nl = '\0';
		pr_info("  %s\n", text);
		if (!nl)
			break;
		text = nl + 1;
	}
}

/*
 * The end-of-boot report: /proc/buddyinfo and /proc/zoneinfo, and
 * /proc/slabinfo when the command line says "slabinfo".
 */
void mm_report(void)
{
	static char buf[8192];

	buddyinfo_show(buf, sizeof(buf));
	pr_info("buddyinfo (free blocks of order 0..%d):\n", MAX_ORDER);
	print_lines(buf);
	zoneinfo_show(buf, sizeof(buf));
	pr_info("zoneinfo:\n");
	print_lines(buf);
	if (!param_has("slabinfo"))
		return;
	slabinfo_show(buf, sizeof(buf));
	pr_info("slabinfo:\n");
	print_lines(buf);
}
