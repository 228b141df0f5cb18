/*
 * fs/ioctl.c - ioctl(2): the few commands every file understands, then
 * the driver's unlocked_ioctl().  A file whose driver has none is "not
 * a typewriter" (-ENOTTY), which is how musl's isatty() learns that
 * stdout is not a terminal.  Linux: fs/ioctl.c.
 */
#include <asm/syscall.h>
#include <mneme/fdtable.h>
#include <mneme/fs.h>
#include <mneme/uaccess.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#define FIONCLEX	0x5450
#define FIOCLEX		0x5451
#define FIONBIO		0x5421

static long ioctl_fionbio(struct file *file, int __user *argp)
{
	int on;

	if (get_user(on, argp))
		return -EFAULT;
	if (on)
		file->f_flags |= O_NONBLOCK;
	else
		file->f_flags &= ~O_NONBLOCK;
	return 0;
}

long sys_ioctl(struct pt_regs *regs)
{
	unsigned int fd = (unsigned int)regs->rdi, cmd = (unsigned int)regs->rsi;
	struct file *file = fget(fd);
	long ret;

	if (!file)
		return -EBADF;
	switch (cmd) {
	case FIOCLEX:
		set_close_on_exec(fd, true);
		ret = 0;
		break;
	case FIONCLEX:
		set_close_on_exec(fd, false);
		ret = 0;
		break;
	case FIONBIO:
		ret = ioctl_fionbio(file, (int __user *)regs->rdx);
		break;
	default:
		ret = -ENOTTY;
		if (file->f_op && file->f_op->unlocked_ioctl)
			ret = file->f_op->unlocked_ioctl(file, cmd, regs->rdx);
		break;
	}
	fput(file);
	return ret;
}
