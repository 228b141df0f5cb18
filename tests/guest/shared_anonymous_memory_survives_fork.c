/*
 * shared_anonymous_memory_survives_fork - a MAP_SHARED|MAP_ANONYMOUS
 * mapping stays one set of pages across fork(): what the child writes the
 * parent reads, and the other way round, including pages first touched
 * after the fork (they are created once, for both).  A MAP_PRIVATE
 * mapping beside it stays private, as a control.
 */
#include "guest.h"
#include "guest_mem.h"
#include <sys/wait.h>

#define NR_PAGES	64
#define LEN		(NR_PAGES * PAGE)
#define HALF		(NR_PAGES / 2)

int main(void)
{
	int to_parent[2], to_child[2], status = 0;
	char c = 0, *shared, *private;
	long bad;
	pid_t pid;

	test_start("shared_anonymous_memory_survives_fork");
	shared = map_anon(LEN, 1);
	private = map_anon(LEN, 0);
	fill_pages(shared, HALF, 1);	/* the lower half touched before fork */
	fill_pages(private, NR_PAGES, 1);
	if (pipe(to_parent) != 0 || pipe(to_child) != 0)
		test_abort("pipe");
	pid = fork();
	if (pid < 0)
		test_abort("fork");
	if (pid == 0) {
		test_failures = 0;	/* the child's own: its status says */
		fill_pages(shared, NR_PAGES, 10);	/* both halves */
		fill_pages(private, NR_PAGES, 10);
		write(to_parent[1], &c, 1);
		read(to_child[0], &c, 1);
		bad = pages_hold(shared, NR_PAGES, 20);
		EXPECT(bad < 0, "child: page %ld of the shared mapping lacks the parent's write", bad);
		bad = pages_hold(private, NR_PAGES, 10);
		EXPECT(bad < 0, "child: page %ld of the private mapping changed", bad);
		_exit(test_failures ? 1 : 0);
	}
	read(to_parent[0], &c, 1);
	bad = pages_hold(shared, NR_PAGES, 10);
	EXPECT(bad < 0, "parent: page %ld of the shared mapping lacks the child's write", bad);
	bad = pages_hold(private, NR_PAGES, 1);
	EXPECT(bad < 0, "parent: page %ld of the private mapping shows the child's write", bad);
	fill_pages(shared, NR_PAGES, 20);
	write(to_child[1], &c, 1);
	EXPECT_EQ(pid, waitpid(pid, &status, 0), "waitpid");
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "the child: expected exit status 0, got status 0x%x", status);
	munmap(shared, LEN);
	munmap(private, LEN);
	return test_end();
}
