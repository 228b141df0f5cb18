/*
 * tests/host/test_vmalloc.c - mm/vmalloc.c and the kernel page-table
 * walkers of mm/memory.c, on the real buddy allocator and SLUB over the
 * shim's fake RAM.
 *
 * vmalloc_boot() sets up the same small machine as test_slub.c (mem_map,
 * two zones, everything but pfn 0 freed to the buddy, then SLUB), clears
 * the host's init_top_pgt and calls vmalloc_init(), which gives the
 * vmalloc area's 64 PGD entries their PUD tables.
 *
 * The vmalloc area cannot be dereferenced on the host: every check reads
 * the page tables (walk_to_pte() below, or vmalloc_to_page()) and reaches
 * the memory through page_address() of the page found, which is fake RAM.
 *
 * The randomised test runs 1,000,000 vmalloc / vzalloc / vmap / aligned
 * and windowed __vmalloc_node_range / vfree / vunmap operations against a
 * reference model: the live areas sorted by address, each with its pages.
 * After each allocation the area must be exactly the model's first fit
 * (lowest gap that holds the area and its guard page), and every page
 * must be mapped, in order, with PAGE_KERNEL; after each free no pte may
 * remain and the TLB flush must cover the range.  Periodically a scan of
 * every table under the vmalloc area must find exactly the model's ptes
 * and exactly the pmd and pte tables the live areas need: a table left
 * empty must have been freed.  The windows near a 1 GiB and a 512 GiB
 * boundary make areas that straddle a pmd table and a PUD table.
 *
 * The fixed cases: the API's edges (0 bytes, NULL, bad frees, the wrong
 * free for the kind, too big, 16 TiB), lookups, vmallocinfo, alignment,
 * failure injection at every page allocation of a vmalloc, and
 * apply_to_page_range / apply_to_existing_page_range /
 * free_empty_kernel_tables across 2 MiB, 1 GiB and 512 GiB boundaries.
 */
#include <stdint.h>
#include <stdlib.h>

#include "test.h"
#include "kernel_lib.h"
#include "kernel_shim.h"
#include "slub_boot.h"
#include <mneme/irqflags.h>
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/pgtable.h>
#include <mneme/slab.h>
#include <mneme/tlbflush.h>
#include <mneme/vmalloc.h>

/* ---- the fake machine ------------------------------------------------- */

#define FAKE_MAX_PFN	(HOST_FAKE_RAM_SIZE / PAGE_SIZE)

/* vmalloc_init() gives every PGD entry of the area a PUD table. */
#define NR_VMALLOC_PUD_TABLES	(VMALLOC_SIZE / PGDIR_SIZE)

/* What a vmalloc() pte must hold besides the frame (PAGE_KERNEL, NX CPU). */
#define VMALLOC_PTE_FLAGS						\
	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY |	\
	 _PAGE_GLOBAL | _PAGE_NX)

static unsigned long boot_free_pages;	/* with the boot slabs counted free */

static unsigned long free_pages_now(void)
{
	drain_local_pages();
	return nr_free_pages();
}

/*
 * test_slub.c's machine (slub_boot.h), then an empty kernel PGD and
 * vmalloc_init().  boot_free_pages counts the slab pages
 * kmem_cache_init() took as free, so unaccounted_pages() balances.
 */
static void vmalloc_boot(void)
{
	struct slab_totals t;

	slub_boot();
	get_slab_totals(&t);
	boot_free_pages = free_pages_now() + t.slab_pages + t.large_kmalloc_pages;
	memset(init_top_pgt, 0, sizeof(init_top_pgt));
	init_mm.nr_pgtables = 0;
	nr_page_table_pages = 0;
	vmalloc_init();
	nr_tlb_flush_one = nr_tlb_flush_all = 0;
}

/*
 * Pages neither free nor accounted to slab, large kmalloc, page tables or
 * the held pages the test says it has (vmalloc()ed or its own): 0 when
 * nothing leaked.  Negative: something freed twice.
 */
static long unaccounted_pages(unsigned long held)
{
	struct slab_totals t;
	unsigned long free_now = free_pages_now();

	get_slab_totals(&t);
	return (long)boot_free_pages -
	       (long)(free_now + t.slab_pages + t.large_kmalloc_pages +
		      nr_page_table_pages + held);
}

/* ---- reading the page tables ------------------------------------------ */

/* The pte for a kernel address, or NULL where a table on the way is missing. */
static pte_t *walk_to_pte(unsigned long addr)
{
	p4d_t *p4d = p4d_offset(pgd_offset_k(addr), addr);
	pud_t *pud;
	pmd_t *pmd;

	if (!p4d_present(*p4d))
		return NULL;
	pud = pud_offset(p4d, addr);
	if (!pud_present(*pud) || pud_leaf(*pud))
		return NULL;
	pmd = pmd_offset(pud, addr);
	if (!pmd_present(*pmd) || pmd_leaf(*pmd))
		return NULL;
	return pte_offset_kernel(pmd, addr);
}

static pte_t pte_at(unsigned long addr)
{
	pte_t *pte = walk_to_pte(addr);

	return pte ? ptep_get(pte) : __pte(0);
}

/* The first address in [start, end) with a pte, or 0. */
static unsigned long first_pte_in(unsigned long start, unsigned long end)
{
	for (unsigned long addr = start; addr < end; addr += PAGE_SIZE)
		if (!pte_none(pte_at(addr)))
			return addr;
	return 0;
}

/* The pmd entry for addr, or NULL where there is no pmd table. */
static pmd_t *walk_to_pmd(unsigned long addr)
{
	p4d_t *p4d = p4d_offset(pgd_offset_k(addr), addr);
	pud_t *pud;

	if (!p4d_present(*p4d))
		return NULL;
	pud = pud_offset(p4d, addr);
	if (!pud_present(*pud))
		return NULL;
	return pmd_offset(pud, addr);
}

/* The page holding the pte table for addr, or NULL. */
static struct page *pte_table_page(unsigned long addr)
{
	pmd_t *pmd = walk_to_pmd(addr);

	return pmd && pmd_present(*pmd) ? virt_to_page(pmd_page_vaddr(*pmd)) : NULL;
}

/* The page holding the pmd table for addr, or NULL. */
static struct page *pmd_table_page(unsigned long addr)
{
	p4d_t *p4d = p4d_offset(pgd_offset_k(addr), addr);
	pud_t *pud;

	if (!p4d_present(*p4d))
		return NULL;
	pud = pud_offset(p4d, addr);
	return pud_present(*pud) ? virt_to_page(pud_pgtable(*pud)) : NULL;
}

/* Every PGD entry of the vmalloc area still points at a PG_table PUD table. */
static void expect_pud_tables_kept(const char *file, int line)
{
	for (unsigned long addr = VMALLOC_START; addr < VMALLOC_END; addr += PGDIR_SIZE) {
		p4d_t *p4d = p4d_offset(pgd_offset_k(addr), addr);

		if (!p4d_present(*p4d)) {
			test_fail_at(file, line, "PGD entry for %#lx: expected the "
				     "preallocated PUD table, found %#lx", addr,
				     p4d_val(*p4d));
			return;
		}
		if (!PageTable(virt_to_page(p4d_pgtable(*p4d)))) {
			test_fail_at(file, line, "PUD table for %#lx lost PG_table", addr);
			return;
		}
	}
}
#define EXPECT_PUD_TABLES_KEPT()	expect_pud_tables_kept(__FILE__, __LINE__)

/* ---- the reference model ---------------------------------------------- */

#define MAX_LIVE		96
#define MAX_LIVE_PAGES		4000
#define MAX_AREA_PAGES		64
#define NR_RANDOM_OPS		1000000UL
#define CHECK_EVERY		2000

enum area_kind { AREA_VMALLOC, AREA_VZALLOC, AREA_VMAP, AREA_RANGE };

static const char *const kind_name[] = {
	[AREA_VMALLOC] = "vmalloc", [AREA_VZALLOC] = "vzalloc",
	[AREA_VMAP] = "vmap", [AREA_RANGE] = "__vmalloc_node_range",
};

struct live_area {
	unsigned long start;
	unsigned long nr_pages;		/* mapped; the guard page follows */
	enum area_kind kind;
	struct page **pages;		/* malloc()ed: what is mapped, in order */
	unsigned long fill;		/* written to each page's first and last word */
};

static struct live_area live[MAX_LIVE];	/* sorted by start */
static unsigned long nr_live, nr_live_pages;
static bool pfn_in_area[FAKE_MAX_PFN];

static unsigned long area_end(const struct live_area *a)
{
	return a->start + a->nr_pages * PAGE_SIZE;
}

static unsigned long area_guard_end(const struct live_area *a)
{
	return area_end(a) + PAGE_SIZE;
}

/*
 * First fit, from the gaps between live areas (each area followed by its
 * guard): the lowest align-aligned address in [vstart, vend) where need
 * bytes are free; 0 if none.
 */
static unsigned long model_first_fit(unsigned long need, unsigned long align,
				     unsigned long vstart, unsigned long vend)
{
	unsigned long gap_lo = VMALLOC_START;

	for (unsigned long i = 0; i <= nr_live; i++) {
		unsigned long gap_hi = i < nr_live ? live[i].start : VMALLOC_END;
		unsigned long lo = ALIGN(max(gap_lo, vstart), align);
		unsigned long hi = min(gap_hi, vend);

		if (lo < hi && hi - lo >= need)
			return lo;
		if (i < nr_live)
			gap_lo = area_guard_end(&live[i]);
	}
	return 0;
}

/* Where an area starting at addr goes in live[]. */
static unsigned long model_insert_pos(unsigned long addr)
{
	unsigned long lo = 0, hi = nr_live;

	while (lo < hi) {
		unsigned long mid = (lo + hi) / 2;

		if (live[mid].start < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The live area whose mapped pages hold addr, or NULL. */
static struct live_area *model_area_mapping(unsigned long addr)
{
	unsigned long i = model_insert_pos(addr + 1);

	if (i == 0)
		return NULL;
	return addr < area_end(&live[i - 1]) ? &live[i - 1] : NULL;
}

/* The pte and pmd tables the live areas need: one per 2 MiB / 1 GiB touched. */
static void model_table_counts(unsigned long *nr_pte_tables, unsigned long *nr_pmd_tables)
{
	unsigned long last_pte = ~0UL, last_pmd = ~0UL;

	*nr_pte_tables = *nr_pmd_tables = 0;
	for (unsigned long i = 0; i < nr_live; i++) {
		unsigned long first = live[i].start, last = area_end(&live[i]) - 1;

		for (unsigned long t = first >> PMD_SHIFT; t <= last >> PMD_SHIFT; t++)
			if (t != last_pte) {
				(*nr_pte_tables)++;
				last_pte = t;
			}
		for (unsigned long t = first >> PUD_SHIFT; t <= last >> PUD_SHIFT; t++)
			if (t != last_pmd) {
				(*nr_pmd_tables)++;
				last_pmd = t;
			}
	}
}

static unsigned long *page_first_word(struct page *page)
{
	return page_address(page);
}

static unsigned long *page_last_word(struct page *page)
{
	return (unsigned long *)((char *)page_address(page) + PAGE_SIZE) - 1;
}

static bool page_is_zero(struct page *page)
{
	const unsigned long *word = page_address(page);

	for (unsigned long i = 0; i < PAGE_SIZE / sizeof(*word); i++)
		if (word[i])
			return false;
	return true;
}

/* ---- checks on one area ------------------------------------------------- */

/*
 * Every page of the new area maps pages[i] with PAGE_KERNEL, no page is in
 * another live area, the guard has no pte, vzalloc memory is zero.
 */
static void check_area_mapping(unsigned long op, const struct live_area *a)
{
	const unsigned long bad_flags = (1UL << PG_buddy) | (1UL << PG_slab) |
					(1UL << PG_table) | (1UL << PG_reserved);
	unsigned long guard = area_end(a);

	for (unsigned long i = 0; i < a->nr_pages; i++) {
		unsigned long addr = a->start + i * PAGE_SIZE;
		struct page *page = a->pages[i];
		unsigned long pfn = page_to_pfn(page);
		pte_t pte = pte_at(addr);

		if (pte_pfn(pte) != pfn || (pte_val(pte) & ~PTE_PFN_MASK) != VMALLOC_PTE_FLAGS) {
			TEST_FAIL("op %lu: %s page %lu at %#lx: expected pte %#lx "
				  "(pfn %#lx, PAGE_KERNEL), found %#lx", op,
				  kind_name[a->kind], i, addr,
				  (pfn << PAGE_SHIFT) | VMALLOC_PTE_FLAGS, pfn,
				  pte_val(pte));
			return;
		}
		if (pfn_in_area[pfn]) {
			TEST_FAIL("op %lu: pfn %#lx mapped at %#lx is already in another live area",
				  op, pfn, addr);
			return;
		}
		if (page->flags & bad_flags) {
			TEST_FAIL("op %lu: page %lu of the %s at %#lx has flags %#lx "
				  "(buddy/slab/table/reserved)", op, i,
				  kind_name[a->kind], a->start, page->flags);
			return;
		}
		if (a->kind == AREA_VZALLOC && !page_is_zero(page)) {
			TEST_FAIL("op %lu: vzalloc page %lu at %#lx is not zero", op, i, addr);
			return;
		}
	}
	if (!pte_none(pte_at(guard)))
		TEST_FAIL("op %lu: guard page %#lx of %#lx has pte %#lx, expected none",
			  op, guard, a->start, pte_val(pte_at(guard)));
	if (vmalloc_to_page((void *)guard) != NULL)
		TEST_FAIL("op %lu: vmalloc_to_page(guard %#lx) is not NULL", op, guard);
}

/* find_vm_area() describes the area as made; for vmalloc, take its pages. */
static bool check_vm_struct(unsigned long op, struct live_area *a)
{
	struct vm_struct *vm = find_vm_area((void *)a->start);
	unsigned long want_flags = a->kind == AREA_VMAP ? VM_MAP : VM_ALLOC;

	if (!vm) {
		TEST_FAIL("op %lu: find_vm_area(%#lx) of a new %s is NULL", op,
			  a->start, kind_name[a->kind]);
		return false;
	}
	if (vm->addr != (void *)a->start || vm->size != (a->nr_pages + 1) * PAGE_SIZE ||
	    vm->nr_pages != a->nr_pages || vm->flags != want_flags) {
		TEST_FAIL("op %lu: vm_struct of %s: expected addr %#lx size %lu "
			  "nr_pages %lu flags %#lx, found %p %lu %u %#lx", op,
			  kind_name[a->kind], a->start, (a->nr_pages + 1) * PAGE_SIZE,
			  a->nr_pages, want_flags, vm->addr, vm->size, vm->nr_pages,
			  vm->flags);
		return false;
	}
	if (a->kind != AREA_VMAP)
		memcpy(a->pages, vm->pages, a->nr_pages * sizeof(*a->pages));
	return true;
}

/* ---- random operations ----------------------------------------------- */

/* Windows that make areas straddle a 1 GiB and a 512 GiB boundary. */
static const unsigned long random_windows[] = {
	VMALLOC_START,
	VMALLOC_START + PUD_SIZE - 40 * PAGE_SIZE,
	VMALLOC_START + PGDIR_SIZE - 40 * PAGE_SIZE,
};

static unsigned long random_nr_pages(void)
{
	if (test_rand_chance(70))
		return (unsigned long)test_rand_range(1, 8);
	return (unsigned long)test_rand_range(9, MAX_AREA_PAGES);
}

/* n pages in bytes, half the time not a whole number of pages. */
static unsigned long random_size(unsigned long n)
{
	unsigned long size = n * PAGE_SIZE;

	return test_rand_chance(50) ? size - test_rand_below(PAGE_SIZE) : size;
}

static void random_alloc(unsigned long op)
{
	unsigned long n = random_nr_pages(), align = PAGE_SIZE, vstart = VMALLOC_START;
	struct live_area a = { .nr_pages = n, .fill = op * 0x9e3779b97f4a7c15UL };
	unsigned long want, pos, r = test_rand_below(100);
	void *addr;

	a.pages = calloc(n, sizeof(*a.pages));
	if (r < 35) {
		a.kind = AREA_VMALLOC;
	} else if (r < 55) {
		a.kind = AREA_VZALLOC;
	} else if (r < 80) {
		a.kind = AREA_VMAP;
		for (unsigned long i = 0; i < n; i++) {
			a.pages[i] = alloc_page(GFP_KERNEL);
			*page_first_word(a.pages[i]) = ~0UL;	/* vmap must not zero */
		}
	} else {
		a.kind = AREA_RANGE;
		align = 1UL << test_rand_range(PAGE_SHIFT, PAGE_SHIFT + 5);
		vstart = random_windows[test_rand_below(ARRAY_SIZE(random_windows))];
	}
	want = model_first_fit((n + 1) * PAGE_SIZE, align, vstart, VMALLOC_END);

	switch (a.kind) {
	case AREA_VMALLOC:
		addr = vmalloc(random_size(n));
		break;
	case AREA_VZALLOC:
		addr = vzalloc(random_size(n));
		break;
	case AREA_VMAP:
		addr = vmap(a.pages, (unsigned int)n, VM_MAP, PAGE_KERNEL);
		break;
	default:
		addr = __vmalloc_node_range(random_size(n), align, vstart, VMALLOC_END,
					    GFP_KERNEL, PAGE_KERNEL, 0);
		break;
	}
	a.start = (unsigned long)addr;
	if (a.start != want) {
		TEST_FAIL("op %lu: %s of %lu pages (align %#lx, from %#lx): expected "
			  "the first fit %#lx, got %#lx", op, kind_name[a.kind], n,
			  align, vstart, want, a.start);
		return;
	}
	pos = model_insert_pos(a.start);
	if (a.start % align || a.start < VMALLOC_START || area_guard_end(&a) > VMALLOC_END ||
	    (pos > 0 && area_guard_end(&live[pos - 1]) > a.start) ||
	    (pos < nr_live && area_guard_end(&a) > live[pos].start)) {
		TEST_FAIL("op %lu: %s at %#lx (%lu pages) misaligned, outside the area "
			  "or overlapping a neighbour with its guard", op,
			  kind_name[a.kind], a.start, n);
		return;
	}
	if (!check_vm_struct(op, &a))
		return;
	check_area_mapping(op, &a);
	if (vmalloc_to_page(addr) != a.pages[0])
		TEST_FAIL("op %lu: vmalloc_to_page(%p) is not the first page", op, addr);
	for (unsigned long i = 0; i < n; i++) {
		pfn_in_area[page_to_pfn(a.pages[i])] = true;
		*page_first_word(a.pages[i]) = a.fill ^ i;
		*page_last_word(a.pages[i]) = ~a.fill ^ i;
	}
	memmove(&live[pos + 1], &live[pos], (nr_live - pos) * sizeof(live[0]));
	live[pos] = a;
	nr_live++;
	nr_live_pages += n;
}

static void free_live(unsigned long op, unsigned long i)
{
	struct live_area a = live[i];
	unsigned long flushes_all = nr_tlb_flush_all, flushes = nr_tlb_flush_one;
	unsigned long left;

	for (unsigned long p = 0; p < a.nr_pages; p++)
		if (*page_first_word(a.pages[p]) != (a.fill ^ p) ||
		    *page_last_word(a.pages[p]) != (~a.fill ^ p)) {
			TEST_FAIL("op %lu: page %lu of the %s at %#lx was overwritten",
				  op, p, kind_name[a.kind], a.start);
			return;
		}
	if (a.kind == AREA_VMAP)
		vunmap((void *)a.start);
	else
		vfree((void *)a.start);

	left = first_pte_in(a.start, area_guard_end(&a));
	if (left)
		TEST_FAIL("op %lu: %s at %#lx freed, but %#lx still has pte %#lx", op,
			  kind_name[a.kind], a.start, left, pte_val(pte_at(left)));
	if (nr_tlb_flush_all == flushes_all &&
	    (nr_tlb_flush_one == flushes || host_tlb_flush_start > a.start ||
	     host_tlb_flush_end < area_end(&a)))
		TEST_FAIL("op %lu: freeing [%#lx, %#lx): expected a TLB flush covering "
			  "it, last flush [%#lx, %#lx)", op, a.start, area_end(&a),
			  host_tlb_flush_start, host_tlb_flush_end);
	if (find_vm_area((void *)a.start))
		TEST_FAIL("op %lu: find_vm_area(%#lx) still finds the freed area", op, a.start);

	for (unsigned long p = 0; p < a.nr_pages; p++) {
		pfn_in_area[page_to_pfn(a.pages[p])] = false;
		if (a.kind == AREA_VMAP)
			__free_page(a.pages[p]);
	}
	free(a.pages);
	memmove(&live[i], &live[i + 1], (nr_live - i - 1) * sizeof(live[0]));
	nr_live--;
	nr_live_pages -= a.nr_pages;
}

/* One pmd table's pte tables: count them and their ptes, check each pte. */
static void scan_pmd_table(unsigned long op, pmd_t *pmd_table, unsigned long base,
			   unsigned long *nr_pte_tables, unsigned long *nr_ptes)
{
	for (unsigned long j = 0; j < PTRS_PER_PMD; j++) {
		pmd_t pmd = pmd_table[j];
		unsigned long pmd_base = base + j * PMD_SIZE;
		pte_t *ptes;
		unsigned long here = 0;

		if (pmd_none(pmd))
			continue;
		ptes = pmd_page_vaddr(pmd);
		if ((pmd_val(pmd) & ~PTE_PFN_MASK) != _KERNPG_TABLE ||
		    !PageTable(virt_to_page(ptes))) {
			TEST_FAIL("op %lu: pmd entry for %#lx is %#lx: not a PG_table "
				  "kernel table", op, pmd_base, pmd_val(pmd));
			return;
		}
		(*nr_pte_tables)++;
		for (unsigned long k = 0; k < PTRS_PER_PTE; k++) {
			unsigned long addr = pmd_base + k * PAGE_SIZE;
			struct live_area *a;

			if (pte_none(ptes[k]))
				continue;
			here++;
			a = model_area_mapping(addr);
			if (!a || pte_pfn(ptes[k]) !=
				  page_to_pfn(a->pages[(addr - a->start) >> PAGE_SHIFT])) {
				TEST_FAIL("op %lu: pte at %#lx (%#lx) maps nothing the "
					  "model holds there", op, addr, pte_val(ptes[k]));
				return;
			}
		}
		if (!here)
			TEST_FAIL("op %lu: empty pte table left for [%#lx, +2M)", op, pmd_base);
		*nr_ptes += here;
	}
}

/*
 * Every table under the vmalloc area: exactly the model's ptes, and exactly
 * the pmd and pte tables its areas need; the counters agree.
 */
static void check_tables_agree(unsigned long op)
{
	unsigned long nr_pmd_tables = 0, nr_pte_tables = 0, nr_ptes = 0;
	unsigned long want_pte_tables, want_pmd_tables;

	for (unsigned long pgd_base = VMALLOC_START; pgd_base < VMALLOC_END;
	     pgd_base += PGDIR_SIZE) {
		pud_t *pud_table = p4d_pgtable(*p4d_offset(pgd_offset_k(pgd_base), pgd_base));

		for (unsigned long i = 0; i < PTRS_PER_PUD && !test_failed(); i++) {
			pud_t pud = pud_table[i];

			if (pud_none(pud))
				continue;
			if ((pud_val(pud) & ~PTE_PFN_MASK) != _KERNPG_TABLE ||
			    !PageTable(virt_to_page(pud_pgtable(pud)))) {
				TEST_FAIL("op %lu: pud entry for %#lx is %#lx: not a "
					  "PG_table kernel table", op,
					  pgd_base + i * PUD_SIZE, pud_val(pud));
				return;
			}
			nr_pmd_tables++;
			scan_pmd_table(op, pud_pgtable(pud), pgd_base + i * PUD_SIZE,
				       &nr_pte_tables, &nr_ptes);
		}
	}
	model_table_counts(&want_pte_tables, &want_pmd_tables);
	if (nr_ptes != nr_live_pages || nr_pte_tables != want_pte_tables ||
	    nr_pmd_tables != want_pmd_tables)
		TEST_FAIL("op %lu: expected %lu ptes in %lu pte tables under %lu pmd "
			  "tables, found %lu in %lu under %lu", op, nr_live_pages,
			  want_pte_tables, want_pmd_tables, nr_ptes, nr_pte_tables,
			  nr_pmd_tables);
	if (init_mm.nr_pgtables != NR_VMALLOC_PUD_TABLES + want_pmd_tables + want_pte_tables ||
	    nr_page_table_pages != init_mm.nr_pgtables)
		TEST_FAIL("op %lu: expected %lu page-table pages (64 PUD + %lu pmd + "
			  "%lu pte), init_mm has %lu, nr_page_table_pages %lu", op,
			  NR_VMALLOC_PUD_TABLES + want_pmd_tables + want_pte_tables,
			  want_pmd_tables, want_pte_tables, init_mm.nr_pgtables,
			  nr_page_table_pages);
	if (vmalloc_nr_pages() != nr_live_pages || vmalloc_nr_areas() != nr_live)
		TEST_FAIL("op %lu: expected %lu pages in %lu areas, vmalloc counts "
			  "%lu in %lu", op, nr_live_pages, nr_live,
			  vmalloc_nr_pages(), vmalloc_nr_areas());
	if (unaccounted_pages(nr_live_pages))
		TEST_FAIL("op %lu: %ld pages neither free nor accounted for", op,
			  unaccounted_pages(nr_live_pages));
	if (irqs_disabled())
		TEST_FAIL("op %lu: interrupts left disabled", op);
}

TEST(random_vmalloc_vmap_vfree_million_ops_match_first_fit_model)
{
	unsigned int alloc_percent = 60;
	unsigned long warns = host_warn_count();

	vmalloc_boot();
	for (unsigned long op = 0; op < NR_RANDOM_OPS && !test_failed(); op++) {
		if (op % 50000 == 0)
			alloc_percent = (unsigned int)test_rand_range(25, 75);
		if (nr_live < MAX_LIVE && nr_live_pages + MAX_AREA_PAGES <= MAX_LIVE_PAGES &&
		    (nr_live == 0 || test_rand_chance(alloc_percent)))
			random_alloc(op);
		else
			free_live(op, test_rand_below(nr_live));
		if (op % CHECK_EVERY == 0)
			check_tables_agree(op);
	}
	check_tables_agree(NR_RANDOM_OPS);
	while (nr_live && !test_failed())
		free_live(NR_RANDOM_OPS, test_rand_below(nr_live));
	check_tables_agree(NR_RANDOM_OPS);
	EXPECT_EQ(init_mm.nr_pgtables, NR_VMALLOC_PUD_TABLES);
	EXPECT_EQ(vmalloc_nr_areas(), 0);
	EXPECT_EQ(unaccounted_pages(0), 0);
	EXPECT_EQ(nr_vmalloc_bad_frees, 0);
	EXPECT_EQ(nr_bad_pages, 0);
	EXPECT_EQ(host_warn_count(), warns);
	EXPECT_PUD_TABLES_KEPT();
}

/* ---- fixed cases: the API's edges ------------------------------------- */

TEST(vmalloc_init_preallocates_64_pud_tables)
{
	vmalloc_boot();
	EXPECT_EQ(init_mm.nr_pgtables, NR_VMALLOC_PUD_TABLES);
	EXPECT_EQ(nr_page_table_pages, NR_VMALLOC_PUD_TABLES);
	EXPECT_PUD_TABLES_KEPT();
	EXPECT_TRUE(pgd_none(*pgd_offset_k(VMALLOC_START - 1)));
	EXPECT_TRUE(pgd_none(*pgd_offset_k(VMALLOC_END)));
	EXPECT_EQ(unaccounted_pages(0), 0);
}

TEST(vmalloc_zero_bytes_returns_null_and_allocates_nothing)
{
	vmalloc_boot();
	EXPECT_PTR_EQ(vmalloc(0), NULL);
	EXPECT_PTR_EQ(vzalloc(0), NULL);
	EXPECT_PTR_EQ(vmap(NULL, 0, VM_MAP, PAGE_KERNEL), NULL);
	EXPECT_EQ(vmalloc_nr_areas(), 0);
	EXPECT_EQ(vmalloc_nr_pages(), 0);
	EXPECT_EQ(init_mm.nr_pgtables, NR_VMALLOC_PUD_TABLES);
	EXPECT_EQ(unaccounted_pages(0), 0);
}

TEST(vfree_and_vunmap_of_null_are_noops)
{
	vmalloc_boot();
	vfree(NULL);
	vunmap(NULL);
	EXPECT_EQ(nr_vmalloc_bad_frees, 0);
	EXPECT_FALSE(host_printk_contains("BUG"));
}

TEST(vfree_inside_an_area_or_outside_vmalloc_is_reported_and_frees_nothing)
{
	unsigned long addr, bad[4];
	char *p;

	vmalloc_boot();
	p = vmalloc(3 * PAGE_SIZE);
	ASSERT_TRUE(p != NULL);
	addr = (unsigned long)p;
	bad[0] = addr + PAGE_SIZE;		/* a mapped page in the middle */
	bad[1] = addr + 3 * PAGE_SIZE;		/* its guard page */
	bad[2] = addr + 5 * PAGE_SIZE;		/* free vmalloc space */
	bad[3] = (unsigned long)page_address(alloc_page(GFP_KERNEL));	/* direct map */
	for (int i = 0; i < 4; i++) {
		host_printk_reset();
		vfree((void *)bad[i]);
		EXPECT_EQ(nr_vmalloc_bad_frees, i + 1);
		if (!host_printk_contains("BUG: vfree("))
			TEST_FAIL("vfree(%#lx): expected a \"BUG: vfree(\" report, printk has \"%s\"",
				  bad[i], host_printk_buffer());
	}
	EXPECT_TRUE(host_printk_contains("no vmalloc area here"));
	host_printk_reset();
	vfree(p + PAGE_SIZE);
	EXPECT_TRUE(host_printk_contains("not the start of a vmalloc area"));
	EXPECT_EQ(vmalloc_nr_areas(), 1);
	EXPECT_EQ(vmalloc_nr_pages(), 3);
	for (int i = 0; i < 3; i++)
		EXPECT_TRUE(vmalloc_to_page(p + i * PAGE_SIZE) != NULL);
	vfree(p);
	EXPECT_EQ(vmalloc_nr_areas(), 0);
	EXPECT_EQ(nr_vmalloc_bad_frees, 5);
	host_printk_reset();
	vfree(p);				/* twice */
	EXPECT_EQ(nr_vmalloc_bad_frees, 6);
	EXPECT_TRUE(host_printk_contains("no vmalloc area here"));
	EXPECT_EQ(unaccounted_pages(1), 0);	/* the direct-map page */
}

TEST(vfree_of_vmap_area_and_vunmap_of_vmalloc_area_are_refused)
{
	struct page *pages[2];
	void *mapped, *allocated;

	vmalloc_boot();
	pages[0] = alloc_page(GFP_KERNEL);
	pages[1] = alloc_page(GFP_KERNEL);
	mapped = vmap(pages, 2, VM_MAP, PAGE_KERNEL);
	allocated = vmalloc(PAGE_SIZE);
	ASSERT_TRUE(mapped != NULL && allocated != NULL);

	host_printk_reset();
	vfree(mapped);
	EXPECT_EQ(nr_vmalloc_bad_frees, 1);
	EXPECT_TRUE(host_printk_contains("use vunmap()"));
	EXPECT_PTR_EQ(vmalloc_to_page(mapped), pages[0]);
	EXPECT_EQ(page_count(pages[0]), 1);		/* not freed by vfree() */

	host_printk_reset();
	vunmap(allocated);
	EXPECT_EQ(nr_vmalloc_bad_frees, 2);
	EXPECT_TRUE(host_printk_contains("use vfree()"));
	EXPECT_TRUE(vmalloc_to_page(allocated) != NULL);
	EXPECT_EQ(vmalloc_nr_areas(), 2);
	EXPECT_EQ(vmalloc_nr_pages(), 3);

	vunmap(mapped);
	vfree(allocated);
	EXPECT_EQ(nr_vmalloc_bad_frees, 2);
	EXPECT_EQ(vmalloc_nr_areas(), 0);
	EXPECT_EQ(unaccounted_pages(2), 0);		/* the vmap()ed pages stay ours */
	__free_page(pages[0]);
	__free_page(pages[1]);
	EXPECT_EQ(unaccounted_pages(0), 0);
}

TEST(vmalloc_larger_than_the_area_fails_and_allocates_nothing)
{
	vmalloc_boot();
	host_printk_reset();
	EXPECT_PTR_EQ(vmalloc(VMALLOC_SIZE), NULL);	/* no room for the guard */
	EXPECT_PTR_EQ(vmalloc(VMALLOC_SIZE + PAGE_SIZE), NULL);
	EXPECT_PTR_EQ(vmalloc(~0UL), NULL);		/* PAGE_ALIGN wraps to 0 */
	EXPECT_PTR_EQ(vmalloc(~0UL - 2 * PAGE_SIZE), NULL);
	EXPECT_TRUE(host_printk_contains("vmalloc error: size"));
	EXPECT_EQ(vmalloc_nr_areas(), 0);
	EXPECT_EQ(init_mm.nr_pgtables, NR_VMALLOC_PUD_TABLES);
	EXPECT_EQ(unaccounted_pages(0), 0);
}

/*
 * A request the machine cannot possibly hold must fail cleanly.  The
 * vmalloc area is 32 TiB, but __vmalloc_area_node() counts pages in an
 * unsigned int: 16 TiB is 2^32 pages, truncated to 0, so the pages array
 * is ZERO_SIZE_PTR and mapping reads pages[0] from it (16 TiB + 4 KiB
 * reads past a one-entry array instead).  Linux refuses any vmalloc
 * bigger than RAM before allocating (__vmalloc_node_range(): size >>
 * PAGE_SHIFT > totalram_pages()).
 */
TEST(vmalloc_of_16_tib_fails_cleanly)
{
	vmalloc_boot();
	EXPECT_PTR_EQ(vmalloc(1UL << 44), NULL);
	EXPECT_EQ(vmalloc_nr_areas(), 0);
	EXPECT_EQ(init_mm.nr_pgtables, NR_VMALLOC_PUD_TABLES);
	EXPECT_EQ(unaccounted_pages(0), 0);
}

TEST(is_vmalloc_addr_covers_exactly_the_vmalloc_area)
{
	EXPECT_FALSE(is_vmalloc_addr((void *)(VMALLOC_START - 1)));
	EXPECT_TRUE(is_vmalloc_addr((void *)VMALLOC_START));
	EXPECT_TRUE(is_vmalloc_addr((void *)(VMALLOC_START + VMALLOC_SIZE / 2)));
	EXPECT_TRUE(is_vmalloc_addr((void *)(VMALLOC_END - 1)));
	EXPECT_FALSE(is_vmalloc_addr((void *)VMALLOC_END));
	EXPECT_FALSE(is_vmalloc_addr(NULL));
	EXPECT_FALSE(is_vmalloc_addr(host_fake_ram));
	EXPECT_FALSE(is_vmalloc_addr((void *)~0UL));
}

TEST(vmalloc_to_page_finds_each_page_and_null_for_guard_and_holes)
{
	char *p;
	struct vm_struct *vm;

	vmalloc_boot();
	p = vmalloc(4 * PAGE_SIZE);
	ASSERT_TRUE(p != NULL);
	vm = find_vm_area(p);
	ASSERT_TRUE(vm != NULL);
	for (int i = 0; i < 4; i++) {
		EXPECT_PTR_EQ(vmalloc_to_page(p + i * PAGE_SIZE), vm->pages[i]);
		EXPECT_PTR_EQ(vmalloc_to_page(p + i * PAGE_SIZE + 123), vm->pages[i]);
	}
	EXPECT_PTR_EQ(vmalloc_to_page(p + 4 * PAGE_SIZE), NULL);	/* guard */
	EXPECT_PTR_EQ(vmalloc_to_page(p + 5 * PAGE_SIZE), NULL);
	EXPECT_PTR_EQ(vmalloc_to_page((void *)(VMALLOC_START + PUD_SIZE)), NULL);
	EXPECT_PTR_EQ(vmalloc_to_page((void *)(VMALLOC_END - PAGE_SIZE)), NULL);
	EXPECT_PTR_EQ(vmalloc_to_page(host_fake_ram), NULL);	/* not vmalloc */
	vfree(p);
	EXPECT_PTR_EQ(vmalloc_to_page(p), NULL);
}

TEST(find_vm_area_finds_only_area_starts)
{
	char *p, *q;

	vmalloc_boot();
	p = vmalloc(2 * PAGE_SIZE);
	q = vmalloc(PAGE_SIZE);
	ASSERT_TRUE(p != NULL && q != NULL);
	EXPECT_PTR_EQ(q, p + 3 * PAGE_SIZE);		/* after p's guard */
	ASSERT_TRUE(find_vm_area(p) != NULL);
	EXPECT_PTR_EQ(find_vm_area(p)->addr, p);
	EXPECT_PTR_EQ(find_vm_area(q)->addr, q);
	EXPECT_PTR_EQ(find_vm_area(p + 1), NULL);
	EXPECT_PTR_EQ(find_vm_area(p + PAGE_SIZE), NULL);
	EXPECT_PTR_EQ(find_vm_area(p + 2 * PAGE_SIZE), NULL);	/* guard */
	EXPECT_PTR_EQ(find_vm_area(q + 2 * PAGE_SIZE), NULL);	/* free space */
	EXPECT_PTR_EQ(find_vm_area(host_fake_ram), NULL);
	/* The _containing form takes any address of the area, guard included. */
	EXPECT_PTR_EQ(find_vm_area_containing((unsigned long)p + PAGE_SIZE + 5),
		      find_vm_area(p));
	EXPECT_PTR_EQ(find_vm_area_containing((unsigned long)p + 2 * PAGE_SIZE),
		      find_vm_area(p));
	EXPECT_PTR_EQ(find_vm_area_containing((unsigned long)q + 2 * PAGE_SIZE), NULL);
	EXPECT_PTR_EQ(find_vm_area_containing(VMALLOC_START - PAGE_SIZE), NULL);
	vfree(p);
	EXPECT_PTR_EQ(find_vm_area(p), NULL);
	EXPECT_PTR_EQ(find_vm_area(q)->addr, q);
	vfree(q);
}

TEST(vmap_maps_the_callers_pages_in_order_and_vunmap_leaves_them)
{
	struct page *pages[5];
	char *p;

	vmalloc_boot();
	for (int i = 0; i < 5; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		*(unsigned long *)page_address(pages[i]) = 0xabc0UL + (unsigned long)i;
	}
	p = vmap(pages, 5, VM_MAP, PAGE_KERNEL_RO);
	ASSERT_TRUE(p != NULL);
	for (int i = 0; i < 5; i++) {
		pte_t pte = pte_at((unsigned long)p + i * PAGE_SIZE);

		EXPECT_EQ(pte_pfn(pte), page_to_pfn(pages[i]));
		EXPECT_FALSE(pte_write(pte));			/* the prot given */
		EXPECT_EQ(pte_val(pte) & ~PTE_PFN_MASK, pgprot_val(PAGE_KERNEL_RO));
	}
	EXPECT_EQ(vmalloc_nr_pages(), 5);
	vunmap(p);
	EXPECT_EQ(first_pte_in((unsigned long)p, (unsigned long)p + 6 * PAGE_SIZE), 0);
	EXPECT_EQ(vmalloc_nr_pages(), 0);
	for (int i = 0; i < 5; i++) {
		EXPECT_EQ(page_count(pages[i]), 1);
		EXPECT_EQ(*(unsigned long *)page_address(pages[i]), 0xabc0UL + (unsigned long)i);
		__free_page(pages[i]);
	}
	EXPECT_EQ(unaccounted_pages(0), 0);
}

TEST(freed_area_leaves_no_pte_and_is_flushed)
{
	unsigned long addr, flushes;
	char *p;

	vmalloc_boot();
	p = vmalloc(3 * PAGE_SIZE);
	ASSERT_TRUE(p != NULL);
	addr = (unsigned long)p;
	flushes = nr_tlb_flush_one;
	host_tlb_flush_start = host_tlb_flush_end = 0;
	vfree(p);
	EXPECT_EQ(first_pte_in(addr, addr + 4 * PAGE_SIZE), 0);
	/* The range flush, then a full one for the freed tables. */
	EXPECT_EQ(nr_tlb_flush_one, flushes + 1);
	EXPECT_EQ(nr_tlb_flush_all, 1);
	EXPECT_EQ(init_mm.nr_pgtables, NR_VMALLOC_PUD_TABLES);
	EXPECT_EQ(unaccounted_pages(0), 0);
}

TEST(aligned_vmalloc_honours_16k_alignment_and_first_fit_after_it)
{
	char *small, *aligned, *next;

	vmalloc_boot();
	small = vmalloc(PAGE_SIZE);		/* [S, S+8K) with its guard */
	ASSERT_PTR_EQ(small, (void *)VMALLOC_START);
	aligned = __vmalloc_node_range(3 * PAGE_SIZE, 16384, VMALLOC_START, VMALLOC_END,
				       GFP_KERNEL, PAGE_KERNEL, 0);
	EXPECT_PTR_EQ(aligned, (void *)(VMALLOC_START + 16384));
	EXPECT_EQ((unsigned long)aligned % 16384, 0);
	/* The 8K hole left below the aligned area is first fit for a page. */
	next = vmalloc(PAGE_SIZE);
	EXPECT_PTR_EQ(next, (void *)(VMALLOC_START + 2 * PAGE_SIZE));
	/* An area confined to [start, end) lands inside or fails. */
	EXPECT_PTR_EQ(__vmalloc_node_range(PAGE_SIZE, PAGE_SIZE, VMALLOC_START,
					   VMALLOC_START + 4 * PAGE_SIZE,
					   GFP_KERNEL | __GFP_NOWARN, PAGE_KERNEL, 0), NULL);
	vfree(small);
	vfree(aligned);
	vfree(next);
	EXPECT_EQ(vmalloc_nr_areas(), 0);
	EXPECT_EQ(unaccounted_pages(0), 0);
}

TEST(vzalloc_memory_is_zero_even_on_reused_pages)
{
	char *p;
	struct vm_struct *vm;

	vmalloc_boot();
	for (int round = 0; round < 3; round++) {
		p = vzalloc(8 * PAGE_SIZE - 100);
		ASSERT_TRUE(p != NULL);
		vm = find_vm_area(p);
		ASSERT_EQ(vm->nr_pages, 8);
		for (unsigned int i = 0; i < vm->nr_pages; i++) {
			EXPECT_TRUE(page_is_zero(vm->pages[i]));
			memset(page_address(vm->pages[i]), 0xee, PAGE_SIZE);
		}
		vfree(p);
	}
}

TEST(vmallocinfo_lists_each_area_with_size_and_kind)
{
	struct page *pages[2];
	char buf[1024], want[128], small[16];
	char *p;
	void *m;
	int n;

	vmalloc_boot();
	pages[0] = alloc_page(GFP_KERNEL);
	pages[1] = alloc_page(GFP_KERNEL);
	p = vmalloc(3 * PAGE_SIZE);
	m = vmap(pages, 2, VM_MAP, PAGE_KERNEL);
	ASSERT_TRUE(p != NULL && m != NULL);
	n = vmallocinfo_show(buf, sizeof(buf));
	EXPECT_EQ(n, (int)strlen(buf));
	snprintf(want, sizeof(want), "0x%016lx-0x%016lx %8lu ", (unsigned long)p,
		 (unsigned long)p + 4 * PAGE_SIZE, 4 * PAGE_SIZE);
	if (strncmp(buf, want, strlen(want)))
		TEST_FAIL("vmallocinfo line 1: expected to start \"%s\", got \"%s\"", want, buf);
	snprintf(want, sizeof(want), "0x%016lx-0x%016lx %8lu ", (unsigned long)m,
		 (unsigned long)m + 3 * PAGE_SIZE, 3 * PAGE_SIZE);
	if (!strstr(buf, want))
		TEST_FAIL("vmallocinfo: expected a line starting \"%s\", got \"%s\"", want, buf);
	EXPECT_TRUE(strstr(buf, " pages=3 vmalloc\n") != NULL);
	EXPECT_TRUE(strstr(buf, " pages=2 vmap\n") != NULL);
	EXPECT_TRUE(strstr(buf, "pages=3 vmalloc\n0x") != NULL);	/* by address */
	/* A short buffer is cut, not overrun. */
	memset(small, 'x', sizeof(small));
	n = vmallocinfo_show(small, 10);
	EXPECT_EQ(n, 9);
	EXPECT_EQ(small[9], '\0');
	EXPECT_EQ(small[10], 'x');
	vfree(p);
	vunmap(m);
	EXPECT_EQ(vmallocinfo_show(buf, sizeof(buf)), 0);
}

/* ---- allocation failure ------------------------------------------------- */

TEST(vmalloc_with_page_allocation_failing_returns_null_and_leaks_nothing)
{
	struct page *pages[2];

	vmalloc_boot();
	vfree(vmalloc(PAGE_SIZE));		/* warm the slab caches vmalloc uses */
	pages[0] = alloc_page(GFP_KERNEL);
	pages[1] = alloc_page(GFP_KERNEL);
	host_printk_reset();
	fail_page_alloc_setup("100");
	EXPECT_PTR_EQ(vmalloc(8 * PAGE_SIZE), NULL);
	EXPECT_TRUE(host_printk_contains("vmalloc error: size 32768, page allocation failure"));
	EXPECT_PTR_EQ(vzalloc(PAGE_SIZE), NULL);
	EXPECT_PTR_EQ(vmap(pages, 2, VM_MAP, PAGE_KERNEL), NULL);	/* no page tables */
	fail_page_alloc_setup("0");
	EXPECT_EQ(vmalloc_nr_areas(), 0);
	EXPECT_EQ(vmalloc_nr_pages(), 0);
	EXPECT_EQ(init_mm.nr_pgtables, NR_VMALLOC_PUD_TABLES);
	EXPECT_EQ(first_pte_in(VMALLOC_START, VMALLOC_START + 16 * PAGE_SIZE), 0);
	EXPECT_EQ(unaccounted_pages(2), 0);
	EXPECT_FALSE(irqs_disabled());
	EXPECT_PTR_EQ(vmap(pages, 2, VM_MAP, PAGE_KERNEL), (void *)VMALLOC_START);
}

/*
 * An area across a 2 MiB boundary needs two data pages, a pmd table and
 * two pte tables; fail the k-th page allocation for every k and check
 * that each failure point, page or table, unwinds completely.
 */
TEST(vmalloc_failing_at_each_page_allocation_unwinds_completely)
{
	const unsigned long start = VMALLOC_START + PMD_SIZE - PAGE_SIZE;
	int nr_failed = 0;

	vmalloc_boot();
	vfree(vmalloc(PAGE_SIZE));		/* warm the slab caches vmalloc uses */
	for (int k = 1; k <= 12; k++) {
		char spec[16];
		void *p;

		snprintf(spec, sizeof(spec), "100,%d", k);
		fail_page_alloc_setup(spec);
		p = __vmalloc_node_range(2 * PAGE_SIZE, PAGE_SIZE, start, VMALLOC_END,
					 GFP_KERNEL | __GFP_NOWARN, PAGE_KERNEL, 0);
		fail_page_alloc_setup("0");
		if (!p) {
			nr_failed++;
		} else {
			/* 2 pages + 3 tables: the first 5 allocations are all needed. */
			if (k <= 5)
				TEST_FAIL("k=%d: expected NULL with page allocation %d "
					  "failing, got %p", k, k, p);
			EXPECT_PTR_EQ(p, (void *)start);
			EXPECT_TRUE(vmalloc_to_page(p) != NULL);
			EXPECT_TRUE(vmalloc_to_page((char *)p + PAGE_SIZE) != NULL);
			vfree(p);
		}
		EXPECT_EQ(vmalloc_nr_areas(), 0);
		EXPECT_EQ(vmalloc_nr_pages(), 0);
		if (init_mm.nr_pgtables != NR_VMALLOC_PUD_TABLES)
			TEST_FAIL("k=%d: expected %lu page-table pages, found %lu", k,
				  NR_VMALLOC_PUD_TABLES, init_mm.nr_pgtables);
		if (unaccounted_pages(0))
			TEST_FAIL("k=%d: %ld pages leaked", k, unaccounted_pages(0));
		EXPECT_EQ(first_pte_in(start - PAGE_SIZE, start + 3 * PAGE_SIZE), 0);
		EXPECT_FALSE(irqs_disabled());
	}
	EXPECT_TRUE(nr_failed >= 5);
	EXPECT_EQ(nr_vmalloc_bad_frees, 0);
}

TEST(vmalloc_under_random_allocation_failures_leaks_nothing)
{
	vmalloc_boot();
	for (int round = 0; round < 400 && !test_failed(); round++) {
		unsigned long n = (unsigned long)test_rand_range(1, 40);
		unsigned long start = random_windows[test_rand_below(ARRAY_SIZE(random_windows))];
		void *p;

		fail_page_alloc_setup(test_rand_chance(50) ? "10" : "3");
		p = __vmalloc_node_range(n * PAGE_SIZE, PAGE_SIZE, start, VMALLOC_END,
					 GFP_KERNEL | __GFP_NOWARN, PAGE_KERNEL, 0);
		fail_page_alloc_setup("0");
		if (p) {
			EXPECT_EQ(vmalloc_nr_pages(), n);
			vfree(p);
		}
		if (vmalloc_nr_areas() || vmalloc_nr_pages() ||
		    init_mm.nr_pgtables != NR_VMALLOC_PUD_TABLES || unaccounted_pages(0))
			TEST_FAIL("round %d (%lu pages, %s): %lu areas, %lu pages, %lu "
				  "page tables, %ld pages unaccounted after vfree/failure",
				  round, n, p ? "allocated" : "failed", vmalloc_nr_areas(),
				  vmalloc_nr_pages(), init_mm.nr_pgtables, unaccounted_pages(0));
	}
	EXPECT_PUD_TABLES_KEPT();
}

/* ---- apply_to_page_range() and friends --------------------------------- */

/* Records each pte_fn call; fails the walk with err at call fail_at. */
struct visit_log {
	unsigned long *addrs;
	unsigned long nr, max;
	unsigned long fail_at;		/* ~0UL: never */
	int err;
	bool bad_pte;			/* the pte pointer was not addr's */
};

static int record_pte(pte_t *pte, unsigned long addr, void *data)
{
	struct visit_log *log = data;

	if (walk_to_pte(addr) != pte)
		log->bad_pte = true;
	if (log->nr < log->max)
		log->addrs[log->nr] = addr;
	if (log->nr++ == log->fail_at)
		return log->err;
	return 0;
}

static void visit_log_init(struct visit_log *log, unsigned long max)
{
	*log = (struct visit_log){ .addrs = calloc(max, sizeof(unsigned long)),
				   .max = max, .fail_at = ~0UL };
}

/* Crosses 2 MiB boundaries and the 1 GiB one: 3 + 512 + 512 + 5 pages. */
#define WALK_START	(VMALLOC_START + PUD_SIZE - PMD_SIZE - 3 * PAGE_SIZE)
#define WALK_END	(VMALLOC_START + PUD_SIZE + PMD_SIZE + 5 * PAGE_SIZE)
#define WALK_PAGES	((WALK_END - WALK_START) / PAGE_SIZE)
#define WALK_PTE_TABLES	4UL
#define WALK_PMD_TABLES	2UL

static void expect_visits_in_order(const char *file, int line, const struct visit_log *log,
				   unsigned long start, unsigned long nr)
{
	if (log->nr != nr) {
		test_fail_at(file, line, "expected %lu pte_fn calls from %#lx, got %lu",
			     nr, start, log->nr);
		return;
	}
	for (unsigned long i = 0; i < nr; i++)
		if (log->addrs[i] != start + i * PAGE_SIZE) {
			test_fail_at(file, line, "call %lu: expected %#lx, got %#lx", i,
				     start + i * PAGE_SIZE, log->addrs[i]);
			return;
		}
	if (log->bad_pte)
		test_fail_at(file, line, "pte_fn was given a pte that is not its address's");
}
#define EXPECT_VISITS_IN_ORDER(log, start, nr)	\
	expect_visits_in_order(__FILE__, __LINE__, log, start, nr)

TEST(apply_to_page_range_creates_tables_and_visits_every_page_in_order)
{
	struct visit_log log;

	vmalloc_boot();
	visit_log_init(&log, WALK_PAGES + 1);
	EXPECT_EQ(apply_to_page_range(&init_mm, WALK_START, WALK_END - WALK_START,
				      record_pte, &log), 0);
	EXPECT_VISITS_IN_ORDER(&log, WALK_START, WALK_PAGES);
	EXPECT_EQ(init_mm.nr_pgtables, NR_VMALLOC_PUD_TABLES + WALK_PMD_TABLES + WALK_PTE_TABLES);
	EXPECT_EQ(nr_page_table_pages, init_mm.nr_pgtables);
	for (unsigned long addr = WALK_START; addr < WALK_END; addr += PMD_SIZE) {
		struct page *pte_table = pte_table_page(addr), *pmd_table = pmd_table_page(addr);

		ASSERT_TRUE(pte_table != NULL && pmd_table != NULL);
		EXPECT_TRUE(PageTable(pte_table));
		EXPECT_TRUE(PageTable(pmd_table));
	}
	EXPECT_TRUE(pte_table_page(WALK_END - PAGE_SIZE) != NULL);
	EXPECT_TRUE(pte_table_page(WALK_END + PMD_SIZE) == NULL);	/* no more than needed */
	EXPECT_EQ(first_pte_in(WALK_START, WALK_END), 0);	/* record_pte maps nothing */
	EXPECT_EQ(unaccounted_pages(0), 0);
	/* A second walk finds the tables made and allocates none. */
	log.nr = 0;
	EXPECT_EQ(apply_to_page_range(&init_mm, WALK_START, WALK_END - WALK_START,
				      record_pte, &log), 0);
	EXPECT_VISITS_IN_ORDER(&log, WALK_START, WALK_PAGES);
	EXPECT_EQ(init_mm.nr_pgtables, NR_VMALLOC_PUD_TABLES + WALK_PMD_TABLES + WALK_PTE_TABLES);
	free(log.addrs);
}

TEST(apply_to_page_range_crosses_a_pgd_boundary)
{
	const unsigned long start = VMALLOC_START + PGDIR_SIZE - 2 * PAGE_SIZE;
	struct visit_log log;

	vmalloc_boot();
	visit_log_init(&log, 8);
	EXPECT_EQ(apply_to_page_range(&init_mm, start, 4 * PAGE_SIZE, record_pte, &log), 0);
	EXPECT_VISITS_IN_ORDER(&log, start, 4);
	EXPECT_EQ(init_mm.nr_pgtables, NR_VMALLOC_PUD_TABLES + 4);	/* 2 pmd + 2 pte */
	EXPECT_EQ(free_empty_kernel_tables(&init_mm, start, 4 * PAGE_SIZE), 4);
	EXPECT_EQ(init_mm.nr_pgtables, NR_VMALLOC_PUD_TABLES);
	EXPECT_PUD_TABLES_KEPT();
	free(log.addrs);
}

TEST(apply_to_existing_page_range_skips_holes_and_allocates_nothing)
{
	const unsigned long second_half = VMALLOC_START + PUD_SIZE + PMD_SIZE;
	struct visit_log log;
	unsigned long tables;

	vmalloc_boot();
	visit_log_init(&log, WALK_PAGES + 1);
	/* Nothing under the range yet: no calls at all. */
	EXPECT_EQ(apply_to_existing_page_range(&init_mm, WALK_START, WALK_END - WALK_START,
					       record_pte, &log), 0);
	EXPECT_EQ(log.nr, 0);
	EXPECT_EQ(init_mm.nr_pgtables, NR_VMALLOC_PUD_TABLES);
	/* Tables for the first 2 MiB span and the last one only. */
	EXPECT_EQ(apply_to_page_range(&init_mm, WALK_START, PAGE_SIZE, record_pte, &log), 0);
	EXPECT_EQ(apply_to_page_range(&init_mm, WALK_END - PAGE_SIZE, PAGE_SIZE,
				      record_pte, &log), 0);
	tables = init_mm.nr_pgtables;
	EXPECT_EQ(tables, NR_VMALLOC_PUD_TABLES + 4);
	log.nr = 0;
	EXPECT_EQ(apply_to_existing_page_range(&init_mm, WALK_START, WALK_END - WALK_START,
					       record_pte, &log), 0);
	EXPECT_EQ(init_mm.nr_pgtables, tables);
	ASSERT_EQ(log.nr, 3 + 5);
	for (unsigned long i = 0; i < 3; i++)
		EXPECT_EQ(log.addrs[i], WALK_START + i * PAGE_SIZE);
	for (unsigned long i = 0; i < 5; i++)
		EXPECT_EQ(log.addrs[3 + i], second_half + i * PAGE_SIZE);
	EXPECT_FALSE(log.bad_pte);
	free(log.addrs);
}

TEST(pte_fn_error_stops_the_walk_with_that_error)
{
	struct visit_log log;
	unsigned long stop = (unsigned long)test_rand_range(0, (long long)WALK_PAGES - 1);
	unsigned long stop_addr = WALK_START + stop * PAGE_SIZE;
	unsigned long pte_tables = 0, pmd_tables = 0, last_pte = ~0UL, last_pmd = ~0UL;

	vmalloc_boot();
	visit_log_init(&log, WALK_PAGES + 1);
	log.fail_at = stop;
	log.err = -EIO;
	EXPECT_EQ(apply_to_page_range(&init_mm, WALK_START, WALK_END - WALK_START,
				      record_pte, &log), -EIO);
	EXPECT_VISITS_IN_ORDER(&log, WALK_START, stop + 1);
	/* Tables were made up to the failing page, none beyond. */
	for (unsigned long addr = WALK_START; addr <= stop_addr; addr += PAGE_SIZE) {
		if (addr >> PMD_SHIFT != last_pte) {
			pte_tables++;
			last_pte = addr >> PMD_SHIFT;
		}
		if (addr >> PUD_SHIFT != last_pmd) {
			pmd_tables++;
			last_pmd = addr >> PUD_SHIFT;
		}
	}
	if (init_mm.nr_pgtables != NR_VMALLOC_PUD_TABLES + pte_tables + pmd_tables)
		TEST_FAIL("stopped at page %lu (%#lx): expected %lu pmd + %lu pte tables, "
			  "found %lu page-table pages beyond the 64 PUD", stop, stop_addr,
			  pmd_tables, pte_tables, init_mm.nr_pgtables - NR_VMALLOC_PUD_TABLES);
	/* The same for the walk over existing tables (the first holds 3 pages). */
	log.nr = 0;
	log.fail_at = 1;
	log.err = -EBUSY;
	EXPECT_EQ(apply_to_existing_page_range(&init_mm, WALK_START, WALK_END - WALK_START,
					       record_pte, &log), -EBUSY);
	EXPECT_EQ(log.nr, 2);
	free(log.addrs);
}

TEST(apply_to_page_range_rejects_empty_and_unaligned_ranges)
{
	struct visit_log log;
	unsigned long warns;

	vmalloc_boot();
	visit_log_init(&log, 4);
	warns = host_warn_count();
	EXPECT_EQ(apply_to_page_range(&init_mm, VMALLOC_START, 0, record_pte, &log), -EINVAL);
	EXPECT_EQ(apply_to_page_range(&init_mm, VMALLOC_START + 1, PAGE_SIZE, record_pte, &log),
		  -EINVAL);
	EXPECT_EQ(apply_to_page_range(&init_mm, VMALLOC_START, 100, record_pte, &log), -EINVAL);
	EXPECT_EQ(log.nr, 0);
	EXPECT_EQ(host_warn_count(), warns + 3);
	EXPECT_EQ(init_mm.nr_pgtables, NR_VMALLOC_PUD_TABLES);
	free(log.addrs);
}

TEST(apply_to_page_range_returns_enomem_when_a_table_cannot_be_allocated)
{
	struct visit_log log;

	vmalloc_boot();
	visit_log_init(&log, WALK_PAGES + 1);
	fail_page_alloc_setup("100");
	EXPECT_EQ(apply_to_page_range(&init_mm, WALK_START, WALK_END - WALK_START,
				      record_pte, &log), -ENOMEM);
	fail_page_alloc_setup("0");
	EXPECT_EQ(log.nr, 0);
	EXPECT_EQ(init_mm.nr_pgtables, NR_VMALLOC_PUD_TABLES);
	/* The pmd table allocated, the first pte table not: no pte visited. */
	fail_page_alloc_setup("100,2");
	EXPECT_EQ(apply_to_page_range(&init_mm, WALK_START, WALK_END - WALK_START,
				      record_pte, &log), -ENOMEM);
	fail_page_alloc_setup("0");
	EXPECT_EQ(log.nr, 0);
	EXPECT_EQ(init_mm.nr_pgtables, NR_VMALLOC_PUD_TABLES + 1);
	EXPECT_EQ(free_empty_kernel_tables(&init_mm, WALK_START, WALK_END - WALK_START), 1);
	EXPECT_EQ(unaccounted_pages(0), 0);
	free(log.addrs);
}

static int set_marker_pte(pte_t *pte, unsigned long addr, void *data)
{
	(void)addr;
	set_pte(pte, mk_pte((struct page *)data, PAGE_KERNEL));
	return 0;
}

static int nop_pte(pte_t *pte, unsigned long addr, void *data)
{
	(void)pte;
	(void)addr;
	(void)data;
	return 0;
}

TEST(free_empty_kernel_tables_frees_only_empty_pte_and_pmd_tables)
{
	const unsigned long busy = VMALLOC_START + PUD_SIZE - PMD_SIZE + 7 * PAGE_SIZE;
	struct page *marker, *t0, *t2, *t3, *pmd2;
	unsigned long flushes;

	vmalloc_boot();
	marker = alloc_page(GFP_KERNEL);
	EXPECT_EQ(apply_to_page_range(&init_mm, WALK_START, WALK_END - WALK_START,
				      nop_pte, NULL), 0);
	/* One pte in the second pte table (the last 2 MiB below 1 GiB). */
	EXPECT_EQ(apply_to_page_range(&init_mm, busy, PAGE_SIZE, set_marker_pte, marker), 0);
	t0 = pte_table_page(WALK_START);
	t2 = pte_table_page(VMALLOC_START + PUD_SIZE);
	t3 = pte_table_page(WALK_END - PAGE_SIZE);
	pmd2 = pmd_table_page(VMALLOC_START + PUD_SIZE);
	ASSERT_TRUE(t0 && t2 && t3 && pmd2);

	/* Only part of the range: only its empty pte table goes. */
	flushes = nr_tlb_flush_all;
	EXPECT_EQ(free_empty_kernel_tables(&init_mm, WALK_START, PAGE_SIZE), 1);
	EXPECT_EQ(nr_tlb_flush_all, flushes + 1);
	EXPECT_FALSE(PageTable(t0));
	EXPECT_TRUE(pte_table_page(WALK_START) == NULL);
	EXPECT_TRUE(PageTable(t2) && PageTable(t3) && PageTable(pmd2));

	/* The whole range: t2, t3 and the pmd table above 1 GiB; not the busy ones. */
	EXPECT_EQ(free_empty_kernel_tables(&init_mm, WALK_START, WALK_END - WALK_START), 3);
	EXPECT_EQ(nr_tlb_flush_all, flushes + 2);
	EXPECT_FALSE(PageTable(t2) || PageTable(t3) || PageTable(pmd2));
	EXPECT_EQ(init_mm.nr_pgtables, NR_VMALLOC_PUD_TABLES + 2);
	EXPECT_EQ(nr_page_table_pages, NR_VMALLOC_PUD_TABLES + 2);
	EXPECT_EQ(pte_pfn(pte_at(busy)), page_to_pfn(marker));
	EXPECT_TRUE(PageTable(pte_table_page(busy)));
	EXPECT_TRUE(PageTable(pmd_table_page(busy)));

	/* Nothing empty: nothing freed, no flush. */
	EXPECT_EQ(free_empty_kernel_tables(&init_mm, WALK_START, WALK_END - WALK_START), 0);
	EXPECT_EQ(nr_tlb_flush_all, flushes + 2);

	/* Empty the last pte: its table and the pmd table go; the PUD tables stay. */
	ptep_get_and_clear(walk_to_pte(busy));
	EXPECT_EQ(free_empty_kernel_tables(&init_mm, VMALLOC_START, VMALLOC_SIZE), 2);
	EXPECT_EQ(init_mm.nr_pgtables, NR_VMALLOC_PUD_TABLES);
	EXPECT_PUD_TABLES_KEPT();
	__free_page(marker);
	EXPECT_EQ(unaccounted_pages(0), 0);
}

TEST(pud_pmd_pte_alloc_make_one_zeroed_table_each_and_reuse_it)
{
	const unsigned long addr = 0xffffa00000000000UL;	/* not vmalloc: empty PGD entry */
	p4d_t *p4d = p4d_offset(pgd_offset_k(addr), addr);
	pud_t *pud;
	pmd_t *pmd;
	pte_t *pte;

	unsigned long warns;

	vmalloc_boot();
	ASSERT_TRUE(p4d_none(*p4d));
	/* After vmalloc_init() the kernel half of the PGD is frozen: refused, loudly. */
	EXPECT_TRUE(kernel_pgd_frozen);
	warns = host_warn_count();
	EXPECT_EQ(__pud_alloc(&init_mm, p4d, addr), -ENOMEM);
	EXPECT_EQ(host_warn_count(), warns + 1);
	EXPECT_TRUE(p4d_none(*p4d));
	kernel_pgd_frozen = false;	/* as during boot, before vmalloc_init() */
	fail_page_alloc_setup("100");
	EXPECT_EQ(__pud_alloc(&init_mm, p4d, addr), -ENOMEM);
	EXPECT_PTR_EQ(pud_alloc(&init_mm, p4d, addr), NULL);
	fail_page_alloc_setup("0");
	EXPECT_TRUE(p4d_none(*p4d));
	EXPECT_EQ(init_mm.nr_pgtables, NR_VMALLOC_PUD_TABLES);

	pud = pud_alloc(&init_mm, p4d, addr);
	ASSERT_TRUE(pud != NULL);
	EXPECT_PTR_EQ(pud, pud_offset(p4d, addr));
	EXPECT_TRUE(PageTable(virt_to_page(pud)));
	EXPECT_TRUE(page_is_zero(virt_to_page(pud)));	/* fake RAM was 0x5a */
	EXPECT_EQ(p4d_val(*p4d) & ~PTE_PFN_MASK, _KERNPG_TABLE);
	EXPECT_PTR_EQ(pud_alloc(&init_mm, p4d, addr), pud);
	EXPECT_EQ(init_mm.nr_pgtables, NR_VMALLOC_PUD_TABLES + 1);

	fail_page_alloc_setup("100");
	EXPECT_PTR_EQ(pmd_alloc(&init_mm, pud, addr), NULL);
	fail_page_alloc_setup("0");
	EXPECT_TRUE(pud_none(*pud));
	pmd = pmd_alloc(&init_mm, pud, addr);
	ASSERT_TRUE(pmd != NULL);
	EXPECT_PTR_EQ(pmd, pmd_offset(pud, addr));
	EXPECT_TRUE(PageTable(virt_to_page(pmd)));
	EXPECT_TRUE(page_is_zero(virt_to_page(pmd)));
	EXPECT_PTR_EQ(pmd_alloc(&init_mm, pud, addr), pmd);

	fail_page_alloc_setup("100");
	EXPECT_PTR_EQ(pte_alloc_kernel(pmd, addr), NULL);
	fail_page_alloc_setup("0");
	EXPECT_TRUE(pmd_none(*pmd));
	pte = pte_alloc_kernel(pmd, addr);
	ASSERT_TRUE(pte != NULL);
	EXPECT_PTR_EQ(pte, walk_to_pte(addr));
	EXPECT_TRUE(PageTable(virt_to_page(pte)));
	EXPECT_TRUE(page_is_zero(virt_to_page(pte)));
	EXPECT_PTR_EQ(pte_alloc_kernel(pmd, addr), pte);
	EXPECT_EQ(init_mm.nr_pgtables, NR_VMALLOC_PUD_TABLES + 3);
	EXPECT_EQ(nr_page_table_pages, NR_VMALLOC_PUD_TABLES + 3);
	/* The pte and pmd tables go back when empty; the PUD table stays. */
	EXPECT_EQ(free_empty_kernel_tables(&init_mm, addr, PAGE_SIZE), 2);
	EXPECT_TRUE(p4d_present(*p4d));
	EXPECT_TRUE(pud_none(*pud));
	EXPECT_EQ(unaccounted_pages(0), 0);
	kernel_pgd_frozen = true;
}
