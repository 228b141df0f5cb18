/*
 * fs/stat.c - stat, fstat, lstat, newfstatat and statx: an inode's
 * attributes in the user's struct stat (or struct statx).
 *
 * vfs_getattr() fills a struct kstat, from the filesystem's getattr() or
 * straight from the inode; cp_new_stat() and cp_statx() turn that into
 * the x86_64 layouts of <uapi/stat.h> and copy them out.  st_blksize is
 * PAGE_SIZE, the unit the page cache reads in.
 * Linux: fs/stat.c.
 */
#include <asm/syscall.h>
#include <mneme/err.h>
#include <mneme/fdtable.h>
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/string.h>
#include <mneme/uaccess.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>
#include "internal.h"

#define SECTOR_SIZE	512	/* st_blocks' unit */
#define AT_STATX_SYNC_TYPE	0x6000
#define AT_NO_AUTOMOUNT		0x800

static void generic_fillattr(struct inode *inode, struct kstat *stat)
{
	stat->dev = inode->i_sb->s_dev;
	stat->ino = inode->i_ino;
	stat->mode = inode->i_mode;
	stat->nlink = inode->i_nlink;
	stat->uid = inode->i_uid;
	stat->gid = inode->i_gid;
	stat->rdev = inode->i_rdev;
	stat->size = inode->i_size;
	stat->atime = inode->i_atime;
	stat->mtime = inode->i_mtime;
	stat->ctime = inode->i_ctime;
	stat->blksize = PAGE_SIZE;
	/* in the page cache: whole pages (Linux's ramfs counts the same) */
	stat->blocks = inode->i_blocks ? inode->i_blocks :
		       inode->i_mapping->nrpages * (PAGE_SIZE / SECTOR_SIZE);
}

int vfs_getattr(struct dentry *dentry, struct kstat *stat)
{
	struct inode *inode = dentry->d_inode;

	memset(stat, 0, sizeof(*stat));
	if (inode->i_op && inode->i_op->getattr)
		return inode->i_op->getattr(dentry, stat);
	generic_fillattr(inode, stat);
	return 0;
}

/* Linux's huge_encode_dev(): the user's 64-bit dev_t from ours. */
static unsigned long encode_dev(dev_t dev)
{
	unsigned long major = MAJOR(dev), minor = MINOR(dev);

	return (minor & 0xff) | (major << 8) | ((minor & ~0xffUL) << 12);
}

static int cp_new_stat(const struct kstat *k, struct stat __user *ubuf)
{
	struct stat st;

	memset(&st, 0, sizeof(st));
	st.st_dev = encode_dev(k->dev);
	st.st_ino = k->ino;
	st.st_nlink = k->nlink;
	st.st_mode = k->mode;
	st.st_uid = k->uid;
	st.st_gid = k->gid;
	st.st_rdev = encode_dev(k->rdev);
	st.st_size = k->size;
	st.st_blksize = k->blksize;
	st.st_blocks = (long)k->blocks;
	st.st_atime = k->atime.tv_sec;
	st.st_atime_nsec = k->atime.tv_nsec;
	st.st_mtime = k->mtime.tv_sec;
	st.st_mtime_nsec = k->mtime.tv_nsec;
	st.st_ctime = k->ctime.tv_sec;
	st.st_ctime_nsec = k->ctime.tv_nsec;
	return copy_to_user(ubuf, &st, sizeof(st)) ? -EFAULT : 0;
}

/*
 * The attributes of what a *stat call names: by path, or the fd itself
 * (AT_EMPTY_PATH).  Linux: vfs_statx().
 */
static int vfs_statx(int dfd, const char __user *filename, int flags, struct kstat *k)
{
	struct dentry *dentry;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE))
		return -EINVAL;
	dentry = user_path_at(dfd, filename, flags);
	if (IS_ERR(dentry))
		return (int)PTR_ERR(dentry);
	err = vfs_getattr(dentry, k);
	dput(dentry);
	return err;
}

static long do_stat(int dfd, const char __user *filename, int flags, struct stat __user *ubuf)
{
	struct kstat k;
	int err = vfs_statx(dfd, filename, flags, &k);

	return err ? err : cp_new_stat(&k, ubuf);
}

long sys_stat(struct pt_regs *regs)
{
	return do_stat(AT_FDCWD, (const char __user *)regs->rdi, 0,
		       (struct stat __user *)regs->rsi);
}

long sys_lstat(struct pt_regs *regs)
{
	return do_stat(AT_FDCWD, (const char __user *)regs->rdi, AT_SYMLINK_NOFOLLOW,
		       (struct stat __user *)regs->rsi);
}

long sys_newfstatat(struct pt_regs *regs)
{
	return do_stat((int)regs->rdi, (const char __user *)regs->rsi, (int)regs->r10,
		       (struct stat __user *)regs->rdx);
}

long sys_fstat(struct pt_regs *regs)
{
	struct file *file = fget((unsigned int)regs->rdi);
	struct kstat k;
	long err;

	if (!file)
		return -EBADF;
	err = vfs_getattr(file->f_dentry, &k);
	fput(file);
	return err ? err : cp_new_stat(&k, (struct stat __user *)regs->rsi);
}

static struct statx_timestamp statx_time(struct timespec64 ts)
{
	struct statx_timestamp t = { ts.tv_sec, (unsigned int)ts.tv_nsec, 0 };

	return t;
}

static int cp_statx(const struct kstat *k, struct statx __user *ubuf)
{
	struct statx sx;

	memset(&sx, 0, sizeof(sx));
	sx.stx_mask = STATX_BASIC_STATS;
	sx.stx_blksize = k->blksize;
	sx.stx_nlink = k->nlink;
	sx.stx_uid = k->uid;
	sx.stx_gid = k->gid;
	sx.stx_mode = (unsigned short)k->mode;
	sx.stx_ino = k->ino;
	sx.stx_size = (unsigned long long)k->size;
	sx.stx_blocks = k->blocks;
	sx.stx_atime = statx_time(k->atime);
	sx.stx_mtime = statx_time(k->mtime);
	sx.stx_ctime = statx_time(k->ctime);
	sx.stx_rdev_major = MAJOR(k->rdev);
	sx.stx_rdev_minor = MINOR(k->rdev);
	sx.stx_dev_major = MAJOR(k->dev);
	sx.stx_dev_minor = MINOR(k->dev);
	return copy_to_user(ubuf, &sx, sizeof(sx)) ? -EFAULT : 0;
}

/* statx(dfd, path, flags, mask, buf): everything basic, whatever the mask. */
long sys_statx(struct pt_regs *regs)
{
	struct kstat k;
	int err = vfs_statx((int)regs->rdi, (const char __user *)regs->rsi, (int)regs->rdx, &k);

	return err ? err : cp_statx(&k, (struct statx __user *)regs->r8);
}
