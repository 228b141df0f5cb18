/*
 * fs/libfs.c - pieces a simple filesystem or driver builds from: seeking
 * by i_size, reading out of a kernel buffer, and directories whose
 * entries are just the dentry's children (ramfs, devtmpfs, later procfs).
 *
 * dcache_readdir() numbers the entries: position 0 is ".", 1 is "..",
 * and 2 + i the i-th positive child in d_subdirs order (creation order).
 * A name created or removed between two getdents calls can shift the
 * later entries by one, so one may be skipped or seen twice; Linux
 * avoids that with a cursor dentry kept in the children list.
 * Linux: fs/libfs.c.
 */
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/string.h>
#include <mneme/uaccess.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

static loff_t vfs_setpos(struct file *file, loff_t offset)
{
	if (offset < 0 || offset > MAX_LFS_FILESIZE)
		return -EINVAL;
	file->f_pos = offset;
	return offset;
}

/* base + offset as a new position: -EINVAL past either end of loff_t too. */
static loff_t vfs_setpos_from(struct file *file, loff_t base, loff_t offset)
{
	loff_t pos;

	if (__builtin_add_overflow(base, offset, &pos))
		return -EINVAL;		/* no signed wrap-around (undefined in C) */
	return vfs_setpos(file, pos);
}

loff_t generic_file_llseek(struct file *file, loff_t offset, int whence)
{
	switch (whence) {
	case SEEK_SET:
		return vfs_setpos(file, offset);
	case SEEK_CUR:
		return vfs_setpos_from(file, file->f_pos, offset);
	case SEEK_END:
		return vfs_setpos_from(file, file->f_inode->i_size, offset);
	default:
		return -EINVAL;
	}
}

loff_t noop_llseek(struct file *file, loff_t offset, int whence)
{
	return file->f_pos;
}

ssize_t simple_read_from_buffer(void __user *to, size_t count, loff_t *ppos,
				const void *from, size_t available)
{
	loff_t pos = *ppos;
	size_t n;

	if (pos < 0)
		return -EINVAL;
	if ((size_t)pos >= available || !count)
		return 0;
	n = min(count, available - (size_t)pos);
	if (copy_to_user(to, (const char *)from + pos, n))
		return -EFAULT;
	*ppos = pos + n;
	return (ssize_t)n;
}

static unsigned int dt_type(const struct inode *inode)
{
	return (inode->i_mode & S_IFMT) >> 12;	/* DT_* are the S_IFMT bits shifted */
}

static int dcache_readdir(struct file *file, struct dir_context *ctx)
{
	struct dentry *dir = file->f_dentry, *d;
	loff_t i = 2;

	if (ctx->pos == 0) {
		if (!dir_emit(ctx, ".", 1, dir->d_inode->i_ino, DT_DIR))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!dir_emit(ctx, "..", 2, dir->d_parent->d_inode->i_ino, DT_DIR))
			return 0;
		ctx->pos = 2;
	}
	list_for_each_entry(d, &dir->d_subdirs, d_child) {
		if (!d->d_inode)
			continue;
		if (i++ < ctx->pos)
			continue;
		if (!dir_emit(ctx, d->d_name, (int)strlen(d->d_name), d->d_inode->i_ino,
			      dt_type(d->d_inode)))
			return 0;
		ctx->pos++;
	}
	return 0;
}

static loff_t dcache_dir_lseek(struct file *file, loff_t offset, int whence)
{
	if (whence == SEEK_CUR)
		return vfs_setpos_from(file, file->f_pos, offset);
	if (whence != SEEK_SET)
		return -EINVAL;
	return vfs_setpos(file, offset);
}

/* read(2) on a directory: Linux's generic_read_dir(). */
static ssize_t generic_read_dir(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	return -EISDIR;
}

const struct file_operations simple_dir_operations = {
	.llseek = dcache_dir_lseek,
	.read = generic_read_dir,
	.iterate_shared = dcache_readdir,
};

/* A name a dcache-only filesystem does not have: a negative dentry. */
struct dentry *simple_lookup(struct inode *dir, struct dentry *dentry)
{
	d_add(dentry, NULL);
	return NULL;
}
