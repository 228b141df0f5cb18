/*
 * fs.h - the VFS: inodes, dentries, open files, superblocks and the
 * operations a filesystem or a driver provides.
 *
 * The shapes and names are Linux's, cut down to what Mneme uses:
 *
 *   struct inode      one file (regular, directory, symlink, device,
 *                     pipe): its metadata, its operations, and its page
 *                     cache (i_mapping, an address_space: mm/filemap.c).
 *   struct dentry     one name in one directory, pointing at an inode
 *                     (or at nothing: a negative dentry).  Dentries form
 *                     the tree that path lookup walks; d_parent goes up.
 *   struct file       one open(): a dentry, a position, flags and the
 *                     file_operations to call.  File descriptors point
 *                     at files (struct files_struct, <mneme/fdtable.h>).
 *   struct super_block one mounted filesystem instance; s_root is its
 *                     root dentry.  A mount covers a directory dentry of
 *                     another filesystem (d_mounted), as Linux's
 *                     vfsmount does.
 *
 * Reference counts: an inode is freed when its last dentry and its last
 * open file let go of it and i_nlink is 0 (or its filesystem drops it);
 * a dentry is pinned by its children, by open files, by a task's cwd
 * and by a mount on it.  dget()/dput(), igrab()/iput(), get_file()/fput().
 *
 * Who provides what: fs/ (namei.c, open.c, read_write.c, readdir.c,
 * inode.c, dcache.c, file_table.c, super.c, char_dev.c, pipe.c,
 * ramfs/), fs/proc/ (procfs), drivers/tty/ and drivers/char/ (devices
 * reached through register_chrdev()).
 * Linux: include/linux/fs.h, include/linux/dcache.h.
 */
#ifndef MNEME_FS_H
#define MNEME_FS_H

#include <mneme/compiler.h>
#include <mneme/list.h>
#include <mneme/radix-tree.h>
#include <mneme/types.h>
#include <mneme/wait.h>
#include <uapi/poll.h>

typedef long long loff_t;
typedef unsigned int umode_t;
typedef u32 dev_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;

#define NAME_MAX	255	/* one path component, as Linux */
#define PATH_MAX	4096	/* a whole path, with its NUL */

/* dev_t as Linux's kernel encodes it: 12 bits of major, 20 of minor. */
#define MINORBITS	20
#define MAJOR(dev)	((unsigned int)((dev) >> MINORBITS))
#define MINOR(dev)	((unsigned int)((dev) & ((1U << MINORBITS) - 1)))
#define MKDEV(ma, mi)	(((dev_t)(ma) << MINORBITS) | (dev_t)(mi))

struct address_space;
struct dentry;
struct dir_context;
struct file;
struct inode;
struct page;
struct pipe_inode_info;
struct poll_table_struct;
struct super_block;
struct vm_area_struct;
struct kstat;

struct timespec64 {
	s64 tv_sec;
	long tv_nsec;
};

/*
 * What a driver or filesystem does for an open file.  Any may be NULL:
 * read/write then fail with -EINVAL, llseek with -ESPIPE, ioctl with
 * -ENOTTY.  read/write advance *pos themselves and return bytes or
 * -errno; a sleeping read returns -ERESTARTSYS when a signal arrives.
 */
struct file_operations {
	loff_t (*llseek)(struct file *file, loff_t offset, int whence);
	ssize_t (*read)(struct file *file, char __user *buf, size_t count, loff_t *pos);
	ssize_t (*write)(struct file *file, const char __user *buf, size_t count,
			 loff_t *pos);
	int (*iterate_shared)(struct file *file, struct dir_context *ctx);
	long (*unlocked_ioctl)(struct file *file, unsigned int cmd, unsigned long arg);
	int (*mmap)(struct file *file, struct vm_area_struct *vma);
	int (*open)(struct inode *inode, struct file *file);
	int (*release)(struct inode *inode, struct file *file);
	int (*fsync)(struct file *file);
	/* Events ready now; poll_wait() on the queues that change them (<mneme/poll.h>). */
	__poll_t (*poll)(struct file *file, struct poll_table_struct *pt);
};

/*
 * What a filesystem does to names and inodes.  lookup() fills a negative
 * dentry with d_add(dentry, inode) (inode NULL if there is no such name)
 * and returns NULL, or an ERR_PTR.  The others return 0 or -errno.
 */
struct inode_operations {
	struct dentry *(*lookup)(struct inode *dir, struct dentry *dentry);
	int (*create)(struct inode *dir, struct dentry *dentry, umode_t mode);
	int (*mknod)(struct inode *dir, struct dentry *dentry, umode_t mode, dev_t dev);
	int (*mkdir)(struct inode *dir, struct dentry *dentry, umode_t mode);
	int (*rmdir)(struct inode *dir, struct dentry *dentry);
	int (*unlink)(struct inode *dir, struct dentry *dentry);
	int (*symlink)(struct inode *dir, struct dentry *dentry, const char *target);
	int (*link)(struct dentry *old, struct inode *dir, struct dentry *dentry);
	int (*rename)(struct inode *old_dir, struct dentry *old_dentry,
		      struct inode *new_dir, struct dentry *new_dentry);
	/* A symlink's target, NUL-terminated, valid while the inode lives. */
	const char *(*get_link)(struct dentry *dentry, struct inode *inode);
	int (*setattr_size)(struct dentry *dentry, loff_t size);	/* truncate */
	int (*getattr)(struct dentry *dentry, struct kstat *stat);
};

/* How the page cache reads and writes an inode's pages (mm/filemap.c). */
struct address_space_operations {
	int (*read_folio)(struct file *file, struct page *page);	/* fill a new page */
	int (*writepage)(struct page *page);
	int (*dirty_folio)(struct address_space *mapping, struct page *page);
};

/*
 * An inode's page cache: the pages of its data, found by index (offset
 * / PAGE_SIZE) in a radix tree (lib/radix-tree.c); see mm/filemap.c for
 * find_get_page()/add_to_page_cache().  Only mm/filemap.c touches i_pages.
 */
struct address_space {
	struct inode *host;
	struct radix_tree_root i_pages;		/* index -> struct page */
	unsigned long nrpages;
	const struct address_space_operations *a_ops;
	struct list_head i_mmap;		/* VMAs mapping it, by vma->shared */
};

struct inode {
	umode_t i_mode;				/* S_IFMT type | permission bits */
	unsigned int i_nlink;
	uid_t i_uid;
	gid_t i_gid;
	dev_t i_rdev;				/* a device node's device */
	unsigned long i_ino;
	loff_t i_size;
	struct timespec64 i_atime, i_mtime, i_ctime;
	unsigned long i_blocks;			/* 512-byte units, for stat */
	int i_count;				/* references (igrab/iput) */
	unsigned int i_flags;			/* S_DEAD */
	const struct inode_operations *i_op;
	const struct file_operations *i_fop;	/* what open() installs */
	struct super_block *i_sb;
	struct address_space *i_mapping;	/* &i_data, the page cache */
	struct address_space i_data;
	struct pipe_inode_info *i_pipe;		/* a pipe's buffer */
	void *i_private;			/* the filesystem's or driver's */
	struct list_head i_sb_list;		/* on the superblock's inode list */
};

/* The largest file offset (Linux's, 64-bit); mm/filemap.c spells it the same. */
#define MAX_LFS_FILESIZE	((loff_t)0x7fffffffffffffffLL)

/* inode->i_flags */
#define S_DEAD		0x10	/* a removed directory: no new names (Linux's value) */

struct dentry {
	struct inode *d_inode;			/* NULL: a negative dentry */
	struct dentry *d_parent;		/* the root is its own parent */
	struct super_block *d_sb;
	struct dentry *d_mounted;		/* root of what is mounted here, or NULL */
	struct dentry *d_mountpoint;		/* for a mounted root: what it covers */
	int d_count;				/* references (dget/dput) */
	unsigned int d_flags;
	struct list_head d_child;		/* in the parent's d_subdirs */
	struct list_head d_subdirs;		/* our children */
	void *d_fsdata;
	char d_name[NAME_MAX + 1];
};

/* file->f_flags: open(2)'s flags (uapi/fcntl.h); f_mode says what it may do. */
#define FMODE_READ	0x1
#define FMODE_WRITE	0x2

struct file {
	struct dentry *f_dentry;		/* Linux: f_path.dentry */
	struct inode *f_inode;
	const struct file_operations *f_op;
	unsigned int f_flags;			/* O_APPEND, O_NONBLOCK, ... */
	unsigned int f_mode;			/* FMODE_* */
	loff_t f_pos;
	int f_count;				/* references (get_file/fput) */
	void *private_data;			/* the driver's or filesystem's */
};

/* getdents64: iterate_shared() calls dir_emit() once per entry. */
struct dir_context;
typedef bool (*filldir_t)(struct dir_context *ctx, const char *name, int namelen,
			  loff_t offset, u64 ino, unsigned int d_type);
struct dir_context {
	filldir_t actor;
	loff_t pos;				/* the entry to emit next; the fs sets it */
};

/* d_type values (Linux's DT_*). */
#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10

/* False when the caller's buffer is full: stop, and do not advance pos. */
static inline bool dir_emit(struct dir_context *ctx, const char *name, int namelen,
			    u64 ino, unsigned int type)
{
	return ctx->actor(ctx, name, namelen, ctx->pos, ino, type);
}

struct kstat {
	u64 ino;
	dev_t dev;
	umode_t mode;
	unsigned int nlink;
	uid_t uid;
	gid_t gid;
	dev_t rdev;
	loff_t size;
	struct timespec64 atime, mtime, ctime;
	u64 blocks;
	unsigned int blksize;
};

struct super_operations {
	struct inode *(*alloc_inode)(struct super_block *sb);	/* NULL: kzalloc'd */
	void (*free_inode)(struct inode *inode);
	void (*evict_inode)(struct inode *inode);	/* last iput of an unlinked inode */
};

struct super_block {
	dev_t s_dev;
	unsigned long s_magic;
	struct dentry *s_root;
	const struct super_operations *s_op;
	struct file_system_type *s_type;
	unsigned long s_next_ino;		/* for new_inode() */
	struct list_head s_inodes;
	void *s_fs_info;
	int s_users;				/* open files, cwds, mounts inside: umount EBUSY */
};

/*
 * A filesystem type, registered by name ("ramfs", "proc", "devtmpfs")
 * for mount(2).  mount() builds a superblock and returns its root dentry
 * (referenced), or an ERR_PTR.
 */
struct file_system_type {
	const char *name;
	struct dentry *(*mount)(struct file_system_type *type, int flags,
				const char *dev_name, void *data);
	void (*kill_sb)(struct super_block *sb);
	struct file_system_type *next;
};

/* fs/super.c */
int register_filesystem(struct file_system_type *fs);
struct super_block *sget_anon(struct file_system_type *type);	/* a new, empty superblock */
/* "nodev\tname\n" per registered type, as /proc/filesystems: length (truncated at size). */
int get_filesystem_list(char *buf, size_t size);

/* fs/inode.c */
struct inode *new_inode(struct super_block *sb);	/* i_count 1, i_nlink 1, new i_ino */
struct inode *igrab(struct inode *inode);
void iput(struct inode *inode);
void init_special_inode(struct inode *inode, umode_t mode, dev_t rdev);
void inode_set_times_now(struct inode *inode);
struct timespec64 current_time(void);		/* for timestamps */

/* fs/dcache.c */
struct dentry *d_alloc(struct dentry *parent, const char *name, int len);
struct dentry *d_make_root(struct inode *root_inode);
void d_add(struct dentry *dentry, struct inode *inode);	/* consumes the inode ref */
void d_instantiate(struct dentry *dentry, struct inode *inode);
struct dentry *dget(struct dentry *dentry);
void dput(struct dentry *dentry);
void d_delete(struct dentry *dentry);		/* unlink/rmdir: make it negative */

/* fs/file_table.c */
struct file *alloc_file(struct dentry *dentry, unsigned int flags,
			const struct file_operations *fop);	/* ERR_PTR on failure */
struct file *get_file(struct file *file);
void fput(struct file *file);

/* fs/open.c, fs/namei.c: the kernel's own opens ("/dev/console", "/sbin/init"). */
struct file *filp_open(const char *path, int flags, umode_t mode);	/* ERR_PTR */
int filp_close(struct file *file);
ssize_t kernel_read(struct file *file, void *buf, size_t count, loff_t *pos);
ssize_t kernel_write(struct file *file, const void *buf, size_t count, loff_t *pos);
int vfs_mknod_path(const char *path, umode_t mode, dev_t dev);	/* devtmpfs, boot */
int vfs_mkdir_path(const char *path, umode_t mode);

/* fs/libfs.c: helpers a filesystem may use. */
loff_t generic_file_llseek(struct file *file, loff_t offset, int whence);
loff_t noop_llseek(struct file *file, loff_t offset, int whence);
ssize_t simple_read_from_buffer(void __user *to, size_t count, loff_t *ppos,
				const void *from, size_t available);
extern const struct file_operations simple_dir_operations;	/* dcache children */
struct dentry *simple_lookup(struct inode *dir, struct dentry *dentry);	/* negative */

/* fs/char_dev.c: character devices by major number (and minor range). */
int register_chrdev(unsigned int major, unsigned int baseminor, unsigned int count,
		    const char *name, const struct file_operations *fops);
extern const struct file_operations def_chr_fops;	/* open() finds the driver */

/* mm/filemap.c: the default read/write of page-cache files. */
ssize_t generic_file_read(struct file *file, char __user *buf, size_t count, loff_t *pos);
ssize_t generic_file_write(struct file *file, const char __user *buf, size_t count,
			   loff_t *pos);
/* mmap of a page-cache file: vm_ops = generic_file_vm_ops (filemap_fault). */
int generic_file_mmap(struct file *file, struct vm_area_struct *vma);

/* Kernel-side init: the rootfs from the initrd, /dev, and the console fds. */
void vfs_caches_init(void);		/* before anything opens a file */
int populate_rootfs(void);		/* unpack the initrd archives into ramfs */
int devtmpfs_init(void);		/* a ramfs on /dev for the device nodes */
/* A kernel thread about to exec its first program: fds 0-2 on /dev/console. */
void console_on_rootfs(void);

#endif
