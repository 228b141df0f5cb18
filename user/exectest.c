/*
 * user/exectest.c - execve(2) as Linux does it.
 *
 *	exectest          run the checks, then exec ./hello (its sibling)
 *	exectest stage2 A the program a forked child execs: checks it got
 *	                  argv[2] == A and EXECTEST=yes, exits 5
 *
 * Checks: a child that execs this program with new argv and envp gets
 * them and its exit status comes back through wait; execve of a missing
 * file is ENOENT, of a text file ENOEXEC (EACCES without an x bit), with
 * a bad pointer EFAULT, and
 * the caller carries on after each failure; finally the process replaces
 * itself with hello (same pid), so "hello from user space" follows
 * "exectest: ok" and the exit status is hello's.  Paths are taken from
 * argv[0], so it runs the same on Linux (build/user/exectest).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/*
 * A text file is not a program: ENOEXEC when it has an x bit, EACCES
 * when it has none (root too).  Made in /tmp, the only place both this
 * host and the guest can write to.
 */
static int text_file_exec_errors(char *const *argv, char *const *envp)
{
	static const char path[] = "/tmp/exectest-text", text[] = "not a program\n";
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755), noexec, acces;

	if (fd < 0 || write(fd, text, sizeof(text) - 1) != (ssize_t)sizeof(text) - 1)
		return 0;
	close(fd);
	errno = 0;
	noexec = execve(path, argv, envp) == -1 && errno == ENOEXEC;
	chmod(path, 0644);
	errno = 0;
	acces = execve(path, argv, envp) == -1 && errno == EACCES;
	unlink(path);
	return noexec && acces;
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
	check(text_file_exec_errors(argv, envp), "ENOEXEC for an executable text file, EACCES without x");
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
