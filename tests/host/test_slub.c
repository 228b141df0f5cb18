/*
 * tests/host/test_slub.c - mm/slub.c: SLUB caches and kmalloc, on the real
 * buddy allocator (mm/page_alloc.c) over the shim's fake RAM.
 *
 * slub_boot() sets up a small machine as mm/mm_init.c would (mem_map, two
 * zones, everything but pfn 0 freed to the buddy) and calls
 * kmem_cache_init().  The randomised tests then run seeded alloc/free
 * sequences (1,000,000 operations over 14 caches of assorted sizes,
 * alignments and constructors, plus kmalloc of 1 .. 20000 bytes) against
 * a reference model: a hash set of live object addresses (so no object is
 * handed out twice) and, per object, its size and a fill byte.  Every
 * object is written in full when allocated and checked when freed, which
 * finds overlaps and writes outside objects that ASan cannot see (slab
 * pages are fake RAM, not malloc()ed).  Periodically each cache's
 * get_slabinfo() must agree with the model, and at the end every object
 * freed means zero active objects, and destroying the caches gives every
 * page back to the page allocator.
 *
 * The same run with slub_debug on for every cache also checks each
 * object's red zone before it is freed and its poison after, and that no
 * report was made.
 *
 * The fixed cases: empty slabs go back beyond min_partial, destroy with
 * live objects reports and leaks, every kmalloc size class and the sizes
 * between, krealloc, kcalloc overflow, kfree(NULL), foreign pointers
 * reported and not freed, freelist obfuscation, slab order within the
 * 1/8 waste rule, slab pages marked and cleared, constructors, slabinfo's
 * layout, and allocation failure.
 */
#include <stdint.h>
#include <stdlib.h>

#include "test.h"
#include "kernel_lib.h"
#include "kernel_shim.h"
#include "slub_boot.h"
#include <mneme/irqflags.h>
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/poison.h>
#include <mneme/slab.h>

/* ---- the fake machine ------------------------------------------------- */

#define FAKE_MAX_PFN	(HOST_FAKE_RAM_SIZE / PAGE_SIZE)
#define FAKE_DMA_END	4096UL
#define GARBAGE		0x5a

static unsigned long boot_free_pages;	/* before kmem_cache_init() */

static struct zone *zone_nr(int z)
{
	return &NODE_DATA(0)->node_zones[z];
}

static unsigned long free_pages_now(void)
{
	drain_local_pages();
	return nr_free_pages();
}

/* mem_map, ZONE_DMA and ZONE_DMA32, all frames but pfn 0 free; then SLUB. */
void slub_boot(void)
{
	host_printk_reset();
	fail_page_alloc_setup("0");
	memset(&contig_page_data, 0, sizeof(contig_page_data));
	totalram_pages = 0;
	nr_bad_pages = 0;
	nr_slab_bad_frees = 0;
	nr_slub_debug_reports = 0;
	min_free_kbytes = 0;
	free(mem_map);
	mem_map = calloc(FAKE_MAX_PFN, sizeof(*mem_map));
	max_pfn = FAKE_MAX_PFN;
	for (unsigned long pfn = 0; pfn < FAKE_MAX_PFN; pfn++) {
		struct page *page = &mem_map[pfn];

		set_page_zone(page, pfn < FAKE_DMA_END ? ZONE_DMA : ZONE_DMA32);
		SetPageReserved(page);
		set_page_count(page, 1);
		page->_mapcount = -1;
		INIT_LIST_HEAD(&page->lru);
	}
	init_zone(zone_nr(ZONE_DMA), ZONE_DMA, 0, FAKE_DMA_END, FAKE_DMA_END - 1);
	init_zone(zone_nr(ZONE_DMA32), ZONE_DMA32, FAKE_DMA_END, FAKE_MAX_PFN,
		  FAKE_MAX_PFN - FAKE_DMA_END);
	init_zone(zone_nr(ZONE_NORMAL), ZONE_NORMAL, 0, 0, 0);
	contig_page_data.node_spanned_pages = FAKE_MAX_PFN;
	__free_pages_memory(1, FAKE_MAX_PFN);
	init_per_zone_wmark_min();
	memset(host_fake_ram, GARBAGE, HOST_FAKE_RAM_SIZE);
	boot_free_pages = free_pages_now();
	kmem_cache_init();
}

static unsigned long active_objs(struct kmem_cache *s)
{
	struct slabinfo si;

	get_slabinfo(s, &si);
	return si.active_objs;
}

/* Every page is free, in a slab, or a large kmalloc block: none lost. */
static void expect_pages_accounted(const char *file, int line)
{
	struct slab_totals t;
	unsigned long free_now = free_pages_now();

	get_slab_totals(&t);
	test_check_int(file, line, "EXPECT_PAGES_ACCOUNTED",
		       "free + slab + large pages", "free pages at boot",
		       (long long)(free_now + t.slab_pages + t.large_kmalloc_pages),
		       (long long)boot_free_pages, true);
}
#define EXPECT_PAGES_ACCOUNTED()	expect_pages_accounted(__FILE__, __LINE__)

/* ---- the reference model ---------------------------------------------- */

#define MAX_LIVE	20000
#define HASH_SIZE	65536		/* power of two, > 2 * MAX_LIVE */
#define NR_TEST_CACHES	14
#define KMALLOC_CLASS	NR_TEST_CACHES	/* "cache" index for kmalloc */
#define MAX_KMALLOC	20000

struct live_obj {
	unsigned char *p;
	size_t size;
	int cache;
	unsigned char fill;
};

static struct live_obj live[MAX_LIVE];
static unsigned long nr_live;
static unsigned char *hash_set[HASH_SIZE];	/* open addressing, NULL = empty, 1 = deleted */
static unsigned long live_per_cache[NR_TEST_CACHES + 1];

#define HASH_TOMBSTONE	((unsigned char *)1)

static unsigned long hash_of(const void *p)
{
	return ((uintptr_t)p * 0x9e3779b97f4a7c15ULL) >> (64 - 16);
}

/* Insert p; false if it is already there (handed out twice). */
static bool hash_insert(unsigned char *p)
{
	unsigned long i = hash_of(p), slot = HASH_SIZE;

	for (;; i = (i + 1) & (HASH_SIZE - 1)) {
		if (hash_set[i] == p)
			return false;
		if (hash_set[i] == HASH_TOMBSTONE && slot == HASH_SIZE)
			slot = i;
		if (!hash_set[i])
			break;
	}
	hash_set[slot == HASH_SIZE ? i : slot] = p;
	return true;
}

static void hash_remove(unsigned char *p)
{
	unsigned long i = hash_of(p);

	while (hash_set[i] != p)
		i = (i + 1) & (HASH_SIZE - 1);
	hash_set[i] = HASH_TOMBSTONE;
}

static void fill_object(unsigned char *p, size_t size, unsigned char fill)
{
	memset(p, fill, size);
}

/* Offset of the first byte of p that is not fill, or size. */
static size_t check_object(const unsigned char *p, size_t size, unsigned char fill)
{
	for (size_t i = 0; i < size; i++)
		if (p[i] != fill)
			return i;
	return size;
}

/* ---- fixed cases ------------------------------------------------------ */

TEST(kmem_cache_init_makes_kmalloc_caches_8_to_8192)
{
	slub_boot();
	for (size_t size = KMALLOC_MIN_SIZE; size <= KMALLOC_MAX_CACHE_SIZE; size *= 2) {
		struct kmem_cache *s = kmalloc_slab(size);

		ASSERT_TRUE(s != NULL);
		EXPECT_EQ(s->object_size, size);
		EXPECT_EQ(s->size, size);
		EXPECT_TRUE(s->flags & SLAB_KMALLOC);
	}
	EXPECT_STREQ(kmalloc_slab(64)->name, "kmalloc-64");
	EXPECT_STREQ(kmalloc_slab(1024)->name, "kmalloc-1k");
	EXPECT_PTR_EQ(kmalloc_slab(65), kmalloc_slab(128));
	EXPECT_PTR_EQ(kmalloc_slab(1), kmalloc_slab(8));
	EXPECT_PAGES_ACCOUNTED();
}

TEST(slab_order_keeps_waste_under_an_eighth)
{
	static const unsigned int sizes[] = { 8, 24, 40, 96, 200, 700, 1000, 1500,
					      2100, 3000, 4096, 5000, 8192, 30000 };
	struct kmem_cache *s;

	slub_boot();
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		unsigned long slab;

		s = kmem_cache_create("order", sizes[i], 0, 0, NULL);
		ASSERT_TRUE(s != NULL);
		slab = PAGE_SIZE << s->order;
		EXPECT_TRUE(s->order <= 3);
		EXPECT_EQ(s->objects, slab / s->size);
		if ((slab - s->objects * s->size) * 8 >= slab)
			TEST_FAIL("size %u: order %u wastes %lu of %lu bytes",
				  sizes[i], s->order, slab - s->objects * s->size, slab);
		kmem_cache_destroy(s);
	}
	/* No order <= 3 wastes under 1/8 of 12000-byte objects: least waste. */
	s = kmem_cache_create("no-good-order", 12000, 0, 0, NULL);
	ASSERT_TRUE(s != NULL);
	EXPECT_EQ(s->order, 2);			/* 4384 / 16384: ties with order 3 */
	EXPECT_EQ(s->objects, 1);
	kmem_cache_destroy(s);
	EXPECT_TRUE(kmem_cache_create("too-big", 40000, 0, 0, NULL) == NULL);
	EXPECT_TRUE(kmem_cache_create("bad-align", 64, 24, 0, NULL) == NULL);
	EXPECT_TRUE(kmem_cache_create("empty", 0, 0, 0, NULL) == NULL);
}

TEST(slab_pages_are_marked_and_cleared)
{
	struct kmem_cache *s;
	struct page *page;
	void *obj;

	slub_boot();
	s = kmem_cache_create("big", 3000, 0, 0, NULL);
	ASSERT_TRUE(s != NULL);
	ASSERT_TRUE(s->order > 0);
	obj = kmem_cache_alloc(s, GFP_KERNEL);
	ASSERT_TRUE(obj != NULL);
	page = virt_to_page(obj);
	EXPECT_TRUE(PageSlab(page));
	EXPECT_PTR_EQ(page->slab_cache, s);
	EXPECT_EQ(page->objects, s->objects);
	EXPECT_TRUE(page->frozen);
	EXPECT_EQ(page[1].compound_head, (unsigned long)page | 1);
	EXPECT_EQ(page_count(page), 1);
	kmem_cache_free(s, obj);
	kmem_cache_destroy(s);
	EXPECT_FALSE(PageSlab(page));
	EXPECT_TRUE(page->mapping == NULL);
	EXPECT_EQ(page[1].compound_head & 1, 0);
	EXPECT_EQ(nr_bad_pages, 0);
	EXPECT_FALSE(irqs_disabled());
}

TEST(empty_slabs_go_back_beyond_min_partial)
{
	enum { NR = 2000 };
	static void *objs[NR];
	struct kmem_cache *s;
	unsigned long before;

	slub_boot();
	s = kmem_cache_create("empties", 256, 0, 0, NULL);
	ASSERT_TRUE(s != NULL);
	before = free_pages_now();
	for (int i = 0; i < NR; i++) {
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
		ASSERT_TRUE(objs[i] != NULL);
	}
	EXPECT_EQ(s->nr_slabs, DIV_ROUND_UP(NR, s->objects));
	EXPECT_EQ(active_objs(s), NR);
	for (int i = 0; i < NR; i += 2)		/* every slab half empty */
		kmem_cache_free(s, objs[i]);
	EXPECT_EQ(active_objs(s), NR / 2);
	for (int i = 1; i < NR; i += 2)
		kmem_cache_free(s, objs[i]);
	EXPECT_EQ(active_objs(s), 0);
	EXPECT_TRUE(s->nr_partial <= s->min_partial);
	EXPECT_TRUE(s->nr_slabs <= s->min_partial + 1);	/* + the CPU slab */
	EXPECT_EQ(free_pages_now() + (s->nr_slabs << s->order), before);
	kmem_cache_destroy(s);
	EXPECT_EQ(free_pages_now(), before);
	EXPECT_PAGES_ACCOUNTED();
}

TEST(destroy_with_live_objects_reports_and_leaks_them)
{
	struct kmem_cache *s;
	unsigned char *a, *b, *c;
	unsigned long before;

	slub_boot();
	s = kmem_cache_create("leaky", 100, 0, 0, NULL);
	ASSERT_TRUE(s != NULL);
	before = free_pages_now();
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	c = kmem_cache_alloc(s, GFP_KERNEL);
	ASSERT_TRUE(a && b && c);
	fill_object(b, 100, 0x42);
	kmem_cache_free(s, a);
	host_printk_reset();
	kmem_cache_destroy(s);
	EXPECT_TRUE(host_printk_contains("kmem_cache_destroy leaky: Slab cache still has objects: 2"));
	EXPECT_TRUE(PageSlab(virt_to_page(b)));
	EXPECT_EQ(check_object(b, 100, 0x42), 100);
	EXPECT_EQ(free_pages_now(), before - (1UL << s->order));
	EXPECT_EQ(active_objs(s), 2);
	EXPECT_PAGES_ACCOUNTED();
}

TEST(freelist_pointer_is_obfuscated)
{
	struct kmem_cache *s;
	unsigned char *a, *b, *start, *end;
	uintptr_t raw;

	slub_boot();
	s = kmem_cache_create("hardened", 64, 0, 0, NULL);
	ASSERT_TRUE(s != NULL);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	ASSERT_TRUE(a && b);
	start = page_address(virt_to_page(a));
	end = start + (PAGE_SIZE << s->order);
	kmem_cache_free(s, a);
	kmem_cache_free(s, b);			/* b's free pointer: a */
	memcpy(&raw, b + s->offset, sizeof(raw));
	EXPECT_NE(raw, (uintptr_t)a);
	EXPECT_FALSE(raw >= (uintptr_t)start && raw < (uintptr_t)end);
	EXPECT_FALSE(raw >= (uintptr_t)host_fake_ram &&
		     raw < (uintptr_t)host_fake_ram + HOST_FAKE_RAM_SIZE);
	EXPECT_EQ(raw ^ s->random ^ (uintptr_t)(b + s->offset), (uintptr_t)a);
	/* The next free object of a fresh slab: also stored obfuscated. */
	memcpy(&raw, a + s->offset, sizeof(raw));
	EXPECT_FALSE(raw >= (uintptr_t)start && raw < (uintptr_t)end);
	EXPECT_NE(s->random, kmalloc_slab(64)->random);
	kmem_cache_destroy(s);
}

static int ctor_calls;

static void count_ctor(void *obj)
{
	ctor_calls++;
	memset(obj, 0x77, 48);
}

TEST(constructor_runs_once_per_object_and_its_work_survives_free)
{
	struct kmem_cache *s;
	unsigned char *obj;

	slub_boot();
	s = kmem_cache_create("ctor", 48, 0, 0, count_ctor);
	ASSERT_TRUE(s != NULL);
	EXPECT_TRUE(s->offset >= 48);		/* free pointer outside the object */
	obj = kmem_cache_alloc(s, GFP_KERNEL);
	ASSERT_TRUE(obj != NULL);
	EXPECT_EQ(ctor_calls, s->objects);
	EXPECT_EQ(check_object(obj, 48, 0x77), 48);
	kmem_cache_free(s, obj);
	obj = kmem_cache_alloc(s, GFP_KERNEL);
	EXPECT_EQ(check_object(obj, 48, 0x77), 48);
	EXPECT_EQ(ctor_calls, s->objects);
	kmem_cache_free(s, obj);
	kmem_cache_destroy(s);
}

TEST(alignment_and_hwcache_align_are_honoured)
{
	static const unsigned int aligns[] = { 0, 8, 16, 32, 64, 128, 256, 512 };

	slub_boot();
	for (size_t i = 0; i < ARRAY_SIZE(aligns); i++) {
		struct kmem_cache *s = kmem_cache_create("aligned", 40, aligns[i],
							 i % 2 ? SLAB_HWCACHE_ALIGN : 0, NULL);
		unsigned long want = aligns[i] < 8 ? 8 : aligns[i];
		void *objs[50];

		ASSERT_TRUE(s != NULL);
		if (i % 2 && want < 64)
			want = 64;
		for (int j = 0; j < 50; j++) {
			objs[j] = kmem_cache_alloc(s, GFP_KERNEL);
			ASSERT_TRUE(objs[j] != NULL);
			EXPECT_EQ((uintptr_t)objs[j] % want, 0);
		}
		for (int j = 0; j < 50; j++)
			kmem_cache_free(s, objs[j]);
		kmem_cache_destroy(s);
	}
}

/* kmalloc(size): non-NULL, aligned to its class, ksize >= size, writable. */
static void check_kmalloc_size(const char *file, int line, size_t size)
{
	size_t align = size <= KMALLOC_MIN_SIZE ? KMALLOC_MIN_SIZE : 1;
	unsigned char *p = kmalloc(size, GFP_KERNEL);

	while (align < size && align < PAGE_SIZE)
		align *= 2;
	if (!p) {
		test_fail_at(file, line, "kmalloc(%zu) returned NULL", size);
		return;
	}
	if ((uintptr_t)p % align || ksize(p) < size)
		test_fail_at(file, line, "kmalloc(%zu) = %p (want %zu-aligned), ksize %zu",
			     size, (void *)p, align, ksize(p));
	fill_object(p, size, (unsigned char)size);
	if (check_object(p, size, (unsigned char)size) != size)
		test_fail_at(file, line, "kmalloc(%zu): object not kept", size);
	kfree(p);
}

TEST(kmalloc_every_size_class_and_sizes_between)
{
	slub_boot();
	for (size_t size = 1; size <= 1100; size++)
		check_kmalloc_size(__FILE__, __LINE__, size);
	for (size_t size = 16; size <= (PAGE_SIZE << 6); size *= 2) {
		check_kmalloc_size(__FILE__, __LINE__, size - 1);
		check_kmalloc_size(__FILE__, __LINE__, size);
		check_kmalloc_size(__FILE__, __LINE__, size + 1);
		check_kmalloc_size(__FILE__, __LINE__, size + size / 2);
	}
	for (size_t size = KMALLOC_MIN_SIZE; size <= KMALLOC_MAX_CACHE_SIZE; size *= 2) {
		void *p = kmalloc(size, GFP_KERNEL);

		EXPECT_EQ(ksize(p), size);
		kfree(p);
	}
	EXPECT_TRUE(kmalloc(PAGE_SIZE << (MAX_ORDER + 1), GFP_KERNEL | __GFP_NOWARN) == NULL);
	EXPECT_EQ(nr_slab_bad_frees, 0);
	EXPECT_EQ(nr_bad_pages, 0);
	for (size_t size = KMALLOC_MIN_SIZE; size <= KMALLOC_MAX_CACHE_SIZE; size *= 2)
		EXPECT_EQ(active_objs(kmalloc_slab(size)), 0);
	EXPECT_PAGES_ACCOUNTED();
}

TEST(kzalloc_and_kcalloc_zero_and_kcalloc_overflow_returns_null)
{
	unsigned char *p;

	slub_boot();
	p = kmalloc(200, GFP_KERNEL);
	fill_object(p, 200, 0xee);
	kfree(p);
	p = kzalloc(200, GFP_KERNEL);		/* likely the same object */
	ASSERT_TRUE(p != NULL);
	EXPECT_EQ(check_object(p, 200, 0), 200);
	kfree(p);
	p = kcalloc(10, 100, GFP_KERNEL);
	ASSERT_TRUE(p != NULL);
	EXPECT_EQ(check_object(p, 1000, 0), 1000);
	kfree(p);
	EXPECT_TRUE(kcalloc(SIZE_MAX / 2 + 1, 2, GFP_KERNEL) == NULL);
	EXPECT_TRUE(kmalloc_array(1UL << 40, 1UL << 30, GFP_KERNEL) == NULL);
	EXPECT_TRUE(kmalloc_array(SIZE_MAX, SIZE_MAX, GFP_KERNEL) == NULL);
	EXPECT_FALSE(host_printk_contains("BUG"));
}

TEST(krealloc_keeps_contents)
{
	unsigned char *p = NULL, *q;
	size_t old = 0;

	slub_boot();
	for (size_t size = 5; size <= 40000; size = size * 3 / 2 + 1) {
		q = krealloc(p, size, GFP_KERNEL);
		ASSERT_TRUE(q != NULL);
		if (check_object(q, old, 0xc3) != old)
			TEST_FAIL("krealloc to %zu lost contents of the first %zu bytes", size, old);
		fill_object(q, size, 0xc3);
		p = q;
		old = size;
	}
	q = krealloc(p, 10, GFP_KERNEL);	/* shrinking keeps the block */
	EXPECT_PTR_EQ(q, p);
	EXPECT_EQ(check_object(q, 10, 0xc3), 10);
	EXPECT_PTR_EQ(krealloc(q, 0, GFP_KERNEL), ZERO_SIZE_PTR);
	EXPECT_EQ(nr_slab_bad_frees, 0);
	EXPECT_PAGES_ACCOUNTED();
}

TEST(kfree_null_and_zero_size_ptr_are_noops)
{
	slub_boot();
	EXPECT_PTR_EQ(kmalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	kfree(NULL);
	kfree(ZERO_SIZE_PTR);
	EXPECT_EQ(ksize(NULL), 0);
	EXPECT_EQ(nr_slab_bad_frees, 0);
	EXPECT_FALSE(host_printk_contains("BUG"));
}

TEST(kfree_of_foreign_pointers_is_reported_not_freed)
{
	static char not_direct_map[64];
	unsigned char *obj, *big;
	struct page *page;
	unsigned long active;

	slub_boot();
	obj = kmalloc(64, GFP_KERNEL);
	ASSERT_TRUE(obj != NULL);
	active = active_objs(kmalloc_slab(64));

	kfree(obj + 8);				/* middle of an object */
	EXPECT_EQ(nr_slab_bad_frees, 1);
	EXPECT_TRUE(host_printk_contains("not the start of an object"));
	EXPECT_EQ(active_objs(kmalloc_slab(64)), active);

	page = alloc_page(GFP_KERNEL);		/* page allocator, not kmalloc */
	ASSERT_TRUE(page != NULL);
	kfree(page_address(page));
	EXPECT_EQ(nr_slab_bad_frees, 2);
	EXPECT_TRUE(host_printk_contains("not a slab page nor a kmalloc() page"));
	EXPECT_EQ(page_count(page), 1);
	__free_page(page);

	big = kmalloc(3 * PAGE_SIZE, GFP_KERNEL);	/* inside a large block */
	ASSERT_TRUE(big != NULL);
	kfree(big + PAGE_SIZE);
	EXPECT_EQ(nr_slab_bad_frees, 3);
	EXPECT_TRUE(host_printk_contains("inside a large kmalloc block"));
	kfree(big);

	kfree(not_direct_map);
	EXPECT_EQ(nr_slab_bad_frees, 4);

	kfree(obj);
	kfree(obj);				/* double free: heads the freelist */
	EXPECT_EQ(nr_slab_bad_frees, 5);
	EXPECT_TRUE(host_printk_contains("double free"));
	EXPECT_EQ(active_objs(kmalloc_slab(64)), active - 1);
	EXPECT_EQ(nr_bad_pages, 0);
	EXPECT_PAGES_ACCOUNTED();
}

TEST(kmem_cache_free_to_the_wrong_cache_is_reported)
{
	struct kmem_cache *s = NULL;
	void *obj;

	slub_boot();
	s = kmem_cache_create("mine", 64, 0, 0, NULL);
	obj = kmalloc(64, GFP_KERNEL);
	kmem_cache_free(s, obj);
	EXPECT_EQ(nr_slab_bad_frees, 1);
	EXPECT_TRUE(host_printk_contains("wrong slab cache"));
	EXPECT_EQ(active_objs(kmalloc_slab(64)), 1);
	kfree(obj);
	kmem_cache_destroy(s);
}

TEST(slabinfo_shows_linux_layout)
{
	static char buf[8192];
	struct kmem_cache *s;
	void *objs[10];
	char line[256];

	slub_boot();
	s = kmem_cache_create("test_cache", 100, 0, 0, NULL);
	for (int i = 0; i < 10; i++)
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	slabinfo_show(buf, sizeof(buf));
	EXPECT_TRUE(strncmp(buf, "slabinfo - version: 2.1\n# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables", 112) == 0);
	snprintf(line, sizeof(line),
		 "test_cache            10 %6u    104 %4u    1 : tunables    0    0    0 : slabdata      1      1      0\n",
		 s->objects, s->objects);
	if (!strstr(buf, line)) {
		TEST_NOTE_STR("slabinfo", buf);
		TEST_NOTE_STR("wanted line", line);
		TEST_FAIL("slabinfo has no line for test_cache");
	}
	EXPECT_TRUE(strstr(buf, "\nkmalloc-8k ") != NULL);
	for (int i = 0; i < 10; i++)
		kmem_cache_free(s, objs[i]);
	kmem_cache_destroy(s);
}

TEST(show_free_areas_includes_slab_totals)
{
	slub_boot();
	host_printk_reset();
	show_free_areas();
	EXPECT_TRUE(host_printk_contains("slab_unreclaimable:"));
	EXPECT_TRUE(host_printk_contains(" caches, "));
}

TEST(allocation_failure_returns_null_cleanly)
{
	struct kmem_cache *s;

	slub_boot();
	s = kmem_cache_create("starved", 512, 0, 0, NULL);
	ASSERT_TRUE(s != NULL);
	fail_page_alloc_setup("100");
	EXPECT_TRUE(kmem_cache_alloc(s, GFP_KERNEL | __GFP_NOWARN) == NULL);
	EXPECT_TRUE(kmalloc(5000, GFP_KERNEL | __GFP_NOWARN) == NULL);
	EXPECT_TRUE(kmalloc(50000, GFP_KERNEL | __GFP_NOWARN) == NULL);
	fail_page_alloc_setup("0");
	EXPECT_EQ(s->nr_slabs, 0);
	EXPECT_FALSE(irqs_disabled());
	EXPECT_TRUE(kmem_cache_alloc(s, GFP_KERNEL) != NULL);
	EXPECT_PAGES_ACCOUNTED();
}

/* ---- randomised ------------------------------------------------------- */

struct test_cache_spec {
	unsigned int size, align, flags;
	bool ctor;
};

static void nop_ctor(void *obj)
{
	(void)obj;
}

static struct kmem_cache *test_caches[NR_TEST_CACHES];
static size_t test_cache_align[NR_TEST_CACHES];

static void create_random_caches(void)
{
	for (int i = 0; i < NR_TEST_CACHES; i++) {
		unsigned int size = (unsigned int)test_rand_range(1, i < 10 ? 600 : 6000);
		unsigned int align = test_rand_chance(50) ? 0 : 1U << test_rand_below(9);
		unsigned int flags = test_rand_chance(25) ? SLAB_HWCACHE_ALIGN : 0;

		test_caches[i] = kmem_cache_create("random", size, align, flags,
						   test_rand_chance(20) ? nop_ctor : NULL);
		test_cache_align[i] = align < 8 ? 8 : align;
		if ((flags & SLAB_HWCACHE_ALIGN) && test_cache_align[i] < 64)
			test_cache_align[i] = 64;
	}
}

static size_t random_kmalloc_size(void)
{
	if (test_rand_chance(90))
		return (size_t)test_rand_range(1, 512);
	return (size_t)test_rand_range(1, MAX_KMALLOC);
}

static size_t kmalloc_align(size_t size)
{
	size_t align = KMALLOC_MIN_SIZE;

	while (align < size && align < PAGE_SIZE)
		align *= 2;
	return align;
}

static void random_alloc(unsigned long op)
{
	int c = (int)test_rand_below(NR_TEST_CACHES + 1);
	struct live_obj *o = &live[nr_live];
	size_t align;

	if (c == KMALLOC_CLASS) {
		o->size = random_kmalloc_size();
		o->p = kmalloc(o->size, GFP_KERNEL);
		align = kmalloc_align(o->size);
	} else {
		o->size = test_caches[c]->object_size;
		o->p = kmem_cache_alloc(test_caches[c], GFP_KERNEL);
		align = test_cache_align[c];
	}
	if (!o->p) {
		TEST_FAIL("op %lu: allocation of %zu bytes failed", op, o->size);
		return;
	}
	if ((uintptr_t)o->p % align)
		TEST_FAIL("op %lu: %p not %zu-aligned", op, (void *)o->p, align);
	if (!hash_insert(o->p))
		TEST_FAIL("op %lu: %p handed out twice", op, (void *)o->p);
	o->cache = c;
	o->fill = (unsigned char)(op * 131 + 7);
	fill_object(o->p, o->size, o->fill);
	live_per_cache[c]++;
	nr_live++;
}

static bool debug_run;		/* slub_debug on: check its bytes too */

/* The cache o came from, or NULL for a kmalloc_large() block. */
static struct kmem_cache *cache_of(const struct live_obj *o)
{
	if (o->cache != KMALLOC_CLASS)
		return test_caches[o->cache];
	return o->size <= KMALLOC_MAX_CACHE_SIZE ? kmalloc_slab(o->size) : NULL;
}

/* Is p's slab still one of s's (not discarded by the free)? */
static bool still_in_slab_of(const unsigned char *p, const struct kmem_cache *s)
{
	struct page *page = virt_to_page(p);

	if (page->compound_head & 1)
		page = (struct page *)(page->compound_head - 1);
	return PageSlab(page) && page->slab_cache == s;
}

/* slub_debug's bytes around an object: red zone in state red, poison when free. */
static void check_debug_bytes(const struct kmem_cache *s, const unsigned char *p,
			      unsigned char red)
{
	size_t rz = s->inuse - s->object_size;

	if ((s->flags & SLAB_RED_ZONE) && check_object(p + s->object_size, rz, red) != rz)
		TEST_FAIL("%s object %p: red zone is not %#x", s->name, (void *)p, red);
	if (red == SLUB_RED_INACTIVE && (s->flags & SLAB_POISON) && !s->ctor &&
	    (check_object(p, s->object_size - 1, POISON_FREE) != s->object_size - 1 ||
	     p[s->object_size - 1] != POISON_END))
		TEST_FAIL("%s object %p: freed but not poisoned", s->name, (void *)p);
}

static void free_live(unsigned long i)
{
	struct live_obj *o = &live[i];
	struct kmem_cache *s = debug_run ? cache_of(o) : NULL;
	size_t bad = check_object(o->p, o->size, o->fill);

	if (bad != o->size)
		TEST_FAIL("object %p (%zu bytes, cache %d): byte %zu is %#x, wrote %#x",
			  (void *)o->p, o->size, o->cache, bad, o->p[bad], o->fill);
	if (s)
		check_debug_bytes(s, o->p, SLUB_RED_ACTIVE);
	hash_remove(o->p);
	if (o->cache == KMALLOC_CLASS)
		kfree(o->p);
	else
		kmem_cache_free(test_caches[o->cache], o->p);
	if (s && still_in_slab_of(o->p, s))
		check_debug_bytes(s, o->p, SLUB_RED_INACTIVE);
	live_per_cache[o->cache]--;
	live[i] = live[--nr_live];
}

static void check_counts_agree(unsigned long op)
{
	for (int c = 0; c < NR_TEST_CACHES; c++)
		if (active_objs(test_caches[c]) != live_per_cache[c])
			TEST_FAIL("op %lu: cache %d (size %u) has %lu active objects, model %lu",
				  op, c, test_caches[c]->object_size,
				  active_objs(test_caches[c]), live_per_cache[c]);
	if (irqs_disabled())
		TEST_FAIL("op %lu: interrupts left disabled", op);
}

/*
 * Phases of filling and draining: the live count swings between empty and
 * MAX_LIVE, so slabs go through every state (new, CPU, full, partial,
 * empty, discarded) many times.
 */
static void run_random_ops(unsigned long nr_ops)
{
	unsigned int alloc_percent = 70;

	for (unsigned long op = 0; op < nr_ops && !test_failed(); op++) {
		if (op % 50000 == 0)
			alloc_percent = (unsigned int)test_rand_range(25, 75);
		if (nr_live < MAX_LIVE && (nr_live == 0 || test_rand_chance(alloc_percent)))
			random_alloc(op);
		else
			free_live(test_rand_below(nr_live));
		if (op % 100000 == 0)
			check_counts_agree(op);
	}
}

TEST(random_alloc_free_one_million_ops_over_many_caches)
{
	struct slab_totals start_totals, end;
	unsigned long start;

	slub_boot();
	create_random_caches();
	start = free_pages_now();
	get_slab_totals(&start_totals);
	run_random_ops(1000000);
	check_counts_agree(1000000);
	while (nr_live && !test_failed())
		free_live(nr_live - 1);
	for (int c = 0; c < NR_TEST_CACHES; c++)
		EXPECT_EQ(active_objs(test_caches[c]), 0);
	for (size_t size = KMALLOC_MIN_SIZE; size <= KMALLOC_MAX_CACHE_SIZE; size *= 2)
		EXPECT_EQ(active_objs(kmalloc_slab(size)), 0);
	EXPECT_EQ(nr_slab_bad_frees, 0);
	EXPECT_EQ(nr_bad_pages, 0);
	EXPECT_PAGES_ACCOUNTED();
	for (int c = 0; c < NR_TEST_CACHES; c++) {
		EXPECT_TRUE(test_caches[c]->nr_slabs <= test_caches[c]->min_partial + 1);
		kmem_cache_destroy(test_caches[c]);
	}
	EXPECT_FALSE(host_printk_contains("still has objects"));
	EXPECT_PAGES_ACCOUNTED();
	/* What is not free again is in the caches that remain (kmalloc-N). */
	get_slab_totals(&end);
	EXPECT_EQ(free_pages_now() + end.slab_pages - start_totals.slab_pages, start);
	EXPECT_EQ(end.large_kmalloc_pages, 0);
}

TEST(random_ops_with_slub_debug_on_every_cache_make_no_false_reports)
{
	host_params_set("slub_debug");
	slub_boot();
	debug_run = true;
	create_random_caches();
	ASSERT_TRUE(kmalloc_slab(64)->flags & SLAB_RED_ZONE);
	run_random_ops(1000000);
	check_counts_agree(1000000);
	while (nr_live && !test_failed())
		free_live(nr_live - 1);
	EXPECT_EQ(nr_slub_debug_reports, 0);
	EXPECT_EQ(nr_slab_bad_frees, 0);
	EXPECT_FALSE(host_printk_contains("BUG"));
	for (int c = 0; c < NR_TEST_CACHES; c++)
		kmem_cache_destroy(test_caches[c]);
	kmem_cache_shrink_all();
	for (size_t size = KMALLOC_MIN_SIZE; size <= KMALLOC_MAX_CACHE_SIZE; size *= 2)
		EXPECT_EQ(kmalloc_slab(size)->nr_slabs, 0);
	EXPECT_PAGES_ACCOUNTED();
}

TEST(cache_gives_every_page_back_at_destroy)
{
	struct kmem_cache *s, *warm;
	unsigned long before;

	slub_boot();
	warm = kmem_cache_create("warm", 32, 0, 0, NULL);	/* cache of caches' slab */
	before = free_pages_now();
	s = kmem_cache_create("one", (unsigned int)test_rand_range(16, 2000), 0, 0, NULL);
	ASSERT_TRUE(s != NULL);
	test_caches[0] = s;
	test_cache_align[0] = 8;
	for (int c = 1; c < NR_TEST_CACHES; c++) {	/* everything into "one" */
		test_caches[c] = s;
		test_cache_align[c] = 8;
	}
	for (unsigned long op = 0; op < 200000 && !test_failed(); op++) {
		if (nr_live < MAX_LIVE && (nr_live == 0 || test_rand_chance(op % 40000 < 20000 ? 70 : 30))) {
			struct live_obj *o = &live[nr_live];

			o->p = kmem_cache_alloc(s, GFP_KERNEL);
			ASSERT_TRUE(o->p != NULL);
			ASSERT_TRUE(hash_insert(o->p));
			o->size = s->object_size;
			o->cache = 0;
			o->fill = (unsigned char)op;
			fill_object(o->p, o->size, o->fill);
			live_per_cache[0]++;
			nr_live++;
		} else {
			free_live(test_rand_below(nr_live));
		}
	}
	while (nr_live)
		free_live(nr_live - 1);
	EXPECT_EQ(active_objs(s), 0);
	kmem_cache_destroy(s);
	EXPECT_EQ(free_pages_now(), before);
	kmem_cache_destroy(warm);
	EXPECT_PAGES_ACCOUNTED();
}
