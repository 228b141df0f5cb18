/*
 * fs/read_write.c - moving bytes: read, write, pread64, pwrite64, readv,
 * writev, lseek, sendfile, and the kernel's own kernel_read() and
 * kernel_write().
 *
 * vfs_read()/vfs_write() check what the file was opened for (-EBADF), the
 * user range (-EFAULT before anything moves) and cap the count at
 * MAX_RW_COUNT, as Linux does, then call the file's read/write, which
 * advances the position it is given.  O_APPEND moves a regular file's
 * position to its end before every write.
 *
 * kernel_read()/kernel_write() move bytes between a kernel buffer and a
 * regular file's page cache directly (find_get_page/find_or_create_page):
 * f_op->read takes a user pointer, which copy_to_user() refuses to aim at
 * kernel memory.  Linux passes an iov_iter instead, which can describe
 * either kind of buffer; that comes when more than page-cache files need
 * it.  sendfile() is built on them, so it reads a regular file and
 * writes a regular file; with another kind of output it fails with
 * -EINVAL, and callers (busybox's cat) fall back to read and write.
 * Linux: fs/read_write.c.
 */
#include <asm/syscall.h>
#include <mneme/err.h>
#include <mneme/fdtable.h>
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/pagemap.h>
#include <mneme/slab.h>
#include <mneme/string.h>
#include <mneme/uaccess.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>
#include "internal.h"

#define MAX_RW_COUNT	0x7ffff000L	/* Linux caps one read/write at this */
#define UIO_MAXIOV	1024		/* most iovecs in one call (Linux's) */

struct iovec {
	void __user *iov_base;
	unsigned long iov_len;
};

ssize_t vfs_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	if (!(file->f_mode & FMODE_READ))
		return -EBADF;
	if (!file->f_op || !file->f_op->read)
		return -EINVAL;
	count = min(count, (size_t)MAX_RW_COUNT);
	if (!access_ok(buf, count))
		return -EFAULT;
	return file->f_op->read(file, buf, count, pos);
}

ssize_t vfs_write(struct file *file, const char __user *buf, size_t count, loff_t *pos)
{
	if (!(file->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!file->f_op || !file->f_op->write)
		return -EINVAL;
	count = min(count, (size_t)MAX_RW_COUNT);
	if (!access_ok(buf, count))
		return -EFAULT;
	if ((file->f_flags & O_APPEND) && S_ISREG(file->f_inode->i_mode))
		*pos = file->f_inode->i_size;
	return file->f_op->write(file, buf, count, pos);
}

long sys_read(struct pt_regs *regs)
{
	struct file *file = fget((unsigned int)regs->rdi);
	long ret;

	if (!file)
		return -EBADF;
	ret = vfs_read(file, (char __user *)regs->rsi, regs->rdx, &file->f_pos);
	fput(file);
	return ret;
}

long sys_write(struct pt_regs *regs)
{
	struct file *file = fget((unsigned int)regs->rdi);
	long ret;

	if (!file)
		return -EBADF;
	ret = vfs_write(file, (const char __user *)regs->rsi, regs->rdx, &file->f_pos);
	fput(file);
	return ret;
}

/* pread64/pwrite64: at an offset, the file position untouched. */
static long do_pread_pwrite(struct pt_regs *regs, bool write)
{
	struct file *file;
	loff_t pos = (loff_t)regs->r10;
	long ret;

	if (pos < 0)
		return -EINVAL;
	file = fget((unsigned int)regs->rdi);
	if (!file)
		return -EBADF;
	ret = -ESPIPE;
	if (file->f_op && file->f_op->llseek)
		ret = write ? vfs_write(file, (const char __user *)regs->rsi, regs->rdx, &pos)
			    : vfs_read(file, (char __user *)regs->rsi, regs->rdx, &pos);
	fput(file);
	return ret;
}

long sys_pread64(struct pt_regs *regs)
{
	return do_pread_pwrite(regs, false);
}

long sys_pwrite64(struct pt_regs *regs)
{
	return do_pread_pwrite(regs, true);
}

/* readv/writev: one vector after another, stopping at a short transfer. */
static long do_readv_writev(struct pt_regs *regs, bool write)
{
	const struct iovec __user *uiov = (const struct iovec __user *)regs->rsi;
	struct file *file;
	long total = 0;

	if (regs->rdx > UIO_MAXIOV)
		return -EINVAL;
	file = fget((unsigned int)regs->rdi);
	if (!file)
		return -EBADF;
	for (unsigned long i = 0; i < regs->rdx; i++) {
		struct iovec iov;
		long n;

		if (copy_from_user(&iov, uiov + i, sizeof(iov))) {
			total = total ? total : -EFAULT;
			break;
		}
		iov.iov_len = min(iov.iov_len, (unsigned long)(MAX_RW_COUNT - total));
		n = write ? vfs_write(file, iov.iov_base, iov.iov_len, &file->f_pos)
			  : vfs_read(file, iov.iov_base, iov.iov_len, &file->f_pos);
		if (n < 0) {
			total = total ? total : n;
			break;
		}
		total += n;
		if ((unsigned long)n < iov.iov_len)
			break;
	}
	fput(file);
	return total;
}

long sys_readv(struct pt_regs *regs)
{
	return do_readv_writev(regs, false);
}

long sys_writev(struct pt_regs *regs)
{
	return do_readv_writev(regs, true);
}

long sys_lseek(struct pt_regs *regs)
{
	struct file *file = fget((unsigned int)regs->rdi);
	long ret;

	if (!file)
		return -EBADF;
	ret = -ESPIPE;
	if (file->f_op && file->f_op->llseek)
		ret = file->f_op->llseek(file, (loff_t)regs->rsi, (int)regs->rdx);
	fput(file);
	return ret;
}

/* ---- kernel buffers ------------------------------------------------------ */

ssize_t kernel_read(struct file *file, void *buf, size_t count, loff_t *pos)
{
	struct inode *inode = file->f_inode;
	size_t done = 0;

	if (!(file->f_mode & FMODE_READ))
		return -EBADF;
	if (!S_ISREG(inode->i_mode))
		return -EINVAL;
	if (*pos < 0)
		return -EINVAL;
	if (*pos >= inode->i_size)
		return 0;
	count = min(count, (size_t)(inode->i_size - *pos));
	while (done < count) {
		unsigned long index = (unsigned long)(*pos >> PAGE_SHIFT);
		size_t off = (size_t)(*pos & (PAGE_SIZE - 1));
		size_t n = min(count - done, PAGE_SIZE - off);
		struct page *page = find_get_page(inode->i_mapping, index);

		if (page) {
			memcpy((char *)buf + done, (char *)page_address(page) + off, n);
			put_page(page);
		} else {
			memset((char *)buf + done, 0, n);	/* a hole */
		}
		done += n;
		*pos += n;
	}
	return (ssize_t)done;
}

ssize_t kernel_write(struct file *file, const void *buf, size_t count, loff_t *pos)
{
	struct inode *inode = file->f_inode;
	size_t done = 0;

	if (!(file->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!S_ISREG(inode->i_mode) || *pos < 0)
		return -EINVAL;
	if (file->f_flags & O_APPEND)
		*pos = inode->i_size;
	if (count && *pos >= MAX_LFS_FILESIZE)
		return -EFBIG;		/* as generic_file_write(): never wrap the offset */
	count = min(count, (size_t)(MAX_LFS_FILESIZE - *pos));
	while (done < count) {
		unsigned long index = (unsigned long)(*pos >> PAGE_SHIFT);
		size_t off = (size_t)(*pos & (PAGE_SIZE - 1));
		size_t n = min(count - done, PAGE_SIZE - off);
		struct page *page = find_or_create_page(inode->i_mapping, index, GFP_KERNEL);

		if (IS_ERR_OR_NULL(page))
			return done ? (ssize_t)done : -ENOMEM;
		memcpy((char *)page_address(page) + off, (const char *)buf + done, n);
		put_page(page);
		done += n;
		*pos += n;
		if (*pos > inode->i_size)
			inode->i_size = *pos;
	}
	inode->i_mtime = inode->i_ctime = current_time();
	return (ssize_t)done;
}

/* sendfile(out_fd, in_fd, offset, count): a page at a time, through the kernel. */
static long do_sendfile(struct file *out, struct file *in, loff_t *pos, size_t count)
{
	void *buf;
	long total = 0;

	if (!(in->f_mode & FMODE_READ) || !(out->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!S_ISREG(in->f_inode->i_mode) || !S_ISREG(out->f_inode->i_mode))
		return -EINVAL;
	buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	count = min(count, (size_t)MAX_RW_COUNT);
	while ((size_t)total < count) {
		ssize_t n = kernel_read(in, buf, min(count - total, PAGE_SIZE), pos);
		ssize_t w;

		if (n <= 0) {
			total = total ? total : n;
			break;
		}
		w = kernel_write(out, buf, n, &out->f_pos);
		if (w < 0) {
			total = total ? total : w;
			break;
		}
		total += w;
		if (w < n)
			break;
	}
	kfree(buf);
	return total;
}

long sys_sendfile(struct pt_regs *regs)
{
	loff_t __user *uoff = (loff_t __user *)regs->rdx;
	struct file *out = fget((unsigned int)regs->rdi), *in = fget((unsigned int)regs->rsi);
	loff_t off;
	long ret = -EBADF;

	if (!out || !in)
		goto out_fput;
	ret = -EFAULT;
	if (uoff && get_user(off, uoff))
		goto out_fput;
	ret = do_sendfile(out, in, uoff ? &off : &in->f_pos, regs->r10);
	if (uoff && ret >= 0 && put_user(off, uoff))
		ret = -EFAULT;
out_fput:
	fput(in);
	fput(out);
	return ret;
}
