/*
 * brk_shrink_then_grow_is_zeroed - the heap through the brk system call
 * (musl's sbrk only reads the break, so the call is made directly): the
 * break grows, the new memory reads zero and takes writes; shrinking it
 * unmaps the pages above the new break; growing it again gives fresh
 * zeroed pages, not the old contents.  brk below the start of the heap
 * is refused: the break stays where it was.
 */
#include "guest.h"
#include "guest_mem.h"
#include <sys/syscall.h>

#define NR_PAGES	64
#define LEN		(NR_PAGES * PAGE)

static char *do_brk(char *addr)
{
	return (char *)syscall(SYS_brk, addr);
}

/* page_up: the first page boundary at or above addr. */
static char *page_up(char *addr)
{
	return (char *)(((uintptr_t)addr + PAGE - 1) & ~(uintptr_t)(PAGE - 1));
}

int main(void)
{
	char *start, *top, *heap;
	long bad;

	test_start("brk_shrink_then_grow_is_zeroed");
	start = do_brk(NULL);
	heap = page_up(start);
	top = do_brk(heap + LEN);
	EXPECT(top == heap + LEN, "growing: expected the break at %p, got %p",
	       (void *)(heap + LEN), (void *)top);
	if (top != heap + LEN)
		return test_end();
	bad = first_nonzero(heap, LEN);
	EXPECT(bad < 0, "the grown heap: expected zeros, byte %ld is nonzero", bad);
	memset(heap, 0xcd, LEN);

	top = do_brk(heap + PAGE);
	EXPECT(top == heap + PAGE, "shrinking: expected the break at %p, got %p",
	       (void *)(heap + PAGE), (void *)top);
	EXPECT(mprotect(heap + PAGE, PAGE, PROT_READ) == -1 && errno == ENOMEM,
	       "shrunk: expected the page above the break unmapped (mprotect ENOMEM), errno %d", errno);
	EXPECT_EQ(0xcd, (unsigned char)heap[PAGE - 1], "the byte just below the shrunk break");

	top = do_brk(heap + LEN);
	EXPECT(top == heap + LEN, "growing again: expected the break at %p, got %p",
	       (void *)(heap + LEN), (void *)top);
	bad = first_nonzero(heap + PAGE, LEN - PAGE);
	EXPECT(bad < 0, "regrown heap: expected zeros, byte %ld above the kept page is %d",
	       bad, bad < 0 ? 0 : heap[PAGE + bad]);
	EXPECT_EQ(0xcd, (unsigned char)heap[0], "the kept page after growing again");

	top = do_brk(start - 16 * PAGE);
	EXPECT(top == heap + LEN, "brk below the heap start: expected the break to stay at %p, got %p",
	       (void *)(heap + LEN), (void *)top);
	do_brk(start);
	return test_end();
}
