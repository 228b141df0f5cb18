/*
 * fs/file_table.c - struct file: one open() of a file.
 *
 * A file holds a reference on its dentry (and through it the inode), its
 * position and flags, and the file_operations that open() installed.
 * Descriptors (fs/file.c), the kernel's own opens (filp_open) and later
 * mappings hold references (f_count); the last fput() calls the driver's
 * release() and drops the dentry, which may be the last reference of an
 * unlinked file: then its inode and pages go too.
 * Locking: none (one CPU).  Linux defers the final fput to task work;
 * here it runs at once, in the caller.
 * Linux: fs/file_table.c.
 */
#include <mneme/err.h>
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/slab.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

static unsigned long nr_files;

static unsigned int open_fmode(unsigned int flags)
{
	switch (flags & O_ACCMODE) {
	case O_RDONLY:
		return FMODE_READ;
	case O_WRONLY:
		return FMODE_WRITE;
	case O_RDWR:
		return FMODE_READ | FMODE_WRITE;
	default:
		return 0;	/* 3: Linux's "ioctl only" mode */
	}
}

struct file *alloc_file(struct dentry *dentry, unsigned int flags,
			const struct file_operations *fop)
{
	struct file *file = kzalloc(sizeof(*file), GFP_KERNEL);

	if (!file)
		return ERR_PTR(-ENOMEM);
	file->f_dentry = dget(dentry);
	file->f_inode = dentry->d_inode;
	file->f_op = fop;
	file->f_flags = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
	file->f_mode = open_fmode(flags);
	file->f_count = 1;
	dentry->d_sb->s_users++;	/* umount is busy while we are open */
	nr_files++;
	return file;
}

struct file *get_file(struct file *file)
{
	if (file)
		file->f_count++;
	return file;
}

void fput(struct file *file)
{
	if (!file)
		return;
	BUG_ON(file->f_count <= 0);
	if (--file->f_count)
		return;
	if (file->f_op && file->f_op->release)
		file->f_op->release(file->f_inode, file);
	file->f_dentry->d_sb->s_users--;
	dput(file->f_dentry);
	kfree(file);
	nr_files--;
}

unsigned long nr_open_files(void)
{
	return nr_files;
}
