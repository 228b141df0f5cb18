/*
 * tests/kernel/test_memory.c - KTESTs for demand paging, the zero page,
 * copy-on-write fork, munmap's freeing, mprotect, shared anonymous
 * memory and stack growth (mm/memory.c, mm/mmap.c, mm/mprotect.c,
 * mm/shmem.c).
 *
 * Each test builds a user mm in the kernel (mm_alloc(), do_mmap()) that
 * no CPU has loaded, and makes its faults by calling handle_mm_fault()
 * as arch/x86/mm/fault.c would after its access check; "fork" is
 * dup_mmap() into a second mm.  The ptes and struct pages are then read
 * directly.  Every test frees its mms and checks nothing leaked.
 */
#include <mneme/kernel.h>
#include <mneme/ktest.h>
#include <mneme/mm.h>
#include <mneme/mmap.h>
#include <mneme/pgtable.h>
#include <mneme/sched.h>
#include <mneme/tlbflush.h>
#include <mneme/vma.h>
#include <mneme/vmstat.h>
#include <uapi/errno.h>
#include <uapi/resource.h>
#include "ktest_util.h"

#define RW		(PROT_READ | PROT_WRITE)
#define ANON_PRIVATE	(MAP_PRIVATE | MAP_ANONYMOUS)
#define ANON_SHARED	(MAP_SHARED | MAP_ANONYMOUS)

static struct mm_struct *test_mm(void)
{
	struct mm_struct *mm = mm_alloc();

	if (mm)
		arch_pick_mmap_layout(mm);
	return mm;
}

static unsigned long test_map(struct mm_struct *mm, unsigned long len, unsigned long prot,
			      unsigned long flags)
{
	unsigned long populate;
	long addr = do_mmap(mm, NULL, 0, len, prot, flags, 0, &populate);

	return addr < 0 ? 0 : (unsigned long)addr;
}

/* A fault as the architecture's handler would pass it on. */
static vm_fault_t fault(struct mm_struct *mm, unsigned long addr, bool write)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	if (!vma || vma->vm_start > addr)
		return VM_FAULT_SIGSEGV;
	return handle_mm_fault(vma, addr, write ? FAULT_FLAG_WRITE : 0, NULL);
}

static pte_t pte_at(struct mm_struct *mm, unsigned long addr)
{
	pte_t *pte = follow_pte(mm, addr);

	return pte ? *pte : __pte(0);
}

/* fork's copy of mm's VMAs and page tables into a new mm. */
static struct mm_struct *test_fork(struct mm_struct *mm)
{
	struct mm_struct *child = test_mm();

	if (child && dup_mmap(child, mm)) {
		mmput(child);
		return NULL;
	}
	return child;
}

KTEST(memory, read_fault_maps_the_zero_page)
{
	struct ktest_mem_snapshot before;
	struct mm_struct *mm;
	unsigned long addr, zero_faults = vm_events[ZERO_PAGE_FAULT];
	pte_t pte;

	ktest_mem_snapshot(&before);
	mm = test_mm();
	KT_ASSERT_TRUE(kt, mm != NULL);
	addr = test_map(mm, 4 * PAGE_SIZE, RW, ANON_PRIVATE);
	KT_ASSERT_TRUE(kt, addr != 0);
	KT_EXPECT_TRUE(kt, follow_pte(mm, addr) == NULL || pte_none(pte_at(mm, addr)));
	KT_EXPECT_EQ(kt, fault(mm, addr + 5, false), 0);
	pte = pte_at(mm, addr);
	KT_EXPECT_TRUE(kt, pte_present(pte));
	KT_EXPECT_EQ(kt, pte_pfn(pte), zero_pfn);
	KT_EXPECT_TRUE(kt, !pte_write(pte));
	KT_EXPECT_EQ(kt, get_mm_rss(mm), 0);		/* the zero page is nobody's */
	KT_EXPECT_EQ(kt, vm_events[ZERO_PAGE_FAULT], zero_faults + 1);
	KT_EXPECT_TRUE(kt, pte_none(pte_at(mm, addr + PAGE_SIZE)));	/* one page per fault */
	mmput(mm);
	ktest_expect_no_leak(kt, &before);
}

KTEST(memory, write_fault_allocates_a_zeroed_writable_page)
{
	struct ktest_mem_snapshot before;
	struct mm_struct *mm;
	unsigned long addr, anon = global_node_page_state(NR_ANON_MAPPED);
	struct page *page;
	pte_t pte;

	ktest_mem_snapshot(&before);
	mm = test_mm();
	KT_ASSERT_TRUE(kt, mm != NULL);
	addr = test_map(mm, PAGE_SIZE, RW, ANON_PRIVATE);
	KT_EXPECT_EQ(kt, fault(mm, addr, true), 0);
	pte = pte_at(mm, addr);
	KT_EXPECT_TRUE(kt, pte_present(pte) && pte_write(pte));
	KT_EXPECT_NE(kt, pte_pfn(pte), zero_pfn);
	page = pte_page(pte);
	KT_EXPECT_EQ(kt, page_mapcount(page), 1);
	KT_EXPECT_EQ(kt, page_count(page), 1);
	KT_EXPECT_EQ(kt, ((u8 *)page_address(page))[100], 0);
	KT_EXPECT_EQ(kt, get_mm_counter(mm, MM_ANONPAGES), 1);
	KT_EXPECT_EQ(kt, global_node_page_state(NR_ANON_MAPPED), anon + 1);
	mmput(mm);
	KT_EXPECT_EQ(kt, global_node_page_state(NR_ANON_MAPPED), anon);
	ktest_expect_no_leak(kt, &before);
}

KTEST(memory, write_after_read_copies_away_from_the_zero_page)
{
	struct ktest_mem_snapshot before;
	struct mm_struct *mm;
	unsigned long addr, cow = vm_events[COW_FAULT];
	pte_t pte;

	ktest_mem_snapshot(&before);
	mm = test_mm();
	KT_ASSERT_TRUE(kt, mm != NULL);
	addr = test_map(mm, PAGE_SIZE, RW, ANON_PRIVATE);
	KT_EXPECT_EQ(kt, fault(mm, addr, false), 0);
	KT_EXPECT_EQ(kt, fault(mm, addr, true), 0);
	pte = pte_at(mm, addr);
	KT_EXPECT_NE(kt, pte_pfn(pte), zero_pfn);
	KT_EXPECT_TRUE(kt, pte_write(pte));
	KT_EXPECT_EQ(kt, vm_events[COW_FAULT], cow + 1);
	KT_EXPECT_EQ(kt, get_mm_rss(mm), 1);
	mmput(mm);
	ktest_expect_no_leak(kt, &before);
}

KTEST(memory, fork_shares_pages_read_only_then_copies_or_reuses)
{
	struct ktest_mem_snapshot before;
	struct mm_struct *mm, *child;
	unsigned long addr, reuse = vm_events[COW_REUSE], cow = vm_events[COW_FAULT];
	struct page *page;
	pte_t p, c;

	ktest_mem_snapshot(&before);
	mm = test_mm();
	KT_ASSERT_TRUE(kt, mm != NULL);
	addr = test_map(mm, 2 * PAGE_SIZE, RW, ANON_PRIVATE);
	KT_EXPECT_EQ(kt, fault(mm, addr, true), 0);
	KT_EXPECT_EQ(kt, fault(mm, addr + PAGE_SIZE, false), 0);	/* the zero page */
	page = pte_page(pte_at(mm, addr));
	((u8 *)page_address(page))[0] = 0x77;
	child = test_fork(mm);
	KT_ASSERT_TRUE(kt, child != NULL);
	p = pte_at(mm, addr);
	c = pte_at(child, addr);
	KT_EXPECT_EQ(kt, pte_pfn(p), pte_pfn(c));		/* no page copied */
	KT_EXPECT_TRUE(kt, !pte_write(p));			/* both write-protected */
	KT_EXPECT_TRUE(kt, !pte_write(c));
	KT_EXPECT_EQ(kt, page_mapcount(page), 2);
	KT_EXPECT_EQ(kt, page_count(page), 2);
	KT_EXPECT_EQ(kt, pte_pfn(pte_at(child, addr + PAGE_SIZE)), zero_pfn);
	KT_EXPECT_EQ(kt, get_mm_rss(child), 1);

	KT_EXPECT_EQ(kt, fault(child, addr, true), 0);	/* shared: copied */
	c = pte_at(child, addr);
	KT_EXPECT_NE(kt, pte_pfn(c), page_to_pfn(page));
	KT_EXPECT_TRUE(kt, pte_write(c));
	KT_EXPECT_EQ(kt, ((u8 *)page_address(pte_page(c)))[0], 0x77);
	KT_EXPECT_EQ(kt, vm_events[COW_FAULT], cow + 1);
	KT_EXPECT_EQ(kt, page_mapcount(page), 1);
	KT_EXPECT_EQ(kt, page_count(page), 1);

	KT_EXPECT_EQ(kt, fault(mm, addr, true), 0);		/* alone now: reused */
	p = pte_at(mm, addr);
	KT_EXPECT_EQ(kt, pte_pfn(p), page_to_pfn(page));
	KT_EXPECT_TRUE(kt, pte_write(p));
	KT_EXPECT_EQ(kt, vm_events[COW_REUSE], reuse + 1);
	mmput(child);
	mmput(mm);
	ktest_expect_no_leak(kt, &before);
}

KTEST(memory, munmap_frees_pages_and_page_tables)
{
	struct ktest_mem_snapshot before;
	unsigned long tables, addr;
	struct mm_struct *mm;

	ktest_mem_snapshot(&before);
	mm = test_mm();
	KT_ASSERT_TRUE(kt, mm != NULL);
	tables = nr_page_table_pages;			/* with the new mm's pgd */
	addr = test_map(mm, 8 * PAGE_SIZE, RW, ANON_PRIVATE);
	for (int i = 0; i < 8; i++)
		KT_EXPECT_EQ(kt, fault(mm, addr + i * PAGE_SIZE, true), 0);
	KT_EXPECT_EQ(kt, get_mm_rss(mm), 8);
	KT_EXPECT_GE(kt, mm->nr_pgtables, 3);		/* pud, pmd, pte tables */
	KT_EXPECT_EQ(kt, mm->total_vm, 8);
	KT_EXPECT_EQ(kt, do_munmap(mm, addr + 2 * PAGE_SIZE, 2 * PAGE_SIZE), 0);	/* a hole */
	KT_EXPECT_EQ(kt, get_mm_rss(mm), 6);
	KT_EXPECT_EQ(kt, mm->map_count, 2);
	KT_EXPECT_EQ(kt, mm->total_vm, 6);
	KT_EXPECT_EQ(kt, do_munmap(mm, addr, 8 * PAGE_SIZE), 0);
	KT_EXPECT_EQ(kt, get_mm_rss(mm), 0);
	KT_EXPECT_EQ(kt, mm->map_count, 0);
	KT_EXPECT_EQ(kt, mm->nr_pgtables, 0);		/* no VMA covers them any more */
	KT_EXPECT_EQ(kt, nr_page_table_pages, tables);
	KT_EXPECT_EQ(kt, do_munmap(mm, addr + 1, PAGE_SIZE), -EINVAL);
	mmput(mm);
	ktest_expect_no_leak(kt, &before);
}

KTEST(memory, mprotect_downgrade_write_protects_and_write_faults_fail)
{
	struct ktest_mem_snapshot before;
	unsigned long flushes, addr;
	struct mm_struct *mm;

	ktest_mem_snapshot(&before);
	mm = test_mm();
	KT_ASSERT_TRUE(kt, mm != NULL);
	addr = test_map(mm, 2 * PAGE_SIZE, RW, ANON_PRIVATE);
	KT_EXPECT_EQ(kt, fault(mm, addr, true), 0);
	flushes = nr_tlb_flush_one + nr_tlb_flush_all;
	KT_EXPECT_EQ(kt, do_mprotect(mm, addr, PAGE_SIZE, PROT_READ), 0);
	KT_EXPECT_GT(kt, nr_tlb_flush_one + nr_tlb_flush_all, flushes);	/* a right lost */
	KT_EXPECT_TRUE(kt, !pte_write(pte_at(mm, addr)));
	KT_EXPECT_EQ(kt, mm->map_count, 2);			/* split in two */
	KT_EXPECT_EQ(kt, fixup_user_fault(mm, addr, FAULT_FLAG_WRITE), -EFAULT);
	KT_EXPECT_EQ(kt, do_mprotect(mm, addr, PAGE_SIZE, RW), 0);
	KT_EXPECT_EQ(kt, mm->map_count, 1);			/* merged again */
	KT_EXPECT_EQ(kt, fixup_user_fault(mm, addr, FAULT_FLAG_WRITE), 0);
	KT_EXPECT_TRUE(kt, pte_write(pte_at(mm, addr)));
	KT_EXPECT_EQ(kt, do_mprotect(mm, addr, 3 * PAGE_SIZE, PROT_READ), -ENOMEM);	/* a hole */
	mmput(mm);
	ktest_expect_no_leak(kt, &before);
}

KTEST(memory, shared_anonymous_memory_stays_shared_across_fork)
{
	struct ktest_mem_snapshot before;
	struct mm_struct *mm, *child;
	unsigned long addr;
	pte_t p, c;

	ktest_mem_snapshot(&before);
	mm = test_mm();
	KT_ASSERT_TRUE(kt, mm != NULL);
	addr = test_map(mm, 2 * PAGE_SIZE, RW, ANON_SHARED);
	KT_ASSERT_TRUE(kt, addr != 0);
	KT_EXPECT_EQ(kt, fault(mm, addr + PAGE_SIZE, true), 0);
	p = pte_at(mm, addr + PAGE_SIZE);
	KT_EXPECT_TRUE(kt, pte_write(p));
	KT_EXPECT_EQ(kt, get_mm_counter(mm, MM_SHMEMPAGES), 1);
	child = test_fork(mm);
	KT_ASSERT_TRUE(kt, child != NULL);
	KT_EXPECT_EQ(kt, fault(child, addr + PAGE_SIZE, true), 0);
	c = pte_at(child, addr + PAGE_SIZE);
	KT_EXPECT_EQ(kt, pte_pfn(c), pte_pfn(p));		/* the same page */
	KT_EXPECT_TRUE(kt, pte_write(p));			/* still writable in the parent */
	KT_EXPECT_EQ(kt, page_mapcount(pte_page(p)), 2);
	mmput(mm);
	KT_EXPECT_EQ(kt, page_mapcount(pte_page(c)), 1);	/* the child keeps it */
	mmput(child);
	ktest_expect_no_leak(kt, &before);
}

KTEST(memory, stack_grows_down_to_rlimit_stack)
{
	struct rlimit saved = current->rlim[RLIMIT_STACK];
	struct ktest_mem_snapshot before;
	struct vm_area_struct *vma;
	struct mm_struct *mm;
	unsigned long start, stack_vm;

	ktest_mem_snapshot(&before);
	mm = test_mm();
	KT_ASSERT_TRUE(kt, mm != NULL);
	KT_ASSERT_EQ(kt, setup_stack_vma(mm), 0);
	vma = find_vma(mm, STACK_TOP - 1);
	start = vma->vm_start;
	stack_vm = mm->stack_vm;
	current->rlim[RLIMIT_STACK].rlim_cur = 4 * STACK_INITIAL_SIZE;
	KT_EXPECT_EQ(kt, expand_stack(vma, start - 5 * PAGE_SIZE + 8), 0);
	KT_EXPECT_EQ(kt, vma->vm_start, start - 5 * PAGE_SIZE);
	KT_EXPECT_EQ(kt, mm->stack_vm, stack_vm + 5);
	KT_EXPECT_EQ(kt, validate_mm(mm), 0);
	KT_EXPECT_EQ(kt, fault(mm, start - 5 * PAGE_SIZE, true), 0);
	KT_EXPECT_EQ(kt, expand_stack(vma, STACK_TOP - 4 * STACK_INITIAL_SIZE - PAGE_SIZE),
		     -ENOMEM);				/* past RLIMIT_STACK */
	KT_EXPECT_EQ(kt, vma->vm_start, start - 5 * PAGE_SIZE);
	current->rlim[RLIMIT_STACK] = saved;
	mmput(mm);
	ktest_expect_no_leak(kt, &before);
}
