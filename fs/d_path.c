/*
 * fs/d_path.c - a dentry's path name, built backwards from the dentry to
 * the root, and getcwd(2) on it.
 *
 * Going up crosses mounts: at the root of a mounted filesystem the walk
 * continues from the dentry it covers (d_mountpoint).  The current
 * directory may have been removed: getcwd then fails with -ENOENT, as
 * Linux's does.  Linux: fs/d_path.c.
 */
#include <asm/syscall.h>
#include <mneme/err.h>
#include <mneme/fdtable.h>
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/sched.h>
#include <mneme/slab.h>
#include <mneme/string.h>
#include <mneme/uaccess.h>
#include <uapi/errno.h>
#include "internal.h"

/* Prepend name to the string that starts at *p in buf: false if no room. */
static bool prepend(char *buf, char **p, const char *name, size_t len)
{
	if ((size_t)(*p - buf) < len)
		return false;
	*p -= len;
	memcpy(*p, name, len);
	return true;
}

/*
 * dentry's path from root, at the end of buf[0..size): a pointer into
 * buf, or ERR_PTR(-ENAMETOOLONG).
 */
char *d_path_from(struct dentry *dentry, struct dentry *root, char *buf, size_t size)
{
	char *p = buf + size - 1;

	*p = '\0';
	while (dentry != root) {
		if (dentry == dentry->d_sb->s_root && dentry->d_mountpoint) {
			dentry = dentry->d_mountpoint;
			continue;
		}
		if (dentry->d_parent == dentry)
			break;		/* a root outside ours */
		if (!prepend(buf, &p, dentry->d_name, strlen(dentry->d_name)) ||
		    !prepend(buf, &p, "/", 1))
			return ERR_PTR(-ENAMETOOLONG);
		dentry = dentry->d_parent;
	}
	if (!*p && !prepend(buf, &p, "/", 1))
		return ERR_PTR(-ENAMETOOLONG);
	return p;
}

/* Removed from its directory: unlinked or rmdir'ed, or inside such. */
static bool d_unlinked(struct dentry *dentry)
{
	for (; dentry->d_parent != dentry; dentry = dentry->d_parent)
		if (list_empty(&dentry->d_child))
			return true;
	return false;
}

long sys_getcwd(struct pt_regs *regs)
{
	char __user *ubuf = (char __user *)regs->rdi;
	unsigned long size = regs->rsi;
	struct fs_struct *fs = current->fs;
	char *buf, *path;
	long len;

	if (!fs)
		return -ENOENT;
	if (d_unlinked(fs->pwd))
		return -ENOENT;
	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	path = d_path_from(fs->pwd, fs->root, buf, PATH_MAX);
	len = IS_ERR(path) ? PTR_ERR(path) : (long)strlen(path) + 1;
	if (len > 0 && (unsigned long)len > size)
		len = -ERANGE;
	else if (len > 0 && copy_to_user(ubuf, path, len))
		len = -EFAULT;
	kfree(buf);
	return len;
}
