/*
 * fs/ramfs/inode.c - ramfs: a filesystem that is nothing but the dcache
 * and the page cache.  It is the root filesystem (filled from the initrd
 * by fs/initramfs.c), the "ramfs" and "tmpfs" types of mount(2), and
 * devtmpfs (fs/devtmpfs.c).
 *
 * Directories are their dentries' children: every positive dentry is
 * pinned with one extra reference while its name exists (ramfs_mknod()
 * takes it, unlink and rmdir drop it), so the tree stays in memory, and
 * lookup of a name that is not in the dcache is a miss (simple_lookup).
 * A regular file's data is its inode's page-cache pages (fs/ramfs/file.c);
 * with no disk behind them they stay until truncate or the last iput of
 * an unlinked file.  A symlink's target is a kmalloc'd string in
 * i_private.  Device nodes get def_chr_fops (init_special_inode()).
 *
 * Link counts as Linux: a file 1 per name; a directory 2 (its name and
 * its ".") plus one per subdirectory (their "..").  Errors as Linux:
 * rmdir or rename over a non-empty directory -ENOTEMPTY.  tmpfs is the
 * same code here; Linux's tmpfs (mm/shmem.c) can also swap.
 * Locking: none (one CPU).
 * Linux: fs/ramfs/inode.c, fs/libfs.c (simple_link, simple_unlink,
 * simple_rmdir, simple_rename).
 */
#include <mneme/err.h>
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/slab.h>
#include <mneme/string.h>
#include <uapi/errno.h>
#include <uapi/stat.h>
#include "../internal.h"
#include "internal.h"

#define RAMFS_MAGIC	0x858458f6	/* Linux's */

static const struct inode_operations ramfs_dir_inode_operations;
static const struct inode_operations ramfs_symlink_inode_operations;

struct inode *ramfs_get_inode(struct super_block *sb, umode_t mode, dev_t dev)
{
	struct inode *inode = new_inode(sb);

	if (!inode)
		return NULL;
	inode->i_mode = mode;
	switch (mode & S_IFMT) {
	case S_IFREG:
		inode->i_op = &ramfs_file_inode_operations;
		inode->i_fop = &ramfs_file_operations;
		break;
	case S_IFDIR:
		inode->i_op = &ramfs_dir_inode_operations;
		inode->i_fop = &simple_dir_operations;
		inode->i_nlink = 2;	/* its name, and its own "." */
		break;
	case S_IFLNK:
		inode->i_op = &ramfs_symlink_inode_operations;
		break;
	default:
		init_special_inode(inode, mode, dev);
		break;
	}
	return inode;
}

static void dir_changed(struct inode *dir)
{
	dir->i_mtime = dir->i_ctime = current_time();
}

/* Give the negative dentry inode, and pin it: the name now exists. */
static void ramfs_instantiate(struct inode *dir, struct dentry *dentry, struct inode *inode)
{
	d_instantiate(dentry, inode);
	dget(dentry);
	dir_changed(dir);
}

static int ramfs_mknod(struct inode *dir, struct dentry *dentry, umode_t mode, dev_t dev)
{
	struct inode *inode = ramfs_get_inode(dir->i_sb, mode, dev);

	if (!inode)
		return -ENOMEM;
	ramfs_instantiate(dir, dentry, inode);
	return 0;
}

static int ramfs_create(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	return ramfs_mknod(dir, dentry, mode | S_IFREG, 0);
}

static int ramfs_mkdir(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	int err = ramfs_mknod(dir, dentry, mode | S_IFDIR, 0);

	if (!err)
		dir->i_nlink++;		/* the new directory's ".." */
	return err;
}

static int ramfs_symlink(struct inode *dir, struct dentry *dentry, const char *target)
{
	size_t len = strlen(target);
	struct inode *inode;
	char *copy;

	if (len >= PATH_MAX)
		return -ENAMETOOLONG;
	copy = kmalloc(len + 1, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	inode = ramfs_get_inode(dir->i_sb, S_IFLNK | 0777, 0);
	if (!inode) {
		kfree(copy);
		return -ENOMEM;
	}
	memcpy(copy, target, len + 1);
	inode->i_private = copy;
	inode->i_size = (loff_t)len;
	ramfs_instantiate(dir, dentry, inode);
	return 0;
}

static int simple_link(struct dentry *old, struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = old->d_inode;

	inode->i_nlink++;
	inode->i_ctime = current_time();
	ramfs_instantiate(dir, dentry, igrab(inode));
	return 0;
}

static int simple_unlink(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = dentry->d_inode;

	inode->i_nlink--;
	inode->i_ctime = current_time();
	dir_changed(dir);
	dput(dentry);		/* the pin: the name is gone */
	return 0;
}

static int simple_rmdir(struct inode *dir, struct dentry *dentry)
{
	if (!simple_empty(dentry))
		return -ENOTEMPTY;
	dentry->d_inode->i_nlink--;	/* its "." */
	dir->i_nlink--;			/* its ".." */
	return simple_unlink(dir, dentry);
}

static int simple_rename(struct inode *old_dir, struct dentry *old_dentry,
			 struct inode *new_dir, struct dentry *new_dentry)
{
	bool is_dir = S_ISDIR(old_dentry->d_inode->i_mode);
	int err;

	if (new_dentry->d_inode) {
		err = is_dir ? simple_rmdir(new_dir, new_dentry) : simple_unlink(new_dir, new_dentry);
		if (err)
			return err;	/* old_dentry keeps its pin: d_move renames it */
	}
	if (is_dir && old_dir != new_dir) {
		old_dir->i_nlink--;
		new_dir->i_nlink++;
	}
	dir_changed(old_dir);
	dir_changed(new_dir);
	old_dentry->d_inode->i_ctime = current_time();
	return 0;
}

static const char *ramfs_get_link(struct dentry *dentry, struct inode *inode)
{
	return inode->i_private;
}

static const struct inode_operations ramfs_dir_inode_operations = {
	.lookup = simple_lookup,
	.create = ramfs_create,
	.mknod = ramfs_mknod,
	.mkdir = ramfs_mkdir,
	.rmdir = simple_rmdir,
	.unlink = simple_unlink,
	.symlink = ramfs_symlink,
	.link = simple_link,
	.rename = simple_rename,
};

static const struct inode_operations ramfs_symlink_inode_operations = {
	.get_link = ramfs_get_link,
};

static void ramfs_evict_inode(struct inode *inode)
{
	if (S_ISLNK(inode->i_mode))
		kfree(inode->i_private);
}

static const struct super_operations ramfs_ops = {
	.evict_inode = ramfs_evict_inode,
};

/* A new ramfs superblock; its root dentry with a reference for the caller. */
struct dentry *ramfs_mount_root(struct file_system_type *type)
{
	struct super_block *sb = sget_anon(type);
	struct inode *inode;

	if (!sb)
		return ERR_PTR(-ENOMEM);
	sb->s_magic = RAMFS_MAGIC;
	sb->s_op = &ramfs_ops;
	inode = ramfs_get_inode(sb, S_IFDIR | 0755, 0);
	sb->s_root = d_make_root(inode);	/* the superblock's own reference */
	if (!sb->s_root) {
		kfree(sb);
		return ERR_PTR(-ENOMEM);
	}
	return dget(sb->s_root);
}

static struct dentry *ramfs_mount(struct file_system_type *type, int flags,
				  const char *dev_name, void *data)
{
	return ramfs_mount_root(type);
}

static struct dentry *first_positive_child(struct dentry *dir)
{
	struct dentry *d;

	list_for_each_entry(d, &dir->d_subdirs, d_child)
		if (d->d_inode)
			return d;
	return NULL;
}

/*
 * Drop every name's pin below root, leaves first: each unpinned leaf is
 * freed at once.  A loop, not recursion: a user can make a tree deeper
 * than any kernel stack (mkdir and chdir, again and again).
 */
static void ramfs_prune(struct dentry *root)
{
	struct dentry *dir = root;

	for (;;) {
		struct dentry *child = first_positive_child(dir), *parent;

		if (child) {
			dir = child;
			continue;
		}
		if (dir == root)
			return;
		parent = dir->d_parent;
		d_drop(dir);
		dput(dir);		/* its pin: the leaf goes */
		dir = parent;
	}
}

/* umount: the files, their pages and the superblock go (Linux: kill_litter_super). */
void ramfs_kill_sb(struct super_block *sb)
{
	ramfs_prune(sb->s_root);
	dput(sb->s_root);
	WARN_ON(!list_empty(&sb->s_inodes));
	kfree(sb);
}

static struct file_system_type ramfs_fs_type = {
	.name = "ramfs",
	.mount = ramfs_mount,
	.kill_sb = ramfs_kill_sb,
};

static struct file_system_type tmpfs_fs_type = {
	.name = "tmpfs",
	.mount = ramfs_mount,
	.kill_sb = ramfs_kill_sb,
};

void init_ramfs_fs(void)
{
	register_filesystem(&ramfs_fs_type);
	register_filesystem(&tmpfs_fs_type);
}
