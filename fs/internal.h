/*
 * fs/internal.h - what the VFS's own files share and nobody else needs:
 * path lookup's entry points, the vfs_* operations on dentries, and the
 * syscall helpers that take kernel strings (the syscalls copy the user's
 * path in with getname() first).  Linux: fs/internal.h, include/linux/namei.h.
 */
#ifndef FS_INTERNAL_H
#define FS_INTERNAL_H

#include <mneme/fs.h>
#include <mneme/types.h>

#define MAXSYMLINKS	40	/* symlinks one lookup may follow (Linux's) */

/* path lookup flags */
#define LOOKUP_FOLLOW		0x0001	/* follow a symlink in the last component */
#define LOOKUP_DIRECTORY	0x0002	/* the last component must be a directory */

/* What the last component of a parent lookup is. */
enum { LAST_NORM, LAST_ROOT, LAST_DOT, LAST_DOTDOT };

struct qstr_last {
	const char *name;		/* points into the path */
	int len;
	int type;			/* LAST_* */
	bool trailing_slash;		/* "name/": must be a directory */
};

/* fs/namei.c */
struct dentry *rootfs_root(void);	/* "/" of the whole system */
void set_rootfs_root(struct dentry *root);
/* The dentry path names (dfd: AT_FDCWD or a directory fd), referenced. */
struct dentry *kern_path_at(int dfd, const char *name, unsigned int flags);
struct dentry *kern_path(const char *name, unsigned int flags);
/* The directory that would hold path's last component, and that name. */
struct dentry *kern_path_parent(int dfd, const char *name, struct qstr_last *last);
/* A *at() call's user path with its AT_SYMLINK_NOFOLLOW/AT_EMPTY_PATH flags. */
struct dentry *user_path_at(int dfd, const char __user *filename, int at_flags);
/* name in dir: from the dcache or the filesystem; may be negative. */
struct dentry *lookup_one(struct dentry *dir, const char *name, int len);
struct dentry *follow_mounts(struct dentry *dentry);	/* consumes the ref */
/* Copy a user path in (kmalloc'd, PATH_MAX): -EFAULT, -ENAMETOOLONG, -ENOENT. */
char *getname(const char __user *name);
char *getname_empty_ok(const char __user *name);
void putname(char *name);

int vfs_create(struct inode *dir, struct dentry *dentry, umode_t mode);
int vfs_mkdir(struct inode *dir, struct dentry *dentry, umode_t mode);
int vfs_mknod(struct inode *dir, struct dentry *dentry, umode_t mode, dev_t dev);
int vfs_symlink(struct inode *dir, struct dentry *dentry, const char *target);
int vfs_unlink(struct inode *dir, struct dentry *dentry);
int vfs_rmdir(struct inode *dir, struct dentry *dentry);
int vfs_link(struct dentry *old, struct inode *dir, struct dentry *dentry);
int vfs_rename(struct inode *old_dir, struct dentry *old_dentry,
	       struct inode *new_dir, struct dentry *new_dentry);

int do_mknodat(int dfd, const char *name, umode_t mode, dev_t dev);
int do_mkdirat(int dfd, const char *name, umode_t mode);
int do_rmdir(int dfd, const char *name);
int do_unlinkat(int dfd, const char *name);
int do_symlinkat(const char *target, int newdfd, const char *name);
int do_linkat(int olddfd, const char *oldname, int newdfd, const char *newname, int flags);
int do_renameat2(int olddfd, const char *oldname, int newdfd, const char *newname,
		 unsigned int flags);
int do_readlinkat(int dfd, const char *name, char __user *buf, int size);

/* fs/open.c */
struct file *do_filp_open(int dfd, const char *name, int flags, umode_t mode);
struct file *dentry_open(struct dentry *dentry, int flags);
int do_truncate(struct dentry *dentry, loff_t length);

/* fs/readdir.c */
int iterate_dir(struct file *file, struct dir_context *ctx);

/* fs/stat.c */
int vfs_getattr(struct dentry *dentry, struct kstat *stat);

/* fs/dcache.c, fs/inode.c */
void dcache_init(void);
unsigned long nr_dentry(void);		/* dentries allocated */
unsigned long nr_inode(void);		/* inodes allocated */
struct dentry *d_lookup(struct dentry *parent, const char *name, int len);
void d_drop(struct dentry *dentry);
void d_move(struct dentry *dentry, struct dentry *target);
bool simple_empty(struct dentry *dir);	/* no positive children */

/* fs/super.c */
struct file_system_type *get_fs_type(const char *name);
int do_mount(const char *dev_name, const char *dir_name, const char *type,
	     unsigned long flags, void *data);
int do_umount(const char *dir_name, int flags);
/* dentry is the root of a filesystem mounted on something. */
static inline bool d_is_mount_root(const struct dentry *dentry)
{
	return dentry->d_mountpoint != NULL;
}

/* fs/ramfs */
void init_ramfs_fs(void);
struct dentry *ramfs_mount_root(struct file_system_type *type);

/*
 * fs/d_path.c: dentry's path as seen from root, built at the end of
 * buf[0..size): a pointer into buf, or ERR_PTR(-ENAMETOOLONG).
 */
char *d_path_from(struct dentry *dentry, struct dentry *root, char *buf, size_t size);

#endif
