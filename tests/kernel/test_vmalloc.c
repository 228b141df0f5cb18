/*
 * tests/kernel/test_vmalloc.c - ktests for the page-table API, vmalloc
 * (mm/vmalloc.c) and vmalloc'd kernel stacks, on the real MMU: what is
 * mapped can be read and written, what is not faults (the fault is
 * caught by the exception-table fixup of probe_kernel_read/write_u64()
 * and checked as expected), and nothing leaks.
 */
#include <asm/extable.h>
#include <asm/pgtable.h>
#include <asm/traps.h>
#include <mneme/kernel.h>
#include <mneme/ktest.h>
#include <mneme/mm.h>
#include <mneme/params.h>
#include <mneme/pgtable.h>
#include <mneme/printk.h>
#include <mneme/sched.h>
#include <mneme/slab.h>
#include <mneme/stackguard.h>
#include <mneme/sprintf.h>
#include <mneme/string.h>
#include <mneme/tlbflush.h>
#include <mneme/vmalloc.h>
#include <uapi/errno.h>

#define BIG_VMALLOC	(64UL << 20)
#define PATTERN(i)	(0x6d6e656d65000000UL | (i))	/* "mneme" + index */

/* Free pages, with no empty slab cached and the pcp lists drained. */
static unsigned long free_pages_drained(void)
{
	kmem_cache_shrink_all();
	drain_local_pages();
	return nr_free_pages();
}

/* A read of addr faults, as a not-present page fault at addr. */
static bool read_faults_at(unsigned long addr)
{
	u64 v;

	return probe_kernel_read_u64((void *)addr, &v) == -EFAULT &&
	       last_fixup_vector == X86_TRAP_PF && last_fixup_address == addr &&
	       !(last_fixup_error_code & X86_PF_PROT);
}

KTEST(vmalloc, vmalloc_64mib_in_4k_pages_is_usable_and_freed)
{
	unsigned long free_before = free_pages_drained();
	unsigned long tables_before = nr_page_table_pages;
	unsigned long nr = BIG_VMALLOC >> PAGE_SHIFT, bad = 0, distinct = 0;
	unsigned long *p;

	if (free_before < 2 * nr)
		KT_SKIP(kt, "less than 128 MiB free");
	p = vmalloc(BIG_VMALLOC);
	KT_ASSERT_TRUE(kt, p != NULL);
	KT_EXPECT_TRUE(kt, is_vmalloc_addr(p));
	KT_EXPECT_EQ(kt, (unsigned long)p % PAGE_SIZE, 0);
	for (unsigned long i = 0; i < nr; i++)
		p[i * (PAGE_SIZE / sizeof(*p))] = PATTERN(i);
	/* Each page is its own frame: read it back through the direct map. */
	for (unsigned long i = 0; i < nr; i++) {
		struct page *page = vmalloc_to_page((char *)p + i * PAGE_SIZE);
		unsigned long *direct = page ? page_address(page) : NULL;

		bad += !direct || *direct != PATTERN(i);
		distinct += page && (i == 0 || page != vmalloc_to_page((char *)p + (i - 1) * PAGE_SIZE));
	}
	KT_EXPECT_EQ(kt, bad, 0);
	KT_EXPECT_EQ(kt, distinct, nr);
	KT_EXPECT_GE(kt, vmalloc_nr_pages(), nr);
	/* 64 MiB needs 32 pte tables (+1 pmd table, maybe another of each). */
	KT_EXPECT_GE(kt, nr_page_table_pages - tables_before, nr / PTRS_PER_PTE);
	KT_EXPECT_TRUE(kt, read_faults_at((unsigned long)p + BIG_VMALLOC));	/* guard */
	vfree(p);
	KT_EXPECT_TRUE(kt, read_faults_at((unsigned long)p));	/* unmapped now */
	KT_EXPECT_EQ(kt, nr_page_table_pages, tables_before);
	KT_EXPECT_EQ(kt, free_pages_drained(), free_before);
}

KTEST(vmalloc, guard_page_after_an_area_faults)
{
	char *p = vmalloc(3 * PAGE_SIZE);
	u64 v = 0;

	KT_ASSERT_TRUE(kt, p != NULL);
	KT_EXPECT_EQ(kt, probe_kernel_write_u64(p + 3 * PAGE_SIZE - 8, 42), 0);
	KT_EXPECT_EQ(kt, probe_kernel_read_u64(p + 3 * PAGE_SIZE - 8, &v), 0);
	KT_EXPECT_EQ(kt, v, 42);
	pr_info("ktest: touching the guard page at %p: a page fault is expected\n",
		p + 3 * PAGE_SIZE);
	KT_EXPECT_TRUE(kt, read_faults_at((unsigned long)p + 3 * PAGE_SIZE));
	KT_EXPECT_TRUE(kt, vmalloc_to_page(p + 3 * PAGE_SIZE) == NULL);
	vfree(p);
}

KTEST(vmalloc, vzalloc_is_zero_and_vfree_null_is_a_no_op)
{
	unsigned long *p = vzalloc(5 * PAGE_SIZE + 7);
	unsigned long nonzero = 0, bad = nr_vmalloc_bad_frees;

	KT_ASSERT_TRUE(kt, p != NULL);
	for (unsigned long i = 0; i < 6 * PAGE_SIZE / sizeof(*p); i++)
		nonzero += p[i] != 0;
	KT_EXPECT_EQ(kt, nonzero, 0);	/* the whole last page, rounding included */
	KT_EXPECT_EQ(kt, get_vm_area_size(find_vm_area(p)), 6 * PAGE_SIZE);
	vfree(p);
	vfree(NULL);
	KT_EXPECT_EQ(kt, nr_vmalloc_bad_frees, bad);
	KT_EXPECT_TRUE(kt, vmalloc(0) == NULL);
}

KTEST(vmalloc, vmap_maps_the_callers_pages_in_order)
{
	struct page *pages[4] = { NULL };
	unsigned long *v;
	int got = 0;

	for (int i = 0; i < 4; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		got += pages[i] != NULL;
	}
	if (!KT_EXPECT_EQ(kt, got, 4))
		goto out;
	for (int i = 0; i < 4; i++)
		*(unsigned long *)page_address(pages[i]) = PATTERN(i);
	v = vmap(pages, 4, VM_MAP, PAGE_KERNEL);
	if (!KT_EXPECT_TRUE(kt, v != NULL))
		goto out;
	for (int i = 0; i < 4; i++) {
		KT_EXPECT_EQ(kt, v[i * PAGE_SIZE / sizeof(*v)], PATTERN(i));
		KT_EXPECT_TRUE(kt, vmalloc_to_page((char *)v + i * PAGE_SIZE) == pages[i]);
	}
	vunmap(v);
	KT_EXPECT_TRUE(kt, read_faults_at((unsigned long)v));
	for (int i = 0; i < 4; i++)	/* still the caller's, and intact */
		KT_EXPECT_EQ(kt, *(unsigned long *)page_address(pages[i]), PATTERN(i));
out:
	for (int i = 0; i < 4; i++)
		if (pages[i])
			__free_page(pages[i]);
}

KTEST(vmalloc, bad_vfree_is_reported_and_frees_nothing)
{
	unsigned long bad = nr_vmalloc_bad_frees;
	char *p = vmalloc(2 * PAGE_SIZE);
	u64 v;

	KT_ASSERT_TRUE(kt, p != NULL);
	vfree(p + PAGE_SIZE);			/* the middle of an area */
	KT_EXPECT_EQ(kt, nr_vmalloc_bad_frees, bad + 1);
	vfree((void *)(VMALLOC_END - PAGE_SIZE));	/* no area there */
	KT_EXPECT_EQ(kt, nr_vmalloc_bad_frees, bad + 2);
	vunmap(p);				/* a vmalloc() area: use vfree */
	KT_EXPECT_EQ(kt, nr_vmalloc_bad_frees, bad + 3);
	KT_EXPECT_EQ(kt, probe_kernel_read_u64(p + PAGE_SIZE, &v), 0);	/* still mapped */
	vfree(p);
	KT_EXPECT_EQ(kt, nr_vmalloc_bad_frees, bad + 3);
}

KTEST(vmalloc, set_memory_ro_makes_writes_fault_until_rw)
{
	char *p = vmalloc(2 * PAGE_SIZE);
	unsigned long flushes = nr_tlb_flush_one + nr_tlb_flush_all;
	u64 v = 0;

	KT_ASSERT_TRUE(kt, p != NULL);
	KT_EXPECT_EQ(kt, probe_kernel_write_u64(p + PAGE_SIZE, 7), 0);
	KT_EXPECT_EQ(kt, set_memory_ro((unsigned long)p, 2), 0);
	KT_EXPECT_GT(kt, nr_tlb_flush_one + nr_tlb_flush_all, flushes);
	KT_EXPECT_EQ(kt, probe_kernel_write_u64(p + PAGE_SIZE, 8), -EFAULT);
	KT_EXPECT_EQ(kt, last_fixup_error_code & (X86_PF_PROT | X86_PF_WRITE),
		     X86_PF_PROT | X86_PF_WRITE);
	KT_EXPECT_EQ(kt, probe_kernel_read_u64(p + PAGE_SIZE, &v), 0);	/* reads still work */
	KT_EXPECT_EQ(kt, v, 7);
	KT_EXPECT_EQ(kt, set_memory_rw((unsigned long)p, 2), 0);
	KT_EXPECT_EQ(kt, probe_kernel_write_u64(p + PAGE_SIZE, 9), 0);
	/* the guard page, a misaligned address and the large-page direct map are refused */
	KT_EXPECT_EQ(kt, set_memory_ro((unsigned long)p, 3), -EINVAL);
	KT_EXPECT_EQ(kt, set_memory_ro((unsigned long)p + 1, 1), -EINVAL);
	KT_EXPECT_EQ(kt, set_memory_ro((unsigned long)__va(16UL << 20), 1), -EINVAL);
	KT_EXPECT_EQ(kt, probe_kernel_write_u64(p, 1), 0);
	vfree(p);
}

KTEST(vmalloc, pte_accessors_agree_with_the_mmu)
{
	char *p = vmalloc(PAGE_SIZE);
	enum pg_level level;
	pte_t *ptep, pte;

	KT_ASSERT_TRUE(kt, p != NULL);
	ptep = lookup_address((unsigned long)p, &level);
	KT_ASSERT_TRUE(kt, ptep != NULL);
	KT_EXPECT_EQ(kt, level, PG_LEVEL_4K);
	pte = *ptep;
	KT_EXPECT_TRUE(kt, pte_present(pte) && pte_write(pte));
	KT_EXPECT_TRUE(kt, pte_page(pte) == vmalloc_to_page(p));
	KT_EXPECT_EQ(kt, pte_pfn(pte), page_to_pfn(vmalloc_to_page(p)));
	KT_EXPECT_EQ(kt, pte_val(pte_wrprotect(pte)) & _PAGE_RW, 0);
	KT_EXPECT_EQ(kt, pte_val(pte_mkwrite(pte_wrprotect(pte))), pte_val(pte));
	KT_EXPECT_EQ(kt, pte_val(mk_pte(pte_page(pte), pte_pgprot(pte))), pte_val(pte));
	KT_EXPECT_TRUE(kt, pte_dirty(pte_mkdirty(pte_mkclean(pte))) &&
			   !pte_young(pte_mkold(pte)));
	/* clear it by hand: the next access must fault once the TLB forgets */
	pte = ptep_get_and_clear(ptep);
	flush_tlb_one_kernel((unsigned long)p);
	KT_EXPECT_TRUE(kt, read_faults_at((unsigned long)p));
	set_pte(ptep, pte);
	KT_EXPECT_EQ(kt, probe_kernel_write_u64(p, 5), 0);
	vfree(p);
}

KTEST(vmalloc, dump_pagetable_shows_every_level)
{
	char *p = vmalloc(PAGE_SIZE);
	char log[1024], marker[64];
	const char *walk;
	size_t n;

	KT_ASSERT_TRUE(kt, p != NULL);
	snprintf(marker, sizeof(marker), "dump_pagetable test %p", p);
	pr_info("%s\n", marker);
	dump_pagetable((unsigned long)p + PAGE_SIZE);	/* the guard: no pte */
	n = log_buf_read(log, sizeof(log) - 1);
	log[n] = '\0';
	walk = strstr(log, marker);	/* only what was printed after it */
	KT_ASSERT_TRUE(kt, walk != NULL);
	KT_EXPECT_TRUE(kt, strstr(walk, "PGD[402]") != NULL);	/* 0xffffc9... */
	KT_EXPECT_TRUE(kt, strstr(walk, "-> PUD table") != NULL);
	KT_EXPECT_TRUE(kt, strstr(walk, "-> PMD table") != NULL);
	KT_EXPECT_TRUE(kt, strstr(walk, "-> PTE table") != NULL);
	KT_EXPECT_TRUE(kt, strstr(walk, "PTE[") != NULL && strstr(walk, "not present") != NULL);
	vfree(p);
}

KTEST(vmalloc, huge_sizes_fail_cleanly)
{
	unsigned long areas = vmalloc_nr_areas(), free_before = free_pages_drained();

	KT_EXPECT_TRUE(kt, vmalloc(1UL << 44) == NULL);		/* 16 TiB */
	KT_EXPECT_TRUE(kt, vmalloc((1UL << 44) + PAGE_SIZE) == NULL);
	KT_EXPECT_TRUE(kt, vmalloc(VMALLOC_SIZE) == NULL);
	KT_EXPECT_TRUE(kt, vmalloc(~0UL) == NULL);		/* PAGE_ALIGN wraps */
	KT_EXPECT_TRUE(kt, vmalloc(totalram_pages * PAGE_SIZE + 1) == NULL);
	KT_EXPECT_EQ(kt, vmalloc_nr_areas(), areas);
	KT_EXPECT_EQ(kt, free_pages_drained(), free_before);
}

KTEST(vmalloc, first_fit_reuses_a_freed_gap_and_guards_stay_unmapped)
{
	char *a = vmalloc(PAGE_SIZE), *b = vmalloc(PAGE_SIZE), *c = vmalloc(PAGE_SIZE);
	char *again;

	KT_ASSERT_TRUE(kt, a && b && c);
	/* neighbours: each one page plus its guard after the previous */
	KT_EXPECT_EQ(kt, (unsigned long)b - (unsigned long)a, 2 * PAGE_SIZE);
	KT_EXPECT_EQ(kt, (unsigned long)c - (unsigned long)b, 2 * PAGE_SIZE);
	KT_EXPECT_TRUE(kt, read_faults_at((unsigned long)a + PAGE_SIZE));
	KT_EXPECT_TRUE(kt, read_faults_at((unsigned long)b + PAGE_SIZE));
	vfree(b);
	again = vmalloc(PAGE_SIZE);		/* the hole b left is the first fit */
	KT_EXPECT_TRUE(kt, again == b);
	vfree(again);
	vfree(a);
	vfree(c);
}

KTEST(vmalloc, kernel_stack_is_vmalloced_with_a_guard_below)
{
	unsigned long sp = (unsigned long)__builtin_frame_address(0);
	unsigned long bottom = task_stack_bottom(current);
	enum pg_level level;

	KT_EXPECT_TRUE(kt, is_vmalloc_addr(current->stack));
	KT_EXPECT_TRUE(kt, sp >= bottom && sp < task_stack_top(current));
	KT_EXPECT_EQ(kt, get_vm_area_size(current->stack_vm_area), THREAD_SIZE);
	KT_EXPECT_TRUE(kt, lookup_address(bottom - PAGE_SIZE, &level) == NULL);
	KT_EXPECT_TRUE(kt, lookup_address(bottom, &level) != NULL);
	KT_EXPECT_TRUE(kt, strstr(stack_overflow_describe(bottom - 64), "guard page") != NULL);
	KT_EXPECT_TRUE(kt, stack_overflow_describe(sp) == NULL);
}

KTEST(vmalloc, fail_page_alloc_makes_vmalloc_fail_cleanly)
{
	unsigned long free_before = free_pages_drained();
	unsigned long areas = vmalloc_nr_areas(), tables = nr_page_table_pages;
	const char *spec = param_get("fail_page_alloc");
	void *p;

	/* every allocation fails; then only every 8th (half-way through the pages) */
	static const char *const specs[] = { "100", "100,8" };

	for (size_t i = 0; i < ARRAY_SIZE(specs); i++) {
		unsigned long injected = fail_page_alloc_injected();

		fail_page_alloc_setup(specs[i]);
		p = __vmalloc_node_range(16 * PAGE_SIZE, 1, VMALLOC_START, VMALLOC_END,
					 GFP_KERNEL | __GFP_NOWARN, PAGE_KERNEL, 0);
		fail_page_alloc_setup(spec ? spec : "0");
		KT_EXPECT_TRUE(kt, p == NULL);
		KT_EXPECT_GT(kt, fail_page_alloc_injected(), injected);
		KT_EXPECT_EQ(kt, vmalloc_nr_areas(), areas);
		KT_EXPECT_EQ(kt, nr_page_table_pages, tables);
		KT_EXPECT_EQ(kt, free_pages_drained(), free_before);
	}
}
