/*
 * cow_reuse_after_the_other_side_exits - after fork() both processes map
 * the same pages write-protected.  Once the child has exited, the parent
 * is the only user of each page, so its write fault makes the page
 * writable again in place (Linux's do_wp_page reuse) instead of copying:
 * writing N pages does not cost N free pages.  Where /proc/vmstat has a
 * cow_reuse counter (Mneme) it must grow by at least N; otherwise free
 * memory must drop by much less than N pages (retried a few times, since
 * free memory moves for other reasons on a busy host).
 */
#include "guest.h"
#include "guest_mem.h"
#include <sys/wait.h>

#define LEN		(16 * MIB)
#define NR_PAGES	(LEN / PAGE)
#define COPY_LIMIT	(8 * MIB)	/* a copy per page would be 16 MiB */
#define ATTEMPTS	10

/* fork_and_reap: a child that exits at once; the pages stay write-protected. */
static void fork_and_reap(void)
{
	int status = 0;
	pid_t pid = fork();

	if (pid < 0)
		test_abort("fork");
	if (pid == 0)
		_exit(0);
	EXPECT_EQ(pid, waitpid(pid, &status, 0), "waitpid");
}

/* one_attempt: fork, reap, write every page; the free memory used. */
static long one_attempt(char *p, int seed, long *reused)
{
	long before, reuse_before;

	fork_and_reap();
	reuse_before = vmstat_counter("cow_reuse");
	before = free_memory_bytes();
	fill_pages(p, NR_PAGES, seed);
	*reused = vmstat_counter("cow_reuse") - reuse_before;
	return before - free_memory_bytes();
}

int main(void)
{
	long cost = 0, reused = 0, bad;
	int i;
	char *p;

	test_start("cow_reuse_after_the_other_side_exits");
	p = map_anon(LEN, 0);
	fill_pages(p, NR_PAGES, 1);
	for (i = 0; i < ATTEMPTS; i++) {
		cost = one_attempt(p, 2 + i, &reused);
		bad = pages_hold(p, NR_PAGES, 2 + i);
		EXPECT(bad < 0, "after the write: page %ld does not hold what was written", bad);
		if (vmstat_counter("cow_reuse") >= 0 || cost < COPY_LIMIT)
			break;
	}
	if (vmstat_counter("cow_reuse") >= 0)
		EXPECT(reused >= NR_PAGES, "/proc/vmstat cow_reuse: expected to grow by at least "
		       "%ld, it grew by %ld", NR_PAGES, reused);
	else
		EXPECT(cost < COPY_LIMIT, "writing %ld pages after the child exited: expected free "
		       "memory to drop by less than %ld KiB, it dropped by %ld KiB",
		       NR_PAGES, COPY_LIMIT / 1024, cost / 1024);
	munmap(p, LEN);
	return test_end();
}
