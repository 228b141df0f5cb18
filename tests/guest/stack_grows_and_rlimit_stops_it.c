/*
 * stack_grows_and_rlimit_stops_it - the main thread's stack is a
 * VM_GROWSDOWN mapping that grows on faults below it: a recursion 4 MiB
 * deep (1 KiB frames) runs fine.  Growth stops at RLIMIT_STACK: with the
 * limit lowered to 1 MiB, the same recursion faults beyond it and, with
 * no stack left for a handler, the process dies of SIGSEGV.  Each
 * recursion runs in a child (core dumps off), checked with waitpid.
 */
#include "guest.h"
#include <sys/resource.h>
#include <sys/wait.h>

#define FRAME_BYTES	1024
#define DEEP_BYTES	(4L << 20)
#define DEPTH		(DEEP_BYTES / FRAME_BYTES)
#define SMALL_LIMIT	(1L << 20)
#define ROOMY_LIMIT	(16L << 20)

/* recurse: depth frames of at least FRAME_BYTES each, every one touched. */
static __attribute__((noinline)) long recurse(long depth)
{
	volatile char frame[FRAME_BYTES];

	frame[0] = (char)depth;
	frame[FRAME_BYTES - 1] = (char)depth;
	if (depth == 0)
		return 0;
	return recurse(depth - 1) + frame[0] + frame[FRAME_BYTES - 1];
}

/* run_child: recurse DEPTH deep under a stack limit; its wait status. */
static int run_child(rlim_t stack_limit)
{
	int status = -1;
	pid_t pid = fork();

	if (pid < 0)
		test_abort("fork");
	if (pid == 0) {
		struct rlimit core = { 0, 0 }, stack;

		setrlimit(RLIMIT_CORE, &core);
		getrlimit(RLIMIT_STACK, &stack);
		stack.rlim_cur = stack_limit;
		if (stack.rlim_max != RLIM_INFINITY && stack.rlim_max < stack_limit)
			stack.rlim_cur = stack.rlim_max;
		if (setrlimit(RLIMIT_STACK, &stack) != 0)
			_exit(2);
		_exit(recurse(DEPTH) == -1 ? 3 : 0);
	}
	EXPECT_EQ(pid, waitpid(pid, &status, 0), "waitpid");
	return status;
}

int main(void)
{
	int status;

	test_start("stack_grows_and_rlimit_stops_it");
	status = run_child(ROOMY_LIMIT);
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "4 MiB of recursion under a 16 MiB stack limit: expected exit 0, got %s %d",
	       WIFSIGNALED(status) ? "signal" : "exit status",
	       WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	status = run_child(SMALL_LIMIT);
	EXPECT(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
	       "4 MiB of recursion under a 1 MiB stack limit: expected death by signal %d, got %s %d",
	       SIGSEGV, WIFSIGNALED(status) ? "signal" : "exit status",
	       WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	return test_end();
}
