/*
 * tests/kernel/test_filemap.c - ktests for the page cache (mm/filemap.c)
 * on real pages: insertion, lookup and deletion keep page->mapping,
 * page->index, the counts and the references right; truncation frees the
 * pages beyond and zeroes the tail of the partial page; generic_file_read
 * and generic_file_write move bytes between user memory and the cache
 * (holes read as zeros, short counts at a fault, O_APPEND); with
 * page allocation failing, nothing leaks.  File mappings: filemap_fault()
 * hands out the cache's own page (a hole inside i_size gets a zeroed one,
 * a page beyond end of file is VM_FAULT_SIGBUS), file VMAs hold a file
 * reference and sit on the i_mmap list, and truncation unmaps the pages
 * beyond the new size from every mm before freeing them.
 *
 * The tests make their own bare inode and file (kzalloc and
 * address_space_init), so they need no filesystem; user memory comes
 * from ktest_util.h.
 */
#include <mneme/err.h>
#include <mneme/kernel.h>
#include <mneme/ktest.h>
#include <mneme/mm.h>
#include <mneme/mmap.h>
#include <mneme/pagemap.h>
#include <mneme/rmap.h>
#include <mneme/sched.h>
#include <mneme/slab.h>
#include <mneme/string.h>
#include <mneme/vma.h>
#include <mneme/vmstat.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

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
	t->file->f_count = 1;		/* ours: VMAs take and drop the others */
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
 * A write that faults changes nothing past what it copied: the bytes
 * already in the file stay (Linux's write path does not zero-fill the
 * way copy_from_user() does).
 */
KTEST(filemap, faulting_write_keeps_the_file_data_it_did_not_copy)
{
	struct ktest_user u;
	struct test_file t;
	loff_t pos = 0;

	KT_ASSERT_TRUE(kt, ktest_map_user(&u));
	KT_ASSERT_TRUE(kt, test_file_open(&t, O_RDWR));
	fill_user(&u, USER_END - 32, 32, 7);
	KT_ASSERT_EQ(kt, generic_file_write(t.file, UPTR(USER_END - 32), 32, &pos), 32);
	pos = 0;
	KT_EXPECT_EQ(kt, generic_file_write(t.file, UPTR(USER_END), 16, &pos), -EFAULT);
	pos = 8;	/* 4 good bytes, then the unmapped page */
	KT_EXPECT_EQ(kt, generic_file_write(t.file, UPTR(USER_END - 4), 16, &pos), 4);
	KT_EXPECT_EQ(kt, t.inode->i_size, 32);
	pos = 0;
	KT_ASSERT_EQ(kt, generic_file_read(t.file, UPTR(USER_BASE), 32, &pos), 32);
	for (int i = 0; i < 32; i++) {
		int src = (i >= 8 && i < 12) ? 28 + (i - 8) : i;	/* the 4 rewritten bytes */

		if (!KT_EXPECT_EQ(kt, *ktest_user_byte(&u, USER_BASE + i), (u8)(7 + src * 13)))
			break;
	}
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

/* ---- file mappings: filemap_fault, i_mmap, truncate of a mapped file ------------- */

/* A file VMA of mm over the file's pages [0, pages), on the file's i_mmap list. */
static struct vm_area_struct *test_file_vma(struct mm_struct *mm, struct test_file *t,
					    unsigned long start, unsigned long pages)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);

	if (!vma)
		return NULL;
	vma->vm_start = start;
	vma->vm_end = start + pages * PAGE_SIZE;
	vma->vm_flags = VM_READ | VM_MAYREAD | VM_SHARED | VM_MAYSHARE;
	vma->vm_file = get_file(t->file);
	generic_file_mmap(t->file, vma);
	if (insert_vm_struct(mm, vma)) {
		fput(vma->vm_file);
		vm_area_free(vma);
		return NULL;
	}
	return vma;
}

static int test_fault(struct vm_area_struct *vma, unsigned long pgoff, struct page **page)
{
	struct vm_fault vmf = { .vma = vma, .pgoff = pgoff,
				.address = vma->vm_start + (pgoff << PAGE_SHIFT) };
	int ret = vma->vm_ops->fault(&vmf);

	*page = vmf.page;
	return ret;
}

KTEST(filemap, fault_gives_the_page_cache_page)
{
	struct ktest_mem_snapshot before;
	struct mm_struct mm = { .mm_rb = RB_ROOT };
	struct vm_area_struct *vma;
	struct test_file t;
	struct page *cached, *page = NULL;

	ktest_mem_snapshot(&before);
	KT_ASSERT_TRUE(kt, test_file_open(&t, O_RDWR));
	cached = find_or_create_page(t.inode->i_mapping, 1, GFP_KERNEL);
	KT_ASSERT_TRUE(kt, cached && !IS_ERR(cached));
	t.inode->i_size = 2 * PAGE_SIZE;
	vma = test_file_vma(&mm, &t, USER_BASE, 2);
	KT_ASSERT_TRUE(kt, vma != NULL);
	KT_EXPECT_TRUE(kt, vma->vm_ops == &generic_file_vm_ops);
	KT_EXPECT_EQ(kt, t.file->f_count, 2);		/* the VMA's reference */
	KT_EXPECT_TRUE(kt, list_first_entry(&t.inode->i_mapping->i_mmap,
					    struct vm_area_struct, shared) == vma);
	KT_EXPECT_EQ(kt, test_fault(vma, 1, &page), 0);
	KT_EXPECT_TRUE(kt, page == cached);		/* not a copy */
	KT_EXPECT_EQ(kt, page_count(cached), 3);	/* cache, ours, the fault's */
	put_page(page);
	put_page(cached);
	vma_remove_range(&mm, 0, TASK_SIZE_MAX);
	KT_EXPECT_EQ(kt, t.file->f_count, 1);
	KT_EXPECT_TRUE(kt, list_empty(&t.inode->i_mapping->i_mmap));
	test_file_close(&t);
	ktest_expect_no_leak(kt, &before);
}

/* A never-written page inside i_size is a hole: it gets a zeroed cache page. */
KTEST(filemap, fault_in_a_hole_creates_a_zeroed_cache_page)
{
	struct mm_struct mm = { .mm_rb = RB_ROOT };
	struct vm_area_struct *vma;
	struct test_file t;
	struct page *page = NULL;

	KT_ASSERT_TRUE(kt, test_file_open(&t, O_RDWR));
	t.inode->i_size = 3 * PAGE_SIZE;
	vma = test_file_vma(&mm, &t, USER_BASE, 3);
	KT_ASSERT_TRUE(kt, vma != NULL);
	KT_EXPECT_EQ(kt, test_fault(vma, 2, &page), 0);
	KT_ASSERT_TRUE(kt, page != NULL);
	KT_EXPECT_TRUE(kt, find_get_page(t.inode->i_mapping, 2) == page);
	put_page(page);				/* find_get_page's */
	KT_EXPECT_TRUE(kt, page->mapping == t.inode->i_mapping && page->index == 2);
	KT_EXPECT_TRUE(kt, all_bytes(page_address(page), 0, PAGE_SIZE));
	KT_EXPECT_EQ(kt, t.inode->i_mapping->nrpages, 1);
	put_page(page);
	vma_remove_range(&mm, 0, TASK_SIZE_MAX);
	test_file_close(&t);
}

/* A page wholly beyond end of file is SIGBUS; the partial last page is not. */
KTEST(filemap, fault_beyond_eof_is_sigbus)
{
	struct mm_struct mm = { .mm_rb = RB_ROOT };
	struct vm_area_struct *vma;
	struct test_file t;
	struct page *page = NULL;

	KT_ASSERT_TRUE(kt, test_file_open(&t, O_RDWR));
	t.inode->i_size = PAGE_SIZE + 1;	/* pages 0 and 1 */
	vma = test_file_vma(&mm, &t, USER_BASE, 4);
	KT_ASSERT_TRUE(kt, vma != NULL);
	KT_EXPECT_EQ(kt, test_fault(vma, 1, &page), 0);
	KT_EXPECT_TRUE(kt, page != NULL);
	if (page)
		put_page(page);
	page = NULL;
	KT_EXPECT_EQ(kt, test_fault(vma, 2, &page), VM_FAULT_SIGBUS);
	KT_EXPECT_TRUE(kt, page == NULL);
	KT_EXPECT_EQ(kt, test_fault(vma, 3, &page), VM_FAULT_SIGBUS);
	KT_EXPECT_EQ(kt, t.inode->i_mapping->nrpages, 1);	/* nothing made for 2, 3 */
	vma_remove_range(&mm, 0, TASK_SIZE_MAX);
	test_file_close(&t);
}

struct map_one {
	struct vm_area_struct *vma;
	struct page *page;
};

/* Map the page as a fault would: pte, a reference, _mapcount, MM_FILEPAGES. */
static int map_one_pte(pte_t *pte, unsigned long addr, void *data)
{
	struct map_one *m = data;

	(void)addr;
	get_page(m->page);
	page_add_file_rmap(m->page);
	inc_mm_counter(m->vma->vm_mm, MM_FILEPAGES);
	set_pte(pte, mk_pte(m->page, m->vma->vm_page_prot));
	return 0;
}

/*
 * Truncation takes a mapped page out of every page table mapping it
 * before the cache lets go, so the page is freed and no pte points at it.
 */
KTEST(filemap, fault_truncate_unmaps_the_page_everywhere)
{
	struct ktest_mem_snapshot before;
	struct mm_struct *mm[2];
	struct map_one m[2];
	struct test_file t;
	struct page *keep, *gone;
	long mapped = (long)global_node_page_state(NR_FILE_MAPPED);

	ktest_mem_snapshot(&before);
	KT_ASSERT_TRUE(kt, test_file_open(&t, O_RDWR));
	keep = find_or_create_page(t.inode->i_mapping, 0, GFP_KERNEL);
	gone = find_or_create_page(t.inode->i_mapping, 1, GFP_KERNEL);
	KT_ASSERT_TRUE(kt, keep && gone && !IS_ERR(keep) && !IS_ERR(gone));
	t.inode->i_size = 2 * PAGE_SIZE;
	for (int i = 0; i < 2; i++) {
		mm[i] = mm_alloc();
		KT_ASSERT_TRUE(kt, mm[i] != NULL);
		m[i].vma = test_file_vma(mm[i], &t, USER_BASE, 2);
		KT_ASSERT_TRUE(kt, m[i].vma != NULL);
		m[i].vma->vm_page_prot = __pgprot(_PAGE_PRESENT | _PAGE_USER);
		m[i].page = gone;
		KT_ASSERT_EQ(kt, apply_to_page_range(mm[i], USER_BASE + PAGE_SIZE, PAGE_SIZE,
						     map_one_pte, &m[i]), 0);
		m[i].page = keep;
		KT_ASSERT_EQ(kt, apply_to_page_range(mm[i], USER_BASE, PAGE_SIZE,
						     map_one_pte, &m[i]), 0);
	}
	KT_EXPECT_EQ(kt, page_mapcount(gone), 2);
	KT_EXPECT_EQ(kt, (long)global_node_page_state(NR_FILE_MAPPED), mapped + 2);
	put_page(gone);				/* only the cache and the ptes hold it now */
	t.inode->i_size = PAGE_SIZE;
	truncate_pagecache(t.inode, PAGE_SIZE);
	for (int i = 0; i < 2; i++) {
		KT_EXPECT_TRUE(kt, follow_user_page(mm[i], USER_BASE + PAGE_SIZE) == NULL);
		KT_EXPECT_TRUE(kt, follow_user_page(mm[i], USER_BASE) == keep);
		KT_EXPECT_EQ(kt, get_mm_counter(mm[i], MM_FILEPAGES), 1);
	}
	KT_EXPECT_EQ(kt, t.inode->i_mapping->nrpages, 1);
	KT_EXPECT_EQ(kt, page_mapcount(keep), 2);
	KT_EXPECT_EQ(kt, (long)global_node_page_state(NR_FILE_MAPPED), mapped + 1);
	unmap_mapping_range(t.inode->i_mapping, 0, 0, 1);	/* and the kept one */
	KT_EXPECT_EQ(kt, page_mapcount(keep), 0);
	KT_EXPECT_EQ(kt, (long)global_node_page_state(NR_FILE_MAPPED), mapped);
	put_page(keep);
	for (int i = 0; i < 2; i++) {
		vma_remove_range(mm[i], 0, TASK_SIZE_MAX);
		mmput(mm[i]);
	}
	KT_EXPECT_EQ(kt, t.file->f_count, 1);
	test_file_close(&t);
	ktest_expect_no_leak(kt, &before);
}

/* ---- faults through handle_mm_fault() on mmap()ed test files --------------------- */

static const struct file_operations test_mmap_fops = {
	.read = generic_file_read,
	.mmap = generic_file_mmap,
};

/* A file of nr_pages pages, page i filled with byte 'A' + i, ready for do_mmap(). */
static bool test_file_filled(struct test_file *t, unsigned long nr_pages)
{
	if (!test_file_open(t, O_RDWR))
		return false;
	t->file->f_op = &test_mmap_fops;
	t->inode->i_mode = S_IFREG | 0644;
	for (unsigned long i = 0; i < nr_pages; i++) {
		struct page *page = find_or_create_page(t->inode->i_mapping, i, GFP_KERNEL);

		if (!page || IS_ERR(page))
			return false;
		memset(page_address(page), 'A' + (int)i, PAGE_SIZE);
		put_page(page);
	}
	t->inode->i_size = (loff_t)(nr_pages * PAGE_SIZE);
	return true;
}

/* mmap the file in a new mm: the address, or 0. */
static unsigned long test_mmap(struct mm_struct **mm, struct test_file *t, unsigned long len,
			       unsigned long prot, unsigned long flags)
{
	unsigned long populate;
	long addr;

	*mm = mm_alloc();
	if (!*mm)
		return 0;
	arch_pick_mmap_layout(*mm);
	addr = do_mmap(*mm, t->file, 0, len, prot, flags, 0, &populate);
	return addr > 0 ? (unsigned long)addr : 0;
}

static vm_fault_t test_touch(struct mm_struct *mm, unsigned long addr, unsigned int flags)
{
	return handle_mm_fault(find_vma(mm, addr), addr, flags, NULL);
}

KTEST(filemap, fault_read_maps_the_page_cache_page_itself)
{
	struct ktest_mem_snapshot before;
	struct mm_struct *mm;
	struct test_file t;
	struct page *cached;
	unsigned long addr;
	long mapped;

	ktest_mem_snapshot(&before);
	KT_ASSERT_TRUE(kt, test_file_filled(&t, 2));
	mapped = (long)global_node_page_state(NR_FILE_MAPPED);
	addr = test_mmap(&mm, &t, 2 * PAGE_SIZE, PROT_READ, MAP_PRIVATE);
	KT_ASSERT_TRUE(kt, addr != 0);
	KT_EXPECT_EQ(kt, t.file->f_count, 2);		/* the VMA's reference */
	KT_EXPECT_EQ(kt, test_touch(mm, addr + PAGE_SIZE + 5, 0), 0);
	cached = find_get_page(t.inode->i_mapping, 1);
	KT_EXPECT_TRUE(kt, follow_user_page(mm, addr + PAGE_SIZE) == cached);
	KT_EXPECT_EQ(kt, page_mapcount(cached), 1);
	KT_EXPECT_EQ(kt, get_mm_counter(mm, MM_FILEPAGES), 1);
	KT_EXPECT_EQ(kt, get_mm_counter(mm, MM_ANONPAGES), 0);
	KT_EXPECT_EQ(kt, (long)global_node_page_state(NR_FILE_MAPPED), mapped + 1);
	KT_EXPECT_TRUE(kt, follow_user_page(mm, addr) == NULL);	/* page 0 not touched */
	put_page(cached);
	mmput(mm);
	KT_EXPECT_EQ(kt, page_mapcount(cached), 0);
	KT_EXPECT_EQ(kt, t.file->f_count, 1);
	test_file_close(&t);
	ktest_expect_no_leak(kt, &before);
}

KTEST(filemap, fault_private_write_copies_and_leaves_the_file_unchanged)
{
	struct ktest_mem_snapshot before;
	struct mm_struct *mm;
	struct test_file t;
	struct page *cached, *mine;
	unsigned long addr;
	char byte = 0;
	loff_t pos = PAGE_SIZE;

	ktest_mem_snapshot(&before);
	KT_ASSERT_TRUE(kt, test_file_filled(&t, 2));
	addr = test_mmap(&mm, &t, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	KT_ASSERT_TRUE(kt, addr != 0);
	KT_EXPECT_EQ(kt, test_touch(mm, addr + PAGE_SIZE, FAULT_FLAG_WRITE), 0);
	cached = find_get_page(t.inode->i_mapping, 1);
	mine = follow_user_page(mm, addr + PAGE_SIZE);
	KT_ASSERT_TRUE(kt, mine && mine != cached);
	KT_EXPECT_TRUE(kt, PageAnon(mine));
	KT_EXPECT_EQ(kt, *(char *)page_address(mine), 'B');	/* a copy of the file's page */
	KT_EXPECT_EQ(kt, page_mapcount(cached), 0);		/* the file page is not mapped */
	KT_EXPECT_EQ(kt, get_mm_counter(mm, MM_ANONPAGES), 1);
	*(char *)page_address(mine) = 'x';			/* the process's write */
	KT_EXPECT_EQ(kt, kernel_read(t.file, &byte, 1, &pos), 1);
	KT_EXPECT_EQ(kt, byte, 'B');
	put_page(cached);
	mmput(mm);
	test_file_close(&t);
	ktest_expect_no_leak(kt, &before);
}

KTEST(filemap, fault_shared_write_is_seen_by_kernel_read)
{
	struct ktest_mem_snapshot before;
	struct mm_struct *mm;
	struct test_file t;
	struct page *cached, *mapped;
	unsigned long addr;
	char byte = 0;
	loff_t pos = 7;

	ktest_mem_snapshot(&before);
	KT_ASSERT_TRUE(kt, test_file_filled(&t, 1));
	addr = test_mmap(&mm, &t, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED);
	KT_ASSERT_TRUE(kt, addr != 0);
	KT_EXPECT_EQ(kt, test_touch(mm, addr, 0), 0);			/* read first */
	KT_EXPECT_EQ(kt, test_touch(mm, addr, FAULT_FLAG_WRITE), 0);	/* then write */
	cached = find_get_page(t.inode->i_mapping, 0);
	mapped = follow_user_page(mm, addr);
	KT_EXPECT_TRUE(kt, mapped == cached);
	KT_EXPECT_TRUE(kt, PageDirty(cached));
	KT_EXPECT_TRUE(kt, pte_write(*follow_pte(mm, addr)));
	KT_EXPECT_EQ(kt, get_mm_counter(mm, MM_FILEPAGES), 1);
	if (mapped)
		((char *)page_address(mapped))[7] = 'w';		/* the process's write */
	KT_EXPECT_EQ(kt, kernel_read(t.file, &byte, 1, &pos), 1);
	KT_EXPECT_EQ(kt, byte, 'w');
	put_page(cached);
	mmput(mm);
	test_file_close(&t);
	ktest_expect_no_leak(kt, &before);
}

KTEST(filemap, fault_wholly_beyond_eof_is_vm_fault_sigbus)
{
	struct mm_struct *mm;
	struct test_file t;
	unsigned long addr;

	KT_ASSERT_TRUE(kt, test_file_filled(&t, 1));
	t.inode->i_size = 100;
	addr = test_mmap(&mm, &t, 3 * PAGE_SIZE, PROT_READ, MAP_SHARED);
	KT_ASSERT_TRUE(kt, addr != 0);
	KT_EXPECT_EQ(kt, test_touch(mm, addr + 200, 0), 0);	/* the last page's tail */
	KT_EXPECT_EQ(kt, test_touch(mm, addr + PAGE_SIZE, 0), VM_FAULT_SIGBUS);
	KT_EXPECT_EQ(kt, test_touch(mm, addr + 2 * PAGE_SIZE + 1, FAULT_FLAG_WRITE),
		     VM_FAULT_SIGBUS);
	KT_EXPECT_TRUE(kt, follow_user_page(mm, addr + PAGE_SIZE) == NULL);
	mmput(mm);
	test_file_close(&t);
}

KTEST(filemap, fault_mmap_checks_the_file_mode)
{
	struct mm_struct *mm;
	struct test_file t;
	unsigned long populate;

	KT_ASSERT_TRUE(kt, test_file_filled(&t, 1));
	KT_ASSERT_TRUE(kt, test_mmap(&mm, &t, PAGE_SIZE, PROT_READ, MAP_PRIVATE) != 0);
	t.file->f_mode = FMODE_READ;
	KT_EXPECT_EQ(kt, do_mmap(mm, t.file, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
				 0, &populate), -EACCES);
	KT_EXPECT_GT(kt, do_mmap(mm, t.file, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE,
				 0, &populate), 0);
	t.file->f_mode = FMODE_WRITE;
	KT_EXPECT_EQ(kt, do_mmap(mm, t.file, 0, PAGE_SIZE, PROT_READ, MAP_PRIVATE, 0, &populate),
		     -EACCES);
	t.file->f_mode = FMODE_READ | FMODE_WRITE;
	t.file->f_op = NULL;
	KT_EXPECT_EQ(kt, do_mmap(mm, t.file, 0, PAGE_SIZE, PROT_READ, MAP_PRIVATE, 0, &populate),
		     -ENODEV);
	mmput(mm);
	KT_EXPECT_EQ(kt, t.file->f_count, 1);
	test_file_close(&t);
}
