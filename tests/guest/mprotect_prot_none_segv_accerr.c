/*
 * mprotect_prot_none_segv_accerr - mprotect(PROT_NONE) makes both reads
 * and writes fault with SIGSEGV, si_code SEGV_ACCERR (the page is mapped,
 * the access is not allowed) and si_addr the exact byte; PROT_READ lets
 * reads through and faults writes the same way; restoring
 * PROT_READ|PROT_WRITE makes the memory usable again with its contents
 * kept.  mprotect of the middle page of three splits the mapping: the
 * ends stay writable, the middle only readable.
 */
#include "guest.h"
#include "guest_mem.h"

#define NR_PAGES	4
#define LEN		(NR_PAGES * PAGE)
#define OFFSET		321	/* not page aligned: si_addr must be exact */
#define SEED		40

static void check_whole_mapping(void)
{
	char *p = map_anon(LEN, 0);
	long bad;

	fill_pages(p, NR_PAGES, SEED);
	EXPECT_EQ(0, mprotect(p, LEN, PROT_NONE), "mprotect(PROT_NONE)");
	expect_segv(p + OFFSET, 0, SEGV_ACCERR, "read of a PROT_NONE page");
	expect_segv(p + 2 * PAGE + OFFSET, 1, SEGV_ACCERR, "write to a PROT_NONE page");

	EXPECT_EQ(0, mprotect(p, LEN, PROT_READ), "mprotect(PROT_READ)");
	expect_no_segv(p + OFFSET, 0, "read of a PROT_READ page");
	expect_segv(p + PAGE + OFFSET, 1, SEGV_ACCERR, "write to a PROT_READ page");
	bad = pages_hold(p, NR_PAGES, SEED);
	EXPECT(bad < 0, "PROT_READ: page %ld lost its contents", bad);

	EXPECT_EQ(0, mprotect(p, LEN, PROT_READ | PROT_WRITE), "mprotect(PROT_READ|PROT_WRITE)");
	bad = pages_hold(p, NR_PAGES, SEED);
	EXPECT(bad < 0, "after restoring PROT_READ|PROT_WRITE: page %ld lost its contents", bad);
	fill_pages(p, NR_PAGES, SEED + 1);
	bad = pages_hold(p, NR_PAGES, SEED + 1);
	EXPECT(bad < 0, "writing after restoring: page %ld did not take the write", bad);
	munmap(p, LEN);
}

static void check_split_in_the_middle(void)
{
	char *p = map_anon(3 * PAGE, 0);

	fill_pages(p, 3, SEED);
	EXPECT_EQ(0, mprotect(p + PAGE, PAGE, PROT_READ), "mprotect of the middle page");
	expect_no_segv(p + OFFSET, 1, "write to the first page");
	expect_no_segv(p + 2 * PAGE + OFFSET, 1, "write to the last page");
	expect_no_segv(p + PAGE + OFFSET, 0, "read of the middle page");
	expect_segv(p + PAGE + OFFSET, 1, SEGV_ACCERR, "write to the read-only middle page");
	EXPECT_EQ(0, mprotect(p + PAGE, PAGE, PROT_NONE), "mprotect(PROT_NONE) of the middle page");
	expect_segv(p + PAGE, 0, SEGV_ACCERR, "read of the PROT_NONE middle page");
	expect_no_segv(p + PAGE - 1, 0, "read of the last byte below the middle page");
	expect_no_segv(p + 2 * PAGE, 0, "read of the first byte above it");
	EXPECT_EQ(0, mprotect(p, 3 * PAGE, PROT_READ | PROT_WRITE), "mprotect of all three");
	EXPECT(pages_hold(p, 3, SEED) < 0, "the three pages after the splits: contents changed");
	munmap(p, 3 * PAGE);
}

int main(void)
{
	test_start("mprotect_prot_none_segv_accerr");
	catch_segv();
	check_whole_mapping();
	check_split_in_the_middle();
	return test_end();
}
