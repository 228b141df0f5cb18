/*
 * user/forkbench.c - N times: fork, the child exits at once, the parent
 * waits for it.  Prints nothing; make bench times it from the kernel
 * (tests/kernel/bench_exec.c: fork_exit_us is the difference between
 * N = 200 and N = 0, divided by 200).
 *
 *	forkbench N
 */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 0, status;

	for (int i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		if (pid < 0 || waitpid(pid, &status, 0) != pid || status != 0)
			return 1;
	}
	return 0;
}
