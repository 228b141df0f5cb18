/*
 * zero_fill_on_demand_and_after_madv_dontneed - fresh private anonymous
 * memory reads as zeros, every byte of every page, whether the first
 * touch is a read or a write; after writing it, madvise(MADV_DONTNEED)
 * throws the pages away, so the next touch of a private anonymous page
 * faults in zeros again (Linux's documented behaviour), and the range
 * stays mapped and usable.  A range only partly advised keeps the rest.
 */
#include "guest.h"
#include "guest_mem.h"

#define NR_PAGES	256	/* 1 MiB */
#define LEN		(NR_PAGES * PAGE)
#define SEED		7

int main(void)
{
	char *p;
	long bad;

	test_start("zero_fill_on_demand_and_after_madv_dontneed");
	p = map_anon(LEN, 0);

	/* Read first on the lower half, write first on the upper half. */
	bad = first_nonzero(p, LEN / 2);
	EXPECT(bad < 0, "fresh memory, read first: expected zeros, byte %ld is %d",
	       bad, bad < 0 ? 0 : p[bad]);
	p[LEN / 2] = 1;
	p[LEN / 2] = 0;
	bad = first_nonzero(p + LEN / 2, LEN / 2);
	EXPECT(bad < 0, "fresh memory, written first: expected zeros, byte %ld is %d",
	       bad, bad < 0 ? 0 : p[LEN / 2 + bad]);

	memset(p, 0xab, LEN);
	EXPECT_EQ(0, madvise(p, LEN, MADV_DONTNEED), "madvise(MADV_DONTNEED) of the whole range");
	bad = first_nonzero(p, LEN);
	EXPECT(bad < 0, "after MADV_DONTNEED: expected zeros, byte %ld is %d",
	       bad, bad < 0 ? 0 : p[bad]);

	/* The range is still mapped: write and read it again. */
	fill_pages(p, NR_PAGES, SEED);
	bad = pages_hold(p, NR_PAGES, SEED);
	EXPECT(bad < 0, "writing after MADV_DONTNEED: page %ld lost its value", bad);

	/* Advise only pages 16..31: the others keep their contents. */
	EXPECT_EQ(0, madvise(p + 16 * PAGE, 16 * PAGE, MADV_DONTNEED), "madvise of pages 16..31");
	bad = pages_hold(p, 16, SEED);
	EXPECT(bad < 0, "pages below the advised range: page %ld changed", bad);
	bad = first_nonzero(p + 16 * PAGE, 16 * PAGE);
	EXPECT(bad < 0, "advised pages 16..31: expected zeros, byte %ld is nonzero", bad);
	bad = pages_hold(p + 32 * PAGE, NR_PAGES - 32, SEED + 32);
	EXPECT(bad < 0, "pages above the advised range: page %ld changed", bad + 32);

	EXPECT_EQ(0, munmap(p, LEN), "munmap");
	return test_end();
}
