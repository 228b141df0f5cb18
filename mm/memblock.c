/*
 * mm/memblock.c - the boot-time memory manager: RAM and reservations as
 * sorted tables of ranges, and a top-down allocator over them.
 *
 * It owns struct memblock and its two tables, each a static array of
 * INIT_MEMBLOCK_REGIONS entries: `memory` (usable RAM from the memory map)
 * and `reserved` (ranges in use, which need not lie inside memory).  Free
 * memory is memory minus reserved; memblock_phys_alloc() takes the highest
 * free range that fits and reserves it, so allocation is just another
 * reservation.  After mem_init() the buddy allocator takes over and these
 * tables are read no more.
 *
 * Invariants between calls, for each table:
 *  - regions[0 .. cnt) are sorted by base, each has size > 0 and
 *    base + size does not wrap;
 *  - regions neither overlap nor touch: regions[i].base + regions[i].size
 *    < regions[i + 1].base (touching ranges are merged into one);
 *  - total_size is the sum of the sizes, and cnt <= max;
 *  - a call that fails (-ENOMEM, table full) has changed nothing.
 *
 * Locking: none.  memblock runs at boot, on one CPU, before anything else
 * could call it.
 *
 * Linux: mm/memblock.c, with the same function names for the same steps
 * (memblock_add_range, memblock_isolate_range, memblock_merge_regions,
 * __next_mem_range, __memblock_find_range_top_down).  Simpler on purpose:
 * no NUMA node ids and no region flags (so any two touching regions
 * merge), no bottom-up mode, and the tables never grow: where Linux calls
 * memblock_double_array() we return -ENOMEM.  An empty table here has
 * cnt == 0; Linux keeps one zero-sized dummy region instead.
 */
#include <mneme/kernel.h>
#include <mneme/memblock.h>
#include <mneme/mm_early.h>
#include <mneme/printk.h>
#include <mneme/string.h>
#include <uapi/errno.h>

static struct memblock_region memblock_memory_init_regions[INIT_MEMBLOCK_REGIONS];
static struct memblock_region memblock_reserved_init_regions[INIT_MEMBLOCK_REGIONS];

struct memblock memblock = {
	.current_limit = MEMBLOCK_ALLOC_ANYWHERE,
	.memory = {
		.max = INIT_MEMBLOCK_REGIONS,
		.regions = memblock_memory_init_regions,
		.name = "memory",
	},
	.reserved = {
		.max = INIT_MEMBLOCK_REGIONS,
		.regions = memblock_reserved_init_regions,
		.name = "reserved",
	},
};

/* __next_free_mem_range's iterator: memory index low, reserved index high. */
#define IDX_B_SHIFT	32
#define IDX_A_MASK	((1ULL << IDX_B_SHIFT) - 1)

/* ---- the tables --------------------------------------------------------- */

/* Shrink *size so that base + *size does not wrap; returns the new size. */
static phys_addr_t memblock_cap_size(phys_addr_t base, phys_addr_t *size)
{
	return *size = min(*size, PHYS_ADDR_MAX - base);
}

static phys_addr_t region_end(const struct memblock_region *rgn)
{
	return rgn->base + rgn->size;
}

/* A full table is a boot-time configuration problem: say so, once each. */
static int memblock_table_full(struct memblock_type *type)
{
	static bool warned_memory, warned_reserved;
	bool *warned = type == &memblock.memory ? &warned_memory : &warned_reserved;

	if (!*warned) {
		*warned = true;
		pr_warn("memblock: %s table full (%lu regions); range ignored\n",
			type->name, type->max);
	}
	return -ENOMEM;
}

/* Open a slot at idx and put [base, base + size) there. */
static void memblock_insert_region(struct memblock_type *type, unsigned long idx,
				   phys_addr_t base, phys_addr_t size)
{
	struct memblock_region *rgn = &type->regions[idx];

	BUG_ON(type->cnt >= type->max);
	memmove(rgn + 1, rgn, (type->cnt - idx) * sizeof(*rgn));
	rgn->base = base;
	rgn->size = size;
	type->cnt++;
	type->total_size += size;
}

static void memblock_remove_region(struct memblock_type *type, unsigned long idx)
{
	struct memblock_region *rgn = &type->regions[idx];

	type->total_size -= rgn->size;
	memmove(rgn, rgn + 1, (type->cnt - (idx + 1)) * sizeof(*rgn));
	type->cnt--;
}

/* Merge every pair of neighbours that touch; they must not overlap. */
static void memblock_merge_regions(struct memblock_type *type)
{
	unsigned long i = 0;

	while (i + 1 < type->cnt) {
		struct memblock_region *this = &type->regions[i];
		struct memblock_region *next = &type->regions[i + 1];

		BUG_ON(region_end(this) > next->base);
		if (region_end(this) != next->base) {
			i++;
			continue;
		}
		this->size += next->size;
		memmove(next, next + 1, (type->cnt - (i + 2)) * sizeof(*next));
		type->cnt--;
	}
}

/*
 * Put the parts of [base, end) that no region covers yet into the table,
 * in order; with insert false only count them.  Returns the count.
 */
static unsigned long memblock_add_pieces(struct memblock_type *type,
					 phys_addr_t base, phys_addr_t end,
					 bool insert)
{
	unsigned long idx, nr_new = 0;

	for (idx = 0; idx < type->cnt; idx++) {
		phys_addr_t rbase = type->regions[idx].base;
		phys_addr_t rend = region_end(&type->regions[idx]);

		if (rbase >= end)
			break;
		if (rend <= base)
			continue;
		/* this region overlaps: the gap below it, if any, is new */
		if (rbase > base) {
			nr_new++;
			if (insert)
				memblock_insert_region(type, idx++, base,
						       rbase - base);
		}
		base = min(rend, end);
	}
	if (base < end) {
		nr_new++;
		if (insert)
			memblock_insert_region(type, idx, base, end - base);
	}
	return nr_new;
}

/*
 * Add [base, base + size) to a table: count the pieces not yet covered,
 * check they fit, insert them, and merge neighbours.  Counting first makes
 * a failure leave the table as it was.
 */
static int memblock_add_range(struct memblock_type *type, phys_addr_t base,
			      phys_addr_t size)
{
	phys_addr_t end = base + memblock_cap_size(base, &size);
	unsigned long nr_new;

	if (!size)
		return 0;
	nr_new = memblock_add_pieces(type, base, end, false);
	if (!nr_new)
		return 0;
	if (type->cnt + nr_new > type->max)
		return memblock_table_full(type);
	memblock_add_pieces(type, base, end, true);
	memblock_merge_regions(type);
	return 0;
}

/* How many regions straddle base or end (each needs splitting there). */
static unsigned long memblock_splits_needed(const struct memblock_type *type,
					    phys_addr_t base, phys_addr_t end)
{
	unsigned long idx, n = 0;

	for (idx = 0; idx < type->cnt; idx++) {
		const struct memblock_region *rgn = &type->regions[idx];

		n += rgn->base < base && base < region_end(rgn);
		n += rgn->base < end && end < region_end(rgn);
	}
	return n;
}

/*
 * Split the regions straddling base or end, so that [base, end) is exactly
 * covered by whole regions, *start_rgn .. *end_rgn - 1 (none: equal).
 */
static int memblock_isolate_range(struct memblock_type *type, phys_addr_t base,
				  phys_addr_t size, unsigned long *start_rgn,
				  unsigned long *end_rgn)
{
	phys_addr_t end = base + memblock_cap_size(base, &size);
	unsigned long idx;

	*start_rgn = *end_rgn = 0;
	if (!size)
		return 0;
	if (type->cnt + memblock_splits_needed(type, base, end) > type->max)
		return memblock_table_full(type);

	for (idx = 0; idx < type->cnt; idx++) {
		struct memblock_region *rgn = &type->regions[idx];
		phys_addr_t rbase = rgn->base, rend = region_end(rgn);

		if (rbase >= end)
			break;
		if (rend <= base)
			continue;
		if (rbase < base) {
			/* starts below: split off the bottom, go on to the top */
			rgn->base = base;
			rgn->size -= base - rbase;
			type->total_size -= base - rbase;
			memblock_insert_region(type, idx, rbase, base - rbase);
		} else if (rend > end) {
			/* ends above: split off the bottom and look at it again */
			rgn->base = end;
			rgn->size -= end - rbase;
			type->total_size -= end - rbase;
			memblock_insert_region(type, idx--, rbase, end - rbase);
		} else {
			if (*end_rgn == 0)
				*start_rgn = idx;
			*end_rgn = idx + 1;
		}
	}
	return 0;
}

static int memblock_remove_range(struct memblock_type *type, phys_addr_t base,
				 phys_addr_t size)
{
	unsigned long start_rgn, end_rgn;
	int ret;

	ret = memblock_isolate_range(type, base, size, &start_rgn, &end_rgn);
	if (ret)
		return ret;
	while (end_rgn > start_rgn)
		memblock_remove_region(type, --end_rgn);
	return 0;
}

int memblock_add(phys_addr_t base, phys_addr_t size)
{
	return memblock_add_range(&memblock.memory, base, size);
}

int memblock_reserve(phys_addr_t base, phys_addr_t size)
{
	return memblock_add_range(&memblock.reserved, base, size);
}

int memblock_remove(phys_addr_t base, phys_addr_t size)
{
	return memblock_remove_range(&memblock.memory, base, size);
}

/* The address below which memory holds limit bytes; PHYS_ADDR_MAX if all. */
static phys_addr_t __find_max_addr(phys_addr_t limit)
{
	const struct memblock_region *rgn;

	for_each_mem_region(rgn) {
		if (limit <= rgn->size)
			return rgn->base + limit;
		limit -= rgn->size;
	}
	return PHYS_ADDR_MAX;
}

/*
 * Drop everything at and above max_addr.  Unlike memblock_remove_range()
 * this needs no free slot (the region straddling max_addr is cut, not
 * split), so it cannot fail.
 */
static void memblock_truncate(struct memblock_type *type, phys_addr_t max_addr)
{
	while (type->cnt && type->regions[type->cnt - 1].base >= max_addr)
		memblock_remove_region(type, type->cnt - 1);
	if (type->cnt) {
		struct memblock_region *last = &type->regions[type->cnt - 1];

		if (region_end(last) > max_addr) {
			type->total_size -= region_end(last) - max_addr;
			last->size = max_addr - last->base;
		}
	}
}

/*
 * mem=: drop everything above the first limit bytes of RAM.  As in Linux,
 * reservations above that point go too, since nothing there exists now.
 * (Linux removes [max_addr, PHYS_ADDR_MAX) with memblock_remove_range(),
 * which may grow the table; ours cannot grow, so we cut instead.)
 */
void memblock_enforce_memory_limit(phys_addr_t limit)
{
	phys_addr_t max_addr;

	if (!limit)
		return;
	max_addr = __find_max_addr(limit);
	if (max_addr == PHYS_ADDR_MAX)
		return;
	memblock_truncate(&memblock.memory, max_addr);
	memblock_truncate(&memblock.reserved, max_addr);
}

/* ---- looking things up -------------------------------------------------- */

/* Binary search: the index of the region holding addr, or -1. */
static long memblock_search(const struct memblock_type *type, phys_addr_t addr)
{
	unsigned long left = 0, right = type->cnt;

	while (left < right) {
		unsigned long mid = left + (right - left) / 2;
		const struct memblock_region *rgn = &type->regions[mid];

		if (addr < rgn->base)
			right = mid;
		else if (addr >= region_end(rgn))
			left = mid + 1;
		else
			return (long)mid;
	}
	return -1;
}

bool memblock_is_memory(phys_addr_t addr)
{
	return memblock_search(&memblock.memory, addr) >= 0;
}

bool memblock_is_reserved(phys_addr_t addr)
{
	return memblock_search(&memblock.reserved, addr) >= 0;
}

phys_addr_t memblock_start_of_DRAM(void)
{
	return memblock.memory.cnt ? memblock.memory.regions[0].base : 0;
}

phys_addr_t memblock_end_of_DRAM(void)
{
	unsigned long cnt = memblock.memory.cnt;

	return cnt ? region_end(&memblock.memory.regions[cnt - 1]) : 0;
}

phys_addr_t memblock_phys_mem_size(void)
{
	return memblock.memory.total_size;
}

phys_addr_t memblock_reserved_size(void)
{
	return memblock.reserved.total_size;
}

/*
 * Gap b between reservations: [end of reserved[b - 1], reserved[b].base),
 * from 0 below the first and to PHYS_ADDR_MAX above the last.
 */
static void reserved_gap(unsigned long b, phys_addr_t *start, phys_addr_t *end)
{
	const struct memblock_type *rsv = &memblock.reserved;

	*start = b ? region_end(&rsv->regions[b - 1]) : 0;
	*end = b < rsv->cnt ? rsv->regions[b].base : PHYS_ADDR_MAX;
}

/*
 * The next free range: walk memory (index a) against the gaps between
 * reservations (index b; gap b is the space below reserved[b], from the
 * end of reserved[b - 1]), returning each non-empty intersection in
 * order and advancing whichever of the two ends first.
 */
bool __next_free_mem_range(u64 *idx, phys_addr_t *out_start, phys_addr_t *out_end)
{
	const struct memblock_type *mem = &memblock.memory;
	unsigned long idx_a = *idx & IDX_A_MASK, idx_b = *idx >> IDX_B_SHIFT;

	for (; idx_a < mem->cnt; idx_a++) {
		phys_addr_t m_start = mem->regions[idx_a].base;
		phys_addr_t m_end = region_end(&mem->regions[idx_a]);

		for (; idx_b <= memblock.reserved.cnt; idx_b++) {
			phys_addr_t r_start, r_end;

			reserved_gap(idx_b, &r_start, &r_end);
			if (r_start >= m_end)
				break;		/* gap is past this region */
			if (m_start < r_end) {
				*out_start = max(m_start, r_start);
				*out_end = min(m_end, r_end);
				if (m_end <= r_end)
					idx_a++;
				else
					idx_b++;
				*idx = (u64)idx_a | (u64)idx_b << IDX_B_SHIFT;
				return true;
			}
		}
	}
	return false;
}

/* ---- allocation --------------------------------------------------------- */

/*
 * The free ranges in descending order, the mirror of
 * __next_free_mem_range(): the caller starts with *idx_a = memory.cnt - 1
 * and *idx_b = reserved.cnt, and each call moves down whichever of the
 * memory region and the reserved gap starts higher.
 */
static bool __next_free_mem_range_rev(long *idx_a, long *idx_b,
				      phys_addr_t *out_start, phys_addr_t *out_end)
{
	const struct memblock_type *mem = &memblock.memory;

	for (; *idx_a >= 0; --*idx_a) {
		phys_addr_t m_start = mem->regions[*idx_a].base;
		phys_addr_t m_end = region_end(&mem->regions[*idx_a]);

		for (; *idx_b >= 0; --*idx_b) {
			phys_addr_t r_start, r_end;

			reserved_gap((unsigned long)*idx_b, &r_start, &r_end);
			if (r_end <= m_start)
				break;		/* gap is below this region */
			if (m_end > r_start) {
				*out_start = max(m_start, r_start);
				*out_end = min(m_end, r_end);
				if (m_start >= r_start)
					--*idx_a;
				else
					--*idx_b;
				return true;
			}
		}
	}
	return false;
}

/*
 * The highest address of an aligned free range of size bytes inside
 * [start, end), or 0.  Each free range, from the top down, is clamped to
 * the window and tried at its highest aligned start.
 */
static phys_addr_t __memblock_find_range_top_down(phys_addr_t start, phys_addr_t end,
						  phys_addr_t size, phys_addr_t align)
{
	long idx_a = (long)memblock.memory.cnt - 1;
	long idx_b = (long)memblock.reserved.cnt;
	phys_addr_t this_start, this_end, cand;

	while (__next_free_mem_range_rev(&idx_a, &idx_b, &this_start, &this_end)) {
		this_start = min(max(this_start, start), end);
		this_end = min(max(this_end, start), end);
		if (this_end < size)
			continue;
		cand = ALIGN_DOWN(this_end - size, align);
		if (cand >= this_start)
			return cand;
	}
	return 0;
}

static bool is_power_of_2(phys_addr_t n)
{
	return n != 0 && (n & (n - 1)) == 0;
}

/*
 * Linux: memblock_find_in_range_node() + memblock_alloc_range_nid().  The
 * first page is never handed out, so 0 can mean failure.
 */
phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end)
{
	phys_addr_t found;

	if (!align)
		align = PAGE_SIZE;
	if (!size || WARN_ON_ONCE(!is_power_of_2(align)))
		return 0;
	start = max(start, (phys_addr_t)PAGE_SIZE);
	end = min(end, memblock.current_limit);
	if (end <= start)
		return 0;
	found = __memblock_find_range_top_down(start, end, size, align);
	if (!found || memblock_reserve(found, size))
		return 0;
	return found;
}

phys_addr_t memblock_phys_alloc(phys_addr_t size, phys_addr_t align)
{
	return memblock_phys_alloc_range(size, align, MEMBLOCK_LOW_LIMIT,
					 memblock.current_limit);
}

/*
 * Zeroed, by direct-map address, so the range must already be mapped
 * there: before the kernel's own page tables cover all of RAM, keep
 * current_limit at the end of the boot direct map (Linux's x86 setup
 * raises current_limit as it maps more).
 */
void *memblock_alloc(phys_addr_t size, phys_addr_t align)
{
	phys_addr_t pa = memblock_phys_alloc(size, align);
	void *va;

	if (!pa)
		return NULL;
	va = __va(pa);
	memset(va, 0, size);
	return va;
}

void memblock_set_current_limit(phys_addr_t limit)
{
	memblock.current_limit = limit;
}

/* ---- the log ------------------------------------------------------------ */

static void memblock_dump(const struct memblock_type *type)
{
	unsigned long idx;

	pr_info(" %s.cnt  = 0x%lx\n", type->name, type->cnt);
	for (idx = 0; idx < type->cnt; idx++) {
		const struct memblock_region *rgn = &type->regions[idx];

		pr_info(" %s[0x%lx]\t[0x%016llx-0x%016llx], 0x%016llx bytes\n",
			type->name, idx, (unsigned long long)rgn->base,
			(unsigned long long)(region_end(rgn) - 1),
			(unsigned long long)rgn->size);
	}
}

void memblock_dump_all(void)
{
	pr_info("MEMBLOCK configuration:\n");
	pr_info(" memory size = 0x%016llx reserved size = 0x%016llx\n",
		(unsigned long long)memblock.memory.total_size,
		(unsigned long long)memblock.reserved.total_size);
	memblock_dump(&memblock.memory);
	memblock_dump(&memblock.reserved);
}
