/*
 * tls_two_processes - a __thread variable after fork(): the child starts
 * with the parent's value at the same address, its writes stay its own,
 * and the parent's later writes are seen by a later child but not changed
 * by the first one.  A zero-initialised __thread array (.tbss) is zero.
 */
#include "guest.h"
#include <sys/wait.h>

#define TBSS_SIZE	256

static __thread int counter = 5;
static __thread char zeroed[TBSS_SIZE];

/* Fork a child that checks counter == expect and &counter == addr, then
 * writes new_value; it exits 0 if all held, 1 if not. */
static pid_t child_checks(int expect, int *addr, int new_value)
{
	pid_t pid = fork();

	if (pid == 0) {
		int ok = counter == expect && &counter == addr;

		counter = new_value;
		ok = ok && counter == new_value;
		if (!ok)
			printf("child: expected counter %d at %p, got %d at %p\n",
			       expect, (void *)addr, counter, (void *)&counter);
		_exit(ok ? 0 : 1);
	}
	return pid;
}

static void expect_child_ok(pid_t pid, const char *what)
{
	int status = -1;

	EXPECT_EQ(pid, waitpid(pid, &status, 0), "waitpid");
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "%s: expected exit 0, got status 0x%x", what, status);
}

int main(void)
{
	int zeros = 1;

	test_start("tls_two_processes");
	for (int i = 0; i < TBSS_SIZE; i++)
		zeros &= zeroed[i] == 0;
	EXPECT(zeros, "a zero-initialised __thread array is not all zero");
	EXPECT_EQ(5, counter, "the initial __thread value");
	counter = 10;
	expect_child_ok(child_checks(10, &counter, 20), "first child");
	EXPECT_EQ(10, counter, "the parent's value after the child wrote 20");
	counter = 30;
	expect_child_ok(child_checks(30, &counter, 40), "second child");
	EXPECT_EQ(30, counter, "the parent's value after the second child wrote 40");
	return test_end();
}
