/*
 * fs/devtmpfs.c - devtmpfs: one ramfs instance that the kernel mounts
 * on /dev at boot and in which drivers create their device nodes
 * (vfs_mknod_path("/dev/null", S_IFCHR | 0666, MKDEV(1, 3))).
 *
 * mount(2) of type "devtmpfs" hands out that same instance again, never
 * a new one; as it is already mounted on /dev, `mount -t devtmpfs
 * devtmpfs /dev` fails with -EBUSY, which is what Linux answers too
 * when devtmpfs is already mounted there (fs/super.c), and init scripts
 * ignore it.  The instance lives for ever: its type has no kill_sb.
 * Linux: drivers/base/devtmpfs.c (which also runs a kthread that creates
 * nodes on the drivers' behalf, with its own private mount).
 */
#include <mneme/err.h>
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/printk.h>
#include <uapi/errno.h>
#include "internal.h"

static struct dentry *devtmpfs_root;

static struct dentry *devtmpfs_mount(struct file_system_type *type, int flags,
				     const char *dev_name, void *data)
{
	return devtmpfs_root ? dget(devtmpfs_root) : ERR_PTR(-ENODEV);
}

static struct file_system_type devtmpfs_fs_type = {
	.name = "devtmpfs",
	.mount = devtmpfs_mount,
};

int devtmpfs_init(void)
{
	int err;

	devtmpfs_root = ramfs_mount_root(&devtmpfs_fs_type);
	if (IS_ERR(devtmpfs_root)) {
		err = (int)PTR_ERR(devtmpfs_root);
		devtmpfs_root = NULL;
		goto out_err;
	}
	register_filesystem(&devtmpfs_fs_type);
	err = vfs_mkdir_path("/dev", 0755);
	if (err && err != -EEXIST)
		goto out_err;
	err = do_mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	if (err)
		goto out_err;
	pr_info("devtmpfs: initialized, mounted on /dev\n");
	return 0;
out_err:
	pr_err("devtmpfs: cannot mount on /dev (error %d)\n", err);
	return err;
}
