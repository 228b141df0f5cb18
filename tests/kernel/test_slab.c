/*
 * tests/kernel/test_slab.c - ktests for SLUB and kmalloc (mm/slub.c) on the
 * machine's real memory: every kmalloc size class gives usable, aligned
 * memory, krealloc keeps contents, a foreign pointer given to kfree() is
 * reported and not freed (and the kernel carries on), a cache that is
 * created, used and destroyed gives every page back, and injected page
 * allocation failure makes kmalloc() return NULL cleanly.
 */
#include <mneme/kernel.h>
#include <mneme/ktest.h>
#include <mneme/mm.h>
#include <mneme/params.h>
#include <mneme/printk.h>
#include <mneme/slab.h>
#include <mneme/string.h>

#define FILL_BYTE	0x5c

static bool all_bytes(const unsigned char *p, size_t n, unsigned char c)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != c)
			return false;
	return true;
}

static unsigned long free_pages_drained(void)
{
	drain_local_pages();
	return nr_free_pages();
}

static void restore_fail_page_alloc(void)
{
	const char *spec = param_get("fail_page_alloc");

	fail_page_alloc_setup(spec ? spec : "0");
}

KTEST(slab, kmalloc_every_size_class_is_usable_and_aligned)
{
	for (size_t size = KMALLOC_MIN_SIZE; size <= 4 * KMALLOC_MAX_CACHE_SIZE; size *= 2) {
		size_t sizes[] = { size - 1, size, size + 1 };	/* classes >= size */

		for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
			size_t align = min(size, PAGE_SIZE);
			unsigned char *p = kmalloc(sizes[i], GFP_KERNEL);

			if (!KT_EXPECT_TRUE(kt, p != NULL))
				continue;
			KT_EXPECT_EQ(kt, (unsigned long)p % align, 0);
			KT_EXPECT_GE(kt, ksize(p), sizes[i]);
			memset(p, FILL_BYTE, sizes[i]);
			KT_EXPECT_TRUE(kt, all_bytes(p, sizes[i], FILL_BYTE));
			kfree(p);
		}
	}
}

KTEST(slab, krealloc_keeps_contents)
{
	unsigned char *p = NULL, *q;
	size_t old = 0;

	for (size_t size = 3; size <= 50000; size = size * 2 + 5) {
		q = krealloc(p, size, GFP_KERNEL);
		KT_ASSERT_TRUE(kt, q != NULL);
		KT_EXPECT_TRUE(kt, all_bytes(q, old, FILL_BYTE));
		memset(q, FILL_BYTE, size);
		p = q;
		old = size;
	}
	kfree(p);
}

KTEST(slab, kfree_of_foreign_pointer_is_reported_not_freed)
{
	unsigned long bad = nr_slab_bad_frees;
	unsigned char *obj = kmalloc(64, GFP_KERNEL);
	struct page *page = alloc_page(GFP_KERNEL);
	unsigned char *again;

	KT_ASSERT_TRUE(kt, obj != NULL && page != NULL);
	memset(obj, FILL_BYTE, 64);
	kfree(obj + 8);				/* the middle of an object */
	KT_EXPECT_EQ(kt, nr_slab_bad_frees, bad + 1);
	kfree(page_address(page));		/* a page kmalloc never returned */
	KT_EXPECT_EQ(kt, nr_slab_bad_frees, bad + 2);
	KT_EXPECT_EQ(kt, page_count(page), 1);
	KT_EXPECT_TRUE(kt, all_bytes(obj, 64, FILL_BYTE));	/* still ours */
	__free_page(page);
	kfree(obj);
	again = kmalloc(64, GFP_KERNEL);	/* and the allocator still works */
	KT_EXPECT_TRUE(kt, again != NULL);
	kfree(again);
	KT_EXPECT_EQ(kt, nr_slab_bad_frees, bad + 2);
}

KTEST(slab, destroyed_cache_gives_every_page_back)
{
	enum { NR = 3000 };
	static void *objs[NR];
	struct kmem_cache *warm, *s;
	unsigned long before;

	warm = kmem_cache_create("ktest-warm", 32, 0, 0, NULL);	/* cache of caches has room */
	KT_ASSERT_TRUE(kt, warm != NULL);
	before = free_pages_drained();
	s = kmem_cache_create("ktest-cache", 200, 0, SLAB_HWCACHE_ALIGN, NULL);
	KT_ASSERT_TRUE(kt, s != NULL);
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < NR; i++) {
			objs[i] = kmem_cache_zalloc(s, GFP_KERNEL);
			KT_ASSERT_TRUE(kt, objs[i] != NULL);
		}
		for (int i = round % 2; i < NR; i += 2)
			kmem_cache_free(s, objs[i]);
		for (int i = 1 - round % 2; i < NR; i += 2)
			kmem_cache_free(s, objs[i]);
	}
	KT_EXPECT_EQ(kt, s->nr_partial <= s->min_partial, 1);
	kmem_cache_destroy(s);
	KT_EXPECT_EQ(kt, free_pages_drained(), before);
	kmem_cache_destroy(warm);
}

/* Take kmalloc-4k objects until its next allocation needs a new slab. */
static int empty_kmalloc_4k(void **objs, int max)
{
	struct kmem_cache *s = kmalloc_slab(4096);
	int n = 0;

	while (n < max && (s->cpu_slab.freelist ||
			   (s->cpu_slab.page && s->cpu_slab.page->freelist) ||
			   !list_empty(&s->partial)))
		objs[n++] = kmalloc(4096, GFP_KERNEL);
	return n;
}

KTEST(slab, fail_page_alloc_makes_kmalloc_return_null)
{
	static void *objs[256];
	unsigned long injected = fail_page_alloc_injected();
	int n = empty_kmalloc_4k(objs, ARRAY_SIZE(objs));
	void *p, *big;

	KT_EXPECT_LT(kt, n, (int)ARRAY_SIZE(objs));
	fail_page_alloc_setup("100");
	p = kmalloc(4096, GFP_KERNEL | __GFP_NOWARN);	/* needs a new slab */
	big = kmalloc(64 * 1024, GFP_KERNEL | __GFP_NOWARN);	/* straight to pages */
	restore_fail_page_alloc();
	KT_EXPECT_TRUE(kt, p == NULL);
	KT_EXPECT_TRUE(kt, big == NULL);
	KT_EXPECT_GE(kt, fail_page_alloc_injected(), injected + 2);
	kfree(p);
	kfree(big);
	p = kmalloc(4096, GFP_KERNEL);
	KT_EXPECT_TRUE(kt, p != NULL);
	kfree(p);
	while (n > 0)
		kfree(objs[--n]);
}

KTEST(slab, slabinfo_lists_the_kmalloc_caches)
{
	static char buf[4096];
	struct slab_totals t;
	int n = slabinfo_show(buf, sizeof(buf));

	KT_EXPECT_GT(kt, n, 0);
	KT_EXPECT_TRUE(kt, strncmp(buf, "slabinfo - version: 2.1\n", 24) == 0);
	KT_EXPECT_TRUE(kt, strstr(buf, "\nkmalloc-64 ") != NULL);
	KT_EXPECT_TRUE(kt, strstr(buf, "\nkmalloc-8k ") != NULL);
	get_slab_totals(&t);
	KT_EXPECT_GE(kt, t.nr_caches, KMALLOC_SHIFT_HIGH - KMALLOC_SHIFT_LOW + 2);
	KT_EXPECT_GT(kt, t.slab_pages, 0);
}

KTEST(slab, kmem_cache_shrink_gives_every_empty_slab_back)
{
	enum { NR = 1000 };
	static void *objs[NR];
	struct kmem_cache *s;
	unsigned long before;

	kmem_cache_shrink_all();
	before = free_pages_drained();
	s = kmem_cache_create("ktest-shrink", 128, 0, 0, NULL);
	KT_ASSERT_TRUE(kt, s != NULL);
	for (int i = 0; i < NR; i++) {
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
		KT_ASSERT_TRUE(kt, objs[i] != NULL);
	}
	for (int i = 0; i < NR; i++)
		kmem_cache_free(s, objs[i]);
	KT_EXPECT_GT(kt, s->nr_slabs, 0);	/* empty slabs kept for later */
	KT_EXPECT_EQ(kt, kmem_cache_shrink(s), 0);
	KT_EXPECT_EQ(kt, s->nr_slabs, 0);
	KT_EXPECT_TRUE(kt, s->cpu_slab.page == NULL);
	objs[0] = kmem_cache_alloc(s, GFP_KERNEL);	/* and it still works */
	KT_EXPECT_TRUE(kt, objs[0] != NULL);
	KT_EXPECT_EQ(kt, kmem_cache_shrink(s), 1);	/* a live object keeps its slab */
	kmem_cache_free(s, objs[0]);
	kmem_cache_destroy(s);
	kmem_cache_shrink_all();
	KT_EXPECT_EQ(kt, free_pages_drained(), before);
}

/* Issue 4's example: only with slub_debug on the command line (make check boots it so). */
KTEST(slab, kmalloc_redzone_overwrite_is_reported_under_slub_debug)
{
	struct kmem_cache *s = kmalloc_slab(64);
	unsigned long reports = nr_slub_debug_reports;
	char tail[4096];
	unsigned char *p;
	size_t n;

	if (!(s->flags & SLAB_RED_ZONE))
		KT_SKIP(kt, "kmalloc-64 has no red zone: boot with slub_debug");
	p = kmalloc(64, GFP_KERNEL);
	KT_ASSERT_TRUE(kt, p != NULL);
	KT_EXPECT_EQ(kt, ksize(p), 64);
	p[64] = 0x42;			/* one byte past the end: the red zone */
	kfree(p);
	KT_EXPECT_EQ(kt, nr_slub_debug_reports, reports + 1);
	n = log_buf_read(tail, sizeof(tail) - 1);
	tail[n] = '\0';
	KT_EXPECT_TRUE(kt, strstr(tail, "BUG kmalloc-64 (Not tainted): Redzone overwritten") != NULL);
	KT_EXPECT_TRUE(kt, strstr(tail, "First byte 0x42 instead of 0xcc") != NULL);
	p = kmalloc(64, GFP_KERNEL);	/* the cache carries on */
	KT_EXPECT_TRUE(kt, p != NULL);
	kfree(p);
	KT_EXPECT_EQ(kt, nr_slub_debug_reports, reports + 1);
}
