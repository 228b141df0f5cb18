/*
 * tests/kernel/test_slub_debug.c - ktests for slub_debug (mm/slub_debug.c)
 * on real memory: a free object holds the poison and an allocated one the
 * active red zone; a red-zone overwrite, a double free, a write to a
 * freed object, a free of a pointer that is not an object and a free into
 * the wrong cache are each reported ("BUG <cache> (Not tainted): <why>"
 * in the log, nr_slub_debug_reports up by one), the kernel carries on,
 * and the cache still works and gives every page back when destroyed.
 *
 * Each test makes its own caches with debug flags, so the suite needs no
 * slub_debug= on the command line.  The tests break objects on purpose;
 * the reports in the log are expected.
 */
#include <mneme/kernel.h>
#include <mneme/ktest.h>
#include <mneme/mm.h>
#include <mneme/poison.h>
#include <mneme/printk.h>
#include <mneme/slab.h>
#include <mneme/sprintf.h>
#include <mneme/string.h>

#define OBJ_SIZE	60	/* not a word multiple: the red zone starts mid-word */
#define ALL_DEBUG	(SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | \
			 SLAB_STORE_USER)
#define LOG_TAIL_SIZE	(16 * 1024)

static bool all_bytes(const unsigned char *p, size_t n, unsigned char c)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != c)
			return false;
	return true;
}

/* Free pages once every cache has given back its empty slabs. */
static unsigned long free_pages_settled(void)
{
	kmem_cache_shrink_all();
	drain_local_pages();
	return nr_free_pages();
}

/* Does the end of the kernel log contain text? */
static bool log_tail_has(const char *text)
{
	static char tail[LOG_TAIL_SIZE];
	size_t n = log_buf_read(tail, sizeof(tail) - 1);

	tail[n] = '\0';
	return strstr(tail, text) != NULL;
}

/* The report's headline: "BUG <cache> (Not tainted): <reason>". */
static bool log_has_bug(struct kmem_cache *s, const char *reason)
{
	char line[160];

	snprintf(line, sizeof(line), "BUG %s (Not tainted): %s", s->name, reason);
	return log_tail_has(line);
}

KTEST(slub_debug, free_object_is_poisoned_and_red_zone_tracks_state)
{
	unsigned long before = free_pages_settled();
	struct kmem_cache *s = kmem_cache_create("ktest-poison", OBJ_SIZE, 0,
						 ALL_DEBUG, NULL);
	unsigned char *a, *b;

	KT_ASSERT_TRUE(kt, s != NULL);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);	/* keeps the slab alive */
	KT_ASSERT_TRUE(kt, a && b);
	KT_EXPECT_GT(kt, s->inuse, OBJ_SIZE);
	KT_EXPECT_TRUE(kt, all_bytes(a + OBJ_SIZE, s->inuse - OBJ_SIZE, SLUB_RED_ACTIVE));
	KT_EXPECT_EQ(kt, ksize(a), OBJ_SIZE);	/* never into the red zone */
	kmem_cache_free(s, a);
	KT_EXPECT_TRUE(kt, all_bytes(a, OBJ_SIZE - 1, POISON_FREE));
	KT_EXPECT_EQ(kt, a[OBJ_SIZE - 1], POISON_END);
	KT_EXPECT_TRUE(kt, all_bytes(a + OBJ_SIZE, s->inuse - OBJ_SIZE, SLUB_RED_INACTIVE));
	kmem_cache_free(s, b);
	kmem_cache_destroy(s);
	KT_EXPECT_EQ(kt, free_pages_settled(), before);
}

KTEST(slub_debug, red_zone_overwrite_is_reported_and_restored)
{
	unsigned long before = free_pages_settled(), reports = nr_slub_debug_reports;
	struct kmem_cache *s = kmem_cache_create("ktest-redzone", OBJ_SIZE, 0,
						 ALL_DEBUG, NULL);
	unsigned char *a, *b, *again;

	KT_ASSERT_TRUE(kt, s != NULL);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	KT_ASSERT_TRUE(kt, a && b);
	memset(a, 0x11, OBJ_SIZE + 2);		/* two bytes too many */
	kmem_cache_free(s, a);
	KT_EXPECT_EQ(kt, nr_slub_debug_reports, reports + 1);
	KT_EXPECT_TRUE(kt, log_has_bug(s, "Redzone overwritten"));
	KT_EXPECT_TRUE(kt, log_tail_has("First byte 0x11 instead of 0xcc"));
	KT_EXPECT_TRUE(kt, log_tail_has("INFO: Allocated in ktest_slub_debug_red_zone_overwrite"));
	KT_EXPECT_TRUE(kt, log_tail_has("FIX ktest-redzone: Restoring Redzone"));
	KT_EXPECT_TRUE(kt, all_bytes(a + OBJ_SIZE, s->inuse - OBJ_SIZE, SLUB_RED_INACTIVE));
	again = kmem_cache_alloc(s, GFP_KERNEL);	/* freed after all: comes back */
	KT_EXPECT_TRUE(kt, again == a);
	KT_EXPECT_EQ(kt, nr_slub_debug_reports, reports + 1);
	kmem_cache_free(s, again);
	kmem_cache_free(s, b);
	KT_EXPECT_EQ(kt, nr_slub_debug_reports, reports + 1);
	kmem_cache_destroy(s);
	KT_EXPECT_EQ(kt, free_pages_settled(), before);
}

/* Free a twice; the second is refused, so a is handed out only once. */
static void check_double_free(struct ktest_ctx *kt, unsigned int flags,
			      const char *name)
{
	unsigned long before = free_pages_settled();
	unsigned long reports = nr_slub_debug_reports, bad = nr_slab_bad_frees;
	struct kmem_cache *s = kmem_cache_create(name, OBJ_SIZE, 0, flags, NULL);
	void *a, *b, *x, *y;

	KT_ASSERT_TRUE(kt, s != NULL);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	KT_ASSERT_TRUE(kt, a && b);
	kmem_cache_free(s, a);
	kmem_cache_free(s, b);		/* a no longer heads the freelist */
	kmem_cache_free(s, a);
	KT_EXPECT_EQ(kt, nr_slub_debug_reports, reports + 1);
	KT_EXPECT_EQ(kt, nr_slab_bad_frees, bad + 1);
	KT_EXPECT_TRUE(kt, log_has_bug(s, "Object already free"));
	x = kmem_cache_alloc(s, GFP_KERNEL);
	y = kmem_cache_alloc(s, GFP_KERNEL);
	KT_EXPECT_TRUE(kt, x != NULL && y != NULL && x != y);
	kmem_cache_free(s, x);
	kmem_cache_free(s, y);
	KT_EXPECT_EQ(kt, nr_slub_debug_reports, reports + 1);
	kmem_cache_destroy(s);
	KT_EXPECT_EQ(kt, free_pages_settled(), before);
}

KTEST(slub_debug, double_free_found_on_the_freelist_is_refused)
{
	check_double_free(kt, ALL_DEBUG, "ktest-double-F");
	KT_EXPECT_TRUE(kt, log_tail_has("INFO: Freed in check_double_free+"));
}

KTEST(slub_debug, double_free_found_by_the_red_zone_is_refused)
{
	check_double_free(kt, SLAB_RED_ZONE, "ktest-double-Z");
}

KTEST(slub_debug, write_after_free_is_caught_by_the_next_allocation)
{
	unsigned long before = free_pages_settled(), reports = nr_slub_debug_reports;
	struct kmem_cache *s = kmem_cache_create("ktest-uaf", OBJ_SIZE, 0,
						 ALL_DEBUG, NULL);
	unsigned char *a, *b, *again;

	KT_ASSERT_TRUE(kt, s != NULL);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	KT_ASSERT_TRUE(kt, a && b);
	kmem_cache_free(s, a);
	KT_EXPECT_EQ(kt, nr_slub_debug_reports, reports);
	a[10] = 0x42;				/* use after free */
	again = kmem_cache_alloc(s, GFP_KERNEL);
	KT_EXPECT_TRUE(kt, again == a);
	KT_EXPECT_EQ(kt, nr_slub_debug_reports, reports + 1);
	KT_EXPECT_TRUE(kt, log_has_bug(s, "Poison overwritten"));
	KT_EXPECT_TRUE(kt, log_tail_has("First byte 0x42 instead of 0x6b"));
	KT_EXPECT_TRUE(kt, log_tail_has("@offset=10."));
	kmem_cache_free(s, again);
	kmem_cache_free(s, b);
	again = kmem_cache_alloc(s, GFP_KERNEL);	/* poison was restored */
	kmem_cache_free(s, again);
	KT_EXPECT_EQ(kt, nr_slub_debug_reports, reports + 1);
	kmem_cache_destroy(s);
	KT_EXPECT_EQ(kt, free_pages_settled(), before);
}

KTEST(slub_debug, free_of_a_pointer_that_is_no_object_is_refused)
{
	unsigned long before = free_pages_settled();
	unsigned long reports = nr_slub_debug_reports, bad = nr_slab_bad_frees;
	struct kmem_cache *s = kmem_cache_create("ktest-badptr", OBJ_SIZE, 0,
						 ALL_DEBUG, NULL);
	struct page *page = alloc_page(GFP_KERNEL);
	unsigned char *a;

	KT_ASSERT_TRUE(kt, s != NULL && page != NULL);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	KT_ASSERT_TRUE(kt, a != NULL);
	memset(a, 0x22, OBJ_SIZE);
	kmem_cache_free(s, a + 8);		/* the middle of an object */
	KT_EXPECT_EQ(kt, nr_slub_debug_reports, reports + 1);
	KT_EXPECT_TRUE(kt, log_has_bug(s, "Invalid free of"));
	KT_EXPECT_TRUE(kt, log_tail_has("not the start of an object in its slab"));
	kmem_cache_free(s, page_address(page));	/* not a slab page at all */
	KT_EXPECT_EQ(kt, nr_slub_debug_reports, reports + 2);
	KT_EXPECT_TRUE(kt, log_tail_has("not a slab page nor a kmalloc() page"));
	KT_EXPECT_EQ(kt, nr_slab_bad_frees, bad + 2);
	KT_EXPECT_EQ(kt, page_count(page), 1);
	KT_EXPECT_TRUE(kt, all_bytes(a, OBJ_SIZE, 0x22));	/* still allocated */
	__free_page(page);
	kmem_cache_free(s, a);
	KT_EXPECT_EQ(kt, nr_slub_debug_reports, reports + 2);
	kmem_cache_destroy(s);
	KT_EXPECT_EQ(kt, free_pages_settled(), before);
}

KTEST(slub_debug, free_into_the_wrong_cache_is_refused)
{
	unsigned long before = free_pages_settled(), reports = nr_slub_debug_reports;
	struct kmem_cache *mine = kmem_cache_create("ktest-mine", OBJ_SIZE, 0,
						    ALL_DEBUG, NULL);
	struct kmem_cache *other = kmem_cache_create("ktest-other", OBJ_SIZE, 0,
						     ALL_DEBUG, NULL);
	unsigned char *a;

	KT_ASSERT_TRUE(kt, mine && other);
	a = kmem_cache_alloc(mine, GFP_KERNEL);
	KT_ASSERT_TRUE(kt, a != NULL);
	kmem_cache_free(other, a);
	KT_EXPECT_EQ(kt, nr_slub_debug_reports, reports + 1);
	KT_EXPECT_TRUE(kt, log_has_bug(other, "Invalid free of"));
	KT_EXPECT_TRUE(kt, log_tail_has("wrong slab cache"));
	KT_EXPECT_TRUE(kt, log_tail_has("INFO: the object is in cache ktest-mine"));
	KT_EXPECT_TRUE(kt, all_bytes(a + OBJ_SIZE, mine->inuse - OBJ_SIZE, SLUB_RED_ACTIVE));
	kmem_cache_free(mine, a);
	KT_EXPECT_EQ(kt, nr_slub_debug_reports, reports + 1);
	kmem_cache_destroy(other);
	kmem_cache_destroy(mine);
	KT_EXPECT_EQ(kt, free_pages_settled(), before);
}

KTEST(slub_debug, debug_cache_survives_many_objects_without_reports)
{
	enum { NR = 500 };
	static void *objs[NR];
	unsigned long before = free_pages_settled(), reports = nr_slub_debug_reports;
	struct kmem_cache *s = kmem_cache_create("ktest-busy", 200, 0,
						 ALL_DEBUG | SLAB_HWCACHE_ALIGN, NULL);

	KT_ASSERT_TRUE(kt, s != NULL);
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < NR; i++) {
			objs[i] = kmem_cache_zalloc(s, GFP_KERNEL);
			KT_ASSERT_TRUE(kt, objs[i] != NULL);
			KT_EXPECT_EQ(kt, (unsigned long)objs[i] % 64, 0);
			memset(objs[i], round, 200);
		}
		for (int i = round % 2; i < NR; i += 2)
			kmem_cache_free(s, objs[i]);
		for (int i = 1 - round % 2; i < NR; i += 2)
			kmem_cache_free(s, objs[i]);
	}
	KT_EXPECT_EQ(kt, nr_slub_debug_reports, reports);
	kmem_cache_destroy(s);
	KT_EXPECT_EQ(kt, free_pages_settled(), before);
}
