/*
 * fs/sync.c - sync(2), fsync(2) and fdatasync(2).
 *
 * Every filesystem here keeps its data in memory (ramfs, procfs,
 * devtmpfs), so there is nothing to write back yet: sync() returns at
 * once and fsync() of a file on them succeeds.  As in Linux, fsync() of
 * something that cannot be synced (a pipe, a tty without ->fsync) is
 * -EINVAL.  Writeback to a disk arrives with ext2 and mm/page-writeback.c.
 * Linux: fs/sync.c.
 */
#include <asm/syscall.h>
#include <mneme/fdtable.h>
#include <mneme/fs.h>
#include <uapi/errno.h>
#include <uapi/stat.h>

long sys_sync(struct pt_regs *regs)
{
	(void)regs;
	return 0;
}

/* fsync(fd) and fdatasync(fd): the same here, there is no metadata to skip. */
long sys_fsync(struct pt_regs *regs)
{
	struct file *file = fget((unsigned int)regs->rdi);
	long ret;

	if (!file)
		return -EBADF;
	if (file->f_op && file->f_op->fsync)
		ret = file->f_op->fsync(file);
	else if (S_ISREG(file->f_inode->i_mode) || S_ISDIR(file->f_inode->i_mode))
		ret = 0;		/* in memory only: nothing to write */
	else
		ret = -EINVAL;
	fput(file);
	return ret;
}
