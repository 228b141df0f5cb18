/*
 * mremap_grows_and_moves - mremap() grows a mapping in place when the
 * pages above it are free, and when they are not either fails with
 * ENOMEM or, with MREMAP_MAYMOVE, moves it: the contents come along, the
 * new pages above the old length read zero, and the old address is no
 * longer mapped.  Shrinking unmaps the tail in place; MREMAP_FIXED moves
 * to a chosen address, replacing what was there.  Errors as Linux gives
 * them: EINVAL for a misaligned address, a zero new length, unknown
 * flags, MREMAP_FIXED without MREMAP_MAYMOVE or an overlapping target;
 * EFAULT for an old range that is not mapped.
 */
#include "guest.h"
#include "guest_mem.h"

#define N		16		/* pages */
#define LEN		(N * PAGE)
#define SEED		90
#define BAD_FLAGS	0x80		/* no such MREMAP_ flag */

/* is_unmapped: mprotect of an unmapped page fails with ENOMEM. */
static int is_unmapped(void *addr, long len)
{
	return mprotect(addr, len, PROT_READ) == -1 && errno == ENOMEM;
}

/* two_vmas: a mapping of N pages with N read-only pages just above it. */
static char *two_vmas(void)
{
	char *p = map_anon(2 * LEN, 0);

	fill_pages(p, N, SEED);
	if (mprotect(p + LEN, LEN, PROT_READ) != 0)
		test_abort("mprotect of the upper half");
	return p;
}

static void check_grow_in_place(void)
{
	char *p = map_anon(2 * LEN, 0), *q;

	EXPECT_EQ(0, munmap(p + LEN, LEN), "munmap of the upper half");
	fill_pages(p, N, SEED);
	q = mremap(p, LEN, 2 * LEN, 0);
	EXPECT(q == p, "growing into free space: expected %p (in place), got %p", (void *)p, (void *)q);
	if (q != p)
		return;
	EXPECT(pages_hold(p, N, SEED) < 0, "grown in place: the old pages lost their contents");
	EXPECT(first_nonzero(p + LEN, LEN) < 0, "grown in place: the new pages are not zero");
	fill_pages(p + LEN, N, SEED + N);
	EXPECT(pages_hold(p, 2 * N, SEED) < 0, "grown in place: writing the new pages failed");
	munmap(p, 2 * LEN);
}

static void check_move(void)
{
	char *p = two_vmas(), *q;

	EXPECT_ERRNO(mremap(p, LEN, 2 * LEN, 0), ENOMEM, "growing into a mapping without MAYMOVE");
	EXPECT(pages_hold(p, N, SEED) < 0, "after the refused grow: contents changed");
	q = mremap(p, LEN, 2 * LEN, MREMAP_MAYMOVE);
	EXPECT(q != MAP_FAILED && q != p, "MREMAP_MAYMOVE: expected a new address, got %p (old %p)",
	       (void *)q, (void *)p);
	if (q == MAP_FAILED || q == p)
		return;
	EXPECT(pages_hold(q, N, SEED) < 0, "moved: the contents did not come along");
	EXPECT(first_nonzero(q + LEN, LEN) < 0, "moved: the added pages are not zero");
	EXPECT(is_unmapped(p, LEN), "moved: the old address is still mapped");
	EXPECT(!is_unmapped(p + LEN, LEN), "moved: the read-only neighbour went too");
	fill_pages(q, 2 * N, SEED);
	EXPECT(pages_hold(q, 2 * N, SEED) < 0, "moved: writing the new mapping failed");
	munmap(q, 2 * LEN);
	munmap(p + LEN, LEN);
}

static void check_shrink_and_fixed(void)
{
	char *p = map_anon(LEN, 0), *target = map_anon(LEN, 0), *q;

	fill_pages(p, N, SEED);
	q = mremap(p, LEN, LEN / 2, 0);
	EXPECT(q == p, "shrinking: expected %p, got %p", (void *)p, (void *)q);
	EXPECT(is_unmapped(p + LEN / 2, LEN / 2), "shrunk: the tail is still mapped");
	EXPECT(pages_hold(p, N / 2, SEED) < 0, "shrunk: the kept pages lost their contents");

	memset(target, 0x77, LEN);
	q = mremap(p, LEN / 2, LEN, MREMAP_MAYMOVE | MREMAP_FIXED, target);
	EXPECT(q == target, "MREMAP_FIXED: expected %p, got %p", (void *)target, (void *)q);
	EXPECT(pages_hold(target, N / 2, SEED) < 0, "MREMAP_FIXED: contents did not come along");
	EXPECT(first_nonzero(target + LEN / 2, LEN / 2) < 0,
	       "MREMAP_FIXED: the added pages do not read zero (old target contents?)");
	EXPECT(is_unmapped(p, LEN / 2), "MREMAP_FIXED: the old address is still mapped");
	munmap(target, LEN);
}

static void check_errors(void)
{
	char *p = map_anon(2 * LEN, 0), *hole = map_anon(LEN, 0);

	munmap(hole, LEN);
	munmap(p + LEN, LEN);	/* nothing mapped just above p's LEN bytes */
	EXPECT_ERRNO(mremap(p + 1, PAGE, 2 * PAGE, MREMAP_MAYMOVE), EINVAL, "misaligned old address");
	EXPECT_ERRNO(mremap(p, LEN, 0, MREMAP_MAYMOVE), EINVAL, "new length 0");
	EXPECT_ERRNO(mremap(p, LEN, 2 * LEN, BAD_FLAGS), EINVAL, "an unknown flag");
	EXPECT_ERRNO(mremap(p, LEN, 2 * LEN, MREMAP_FIXED, hole), EINVAL,
		     "MREMAP_FIXED without MREMAP_MAYMOVE");
	EXPECT_ERRNO(mremap(p, LEN, LEN, MREMAP_MAYMOVE | MREMAP_FIXED, p + PAGE), EINVAL,
		     "MREMAP_FIXED onto an overlapping range");
	EXPECT_ERRNO(mremap(p, LEN, LEN, MREMAP_MAYMOVE | MREMAP_FIXED, hole + 1), EINVAL,
		     "MREMAP_FIXED to a misaligned address");
	EXPECT_ERRNO(mremap(hole, LEN, 2 * LEN, MREMAP_MAYMOVE), EFAULT, "an unmapped old range");
	EXPECT_ERRNO(mremap(p, 2 * LEN, 4 * LEN, MREMAP_MAYMOVE), EFAULT,
		     "growing an old range that runs past its mapping");
	munmap(p, LEN);
}

int main(void)
{
	test_start("mremap_grows_and_moves");
	check_grow_in_place();
	check_move();
	check_shrink_and_fixed();
	check_errors();
	return test_end();
}
