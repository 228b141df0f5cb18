/*
 * fs/fcntl.c - fcntl(2) and the dup family (dup, dup2, dup3).
 *
 * A duplicate is a second descriptor for the same struct file: they
 * share the position and the status flags (O_APPEND, O_NONBLOCK), and
 * each has its own close-on-exec bit.  F_SETFL changes only O_APPEND and
 * O_NONBLOCK, as Linux (which also knows O_ASYNC, O_DIRECT, O_NOATIME).
 * Linux: fs/fcntl.c, fs/file.c (dup2, dup3).
 */
#include <asm/syscall.h>
#include <mneme/fdtable.h>
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#define SETFL_MASK	(O_APPEND | O_NONBLOCK)

/* A new descriptor >= start for file: fd or -EMFILE/-EINVAL. */
static long dupfd(struct file *file, unsigned long start, unsigned int flags)
{
	int fd;

	if (start >= NR_OPEN_DEFAULT)
		return -EINVAL;
	fd = alloc_fd((unsigned int)start, flags);
	if (fd >= 0)
		fd_install(fd, get_file(file));
	return fd;
}

long sys_fcntl(struct pt_regs *regs)
{
	struct file *file = fget((unsigned int)regs->rdi);
	unsigned long arg = regs->rdx;
	unsigned int fd = (unsigned int)regs->rdi;
	long ret;

	if (!file)
		return -EBADF;
	switch ((unsigned int)regs->rsi) {
	case F_DUPFD:
		ret = dupfd(file, arg, 0);
		break;
	case F_DUPFD_CLOEXEC:
		ret = dupfd(file, arg, O_CLOEXEC);
		break;
	case F_GETFD:
		ret = get_close_on_exec(fd) ? FD_CLOEXEC : 0;
		break;
	case F_SETFD:
		set_close_on_exec(fd, arg & FD_CLOEXEC);
		ret = 0;
		break;
	case F_GETFL:
		ret = file->f_flags;
		break;
	case F_SETFL:
		file->f_flags = (file->f_flags & ~SETFL_MASK) | (arg & SETFL_MASK);
		ret = 0;
		break;
	default:
		ret = -EINVAL;	/* locks, leases, owners, pipe sizes: not yet */
		break;
	}
	fput(file);
	return ret;
}

long sys_dup(struct pt_regs *regs)
{
	struct file *file = fget((unsigned int)regs->rdi);
	long ret;

	if (!file)
		return -EBADF;
	ret = dupfd(file, 0, 0);
	fput(file);
	return ret;
}

static long do_dup3(unsigned int oldfd, unsigned int newfd, unsigned int flags)
{
	struct file *file;
	long ret;

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (newfd >= NR_OPEN_DEFAULT)
		return -EBADF;
	file = fget(oldfd);
	if (!file)
		return -EBADF;
	ret = replace_fd(newfd, file, flags);
	fput(file);
	return ret;
}

long sys_dup2(struct pt_regs *regs)
{
	unsigned int oldfd = (unsigned int)regs->rdi, newfd = (unsigned int)regs->rsi;

	if (oldfd == newfd) {		/* dup2 checks and returns; dup3 refuses */
		struct file *file = fget(oldfd);

		fput(file);
		return file ? (long)newfd : -EBADF;
	}
	return do_dup3(oldfd, newfd, 0);
}

long sys_dup3(struct pt_regs *regs)
{
	if (regs->rdi == regs->rsi)
		return -EINVAL;
	return do_dup3((unsigned int)regs->rdi, (unsigned int)regs->rsi, (unsigned int)regs->rdx);
}
