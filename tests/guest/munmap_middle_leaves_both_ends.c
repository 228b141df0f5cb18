/*
 * munmap_middle_leaves_both_ends - munmap() of pages in the middle of a
 * mapping splits it in two: both ends keep their contents and stay
 * readable and writable, and the hole faults with SIGSEGV, si_code
 * SEGV_MAPERR (nothing is mapped there) at the exact address.  A second
 * munmap of the hole succeeds (unmapping nothing is not an error);
 * misaligned addresses and a zero length give EINVAL.
 */
#include "guest.h"
#include "guest_mem.h"

#define NR_PAGES	8
#define LEN		(NR_PAGES * PAGE)
#define HOLE_FIRST	3
#define HOLE_PAGES	2
#define SEED		60

int main(void)
{
	char *p, *hole;
	long bad;

	test_start("munmap_middle_leaves_both_ends");
	catch_segv();
	p = map_anon(LEN, 0);
	hole = p + HOLE_FIRST * PAGE;
	fill_pages(p, NR_PAGES, SEED);
	EXPECT_EQ(0, munmap(hole, HOLE_PAGES * PAGE), "munmap of the middle pages");

	bad = pages_hold(p, HOLE_FIRST, SEED);
	EXPECT(bad < 0, "lower end: page %ld lost its contents", bad);
	bad = pages_hold(hole + HOLE_PAGES * PAGE, NR_PAGES - HOLE_FIRST - HOLE_PAGES,
			 SEED + HOLE_FIRST + HOLE_PAGES);
	EXPECT(bad < 0, "upper end: page %ld lost its contents", bad + HOLE_FIRST + HOLE_PAGES);
	expect_no_segv(hole - 1, 1, "write to the last byte of the lower end");
	expect_no_segv(p, 1, "write to the first byte of the lower end");
	expect_no_segv(hole + HOLE_PAGES * PAGE, 1, "write to the first byte of the upper end");
	expect_no_segv(p + LEN - 1, 1, "write to the last byte of the upper end");

	expect_segv(hole, 0, SEGV_MAPERR, "read of the first byte of the hole");
	expect_segv(hole + HOLE_PAGES * PAGE - 1, 1, SEGV_MAPERR, "write to the hole's last byte");
	expect_segv(hole + PAGE + 77, 0, SEGV_MAPERR, "read inside the hole");

	EXPECT_EQ(0, munmap(hole, HOLE_PAGES * PAGE), "munmap of the hole again");
	EXPECT_ERRNO(munmap(hole + 1, PAGE), EINVAL, "munmap at a misaligned address");
	EXPECT_ERRNO(munmap(hole, 0), EINVAL, "munmap of length 0");
	EXPECT_EQ(0, munmap(p, LEN), "munmap across both ends and the hole");
	expect_segv(p, 0, SEGV_MAPERR, "read of the lower end after unmapping all");
	return test_end();
}
