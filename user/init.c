/*
 * user/init.c - /sbin/init, the first user process (pid 1).
 *
 *	init                   mount, /etc/rc, then a login shell, respawned
 *	init once              ... the shell once; power off with its status
 *	init runtests [ARG..]  ... /bin/runtests ARG.. instead of the shell
 *	init -c WORD..         ... /bin/sh -c "WORD.." instead of the shell
 *	init.shell=PATH        (environment) the shell to start, default /bin/sh
 *
 * The kernel passes init the command-line words it does not know: plain
 * words as arguments, key=value words as environment (kernel/main.c), so
 * `init=/sbin/init runtests --timeout 60` runs the test runner, and
 * `init=/sbin/init -c ls -l /` runs one command (the words after -c are
 * joined by spaces, so no quoting is needed on the kernel command line).
 *
 * What it does, in order:
 *  1. mounts devtmpfs on /dev and proc on /proc (creating the directories
 *     if missing); a failure is reported and boot goes on;
 *  2. makes sure fds 0, 1 and 2 are open, on /dev/console if not;
 *  3. runs `/bin/sh /etc/rc` if /etc/rc exists, and waits for it;
 *  4. starts the shell (or the command) in its own session with the
 *     console as its controlling terminal, as a login shell (argv[0]
 *     "-sh"); reaps every process that ends meanwhile (orphans are
 *     reparented to pid 1); respawns the shell when it exits, unless in
 *     `once`, `runtests` or `-c` mode, where init syncs and exits with the
 *     command's status (as it does when the shell keeps exiting at once).
 *     Mneme powers off when init exits, with init's exit status (QEMU's
 *     exit status, through tools/qemu).  Linux instead
 *     panics when pid 1 exits ("Attempted to kill init!"): a Linux init
 *     would call reboot(LINUX_REBOOT_CMD_POWER_OFF), which carries no
 *     status.
 *
 * What Linux's init systems (sysvinit, busybox init, systemd) do and this
 * does not: runlevels and /etc/inittab, several consoles and gettys,
 * login and passwords, handling of SIGTERM/SIGINT (Ctrl-Alt-Del) and
 * SIGPWR, an orderly shutdown (killing every process, unmounting, then
 * reboot(2)), remounting the root file system, service supervision with
 * dependencies, and a respawn limit that waits and tries again later
 * (this init gives up after 5 shells in a row that exit at once).
 *
 * Not pid 1 (say, run on the build machine), it prints a notice and exits
 * 0 without touching anything: it never mounts or powers off there.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_SHELL	"/bin/sh"
#define RUNTESTS	"/bin/runtests"
#define RC_FILE		"/etc/rc"
#define CONSOLE		"/dev/console"
#define MAX_ARGS	64
#define CMD_MAX		1024
#define EXIT_NOT_RUN	127	/* the shell's convention for "could not execute" */
#define QUICK_EXIT_MS	1000	/* a shell that lives less than this failed */
#define QUICK_EXITS_MAX	5

enum init_mode { MODE_SHELL, MODE_ONCE, MODE_RUNTESTS, MODE_COMMAND };

extern char **environ;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 1)
		n = sizeof(line) - 1;
	if (write(STDERR_FILENO, line, n) < 0)
		return;	/* nowhere else to report to */
}

/*
 * mount_fs: mkdir the mount point if needed, then mount(2); 0 or errno.
 * EBUSY means it is mounted already: the kernel may mount devtmpfs on
 * /dev itself, as Linux does with CONFIG_DEVTMPFS_MOUNT.
 */
static int mount_fs(const char *source, const char *dir, const char *type)
{
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return errno;
	if (mount(source, dir, type, 0, NULL) < 0 && errno != EBUSY)
		return errno;
	return 0;
}

/* Open /dev/console on every one of fds 0-2 that is closed. */
static void open_console_fds(void)
{
	for (int fd = 0; fd <= STDERR_FILENO; fd++) {
		/* Only EBADF says closed: ENOSYS (no fcntl yet) is not proof. */
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		int got = open(CONSOLE, O_RDWR | O_NOCTTY);

		if (got < 0)
			return;	/* nothing to report on, either */
		if (got != fd) {
			dup2(got, fd);
			close(got);
		}
	}
}

/*
 * The child's side: its own session, the console as controlling terminal
 * (stolen from init's session if it had it: arg 1), in the foreground.
 */
static void become_session_leader(int report)
{
	if (setsid() < 0 && report)
		say("init: setsid: %s\n", strerror(errno));
	if (ioctl(STDIN_FILENO, TIOCSCTTY, 1) < 0 && report)
		say("init: TIOCSCTTY on the console: %s\n", strerror(errno));
	if (tcsetpgrp(STDIN_FILENO, getpgrp()) < 0 && report)
		say("init: tcsetpgrp: %s\n", strerror(errno));
}

/* spawn: fork and exec argv; the child gets a session if session is set. */
static pid_t spawn(char *const argv[], const char *path, int session, int report)
{
	pid_t pid = fork();

	if (pid < 0) {
		say("init: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		if (session)
			become_session_leader(report);
		execve(path, argv, environ);
		say("init: cannot run %s: %s\n", path, strerror(errno));
		_exit(EXIT_NOT_RUN);
	}
	return pid;
}

/* wait_for: reap every child that ends until pid does; its wait status. */
static int wait_for(pid_t pid)
{
	int status;
	pid_t got;

	for (;;) {
		got = waitpid(-1, &status, 0);
		if (got == pid)
			return status;
		if (got < 0 && errno != EINTR) {
			say("init: wait: %s\n", strerror(errno));
			return EXIT_NOT_RUN << 8;
		}
		/* got > 0: an orphan, reaped; nothing else to do for it. */
	}
}

/* exit_code: the wait status as a shell would report it. */
static int exit_code(int status)
{
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

static void run_rc(void)
{
	char *argv[] = { "sh", RC_FILE, NULL };
	pid_t pid;
	int status;

	if (access(RC_FILE, R_OK) < 0)
		return;
	pid = spawn(argv, DEFAULT_SHELL, 0, 0);
	if (pid < 0)
		return;
	status = wait_for(pid);
	if (status)
		say("init: %s ended with status %d\n", RC_FILE, exit_code(status));
}

static long long now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
		return -1;
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/*
 * The interactive shell, respawned when it exits.  A shell that exits
 * at once (before QUICK_EXIT_MS; every time, when there is no clock)
 * QUICK_EXITS_MAX times in a row cannot work, for example because the
 * console cannot be read: init gives up and exits with its status
 * rather than spin.  (sysvinit instead disables the entry for 5 minutes.)
 */
static int respawn_shell(const char *shell, int once)
{
	char *argv[] = { "-sh", NULL };
	int status, quick_exits = 0;

	for (;;) {
		long long start = now_ms(), end;
		pid_t pid = spawn(argv, shell, 1, quick_exits == 0);

		if (pid < 0)
			return EXIT_NOT_RUN;
		status = wait_for(pid);
		if (once)
			return exit_code(status);
		end = now_ms();
		if (start < 0 || end < 0 || end - start < QUICK_EXIT_MS)
			quick_exits++;
		else
			quick_exits = 0;
		if (quick_exits == QUICK_EXITS_MAX) {
			say("init: %s exited at once %d times in a row (status %d); giving up\n",
			    shell, QUICK_EXITS_MAX, exit_code(status));
			return exit_code(status);
		}
		say("init: %s ended with status %d; starting a new one\n",
		    shell, exit_code(status));
	}
}

/* Run one program to its end; its exit code. */
static int run_once(char *const argv[], const char *path)
{
	pid_t pid = spawn(argv, path, 1, 0);

	return pid < 0 ? EXIT_NOT_RUN : exit_code(wait_for(pid));
}

/* -c WORD..: the words joined by spaces, run by the shell. */
static int run_command(const char *shell, int nr_words, char **words)
{
	static char cmd[CMD_MAX];
	char *argv[] = { "sh", "-c", cmd, NULL };
	size_t used = 0;

	for (int i = 0; i < nr_words; i++) {
		int n = snprintf(cmd + used, sizeof(cmd) - used, "%s%s",
				 i ? " " : "", words[i]);

		if (n < 0 || (size_t)n >= sizeof(cmd) - used) {
			say("init: -c: command longer than %d bytes\n", CMD_MAX - 1);
			return EXIT_NOT_RUN;
		}
		used += n;
	}
	return run_once(argv, shell);
}

static int run_tests(int argc, char **argv)
{
	char *args[MAX_ARGS + 2] = { "runtests" };
	int n = 1;

	for (int i = 0; i < argc && n <= MAX_ARGS; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	return run_once(args, RUNTESTS);
}

static void mount_early(void)
{
	int dev_err = mount_fs("devtmpfs", "/dev", "devtmpfs");
	int proc_err;

	open_console_fds();	/* after /dev: /dev/console lives there */
	proc_err = mount_fs("proc", "/proc", "proc");
	if (dev_err)
		say("init: mount devtmpfs on /dev: %s\n", strerror(dev_err));
	if (proc_err)
		say("init: mount proc on /proc: %s\n", strerror(proc_err));
}

static void usage_notice(void)
{
	say("init: Mneme's /sbin/init; it only works as pid 1 (this is pid %d),\n"
	    "  so it does nothing here.  Kernel command line:\n"
	    "    init=/sbin/init [once | runtests [ARG..] | -c WORD..] [init.shell=PATH]\n",
	    (int)getpid());
}

int main(int argc, char **argv)
{
	const char *shell = getenv("init.shell");
	enum init_mode mode = MODE_SHELL;
	int status;

	if (getpid() != 1) {
		usage_notice();
		return 0;
	}
	if (!shell || !*shell)
		shell = DEFAULT_SHELL;
	if (argc > 1 && !strcmp(argv[1], "once"))
		mode = MODE_ONCE;
	else if (argc > 1 && !strcmp(argv[1], "runtests"))
		mode = MODE_RUNTESTS;
	else if (argc > 2 && !strcmp(argv[1], "-c"))
		mode = MODE_COMMAND;
	else if (argc > 1)
		say("init: ignoring unknown arguments (first: '%s')\n", argv[1]);

	mount_early();
	run_rc();
	switch (mode) {
	case MODE_RUNTESTS:
		status = run_tests(argc - 2, argv + 2);
		break;
	case MODE_COMMAND:
		status = run_command(shell, argc - 2, argv + 2);
		break;
	default:
		status = respawn_shell(shell, mode == MODE_ONCE);
		break;
	}
	sync();
	return status;
}
