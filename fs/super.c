/*
 * fs/super.c - filesystem types, superblocks, and mounting.
 *
 * A filesystem type registers by name; mount(2) asks it for a
 * superblock's root dentry (->mount) and puts that root over a directory
 * of the tree: the covered dentry's d_mounted points at the root, the
 * root's d_mountpoint back at the covered dentry, and path lookup
 * crosses in both directions (fs/namei.c).  Each side holds a reference
 * on the other.  Linux makes a struct vfsmount for every mount, so one
 * superblock can be mounted in several places (bind mounts); here a
 * superblock's root is mounted at most once, and a second mount of the
 * same superblock is -EBUSY.  So is mounting a superblock on its own
 * root, which is what Linux answers to `mount -t devtmpfs devtmpfs /dev`
 * when devtmpfs is already there.  Mounting over "/" is refused (-EBUSY):
 * a walk starts at the root dentry itself and would never see it.
 *
 * sb->s_users counts what keeps a superblock busy: open files, task
 * roots and cwds inside it, and mounts on its dentries; umount(2) is
 * -EBUSY while any remain (Linux: -EBUSY unless MNT_DETACH).
 *
 * vfs_caches_init() mounts the first ramfs as the root of everything
 * (Linux calls that instance rootfs) before any file is opened.
 * Locking: none (one CPU).  Linux: fs/super.c, fs/namespace.c,
 * fs/filesystems.c.
 */
#include <asm/syscall.h>
#include <mneme/err.h>
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/printk.h>
#include <mneme/slab.h>
#include <mneme/sprintf.h>
#include <mneme/string.h>
#include <mneme/uaccess.h>
#include <uapi/errno.h>
#include <uapi/stat.h>
#include "internal.h"

#define MS_RDONLY	0x0001
#define MS_REMOUNT	0x0020
#define MS_BIND		0x1000
#define MS_MOVE		0x2000
#define MS_MGC_VAL	0xC0ED0000UL	/* old magic in the top 16 bits */
#define MS_MGC_MSK	0xffff0000UL
#define MNT_FORCE	0x1
#define MNT_DETACH	0x2
#define MNT_EXPIRE	0x4
#define UMOUNT_NOFOLLOW	0x8
#define MOUNT_NAME_MAX	256	/* device and type names copied in */

static struct file_system_type *file_systems;
static unsigned int next_anon_minor;

int register_filesystem(struct file_system_type *fs)
{
	if (get_fs_type(fs->name))
		return -EBUSY;
	fs->next = file_systems;
	file_systems = fs;
	return 0;
}

/*
 * /proc/filesystems: one line per type.  Every type so far needs no
 * device, hence "nodev" (ext2 will print without it).  Linux:
 * fs/filesystems.c.
 */
int get_filesystem_list(char *buf, size_t size)
{
	int n = 0;

	for (struct file_system_type *fs = file_systems; fs; fs = fs->next)
		n += scnprintf(buf + n, size - n, "nodev\t%s\n", fs->name);
	return n;
}

struct file_system_type *get_fs_type(const char *name)
{
	for (struct file_system_type *fs = file_systems; fs; fs = fs->next)
		if (!strcmp(fs->name, name))
			return fs;
	return NULL;
}

/* A superblock with an anonymous device number (0:N), as Linux's set_anon_super. */
struct super_block *sget_anon(struct file_system_type *type)
{
	struct super_block *sb = kzalloc(sizeof(*sb), GFP_KERNEL);

	if (!sb)
		return NULL;
	sb->s_type = type;
	sb->s_dev = MKDEV(0, ++next_anon_minor);
	INIT_LIST_HEAD(&sb->s_inodes);
	return sb;
}

/* The reference ->mount gave us goes; a filesystem with kill_sb dies with it. */
static void deactivate_super(struct dentry *root)
{
	struct super_block *sb = root->d_sb;

	dput(root);
	if (sb->s_type->kill_sb)
		sb->s_type->kill_sb(sb);
}

static int graft_tree(struct dentry *root, struct dentry *target)
{
	if (!S_ISDIR(target->d_inode->i_mode))
		return -ENOTDIR;
	if (root == target || d_is_mount_root(root) || target == rootfs_root())
		return -EBUSY;
	target->d_mounted = root;		/* the reference ->mount returned */
	root->d_mountpoint = dget(target);
	target->d_sb->s_users++;
	return 0;
}

int do_mount(const char *dev_name, const char *dir_name, const char *type,
	     unsigned long flags, void *data)
{
	struct file_system_type *fstype;
	struct dentry *target, *root;
	int err;

	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~MS_MGC_MSK;
	if (flags & (MS_BIND | MS_MOVE))
		return -EINVAL;		/* bind and move mounts: not supported */
	target = kern_path(dir_name, LOOKUP_FOLLOW);
	if (IS_ERR(target))
		return (int)PTR_ERR(target);
	err = 0;
	if (flags & MS_REMOUNT)
		goto out_dput;		/* nothing to change in a ramfs */
	err = -ENODEV;
	fstype = type ? get_fs_type(type) : NULL;
	if (!fstype)
		goto out_dput;
	root = fstype->mount(fstype, (int)flags, dev_name, data);
	err = (int)PTR_ERR(root);
	if (IS_ERR(root))
		goto out_dput;
	err = graft_tree(root, target);
	if (err)
		deactivate_super(root);
out_dput:
	dput(target);
	return err;
}

int do_umount(const char *dir_name, int flags)
{
	struct dentry *root, *mountpoint;
	int err;

	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	root = kern_path(dir_name, flags & UMOUNT_NOFOLLOW ? 0 : LOOKUP_FOLLOW);
	if (IS_ERR(root))
		return (int)PTR_ERR(root);
	err = -EINVAL;			/* not a mount point */
	if (!d_is_mount_root(root) || root != root->d_sb->s_root)
		goto out_dput;
	err = -EBUSY;
	if (root->d_sb->s_users)
		goto out_dput;
	mountpoint = root->d_mountpoint;
	mountpoint->d_mounted = NULL;
	root->d_mountpoint = NULL;
	mountpoint->d_sb->s_users--;
	dput(mountpoint);
	dput(root);			/* the lookup's */
	deactivate_super(root);		/* the mount's */
	return 0;
out_dput:
	dput(root);
	return err;
}

/* A user string of at most MOUNT_NAME_MAX bytes into buf: 0 or -errno. */
static int copy_mount_string(const char __user *ustr, char *buf)
{
	long len = strncpy_from_user(buf, ustr, MOUNT_NAME_MAX);

	if (len < 0)
		return (int)len;
	return len >= MOUNT_NAME_MAX ? -ENAMETOOLONG : 0;
}

/* mount(source, target, fstype, flags, data): data is not read (ramfs takes none). */
long sys_mount(struct pt_regs *regs)
{
	char dev[MOUNT_NAME_MAX], type[MOUNT_NAME_MAX], *dir;
	long err;

	dev[0] = type[0] = '\0';
	err = regs->rdi ? copy_mount_string((const char __user *)regs->rdi, dev) : 0;
	if (!err && regs->rdx)
		err = copy_mount_string((const char __user *)regs->rdx, type);
	if (err)
		return err;
	dir = getname((const char __user *)regs->rsi);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	err = do_mount(dev, dir, regs->rdx ? type : NULL, regs->r10, NULL);
	putname(dir);
	return err;
}

long sys_umount2(struct pt_regs *regs)
{
	char *dir = getname((const char __user *)regs->rdi);
	long err;

	if (IS_ERR(dir))
		return PTR_ERR(dir);
	err = do_umount(dir, (int)regs->rsi);
	putname(dir);
	return err;
}

void vfs_caches_init(void)
{
	struct dentry *root;

	dcache_init();
	init_ramfs_fs();
	root = ramfs_mount_root(get_fs_type("ramfs"));
	if (IS_ERR_OR_NULL(root))
		panic("VFS: cannot make the root ramfs");
	set_rootfs_root(root);
	pr_info("VFS: ramfs mounted as the root filesystem\n");
}
