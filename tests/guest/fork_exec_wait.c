/*
 * fork_exec_wait - fork(), execve() and wait: every exit status 0..255
 * comes back through waitpid(); a child that execs this program again
 * exits with the status it was asked for; a child killed by SIGKILL is
 * WIFSIGNALED with WTERMSIG 9; waitpid() for a specific pid returns that
 * child even when another one ended first; WNOHANG says 0 while a child
 * runs; and with no children left, wait says ECHILD.
 */
#include "guest.h"
#include <signal.h>
#include <sys/wait.h>

#define EXEC_STATUS	37

extern char **environ;

/* Fork a child that exits with code; its pid, or -1. */
static pid_t child_exiting(int code)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(code);
	return pid;
}

static void check_exit_codes(void)
{
	for (int code = 0; code <= 255; code++) {
		int status = -1;
		pid_t pid = child_exiting(code);

		EXPECT(pid > 0, "fork: %s", strerror(errno));
		EXPECT_EQ(pid, waitpid(pid, &status, 0), "waitpid's return");
		EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == code,
		       "exit(%d): expected WIFEXITED with %d, got status 0x%x", code, code, status);
	}
}

static void check_exec(const char *self)
{
	char code[8];
	char *argv[] = { (char *)self, "--exit", code, NULL };
	int status = -1;
	pid_t pid;

	snprintf(code, sizeof(code), "%d", EXEC_STATUS);
	pid = fork();
	if (pid == 0) {
		execve(self, argv, environ);
		_exit(100);
	}
	EXPECT_EQ(pid, waitpid(pid, &status, 0), "waitpid after exec");
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == EXEC_STATUS,
	       "exec'd child: expected exit status %d, got status 0x%x (100: execve failed)",
	       EXEC_STATUS, status);
}

static void check_sigkill(void)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		for (;;)
			pause();
	}
	EXPECT_EQ(0, waitpid(pid, &status, WNOHANG), "waitpid WNOHANG on a running child");
	if (kill(pid, SIGKILL) < 0) {	/* waiting would never end */
		EXPECT(0, "kill(child, SIGKILL): expected 0, got -1 (%s)", strerror(errno));
		return;
	}
	EXPECT_EQ(pid, waitpid(pid, &status, 0), "waitpid after SIGKILL");
	EXPECT(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
	       "expected WIFSIGNALED with signal %d, got status 0x%x", SIGKILL, status);
}

/* The second child is waited for first, though the first ended first. */
static void check_specific_pid(void)
{
	int status = -1;
	pid_t first = child_exiting(1);
	pid_t second = child_exiting(2);

	EXPECT_EQ(second, waitpid(second, &status, 0), "waitpid(second)");
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 2,
	       "second child: expected exit 2, got status 0x%x", status);
	EXPECT_EQ(first, waitpid(-1, &status, 0), "waitpid(-1) for the first");
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 1,
	       "first child: expected exit 1, got status 0x%x", status);
}

int main(int argc, char **argv)
{
	int status;

	if (argc == 3 && !strcmp(argv[1], "--exit"))
		return atoi(argv[2]);
	test_start("fork_exec_wait");
	check_exit_codes();
	check_exec(self_path(argv[0]));
	check_specific_pid();
	EXPECT_ERRNO(waitpid(-1, &status, 0), ECHILD, "waitpid(-1) with no children");
	EXPECT_ERRNO(waitpid(getpid(), &status, 0), ECHILD, "waitpid(own pid)");
	EXPECT_ERRNO(wait(&status), ECHILD, "wait() with no children");
	check_sigkill();	/* last: if kill() fails, the child lives on */
	return test_end();
}
