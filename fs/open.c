/*
 * fs/open.c - opening and closing files, and the calls that change an
 * inode's attributes or a task's place: open, openat, creat, close,
 * truncate, ftruncate, access, faccessat(2), chdir, fchdir, chmod,
 * fchmod(at), chown, fchown(at), lchown, umask.
 *
 * open() is a path walk (fs/namei.c) that ends either at an existing
 * dentry or, with O_CREAT, in a directory where the filesystem creates
 * the name; then dentry_open() makes a struct file with the inode's
 * i_fop and calls its open() (for a device, def_chr_fops' open finds
 * the driver), and the file goes into the lowest free descriptor.
 * Errors as Linux: -EEXIST for O_CREAT|O_EXCL on an existing name (a
 * symlink included), -EISDIR for writing (or creating, or O_TRUNC) a
 * directory, -ELOOP for O_NOFOLLOW on a symlink, -ENOTDIR for
 * O_DIRECTORY on something else.  O_CREAT through a dangling symlink
 * fails with -ENOENT here; Linux creates the link's target.
 *
 * File permissions are not checked yet: tasks have ids (kernel/cred.c)
 * and inodes have owners and modes, but the VFS treats every caller as
 * root, so chmod and chown always succeed on an existing file and
 * access() fails only for X_OK on a file without an x bit, which is
 * what Linux does for root (Linux: inode_permission(), chown_ok()).
 * Linux: fs/open.c.
 */
#include <asm/syscall.h>
#include <mneme/err.h>
#include <mneme/fdtable.h>
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/sched.h>
#include <mneme/uaccess.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>
#include "internal.h"

#define X_OK		1	/* access(2) modes */
#define W_OK		2
#define R_OK		4
#define AT_EACCESS	0x200	/* faccessat2: effective ids (the same for root) */

static unsigned int open_lookup_flags(int flags)
{
	return (flags & O_NOFOLLOW ? 0 : LOOKUP_FOLLOW) |
	       (flags & O_DIRECTORY ? LOOKUP_DIRECTORY : 0);
}

/* O_CREAT: the existing file, or a new one (*created). */
static struct dentry *open_create(int dfd, const char *name, int flags, umode_t mode,
				  bool *created)
{
	struct qstr_last last;
	struct dentry *dir = kern_path_parent(dfd, name, &last), *dentry;
	int err;

	if (IS_ERR(dir))
		return dir;
	dentry = ERR_PTR(-EISDIR);
	if (last.type != LAST_NORM || last.trailing_slash)
		goto out_dput_dir;
	dentry = lookup_one(dir, last.name, last.len);
	if (IS_ERR(dentry))
		goto out_dput_dir;
	if (!dentry->d_inode) {
		err = vfs_create(dir->d_inode, dentry, mode & ~current_umask());
		*created = !err;
	} else {
		dentry = follow_mounts(dentry);
		err = flags & O_EXCL ? -EEXIST : 0;
	}
	if (!err && S_ISLNK(dentry->d_inode->i_mode) && !(flags & O_NOFOLLOW)) {
		dput(dentry);		/* open what the link points to */
		dentry = kern_path_at(dfd, name, LOOKUP_FOLLOW);
	} else if (err) {
		dput(dentry);
		dentry = ERR_PTR(err);
	}
out_dput_dir:
	dput(dir);
	return dentry;
}

static int may_open(struct dentry *dentry, int flags)
{
	umode_t mode = dentry->d_inode->i_mode;

	if (S_ISLNK(mode))
		return -ELOOP;		/* O_NOFOLLOW met a symlink */
	if (S_ISDIR(mode) && ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC))))
		return -EISDIR;
	return 0;
}

struct file *dentry_open(struct dentry *dentry, int flags)
{
	struct inode *inode = dentry->d_inode;
	struct file *file = alloc_file(dentry, flags, inode->i_fop);
	int err;

	if (IS_ERR(file) || !file->f_op || !file->f_op->open)
		return file;
	err = file->f_op->open(inode, file);
	if (err) {
		file->f_op = NULL;	/* not opened: nothing to release */
		fput(file);
		return ERR_PTR(err);
	}
	return file;
}

struct file *do_filp_open(int dfd, const char *name, int flags, umode_t mode)
{
	struct dentry *dentry;
	struct file *file;
	bool created = false;
	int err;

	if (flags & O_CREAT)
		dentry = open_create(dfd, name, flags, mode, &created);
	else
		dentry = kern_path_at(dfd, name, open_lookup_flags(flags));
	if (IS_ERR(dentry))
		return ERR_PTR(PTR_ERR(dentry));
	err = may_open(dentry, flags);
	if (!err && (flags & O_TRUNC) && !created && S_ISREG(dentry->d_inode->i_mode) &&
	    (flags & O_ACCMODE) != O_RDONLY)
		err = do_truncate(dentry, 0);
	file = err ? ERR_PTR(err) : dentry_open(dentry, flags);
	dput(dentry);
	return file;
}

struct file *filp_open(const char *path, int flags, umode_t mode)
{
	return do_filp_open(AT_FDCWD, path, flags, mode);
}

int filp_close(struct file *file)
{
	fput(file);
	return 0;
}

static long do_sys_open(int dfd, const char __user *filename, int flags, umode_t mode)
{
	char *name = getname(filename);
	struct file *file;
	int fd;

	if (IS_ERR(name))
		return PTR_ERR(name);
	fd = get_unused_fd_flags(flags);
	if (fd >= 0) {
		file = do_filp_open(dfd, name, flags, mode);
		if (IS_ERR(file)) {
			put_unused_fd(fd);
			fd = (int)PTR_ERR(file);
		} else {
			fd_install(fd, file);
		}
	}
	putname(name);
	return fd;
}

long sys_open(struct pt_regs *regs)
{
	return do_sys_open(AT_FDCWD, (const char __user *)regs->rdi, (int)regs->rsi,
			   (umode_t)regs->rdx);
}

long sys_openat(struct pt_regs *regs)
{
	return do_sys_open((int)regs->rdi, (const char __user *)regs->rsi, (int)regs->rdx,
			   (umode_t)regs->r10);
}

long sys_creat(struct pt_regs *regs)
{
	return do_sys_open(AT_FDCWD, (const char __user *)regs->rdi,
			   O_CREAT | O_WRONLY | O_TRUNC, (umode_t)regs->rsi);
}

long sys_close(struct pt_regs *regs)
{
	return close_fd((unsigned int)regs->rdi);
}

/* ---- truncate ------------------------------------------------------------- */

int do_truncate(struct dentry *dentry, loff_t length)
{
	struct inode *inode = dentry->d_inode;
	int err;

	if (S_ISDIR(inode->i_mode))
		return -EISDIR;
	if (!S_ISREG(inode->i_mode))
		return -EINVAL;
	if (length < 0)
		return -EINVAL;
	if (!inode->i_op || !inode->i_op->setattr_size)
		return -EPERM;
	err = inode->i_op->setattr_size(dentry, length);
	if (!err)
		inode->i_mtime = inode->i_ctime = current_time();
	return err;
}

long sys_truncate(struct pt_regs *regs)
{
	char *name = getname((const char __user *)regs->rdi);
	struct dentry *dentry;
	long err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	dentry = kern_path(name, LOOKUP_FOLLOW);
	putname(name);
	if (IS_ERR(dentry))
		return PTR_ERR(dentry);
	err = do_truncate(dentry, (loff_t)regs->rsi);
	dput(dentry);
	return err;
}

long sys_ftruncate(struct pt_regs *regs)
{
	struct file *file = fget((unsigned int)regs->rdi);
	long err;

	if (!file)
		return -EBADF;
	err = -EINVAL;
	if (file->f_mode & FMODE_WRITE)
		err = do_truncate(file->f_dentry, (loff_t)regs->rsi);
	fput(file);
	return err;
}

/* ---- access, attributes ---------------------------------------------------- */

static long do_faccessat(int dfd, const char __user *filename, int mode, int flags)
{
	struct dentry *dentry;
	long err = 0;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	dentry = user_path_at(dfd, filename, flags);
	if (IS_ERR(dentry))
		return PTR_ERR(dentry);
	/* root: X_OK needs an x bit somewhere, unless it is a directory */
	if ((mode & X_OK) && !S_ISDIR(dentry->d_inode->i_mode) &&
	    !(dentry->d_inode->i_mode & 0111))
		err = -EACCES;
	dput(dentry);
	return err;
}

long sys_access(struct pt_regs *regs)
{
	return do_faccessat(AT_FDCWD, (const char __user *)regs->rdi, (int)regs->rsi, 0);
}

long sys_faccessat(struct pt_regs *regs)
{
	return do_faccessat((int)regs->rdi, (const char __user *)regs->rsi, (int)regs->rdx, 0);
}

long sys_faccessat2(struct pt_regs *regs)
{
	return do_faccessat((int)regs->rdi, (const char __user *)regs->rsi, (int)regs->rdx,
			    (int)regs->r10);
}

static long chmod_dentry(struct dentry *dentry, umode_t mode)
{
	struct inode *inode = dentry->d_inode;

	inode->i_mode = (inode->i_mode & S_IFMT) | (mode & S_IALLUGO);
	inode->i_ctime = current_time();
	return 0;
}

/* uid or gid (unsigned)-1 means "leave it". */
static long chown_dentry(struct dentry *dentry, uid_t uid, gid_t gid)
{
	struct inode *inode = dentry->d_inode;

	if (uid != (uid_t)-1)
		inode->i_uid = uid;
	if (gid != (gid_t)-1)
		inode->i_gid = gid;
	inode->i_ctime = current_time();
	return 0;
}

static long with_path(int dfd, const char __user *filename, int flags,
		      long (*fn)(struct dentry *, unsigned long, unsigned long),
		      unsigned long a, unsigned long b)
{
	struct dentry *dentry = user_path_at(dfd, filename, flags);
	long err;

	if (IS_ERR(dentry))
		return PTR_ERR(dentry);
	err = fn(dentry, a, b);
	dput(dentry);
	return err;
}

static long with_fd(unsigned int fd, long (*fn)(struct dentry *, unsigned long, unsigned long),
		    unsigned long a, unsigned long b)
{
	struct file *file = fget(fd);
	long err;

	if (!file)
		return -EBADF;
	err = fn(file->f_dentry, a, b);
	fput(file);
	return err;
}

static long chmod_fn(struct dentry *d, unsigned long mode, unsigned long unused)
{
	return chmod_dentry(d, (umode_t)mode);
}

static long chown_fn(struct dentry *d, unsigned long uid, unsigned long gid)
{
	return chown_dentry(d, (uid_t)uid, (gid_t)gid);
}

long sys_chmod(struct pt_regs *regs)
{
	return with_path(AT_FDCWD, (const char __user *)regs->rdi, 0, chmod_fn, regs->rsi, 0);
}

long sys_fchmod(struct pt_regs *regs)
{
	return with_fd((unsigned int)regs->rdi, chmod_fn, regs->rsi, 0);
}

long sys_fchmodat(struct pt_regs *regs)
{
	return with_path((int)regs->rdi, (const char __user *)regs->rsi, 0, chmod_fn,
			 regs->rdx, 0);
}

long sys_chown(struct pt_regs *regs)
{
	return with_path(AT_FDCWD, (const char __user *)regs->rdi, 0, chown_fn,
			 regs->rsi, regs->rdx);
}

long sys_lchown(struct pt_regs *regs)
{
	return with_path(AT_FDCWD, (const char __user *)regs->rdi, AT_SYMLINK_NOFOLLOW,
			 chown_fn, regs->rsi, regs->rdx);
}

long sys_fchown(struct pt_regs *regs)
{
	return with_fd((unsigned int)regs->rdi, chown_fn, regs->rsi, regs->rdx);
}

long sys_fchownat(struct pt_regs *regs)
{
	int flags = (int)regs->r8;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	return with_path((int)regs->rdi, (const char __user *)regs->rsi, flags, chown_fn,
			 regs->rdx, regs->r10);
}

long sys_umask(struct pt_regs *regs)
{
	umode_t old;

	if (!current->fs)
		return 0;
	old = current->fs->umask;
	current->fs->umask = (umode_t)regs->rdi & (S_IRWXU | S_IRWXG | S_IRWXO);
	return old;
}

/* ---- the current directory -------------------------------------------------- */

static long chdir_fn(struct dentry *dentry, unsigned long unused_a, unsigned long unused_b)
{
	if (!S_ISDIR(dentry->d_inode->i_mode))
		return -ENOTDIR;
	if (!current->fs)
		return -ENOENT;
	set_fs_pwd(current->fs, dentry);
	return 0;
}

long sys_chdir(struct pt_regs *regs)
{
	return with_path(AT_FDCWD, (const char __user *)regs->rdi, 0, chdir_fn, 0, 0);
}

long sys_fchdir(struct pt_regs *regs)
{
	return with_fd((unsigned int)regs->rdi, chdir_fn, 0, 0);
}
