/*
 * fork_64_children - 64 children live at once, each with its own copy of
 * memory: each fills a three-page buffer (so the copy crosses page
 * boundaries) with its index, yields so the others run, checks that its
 * buffer still holds only its index, and exits with the index (200 when
 * its copy was changed by someone else).  The parent forks all 64 before
 * reaping any, checks its own buffer is untouched, and reaps each child
 * exactly once with the status that matches its pid.
 */
#include "guest.h"
#include <sched.h>
#include <sys/wait.h>

#define NR_CHILDREN	64
#define BUF_WORDS	(3 * 4096 / sizeof(int))
#define PARENT_MARK	(-1)
#define CHILD_BROKEN	200
#define YIELDS		8

static int buf[BUF_WORDS];

static int buffer_is(int value)
{
	for (size_t i = 0; i < BUF_WORDS; i++)
		if (buf[i] != value)
			return 0;
	return 1;
}

static void child(int index)
{
	for (size_t i = 0; i < BUF_WORDS; i++)
		buf[i] = index;
	for (int i = 0; i < YIELDS; i++)
		sched_yield();
	_exit(buffer_is(index) ? index : CHILD_BROKEN);
}

int main(void)
{
	pid_t pids[NR_CHILDREN];
	int reaped[NR_CHILDREN] = { 0 };

	test_start("fork_64_children");
	for (size_t i = 0; i < BUF_WORDS; i++)
		buf[i] = PARENT_MARK;
	for (int i = 0; i < NR_CHILDREN; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			child(i);
		EXPECT(pids[i] > 0, "fork #%d: %s", i, strerror(errno));
	}
	EXPECT(buffer_is(PARENT_MARK), "the parent's buffer changed: a child wrote into it");
	for (int n = 0; n < NR_CHILDREN; n++) {
		int status = -1, index = -1;
		pid_t pid = waitpid(-1, &status, 0);

		for (int i = 0; i < NR_CHILDREN; i++)
			if (pids[i] == pid)
				index = i;
		if (index < 0) {
			EXPECT(0, "wait #%d returned %d (%s), not one of the children",
			       n, pid, strerror(errno));
			break;
		}
		EXPECT(!reaped[index], "child %d (pid %d) reaped twice", index, pid);
		reaped[index] = 1;
		EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == index,
		       "child %d: expected exit status %d, got status 0x%x (%d: its copy changed)",
		       index, index, status, CHILD_BROKEN);
	}
	EXPECT_ERRNO(waitpid(-1, NULL, 0), ECHILD, "waitpid after all 64 were reaped");
	return test_end();
}
