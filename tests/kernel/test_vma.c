/*
 * tests/kernel/test_vma.c - ktests for the VMA set (mm/vma.c) on kernel
 * memory: VMAs from the vm_area_struct slab cache (kernel/fork.c), the
 * rbtree of lib/rbtree.c as the kernel build compiled it.
 *
 * The reference here is not tests/host/test_vma.c's list of intervals
 * but something plainer still: one entry per page of a 1024-page window,
 * saying whether the page is mapped and with which flags, file and file
 * offset.  After each of VMA_KTEST_OPS random operations (MAP_FIXED-style
 * insert, top-down search then insert, split, munmap of a range,
 * mprotect of a range) every page must be found by find_vma() exactly as
 * the reference has it, validate_mm() must find nothing wrong, and the
 * top-down search must return the highest free run of pages the
 * reference has.  At the end every VMA goes back to the slab cache and
 * the free page count comes back.
 */
#include <mneme/err.h>
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/ktest.h>
#include <mneme/mm.h>
#include <mneme/pagemap.h>
#include <mneme/printk.h>
#include <mneme/slab.h>
#include <mneme/string.h>
#include <mneme/vma.h>
#include <uapi/errno.h>

#define VMA_KTEST_OPS	3000
#define VMA_KTEST_SEED	0x6d6e656d65766d61ULL	/* "mnemevma" */
#define WIN_PAGES	1024
#define WIN_START	0x40000000UL
#define WIN_END		(WIN_START + WIN_PAGES * PAGE_SIZE)
#define MAX_LEN_PAGES	16
#define ALL_MAY		(VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)

struct page_ref {
	bool mapped;
	unsigned char file;		/* 0: anonymous, else a fake file's number */
	unsigned long flags, pgoff;
};

static struct page_ref ref[WIN_PAGES];
static struct mm_struct test_mm;
#define NR_TEST_FILES	2
/* Files to map: each holds one reference of its own, VMAs the others. */
static struct file test_files[NR_TEST_FILES + 1];
static struct inode test_inodes[NR_TEST_FILES + 1];
static u64 rng_state;

static u64 rnd(u64 n)
{
	rng_state ^= rng_state << 13;	/* xorshift64 */
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state % n;
}

static struct file *file_ptr(unsigned int f)
{
	return f ? &test_files[f] : NULL;
}

static void test_files_init(void)
{
	for (unsigned int f = 1; f <= NR_TEST_FILES; f++) {
		address_space_init(&test_inodes[f].i_data, &test_inodes[f]);
		test_files[f].f_inode = &test_inodes[f];
		test_files[f].f_count = 1;
	}
}

static unsigned long page_addr(unsigned long i)
{
	return WIN_START + i * PAGE_SIZE;
}

/* mmap of a free range: merge with a neighbour if vma_merge() can, else a new VMA. */
static int map_range(unsigned long start, unsigned long end, unsigned long flags,
		     unsigned int file, unsigned long pgoff)
{
	struct vm_area_struct *prev, *vma;
	int err;

	find_vma_prev(&test_mm, start, &prev);
	if (vma_merge(&test_mm, prev, start, end, flags, NULL, file_ptr(file), pgoff))
		return 0;
	vma = vm_area_alloc(&test_mm);
	if (!vma)
		return -ENOMEM;
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_flags = flags;
	vma->vm_file = get_file(file_ptr(file));	/* as do_mmap() */
	vma->vm_pgoff = pgoff;
	err = insert_vm_struct(&test_mm, vma);
	if (err) {
		fput(vma->vm_file);
		vm_area_free(vma);
	}
	return err;
}

static void ref_map(unsigned long first, unsigned long n, unsigned long flags,
		    unsigned int file, unsigned long pgoff)
{
	for (unsigned long i = 0; i < n; i++) {
		ref[first + i].mapped = true;
		ref[first + i].flags = flags;
		ref[first + i].file = (unsigned char)file;
		ref[first + i].pgoff = pgoff + i;
	}
}

static void do_map(struct ktest_ctx *kt, unsigned long first, unsigned long n)
{
	unsigned long start = page_addr(first), flags = ALL_MAY | VM_READ;
	unsigned int file = (unsigned int)rnd(3);
	unsigned long pgoff = file ? first + file * 10000 : start >> PAGE_SHIFT;

	if (rnd(2))
		flags |= VM_WRITE;
	KT_EXPECT_EQ(kt, map_range(start, start + n * PAGE_SIZE, flags, file, pgoff), 0);
	ref_map(first, n, flags, file, pgoff);
}

static void op_map_fixed(struct ktest_ctx *kt)
{
	unsigned long first = rnd(WIN_PAGES), n = 1 + rnd(MAX_LEN_PAGES);

	if (first + n > WIN_PAGES)
		n = WIN_PAGES - first;
	KT_EXPECT_EQ(kt, vma_remove_range(&test_mm, page_addr(first), page_addr(first + n)), 0);
	for (unsigned long i = first; i < first + n; i++)
		ref[i].mapped = false;
	do_map(kt, first, n);
}

/* The highest first page of n free pages in the window, or -1. */
static long ref_highest_free(unsigned long n)
{
	unsigned long run = 0;

	for (long i = WIN_PAGES - 1; i >= 0; i--) {
		run = ref[i].mapped ? 0 : run + 1;
		if (run == n)
			return i;
	}
	return -1;
}

static void op_map_found(struct ktest_ctx *kt)
{
	struct vm_unmapped_area_info info = {
		.flags = VM_UNMAPPED_AREA_TOPDOWN,
		.length = (1 + rnd(MAX_LEN_PAGES)) * PAGE_SIZE,
		.low_limit = WIN_START, .high_limit = WIN_END,
	};
	unsigned long addr = vm_unmapped_area(&test_mm, &info);
	long want = ref_highest_free(info.length >> PAGE_SHIFT);

	if (want < 0) {
		KT_EXPECT_EQ(kt, (long)addr, -ENOMEM);
		return;
	}
	if (!KT_EXPECT_EQ(kt, addr, page_addr((unsigned long)want)))
		return;
	do_map(kt, (unsigned long)want, info.length >> PAGE_SHIFT);
}

static void op_split(struct ktest_ctx *kt)
{
	unsigned long addr = page_addr(rnd(WIN_PAGES));
	struct vm_area_struct *vma = find_vma(&test_mm, addr);

	if (!vma || vma->vm_start >= addr)
		return;		/* not strictly inside a VMA */
	KT_EXPECT_EQ(kt, split_vma(&test_mm, vma, addr, (int)rnd(2)), 0);
}

static void op_unmap(struct ktest_ctx *kt)
{
	unsigned long first = rnd(WIN_PAGES), n = 1 + rnd(4 * MAX_LEN_PAGES);

	if (first + n > WIN_PAGES)
		n = WIN_PAGES - first;
	KT_EXPECT_EQ(kt, vma_remove_range(&test_mm, page_addr(first), page_addr(first + n)), 0);
	for (unsigned long i = first; i < first + n; i++)
		ref[i].mapped = false;
}

/* Linux's mprotect: every page up to the first hole changes, then -ENOMEM. */
static int ref_mprotect(unsigned long first, unsigned long n, unsigned long prot)
{
	for (unsigned long i = first; i < first + n; i++) {
		if (!ref[i].mapped)
			return -ENOMEM;
		ref[i].flags = (ref[i].flags & ~VM_ACCESS_FLAGS) | prot;
	}
	return 0;
}

static void op_mprotect(struct ktest_ctx *kt)
{
	unsigned long first = rnd(WIN_PAGES), n = 1 + rnd(4 * MAX_LEN_PAGES);
	unsigned long prot = rnd(8);
	int got;

	if (first + n > WIN_PAGES)
		n = WIN_PAGES - first;
	got = vma_mprotect_range(&test_mm, page_addr(first), page_addr(first + n), prot);
	KT_EXPECT_EQ(kt, got, ref_mprotect(first, n, prot));
}

/* Every page as the reference has it, and every invariant. */
static bool check_all(struct ktest_ctx *kt, int op)
{
	for (unsigned long i = 0; i < WIN_PAGES; i++) {
		unsigned long addr = page_addr(i);
		struct vm_area_struct *vma = find_vma(&test_mm, addr);
		bool mapped = vma && vma->vm_start <= addr;

		if (mapped != ref[i].mapped ||
		    (mapped && (vma->vm_flags != ref[i].flags ||
				vma->vm_file != file_ptr(ref[i].file) ||
				vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT) !=
				ref[i].pgoff))) {
			pr_err("vma ktest: op %d, page %#lx: expected %s flags %#lx pgoff %#lx\n",
			       op, addr, ref[i].mapped ? "mapped" : "unmapped",
			       ref[i].flags, ref[i].pgoff);
			return KT_EXPECT_TRUE(kt, false);
		}
	}
	return KT_EXPECT_EQ(kt, validate_mm(&test_mm), 0);
}

static unsigned long free_pages_drained(void)
{
	kmem_cache_shrink_all();
	drain_local_pages();
	return nr_free_pages();
}

KTEST(vma, random_ops_match_page_reference)
{
	void (*const ops[])(struct ktest_ctx *) = {
		op_map_fixed, op_map_fixed, op_map_found, op_split, op_unmap, op_mprotect,
	};
	unsigned long free_before = free_pages_drained();
	int op, max_count = 0;

	memset(&test_mm, 0, sizeof(test_mm));
	memset(ref, 0, sizeof(ref));
	test_files_init();
	rng_state = VMA_KTEST_SEED;
	for (op = 0; op < VMA_KTEST_OPS; op++) {
		ops[rnd(ARRAY_SIZE(ops))](kt);
		if (!check_all(kt, op))
			break;
		if (test_mm.map_count > max_count)
			max_count = test_mm.map_count;
	}
	pr_info("vma ktest: %d operations, up to %d VMAs, seed %#llx\n", op, max_count,
		(unsigned long long)VMA_KTEST_SEED);
	KT_EXPECT_GT(kt, max_count, 20);
	exit_mmap_vmas(&test_mm);
	for (unsigned int f = 1; f <= NR_TEST_FILES; f++) {
		KT_EXPECT_EQ(kt, test_files[f].f_count, 1);	/* every VMA's reference went */
		KT_EXPECT_TRUE(kt, list_empty(&test_inodes[f].i_data.i_mmap));
	}
	KT_EXPECT_EQ(kt, free_pages_drained(), free_before);
}

/* The VMAs really come from their own cache: many of them cost slab pages. */
KTEST(vma, vm_area_alloc_uses_the_slab_cache)
{
	enum { N = 512 };
	static struct vm_area_struct *vmas[N];
	unsigned long free_before = free_pages_drained();
	int i;

	for (i = 0; i < N; i++) {
		vmas[i] = vm_area_alloc(&test_mm);
		KT_ASSERT_TRUE(kt, vmas[i] != NULL);
		KT_EXPECT_TRUE(kt, vmas[i]->vm_mm == &test_mm && !vmas[i]->vm_file);
	}
	KT_EXPECT_LT(kt, free_pages_drained(), free_before);
	for (i = 0; i < N; i++)
		vm_area_free(vmas[i]);
	KT_EXPECT_EQ(kt, free_pages_drained(), free_before);
}
