/*
 * tests/host/test_slub_debug.c - mm/slub_debug.c on the host: the
 * slub_debug= parser, which caches the command line turns debugging on
 * for, Linux's object layout, and the report made for each kind of
 * deliberate damage (red zone, poison, padding, slab tail, free pointer,
 * double free, bad pointers), with the right bytes put back afterwards.
 * The randomised run with slub_debug on is in test_slub.c, next to the
 * run it repeats.
 */
#include <stdint.h>

#include "test.h"
#include "kernel_lib.h"
#include "kernel_shim.h"
#include "slub_boot.h"
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/poison.h>
#include <mneme/slab.h>

#define ALL_DEBUG	SLAB_DEBUG_FLAGS
#define OBJ_SIZE	60

static bool all_bytes(const unsigned char *p, size_t n, unsigned char c)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != c)
			return false;
	return true;
}

static struct kmem_cache *debug_boot_cache(const char *name, unsigned int flags)
{
	host_params_set("");
	slub_boot();
	host_printk_reset();
	return kmem_cache_create(name, OBJ_SIZE, 0, flags, NULL);
}

/* ---- slub_debug= ------------------------------------------------------ */

TEST(parse_bare_word_or_empty_value_means_every_flag_for_every_cache)
{
	struct slub_debug_spec spec;

	slub_debug_parse(NULL, &spec);
	EXPECT_EQ(spec.flags, SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE |
			      SLAB_POISON | SLAB_STORE_USER);
	EXPECT_TRUE(spec.slabs == NULL);
	EXPECT_EQ(slub_debug_flags_for(&spec, "anything"), ALL_DEBUG);
	slub_debug_parse("", &spec);
	EXPECT_EQ(spec.flags, ALL_DEBUG);
	EXPECT_EQ(spec.unknown, 0);
}

TEST(parse_letters_in_either_case)
{
	struct slub_debug_spec spec;

	slub_debug_parse("FZ", &spec);
	EXPECT_EQ(spec.flags, SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE);
	slub_debug_parse("pu", &spec);
	EXPECT_EQ(spec.flags, SLAB_POISON | SLAB_STORE_USER);
	EXPECT_TRUE(spec.slabs == NULL);
	slub_debug_parse("-", &spec);
	EXPECT_EQ(spec.flags, 0);
	slub_debug_parse("FZ-P", &spec);		/* '-' clears what came before */
	EXPECT_EQ(spec.flags, SLAB_POISON);
	slub_debug_parse("FxZ", &spec);
	EXPECT_EQ(spec.flags, SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE);
	EXPECT_EQ(spec.unknown, 'x');
}

TEST(parse_cache_list_with_globs)
{
	struct slub_debug_spec spec;

	slub_debug_parse("FZ,kmalloc-64,dentry", &spec);
	EXPECT_EQ(spec.flags, SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE);
	EXPECT_STREQ(spec.slabs, "kmalloc-64,dentry");
	EXPECT_EQ(slub_debug_flags_for(&spec, "kmalloc-64"), spec.flags);
	EXPECT_EQ(slub_debug_flags_for(&spec, "dentry"), spec.flags);
	EXPECT_EQ(slub_debug_flags_for(&spec, "kmalloc-128"), 0);
	EXPECT_EQ(slub_debug_flags_for(&spec, "kmalloc-6"), 0);
	slub_debug_parse(",kmalloc-*", &spec);		/* no letters: all of them */
	EXPECT_EQ(spec.flags, ALL_DEBUG);
	EXPECT_EQ(slub_debug_flags_for(&spec, "kmalloc-1k"), ALL_DEBUG);
	EXPECT_EQ(slub_debug_flags_for(&spec, "kmem_cache"), 0);
	slub_debug_parse("U,", &spec);			/* empty list: every cache */
	EXPECT_TRUE(spec.slabs == NULL);
	EXPECT_EQ(slub_debug_flags_for(&spec, "kmem_cache"), SLAB_STORE_USER);
}

TEST(command_line_turns_debug_on_for_the_named_caches_only)
{
	host_params_set("slub_debug=ZQ,kmalloc-64,kmalloc-2*");
	slub_boot();
	EXPECT_EQ(kmalloc_slab(64)->flags & SLAB_DEBUG_FLAGS, SLAB_RED_ZONE);
	EXPECT_EQ(kmalloc_slab(2048)->flags & SLAB_DEBUG_FLAGS, SLAB_RED_ZONE);
	EXPECT_EQ(kmalloc_slab(128)->flags & SLAB_DEBUG_FLAGS, 0);
	EXPECT_EQ(kmalloc_slab(128)->size, 128);	/* untouched layout */
	EXPECT_TRUE(host_printk_contains("slub_debug option 'Q' unknown. skipped"));
	host_params_set("slub_debug=-");
	slub_boot();
	EXPECT_EQ(kmalloc_slab(64)->flags & SLAB_DEBUG_FLAGS, 0);
	host_params_set("");
	slub_boot();
	EXPECT_EQ(kmalloc_slab(64)->flags & SLAB_DEBUG_FLAGS, 0);
}

/* ---- layout ----------------------------------------------------------- */

TEST(layout_is_object_red_zone_free_pointer_tracks_padding)
{
	struct kmem_cache *s = debug_boot_cache("layout", ALL_DEBUG);
	struct kmem_cache *z, *a;

	ASSERT_TRUE(s != NULL);
	EXPECT_EQ(s->inuse, 72);	/* 60 + 4 to the word + one word */
	EXPECT_EQ(s->offset, 72);	/* outside the object: poison survives */
	EXPECT_EQ(s->size, 72 + 8 + 2 * 16);
	z = kmem_cache_create("z-only", 64, 0, SLAB_RED_ZONE, NULL);
	ASSERT_TRUE(z != NULL);
	EXPECT_EQ(z->inuse, 72);
	EXPECT_EQ(z->offset, 32);	/* unpoisoned: in the middle, as without debug */
	EXPECT_EQ(z->size, 72);
	a = kmem_cache_create("aligned", 40, 64, SLAB_POISON, NULL);
	ASSERT_TRUE(a != NULL);
	EXPECT_EQ(a->size, 64);		/* 40 + free pointer, padded to 64 */
	EXPECT_EQ(kmem_cache_shrink(a), 0);
}

TEST(debug_cache_has_no_cpu_slab_and_ksize_is_object_size)
{
	struct kmem_cache *s = debug_boot_cache("no-cpu-slab", SLAB_RED_ZONE);
	void *p;

	ASSERT_TRUE(s != NULL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	ASSERT_TRUE(p != NULL);
	EXPECT_TRUE(s->cpu_slab.page == NULL);
	EXPECT_TRUE(s->cpu_slab.freelist == NULL);
	EXPECT_EQ(ksize(p), OBJ_SIZE);
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
}

/* ---- reports ---------------------------------------------------------- */

TEST(red_zone_overwrite_report_in_linux_format)
{
	struct kmem_cache *s = debug_boot_cache("rz", ALL_DEBUG);
	unsigned char *p;

	ASSERT_TRUE(s != NULL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	ASSERT_TRUE(p != NULL);
	EXPECT_TRUE(all_bytes(p + OBJ_SIZE, s->inuse - OBJ_SIZE, SLUB_RED_ACTIVE));
	p[OBJ_SIZE + 5] = 0x00;
	kmem_cache_free(s, p);
	EXPECT_EQ(nr_slub_debug_reports, 1);
	EXPECT_TRUE(host_printk_contains("=============================================================================\n"
					 "BUG rz (Not tainted): Redzone overwritten\n"
					 "-----------------------------------------------------------------------------\n"));
	EXPECT_TRUE(host_printk_contains("@offset=65. First byte 0x00 instead of 0xcc"));
	EXPECT_TRUE(host_printk_contains("INFO: Allocated in 0x"));
	EXPECT_TRUE(host_printk_contains("INFO: Slab 0x"));
	EXPECT_TRUE(host_printk_contains(" objects="));
	EXPECT_TRUE(host_printk_contains("Redzone  "));
	EXPECT_TRUE(host_printk_contains(": cc cc cc cc cc 00 cc"));
	EXPECT_TRUE(host_printk_contains("FIX rz: Restoring Redzone"));
	EXPECT_TRUE(all_bytes(p + OBJ_SIZE, s->inuse - OBJ_SIZE, SLUB_RED_INACTIVE));
	EXPECT_EQ(kmem_cache_shrink(s), 0);	/* it was freed all the same */
}

TEST(write_after_free_reported_at_next_allocation_and_poison_restored)
{
	struct kmem_cache *s = debug_boot_cache("uaf", ALL_DEBUG);
	unsigned char *p, *q;

	ASSERT_TRUE(s != NULL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, p);
	EXPECT_TRUE(all_bytes(p, OBJ_SIZE - 1, POISON_FREE));
	EXPECT_EQ(p[OBJ_SIZE - 1], POISON_END);
	p[OBJ_SIZE - 1] = 0x00;			/* the end marker */
	q = kmem_cache_alloc(s, GFP_KERNEL);
	EXPECT_PTR_EQ(q, p);
	EXPECT_EQ(nr_slub_debug_reports, 1);
	EXPECT_TRUE(host_printk_contains("BUG uaf (Not tainted): End Poison overwritten"));
	EXPECT_TRUE(host_printk_contains("INFO: Freed in 0x"));
	EXPECT_TRUE(host_printk_contains("First byte 0x00 instead of 0xa5"));
	kmem_cache_free(s, q);
	EXPECT_EQ(nr_slub_debug_reports, 1);
	kmem_cache_destroy(s);
}

TEST(padding_and_slab_tail_overwrites_are_reported)
{
	struct kmem_cache *s;
	unsigned char *p, *start;

	host_params_set("");
	slub_boot();
	s = kmem_cache_create("padded", 150, 64, SLAB_POISON | SLAB_RED_ZONE, NULL);
	ASSERT_TRUE(s != NULL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	ASSERT_TRUE(p && s->size > s->inuse + 8);
	EXPECT_EQ(p[s->size - 1], POISON_INUSE);
	p[s->size - 1] = 0x00;
	kmem_cache_free(s, p);
	EXPECT_EQ(nr_slub_debug_reports, 1);
	EXPECT_TRUE(host_printk_contains("BUG padded (Not tainted): Object padding overwritten"));
	start = page_address(virt_to_page(p));
	ASSERT_TRUE(s->objects * s->size < PAGE_SIZE);
	start[PAGE_SIZE - 1] = 0x00;		/* the slab's unused tail */
	kmem_cache_destroy(s);
	EXPECT_EQ(nr_slub_debug_reports, 2);
	EXPECT_TRUE(host_printk_contains("BUG padded (Not tainted): Padding overwritten"));
	EXPECT_FALSE(host_printk_contains("still has objects"));
}

TEST(corrupt_free_pointer_isolates_the_slab_and_allocation_goes_on)
{
	struct kmem_cache *s = debug_boot_cache("fp", ALL_DEBUG);
	unsigned char *p, *q;
	unsigned long garbage = 0x1234;

	ASSERT_TRUE(s != NULL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, p);
	memcpy(p + s->offset, &garbage, sizeof(garbage));
	q = kmem_cache_alloc(s, GFP_KERNEL);
	EXPECT_TRUE(q != NULL && q != p);	/* from a new slab */
	EXPECT_TRUE(host_printk_contains("BUG fp (Not tainted): Freepointer corrupt"));
	EXPECT_TRUE(host_printk_contains("FIX fp: Marking all objects used"));
	EXPECT_EQ(s->nr_slabs, 2);
	kmem_cache_free(s, q);
	EXPECT_EQ(nr_slab_bad_frees, 0);
}

TEST(double_free_and_bad_pointers_are_refused_with_reports)
{
	struct kmem_cache *s = debug_boot_cache("refuse", ALL_DEBUG);
	struct kmem_cache *t = kmem_cache_create("other", OBJ_SIZE, 0, ALL_DEBUG, NULL);
	unsigned char *a, *b;

	ASSERT_TRUE(s && t);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, a);
	kmem_cache_free(s, b);
	kmem_cache_free(s, a);
	EXPECT_TRUE(host_printk_contains("BUG refuse (Not tainted): Object already free"));
	EXPECT_TRUE(host_printk_contains("FIX refuse: Object at 0x"));
	a = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, a + 8);
	EXPECT_TRUE(host_printk_contains("BUG refuse (Not tainted): Invalid free of 0x"));
	kmem_cache_free(t, a);
	EXPECT_TRUE(host_printk_contains("BUG other (Not tainted): Invalid free of 0x"));
	EXPECT_TRUE(host_printk_contains("wrong slab cache"));
	EXPECT_TRUE(host_printk_contains("INFO: the object is in cache refuse"));
	EXPECT_EQ(nr_slub_debug_reports, 3);
	EXPECT_EQ(nr_slab_bad_frees, 3);
	kmem_cache_free(s, a);
	EXPECT_EQ(nr_slub_debug_reports, 3);
	kmem_cache_destroy(t);
	kmem_cache_destroy(s);
	EXPECT_FALSE(host_printk_contains("still has objects"));
}

TEST(kmalloc_under_slub_debug_is_still_naturally_aligned)
{
	host_params_set("slub_debug");
	slub_boot();
	for (size_t size = KMALLOC_MIN_SIZE; size <= KMALLOC_MAX_CACHE_SIZE; size *= 2) {
		unsigned char *p = kmalloc(size, GFP_KERNEL);

		ASSERT_TRUE(p != NULL);
		EXPECT_EQ((uintptr_t)p % min(size, PAGE_SIZE), 0);
		EXPECT_EQ(ksize(p), size);
		EXPECT_TRUE(all_bytes(p + size, kmalloc_slab(size)->inuse - size,
				      SLUB_RED_ACTIVE));
		kfree(p);
	}
	EXPECT_EQ(nr_slub_debug_reports, 0);
}

TEST(kmem_cache_shrink_all_gives_back_every_empty_slab)
{
	void *objs[300];
	unsigned long before;

	host_params_set("");
	slub_boot();
	drain_local_pages();
	kmem_cache_shrink_all();
	before = nr_free_pages();
	for (int i = 0; i < 300; i++)
		objs[i] = kmalloc(32 + i * 8, GFP_KERNEL);
	for (int i = 0; i < 300; i++)
		kfree(objs[i]);
	drain_local_pages();
	EXPECT_TRUE(nr_free_pages() < before);	/* empty slabs kept */
	kmem_cache_shrink_all();
	drain_local_pages();
	EXPECT_EQ(nr_free_pages(), before);
}
