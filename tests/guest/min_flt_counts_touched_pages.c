/*
 * min_flt_counts_touched_pages - with demand paging, the first touch of
 * each page of fresh anonymous memory is a minor page fault (one that
 * needed no I/O), counted in the task's min_flt: getrusage(RUSAGE_SELF)
 * ru_minflt grows by at least N when N fresh pages are written, and
 * wait4() returns a child's counts, at least N for a child that wrote N
 * fresh pages.  (1 MiB: too small for a transparent huge page on Linux.)
 */
#include "guest.h"
#include "guest_mem.h"
#include <sys/resource.h>
#include <sys/wait.h>

#define NR_PAGES	256
#define LEN		(NR_PAGES * PAGE)

static long minflt_self(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) != 0)
		test_abort("getrusage");
	return ru.ru_minflt;
}

static void check_self(void)
{
	char *p = map_anon(LEN, 0);
	long before = minflt_self(), grew;

	fill_pages(p, NR_PAGES, 1);
	grew = minflt_self() - before;
	EXPECT(grew >= NR_PAGES, "getrusage after writing %d fresh pages: expected ru_minflt "
	       "to grow by at least %d, it grew by %ld", NR_PAGES, NR_PAGES, grew);
	munmap(p, LEN);
}

static void check_child(void)
{
	struct rusage ru;
	int status = 0;
	pid_t pid = fork();

	if (pid < 0)
		test_abort("fork");
	if (pid == 0) {
		fill_pages(map_anon(LEN, 0), NR_PAGES, 2);
		_exit(0);
	}
	memset(&ru, 0, sizeof(ru));
	EXPECT_EQ(pid, wait4(pid, &status, 0, &ru), "wait4");
	EXPECT(ru.ru_minflt >= NR_PAGES, "wait4's rusage of a child that wrote %d fresh pages: "
	       "expected ru_minflt >= %d, got %ld", NR_PAGES, NR_PAGES, ru.ru_minflt);
}

int main(void)
{
	test_start("min_flt_counts_touched_pages");
	check_self();
	check_child();
	return test_end();
}
