/*
 * user/forktest.c - fork(), exit() and wait4() as Linux does them.
 *
 *	forktest [nospin]
 *
 * Forks 64 children at once.  Each checks it sees its parent through
 * getppid(), changes a global and a heap block (its own copies: the
 * parent must not see the change), and exits with its index.  The parent
 * reaps them all with wait4() and checks every status.  Then a child
 * that spins: WNOHANG must say 0 while it lives, and the parent must run
 * again while it spins (preemption by the tick; the child spins for
 * seconds, far longer than a 100 ms time slice, so the check does not
 * hang on timing; "nospin" leaves this part out).  Then a child that
 * dereferences NULL must be killed by SIGSEGV, and finally
 * that wait4() says ECHILD with no children left.  Prints
 * "forktest: ok" and exits 0, or names what failed and exits 1.  A static
 * musl binary: the same answers on Linux.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define NR_CHILDREN	64
#define SPIN_LOOPS	(1UL << 29)	/* seconds in QEMU: many 100 ms time slices */

static int global = 1;
static int failures;

static void check(int ok, const char *what)
{
	if (!ok) {
		printf("forktest: FAIL %s\n", what);
		failures++;
	}
}

static void child(int i, pid_t parent, char *heap)
{
	global = 100 + i;
	memset(heap, 'c', 4096);
	_exit(getppid() == parent && global == 100 + i ? i : 255);
}

int main(int argc, char **argv)
{
	char *heap = malloc(4096);
	pid_t parent = getpid(), pids[NR_CHILDREN];
	int seen[NR_CHILDREN] = { 0 }, status;
	struct rusage ru;

	check(heap != NULL, "malloc");
	memset(heap, 'p', 4096);
	for (int i = 0; i < NR_CHILDREN; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			child(i, parent, heap);
		check(pids[i] > 0, "fork returns a pid");
	}
	for (int i = 0; i < NR_CHILDREN; i++) {
		pid_t pid = wait4(-1, &status, 0, &ru);
		int j;

		for (j = 0; j < NR_CHILDREN && pids[j] != pid; j++)
			;
		check(j < NR_CHILDREN, "wait4 returns one of our children");
		if (j < NR_CHILDREN) {
			check(WIFEXITED(status) && WEXITSTATUS(status) == j, "exit status");
			seen[j]++;
		}
	}
	for (int i = 0; i < NR_CHILDREN; i++)
		check(seen[i] == 1, "every child reaped once");
	check(global == 1 && heap[4095] == 'p', "the children's writes stayed theirs");
	/* preemption: a spinning child must not starve its parent */
	if (argc > 1 && !strcmp(argv[1], "nospin"))
		goto no_spin;		/* the quick run (the ktest's) */
	pids[0] = fork();
	if (pids[0] == 0) {
		for (volatile unsigned long i = 0; i < SPIN_LOOPS; i++)
			;
		_exit(0);
	}
	check(waitpid(pids[0], &status, WNOHANG) == 0, "WNOHANG returns 0 while the child lives");
	sched_yield();				/* the child runs, and spins */
	check(waitpid(pids[0], &status, WNOHANG) == 0,
	      "the parent runs again while the child spins (the tick preempts it)");
	check(waitpid(pids[0], &status, 0) == pids[0] && WIFEXITED(status),
	      "waitpid of one given child");
no_spin:
	if (fork() == 0)
		*(volatile int *)0 = 1;		/* dies with SIGSEGV */
	check(wait(&status) > 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
	      "a NULL write kills the child with SIGSEGV");
	check(wait(&status) == -1 && errno == ECHILD, "no children left: ECHILD");
	printf("forktest: %s\n", failures ? "FAILED" : "ok");
	return failures ? 1 : 0;
}
