/*
 * tests/host/test_memblock.c - mm/memblock.c: the boot-time memory manager.
 *
 * Fixed cases show each rule: adding sorts and merges (overlapping and
 * touching ranges become one region), reserving does the same in its own
 * table, removing from the middle splits, mem= keeps the first bytes of
 * RAM by address, allocation is top-down, aligned, inside its window and
 * below current_limit, never at 0, and a full table says -ENOMEM and
 * changes nothing.
 *
 * The randomised tests run thousands of add/reserve/remove/alloc/mem=
 * operations against a reference model: one bool per unit of a small
 * physical space for "memory" and one for "reserved".  After every
 * operation both tables must equal the model's maximal runs exactly (so
 * sorted, disjoint, merged, sizes and totals right), the free-range
 * iterator must list the model's free runs, lookups must agree, and each
 * allocation must be the highest aligned free range the model knows in
 * the requested window (so it was free before, and is reserved after).
 * Every add/reserve/remove must succeed exactly when the model says the
 * table has room for the pieces (or splits) it needs, and change nothing
 * when it fails; every other round lowers the tables' max so that full
 * tables are met often.  One model counts 4 KiB pages over 64 MiB (5000
 * operations), the other bytes over 12 KiB (10000 operations: unaligned
 * sizes, alignments down to 1, and the first page that is never handed
 * out).  The tests reach memblock's tables directly (struct memblock is
 * public) to empty them between cases.
 */
#include <stdlib.h>

#include "test.h"
#include "kernel_lib.h"
#include "shim/kernel_shim.h"

#include <mneme/kernel.h>
#include <mneme/memblock.h>
#include <mneme/mm_early.h>

/* Both tables empty and no limit, as at boot (tests may share a process). */
static void memblock_reset(void)
{
	memblock.memory.cnt = 0;
	memblock.memory.total_size = 0;
	memblock.reserved.cnt = 0;
	memblock.reserved.total_size = 0;
	memblock.current_limit = MEMBLOCK_ALLOC_ANYWHERE;
	memblock.memory.max = INIT_MEMBLOCK_REGIONS;
	memblock.reserved.max = INIT_MEMBLOCK_REGIONS;
}

/* The table holds exactly these regions, in this order. */
static void expect_regions(const char *file, int line,
			   const struct memblock_type *type,
			   const struct memblock_region *want, unsigned long n)
{
	phys_addr_t total = 0;

	test_check_int(file, line, "EXPECT_REGIONS", "cnt", "expected cnt",
		       (long long)type->cnt, (long long)n, true);
	for (unsigned long i = 0; i < n && i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];

		if (r->base != want[i].base || r->size != want[i].size)
			test_fail_at(file, line,
				     "%s[%lu] is [%#llx, +%#llx), expected [%#llx, +%#llx)",
				     type->name, i, (unsigned long long)r->base,
				     (unsigned long long)r->size,
				     (unsigned long long)want[i].base,
				     (unsigned long long)want[i].size);
	}
	for (unsigned long i = 0; i < n; i++)
		total += want[i].size;
	test_check_int(file, line, "EXPECT_REGIONS", "total_size",
		       "sum of expected sizes", (long long)type->total_size,
		       (long long)total, true);
}

#define REGIONS(...)	((const struct memblock_region[]){ __VA_ARGS__ })
#define EXPECT_REGIONS(type, ...)					\
	expect_regions(__FILE__, __LINE__, type, REGIONS(__VA_ARGS__),	\
		       sizeof(REGIONS(__VA_ARGS__)) / sizeof(struct memblock_region))
#define EXPECT_EMPTY(type)	expect_regions(__FILE__, __LINE__, type, NULL, 0)

#define MEM	(&memblock.memory)
#define RSV	(&memblock.reserved)
#define M(x)	MB(x)

/* ---- add ---------------------------------------------------------------- */

TEST(add_keeps_regions_sorted)
{
	memblock_reset();
	EXPECT_EQ(memblock_add(M(8), M(2)), 0);
	EXPECT_EQ(memblock_add(M(1), M(1)), 0);
	EXPECT_EQ(memblock_add(M(4), M(1)), 0);
	EXPECT_REGIONS(MEM, { M(1), M(1) }, { M(4), M(1) }, { M(8), M(2) });
	EXPECT_EQ(memblock_phys_mem_size(), M(4));
	EXPECT_EQ(memblock_start_of_DRAM(), M(1));
	EXPECT_EQ(memblock_end_of_DRAM(), M(10));
	EXPECT_EMPTY(RSV);
}

TEST(add_adjacent_ranges_merge)
{
	memblock_reset();
	memblock_add(M(2), M(1));
	memblock_add(M(3), M(1));	/* touches from above */
	memblock_add(M(1), M(1));	/* touches from below */
	EXPECT_REGIONS(MEM, { M(1), M(3) });
	memblock_add(M(6), M(1));
	memblock_add(M(4), M(2));	/* fills the hole exactly */
	EXPECT_REGIONS(MEM, { M(1), M(6) });
}

TEST(add_overlapping_ranges_merge)
{
	memblock_reset();
	memblock_add(M(2), M(2));
	memblock_add(M(3), M(2));	/* overlaps the top */
	EXPECT_REGIONS(MEM, { M(2), M(3) });
	memblock_add(M(1), M(2));	/* overlaps the bottom */
	EXPECT_REGIONS(MEM, { M(1), M(4) });
	memblock_add(M(2), M(1));	/* wholly inside: nothing changes */
	EXPECT_REGIONS(MEM, { M(1), M(4) });
	memblock_add(M(8), M(1));
	memblock_add(M(10), M(1));
	memblock_add(M(12), M(1));
	memblock_add(M(7), M(7));	/* covers three regions and the holes */
	EXPECT_REGIONS(MEM, { M(1), M(4) }, { M(7), M(7) });
	memblock_add(0, M(20));		/* swallows everything */
	EXPECT_REGIONS(MEM, { 0, M(20) });
}

TEST(add_zero_size_is_a_noop)
{
	memblock_reset();
	EXPECT_EQ(memblock_add(M(1), 0), 0);
	EXPECT_EQ(memblock_reserve(M(1), 0), 0);
	EXPECT_EQ(memblock_remove(M(1), 0), 0);
	EXPECT_EMPTY(MEM);
	EXPECT_EMPTY(RSV);
	EXPECT_EQ(memblock_start_of_DRAM(), 0);
	EXPECT_EQ(memblock_end_of_DRAM(), 0);
}

TEST(add_size_past_end_of_address_space_is_capped)
{
	phys_addr_t base = PHYS_ADDR_MAX - 0xfff;

	memblock_reset();
	EXPECT_EQ(memblock_add(base, 0x10000), 0);
	EXPECT_REGIONS(MEM, { base, 0xfff });
	EXPECT_EQ(memblock_end_of_DRAM(), PHYS_ADDR_MAX);
	EXPECT_EQ(memblock_reserve(M(1), PHYS_ADDR_MAX), 0);
	EXPECT_REGIONS(RSV, { M(1), PHYS_ADDR_MAX - M(1) });
	EXPECT_EQ(memblock_remove(base + 0x10, PHYS_ADDR_MAX), 0);
	EXPECT_REGIONS(MEM, { base, 0x10 });
}

/* ---- reserve ------------------------------------------------------------ */

TEST(reserve_inside_memory)
{
	memblock_reset();
	memblock_add(M(1), M(15));
	EXPECT_EQ(memblock_reserve(M(2), 0x1000), 0);
	EXPECT_EQ(memblock_reserve(M(2) + 0x1000, 0x1000), 0);	/* merges */
	EXPECT_REGIONS(RSV, { M(2), 0x2000 });
	EXPECT_REGIONS(MEM, { M(1), M(15) });	/* memory is untouched */
	EXPECT_EQ(memblock_reserved_size(), 0x2000);
}

TEST(reserve_overlapping_and_outside_memory)
{
	memblock_reset();
	memblock_add(M(1), M(4));
	memblock_reserve(M(2), M(1));
	memblock_reserve(M(4), M(1));
	memblock_reserve(M(2) + 0x800, M(3) - 0x800);	/* both and the gap */
	EXPECT_REGIONS(RSV, { M(2), M(3) });
	memblock_reserve(M(100), M(1));		/* firmware, not RAM: allowed */
	EXPECT_REGIONS(RSV, { M(2), M(3) }, { M(100), M(1) });
	EXPECT_TRUE(memblock_is_reserved(M(100)));
	EXPECT_FALSE(memblock_is_memory(M(100)));
}

/* ---- remove ------------------------------------------------------------- */

TEST(remove_from_middle_splits_region)
{
	memblock_reset();
	memblock_add(M(1), M(9));
	EXPECT_EQ(memblock_remove(M(4), M(2)), 0);
	EXPECT_REGIONS(MEM, { M(1), M(3) }, { M(6), M(4) });
	EXPECT_EQ(memblock_remove(M(1), M(1)), 0);	/* the bottom */
	EXPECT_EQ(memblock_remove(M(9), M(5)), 0);	/* the top and beyond */
	EXPECT_REGIONS(MEM, { M(2), M(2) }, { M(6), M(3) });
}

TEST(remove_across_several_regions)
{
	memblock_reset();
	memblock_add(M(1), M(2));
	memblock_add(M(4), M(2));
	memblock_add(M(7), M(2));
	memblock_add(M(10), M(2));
	EXPECT_EQ(memblock_remove(M(2), M(8)), 0);
	EXPECT_REGIONS(MEM, { M(1), M(1) }, { M(10), M(2) });
	EXPECT_EQ(memblock_remove(M(20), M(1)), 0);	/* nothing there */
	EXPECT_REGIONS(MEM, { M(1), M(1) }, { M(10), M(2) });
	EXPECT_EQ(memblock_remove(0, M(100)), 0);
	EXPECT_EMPTY(MEM);
}

/* ---- mem= --------------------------------------------------------------- */

TEST(enforce_memory_limit_keeps_first_bytes_by_address)
{
	memblock_reset();
	memblock_add(M(1), M(2));		/* [1, 3) */
	memblock_add(M(4), M(4));		/* [4, 8) */
	memblock_add(M(16), M(16));		/* [16, 32) */
	memblock_reserve(M(5), M(2));		/* cut at 6 */
	memblock_reserve(M(7), M(1));		/* gone */
	memblock_reserve(M(40), M(1));		/* gone: above the new end */
	memblock_enforce_memory_limit(M(4));
	EXPECT_REGIONS(MEM, { M(1), M(2) }, { M(4), M(2) });
	EXPECT_REGIONS(RSV, { M(5), M(1) });
	EXPECT_EQ(memblock_phys_mem_size(), M(4));
	EXPECT_EQ(memblock_end_of_DRAM(), M(6));
}

TEST(enforce_memory_limit_at_or_above_total_changes_nothing)
{
	memblock_reset();
	memblock_add(M(1), M(2));
	memblock_add(M(4), M(4));
	memblock_enforce_memory_limit(M(100));
	memblock_enforce_memory_limit(0);	/* 0: no limit */
	EXPECT_REGIONS(MEM, { M(1), M(2) }, { M(4), M(4) });
	memblock_enforce_memory_limit(M(2));	/* exactly the first region */
	EXPECT_REGIONS(MEM, { M(1), M(2) });
}

/* ---- allocation --------------------------------------------------------- */

TEST(alloc_is_top_down_and_reserves)
{
	memblock_reset();
	memblock_add(M(1), M(15));
	EXPECT_EQ(memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE), M(16) - PAGE_SIZE);
	EXPECT_EQ(memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE), M(16) - 2 * PAGE_SIZE);
	EXPECT_REGIONS(RSV, { M(16) - 2 * PAGE_SIZE, 2 * PAGE_SIZE });
	/* highest 2 MiB-aligned 2 MiB below 16M - 8K is 12M */
	EXPECT_EQ(memblock_phys_alloc(M(2), M(2)), M(12));
	EXPECT_REGIONS(RSV, { M(12), M(2) }, { M(16) - 2 * PAGE_SIZE, 2 * PAGE_SIZE });
	/* the hole between them is used next */
	EXPECT_EQ(memblock_phys_alloc(PAGE_SIZE, 0), M(16) - 3 * PAGE_SIZE);
	EXPECT_EQ(memblock_phys_alloc(100, 8), M(16) - 3 * PAGE_SIZE - 104);
}

TEST(alloc_skips_reserved_and_holes)
{
	memblock_reset();
	memblock_add(M(1), M(1));
	memblock_add(M(4), M(1));
	memblock_reserve(M(4) + PAGE_SIZE, M(1) - PAGE_SIZE);	/* [4M+4K, 5M) */
	/* 8K does not fit in [4M, 4M+4K): it comes from the lower region */
	EXPECT_EQ(memblock_phys_alloc(2 * PAGE_SIZE, PAGE_SIZE), M(2) - 2 * PAGE_SIZE);
	EXPECT_EQ(memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE), M(4));
}

TEST(alloc_honours_window_and_current_limit)
{
	memblock_reset();
	memblock_add(0, M(64));
	/* end is exclusive: [9M - 4K, 9M) does not fit below 9M - 1 */
	EXPECT_EQ(memblock_phys_alloc_range(PAGE_SIZE, PAGE_SIZE, M(8), M(9) - 1),
		  M(9) - 2 * PAGE_SIZE);
	EXPECT_EQ(memblock_phys_alloc_range(PAGE_SIZE, PAGE_SIZE, M(8), M(9)),
		  M(9) - PAGE_SIZE);
	memblock_set_current_limit(M(4));
	EXPECT_EQ(memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE), M(4) - PAGE_SIZE);
	EXPECT_EQ(memblock_phys_alloc_range(PAGE_SIZE, PAGE_SIZE, M(8), M(9)), 0);
	memblock_set_current_limit(MEMBLOCK_ALLOC_ANYWHERE);
	EXPECT_EQ(memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE), M(64) - PAGE_SIZE);
	/* memblock_phys_alloc() stays at or above MEMBLOCK_LOW_LIMIT */
	memblock_set_current_limit(MEMBLOCK_LOW_LIMIT + PAGE_SIZE);
	EXPECT_EQ(memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE), MEMBLOCK_LOW_LIMIT);
	EXPECT_EQ(memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE), 0);
}

TEST(alloc_never_returns_page_zero)
{
	int n = 0;

	memblock_reset();
	memblock_add(0, 16 * PAGE_SIZE);
	while (memblock_phys_alloc_range(PAGE_SIZE, PAGE_SIZE, 0, M(1)))
		n++;
	EXPECT_EQ(n, 15);		/* every page but the first */
	EXPECT_FALSE(memblock_is_reserved(0));
	EXPECT_EQ(memblock_phys_alloc_range(1, 1, 0, M(1)), 0);
}

TEST(alloc_failure_returns_zero_and_changes_nothing)
{
	memblock_reset();
	memblock_add(M(1), M(1));
	memblock_reserve(M(1) + PAGE_SIZE, PAGE_SIZE);
	EXPECT_EQ(memblock_phys_alloc(M(2), PAGE_SIZE), 0);	/* too big */
	EXPECT_EQ(memblock_phys_alloc(PAGE_SIZE, M(4)), 0);	/* no 4M-aligned page */
	EXPECT_EQ(memblock_phys_alloc(0, PAGE_SIZE), 0);	/* nothing asked */
	EXPECT_EQ(memblock_phys_alloc(PAGE_SIZE, 3 * PAGE_SIZE), 0);	/* align not 2^n */
	EXPECT_EQ(memblock_phys_alloc_range(PAGE_SIZE, PAGE_SIZE, M(3), M(2)), 0);
	EXPECT_REGIONS(RSV, { M(1) + PAGE_SIZE, PAGE_SIZE });
	memblock_reset();
	EXPECT_EQ(memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE), 0);	/* no memory */
	EXPECT_EMPTY(RSV);
}

TEST(memblock_alloc_returns_zeroed_direct_map_address)
{
	unsigned char *p;

	memblock_reset();
	memblock_add(MEMBLOCK_LOW_LIMIT, 4 * PAGE_SIZE);
	memset(__va(MEMBLOCK_LOW_LIMIT), 0xa5, 4 * PAGE_SIZE);
	p = memblock_alloc(3 * PAGE_SIZE, PAGE_SIZE);
	ASSERT_TRUE(p != NULL);
	EXPECT_EQ(__pa(p), MEMBLOCK_LOW_LIMIT + PAGE_SIZE);
	for (size_t i = 0; i < 3 * PAGE_SIZE; i++)
		if (p[i] != 0) {
			TEST_FAIL("byte %zu of the allocation is %#x, expected 0", i, p[i]);
			break;
		}
	EXPECT_EQ(*(unsigned char *)__va(MEMBLOCK_LOW_LIMIT), 0xa5);	/* untouched */
	EXPECT_PTR_EQ(memblock_alloc(2 * PAGE_SIZE, PAGE_SIZE), NULL);
}

/* ---- lookups and iteration ---------------------------------------------- */

TEST(is_memory_and_is_reserved_at_boundaries)
{
	memblock_reset();
	memblock_add(M(1), M(1));
	memblock_add(M(3), M(1));
	memblock_reserve(M(3), PAGE_SIZE);
	EXPECT_FALSE(memblock_is_memory(M(1) - 1));
	EXPECT_TRUE(memblock_is_memory(M(1)));
	EXPECT_TRUE(memblock_is_memory(M(2) - 1));
	EXPECT_FALSE(memblock_is_memory(M(2)));
	EXPECT_TRUE(memblock_is_memory(M(3)));
	EXPECT_FALSE(memblock_is_memory(M(4)));
	EXPECT_FALSE(memblock_is_reserved(M(3) - 1));
	EXPECT_TRUE(memblock_is_reserved(M(3)));
	EXPECT_TRUE(memblock_is_reserved(M(3) + PAGE_SIZE - 1));
	EXPECT_FALSE(memblock_is_reserved(M(3) + PAGE_SIZE));
	memblock_reset();
	EXPECT_FALSE(memblock_is_memory(0));
	EXPECT_FALSE(memblock_is_reserved(0));
}

TEST(free_ranges_skip_reserved_and_holes)
{
	phys_addr_t want[][2] = {
		{ M(1), M(2) }, { M(3), M(4) }, { M(6) + M(1) / 2, M(8) },
		{ M(9), M(10) },
	};
	phys_addr_t start, end;
	unsigned long n = 0;
	u64 i;

	memblock_reset();
	memblock_add(M(1), M(4));		/* [1, 5) */
	memblock_add(M(6), M(4));		/* [6, 10) */
	memblock_reserve(0, M(1));		/* below memory */
	memblock_reserve(M(2), M(1));		/* inside the first */
	memblock_reserve(M(4), M(2));		/* over the hole */
	memblock_reserve(M(6), M(1) / 2);	/* touches the previous: merges */
	memblock_reserve(M(8), M(1));
	for_each_free_mem_range(i, &start, &end) {
		if (n < ARRAY_SIZE(want) && (start != want[n][0] || end != want[n][1]))
			TEST_FAIL("free range %lu is [%#llx, %#llx), expected [%#llx, %#llx)",
				  n, (unsigned long long)start, (unsigned long long)end,
				  (unsigned long long)want[n][0],
				  (unsigned long long)want[n][1]);
		n++;
	}
	EXPECT_EQ(n, ARRAY_SIZE(want));
	EXPECT_REGIONS(RSV, { 0, M(1) }, { M(2), M(1) }, { M(4), M(2) + M(1) / 2 },
		       { M(8), M(1) });
}

TEST(free_ranges_of_empty_and_fully_reserved)
{
	phys_addr_t start, end;
	unsigned long n = 0;
	u64 i;

	memblock_reset();
	for_each_free_mem_range(i, &start, &end)
		n++;
	EXPECT_EQ(n, 0);
	memblock_add(M(1), M(1));
	memblock_reserve(0, M(4));
	for_each_free_mem_range(i, &start, &end)
		n++;
	EXPECT_EQ(n, 0);
}

TEST(for_each_mem_region_visits_all)
{
	struct memblock_region *r;
	phys_addr_t sum = 0;
	int n = 0;

	memblock_reset();
	memblock_add(M(1), M(1));
	memblock_add(M(3), M(2));
	for_each_mem_region(r) {
		sum += r->size;
		n++;
	}
	EXPECT_EQ(n, 2);
	EXPECT_EQ(sum, M(3));
}

TEST(dump_all_prints_both_tables_like_linux)
{
	memblock_reset();
	memblock_add(M(1), M(1));
	memblock_add(M(4), M(2));
	memblock_reserve(M(1), PAGE_SIZE);
	host_printk_reset();
	memblock_dump_all();
	EXPECT_STREQ(host_printk_buffer(),
		     "MEMBLOCK configuration:\n"
		     " memory size = 0x0000000000300000 reserved size = 0x0000000000001000\n"
		     " memory.cnt  = 0x2\n"
		     " memory[0x0]\t[0x0000000000100000-0x00000000001fffff], 0x0000000000100000 bytes\n"
		     " memory[0x1]\t[0x0000000000400000-0x00000000005fffff], 0x0000000000200000 bytes\n"
		     " reserved.cnt  = 0x1\n"
		     " reserved[0x0]\t[0x0000000000100000-0x0000000000100fff], 0x0000000000001000 bytes\n");
}

/* ---- full tables -------------------------------------------------------- */

/* Fill memory with max disjoint 4K regions, 8K apart, from 1 MiB up. */
static void fill_memory_table(void)
{
	for (unsigned long i = 0; i < INIT_MEMBLOCK_REGIONS; i++)
		memblock_add(M(1) + i * 2 * PAGE_SIZE, PAGE_SIZE);
}

TEST(full_table_returns_enomem_and_changes_nothing)
{
	struct memblock_region saved[INIT_MEMBLOCK_REGIONS];
	phys_addr_t top = M(1) + INIT_MEMBLOCK_REGIONS * 2 * PAGE_SIZE;

	memblock_reset();
	fill_memory_table();
	ASSERT_EQ(memblock.memory.cnt, INIT_MEMBLOCK_REGIONS);
	memcpy(saved, memblock.memory.regions, sizeof(saved));
	EXPECT_EQ(memblock_add(top + PAGE_SIZE, PAGE_SIZE), -ENOMEM);
	/* pieces are counted before merging, as in Linux */
	EXPECT_EQ(memblock_add(top - PAGE_SIZE, PAGE_SIZE), -ENOMEM);
	/* splitting needs a slot */
	EXPECT_EQ(memblock_remove(M(1) + 0x100, 0x100), -ENOMEM);
	EXPECT_EQ(memcmp(saved, memblock.memory.regions, sizeof(saved)), 0);
	EXPECT_EQ(memblock_phys_mem_size(), INIT_MEMBLOCK_REGIONS * PAGE_SIZE);
	/* what needs no new slot still works */
	EXPECT_EQ(memblock_add(M(1), PAGE_SIZE), 0);
	EXPECT_EQ(memblock_remove(M(1), PAGE_SIZE), 0);
	EXPECT_EQ(memblock.memory.cnt, INIT_MEMBLOCK_REGIONS - 1);
	/* one piece, which then merges with both neighbours */
	EXPECT_EQ(memblock_add(M(1) + 3 * PAGE_SIZE, PAGE_SIZE), 0);
	EXPECT_EQ(memblock.memory.cnt, INIT_MEMBLOCK_REGIONS - 2);
	/* mem= cuts, so it works on a full table too */
	memblock_reset();
	fill_memory_table();
	memblock_enforce_memory_limit(PAGE_SIZE / 2);
	EXPECT_REGIONS(MEM, { M(1), PAGE_SIZE / 2 });
}

TEST(alloc_fails_when_reserved_table_full)
{
	memblock_reset();
	memblock_add(M(1), M(2));
	for (unsigned long i = 0; i < INIT_MEMBLOCK_REGIONS; i++)
		memblock_reserve(M(1) + i * 2 * PAGE_SIZE, PAGE_SIZE);
	ASSERT_EQ(memblock.reserved.cnt, INIT_MEMBLOCK_REGIONS);
	EXPECT_EQ(memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE), 0);
	EXPECT_EQ(memblock.reserved.cnt, INIT_MEMBLOCK_REGIONS);
	EXPECT_EQ(memblock_reserved_size(), INIT_MEMBLOCK_REGIONS * PAGE_SIZE);
}

/* Occurrences of s in what has been printk()ed since the last reset. */
static int printk_count(const char *s)
{
	int n = 0;

	for (const char *p = host_printk_buffer(); (p = strstr(p, s)); p++)
		n++;
	return n;
}

/*
 * Once per table and process: in one process (TEST_NOFORK=1) an earlier
 * test may have had the warning already.
 */
TEST(full_table_warns_once)
{
	bool own_process = getenv("TEST_NOFORK") == NULL;

	memblock_reset();
	fill_memory_table();
	host_printk_reset();
	EXPECT_EQ(memblock_add(0, PAGE_SIZE), -ENOMEM);
	EXPECT_EQ(memblock_add(0, PAGE_SIZE), -ENOMEM);
	EXPECT_EQ(memblock_remove(M(1) + 0x100, 0x100), -ENOMEM);
	if (own_process)
		EXPECT_EQ(printk_count("memblock: memory table full"), 1);
	else
		EXPECT_TRUE(printk_count("memblock: memory table full") <= 1);
}

/* ---- randomised, against a reference model ------------------------------ */

/*
 * The model: unit i is the byte range [i * unit, (i + 1) * unit), and
 * mem[i]/res[i] say whether memblock should have it in memory/reserved.
 * Every operation uses whole units, inside the modelled space.
 */
#define SMALL_TABLE_MAX		12

struct model {
	phys_addr_t unit;		/* bytes per unit */
	unsigned long nr;		/* units modelled */
	bool *mem, *res;
	unsigned long *free_prefix;	/* free units below i, for alloc */
	char op[160];			/* the operation just done, for failures */
	long nr_op;
};

static phys_addr_t addr_of(const struct model *m, unsigned long u)
{
	return (phys_addr_t)u * m->unit;
}

static void model_init(struct model *m, phys_addr_t unit, unsigned long nr)
{
	m->unit = unit;
	m->nr = nr;
	m->mem = calloc(nr, sizeof(bool));
	m->res = calloc(nr, sizeof(bool));
	m->free_prefix = calloc(nr + 1, sizeof(unsigned long));
	m->nr_op = 0;
}

/*
 * A clean state.  Every other round the tables pretend to be small (max
 * lowered, never raised), so that full tables are met often.
 */
static void model_clear(struct model *m, int round)
{
	memset(m->mem, 0, m->nr * sizeof(bool));
	memset(m->res, 0, m->nr * sizeof(bool));
	memblock_reset();
	if (round % 2) {
		memblock.memory.max = test_rand_range(1, SMALL_TABLE_MAX);
		memblock.reserved.max = test_rand_range(1, SMALL_TABLE_MAX);
	}
}

static void model_free(struct model *m)
{
	free(m->mem);
	free(m->res);
	free(m->free_prefix);
}

static void set_units(bool *map, unsigned long s, unsigned long e, bool v)
{
	for (unsigned long u = s; u < e; u++)
		map[u] = v;
}

/* The table must hold exactly the maximal runs of map. */
static void check_table(struct model *m, const struct memblock_type *type,
			const bool *map)
{
	unsigned long idx = 0, u = 0, count = 0;

	if (type->cnt > type->max)
		TEST_FAIL("after op %ld (%s): %s.cnt %lu > max %lu", m->nr_op,
			  m->op, type->name, type->cnt, type->max);
	while (u < m->nr && !test_failed()) {
		unsigned long s, e;

		for (; u < m->nr && !map[u]; u++)
			;
		if (u == m->nr)
			break;
		for (s = u; u < m->nr && map[u]; u++)
			;
		e = u;
		count += e - s;
		if (idx >= type->cnt) {
			TEST_FAIL("after op %ld (%s): %s lacks [%#llx, %#llx) (cnt %lu)",
				  m->nr_op, m->op, type->name,
				  (unsigned long long)addr_of(m, s),
				  (unsigned long long)addr_of(m, e), type->cnt);
			return;
		}
		if (type->regions[idx].base != addr_of(m, s) ||
		    type->regions[idx].size != addr_of(m, e - s))
			TEST_FAIL("after op %ld (%s): %s[%lu] is [%#llx, +%#llx), model says [%#llx, +%#llx)",
				  m->nr_op, m->op, type->name, idx,
				  (unsigned long long)type->regions[idx].base,
				  (unsigned long long)type->regions[idx].size,
				  (unsigned long long)addr_of(m, s),
				  (unsigned long long)addr_of(m, e - s));
		idx++;
	}
	if (!test_failed() && idx != type->cnt)
		TEST_FAIL("after op %ld (%s): %s.cnt is %lu, model has %lu runs",
			  m->nr_op, m->op, type->name, type->cnt, idx);
	if (!test_failed() && type->total_size != addr_of(m, count))
		TEST_FAIL("after op %ld (%s): %s.total_size %#llx, model %#llx",
			  m->nr_op, m->op, type->name,
			  (unsigned long long)type->total_size,
			  (unsigned long long)addr_of(m, count));
}

/* for_each_free_mem_range() must list the runs of mem && !res. */
static void check_free_ranges(struct model *m)
{
	phys_addr_t start, end;
	unsigned long u = 0;
	u64 i;

	for_each_free_mem_range(i, &start, &end) {
		unsigned long s, e;

		for (; u < m->nr && !(m->mem[u] && !m->res[u]); u++)
			;
		for (s = u; u < m->nr && m->mem[u] && !m->res[u]; u++)
			;
		e = u;
		if (s == m->nr || start != addr_of(m, s) || end != addr_of(m, e)) {
			TEST_FAIL("after op %ld (%s): free range [%#llx, %#llx), model [%#llx, %#llx)",
				  m->nr_op, m->op, (unsigned long long)start,
				  (unsigned long long)end,
				  (unsigned long long)addr_of(m, s),
				  (unsigned long long)addr_of(m, e));
			return;
		}
	}
	for (; u < m->nr && !(m->mem[u] && !m->res[u]); u++)
		;
	if (u != m->nr)
		TEST_FAIL("after op %ld (%s): iterator missed the free range at %#llx",
			  m->nr_op, m->op, (unsigned long long)addr_of(m, u));
}

static void check_lookups(struct model *m)
{
	for (int k = 0; k < 8; k++) {
		unsigned long u = test_rand_below(m->nr);
		phys_addr_t a = addr_of(m, u) + test_rand_below(m->unit);

		if (memblock_is_memory(a) != m->mem[u] ||
		    memblock_is_reserved(a) != m->res[u])
			TEST_FAIL("after op %ld (%s): at %#llx is_memory %d is_reserved %d, model %d %d",
				  m->nr_op, m->op, (unsigned long long)a,
				  memblock_is_memory(a), memblock_is_reserved(a),
				  m->mem[u], m->res[u]);
	}
}

static void check_all(struct model *m)
{
	unsigned long lo = 0, hi = m->nr;

	check_table(m, &memblock.memory, m->mem);
	check_table(m, &memblock.reserved, m->res);
	check_free_ranges(m);
	check_lookups(m);
	while (lo < m->nr && !m->mem[lo])
		lo++;
	while (hi > 0 && !m->mem[hi - 1])
		hi--;
	if (lo == m->nr)
		lo = hi = 0;
	if (memblock_start_of_DRAM() != addr_of(m, lo) ||
	    memblock_end_of_DRAM() != addr_of(m, hi))
		TEST_FAIL("after op %ld (%s): DRAM [%#llx, %#llx), model [%#llx, %#llx)",
			  m->nr_op, m->op,
			  (unsigned long long)memblock_start_of_DRAM(),
			  (unsigned long long)memblock_end_of_DRAM(),
			  (unsigned long long)addr_of(m, lo),
			  (unsigned long long)addr_of(m, hi));
}

/* A random range of units [*s, *e), mostly short, sometimes long. */
static void random_range(const struct model *m, unsigned long short_max,
			 unsigned long *s, unsigned long *e)
{
	unsigned long len = test_rand_chance(85) ? test_rand_range(1, short_max)
						 : test_rand_range(1, m->nr / 4);

	*s = test_rand_below(m->nr);
	*e = min(*s + len, m->nr);
}

/* Runs of !map in [s, e): the pieces memblock_add_range must insert. */
static unsigned long uncovered_pieces(const bool *map, unsigned long s, unsigned long e)
{
	unsigned long n = 0;

	for (unsigned long u = s; u < e; u++)
		n += !map[u] && (u == s || map[u - 1]);
	return n;
}

/* Regions straddling s or e: the splits memblock_remove needs. */
static unsigned long splits(const struct model *m, const bool *map,
			    unsigned long s, unsigned long e)
{
	unsigned long n = 0;

	n += s > 0 && map[s - 1] && map[s];
	n += e < m->nr && e > 0 && map[e - 1] && map[e];
	return n;
}

static void op_add_or_reserve(struct model *m, bool reserve)
{
	struct memblock_type *type = reserve ? &memblock.reserved : &memblock.memory;
	bool *map = reserve ? m->res : m->mem;
	unsigned long s, e, need;
	int ret, want;

	random_range(m, reserve ? 32 : 256, &s, &e);
	snprintf(m->op, sizeof(m->op), "%s [%#llx, %#llx)",
		 reserve ? "reserve" : "add", (unsigned long long)addr_of(m, s),
		 (unsigned long long)addr_of(m, e));
	need = uncovered_pieces(map, s, e);
	want = type->cnt + need > type->max ? -ENOMEM : 0;
	ret = reserve ? memblock_reserve(addr_of(m, s), addr_of(m, e - s))
		      : memblock_add(addr_of(m, s), addr_of(m, e - s));
	if (ret != want)
		TEST_FAIL("op %ld (%s) returned %d, expected %d (cnt %lu, %lu new pieces)",
			  m->nr_op, m->op, ret, want, type->cnt, need);
	if (ret == 0)
		set_units(map, s, e, true);
}

static void op_remove(struct model *m)
{
	unsigned long s, e, need;
	int ret, want;

	random_range(m, 32, &s, &e);
	snprintf(m->op, sizeof(m->op), "remove [%#llx, %#llx)",
		 (unsigned long long)addr_of(m, s), (unsigned long long)addr_of(m, e));
	need = splits(m, m->mem, s, e);
	want = memblock.memory.cnt + need > memblock.memory.max ? -ENOMEM : 0;
	ret = memblock_remove(addr_of(m, s), addr_of(m, e - s));
	if (ret != want)
		TEST_FAIL("op %ld (%s) returned %d, expected %d", m->nr_op, m->op,
			  ret, want);
	if (ret == 0)
		set_units(m->mem, s, e, false);
}

static void op_enforce_limit(struct model *m)
{
	unsigned long total = 0, limit, count = 0, u;

	for (u = 0; u < m->nr; u++)
		total += m->mem[u];
	limit = test_rand_below(total + 4);	/* sometimes above the total */
	snprintf(m->op, sizeof(m->op), "enforce_memory_limit(%#llx)",
		 (unsigned long long)addr_of(m, limit));
	memblock_enforce_memory_limit(addr_of(m, limit));
	if (limit == 0 || limit > total)
		return;
	for (u = 0; count < limit; u++)
		count += m->mem[u];
	set_units(m->mem, u, m->nr, false);
	set_units(m->res, u, m->nr, false);
}

static void op_set_limit(struct model *m)
{
	phys_addr_t limit = test_rand_chance(50) ? MEMBLOCK_ALLOC_ANYWHERE
						 : addr_of(m, test_rand_below(m->nr + 1));

	snprintf(m->op, sizeof(m->op), "set_current_limit(%#llx)",
		 (unsigned long long)limit);
	memblock_set_current_limit(limit);
}

/*
 * The model's answer: the highest a, a multiple of align, with [a, a + size)
 * free and inside [lo, hi); 0 when there is none.
 */
static phys_addr_t model_find_top_down(struct model *m, phys_addr_t size,
				       phys_addr_t align, phys_addr_t lo,
				       phys_addr_t hi)
{
	phys_addr_t a;

	for (unsigned long u = 0; u < m->nr; u++)
		m->free_prefix[u + 1] = m->free_prefix[u] + (m->mem[u] && !m->res[u]);
	hi = min(hi, addr_of(m, m->nr));
	if (hi < size)
		return 0;
	for (a = ALIGN_DOWN(hi - size, align); a >= lo; a -= align) {
		unsigned long s = a / m->unit, e = (a + size) / m->unit;

		if (m->free_prefix[e] - m->free_prefix[s] == e - s)
			return a;
		if (a < align)
			break;
	}
	return 0;
}

static void op_alloc(struct model *m)
{
	phys_addr_t size = addr_of(m, test_rand_chance(90) ? test_rand_range(1, 16)
							   : test_rand_range(1, 256));
	phys_addr_t align = m->unit << (test_rand_chance(70) ? test_rand_below(2)
							   : test_rand_below(7));
	phys_addr_t start = 0, end = PHYS_ADDR_MAX, lo, hi, want, got;

	if (test_rand_chance(5))
		align = 0;
	if (test_rand_chance(60)) {	/* a window, sometimes empty */
		unsigned long s = test_rand_below(m->nr);

		start = addr_of(m, s);
		end = addr_of(m, s + test_rand_below(m->nr + 1 - s));
	}
	snprintf(m->op, sizeof(m->op), "alloc_range(%#llx, %#llx, %#llx, %#llx) limit %#llx",
		 (unsigned long long)size, (unsigned long long)align,
		 (unsigned long long)start, (unsigned long long)end,
		 (unsigned long long)memblock.current_limit);
	lo = max(start, (phys_addr_t)PAGE_SIZE);
	hi = min(end, memblock.current_limit);
	want = model_find_top_down(m, size, align ? align : PAGE_SIZE, lo, hi);
	got = memblock_phys_alloc_range(size, align, start, end);
	if (got == 0 && want != 0 && memblock.reserved.cnt == memblock.reserved.max)
		return;		/* found, but no slot to reserve it */
	if (got != want) {
		TEST_FAIL("op %ld (%s) returned %#llx, model says %#llx", m->nr_op,
			  m->op, (unsigned long long)got, (unsigned long long)want);
		return;
	}
	if (got)
		set_units(m->res, got / m->unit, (got + size) / m->unit, true);
}

static void random_op(struct model *m)
{
	unsigned long pick = test_rand_below(100);

	m->nr_op++;
	if (pick < 30)
		op_add_or_reserve(m, false);
	else if (pick < 52)
		op_add_or_reserve(m, true);
	else if (pick < 62)
		op_remove(m);
	else if (pick < 95)
		op_alloc(m);
	else if (pick < 97)
		op_enforce_limit(m);
	else
		op_set_limit(m);
}

/* Rounds from a clean state: with no free, reserved only ever grows. */
static void run_model(phys_addr_t unit, unsigned long nr, int rounds, int ops)
{
	struct model m;

	model_init(&m, unit, nr);
	for (int r = 0; r < rounds && !test_failed(); r++) {
		model_clear(&m, r);
		for (int k = 0; k < ops && !test_failed(); k++) {
			random_op(&m);
			check_all(&m);
		}
	}
	model_free(&m);
}

#define MODEL_PAGES	(M(64) / PAGE_SIZE)
#define MODEL_BYTES	(3 * PAGE_SIZE)

TEST(random_ops_match_page_model)
{
	run_model(PAGE_SIZE, MODEL_PAGES, 20, 250);
}

TEST(random_ops_match_byte_model)
{
	run_model(1, MODEL_BYTES, 40, 250);
}
