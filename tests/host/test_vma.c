/*
 * tests/host/test_vma.c - the VMA set of mm/vma.c (include/mneme/vma.h)
 * against a reference model, under ASan/UBSan.
 *
 * The model is what a student would write first: a sorted array of
 * intervals [start, end) with flags, file and pgoff, changed by plain
 * loops (split an entry, delete entries, merge neighbours), and the free
 * area search as a scan of every gap in address order.  The rules it
 * applies are the ones vma.h documents (Linux's): merging joins touching
 * VMAs with equal flags and file, no VM_SPECIAL, and contiguous pgoff;
 * mmap of a free range merges with both neighbours; split and munmap
 * never merge; mprotect leaves a VMA whose flags do not change alone and
 * merges a changed piece with its neighbours; the gap search takes the
 * lowest (highest) gap that holds length + align_mask bytes inside
 * [low_limit, high_limit), counting the guard gap below a VM_GROWSDOWN
 * VMA as used.
 *
 * The random tests run VMA_RANDOM_OPS operations in each of two windows
 * of 4096 pages, one from address 0 and one ending at TASK_SIZE_MAX, and
 * VMA_CROWDED_OPS in a window of 8192 pages filled with short mappings
 * (about 3500 VMAs at the peak, a tree some 20 levels deep):
 * MAP_FIXED-style inserts at random addresses (munmap of what is there,
 * then mmap with merging), inserts at a free range found by
 * unmapped_area_topdown()/unmapped_area() with random lengths, limits and
 * alignments (the address must be the model's), splits, merges of
 * neighbours, munmap of random ranges across several VMAs (through
 * vma_detach_range(), whose list must be exactly the model's removed
 * pieces), mprotect of random ranges, and find_vma/find_vma_prev/
 * find_vma_intersection on random addresses.  After every operation the
 * whole list must equal the model entry by entry, validate_mm() must find
 * nothing, and exactly as many VMAs as the model holds may be allocated
 * (the host's vm_area_alloc() is malloc(), so ASan and LeakSanitizer
 * watch them too).  A failure prints the operation number; TEST_SEED=
 * with the seed printed at the top replays it.
 *
 * The fixed cases: an empty mm, a gap exactly the size asked, alignment
 * slack, the top-down search under high_limit and around a stack's guard
 * gap, addresses at 0 and at TASK_SIZE_MAX, the merge rules, open/close
 * hooks, the max_map_count limit, mprotect's errors, allocation failure
 * inside splits (host_vma_fail_at), and validate_mm() on a corrupted set.
 */
#include <stdlib.h>

#include "test.h"
#include "kernel_lib.h"
#include "kernel_shim.h"
#include <mneme/err.h>
#include <mneme/vma.h>

#define PS		PAGE_SIZE
#define WIN_PAGES	4096UL
#define VMA_RANDOM_OPS	60000	/* in each of two sparse windows */
#define VMA_CROWDED_OPS	20000	/* and in a crowded one: 140 000 in all */
#define NFILES		2
#define TEST_GUARD_GAP	(16 * PS)	/* stack_guard_gap for these tests */

static struct file *file_ptr(int f)
{
	return f ? host_file(f) : NULL;
}

static int file_number(const struct file *file)
{
	for (int f = 1; f <= NFILES; f++)
		if (file == host_file(f))
			return f;
	return 0;
}

/* ---- the model ---------------------------------------------------------- */

struct mvma {
	unsigned long start, end, flags, pgoff;
	int file;			/* 0: anonymous */
};

struct model {
	struct mvma *v;
	int n, cap;
};

static unsigned long mpages(const struct mvma *x)
{
	return (x->end - x->start) / PS;
}

static void model_insert(struct model *m, int i, struct mvma x)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 64;
		m->v = realloc(m->v, (size_t)m->cap * sizeof(*m->v));
	}
	memmove(&m->v[i + 1], &m->v[i], (size_t)(m->n - i) * sizeof(*m->v));
	m->v[i] = x;
	m->n++;
}

static void model_delete(struct model *m, int i)
{
	memmove(&m->v[i], &m->v[i + 1], (size_t)(m->n - i - 1) * sizeof(*m->v));
	m->n--;
}

/* The first entry ending above addr, or n. */
static int model_find(const struct model *m, unsigned long addr)
{
	int i = 0;

	while (i < m->n && m->v[i].end <= addr)
		i++;
	return i;
}

static bool model_can_join(const struct mvma *x, unsigned long flags, int file)
{
	return x->flags == flags && !(flags & VM_SPECIAL) && x->file == file;
}

static bool model_mergeable(const struct mvma *lo, const struct mvma *hi)
{
	return lo->end == hi->start && model_can_join(lo, hi->flags, hi->file) &&
	       lo->pgoff + mpages(lo) == hi->pgoff;
}

/* Entry i becomes [start, addr) and a new entry i + 1 [addr, end). */
static void model_split(struct model *m, int i, unsigned long addr)
{
	struct mvma upper = m->v[i];

	upper.pgoff += (addr - upper.start) / PS;
	upper.start = addr;
	m->v[i].end = addr;
	model_insert(m, i + 1, upper);
}

static int model_merge_adjacent(struct model *m, int i)
{
	if (i > 0 && model_mergeable(&m->v[i - 1], &m->v[i])) {
		m->v[i - 1].end = m->v[i].end;
		model_delete(m, i);
		i--;
	}
	if (i + 1 < m->n && model_mergeable(&m->v[i], &m->v[i + 1])) {
		m->v[i].end = m->v[i + 1].end;
		model_delete(m, i + 1);
	}
	return i;
}

/* munmap: what is cut out goes to removed (if not NULL), in order. */
static void model_remove_range(struct model *m, unsigned long start, unsigned long end,
			       struct model *removed)
{
	int i = model_find(m, start);

	if (i < m->n && m->v[i].start < start && m->v[i].end > start)
		model_split(m, i++, start);
	while (i < m->n && m->v[i].start < end) {
		if (m->v[i].end > end)
			model_split(m, i, end);
		if (removed)
			model_insert(removed, removed->n, m->v[i]);
		model_delete(m, i);
	}
}

/* mmap of a free range, merging as vma_merge() does. */
static void model_map(struct model *m, unsigned long start, unsigned long end,
		      unsigned long flags, int file, unsigned long pgoff)
{
	int i = model_find(m, start);
	bool join_prev = i > 0 && m->v[i - 1].end == start &&
			 model_can_join(&m->v[i - 1], flags, file) &&
			 m->v[i - 1].pgoff + mpages(&m->v[i - 1]) == pgoff;
	bool join_next = i < m->n && m->v[i].start == end &&
			 model_can_join(&m->v[i], flags, file) &&
			 m->v[i].pgoff == pgoff + (end - start) / PS;

	if (join_prev) {
		m->v[i - 1].end = end;
		if (join_next) {
			m->v[i - 1].end = m->v[i].end;
			model_delete(m, i);
		}
	} else if (join_next) {
		m->v[i].start = start;
		m->v[i].pgoff = pgoff;
	} else {
		struct mvma x = { start, end, flags, file ? pgoff : start / PS, file };

		model_insert(m, i, x);
	}
}

/* mprotect, as vma_mprotect_range() documents it. */
static int model_mprotect(struct model *m, unsigned long start, unsigned long end,
			  unsigned long prot)
{
	unsigned long nstart = start, tmp, newflags;
	int i = model_find(m, start);

	if (start >= end)
		return 0;
	if (i == m->n || m->v[i].start > start)
		return -ENOMEM;
	for (;;) {
		newflags = (m->v[i].flags & ~VM_ACCESS_FLAGS) | prot;
		if ((newflags & ~(newflags >> 4)) & VM_ACCESS_FLAGS)
			return -EACCES;
		tmp = m->v[i].end < end ? m->v[i].end : end;
		if (newflags != m->v[i].flags) {
			if (nstart > m->v[i].start)
				model_split(m, i++, nstart);
			if (tmp < m->v[i].end)
				model_split(m, i, tmp);
			m->v[i].flags = newflags;
			i = model_merge_adjacent(m, i);
		}
		nstart = tmp > m->v[i].end ? tmp : m->v[i].end;
		if (nstart >= end)
			return 0;
		if (++i == m->n || m->v[i].start != nstart)
			return -ENOMEM;
	}
}

static unsigned long model_start_gap(const struct mvma *x)
{
	if (!(x->flags & VM_GROWSDOWN))
		return x->start;
	return x->start > stack_guard_gap ? x->start - stack_guard_gap : 0;
}

/*
 * The free-area search as a scan: every gap, clipped to the limits, in
 * address order (reversed for top-down); the first that holds length +
 * align_mask bytes gives the lowest (highest) aligned address in it.
 */
static unsigned long model_unmapped_area(const struct model *m,
					 const struct vm_unmapped_area_info *info)
{
	bool topdown = info->flags & VM_UNMAPPED_AREA_TOPDOWN;
	unsigned long need = info->length + info->align_mask;

	for (int k = 0; k <= m->n; k++) {
		int i = topdown ? m->n - k : k;		/* gap below entry i; n: the top one */
		unsigned long gs = i ? m->v[i - 1].end : 0;
		unsigned long ge = i < m->n ? model_start_gap(&m->v[i]) : ~0UL;
		unsigned long lo = gs > info->low_limit ? gs : info->low_limit;
		unsigned long hi = ge < info->high_limit ? ge : info->high_limit;
		unsigned long a;

		if (hi <= lo || hi - lo < need)
			continue;
		if (topdown) {
			a = hi - info->length;
			return a - ((a - info->align_offset) & info->align_mask);
		}
		return lo + ((info->align_offset - lo) & info->align_mask);
	}
	return -ENOMEM;
}

/* ---- the kernel side ---------------------------------------------------- */

static void mm_init_empty(struct mm_struct *mm)
{
	memset(mm, 0, sizeof(*mm));
	mm->mm_rb = RB_ROOT;
}

static struct vm_area_struct *new_vma(struct mm_struct *mm, unsigned long start,
				      unsigned long end, unsigned long flags, int file,
				      unsigned long pgoff)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);

	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_flags = flags;
	vma->vm_file = get_file(file_ptr(file));	/* as do_mmap() takes one */
	vma->vm_pgoff = pgoff;
	return vma;
}

/* mmap of a free range: vma_merge(), else a new VMA. */
static int kernel_map(struct mm_struct *mm, unsigned long start, unsigned long end,
		      unsigned long flags, int file, unsigned long pgoff)
{
	struct vm_area_struct *prev, *vma;

	find_vma_prev(mm, start, &prev);
	if (vma_merge(mm, prev, start, end, flags, NULL, file_ptr(file), pgoff))
		return 0;
	vma = new_vma(mm, start, end, flags, file, pgoff);
	if (insert_vm_struct(mm, vma)) {
		fput(vma->vm_file);
		vm_area_free(vma);
		return -ENOMEM;
	}
	return 0;
}

/* Each VMA of a file holds one reference on it: splits take one, merges and removal drop one. */
static void check_file_refs(const struct model *m)
{
	for (int f = 1; f <= NFILES; f++) {
		int vmas = 0;

		for (int i = 0; i < m->n; i++)
			vmas += m->v[i].file == f;
		if (host_file_refs(f) != vmas)
			TEST_FAIL("file %d: %d references held by VMAs, expected %d (its VMAs)",
				  f, host_file_refs(f), vmas);
	}
}

static bool vma_equals(const struct vm_area_struct *vma, const struct mvma *x)
{
	return vma->vm_start == x->start && vma->vm_end == x->end &&
	       vma->vm_flags == x->flags && vma->vm_pgoff == x->pgoff &&
	       vma->vm_file == file_ptr(x->file);
}

static void show_mismatch(long op, const char *what, int i,
			  const struct vm_area_struct *vma, const struct mvma *x)
{
	char got[96] = "none", want[96] = "none";

	if (vma)
		snprintf(got, sizeof(got), "[%#lx, %#lx) flags %#lx pgoff %#lx file %d",
			 vma->vm_start, vma->vm_end, vma->vm_flags, vma->vm_pgoff,
			 file_number(vma->vm_file));
	if (x)
		snprintf(want, sizeof(want), "[%#lx, %#lx) flags %#lx pgoff %#lx file %d",
			 x->start, x->end, x->flags, x->pgoff, x->file);
	TEST_FAIL("op %ld (%s), seed %llu: VMA %d: expected %s, got %s", op, what,
		  (unsigned long long)test_seed(), i, want, got);
}

/* The whole set against the model, the invariants, the allocations. */
static void check_state(struct mm_struct *mm, const struct model *m, long op,
			const char *what)
{
	struct vm_area_struct *vma = mm->mmap;
	int i, bugs;

	for (i = 0; i < m->n; i++, vma = vma->vm_next) {
		if (!vma || !vma_equals(vma, &m->v[i])) {
			show_mismatch(op, what, i, vma, &m->v[i]);
			return;
		}
	}
	if (vma) {
		show_mismatch(op, what, i, vma, NULL);
		return;
	}
	host_printk_reset();
	bugs = validate_mm(mm);
	if (bugs) {
		TEST_FAIL("op %ld (%s): validate_mm found %d problems", op, what, bugs);
		TEST_NOTE_STR("printk", host_printk_buffer());
	}
	EXPECT_EQ(mm->map_count, m->n);
	EXPECT_EQ(host_vma_live, m->n);
	check_file_refs(m);
}

/* ---- the random operations ---------------------------------------------- */

struct window {
	unsigned long lo, hi;		/* [lo, hi): where the VMAs live */
	bool crowded;			/* short maps, rare unmaps: thousands of VMAs */
	long ops;
};

enum op_kind {
	OP_MAP_FIXED, OP_MAP_FOUND, OP_SPLIT, OP_MERGE, OP_UNMAP, OP_MPROTECT,
	OP_FIND, NR_OPS
};

static const char *const op_names[NR_OPS] = {
	"map_fixed", "map_found", "split", "merge", "unmap", "mprotect", "find",
};

static unsigned long random_page(const struct window *w)
{
	return w->lo + test_rand_below((w->hi - w->lo) / PS) * PS;
}

/* [start, end) of 1..max_pages pages inside the window. */
static void random_range(const struct window *w, unsigned long max_pages,
			 unsigned long *start, unsigned long *end)
{
	unsigned long len = (1 + test_rand_below(max_pages)) * PS;

	*start = random_page(w);
	*end = *start + len > w->hi || *start + len < *start ? w->hi : *start + len;
}

/* Mostly a few compatible kinds, so merges happen; sometimes a special one. */
static unsigned long random_flags(void)
{
	static const unsigned long access[] = {
		VM_READ, VM_READ | VM_WRITE, VM_READ | VM_EXEC,
	};
	unsigned long flags = access[test_rand_below(ARRAY_SIZE(access))] |
			      VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;

	if (test_rand_chance(5))
		flags |= VM_GROWSDOWN;
	if (test_rand_chance(3))
		flags |= VM_IO;			/* never merges */
	if (test_rand_chance(5))
		flags &= ~(VM_MAYWRITE | VM_WRITE);	/* mprotect(PROT_WRITE): EACCES */
	return flags;
}

/* Files are mostly mapped "linearly", so neighbours are often contiguous. */
static void random_backing(unsigned long start, int *file, unsigned long *pgoff)
{
	*file = test_rand_chance(60) ? 0 : 1 + (int)test_rand_below(NFILES);
	if (!*file)
		*pgoff = start / PS;
	else if (test_rand_chance(80))
		*pgoff = start / PS + (unsigned long)*file * 100000;
	else
		*pgoff = test_rand_below(1000);
}

static void op_map_fixed(struct mm_struct *mm, struct model *m, const struct window *w)
{
	unsigned long start, end, flags = random_flags(), pgoff;
	int file;

	random_range(w, w->crowded ? 4 : 32, &start, &end);
	random_backing(start, &file, &pgoff);
	EXPECT_EQ(vma_remove_range(mm, start, end), 0);
	model_remove_range(m, start, end, NULL);
	EXPECT_EQ(kernel_map(mm, start, end, flags, file, pgoff), 0);
	model_map(m, start, end, flags, file, pgoff);
}

static void random_request(const struct window *w, struct vm_unmapped_area_info *info)
{
	unsigned long k;

	info->flags = test_rand_chance(70) ? VM_UNMAPPED_AREA_TOPDOWN : 0;
	info->length = (1 + test_rand_below(test_rand_chance(5) ? WIN_PAGES :
					    w->crowded ? 4 : 48)) * PS;
	info->low_limit = test_rand_chance(50) ? w->lo : random_page(w);
	info->high_limit = test_rand_chance(50) ? w->hi : random_page(w) + PS;
	k = test_rand_chance(60) ? 0 : 1 + test_rand_below(5);
	info->align_mask = ((1UL << k) - 1) * PS;
	info->align_offset = test_rand_below(64) * PS;
}

static long searches_found;	/* op_map_found()s that found a range */

static void op_map_found(struct mm_struct *mm, struct model *m, const struct window *w,
			 long op)
{
	struct vm_unmapped_area_info info;
	unsigned long want, got, flags = random_flags(), pgoff;
	int file;

	random_request(w, &info);
	want = model_unmapped_area(m, &info);
	got = vm_unmapped_area(mm, &info);
	if (got != want) {
		TEST_FAIL("op %ld, seed %llu: %s search for %#lx bytes in [%#lx, %#lx) "
			  "mask %#lx offset %#lx: expected %#lx, got %#lx", op,
			  (unsigned long long)test_seed(),
			  info.flags ? "top-down" : "bottom-up", info.length,
			  info.low_limit, info.high_limit, info.align_mask,
			  info.align_offset, want, got);
		return;
	}
	if (IS_ERR_VALUE(got))
		return;
	searches_found++;
	random_backing(got, &file, &pgoff);
	EXPECT_EQ(kernel_map(mm, got, got + info.length, flags, file, pgoff), 0);
	model_map(m, got, got + info.length, flags, file, pgoff);
}

static void op_split(struct mm_struct *mm, struct model *m)
{
	int i = (int)test_rand_below((uint64_t)m->n);
	struct vm_area_struct *vma = find_vma(mm, m->v[i].start);
	unsigned long pages = mpages(&m->v[i]), addr;
	int new_below = test_rand_chance(50);

	if (pages < 2)
		return;
	addr = m->v[i].start + (1 + test_rand_below(pages - 1)) * PS;
	EXPECT_EQ(split_vma(mm, vma, addr, new_below), 0);
	model_split(m, i, addr);
}

static void op_merge(struct mm_struct *mm, struct model *m)
{
	int i = (int)test_rand_below((uint64_t)m->n);
	struct vm_area_struct *vma = find_vma(mm, m->v[i].start);

	i = model_merge_adjacent(m, i);
	vma = vma_merge_adjacent(mm, vma);
	EXPECT_EQ(vma->vm_start, m->v[i].start);
}

/* munmap through vma_detach_range(): the list handed back must be the model's. */
static void op_unmap(struct mm_struct *mm, struct model *m, const struct window *w,
		     long op)
{
	struct model removed = { 0 };
	struct vm_area_struct *list, *vma;
	unsigned long start, end;
	int i;

	random_range(w, w->crowded ? 16 : test_rand_chance(10) ? WIN_PAGES : 200,
		     &start, &end);
	EXPECT_EQ(vma_detach_range(mm, start, end, &list), 0);
	model_remove_range(m, start, end, &removed);
	for (i = 0, vma = list; i < removed.n; i++, vma = vma->vm_next) {
		if (!vma || !vma_equals(vma, &removed.v[i])) {
			show_mismatch(op, "detached list", i, vma, &removed.v[i]);
			break;
		}
	}
	if (i == removed.n && vma)
		show_mismatch(op, "detached list", i, vma, NULL);
	EXPECT_EQ(host_vma_live, m->n + removed.n);
	remove_vma_list(list);
	free(removed.v);
}

static void op_mprotect(struct mm_struct *mm, struct model *m, const struct window *w)
{
	unsigned long start, end, prot = test_rand_below(8);	/* VM_READ|WRITE|EXEC */

	random_range(w, 100, &start, &end);
	if (test_rand_chance(60) && m->n) {	/* start where a VMA starts */
		start = m->v[test_rand_below((uint64_t)m->n)].start;
		end = start + (1 + test_rand_below(100)) * PS;
		if (end > w->hi)
			end = w->hi;
	}
	EXPECT_EQ(vma_mprotect_range(mm, start, end, prot), model_mprotect(m, start, end, prot));
}

static void op_find(struct mm_struct *mm, struct model *m, const struct window *w, long op)
{
	unsigned long addr = random_page(w) + test_rand_below(PS), end;
	struct vm_area_struct *vma, *prev;
	int i = model_find(m, addr);

	vma = find_vma_prev(mm, addr, &prev);
	if (i < m->n ? !vma || !vma_equals(vma, &m->v[i]) : vma != NULL)
		show_mismatch(op, "find_vma", i, vma, i < m->n ? &m->v[i] : NULL);
	if (i > 0 ? !prev || !vma_equals(prev, &m->v[i - 1]) : prev != NULL)
		show_mismatch(op, "find_vma_prev", i - 1, prev, i > 0 ? &m->v[i - 1] : NULL);
	EXPECT_PTR_EQ(find_vma(mm, addr), vma);
	end = addr + (1 + test_rand_below(16)) * PS;
	vma = find_vma_intersection(mm, addr, end);
	if (i < m->n && m->v[i].start < end)
		EXPECT_TRUE(vma && vma_equals(vma, &m->v[i]));
	else
		EXPECT_PTR_EQ(vma, NULL);
}

static enum op_kind random_op(const struct model *m, const struct window *w)
{
	static const unsigned spread[NR_OPS] = { 20, 15, 12, 8, 12, 18, 15 };
	static const unsigned crowded[NR_OPS] = { 30, 30, 8, 5, 3, 12, 12 };
	const unsigned *weight = w->crowded ? crowded : spread;
	unsigned total = 0, r;
	int k;

	for (k = 0; k < NR_OPS; k++)
		total += weight[k];
	r = (unsigned)test_rand_below(total);
	for (k = 0; r >= weight[k]; k++)
		r -= weight[k];
	if (!m->n && (k == OP_SPLIT || k == OP_MERGE))
		k = OP_MAP_FIXED;
	return (enum op_kind)k;
}

static void random_ops(const struct window *w)
{
	struct mm_struct mm;
	struct model m = { 0 };
	long counts[NR_OPS] = { 0 }, op, max_vmas = 0;

	mm_init_empty(&mm);
	stack_guard_gap = TEST_GUARD_GAP;
	for (op = 0; op < w->ops && !test_failed(); op++) {
		enum op_kind k = random_op(&m, w);

		counts[k]++;
		switch (k) {
		case OP_MAP_FIXED: op_map_fixed(&mm, &m, w); break;
		case OP_MAP_FOUND: op_map_found(&mm, &m, w, op); break;
		case OP_SPLIT: op_split(&mm, &m); break;
		case OP_MERGE: op_merge(&mm, &m); break;
		case OP_UNMAP: op_unmap(&mm, &m, w, op); break;
		case OP_MPROTECT: op_mprotect(&mm, &m, w); break;
		case OP_FIND: op_find(&mm, &m, w, op); break;
		case NR_OPS: break;
		}
		check_state(&mm, &m, op, op_names[k]);
		if (m.n > max_vmas)
			max_vmas = m.n;
	}
	printf("  vma window [%#lx, %#lx): %ld ops, at most %ld VMAs:", w->lo, w->hi, op,
	       max_vmas);
	for (int k = 0; k < NR_OPS; k++)
		printf(" %s %ld", op_names[k], counts[k]);
	printf(" (%ld searches found a range)\n", searches_found);
	exit_mmap_vmas(&mm);
	EXPECT_EQ(host_vma_live, 0);
	free(m.v);
}

TEST(random_ops_match_model_near_zero)
{
	struct window w = { 0, WIN_PAGES * PS, false, VMA_RANDOM_OPS };

	random_ops(&w);
}

TEST(random_ops_match_model_near_task_size)
{
	struct window w = {
		TASK_SIZE_MAX - WIN_PAGES * PS, TASK_SIZE_MAX, false, VMA_RANDOM_OPS,
	};

	random_ops(&w);
}

/* A deeper tree: 8 Ki pages of short mappings, thousands of VMAs. */
TEST(random_ops_match_model_with_thousands_of_vmas)
{
	struct window w = { 1UL << 30, (1UL << 30) + 2 * WIN_PAGES * PS, true,
			    VMA_CROWDED_OPS };

	random_ops(&w);
}

/* ---- fixed cases -------------------------------------------------------- */

/* An mm holding the given VMAs ([start, end) in pages, flags), via kernel_map(). */
struct fixed {
	unsigned long start_pg, end_pg, flags;
};

#define RW	(VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)
#define RO	(VM_READ | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)

static void build(struct mm_struct *mm, const struct fixed *f, int n)
{
	mm_init_empty(mm);
	for (int i = 0; i < n; i++)
		kernel_map(mm, f[i].start_pg * PS, f[i].end_pg * PS, f[i].flags, 0,
			   f[i].start_pg);
	EXPECT_EQ(validate_mm(mm), 0);
}

static unsigned long search(struct mm_struct *mm, bool topdown, unsigned long len_pg,
			    unsigned long low, unsigned long high, unsigned long mask)
{
	struct vm_unmapped_area_info info = {
		.flags = topdown ? VM_UNMAPPED_AREA_TOPDOWN : 0, .length = len_pg * PS,
		.low_limit = low, .high_limit = high, .align_mask = mask,
	};

	return vm_unmapped_area(mm, &info);
}

TEST(empty_mm)
{
	struct mm_struct mm;
	struct vm_area_struct *prev = (void *)1;

	mm_init_empty(&mm);
	EXPECT_PTR_EQ(find_vma(&mm, 0), NULL);
	EXPECT_PTR_EQ(find_vma_prev(&mm, 0x1000, &prev), NULL);
	EXPECT_PTR_EQ(prev, NULL);
	EXPECT_PTR_EQ(find_vma_intersection(&mm, 0, TASK_SIZE_MAX), NULL);
	EXPECT_EQ(search(&mm, false, 4, 0x10000, TASK_SIZE_MAX, 0), 0x10000);
	EXPECT_EQ(search(&mm, true, 4, 0x10000, TASK_SIZE_MAX, 0), TASK_SIZE_MAX - 4 * PS);
	EXPECT_EQ(vma_remove_range(&mm, 0, TASK_SIZE_MAX), 0);
	EXPECT_EQ(vma_mprotect_range(&mm, 0x10000, 0x20000, VM_READ), -ENOMEM);
	EXPECT_EQ(validate_mm(&mm), 0);
}

/* Gaps of 4 and 1 pages between [16,17) [21,22) [23,24): 4 fits exactly, 5 nowhere inside. */
TEST(gap_exactly_the_size_asked)
{
	static const struct fixed f[] = { { 16, 17, RW }, { 21, 22, RO }, { 23, 24, RW } };
	struct mm_struct mm;

	build(&mm, f, 3);
	EXPECT_EQ(search(&mm, false, 4, 17 * PS, 23 * PS, 0), 17 * PS);
	EXPECT_EQ(search(&mm, true, 4, 17 * PS, 23 * PS, 0), 17 * PS);
	EXPECT_EQ(search(&mm, true, 1, 17 * PS, 23 * PS, 0), 22 * PS);
	EXPECT_EQ((long)search(&mm, false, 5, 17 * PS, 23 * PS, 0), -ENOMEM);
	EXPECT_EQ((long)search(&mm, true, 5, 17 * PS, 23 * PS, 0), -ENOMEM);
	/* above the last VMA there is room */
	EXPECT_EQ(search(&mm, false, 5, 17 * PS, 40 * PS, 0), 24 * PS);
	exit_mmap_vmas(&mm);
}

/*
 * Alignment to 2 pages in the 4-page gap [17, 21): the slack is reserved
 * first (Linux's rule), so 2 pages fit at 18 either way, and 4 pages do
 * not fit there even though [17, 21) is 4 pages: 4 + 1 slack > 4.
 */
TEST(alignment_reserves_the_slack_as_in_linux)
{
	static const struct fixed f[] = { { 16, 17, RW }, { 21, 22, RO } };
	struct mm_struct mm;

	build(&mm, f, 2);
	EXPECT_EQ(search(&mm, false, 2, 17 * PS, 21 * PS, PS), 18 * PS);
	EXPECT_EQ(search(&mm, true, 2, 17 * PS, 21 * PS, PS), 18 * PS);
	EXPECT_EQ((long)search(&mm, false, 4, 17 * PS, 21 * PS, PS), -ENOMEM);
	/* 64 KiB alignment from 0: the first 16-page boundary with room */
	EXPECT_EQ(search(&mm, false, 1, 0, 1000 * PS, 15 * PS), 0);
	EXPECT_EQ(search(&mm, false, 1, PS, 1000 * PS, 15 * PS), 32 * PS);
	exit_mmap_vmas(&mm);
}

/* Top-down: the highest fit below high_limit, never past it. */
TEST(topdown_honours_high_limit)
{
	static const struct fixed f[] = { { 100, 110, RW }, { 120, 130, RW } };
	struct mm_struct mm;

	build(&mm, f, 2);
	EXPECT_EQ(search(&mm, true, 4, 0, 1000 * PS, 0), 996 * PS);
	EXPECT_EQ(search(&mm, true, 4, 0, 125 * PS, 0), 116 * PS);
	EXPECT_EQ(search(&mm, true, 10, 0, 125 * PS, 0), 110 * PS);
	EXPECT_EQ(search(&mm, true, 11, 0, 125 * PS, 0), 89 * PS);
	EXPECT_EQ(search(&mm, true, 4, 0, 113 * PS, 0), 96 * PS);	/* [110, 113) is 3 */
	EXPECT_EQ((long)search(&mm, true, 4, 101 * PS, 113 * PS, 0), -ENOMEM);
	exit_mmap_vmas(&mm);
}

/* The guard gap below a stack is not free: a search must stay below it. */
TEST(topdown_keeps_the_stack_guard_gap)
{
	static const struct fixed f[] = {
		{ 100, 110, RW }, { 140, 150, RW | VM_GROWSDOWN },
	};
	struct mm_struct mm;

	stack_guard_gap = TEST_GUARD_GAP;	/* 16 pages: [124, 140) is guard */
	build(&mm, f, 2);
	EXPECT_EQ(search(&mm, true, 8, 0, 140 * PS, 0), 116 * PS);
	EXPECT_EQ(search(&mm, true, 14, 0, 140 * PS, 0), 110 * PS);
	EXPECT_EQ(search(&mm, true, 15, 0, 140 * PS, 0), 85 * PS);
	EXPECT_EQ(search(&mm, false, 15, 110 * PS, 1000 * PS, 0), 150 * PS);
	/* a stack whose guard would reach below 0 */
	exit_mmap_vmas(&mm);
	build(&mm, (const struct fixed[]){ { 4, 8, RW | VM_GROWSDOWN } }, 1);
	EXPECT_EQ(search(&mm, false, 1, 0, 1000 * PS, 0), 8 * PS);
	exit_mmap_vmas(&mm);
}

TEST(addresses_near_zero_and_task_size)
{
	struct mm_struct mm;
	unsigned long top = TASK_SIZE_MAX;
	struct fixed f[] = {
		{ 0, 1, RW }, { 2, 3, RW }, { top / PS - 2, top / PS, RW },
	};

	build(&mm, f, 3);
	EXPECT_EQ(find_vma(&mm, 0)->vm_start, 0);
	EXPECT_EQ(find_vma(&mm, PS)->vm_start, 2 * PS);
	EXPECT_EQ(search(&mm, false, 1, 0, top, 0), PS);
	EXPECT_EQ(search(&mm, true, 1, 0, 2 * PS, 0), PS);
	EXPECT_EQ(find_vma(&mm, top - 1)->vm_end, top);
	EXPECT_PTR_EQ(find_vma(&mm, top), NULL);
	EXPECT_EQ(search(&mm, true, 1, 0, top, 0), top - 3 * PS);
	EXPECT_EQ((long)search(&mm, true, 1, top - 2 * PS, top, 0), -ENOMEM);
	EXPECT_EQ((long)search(&mm, false, 1, 0, PS, 0), -ENOMEM);
	EXPECT_EQ(mm.highest_vm_end, top);
	exit_mmap_vmas(&mm);
	EXPECT_EQ(host_vma_live, 0);
}

/* mmap between two compatible neighbours joins all three; other cases do not. */
TEST(merge_rules)
{
	static const struct fixed f[] = { { 10, 20, RW }, { 30, 40, RW }, { 50, 60, RO } };
	struct mm_struct mm;

	build(&mm, f, 3);
	EXPECT_EQ(mm.map_count, 3);
	EXPECT_EQ(kernel_map(&mm, 20 * PS, 30 * PS, RW, 0, 20), 0);
	EXPECT_EQ(mm.map_count, 2);
	EXPECT_EQ(find_vma(&mm, 0)->vm_end, 40 * PS);
	/* different flags: no merge */
	EXPECT_EQ(kernel_map(&mm, 40 * PS, 50 * PS, RW | VM_EXEC, 0, 40), 0);
	EXPECT_EQ(mm.map_count, 3);
	/* a file with a pgoff that does not continue its neighbour's */
	EXPECT_EQ(kernel_map(&mm, 60 * PS, 61 * PS, RO, 1, 7), 0);
	EXPECT_EQ(kernel_map(&mm, 61 * PS, 62 * PS, RO, 1, 9), 0);
	EXPECT_EQ(mm.map_count, 5);
	EXPECT_EQ(kernel_map(&mm, 62 * PS, 63 * PS, RO, 1, 10), 0);	/* continues 9 */
	EXPECT_EQ(mm.map_count, 5);
	/* VM_SPECIAL never merges */
	EXPECT_EQ(kernel_map(&mm, 63 * PS, 64 * PS, RO | VM_IO, 1, 11), 0);
	EXPECT_EQ(kernel_map(&mm, 64 * PS, 65 * PS, RO | VM_IO, 1, 12), 0);
	EXPECT_EQ(mm.map_count, 7);
	EXPECT_EQ(validate_mm(&mm), 0);
	exit_mmap_vmas(&mm);
}

static int opens, closes;
static void count_open(struct vm_area_struct *vma) { (void)vma; opens++; }
static void count_close(struct vm_area_struct *vma) { (void)vma; closes++; }
static const struct vm_operations_struct counting_ops = {
	.open = count_open, .close = count_close,
};

/* A split calls open() for the new half; a VMA with close() never merges. */
TEST(split_opens_and_close_blocks_merge)
{
	struct mm_struct mm;
	struct vm_area_struct *vma;

	mm_init_empty(&mm);
	vma = new_vma(&mm, 10 * PS, 20 * PS, RW, 1, 0);
	vma->vm_ops = &counting_ops;
	ASSERT_EQ(insert_vm_struct(&mm, vma), 0);
	EXPECT_EQ(split_vma(&mm, vma, 15 * PS, 0), 0);
	EXPECT_EQ(opens, 1);
	EXPECT_EQ(host_file_refs(1), 2);	/* each half holds the file */
	EXPECT_EQ(host_file_mapcount(1), 2);	/* and is on its i_mmap list */
	EXPECT_EQ(vma->vm_end, 15 * PS);
	EXPECT_EQ(vma->vm_next->vm_pgoff, 5);
	EXPECT_PTR_EQ(vma_merge_adjacent(&mm, vma), vma);
	EXPECT_EQ(mm.map_count, 2);
	EXPECT_EQ(vma_remove_range(&mm, 0, 30 * PS), 0);
	EXPECT_EQ(closes, 2);
	EXPECT_EQ(mm.map_count, 0);
	EXPECT_EQ(host_vma_live, 0);
	EXPECT_EQ(host_file_refs(1), 0);
	EXPECT_EQ(host_file_mapcount(1), 0);
	/* addresses not strictly inside */
	vma = new_vma(&mm, 10 * PS, 20 * PS, RW, 0, 0);
	ASSERT_EQ(insert_vm_struct(&mm, vma), 0);
	EXPECT_EQ(split_vma(&mm, vma, 10 * PS, 0), -EINVAL);
	EXPECT_EQ(split_vma(&mm, vma, 20 * PS, 1), -EINVAL);
	EXPECT_EQ(split_vma(&mm, vma, 15 * PS + 1, 1), -EINVAL);
	/* overlapping insert is refused */
	vma = new_vma(&mm, 19 * PS, 21 * PS, RW, 0, 0);
	EXPECT_EQ(insert_vm_struct(&mm, vma), -ENOMEM);
	vm_area_free(vma);
	exit_mmap_vmas(&mm);
}

/* split_vma() and a munmap that splits in three stop at sysctl_max_map_count. */
TEST(max_map_count_limits_splits)
{
	static const struct fixed f[] = { { 10, 20, RW }, { 30, 40, RO } };
	struct mm_struct mm;

	build(&mm, f, 2);
	sysctl_max_map_count = 2;
	EXPECT_EQ(split_vma(&mm, mm.mmap, 15 * PS, 0), -ENOMEM);
	EXPECT_EQ(vma_remove_range(&mm, 12 * PS, 14 * PS), -ENOMEM);
	EXPECT_EQ(mm.map_count, 2);
	/* cutting off an end needs no new VMA beyond the limit check */
	EXPECT_EQ(vma_remove_range(&mm, 15 * PS, 20 * PS), 0);
	EXPECT_EQ(mm.mmap->vm_end, 15 * PS);
	sysctl_max_map_count = DEFAULT_MAX_MAP_COUNT;
	EXPECT_EQ(validate_mm(&mm), 0);
	exit_mmap_vmas(&mm);
}

/* mprotect: EACCES without VM_MAYWRITE; ENOMEM at a hole, the part before it changed. */
TEST(mprotect_errors_as_linux)
{
	static const struct fixed f[] = {
		{ 10, 20, RW }, { 20, 30, VM_READ | VM_MAYREAD }, { 40, 50, RW },
	};
	struct mm_struct mm;

	build(&mm, f, 3);
	EXPECT_EQ(vma_mprotect_range(&mm, 20 * PS, 25 * PS, VM_READ | VM_WRITE), -EACCES);
	EXPECT_EQ(vma_mprotect_range(&mm, 15 * PS, 25 * PS, VM_READ), 0);
	EXPECT_EQ(find_vma(&mm, 15 * PS)->vm_flags, RO);
	EXPECT_EQ(vma_mprotect_range(&mm, 40 * PS, 60 * PS, VM_READ), -ENOMEM);
	EXPECT_EQ(find_vma(&mm, 40 * PS)->vm_flags, RO);	/* changed before the hole */
	EXPECT_EQ(vma_mprotect_range(&mm, 30 * PS, 40 * PS, VM_READ), -ENOMEM);
	/* back to RW over [10, 15): merges with nothing, [15, 20) stays RO */
	EXPECT_EQ(vma_mprotect_range(&mm, 10 * PS, 20 * PS, VM_READ | VM_WRITE), 0);
	EXPECT_EQ(find_vma(&mm, 10 * PS)->vm_end, 20 * PS);
	EXPECT_EQ(mm.map_count, 3);
	EXPECT_EQ(validate_mm(&mm), 0);
	exit_mmap_vmas(&mm);
}

/*
 * A split that cannot get memory: -ENOMEM, and the set is still whole.
 * munmap of a middle part splits twice: when the second split fails the
 * first stays (as in Linux), which maps the same pages as before.
 */
TEST(allocation_failure_in_a_split_leaves_a_valid_set)
{
	static const struct fixed f[] = { { 10, 30, RW } };
	struct mm_struct mm;
	struct vm_area_struct *vma;

	build(&mm, f, 1);
	host_vma_fail_at = 1;
	EXPECT_EQ(vma_remove_range(&mm, 15 * PS, 20 * PS), -ENOMEM);
	EXPECT_EQ(mm.map_count, 1);
	EXPECT_EQ(mm.mmap->vm_end, 30 * PS);
	host_vma_fail_at = 2;
	EXPECT_EQ(vma_remove_range(&mm, 15 * PS, 20 * PS), -ENOMEM);
	EXPECT_EQ(mm.map_count, 2);
	EXPECT_EQ(mm.mmap->vm_end, 15 * PS);
	EXPECT_EQ(mm.mmap->vm_next->vm_end, 30 * PS);
	EXPECT_EQ(mm.mmap->vm_next->vm_pgoff, 15);
	host_vma_fail_at = 1;
	EXPECT_EQ(vma_mprotect_range(&mm, 12 * PS, 14 * PS, VM_READ), -ENOMEM);
	EXPECT_EQ(find_vma(&mm, 12 * PS)->vm_flags, RW);
	vma = find_vma(&mm, 20 * PS);
	host_vma_fail_at = 1;
	EXPECT_EQ(split_vma(&mm, vma, 20 * PS, 0), -ENOMEM);
	EXPECT_EQ(host_vma_fail_at, 0);
	EXPECT_EQ(validate_mm(&mm), 0);
	EXPECT_EQ(host_vma_live, 2);
	/* and with memory again, all of it works */
	EXPECT_EQ(vma_remove_range(&mm, 15 * PS, 20 * PS), 0);
	EXPECT_EQ(vma_mprotect_range(&mm, 12 * PS, 14 * PS, VM_READ), 0);
	EXPECT_EQ(mm.map_count, 4);
	EXPECT_EQ(validate_mm(&mm), 0);
	exit_mmap_vmas(&mm);
	EXPECT_EQ(host_vma_live, 0);
}

/* validate_mm() itself notices a broken gap, order and count. */
TEST(validate_mm_catches_corruption)
{
	static const struct fixed f[] = { { 10, 20, RW }, { 30, 40, RO }, { 50, 60, RW } };
	struct mm_struct mm;

	build(&mm, f, 3);
	host_printk_reset();
	mm.mmap->vm_next->rb_subtree_gap += PS;
	EXPECT_TRUE(validate_mm(&mm) > 0);
	EXPECT_TRUE(host_printk_contains("rb_subtree_gap"));
	mm.mmap->vm_next->rb_subtree_gap -= PS;
	mm.map_count++;
	EXPECT_TRUE(validate_mm(&mm) > 0);
	mm.map_count--;
	mm.mmap->vm_end = 35 * PS;		/* overlaps the next */
	EXPECT_TRUE(validate_mm(&mm) > 0);
	mm.mmap->vm_end = 20 * PS;
	EXPECT_EQ(validate_mm(&mm), 0);
	exit_mmap_vmas(&mm);
}
