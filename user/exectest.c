/*
 * user/exectest.c - execve(2) as Linux does it.
 *
 *	exectest          run the checks, then exec ./hello (its sibling)
 *	exectest stage2 A the program a forked child execs: checks it got
 *	                  argv[2] == A and EXECTEST=yes, exits 5
 *
 * Checks: a child that execs this program with new argv and envp gets
 * them and its exit status comes back through wait; execve of a missing
 * file is ENOENT, of a text file ENOEXEC, with a bad pointer EFAULT, and
 * the caller carries on after each failure; finally the process replaces
 * itself with hello (same pid), so "hello from user space" follows
 * "exectest: ok" and the exit status is hello's.  Paths are taken from
 * argv[0], so it runs the same on Linux (build/user/exectest).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;
/* An address no program has mapped (volatile: the compiler must not judge it). */
static const char *volatile bad_path = (const char *)8;

static void check(int ok, const char *what)
{
	if (!ok) {
		printf("exectest: FAIL %s\n", what);
		failures++;
	}
}

/* argv[0] with its last component replaced by name. */
static void sibling(char *out, size_t size, const char *self, const char *name)
{
	const char *slash = strrchr(self, '/');
	int dir = slash ? (int)(slash - self) + 1 : 0;

	snprintf(out, size, "%.*s%s", dir, self, name);
}

int main(int argc, char **argv)
{
	char *const envp[] = { "EXECTEST=yes", "PATH=/bin", NULL };
	char hello[256];
	int status;
	pid_t pid;

	if (argc == 3 && !strcmp(argv[1], "stage2")) {
		const char *e = getenv("EXECTEST");

		return !strcmp(argv[2], "hello-arg") && e && !strcmp(e, "yes") ? 5 : 1;
	}
	pid = fork();
	if (pid == 0) {
		char *const args[] = { argv[0], "stage2", "hello-arg", NULL };

		execve(argv[0], args, envp);
		_exit(99);
	}
	check(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 5, "the exec'd child got argv and envp and exited 5");
	errno = 0;
	check(execve("/no/such/program", argv, envp) == -1 && errno == ENOENT, "ENOENT");
	errno = 0;
	check(execve("/etc/hostname", argv, envp) == -1 && errno == ENOEXEC, "ENOEXEC for a text file");
	errno = 0;
	check(execve(bad_path, argv, envp) == -1 && errno == EFAULT, "EFAULT for a bad path");
	printf("exectest: %s\n", failures ? "FAILED" : "ok");
	fflush(stdout);
	if (failures)
		return 1;
	sibling(hello, sizeof(hello), argv[0], "hello");
	execve(hello, (char *const[]){ hello, NULL }, envp);
	printf("exectest: exec of %s failed\n", hello);
	return 1;
}
