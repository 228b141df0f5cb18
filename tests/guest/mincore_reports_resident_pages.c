/*
 * mincore_reports_resident_pages - mincore() gives one byte per page of
 * a range, bit 0 set where the page is resident.  For private anonymous
 * memory a page is resident once touched: after writing every other page
 * of a fresh 64-page mapping exactly those are marked; after
 * madvise(MADV_DONTNEED) none is.  Errors as Linux: EINVAL for a
 * misaligned address, ENOMEM for a range with unmapped pages, EFAULT for
 * a bad vector; a zero length succeeds.
 */
#include "guest.h"
#include "guest_mem.h"

#define NR_PAGES	64
#define LEN		(NR_PAGES * PAGE)

static unsigned char vec[NR_PAGES];

static void check_every_other(char *p)
{
	for (long i = 0; i < NR_PAGES; i += 2)
		p[i * PAGE] = 1;
	memset(vec, 0xff, sizeof(vec));
	EXPECT_EQ(0, mincore(p, LEN, vec), "mincore");
	for (long i = 0; i < NR_PAGES; i++)
		if ((vec[i] & 1) != (i % 2 == 0)) {
			EXPECT(0, "after writing the even pages: page %ld: expected resident %d, "
			       "got vec byte 0x%x", i, i % 2 == 0, vec[i]);
			break;
		}
	for (long i = 0; i < NR_PAGES; i++)
		if (vec[i] & ~1) {
			EXPECT(0, "page %ld: expected only bit 0 in use, got 0x%x", i, vec[i]);
			break;
		}
}

static void check_after_dontneed(char *p)
{
	EXPECT_EQ(0, madvise(p, LEN, MADV_DONTNEED), "madvise(MADV_DONTNEED)");
	memset(vec, 0xff, sizeof(vec));
	EXPECT_EQ(0, mincore(p, LEN, vec), "mincore after MADV_DONTNEED");
	for (long i = 0; i < NR_PAGES; i++)
		if (vec[i] != 0) {
			EXPECT(0, "after MADV_DONTNEED: page %ld: expected 0, got 0x%x", i, vec[i]);
			break;
		}
}

static void check_errors(char *p)
{
	EXPECT_ERRNO(mincore(p + 1, PAGE, vec), EINVAL, "mincore at a misaligned address");
	EXPECT_EQ(0, munmap(p + LEN - PAGE, PAGE), "munmap of the last page");
	EXPECT_ERRNO(mincore(p, LEN, vec), ENOMEM, "mincore of a range with an unmapped page");
	EXPECT_ERRNO(mincore(p, PAGE, (unsigned char *)16), EFAULT, "mincore with a bad vector");
	EXPECT_EQ(0, mincore(p, 0, vec), "mincore of length 0");
}

int main(void)
{
	char *p;

	test_start("mincore_reports_resident_pages");
	p = map_anon(LEN, 0);
	check_every_other(p);
	check_after_dontneed(p);
	check_errors(p);
	munmap(p, LEN - PAGE);
	return test_end();
}
