/*
 * fs/namei.c - path lookup, and the operations that create or remove
 * names (mkdir, mknod, symlink, link, unlink, rmdir, rename).
 *
 * A walk starts at the task's root (absolute path) or at a directory
 * (the cwd, or the directory of a *at() call's dfd) and takes the path
 * one component at a time (lib/path.c):
 *
 *   "."    stays;
 *   ".."   goes to d_parent, but never above the task's root, and from
 *          the root of a mounted filesystem first down to the dentry it
 *          covers (d_mountpoint), so ".." leaves the mount;
 *   name   is looked up in the directory's children (the dcache) or, if
 *          not there, by the filesystem's i_op->lookup; a dentry with
 *          something mounted on it (d_mounted) is replaced by the root
 *          of what is mounted there; a symlink is followed (its target
 *          walked from the link's directory, or from the root), always
 *          in the middle of a path and in the last component only when
 *          asked (LOOKUP_FOLLOW) or when a slash follows it.
 *
 * Errors as Linux: -ENOENT for a missing component or an empty path,
 * -ENOTDIR when something that must be a directory is not (a middle
 * component, "file/", LOOKUP_DIRECTORY), -ENAMETOOLONG for a component
 * over NAME_MAX or a path over PATH_MAX, -ELOOP after MAXSYMLINKS (40)
 * symlinks, -ENOENT for a new name in a directory that was removed
 * (S_DEAD: rmdir, or replaced by a rename) but is still someone's cwd
 * or open fd.  Symlinks are followed by recursion, at most
 * MAX_NESTED_LINKS deep (a link whose target's walk meets another link,
 * and so on), to bound the kernel stack; Linux since 4.2 walks links
 * with an explicit stack and allows 40 nested, older Linux allowed 8.
 *
 * Every dentry a walk holds is referenced (dget) and dropped (dput) when
 * it moves on; negative dentries made by a miss are freed by the dput.
 * Permissions: not checked yet; every task passes as root would, though
 * tasks have ids (kernel/cred.c): anything but executing a file without
 * an x bit (fs/exec.c checks that).  Linux: inode_permission().
 * Locking: none (one CPU, no preemption in the kernel; no step sleeps).
 * Linux: fs/namei.c.
 */
#include <asm/syscall.h>
#include <mneme/err.h>
#include <mneme/fdtable.h>
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/path.h>
#include <mneme/sched.h>
#include <mneme/slab.h>
#include <mneme/string.h>
#include <mneme/uaccess.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>
#include "internal.h"

#define MAX_NESTED_LINKS	8

static struct dentry *root_dentry;	/* "/" of the whole system (rootfs) */

struct dentry *rootfs_root(void)
{
	return root_dentry;
}

void set_rootfs_root(struct dentry *root)
{
	root_dentry = root;
}

static struct dentry *current_root(void)
{
	return current->fs ? current->fs->root : root_dentry;
}

static struct dentry *current_pwd(void)
{
	return current->fs ? current->fs->pwd : root_dentry;
}

/* ---- user path names ------------------------------------------------------- */

char *getname_empty_ok(const char __user *name)
{
	char *buf = kmalloc(PATH_MAX, GFP_KERNEL);
	long len;

	if (!buf)
		return ERR_PTR(-ENOMEM);
	len = strncpy_from_user(buf, name, PATH_MAX);
	if (len < 0 || len >= PATH_MAX) {
		kfree(buf);
		return ERR_PTR(len < 0 ? len : -ENAMETOOLONG);
	}
	return buf;
}

char *getname(const char __user *name)
{
	char *buf = getname_empty_ok(name);

	if (!IS_ERR(buf) && !buf[0]) {
		kfree(buf);
		return ERR_PTR(-ENOENT);
	}
	return buf;
}

void putname(char *name)
{
	kfree(name);
}

/* ---- one step ---------------------------------------------------------------- */

struct dentry *lookup_one(struct dentry *dir, const char *name, int len)
{
	const struct inode_operations *iop = dir->d_inode->i_op;
	struct dentry *dentry, *res;

	if (len > NAME_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	dentry = d_lookup(dir, name, len);
	if (dentry)
		return dentry;
	dentry = d_alloc(dir, name, len);
	if (!dentry)
		return ERR_PTR(-ENOMEM);
	if (!iop || !iop->lookup)
		return dentry;		/* negative */
	res = iop->lookup(dir->d_inode, dentry);
	if (res) {
		dput(dentry);
		return res;		/* an error, or the fs's own dentry */
	}
	return dentry;
}

struct dentry *follow_mounts(struct dentry *dentry)
{
	while (dentry->d_mounted) {
		struct dentry *mounted = dget(dentry->d_mounted);

		dput(dentry);
		dentry = mounted;
	}
	return dentry;
}

/* ".." from dir: not above root, and out of a mount through what it covers. */
static struct dentry *follow_dotdot(struct dentry *dir, struct dentry *root)
{
	while (dir != root && dir == dir->d_sb->s_root && dir->d_mountpoint)
		dir = dir->d_mountpoint;
	if (dir == root)
		return dget(dir);
	return follow_mounts(dget(dir->d_parent));
}

struct walk {
	struct dentry *root;
	int nr_links;			/* followed so far in this lookup */
	int depth;			/* links being followed right now */
};

static struct dentry *walk_path(struct walk *w, struct dentry *start, const char *path,
				unsigned int flags, struct qstr_last *last);

static struct dentry *follow_link(struct walk *w, struct dentry *link, struct dentry *dir)
{
	struct inode *inode = link->d_inode;
	const char *target;
	struct dentry *res;

	if (++w->nr_links > MAXSYMLINKS || w->depth >= MAX_NESTED_LINKS)
		return ERR_PTR(-ELOOP);
	if (!inode->i_op || !inode->i_op->get_link)
		return ERR_PTR(-EINVAL);
	target = inode->i_op->get_link(link, inode);
	if (IS_ERR(target))
		return ERR_PTR(PTR_ERR(target));
	w->depth++;
	res = walk_path(w, dir, target, LOOKUP_FOLLOW, NULL);
	w->depth--;
	return res;
}

/* The component name in dir, mounts crossed, a symlink followed if follow. */
static struct dentry *walk_component(struct walk *w, struct dentry *dir,
				     const struct path_component *c, bool follow)
{
	struct dentry *child, *res;

	if (path_is_dot(c))
		return dget(dir);
	if (path_is_dotdot(c))
		return follow_dotdot(dir, w->root);
	child = lookup_one(dir, c->name, (int)c->len);
	if (IS_ERR(child))
		return child;
	if (!child->d_inode) {
		dput(child);
		return ERR_PTR(-ENOENT);
	}
	child = follow_mounts(child);
	if (!follow || !S_ISLNK(child->d_inode->i_mode))
		return child;
	res = follow_link(w, child, dir);
	dput(child);
	return res;
}

static void set_last(struct qstr_last *last, const struct path_component *c)
{
	last->name = c->name;
	last->len = (int)c->len;
	last->trailing_slash = c->trailing_slash;
	last->type = path_is_dot(c) ? LAST_DOT : path_is_dotdot(c) ? LAST_DOTDOT : LAST_NORM;
}

/*
 * Walk path from start (or the root, if absolute).  With last, stop
 * before the last component: return its directory and describe it in
 * *last.  Returns a referenced dentry or an ERR_PTR.
 */
static struct dentry *walk_path(struct walk *w, struct dentry *start, const char *path,
				unsigned int flags, struct qstr_last *last)
{
	struct dentry *dir = dget(path_is_absolute(path) ? w->root : start), *next;
	struct path_component c = { .last = true };
	const char *p = path;

	if (!*path)
		goto fail_noent;
	while (path_next(&p, &c)) {
		if (c.len > NAME_MAX)
			goto fail_toolong;
		if (!S_ISDIR(dir->d_inode->i_mode))
			goto fail_notdir;
		if (c.last && last) {
			set_last(last, &c);
			return dir;
		}
		next = walk_component(w, dir, &c,
				      !c.last || (flags & LOOKUP_FOLLOW) || c.trailing_slash);
		dput(dir);
		if (IS_ERR(next))
			return next;
		dir = next;
	}
	if (last) {			/* only slashes: "/" */
		last->name = "/";
		last->len = 1;
		last->type = LAST_ROOT;
		last->trailing_slash = false;
		return dir;
	}
	if ((flags & LOOKUP_DIRECTORY || c.trailing_slash) && !S_ISDIR(dir->d_inode->i_mode))
		goto fail_notdir;
	return dir;

fail_noent:
	dput(dir);
	return ERR_PTR(-ENOENT);
fail_toolong:
	dput(dir);
	return ERR_PTR(-ENAMETOOLONG);
fail_notdir:
	dput(dir);
	return ERR_PTR(-ENOTDIR);
}

/* Where a relative path starts: the cwd, or the directory open as dfd. */
static struct dentry *start_dir(int dfd, const char *name)
{
	struct file *file;
	struct dentry *dentry;

	if (path_is_absolute(name) || dfd == AT_FDCWD)
		return dget(current_pwd());
	file = fget(dfd);
	if (!file)
		return ERR_PTR(-EBADF);
	dentry = dget(file->f_dentry);
	fput(file);
	if (!S_ISDIR(dentry->d_inode->i_mode)) {
		dput(dentry);
		return ERR_PTR(-ENOTDIR);
	}
	return dentry;
}

static struct dentry *path_lookupat(int dfd, const char *name, unsigned int flags,
				    struct qstr_last *last)
{
	struct walk w = { .root = current_root() };
	struct dentry *start, *res;

	if (!w.root)
		return ERR_PTR(-ENOENT);	/* before the root is mounted */
	if (strnlen(name, PATH_MAX) >= PATH_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	start = start_dir(dfd, name);
	if (IS_ERR(start))
		return start;
	res = walk_path(&w, start, name, flags, last);
	dput(start);
	return res;
}

struct dentry *kern_path_at(int dfd, const char *name, unsigned int flags)
{
	return path_lookupat(dfd, name, flags, NULL);
}

struct dentry *kern_path(const char *name, unsigned int flags)
{
	return path_lookupat(AT_FDCWD, name, flags, NULL);
}

struct dentry *kern_path_parent(int dfd, const char *name, struct qstr_last *last)
{
	return path_lookupat(dfd, name, 0, last);
}

/*
 * What a *at() call with AT_* flags names: the user's path from dfd,
 * the last symlink followed unless AT_SYMLINK_NOFOLLOW; with
 * AT_EMPTY_PATH an empty path names dfd itself (or the cwd).
 */
struct dentry *user_path_at(int dfd, const char __user *filename, int at_flags)
{
	char *name = at_flags & AT_EMPTY_PATH ? getname_empty_ok(filename) : getname(filename);
	struct dentry *dentry;
	struct file *file;

	if (IS_ERR(name))
		return ERR_PTR(PTR_ERR(name));
	if (name[0]) {
		dentry = kern_path_at(dfd, name, at_flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW);
	} else if (dfd == AT_FDCWD) {
		dentry = dget(current_pwd());
	} else {
		file = fget(dfd);
		dentry = file ? dget(file->f_dentry) : ERR_PTR(-EBADF);
		fput(file);
	}
	putname(name);
	return dentry;
}

/* ---- the operations on names ---------------------------------------------- */

static bool is_mountpoint(const struct dentry *dentry)
{
	return dentry->d_mounted || d_is_mount_root(dentry);
}

/*
 * A directory that rmdir or rename removed takes no new names, though a
 * cwd or an open fd may still reach it: nothing could ever walk to them
 * again to remove them (Linux's may_create() and IS_DEADDIR()).
 */
static int may_create(const struct inode *dir)
{
	return dir->i_flags & S_DEAD ? -ENOENT : 0;
}

int vfs_create(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	if (may_create(dir))
		return -ENOENT;
	if (!dir->i_op || !dir->i_op->create)
		return -EACCES;
	return dir->i_op->create(dir, dentry, (mode & S_IALLUGO) | S_IFREG);
}

int vfs_mkdir(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	if (may_create(dir))
		return -ENOENT;
	if (!dir->i_op || !dir->i_op->mkdir)
		return -EPERM;
	return dir->i_op->mkdir(dir, dentry, (mode & S_IALLUGO) | S_IFDIR);
}

int vfs_mknod(struct inode *dir, struct dentry *dentry, umode_t mode, dev_t dev)
{
	if (may_create(dir))
		return -ENOENT;
	if (!dir->i_op || !dir->i_op->mknod)
		return -EPERM;
	return dir->i_op->mknod(dir, dentry, mode, dev);
}

int vfs_symlink(struct inode *dir, struct dentry *dentry, const char *target)
{
	if (may_create(dir))
		return -ENOENT;
	if (!dir->i_op || !dir->i_op->symlink)
		return -EPERM;
	return dir->i_op->symlink(dir, dentry, target);
}

int vfs_unlink(struct inode *dir, struct dentry *dentry)
{
	int err;

	if (is_mountpoint(dentry))
		return -EBUSY;
	if (!dir->i_op || !dir->i_op->unlink)
		return -EPERM;
	err = dir->i_op->unlink(dir, dentry);
	if (!err)
		d_delete(dentry);
	return err;
}

int vfs_rmdir(struct inode *dir, struct dentry *dentry)
{
	int err;

	if (is_mountpoint(dentry))
		return -EBUSY;
	if (!dir->i_op || !dir->i_op->rmdir)
		return -EPERM;
	err = dir->i_op->rmdir(dir, dentry);
	if (!err) {
		dentry->d_inode->i_flags |= S_DEAD;
		d_delete(dentry);
	}
	return err;
}

int vfs_link(struct dentry *old, struct inode *dir, struct dentry *dentry)
{
	if (old->d_sb != dentry->d_sb)
		return -EXDEV;
	if (S_ISDIR(old->d_inode->i_mode))
		return -EPERM;
	if (may_create(dir))
		return -ENOENT;
	if (!dir->i_op || !dir->i_op->link)
		return -EPERM;
	return dir->i_op->link(old, dir, dentry);
}

/* Is dentry below (or at) ancestor?  (Renaming a directory into itself.) */
static bool is_subdir(struct dentry *dentry, struct dentry *ancestor)
{
	for (;;) {
		if (dentry == ancestor)
			return true;
		if (dentry->d_parent == dentry)
			return false;
		dentry = dentry->d_parent;
	}
}

static int may_rename(struct dentry *old, struct dentry *new)
{
	bool old_is_dir = S_ISDIR(old->d_inode->i_mode);

	if (old->d_sb != new->d_sb)
		return -EXDEV;
	if (is_mountpoint(old) || is_mountpoint(new))
		return -EBUSY;
	if (old_is_dir && is_subdir(new->d_parent, old))
		return -EINVAL;
	if (!new->d_inode)
		return 0;
	if (old_is_dir && !S_ISDIR(new->d_inode->i_mode))
		return -ENOTDIR;
	if (!old_is_dir && S_ISDIR(new->d_inode->i_mode))
		return -EISDIR;
	return 0;
}

int vfs_rename(struct inode *old_dir, struct dentry *old_dentry,
	       struct inode *new_dir, struct dentry *new_dentry)
{
	struct inode *target = new_dentry->d_inode;
	int err;

	if (old_dentry->d_inode == target)
		return 0;		/* the same file: nothing to do, as POSIX says */
	err = may_rename(old_dentry, new_dentry);
	if (!err && !target)
		err = may_create(new_dir);
	if (err)
		return err;
	if (!old_dir->i_op || !old_dir->i_op->rename)
		return -EPERM;
	err = old_dir->i_op->rename(old_dir, old_dentry, new_dir, new_dentry);
	if (err)
		return err;
	if (target && S_ISDIR(target->i_mode))
		target->i_flags |= S_DEAD;	/* replaced: removed as by rmdir */
	d_move(old_dentry, new_dentry);
	return 0;
}

/*
 * The parent of name and a dentry for its last component, which must
 * not exist yet (mkdir, mknod, symlink, link): both referenced.
 */
static struct dentry *filename_create(int dfd, const char *name, bool is_dir,
				      struct dentry **parentp)
{
	struct qstr_last last;
	struct dentry *dir = kern_path_parent(dfd, name, &last), *dentry;

	if (IS_ERR(dir))
		return dir;
	dentry = ERR_PTR(-EEXIST);
	if (last.type != LAST_NORM)
		goto out_dput_dir;
	dentry = lookup_one(dir, last.name, last.len);
	if (IS_ERR(dentry))
		goto out_dput_dir;
	if (dentry->d_inode || (last.trailing_slash && !is_dir)) {
		int err = dentry->d_inode ? -EEXIST : -ENOENT;

		dput(dentry);
		dentry = ERR_PTR(err);
		goto out_dput_dir;
	}
	*parentp = dir;
	return dentry;

out_dput_dir:
	dput(dir);
	return dentry;
}

static void done_path_create(struct dentry *dir, struct dentry *dentry)
{
	dput(dentry);
	dput(dir);
}

int do_mknodat(int dfd, const char *name, umode_t mode, dev_t dev)
{
	struct dentry *dir, *dentry;
	int err;

	switch (mode & S_IFMT) {
	case 0:
		mode |= S_IFREG;
		break;
	case S_IFREG: case S_IFCHR: case S_IFBLK: case S_IFIFO: case S_IFSOCK:
		break;
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
	dentry = filename_create(dfd, name, false, &dir);
	if (IS_ERR(dentry))
		return (int)PTR_ERR(dentry);
	mode = (mode & S_IFMT) | (mode & S_IALLUGO & ~current_umask());
	if (S_ISREG(mode))
		err = vfs_create(dir->d_inode, dentry, mode);
	else
		err = vfs_mknod(dir->d_inode, dentry, mode, dev);
	done_path_create(dir, dentry);
	return err;
}

int do_mkdirat(int dfd, const char *name, umode_t mode)
{
	struct dentry *dir, *dentry = filename_create(dfd, name, true, &dir);
	int err;

	if (IS_ERR(dentry))
		return (int)PTR_ERR(dentry);
	err = vfs_mkdir(dir->d_inode, dentry, mode & S_IALLUGO & ~current_umask());
	done_path_create(dir, dentry);
	return err;
}

int do_symlinkat(const char *target, int newdfd, const char *name)
{
	struct dentry *dir, *dentry;
	int err;

	if (!*target)
		return -ENOENT;
	dentry = filename_create(newdfd, name, false, &dir);
	if (IS_ERR(dentry))
		return (int)PTR_ERR(dentry);
	err = vfs_symlink(dir->d_inode, dentry, target);
	done_path_create(dir, dentry);
	return err;
}

int do_linkat(int olddfd, const char *oldname, int newdfd, const char *newname, int flags)
{
	struct dentry *old, *dir, *dentry;
	int err;

	if (flags & ~AT_SYMLINK_FOLLOW)
		return -EINVAL;
	old = kern_path_at(olddfd, oldname, flags & AT_SYMLINK_FOLLOW ? LOOKUP_FOLLOW : 0);
	if (IS_ERR(old))
		return (int)PTR_ERR(old);
	dentry = filename_create(newdfd, newname, false, &dir);
	err = (int)PTR_ERR(dentry);
	if (!IS_ERR(dentry)) {
		err = vfs_link(old, dir->d_inode, dentry);
		done_path_create(dir, dentry);
	}
	dput(old);
	return err;
}

/* The existing last component of name, for unlink and rmdir. */
static struct dentry *lookup_for_removal(int dfd, const char *name, bool rmdir,
					 struct dentry **parentp)
{
	struct qstr_last last;
	struct dentry *dir = kern_path_parent(dfd, name, &last), *dentry;
	int err;

	if (IS_ERR(dir))
		return dir;
	if (last.type != LAST_NORM) {
		err = !rmdir ? -EISDIR : last.type == LAST_DOT ? -EINVAL :
		      last.type == LAST_DOTDOT ? -ENOTEMPTY : -EBUSY;
		goto out_dput_dir;
	}
	dentry = lookup_one(dir, last.name, last.len);
	err = (int)PTR_ERR(dentry);
	if (IS_ERR(dentry))
		goto out_dput_dir;
	err = !dentry->d_inode ? -ENOENT :
	      rmdir && !S_ISDIR(dentry->d_inode->i_mode) ? -ENOTDIR :
	      !rmdir && S_ISDIR(dentry->d_inode->i_mode) ? -EISDIR :
	      !rmdir && last.trailing_slash ? -ENOTDIR : 0;
	if (err) {
		dput(dentry);
		goto out_dput_dir;
	}
	*parentp = dir;
	return dentry;

out_dput_dir:
	dput(dir);
	return ERR_PTR(err);
}

int do_rmdir(int dfd, const char *name)
{
	struct dentry *dir, *dentry = lookup_for_removal(dfd, name, true, &dir);
	int err;

	if (IS_ERR(dentry))
		return (int)PTR_ERR(dentry);
	err = vfs_rmdir(dir->d_inode, dentry);
	done_path_create(dir, dentry);
	return err;
}

int do_unlinkat(int dfd, const char *name)
{
	struct dentry *dir, *dentry = lookup_for_removal(dfd, name, false, &dir);
	int err;

	if (IS_ERR(dentry))
		return (int)PTR_ERR(dentry);
	err = vfs_unlink(dir->d_inode, dentry);
	done_path_create(dir, dentry);
	return err;
}

/* One side of a rename: parent and (maybe negative) dentry, referenced. */
static int rename_side(int dfd, const char *name, struct dentry **dir, struct dentry **dentry,
		       bool *trailing)
{
	struct qstr_last last;

	*dir = kern_path_parent(dfd, name, &last);
	if (IS_ERR(*dir))
		return (int)PTR_ERR(*dir);
	*trailing = last.trailing_slash;
	*dentry = last.type == LAST_NORM ? lookup_one(*dir, last.name, last.len) :
		  ERR_PTR(-EBUSY);
	if (IS_ERR(*dentry)) {
		dput(*dir);
		return (int)PTR_ERR(*dentry);
	}
	return 0;
}

int do_renameat2(int olddfd, const char *oldname, int newdfd, const char *newname,
		 unsigned int flags)
{
	struct dentry *old_dir, *old, *new_dir, *new;
	bool old_slash, new_slash;
	int err;

	if (flags)
		return -EINVAL;		/* RENAME_NOREPLACE, _EXCHANGE: not yet */
	err = rename_side(olddfd, oldname, &old_dir, &old, &old_slash);
	if (err)
		return err;
	err = rename_side(newdfd, newname, &new_dir, &new, &new_slash);
	if (err)
		goto out_old;
	err = !old->d_inode ? -ENOENT :
	      (old_slash || new_slash) && !S_ISDIR(old->d_inode->i_mode) ? -ENOTDIR : 0;
	if (!err)
		err = vfs_rename(old_dir->d_inode, old, new_dir->d_inode, new);
	done_path_create(new_dir, new);
out_old:
	done_path_create(old_dir, old);
	return err;
}

int do_readlinkat(int dfd, const char *name, char __user *buf, int size)
{
	struct dentry *dentry;
	const char *target;
	int len;

	if (size <= 0)
		return -EINVAL;
	dentry = kern_path_at(dfd, name, 0);
	if (IS_ERR(dentry))
		return (int)PTR_ERR(dentry);
	len = -EINVAL;
	if (!S_ISLNK(dentry->d_inode->i_mode) || !dentry->d_inode->i_op ||
	    !dentry->d_inode->i_op->get_link)
		goto out;
	target = dentry->d_inode->i_op->get_link(dentry, dentry->d_inode);
	if (IS_ERR(target)) {
		len = (int)PTR_ERR(target);
		goto out;
	}
	len = min((int)strlen(target), size);
	if (copy_to_user(buf, target, len))
		len = -EFAULT;
out:
	dput(dentry);
	return len;
}

/* The kernel's own creations: devtmpfs nodes, /dev at boot. */
int vfs_mknod_path(const char *path, umode_t mode, dev_t dev)
{
	return do_mknodat(AT_FDCWD, path, mode, dev);
}

int vfs_mkdir_path(const char *path, umode_t mode)
{
	return do_mkdirat(AT_FDCWD, path, mode);
}

/* ---- the system calls ------------------------------------------------------ */

#define AT_ARG(r)	((int)(r))
#define UPATH(r)	((const char __user *)(r))

/* Run fn on one user path copied in. */
static long with_name(const char __user *upath, long (*fn)(const char *name, struct pt_regs *),
		      struct pt_regs *regs)
{
	char *name = getname(upath);
	long err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = fn(name, regs);
	putname(name);
	return err;
}

/* The same with two user paths (symlink, link, rename). */
static long with_two_names(const char __user *a, const char __user *b,
			   long (*fn)(const char *, const char *, struct pt_regs *),
			   struct pt_regs *regs)
{
	char *name_a = getname(a), *name_b;
	long err;

	if (IS_ERR(name_a))
		return PTR_ERR(name_a);
	name_b = getname(b);
	err = IS_ERR(name_b) ? PTR_ERR(name_b) : fn(name_a, name_b, regs);
	if (!IS_ERR(name_b))
		putname(name_b);
	putname(name_a);
	return err;
}

static long mkdir_fn(const char *n, struct pt_regs *r)
{
	return do_mkdirat(AT_FDCWD, n, (umode_t)r->rsi);
}

static long mkdirat_fn(const char *n, struct pt_regs *r)
{
	return do_mkdirat(AT_ARG(r->rdi), n, (umode_t)r->rdx);
}

static long mknod_fn(const char *n, struct pt_regs *r)
{
	return do_mknodat(AT_FDCWD, n, (umode_t)r->rsi, (dev_t)r->rdx);
}

static long mknodat_fn(const char *n, struct pt_regs *r)
{
	return do_mknodat(AT_ARG(r->rdi), n, (umode_t)r->rdx, (dev_t)r->r10);
}

static long rmdir_fn(const char *n, struct pt_regs *r)
{
	return do_rmdir(AT_FDCWD, n);
}

static long unlink_fn(const char *n, struct pt_regs *r)
{
	return do_unlinkat(AT_FDCWD, n);
}

static long unlinkat_fn(const char *n, struct pt_regs *r)
{
	if (r->rdx & ~(unsigned long)AT_REMOVEDIR)
		return -EINVAL;
	return r->rdx & AT_REMOVEDIR ? do_rmdir(AT_ARG(r->rdi), n) : do_unlinkat(AT_ARG(r->rdi), n);
}

static long readlink_fn(const char *n, struct pt_regs *r)
{
	return do_readlinkat(AT_FDCWD, n, (char __user *)r->rsi, (int)r->rdx);
}

static long readlinkat_fn(const char *n, struct pt_regs *r)
{
	return do_readlinkat(AT_ARG(r->rdi), n, (char __user *)r->rdx, (int)r->r10);
}

static long symlink_fn(const char *target, const char *n, struct pt_regs *r)
{
	return do_symlinkat(target, AT_FDCWD, n);
}

static long symlinkat_fn(const char *target, const char *n, struct pt_regs *r)
{
	return do_symlinkat(target, AT_ARG(r->rsi), n);
}

static long link_fn(const char *old, const char *new, struct pt_regs *r)
{
	return do_linkat(AT_FDCWD, old, AT_FDCWD, new, 0);
}

static long linkat_fn(const char *old, const char *new, struct pt_regs *r)
{
	return do_linkat(AT_ARG(r->rdi), old, AT_ARG(r->rdx), new, (int)r->r8);
}

static long rename_fn(const char *old, const char *new, struct pt_regs *r)
{
	return do_renameat2(AT_FDCWD, old, AT_FDCWD, new, 0);
}

static long renameat_fn(const char *old, const char *new, struct pt_regs *r)
{
	return do_renameat2(AT_ARG(r->rdi), old, AT_ARG(r->rdx), new, 0);
}

static long renameat2_fn(const char *old, const char *new, struct pt_regs *r)
{
	return do_renameat2(AT_ARG(r->rdi), old, AT_ARG(r->rdx), new, (unsigned int)r->r8);
}

long sys_mkdir(struct pt_regs *r)
{
	return with_name(UPATH(r->rdi), mkdir_fn, r);
}

long sys_mkdirat(struct pt_regs *r)
{
	return with_name(UPATH(r->rsi), mkdirat_fn, r);
}

long sys_mknod(struct pt_regs *r)
{
	return with_name(UPATH(r->rdi), mknod_fn, r);
}

long sys_mknodat(struct pt_regs *r)
{
	return with_name(UPATH(r->rsi), mknodat_fn, r);
}

long sys_rmdir(struct pt_regs *r)
{
	return with_name(UPATH(r->rdi), rmdir_fn, r);
}

long sys_unlink(struct pt_regs *r)
{
	return with_name(UPATH(r->rdi), unlink_fn, r);
}

long sys_unlinkat(struct pt_regs *r)
{
	return with_name(UPATH(r->rsi), unlinkat_fn, r);
}

long sys_readlink(struct pt_regs *r)
{
	return with_name(UPATH(r->rdi), readlink_fn, r);
}

long sys_readlinkat(struct pt_regs *r)
{
	return with_name(UPATH(r->rsi), readlinkat_fn, r);
}

long sys_symlink(struct pt_regs *r)
{
	return with_two_names(UPATH(r->rdi), UPATH(r->rsi), symlink_fn, r);
}

long sys_symlinkat(struct pt_regs *r)
{
	return with_two_names(UPATH(r->rdi), UPATH(r->rdx), symlinkat_fn, r);
}

long sys_link(struct pt_regs *r)
{
	return with_two_names(UPATH(r->rdi), UPATH(r->rsi), link_fn, r);
}

long sys_linkat(struct pt_regs *r)
{
	return with_two_names(UPATH(r->rsi), UPATH(r->r10), linkat_fn, r);
}

long sys_rename(struct pt_regs *r)
{
	return with_two_names(UPATH(r->rdi), UPATH(r->rsi), rename_fn, r);
}

long sys_renameat(struct pt_regs *r)
{
	return with_two_names(UPATH(r->rsi), UPATH(r->r10), renameat_fn, r);
}

long sys_renameat2(struct pt_regs *r)
{
	return with_two_names(UPATH(r->rsi), UPATH(r->r10), renameat2_fn, r);
}
