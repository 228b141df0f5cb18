/*
 * tests/kernel/test_filemap.c - ktests for the page cache (mm/filemap.c)
 * on real pages: insertion, lookup and deletion keep page->mapping,
 * page->index, the counts and the references right; truncation frees the
 * pages beyond and zeroes the tail of the partial page; generic_file_read
 * and generic_file_write move bytes between user memory and the cache
 * (holes read as zeros, short counts at a fault, O_APPEND); and with
 * page allocation failing, nothing leaks.
 *
 * The tests make their own bare inode and file (kzalloc and
 * address_space_init), so they need no filesystem; user memory comes
 * from ktest_util.h.
 */
#include <mneme/err.h>
#include <mneme/kernel.h>
#include <mneme/ktest.h>
#include <mneme/mm.h>
#include <mneme/pagemap.h>
#include <mneme/slab.h>
#include <mneme/string.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#include "ktest_util.h"

#define USER_BASE	KTEST_USER_BASE
#define USER_PAGES	KTEST_USER_PAGES
#define USER_END	KTEST_USER_END
#define UPTR(addr)	KTEST_UPTR(addr)

static void fill_user(struct ktest_user *u, unsigned long addr, size_t n, u8 seed)
{
	for (size_t i = 0; i < n; i++)
		*ktest_user_byte(u, addr + i) = (u8)(seed + i * 13);
}

static bool all_bytes(const void *p, u8 c, size_t n)
{
	const u8 *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i] != c)
			return false;
	return true;
}

/* ---- a bare inode and file ------------------------------------------------------ */

struct test_file {
	struct inode *inode;
	struct file *file;
};

static bool test_file_open(struct test_file *t, unsigned int flags)
{
	t->inode = kzalloc(sizeof(*t->inode), GFP_KERNEL);
	t->file = kzalloc(sizeof(*t->file), GFP_KERNEL);
	if (!t->inode || !t->file) {
		kfree(t->inode);
		kfree(t->file);
		return false;
	}
	address_space_init(&t->inode->i_data, t->inode);
	t->file->f_inode = t->inode;
	t->file->f_flags = flags;
	t->file->f_mode = FMODE_READ | FMODE_WRITE;
	return true;
}

static void test_file_close(struct test_file *t)
{
	truncate_inode_pages(t->inode->i_mapping, 0);
	kfree(t->file);
	kfree(t->inode);
}

/* ---- the cache itself -------------------------------------------------------------- */

KTEST(filemap, add_find_delete_keep_mapping_index_and_counts)
{
	struct ktest_mem_snapshot before;
	struct test_file t;
	struct address_space *m;
	struct page *page, *other, *found;
	unsigned long cached = global_file_pages();

	ktest_mem_snapshot(&before);
	KT_ASSERT_TRUE(kt, test_file_open(&t, O_RDWR));
	m = t.inode->i_mapping;
	KT_EXPECT_TRUE(kt, m == &t.inode->i_data && m->host == t.inode);
	page = alloc_page(GFP_KERNEL);
	other = alloc_page(GFP_KERNEL);
	KT_ASSERT_TRUE(kt, page && other);
	KT_EXPECT_EQ(kt, add_to_page_cache(page, m, 1000, GFP_KERNEL), 0);
	KT_EXPECT_TRUE(kt, page->mapping == m);
	KT_EXPECT_EQ(kt, page->index, 1000);
	KT_EXPECT_EQ(kt, page_count(page), 2);		/* ours and the cache's */
	KT_EXPECT_EQ(kt, m->nrpages, 1);
	KT_EXPECT_EQ(kt, global_file_pages(), cached + 1);
	KT_EXPECT_EQ(kt, add_to_page_cache(other, m, 1000, GFP_KERNEL), -EEXIST);
	KT_EXPECT_TRUE(kt, other->mapping == NULL);
	found = find_get_page(m, 1000);
	KT_EXPECT_TRUE(kt, found == page);
	KT_EXPECT_EQ(kt, page_count(page), 3);
	if (found)
		put_page(found);
	KT_EXPECT_TRUE(kt, find_get_page(m, 999) == NULL);
	KT_EXPECT_TRUE(kt, find_get_page(m, 1001) == NULL);
	delete_from_page_cache(page);
	KT_EXPECT_TRUE(kt, page->mapping == NULL);
	KT_EXPECT_EQ(kt, page_count(page), 1);
	KT_EXPECT_EQ(kt, m->nrpages, 0);
	KT_EXPECT_EQ(kt, global_file_pages(), cached);
	KT_EXPECT_TRUE(kt, find_get_page(m, 1000) == NULL);
	put_page(page);
	put_page(other);
	test_file_close(&t);
	ktest_expect_no_leak(kt, &before);
}

KTEST(filemap, find_or_create_page_makes_one_zeroed_uptodate_page)
{
	struct test_file t;
	struct page *a, *b;

	KT_ASSERT_TRUE(kt, test_file_open(&t, O_RDWR));
	a = find_or_create_page(t.inode->i_mapping, 7, GFP_KERNEL);
	KT_ASSERT_TRUE(kt, a && !IS_ERR(a));
	KT_EXPECT_TRUE(kt, PageUptodate(a));
	KT_EXPECT_TRUE(kt, all_bytes(page_address(a), 0, PAGE_SIZE));
	memset(page_address(a), 'a', 10);
	b = find_or_create_page(t.inode->i_mapping, 7, GFP_KERNEL);
	KT_EXPECT_TRUE(kt, a == b);			/* found, not made again */
	KT_EXPECT_EQ(kt, t.inode->i_mapping->nrpages, 1);
	KT_EXPECT_EQ(kt, page_count(a), 3);
	put_page(a);
	if (b && !IS_ERR(b))
		put_page(b);
	test_file_close(&t);
}

/*
 * Truncating at 3 pages + 100 bytes drops pages 4..9, keeps 0..3 and
 * zeroes page 3 from byte 100.  Holding our own reference on every page
 * shows which references the truncation dropped; putting ours then must
 * return exactly the dropped pages to the free lists.
 */
KTEST(filemap, truncate_frees_pages_beyond_and_zeroes_partial_tail)
{
	enum { NR = 10, KEEP = 4, TAIL = 100 };
	struct page *pages[NR];
	struct test_file t;
	unsigned long free_before;

	KT_ASSERT_TRUE(kt, test_file_open(&t, O_RDWR));
	for (int i = 0; i < NR; i++) {
		pages[i] = find_or_create_page(t.inode->i_mapping, i, GFP_KERNEL);
		KT_ASSERT_TRUE(kt, pages[i] && !IS_ERR(pages[i]));
		memset(page_address(pages[i]), 0xaa, PAGE_SIZE);
	}
	t.inode->i_size = (KEEP - 1) * PAGE_SIZE + TAIL;
	truncate_inode_pages(t.inode->i_mapping, t.inode->i_size);
	KT_EXPECT_EQ(kt, t.inode->i_mapping->nrpages, KEEP);
	for (int i = 0; i < NR; i++) {
		KT_EXPECT_EQ(kt, page_count(pages[i]), i < KEEP ? 2 : 1);
		KT_EXPECT_TRUE(kt, (pages[i]->mapping != NULL) == (i < KEEP));
	}
	KT_EXPECT_EQ(kt, *((u8 *)page_address(pages[KEEP - 1]) + TAIL - 1), 0xaa);
	KT_EXPECT_TRUE(kt, all_bytes((u8 *)page_address(pages[KEEP - 1]) + TAIL, 0,
				     PAGE_SIZE - TAIL));
	KT_EXPECT_EQ(kt, *(u8 *)page_address(pages[KEEP - 2]), 0xaa);
	drain_local_pages();
	free_before = nr_free_pages();
	for (int i = KEEP; i < NR; i++)
		put_page(pages[i]);
	drain_local_pages();
	KT_EXPECT_EQ(kt, nr_free_pages() - free_before, NR - KEEP);
	for (int i = 0; i < KEEP; i++)
		put_page(pages[i]);
	truncate_inode_pages(t.inode->i_mapping, 0);
	KT_EXPECT_EQ(kt, t.inode->i_mapping->nrpages, 0);
	test_file_close(&t);
}

KTEST(filemap, truncate_reaches_the_last_index)
{
	struct test_file t;
	struct page *page;
	unsigned long cached = global_file_pages();

	KT_ASSERT_TRUE(kt, test_file_open(&t, O_RDWR));
	page = find_or_create_page(t.inode->i_mapping, ~0UL, GFP_KERNEL);
	KT_ASSERT_TRUE(kt, page && !IS_ERR(page));
	put_page(page);
	page = find_or_create_page(t.inode->i_mapping, 0, GFP_KERNEL);
	KT_ASSERT_TRUE(kt, page && !IS_ERR(page));
	put_page(page);
	KT_EXPECT_EQ(kt, global_file_pages(), cached + 2);
	truncate_inode_pages(t.inode->i_mapping, PAGE_SIZE);
	KT_EXPECT_EQ(kt, t.inode->i_mapping->nrpages, 1);
	KT_EXPECT_TRUE(kt, find_get_page(t.inode->i_mapping, ~0UL) == NULL);
	test_file_close(&t);
	KT_EXPECT_EQ(kt, global_file_pages(), cached);
}

/* ---- generic_file_read / generic_file_write ------------------------------------------ */

KTEST(filemap, write_then_read_back_through_generic_file)
{
	const size_t len = 2 * PAGE_SIZE + 50;
	const loff_t at = 100;
	struct ktest_mem_snapshot before;
	struct ktest_user u;
	struct test_file t;
	loff_t pos = at;
	bool same = true;

	ktest_mem_snapshot(&before);
	KT_ASSERT_TRUE(kt, ktest_map_user(&u));
	KT_ASSERT_TRUE(kt, test_file_open(&t, O_RDWR));
	fill_user(&u, USER_BASE, len, 3);
	KT_EXPECT_EQ(kt, generic_file_write(t.file, UPTR(USER_BASE), len, &pos), len);
	KT_EXPECT_EQ(kt, pos, at + (loff_t)len);
	KT_EXPECT_EQ(kt, t.inode->i_size, at + (loff_t)len);
	KT_EXPECT_EQ(kt, t.inode->i_mapping->nrpages, 3);
	memset(ktest_user_byte(&u, USER_BASE), 0xff, PAGE_SIZE);
	memset(ktest_user_byte(&u, USER_BASE + PAGE_SIZE), 0xff, PAGE_SIZE);
	memset(ktest_user_byte(&u, USER_BASE + 2 * PAGE_SIZE), 0xff, PAGE_SIZE);
	pos = 0;
	/* asks for more than there is: stops at i_size */
	KT_EXPECT_EQ(kt, generic_file_read(t.file, UPTR(USER_BASE), USER_PAGES * PAGE_SIZE,
					   &pos), at + (loff_t)len);
	KT_EXPECT_EQ(kt, pos, at + (loff_t)len);
	for (unsigned long i = 0; i < (unsigned long)at; i++)
		same = same && *ktest_user_byte(&u, USER_BASE + i) == 0;
	KT_EXPECT_TRUE(kt, same);		/* the bytes before the write are zeros */
	for (size_t i = 0; i < len; i++)
		same = same && *ktest_user_byte(&u, USER_BASE + at + i) == (u8)(3 + i * 13);
	KT_EXPECT_TRUE(kt, same);
	KT_EXPECT_EQ(kt, *ktest_user_byte(&u, USER_BASE + at + len), 0xff);	/* nothing past EOF */
	KT_EXPECT_EQ(kt, generic_file_read(t.file, UPTR(USER_BASE), 10, &pos), 0);
	test_file_close(&t);
	ktest_unmap_user(&u);
	ktest_expect_no_leak(kt, &before);
}

KTEST(filemap, sparse_file_reads_zeros_without_caching_the_holes)
{
	struct ktest_user u;
	struct test_file t;
	loff_t pos = 5 * PAGE_SIZE;
	bool zero = true;

	KT_ASSERT_TRUE(kt, ktest_map_user(&u));
	KT_ASSERT_TRUE(kt, test_file_open(&t, O_RDWR));
	*ktest_user_byte(&u, USER_BASE) = 'z';
	KT_EXPECT_EQ(kt, generic_file_write(t.file, UPTR(USER_BASE), 1, &pos), 1);
	KT_EXPECT_EQ(kt, t.inode->i_size, 5 * PAGE_SIZE + 1);
	KT_EXPECT_EQ(kt, t.inode->i_mapping->nrpages, 1);
	for (unsigned long i = 0; i < USER_PAGES * PAGE_SIZE; i++)
		*ktest_user_byte(&u, USER_BASE + i) = 0xee;
	pos = PAGE_SIZE + 7;
	KT_EXPECT_EQ(kt, generic_file_read(t.file, UPTR(USER_BASE), 2 * PAGE_SIZE, &pos),
		     2 * PAGE_SIZE);
	for (unsigned long i = 0; i < 2 * PAGE_SIZE; i++)
		zero = zero && *ktest_user_byte(&u, USER_BASE + i) == 0;
	KT_EXPECT_TRUE(kt, zero);
	KT_EXPECT_EQ(kt, t.inode->i_mapping->nrpages, 1);	/* reading a hole made no page */
	pos = 5 * PAGE_SIZE;
	KT_EXPECT_EQ(kt, generic_file_read(t.file, UPTR(USER_BASE), 100, &pos), 1);
	KT_EXPECT_EQ(kt, *ktest_user_byte(&u, USER_BASE), 'z');
	test_file_close(&t);
	ktest_unmap_user(&u);
}

KTEST(filemap, o_append_writes_at_the_end_whatever_the_position)
{
	struct ktest_user u;
	struct test_file t;
	loff_t pos = 0;

	KT_ASSERT_TRUE(kt, ktest_map_user(&u));
	KT_ASSERT_TRUE(kt, test_file_open(&t, O_WRONLY | O_APPEND));
	memcpy(ktest_user_byte(&u, USER_BASE), "abcdef", 6);
	KT_EXPECT_EQ(kt, generic_file_write(t.file, UPTR(USER_BASE), 3, &pos), 3);
	pos = 0;
	KT_EXPECT_EQ(kt, generic_file_write(t.file, UPTR(USER_BASE + 3), 3, &pos), 3);
	KT_EXPECT_EQ(kt, pos, 6);
	KT_EXPECT_EQ(kt, t.inode->i_size, 6);
	pos = 0;
	memset(ktest_user_byte(&u, USER_BASE), 0, 16);
	KT_EXPECT_EQ(kt, generic_file_read(t.file, UPTR(USER_BASE), 16, &pos), 6);
	KT_EXPECT_EQ(kt, memcmp(ktest_user_byte(&u, USER_BASE), "abcdef", 6), 0);
	test_file_close(&t);
	ktest_unmap_user(&u);
}

KTEST(filemap, faults_give_short_counts_or_efault)
{
	struct ktest_user u;
	struct test_file t;
	loff_t pos = 0;

	KT_ASSERT_TRUE(kt, ktest_map_user(&u));
	KT_ASSERT_TRUE(kt, test_file_open(&t, O_RDWR));
	fill_user(&u, USER_END - 10, 10, 1);
	/* the source runs into the unmapped page after 10 bytes */
	KT_EXPECT_EQ(kt, generic_file_write(t.file, UPTR(USER_END - 10), 100, &pos), 10);
	KT_EXPECT_EQ(kt, t.inode->i_size, 10);
	KT_EXPECT_EQ(kt, pos, 10);
	KT_EXPECT_EQ(kt, generic_file_write(t.file, UPTR(USER_END), 5, &pos), -EFAULT);
	KT_EXPECT_EQ(kt, t.inode->i_size, 10);
	KT_EXPECT_EQ(kt, pos, 10);
	pos = 0;
	KT_EXPECT_EQ(kt, generic_file_read(t.file, UPTR(USER_END - 4), 10, &pos), 4);
	KT_EXPECT_EQ(kt, pos, 4);
	KT_EXPECT_EQ(kt, generic_file_read(t.file, UPTR(USER_END), 10, &pos), -EFAULT);
	KT_EXPECT_EQ(kt, generic_file_read(t.file, UPTR(0xffff800000000000UL), 10, &pos),
		     -EFAULT);				/* a kernel address */
	KT_EXPECT_EQ(kt, pos, 4);
	test_file_close(&t);
	ktest_unmap_user(&u);
}

/*
 * With every page allocation failing, a write caches nothing and says
 * -ENOMEM; with half failing, a run of writes far apart (new tree nodes
 * each time) leaves exactly the pages that succeeded, and truncation
 * gives every page and node back.
 */
KTEST(filemap, allocation_failure_gives_enomem_and_leaks_nothing)
{
	struct ktest_mem_snapshot before;
	struct ktest_user u;
	struct test_file t;
	unsigned long ok = 0;
	loff_t pos = 0;

	KT_ASSERT_TRUE(kt, ktest_map_user(&u));
	ktest_mem_snapshot(&before);
	KT_ASSERT_TRUE(kt, test_file_open(&t, O_RDWR));
	*ktest_user_byte(&u, USER_BASE) = 'x';
	fail_page_alloc_setup("100");
	KT_EXPECT_TRUE(kt, find_or_create_page(t.inode->i_mapping, 3, GFP_KERNEL) == NULL);
	KT_EXPECT_EQ(kt, generic_file_write(t.file, UPTR(USER_BASE), 1, &pos), -ENOMEM);
	KT_EXPECT_EQ(kt, t.inode->i_size, 0);
	KT_EXPECT_EQ(kt, t.inode->i_mapping->nrpages, 0);
	fail_page_alloc_setup("50");
	for (unsigned long i = 0; i < 64; i++) {
		pos = (loff_t)((i * 0x10001UL) << 20);		/* far apart */
		ok += generic_file_write(t.file, UPTR(USER_BASE), 1, &pos) == 1;
	}
	ktest_restore_fail_page_alloc();
	KT_EXPECT_EQ(kt, t.inode->i_mapping->nrpages, ok);
	KT_EXPECT_TRUE(kt, ok > 0 && ok < 64);		/* both outcomes happened */
	test_file_close(&t);
	ktest_expect_no_leak(kt, &before);
	ktest_unmap_user(&u);
}
