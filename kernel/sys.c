/*
 * kernel/sys.c - the first system calls: who am I, give up the CPU,
 * exit, fork and wait, execve, and move the heap's end (brk) and map
 * anonymous memory.  The file calls (read, write, ioctl, ...) are in
 * fs/ (read_write.c, open.c, ioctl.c and their neighbours).
 * Linux: kernel/sys.c, kernel/exit.c, kernel/fork.c, fs/exec.c, mm/mmap.c.
 */
#include <asm/syscall.h>
#include <mneme/binfmts.h>
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/mmap.h>
#include <mneme/printk.h>
#include <mneme/sched.h>
#include <mneme/slab.h>
#include <mneme/uaccess.h>
#include <uapi/errno.h>


#define INT_MIN_PID	(-2147483647 - 1)
/* WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE */
#define WAIT4_KNOWN_OPTIONS	(0x1UL | 0x2UL | 0x8UL | 0x20000000UL | 0x40000000UL | 0x80000000UL)

long sys_getpid(struct pt_regs *regs)
{
	(void)regs;
	return current->pid;
}

long sys_gettid(struct pt_regs *regs)
{
	(void)regs;
	return current->pid;	/* one thread per process so far */
}

long sys_sched_yield(struct pt_regs *regs)
{
	(void)regs;
	schedule();
	return 0;
}

long sys_exit(struct pt_regs *regs)
{
	do_exit((int)(regs->rdi & 0xff) << 8);	/* wait status: code in bits 8..15 */
}

long sys_exit_group(struct pt_regs *regs)
{
	return sys_exit(regs);	/* one thread per process so far */
}

long sys_set_tid_address(struct pt_regs *regs)
{
	(void)regs;		/* the clear-on-exit address matters with threads */
	return current->pid;
}

long sys_fork(struct pt_regs *regs)
{
	return do_fork(regs, SIGCHLD, 0);
}

long sys_vfork(struct pt_regs *regs)
{
	return do_fork(regs, SIGCHLD, 0);	/* a copy: see do_fork() */
}

/* clone(flags, newsp, parent_tid, child_tid, tls): the fork-like ones. */
long sys_clone(struct pt_regs *regs)
{
	return do_fork(regs, regs->rdi, regs->rsi);
}

long sys_getppid(struct pt_regs *regs)
{
	(void)regs;
	return current->parent ? current->parent->pid : 0;
}

/*
 * wait4(pid, wstatus, options, rusage).  pid > 0 waits for that child,
 * -1 for any, 0 for one in our process group, < -1 in group -pid;
 * WUNTRACED and WCONTINUED report job-control stops and continues.  A
 * signal interrupts it (-ERESTARTSYS: restarted under SA_RESTART).
 * rusage is the reaped child's own usage plus that of the children it
 * reaped, as Linux's.
 */
long sys_wait4(struct pt_regs *regs)
{
	int __user *wstatus = (int __user *)regs->rsi;
	struct rusage __user *urusage = (struct rusage __user *)regs->r10;
	int pid = (int)regs->rdi, status = 0, ret;
	struct rusage ru;

	if (regs->rdx & ~(unsigned long)WAIT4_KNOWN_OPTIONS)
		return -EINVAL;
	/* __WALL, __WCLONE, __WNOTHREAD: no clone children yet, so no effect */
	if (pid == INT_MIN_PID)
		return -ESRCH;		/* -INT_MIN is no group */
	if ((wstatus && !access_ok(wstatus, sizeof(int))) ||
	    (urusage && !access_ok(urusage, sizeof(*urusage))))
		return -EFAULT;
	ret = kernel_wait4(pid, &status, (int)(regs->rdx & (WNOHANG | WUNTRACED | WCONTINUED)),
			   urusage ? &ru : NULL);
	if (ret > 0 && wstatus && put_user(status, wstatus))
		return -EFAULT;
	if (ret > 0 && urusage && copy_to_user(urusage, &ru, sizeof(ru)))
		return -EFAULT;
	return ret;
}

/* ---- execve ------------------------------------------------------------- */

#define EXEC_ARGS_BYTES	(32UL << 10)	/* argv + envp strings, in this version */
#define EXEC_PATH_MAX	256

struct exec_strings {
	const char *argv[MAX_ARG_STRINGS + 1];
	const char *envp[MAX_ARG_STRINGS + 1];
	char path[EXEC_PATH_MAX];
	char strings[EXEC_ARGS_BYTES];
};

/* Copy a NULL-ended user array of strings into kv; next/end: the room left. */
static int copy_strings(unsigned long uvec, const char **kv, int max, char **next,
			char *end)
{
	int n = 0;

	while (uvec) {
		unsigned long ustr;
		long len;

		if (get_user(ustr, (unsigned long __user *)uvec + n))
			return -EFAULT;
		if (!ustr)
			break;
		if (n >= max)
			return -E2BIG;
		len = strncpy_from_user(*next, (const char __user *)ustr, end - *next);
		if (len < 0)
			return (int)len;
		if (len >= end - *next)
			return -E2BIG;
		kv[n++] = *next;
		*next += len + 1;
	}
	kv[n] = NULL;
	return n;
}

/* execve(path, argv, envp): returns only on failure. */
long sys_execve(struct pt_regs *regs)
{
	struct exec_strings *es = kmalloc(sizeof(*es), GFP_KERNEL);
	char *next, *end;
	long len, err;

	if (!es)
		return -ENOMEM;
	next = es->strings;
	end = es->strings + sizeof(es->strings);
	len = strncpy_from_user(es->path, (const char __user *)regs->rdi, sizeof(es->path));
	err = len < 0 ? len : len >= (long)sizeof(es->path) ? -ENAMETOOLONG : 0;
	if (!err)
		err = copy_strings(regs->rsi, es->argv, MAX_ARG_STRINGS, &next, end);
	if (err >= 0)
		err = copy_strings(regs->rdx, es->envp, MAX_ARG_STRINGS, &next, end);
	if (err >= 0)
		err = do_execve(es->path, es->argv, es->envp, es);
	kfree(es);
	return err;
}
