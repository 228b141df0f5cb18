/*
 * kernel/sys.c - the first system calls: who am I, give up the CPU,
 * exit, and write to the console.
 *
 * write(2) here is a stand-in until the VFS and the console tty exist:
 * file descriptors 1 and 2 go to the consoles (not into the kernel log),
 * anything else is -EBADF.  It copies the user's buffer through a small
 * kernel bounce buffer with copy_from_user(), so a bad pointer gives
 * -EFAULT (or a short count if part of the buffer was good), as Linux's.
 * Linux: kernel/sys.c, kernel/exit.c, fs/read_write.c.
 */
#include <asm/syscall.h>
#include <mneme/kernel.h>
#include <mneme/printk.h>
#include <mneme/sched.h>
#include <mneme/uaccess.h>
#include <uapi/errno.h>

#define WRITE_CHUNK	256
#define MAX_RW_COUNT	0x7ffff000L	/* Linux caps one read/write at this */

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

/* write(fd, buf, count) for the console descriptors 1 and 2. */
long sys_write(struct pt_regs *regs)
{
	const char __user *buf = (const char __user *)regs->rsi;
	long count = (long)min(regs->rdx, (unsigned long)MAX_RW_COUNT);
	char chunk[WRITE_CHUNK];
	long done = 0;

	if (regs->rdi != 1 && regs->rdi != 2)
		return -EBADF;
	if (!access_ok(buf, count))
		return -EFAULT;
	while (done < count) {
		unsigned long n = min((unsigned long)(count - done), sizeof(chunk));
		unsigned long left = copy_from_user(chunk, buf + done, n);

		console_write_user(chunk, n - left);
		done += n - left;
		if (left)
			return done ? done : -EFAULT;
	}
	return done;
}
