/*
 * segv_unmapped_and_readonly - a bad memory access delivers SIGSEGV with
 * the faulting address in si_addr and the reason in si_code: a write to
 * a page that was mapped and then unmapped is SEGV_MAPERR, as is a read
 * at address 16 (the NULL page); a write to a page made read-only with
 * mprotect(PROT_READ) is SEGV_ACCERR, while reading it still works.  The
 * handler leaves with siglongjmp(), which restores the signal mask, so
 * the next fault is delivered too.
 */
#include "guest.h"
#include "guest_mem.h"

#define OFFSET		123	/* not page-aligned: si_addr must be exact */
#define LOW_ADDR	16
#define MARK		0x42

int main(void)
{
	char *p;

	test_start("segv_unmapped_and_readonly");
	catch_segv();

	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		test_abort("mmap of one page");
	EXPECT_EQ(0, munmap(p, PAGE), "munmap");
	expect_segv(p + OFFSET, 1, SEGV_MAPERR, "write to an unmapped page");
	expect_segv((char *)(uintptr_t)LOW_ADDR, 0, SEGV_MAPERR, "read at address 16");

	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		test_abort("mmap of one page");
	p[OFFSET] = MARK;
	EXPECT_EQ(0, mprotect(p, PAGE, PROT_READ), "mprotect(PROT_READ)");
	EXPECT_EQ(MARK, p[OFFSET], "reading the read-only page");
	expect_segv(p + OFFSET, 1, SEGV_ACCERR, "write to a read-only page");
	/* A second time: the mask was restored by siglongjmp. */
	expect_segv(p + OFFSET + 1, 1, SEGV_ACCERR, "a second write to the read-only page");
	EXPECT_EQ(MARK, p[OFFSET], "the read-only byte after the faulting writes");
	munmap(p, PAGE);
	return test_end();
}
