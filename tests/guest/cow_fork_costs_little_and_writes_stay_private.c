/*
 * cow_fork_costs_little_and_writes_stay_private - fork() of a process with
 * 64 MiB of touched private anonymous memory shares the pages
 * copy-on-write instead of copying them, so free memory drops by far less
 * than 64 MiB (page tables and the child's own structures).  Then parent,
 * child and grandchild each write their own values to the same pages
 * while the others are alive, and each sees only its own writes: a write
 * copies the page for the writer alone.
 *
 * Free memory moves for other reasons on a busy host, so the fork cost is
 * measured up to a few times (a child that exits at once); one fork under
 * the limit passes.
 */
#include "guest.h"
#include "guest_mem.h"
#include <sys/wait.h>

#define LEN		(64 * MIB)
#define NR_PAGES	(LEN / PAGE)
#define STRIDE		8		/* write every 8th page: 8 MiB each */
#define FORK_LIMIT	(16 * MIB)	/* far less than 64 MiB */
#define ATTEMPTS	10
#define SEED_ORIG	1
#define SEED_CHILD	2
#define SEED_GRANDCHILD	3
#define SEED_PARENT	4

/* write_seed / check_seed: every STRIDE-th page holds seed + its index. */
static void write_seed(char *p, int seed)
{
	for (long i = 0; i < NR_PAGES; i += STRIDE)
		p[i * PAGE] = (char)(seed + i);
}

static void check_seed(const char *p, int seed, const char *who)
{
	for (long i = 0; i < NR_PAGES; i += STRIDE)
		if (p[i * PAGE] != (char)(seed + i)) {
			EXPECT(0, "%s: page %ld: expected %d, got %d", who, i,
			       (char)(seed + i), p[i * PAGE]);
			return;
		}
}

/* fork_cost: free memory used by one fork() of this process. */
static long fork_cost(void)
{
	int fds[2];
	char c = 0;
	long before, cost;
	pid_t pid;

	if (pipe(fds) != 0)
		test_abort("pipe");
	before = free_memory_bytes();
	pid = fork();
	if (pid < 0)
		test_abort("fork");
	if (pid == 0) {
		read(fds[0], &c, 1);	/* stay alive while the parent measures */
		_exit(0);
	}
	cost = before - free_memory_bytes();
	write(fds[1], &c, 1);
	waitpid(pid, NULL, 0);
	close(fds[0]);
	close(fds[1]);
	return cost;
}

/* wait_ok: reap pid and expect exit status 0. */
static void wait_ok(pid_t pid, const char *who)
{
	int status = 0;

	EXPECT_EQ(pid, waitpid(pid, &status, 0), who);
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "%s: expected exit status 0, got status 0x%x", who, status);
}

/* grandchild: sees the child's values, writes and sees its own. */
static void run_grandchild(char *p)
{
	check_seed(p, SEED_CHILD, "grandchild, before writing");
	write_seed(p, SEED_GRANDCHILD);
	check_seed(p, SEED_GRANDCHILD, "grandchild, after writing");
	_exit(test_failures ? 1 : 0);
}

/* child: writes while the parent waits, then forks a grandchild. */
static void run_child(char *p, int to_parent, int from_parent)
{
	char c = 0;
	pid_t pid;

	check_seed(p, SEED_ORIG, "child, before writing");
	write_seed(p, SEED_CHILD);
	check_seed(p, SEED_CHILD, "child, after writing");
	write(to_parent, &c, 1);
	read(from_parent, &c, 1);	/* the parent has written */
	check_seed(p, SEED_CHILD, "child, after the parent wrote");
	pid = fork();
	if (pid == 0) {
		test_failures = 0;	/* count the grandchild's own */
		run_grandchild(p);
	}
	EXPECT(pid > 0, "fork of the grandchild: %s", strerror(errno));
	if (pid > 0)
		wait_ok(pid, "the grandchild");
	check_seed(p, SEED_CHILD, "child, after the grandchild wrote");
	_exit(test_failures ? 1 : 0);
}

int main(void)
{
	int to_parent[2], from_parent[2];
	long cost = 0;
	char c = 0, *p;
	pid_t pid;

	test_start("cow_fork_costs_little_and_writes_stay_private");
	p = map_anon(LEN, 0);
	memset(p, 0x11, LEN);
	for (long i = 0; i < NR_PAGES; i++)
		p[i * PAGE] = (char)(SEED_ORIG + i);
	for (int i = 0; i < ATTEMPTS; i++)
		if ((cost = fork_cost()) < FORK_LIMIT)
			break;
	EXPECT(cost < FORK_LIMIT, "fork with 64 MiB touched: expected free memory to drop by "
	       "less than %ld KiB, it dropped by %ld KiB", FORK_LIMIT / 1024, cost / 1024);

	if (pipe(to_parent) != 0 || pipe(from_parent) != 0)
		test_abort("pipe");
	pid = fork();
	if (pid < 0)
		test_abort("fork");
	if (pid == 0) {
		test_failures = 0;	/* count the child's own: its status says */
		run_child(p, to_parent[1], from_parent[0]);
	}
	read(to_parent[0], &c, 1);	/* the child has written */
	check_seed(p, SEED_ORIG, "parent, after the child wrote");
	write_seed(p, SEED_PARENT);
	check_seed(p, SEED_PARENT, "parent, after writing");
	write(from_parent[1], &c, 1);
	wait_ok(pid, "the child");
	check_seed(p, SEED_PARENT, "parent, after the child and grandchild exited");
	munmap(p, LEN);
	return test_end();
}
