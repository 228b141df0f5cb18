/*
 * mm/show_mem.c - what the page allocator reports about itself.
 *
 * show_free_areas() is Linux's "Mem-Info:" dump printed when an
 * allocation fails (zones, free blocks, slab totals from mm/slub.c);
 * buddyinfo_show() and zoneinfo_show() render what
 * /proc/buddyinfo and /proc/zoneinfo will show once procfs exists, in
 * Linux's formats, so the same tools and habits work.  Linux:
 * mm/show_mem.c, mm/vmstat.c (frag_show, zoneinfo_show).
 */
#include <mneme/irqflags.h>
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/printk.h>
#include <mneme/slab.h>
#include <mneme/sprintf.h>

#define K(pages)	((unsigned long)(pages) << (PAGE_SHIFT - 10))

/* "Node 0 DMA: 1*4kB 0*8kB ... = 1234kB" */
static void show_zone_orders(struct zone *zone)
{
	char line[512];
	unsigned long total = 0;
	int n;

	n = scnprintf(line, sizeof(line), "Node 0 %s:", zone->name);
	for (int o = 0; o < NR_PAGE_ORDERS; o++) {
		unsigned long nr = zone->free_area[o].nr_free;

		total += nr << o;
		n += scnprintf(line + n, sizeof(line) - n, " %lu*%lukB", nr,
			       K(1UL << o));
	}
	pr_warn("%s = %lukB\n", line, K(total));
}

static void show_zone_summary(struct zone *zone)
{
	pr_warn("Node 0 %s free:%lukB min:%lukB low:%lukB high:%lukB present:%lukB managed:%lukB pcp:%ukB\n",
		zone->name, K(zone_page_state(zone, NR_FREE_PAGES)),
		K(min_wmark_pages(zone)), K(low_wmark_pages(zone)),
		K(high_wmark_pages(zone)), K(zone->present_pages),
		K(zone->managed_pages), (unsigned int)K(zone->pcp.count));
	pr_warn("lowmem_reserve[]: %ld %ld %ld\n", zone->lowmem_reserve[0],
		zone->lowmem_reserve[1], zone->lowmem_reserve[2]);
}

/* Slab memory, as Linux's slab_reclaimable/slab_unreclaimable (pages). */
static void show_slab_totals(void)
{
	struct slab_totals t;

	get_slab_totals(&t);
	pr_warn("slab_reclaimable:0 slab_unreclaimable:%lu (%lu pages in %lu caches, %lu kmalloc-large pages)\n",
		t.slab_pages + t.large_kmalloc_pages, t.slab_pages, t.nr_caches,
		t.large_kmalloc_pages);
}

void show_free_areas(void)
{
	struct zone *zone;

	pr_warn("Mem-Info:\n");
	for_each_zone(zone)
		if (populated_zone(zone))
			show_zone_summary(zone);
	for_each_zone(zone)
		if (populated_zone(zone))
			show_zone_orders(zone);
	pr_warn("%lu pages RAM, %lu pages free, %lu pages reserved or in holes\n",
		totalram_pages, nr_free_pages(), max_pfn - totalram_pages);
	show_slab_totals();
}

/* /proc/buddyinfo: free blocks per order, one line per zone. */
int buddyinfo_show(char *buf, size_t size)
{
	unsigned long flags = local_irq_save();
	struct zone *zone;
	int n = 0;

	for_each_zone(zone) {
		if (!populated_zone(zone))
			continue;
		n += scnprintf(buf + n, size - n, "Node 0, zone %8s ", zone->name);
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			n += scnprintf(buf + n, size - n, "%6lu ",
				       zone->free_area[o].nr_free);
		n += scnprintf(buf + n, size - n, "\n");
	}
	local_irq_restore(flags);
	return n;
}

static int zoneinfo_one(char *buf, size_t size, const struct zone *zone)
{
	return scnprintf(buf, size,
		"Node 0, zone %8s\n"
		"  pages free     %lu\n"
		"        min      %lu\n"
		"        low      %lu\n"
		"        high     %lu\n"
		"        spanned  %lu\n"
		"        present  %lu\n"
		"        managed  %lu\n"
		"        protection: (%ld, %ld, %ld)\n"
		"      nr_free_pages %lu\n"
		"      pgalloc      %ld\n"
		"      pgfree       %ld\n"
		"  pagesets\n"
		"    cpu: 0\n"
		"              count: %d\n"
		"              high:  %d\n"
		"              batch: %d\n"
		"  start_pfn:           %lu\n",
		zone->name, zone_page_state(zone, NR_FREE_PAGES),
		min_wmark_pages(zone), low_wmark_pages(zone),
		high_wmark_pages(zone), zone->spanned_pages,
		zone->present_pages, zone->managed_pages,
		zone->lowmem_reserve[0], zone->lowmem_reserve[1],
		zone->lowmem_reserve[2], zone_page_state(zone, NR_FREE_PAGES),
		zone->vm_stat[NR_ZONE_ALLOC], zone->vm_stat[NR_ZONE_FREE],
		zone->pcp.count, zone->pcp.high, zone->pcp.batch,
		zone->zone_start_pfn);
}

/* /proc/zoneinfo: each zone's sizes, watermarks, reserves and pcp list. */
int zoneinfo_show(char *buf, size_t size)
{
	unsigned long flags = local_irq_save();
	struct zone *zone;
	int n = 0;

	for_each_zone(zone)
		if (populated_zone(zone))
			n += zoneinfo_one(buf + n, size - n, zone);
	local_irq_restore(flags);
	return n;
}
