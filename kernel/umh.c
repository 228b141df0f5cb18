/*
 * kernel/umh.c - run a user program from the kernel and wait for it:
 * call_usermodehelper().  A kernel thread execs the program (from the
 * initrd); the caller sleeps until it exits and gets its wait status.
 * Tests and benchmarks use it; later, so can the kernel (Linux runs
 * /sbin/modprobe and core-dump helpers this way).  Linux: kernel/umh.c.
 */
#include <mneme/binfmts.h>
#include <mneme/kernel.h>
#include <mneme/sched.h>
#include <mneme/umh.h>
#include <uapi/errno.h>

struct umh_info {
	const char *path;
	const char *const *argv, *const *envp;
	int exec_err;		/* kernel_execve()'s error, if it came back */
};

static const char *const umh_envp[] = { "HOME=/", "PATH=/sbin:/bin", NULL };

static int call_usermodehelper_exec(void *data)
{
	struct umh_info *info = data;

	info->exec_err = kernel_execve(info->path, info->argv,
				       info->envp ? info->envp : umh_envp);
	return UMH_EXEC_FAILED;
}

int call_usermodehelper(const char *path, const char *const *argv,
			const char *const *envp, int *status)
{
	struct umh_info info = { .path = path, .argv = argv, .envp = envp };
	int pid = kernel_thread(call_usermodehelper_exec, &info, "umh");

	if (pid < 0)
		return pid;
	if (kernel_wait(pid, status) != pid)
		return -ECHILD;
	return info.exec_err;
}
