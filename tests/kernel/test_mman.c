/*
 * tests/kernel/test_mman.c - ktests for mremap (mm/mremap.c), madvise
 * (mm/madvise.c) and mincore (mm/mincore.c) on an address space of their
 * own: an mm from mm_alloc() that is never loaded, anonymous VMAs from
 * do_mmap(), pages faulted in with __mm_populate() (handle_mm_fault()),
 * and the page tables read back with follow_user_page()/follow_pte().
 *
 * What only the kernel can see is checked here: mremap moves the very
 * same pages (no copy) and leaves no pte behind, the RSS counters and
 * total_vm follow, MADV_DONTNEED frees the pages but keeps the VMA, flag
 * advice splits and merges VMAs, and the VMA set stays valid
 * (validate_mm()).  Each test frees its mm and checks that every page
 * came back.
 */
#include <mneme/kernel.h>
#include <mneme/ktest.h>
#include <mneme/mm.h>
#include <mneme/mman.h>
#include <mneme/mmap.h>
#include <mneme/pgtable.h>
#include <mneme/sched.h>
#include <mneme/vma.h>
#include <mneme/vmstat.h>
#include <uapi/errno.h>
#include <uapi/mman.h>
#include "ktest_util.h"

#define NR_PAGES	8
#define LEN		(NR_PAGES * PAGE_SIZE)
#define RW		(PROT_READ | PROT_WRITE)
#define ANON		(MAP_PRIVATE | MAP_ANONYMOUS)

struct mman_fixture {
	struct ktest_mem_snapshot mem;
	struct mm_struct *mm;
	unsigned long addr;		/* a populated LEN-byte mapping */
	struct page *page[NR_PAGES];	/* its pages, in order */
};

/* An mm with one LEN-byte anonymous mapping, every page written. */
static bool fixture_setup(struct ktest_ctx *kt, struct mman_fixture *f)
{
	unsigned long populate;
	long addr;

	ktest_mem_snapshot(&f->mem);
	f->mm = mm_alloc();
	if (!KT_EXPECT_TRUE(kt, f->mm != NULL))
		return false;
	arch_pick_mmap_layout(f->mm);
	addr = do_mmap(f->mm, NULL, 0, LEN, RW, ANON, 0, &populate);
	if (!KT_EXPECT_GT(kt, addr, 0))
		return false;
	f->addr = (unsigned long)addr;
	if (!KT_EXPECT_EQ(kt, __mm_populate(f->mm, f->addr, LEN, true), 0))
		return false;
	for (int i = 0; i < NR_PAGES; i++)
		f->page[i] = follow_user_page(f->mm, f->addr + i * PAGE_SIZE);
	return KT_EXPECT_TRUE(kt, f->page[0] && f->page[NR_PAGES - 1]);
}

static void fixture_teardown(struct ktest_ctx *kt, struct mman_fixture *f)
{
	if (f->mm) {
		KT_EXPECT_EQ(kt, validate_mm(f->mm), 0);
		mmput(f->mm);
	}
	ktest_expect_no_leak(kt, &f->mem);
}

/* Is any pte of [addr, addr + len) present? */
static bool any_pte_present(struct mm_struct *mm, unsigned long addr, unsigned long len)
{
	for (unsigned long a = addr; a < addr + len; a += PAGE_SIZE) {
		pte_t *pte = follow_pte(mm, a);

		if (pte && pte_present(ptep_get(pte)))
			return true;
	}
	return false;
}

/* Does no VMA overlap [addr, addr + len)? */
static bool range_unmapped(struct mm_struct *mm, unsigned long addr, unsigned long len)
{
	return !find_vma_intersection(mm, addr, addr + len);
}

/* ---- mremap ---------------------------------------------------------------- */

KTEST(mremap, move_takes_the_same_pages_along)
{
	struct mman_fixture f = { 0 };
	unsigned long populate, rss, total_vm;
	long blocker, new_addr;

	if (!fixture_setup(kt, &f))
		goto out;
	/* a read-only page just above: the mapping cannot grow in place */
	blocker = do_mmap(f.mm, NULL, f.addr + LEN, PAGE_SIZE, PROT_READ, ANON | MAP_FIXED, 0,
			  &populate);
	KT_EXPECT_EQ(kt, blocker, f.addr + LEN);
	rss = get_mm_rss(f.mm);
	total_vm = f.mm->total_vm;
	KT_EXPECT_EQ(kt, do_mremap(f.mm, f.addr, LEN, 2 * LEN, 0, 0), -ENOMEM);
	new_addr = do_mremap(f.mm, f.addr, LEN, 2 * LEN, MREMAP_MAYMOVE, 0);
	KT_ASSERT_TRUE(kt, new_addr > 0 && (unsigned long)new_addr != f.addr);
	for (int i = 0; i < NR_PAGES; i++)
		KT_EXPECT_TRUE(kt, follow_user_page(f.mm, new_addr + i * PAGE_SIZE) == f.page[i]);
	KT_EXPECT_TRUE(kt, !any_pte_present(f.mm, new_addr + LEN, LEN));
	KT_EXPECT_TRUE(kt, !any_pte_present(f.mm, f.addr, LEN));
	KT_EXPECT_TRUE(kt, range_unmapped(f.mm, f.addr, LEN));
	KT_EXPECT_EQ(kt, get_mm_rss(f.mm), rss);
	KT_EXPECT_EQ(kt, f.mm->total_vm, total_vm + NR_PAGES);
	for (int i = 0; i < NR_PAGES; i++)
		KT_EXPECT_EQ(kt, page_mapcount(f.page[i]), 1);
out:
	fixture_teardown(kt, &f);
}

KTEST(mremap, grow_in_place_moves_vm_end)
{
	struct mman_fixture f = { 0 };
	struct vm_area_struct *vma;
	unsigned long total_vm;

	if (!fixture_setup(kt, &f))
		goto out;
	/* make room above (the top-down search may have put a VMA there) */
	KT_EXPECT_EQ(kt, do_munmap(f.mm, f.addr + LEN, LEN), 0);
	total_vm = f.mm->total_vm;
	KT_EXPECT_EQ(kt, do_mremap(f.mm, f.addr, LEN, 2 * LEN, 0, 0), f.addr);
	vma = find_vma(f.mm, f.addr);
	KT_ASSERT_TRUE(kt, vma != NULL);
	KT_EXPECT_EQ(kt, vma->vm_start, f.addr);
	KT_EXPECT_EQ(kt, vma->vm_end, f.addr + 2 * LEN);
	KT_EXPECT_EQ(kt, f.mm->total_vm, total_vm + NR_PAGES);
	KT_EXPECT_TRUE(kt, follow_user_page(f.mm, f.addr) == f.page[0]);
	KT_EXPECT_TRUE(kt, !any_pte_present(f.mm, f.addr + LEN, LEN));
out:
	fixture_teardown(kt, &f);
}

KTEST(mremap, shrink_frees_the_tail)
{
	struct mman_fixture f = { 0 };

	if (!fixture_setup(kt, &f))
		goto out;
	KT_EXPECT_EQ(kt, do_mremap(f.mm, f.addr, LEN, LEN / 2, 0, 0), f.addr);
	KT_EXPECT_EQ(kt, get_mm_counter(f.mm, MM_ANONPAGES), NR_PAGES / 2);
	KT_EXPECT_TRUE(kt, range_unmapped(f.mm, f.addr + LEN / 2, LEN / 2));
	KT_EXPECT_TRUE(kt, follow_user_page(f.mm, f.addr) == f.page[0]);
out:
	fixture_teardown(kt, &f);
}

KTEST(mremap, errors_as_linux)
{
	struct mman_fixture f = { 0 };
	unsigned long a;

	if (!fixture_setup(kt, &f))
		goto out;
	a = f.addr;
	KT_EXPECT_EQ(kt, do_mremap(f.mm, a + 1, PAGE_SIZE, LEN, MREMAP_MAYMOVE, 0), -EINVAL);
	KT_EXPECT_EQ(kt, do_mremap(f.mm, a, LEN, 0, MREMAP_MAYMOVE, 0), -EINVAL);
	KT_EXPECT_EQ(kt, do_mremap(f.mm, a, LEN, LEN, 0x80, 0), -EINVAL);
	KT_EXPECT_EQ(kt, do_mremap(f.mm, a, LEN, LEN, MREMAP_FIXED, a + 4 * LEN), -EINVAL);
	KT_EXPECT_EQ(kt, do_mremap(f.mm, a, LEN, LEN, MREMAP_FIXED | MREMAP_MAYMOVE,
				   a + PAGE_SIZE), -EINVAL);
	KT_EXPECT_EQ(kt, do_mremap(f.mm, a, 2 * LEN, 4 * LEN, MREMAP_MAYMOVE, 0), -EFAULT);
	KT_EXPECT_EQ(kt, do_mremap(f.mm, a - 16 * LEN, LEN, 2 * LEN, MREMAP_MAYMOVE, 0), -EFAULT);
	KT_EXPECT_EQ(kt, get_mm_counter(f.mm, MM_ANONPAGES), NR_PAGES);
out:
	fixture_teardown(kt, &f);
}

/* ---- madvise --------------------------------------------------------------- */

KTEST(madvise, dontneed_frees_the_pages_and_keeps_the_vma)
{
	struct mman_fixture f = { 0 };
	struct ktest_mem_snapshot before, after;
	struct vm_area_struct *vma;

	if (!fixture_setup(kt, &f))
		goto out;
	vma = find_vma(f.mm, f.addr);
	ktest_mem_snapshot(&before);
	KT_EXPECT_EQ(kt, do_madvise(f.mm, f.addr + 2 * PAGE_SIZE, 4 * PAGE_SIZE, MADV_DONTNEED), 0);
	KT_EXPECT_TRUE(kt, !any_pte_present(f.mm, f.addr + 2 * PAGE_SIZE, 4 * PAGE_SIZE));
	KT_EXPECT_TRUE(kt, follow_user_page(f.mm, f.addr) == f.page[0]);
	KT_EXPECT_TRUE(kt, follow_user_page(f.mm, f.addr + 6 * PAGE_SIZE) == f.page[6]);
	KT_EXPECT_EQ(kt, get_mm_counter(f.mm, MM_ANONPAGES), NR_PAGES - 4);
	ktest_mem_snapshot(&after);
	KT_EXPECT_EQ(kt, after.free_pages, before.free_pages + 4);
	KT_EXPECT_TRUE(kt, find_vma(f.mm, f.addr) == vma);
	KT_EXPECT_EQ(kt, vma->vm_start, f.addr);
	KT_EXPECT_EQ(kt, vma->vm_end, f.addr + LEN);
out:
	fixture_teardown(kt, &f);
}

KTEST(madvise, random_splits_and_normal_merges_back)
{
	struct mman_fixture f = { 0 };
	struct vm_area_struct *vma;
	int map_count;

	if (!fixture_setup(kt, &f))
		goto out;
	map_count = f.mm->map_count;
	KT_EXPECT_EQ(kt, do_madvise(f.mm, f.addr + PAGE_SIZE, PAGE_SIZE, MADV_RANDOM), 0);
	KT_EXPECT_EQ(kt, f.mm->map_count, map_count + 2);
	vma = find_vma(f.mm, f.addr + PAGE_SIZE);
	KT_ASSERT_TRUE(kt, vma != NULL);
	KT_EXPECT_TRUE(kt, vma->vm_flags & VM_RAND_READ);
	KT_EXPECT_EQ(kt, vma->vm_end - vma->vm_start, PAGE_SIZE);
	KT_EXPECT_TRUE(kt, !(find_vma(f.mm, f.addr)->vm_flags & VM_RAND_READ));
	KT_EXPECT_EQ(kt, do_madvise(f.mm, f.addr, LEN, MADV_NORMAL), 0);
	KT_EXPECT_EQ(kt, f.mm->map_count, map_count);
	KT_EXPECT_TRUE(kt, follow_user_page(f.mm, f.addr + PAGE_SIZE) == f.page[1]);
out:
	fixture_teardown(kt, &f);
}

KTEST(madvise, errors_and_holes)
{
	struct mman_fixture f = { 0 };

	if (!fixture_setup(kt, &f))
		goto out;
	KT_EXPECT_EQ(kt, do_madvise(f.mm, f.addr, LEN, 99), -EINVAL);
	KT_EXPECT_EQ(kt, do_madvise(f.mm, f.addr, LEN, MADV_FREE), -EINVAL);
	KT_EXPECT_EQ(kt, do_madvise(f.mm, f.addr + 1, LEN, MADV_DONTNEED), -EINVAL);
	KT_EXPECT_EQ(kt, do_madvise(f.mm, f.addr, 0, MADV_DONTNEED), 0);
	KT_EXPECT_EQ(kt, do_madvise(f.mm, f.addr, LEN, MADV_WILLNEED), 0);
	KT_EXPECT_EQ(kt, do_munmap(f.mm, f.addr + 3 * PAGE_SIZE, PAGE_SIZE), 0);
	/* a hole: the mapped parts are advised all the same, the answer is ENOMEM */
	KT_EXPECT_EQ(kt, do_madvise(f.mm, f.addr, LEN, MADV_DONTNEED), -ENOMEM);
	KT_EXPECT_TRUE(kt, !any_pte_present(f.mm, f.addr, LEN));
	KT_EXPECT_EQ(kt, get_mm_counter(f.mm, MM_ANONPAGES), 0);
out:
	fixture_teardown(kt, &f);
}

/* ---- mincore --------------------------------------------------------------- */

KTEST(mincore, marks_present_ptes_within_one_vma)
{
	struct mman_fixture f = { 0 };
	unsigned char vec[NR_PAGES];

	if (!fixture_setup(kt, &f))
		goto out;
	KT_EXPECT_EQ(kt, do_madvise(f.mm, f.addr + PAGE_SIZE, PAGE_SIZE, MADV_DONTNEED), 0);
	KT_EXPECT_EQ(kt, do_madvise(f.mm, f.addr + 5 * PAGE_SIZE, PAGE_SIZE, MADV_DONTNEED), 0);
	KT_EXPECT_EQ(kt, do_mincore(f.mm, f.addr, NR_PAGES, vec), NR_PAGES);
	for (int i = 0; i < NR_PAGES; i++)
		KT_EXPECT_EQ(kt, vec[i], (i == 1 || i == 5) ? 0 : 1);
	/* a hole ends the VMA: the call covers the pages before it */
	KT_EXPECT_EQ(kt, do_munmap(f.mm, f.addr + 6 * PAGE_SIZE, PAGE_SIZE), 0);
	KT_EXPECT_EQ(kt, do_mincore(f.mm, f.addr, NR_PAGES, vec), 6);
	KT_EXPECT_EQ(kt, do_mincore(f.mm, f.addr + 6 * PAGE_SIZE, 1, vec), -ENOMEM);
out:
	fixture_teardown(kt, &f);
}
