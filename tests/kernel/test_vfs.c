/*
 * tests/kernel/test_vfs.c - ktests for the VFS (fs/): path walk, names,
 * data through the page cache, reference counts and freeing, mounts,
 * char devices, and the root filled from the initrd.
 *
 * The tests run in the ktest thread, a kernel thread with no fs_struct:
 * its root and cwd are the root ramfs.  Each one works under /tmp and
 * removes what it made, so the leak check after the suites
 * (ktest.no_pages_leaked) also checks that dentries, inodes and pages
 * go back.
 */
#include <mneme/err.h>
#include <mneme/fs.h>
#include <mneme/initrd.h>
#include <mneme/kernel.h>
#include <mneme/ktest.h>
#include <mneme/mm.h>
#include <mneme/pagemap.h>
#include <mneme/slab.h>
#include <mneme/string.h>
#include <mneme/time.h>
#include <mneme/vmalloc.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>
#include "../../fs/internal.h"
#include "ktest_util.h"

#define NR_DATA_PAGES	4

static unsigned long settled_free_pages(void)
{
	kmem_cache_shrink_all();
	drain_local_pages();
	return nr_free_pages();
}

/* kern_path()'s error, or 0 (the dentry put back): for one-line checks. */
static long walk_err(const char *path, unsigned int flags)
{
	struct dentry *d = kern_path(path, flags);

	if (IS_ERR(d))
		return PTR_ERR(d);
	dput(d);
	return 0;
}

/* Does path name the same dentry as want? */
static bool walks_to(const char *path, struct dentry *want)
{
	struct dentry *d = kern_path(path, LOOKUP_FOLLOW);
	bool same = !IS_ERR(d) && d == want;

	if (!IS_ERR(d))
		dput(d);
	return same;
}

KTEST(vfs, path_walk_cases)
{
	static char long_name[NAME_MAX + 3];
	struct dentry *root = rootfs_root(), *bin = kern_path("/bin", 0);

	KT_ASSERT_TRUE(kt, !IS_ERR(bin));
	KT_EXPECT_TRUE(kt, walks_to("/", root));
	KT_EXPECT_TRUE(kt, walks_to("/..", root));		/* not above the root */
	KT_EXPECT_TRUE(kt, walks_to("/../../..", root));
	KT_EXPECT_TRUE(kt, walks_to("/bin/..", root));
	KT_EXPECT_TRUE(kt, walks_to("//bin///./", bin));
	KT_EXPECT_TRUE(kt, walks_to("bin", bin));		/* relative to the cwd, "/" */
	KT_EXPECT_TRUE(kt, walks_to("/dev/..", root));	/* ".." out of a mount */
	KT_EXPECT_EQ(kt, walk_err("/bin/busybox", 0), 0);
	KT_EXPECT_EQ(kt, walk_err("/bin/busybox/", 0), -ENOTDIR);
	KT_EXPECT_EQ(kt, walk_err("/bin/busybox/x", 0), -ENOTDIR);
	KT_EXPECT_EQ(kt, walk_err("/bin/busybox", LOOKUP_DIRECTORY), -ENOTDIR);
	KT_EXPECT_EQ(kt, walk_err("/no/such", 0), -ENOENT);
	KT_EXPECT_EQ(kt, walk_err("/no-such", 0), -ENOENT);
	KT_EXPECT_EQ(kt, walk_err("", 0), -ENOENT);
	memset(long_name, 'a', NAME_MAX + 2);
	long_name[0] = '/';
	KT_EXPECT_EQ(kt, walk_err(long_name, 0), -ENAMETOOLONG);	/* a 256-byte name */
	long_name[NAME_MAX + 1] = '\0';
	KT_EXPECT_EQ(kt, walk_err(long_name, 0), -ENOENT);		/* 255: just missing */
	dput(bin);
}

KTEST(vfs, mount_is_crossed_both_ways)
{
	struct dentry *dev = kern_path("/dev", 0), *root = rootfs_root();

	KT_ASSERT_TRUE(kt, !IS_ERR(dev));
	KT_EXPECT_NE(kt, dev->d_sb, root->d_sb);		/* devtmpfs, not the root ramfs */
	KT_EXPECT_TRUE(kt, dev == dev->d_sb->s_root);
	KT_EXPECT_EQ(kt, dev->d_mountpoint->d_sb, root->d_sb);
	KT_EXPECT_EQ(kt, walk_err("/dev/console", 0), 0);
	KT_EXPECT_EQ(kt, do_mount("devtmpfs", "/dev", "devtmpfs", 0, NULL), -EBUSY);
	KT_EXPECT_EQ(kt, do_mount("x", "/tmp", "no-such-fs", 0, NULL), -ENODEV);
	KT_EXPECT_EQ(kt, do_rmdir(AT_FDCWD, "/dev"), -EBUSY);	/* a mount point */
	dput(dev);
}

KTEST(vfs, symlinks_followed_and_loops_are_eloop)
{
	struct dentry *sh = kern_path("/bin/sh", LOOKUP_FOLLOW), *link = kern_path("/bin/sh", 0);

	KT_ASSERT_TRUE(kt, !IS_ERR(sh) && !IS_ERR(link));
	KT_EXPECT_TRUE(kt, S_ISREG(sh->d_inode->i_mode));
	KT_EXPECT_TRUE(kt, S_ISLNK(link->d_inode->i_mode));
	dput(sh);
	dput(link);
	KT_ASSERT_EQ(kt, do_symlinkat("loop-b", AT_FDCWD, "/tmp/loop-a"), 0);
	KT_ASSERT_EQ(kt, do_symlinkat("/tmp/loop-a", AT_FDCWD, "/tmp/loop-b"), 0);
	KT_EXPECT_EQ(kt, walk_err("/tmp/loop-a", LOOKUP_FOLLOW), -ELOOP);
	KT_EXPECT_EQ(kt, walk_err("/tmp/loop-a/x", 0), -ELOOP);	/* followed in the middle */
	KT_EXPECT_EQ(kt, walk_err("/tmp/loop-a", 0), 0);		/* the link itself */
	KT_EXPECT_EQ(kt, do_symlinkat("x", AT_FDCWD, "/tmp/loop-a"), -EEXIST);
	KT_EXPECT_EQ(kt, do_unlinkat(AT_FDCWD, "/tmp/loop-a"), 0);
	KT_EXPECT_EQ(kt, do_unlinkat(AT_FDCWD, "/tmp/loop-b"), 0);
}

static u8 data_byte(size_t i)
{
	return (u8)(i * 13 + i / PAGE_SIZE);
}

/* A new file at path with NR_DATA_PAGES pages of data_byte(): 0 or -errno. */
static int make_data_file(const char *path)
{
	size_t size = NR_DATA_PAGES * PAGE_SIZE;
	u8 *buf = vmalloc(size);
	struct file *file;
	loff_t pos = 0;
	ssize_t n;

	if (!buf)
		return -ENOMEM;
	for (size_t i = 0; i < size; i++)
		buf[i] = data_byte(i);
	file = filp_open(path, O_RDWR | O_CREAT | O_EXCL, 0644);
	if (IS_ERR(file)) {
		vfree(buf);
		return (int)PTR_ERR(file);
	}
	n = kernel_write(file, buf, size, &pos);
	filp_close(file);
	vfree(buf);
	return n == (ssize_t)size ? 0 : -EIO;
}

/* The first byte of path's data that is not data_byte(), or -1 if all are. */
static long first_bad_byte(struct file *file)
{
	static u8 buf[PAGE_SIZE];
	loff_t pos = 0;

	for (size_t done = 0; done < NR_DATA_PAGES * PAGE_SIZE; done += PAGE_SIZE) {
		if (kernel_read(file, buf, PAGE_SIZE, &pos) != PAGE_SIZE)
			return (long)done;
		for (size_t i = 0; i < PAGE_SIZE; i++)
			if (buf[i] != data_byte(done + i))
				return (long)(done + i);
	}
	return -1;
}

KTEST(vfs, create_write_read_back)
{
	struct file *file;

	KT_ASSERT_EQ(kt, make_data_file("/tmp/ktest-data"), 0);
	file = filp_open("/tmp/ktest-data", O_RDONLY, 0);
	KT_ASSERT_TRUE(kt, !IS_ERR(file));
	KT_EXPECT_EQ(kt, file->f_inode->i_size, NR_DATA_PAGES * PAGE_SIZE);
	KT_EXPECT_EQ(kt, file->f_inode->i_mapping->nrpages, NR_DATA_PAGES);
	KT_EXPECT_EQ(kt, file->f_inode->i_mode, S_IFREG | 0644);
	KT_EXPECT_EQ(kt, first_bad_byte(file), -1);
	filp_close(file);
	KT_EXPECT_EQ(kt, make_data_file("/tmp/ktest-data"), -EEXIST);	/* O_EXCL */
	KT_EXPECT_EQ(kt, do_unlinkat(AT_FDCWD, "/tmp/ktest-data"), 0);
	KT_EXPECT_EQ(kt, walk_err("/tmp/ktest-data", 0), -ENOENT);
}

KTEST(vfs, unlinked_open_file_keeps_data_until_close)
{
	unsigned long free_before = settled_free_pages(), cached = global_file_pages();
	struct file *file;

	KT_ASSERT_EQ(kt, make_data_file("/tmp/ktest-unlinked"), 0);
	file = filp_open("/tmp/ktest-unlinked", O_RDONLY, 0);
	KT_ASSERT_TRUE(kt, !IS_ERR(file));
	KT_EXPECT_EQ(kt, do_unlinkat(AT_FDCWD, "/tmp/ktest-unlinked"), 0);
	KT_EXPECT_EQ(kt, walk_err("/tmp/ktest-unlinked", 0), -ENOENT);
	KT_EXPECT_EQ(kt, file->f_inode->i_nlink, 0);
	KT_EXPECT_EQ(kt, global_file_pages(), cached + NR_DATA_PAGES);	/* still there */
	KT_EXPECT_EQ(kt, first_bad_byte(file), -1);
	filp_close(file);					/* the last reference */
	KT_EXPECT_EQ(kt, global_file_pages(), cached);
	KT_EXPECT_EQ(kt, settled_free_pages(), free_before);
}

/* The whole content of a small file, NUL-terminated, in buf. */
static ssize_t read_small(const char *path, char *buf, size_t size)
{
	struct file *file = filp_open(path, O_RDONLY, 0);
	loff_t pos = 0;
	ssize_t n;

	if (IS_ERR(file))
		return PTR_ERR(file);
	n = kernel_read(file, buf, size - 1, &pos);
	buf[n > 0 ? n : 0] = '\0';
	filp_close(file);
	return n;
}

KTEST(vfs, rename_over_an_existing_file)
{
	unsigned long inodes = nr_inode();
	char buf[16];

	KT_ASSERT_EQ(kt, ktest_write_file("/tmp/ktest-a", "A", 0644), 0);
	KT_ASSERT_EQ(kt, ktest_write_file("/tmp/ktest-b", "B", 0644), 0);
	KT_EXPECT_EQ(kt, nr_inode(), inodes + 2);
	KT_EXPECT_EQ(kt, do_renameat2(AT_FDCWD, "/tmp/ktest-a", AT_FDCWD, "/tmp/ktest-b", 0), 0);
	KT_EXPECT_EQ(kt, nr_inode(), inodes + 1);		/* b's old inode is gone */
	KT_EXPECT_EQ(kt, walk_err("/tmp/ktest-a", 0), -ENOENT);
	KT_EXPECT_EQ(kt, read_small("/tmp/ktest-b", buf, sizeof(buf)), 1);
	KT_EXPECT_STREQ(kt, buf, "A");
	KT_EXPECT_EQ(kt, do_renameat2(AT_FDCWD, "/tmp/ktest-b", AT_FDCWD, "/dev/x", 0), -EXDEV);
	KT_EXPECT_EQ(kt, do_renameat2(AT_FDCWD, "/tmp/ktest-b", AT_FDCWD, "/tmp/c", 1), -EINVAL);
	KT_EXPECT_EQ(kt, do_unlinkat(AT_FDCWD, "/tmp/ktest-b"), 0);
	KT_EXPECT_EQ(kt, nr_inode(), inodes);
}

KTEST(vfs, rmdir_of_a_non_empty_directory_is_enotempty)
{
	KT_ASSERT_EQ(kt, do_mkdirat(AT_FDCWD, "/tmp/ktest-dir", 0755), 0);
	KT_EXPECT_EQ(kt, do_mkdirat(AT_FDCWD, "/tmp/ktest-dir", 0755), -EEXIST);
	KT_ASSERT_EQ(kt, ktest_write_file("/tmp/ktest-dir/f", "x", 0644), 0);
	KT_EXPECT_EQ(kt, do_rmdir(AT_FDCWD, "/tmp/ktest-dir"), -ENOTEMPTY);
	KT_EXPECT_EQ(kt, do_rmdir(AT_FDCWD, "/tmp/ktest-dir/f"), -ENOTDIR);
	KT_EXPECT_EQ(kt, do_unlinkat(AT_FDCWD, "/tmp/ktest-dir"), -EISDIR);
	KT_EXPECT_EQ(kt, do_rmdir(AT_FDCWD, "/tmp/ktest-dir/."), -EINVAL);
	KT_EXPECT_EQ(kt, do_unlinkat(AT_FDCWD, "/tmp/ktest-dir/f"), 0);
	KT_EXPECT_EQ(kt, do_rmdir(AT_FDCWD, "/tmp/ktest-dir"), 0);
	KT_EXPECT_EQ(kt, walk_err("/tmp/ktest-dir", 0), -ENOENT);
}

struct name_list {
	struct dir_context ctx;
	char names[128];
	int count;
};

static bool collect_name(struct dir_context *ctx, const char *name, int len, loff_t offset,
			 u64 ino, unsigned int type)
{
	struct name_list *l = container_of(ctx, struct name_list, ctx);
	size_t used = strlen(l->names);

	if (used + len + 2 > sizeof(l->names))
		return false;
	if (used)
		l->names[used++] = ' ';
	memcpy(l->names + used, name, len);
	l->names[used + len] = '\0';
	l->count++;
	return true;
}

/* Refuses the third entry: the next call must start with it. */
static bool collect_two(struct dir_context *ctx, const char *name, int len, loff_t offset,
			u64 ino, unsigned int type)
{
	struct name_list *l = container_of(ctx, struct name_list, ctx);

	return l->count < 2 && collect_name(ctx, name, len, offset, ino, type);
}

KTEST(vfs, getdents_through_iterate_shared)
{
	struct name_list l = { .ctx.actor = collect_name };
	struct file *dir;

	KT_ASSERT_EQ(kt, do_mkdirat(AT_FDCWD, "/tmp/ktest-ls", 0755), 0);
	KT_EXPECT_EQ(kt, ktest_write_file("/tmp/ktest-ls/one", "1", 0644), 0);
	KT_EXPECT_EQ(kt, do_mkdirat(AT_FDCWD, "/tmp/ktest-ls/two", 0755), 0);
	dir = filp_open("/tmp/ktest-ls", O_RDONLY | O_DIRECTORY, 0);
	KT_ASSERT_TRUE(kt, !IS_ERR(dir));
	KT_EXPECT_EQ(kt, iterate_dir(dir, &l.ctx), 0);
	KT_EXPECT_STREQ(kt, l.names, ". .. one two");
	KT_EXPECT_EQ(kt, dir->f_pos, 4);
	/* again from the start, in two calls split where the actor refused */
	dir->f_pos = 0;
	memset(&l, 0, sizeof(l));
	l.ctx.actor = collect_two;
	KT_EXPECT_EQ(kt, iterate_dir(dir, &l.ctx), 0);
	KT_EXPECT_STREQ(kt, l.names, ". ..");
	l.ctx.actor = collect_name;
	KT_EXPECT_EQ(kt, iterate_dir(dir, &l.ctx), 0);
	KT_EXPECT_STREQ(kt, l.names, ". .. one two");
	filp_close(dir);
	KT_EXPECT_EQ(kt, do_unlinkat(AT_FDCWD, "/tmp/ktest-ls/one"), 0);
	KT_EXPECT_EQ(kt, do_rmdir(AT_FDCWD, "/tmp/ktest-ls/two"), 0);
	KT_EXPECT_EQ(kt, do_rmdir(AT_FDCWD, "/tmp/ktest-ls"), 0);
}

KTEST(vfs, initrd_contents_visible_in_the_root)
{
	struct cpio_entry e;
	struct file *file;
	u8 *buf;
	loff_t pos = 0;

	KT_ASSERT_EQ(kt, initrd_lookup("/bin/busybox", &e), 0);
	file = filp_open("/bin/busybox", O_RDONLY, 0);
	KT_ASSERT_TRUE(kt, !IS_ERR(file));
	KT_EXPECT_EQ(kt, file->f_inode->i_size, e.size);
	KT_EXPECT_EQ(kt, file->f_inode->i_mode, e.mode);
	KT_EXPECT_EQ(kt, file->f_inode->i_mtime.tv_sec, e.mtime);
	buf = vmalloc(e.size);
	if (buf) {
		KT_EXPECT_EQ(kt, kernel_read(file, buf, e.size, &pos), e.size);
		KT_EXPECT_EQ(kt, memcmp(buf, e.data, e.size), 0);	/* every byte */
		vfree(buf);
	}
	filp_close(file);
	KT_EXPECT_EQ(kt, walk_err("/sbin/init", 0), 0);
	KT_EXPECT_EQ(kt, walk_err("/tmp", LOOKUP_DIRECTORY), 0);
}

KTEST(vfs, tmpfs_mount_umount_frees_everything)
{
	unsigned long free_before = settled_free_pages(), inodes = nr_inode();
	struct file *file;

	KT_ASSERT_EQ(kt, do_mkdirat(AT_FDCWD, "/tmp/ktest-mnt", 0755), 0);
	KT_ASSERT_EQ(kt, do_mount("none", "/tmp/ktest-mnt", "tmpfs", 0, NULL), 0);
	KT_EXPECT_EQ(kt, make_data_file("/tmp/ktest-mnt/data"), 0);
	KT_EXPECT_EQ(kt, do_mkdirat(AT_FDCWD, "/tmp/ktest-mnt/sub", 0755), 0);
	KT_EXPECT_EQ(kt, do_linkat(AT_FDCWD, "/tmp/ktest-mnt/data", AT_FDCWD, "/tmp/x", 0),
		     -EXDEV);
	file = filp_open("/tmp/ktest-mnt/data", O_RDONLY, 0);
	KT_EXPECT_TRUE(kt, !IS_ERR(file));
	KT_EXPECT_EQ(kt, do_umount("/tmp/ktest-mnt", 0), -EBUSY);	/* a file is open */
	if (!IS_ERR(file))
		filp_close(file);
	KT_EXPECT_EQ(kt, do_rmdir(AT_FDCWD, "/tmp/ktest-mnt"), -EBUSY);
	KT_EXPECT_EQ(kt, do_umount("/tmp/ktest-mnt", 0), 0);
	KT_EXPECT_EQ(kt, walk_err("/tmp/ktest-mnt/data", 0), -ENOENT);	/* the mount's gone */
	KT_EXPECT_EQ(kt, do_umount("/tmp/ktest-mnt", 0), -EINVAL);	/* not mounted now */
	KT_EXPECT_EQ(kt, do_rmdir(AT_FDCWD, "/tmp/ktest-mnt"), 0);
	KT_EXPECT_EQ(kt, nr_inode(), inodes);
	KT_EXPECT_EQ(kt, settled_free_pages(), free_before);
}

KTEST(vfs, char_device_open_finds_the_driver)
{
	struct file *console = filp_open("/dev/console", O_RDWR, 0), *none;

	KT_ASSERT_TRUE(kt, !IS_ERR(console));
	KT_EXPECT_TRUE(kt, S_ISCHR(console->f_inode->i_mode));
	KT_EXPECT_EQ(kt, console->f_inode->i_rdev, MKDEV(5, 1));
	KT_EXPECT_TRUE(kt, console->f_op != &def_chr_fops);	/* swapped for the driver's */
	filp_close(console);
	KT_ASSERT_EQ(kt, vfs_mknod_path("/tmp/ktest-nodev", S_IFCHR | 0600, MKDEV(250, 7)), 0);
	none = filp_open("/tmp/ktest-nodev", O_RDWR, 0);
	KT_EXPECT_EQ(kt, PTR_ERR(none), -ENXIO);			/* no driver: ENXIO */
	if (!IS_ERR(none))
		filp_close(none);
	KT_EXPECT_EQ(kt, do_unlinkat(AT_FDCWD, "/tmp/ktest-nodev"), 0);
}

KTEST(vfs, truncate_drops_pages_and_zeroes_the_tail)
{
	unsigned long cached = global_file_pages();
	struct dentry *d;
	struct file *file;
	u8 c = 1;
	loff_t pos;

	KT_ASSERT_EQ(kt, make_data_file("/tmp/ktest-trunc"), 0);
	d = kern_path("/tmp/ktest-trunc", 0);
	KT_ASSERT_TRUE(kt, !IS_ERR(d));
	KT_EXPECT_EQ(kt, do_truncate(d, PAGE_SIZE + 10), 0);
	KT_EXPECT_EQ(kt, d->d_inode->i_mapping->nrpages, 2);
	KT_EXPECT_EQ(kt, global_file_pages(), cached + 2);
	KT_EXPECT_EQ(kt, do_truncate(d, 3 * PAGE_SIZE), 0);		/* grow again */
	file = dentry_open(d, O_RDONLY);
	KT_ASSERT_TRUE(kt, !IS_ERR(file));
	pos = PAGE_SIZE + 10;
	KT_EXPECT_EQ(kt, kernel_read(file, &c, 1, &pos), 1);
	KT_EXPECT_EQ(kt, c, 0);					/* zeroed, not the old data */
	filp_close(file);
	KT_EXPECT_EQ(kt, do_truncate(d, -1), -EINVAL);
	dput(d);
	KT_EXPECT_EQ(kt, do_unlinkat(AT_FDCWD, "/tmp/ktest-trunc"), 0);
	KT_EXPECT_EQ(kt, global_file_pages(), cached);
}

#define DEEP_LEVELS	1500	/* "d/" each: 3000 bytes of path, under PATH_MAX */

/* umount of a very deep tree frees it without recursing (a 16 KiB stack). */
KTEST(vfs, umount_of_a_deep_tree_frees_it)
{
	static char path[PATH_MAX];
	unsigned long inodes = nr_inode(), dentries;
	size_t len;
	int err = 0;

	KT_ASSERT_EQ(kt, do_mkdirat(AT_FDCWD, "/tmp/ktest-deep", 0755), 0);
	KT_ASSERT_EQ(kt, do_mount("none", "/tmp/ktest-deep", "tmpfs", 0, NULL), 0);
	dentries = nr_dentry();
	len = strlcpy(path, "/tmp/ktest-deep", sizeof(path));
	for (int i = 0; i < DEEP_LEVELS && !err; i++) {
		memcpy(path + len, "/d", 3);
		len += 2;
		err = do_mkdirat(AT_FDCWD, path, 0755);
	}
	KT_EXPECT_EQ(kt, err, 0);
	KT_EXPECT_EQ(kt, nr_dentry(), dentries + DEEP_LEVELS);
	KT_EXPECT_EQ(kt, do_umount("/tmp/ktest-deep", 0), 0);
	KT_EXPECT_EQ(kt, do_rmdir(AT_FDCWD, "/tmp/ktest-deep"), 0);
	KT_EXPECT_EQ(kt, nr_inode(), inodes);
}

/*
 * A directory that was removed while something still holds it (a cwd,
 * an open directory fd) takes no new names: creating one there is
 * -ENOENT, as Linux's IS_DEADDIR check says.  A name made there could
 * never be unlinked (nothing can walk to it) and would pin its dentry
 * and inode for ever.
 */
KTEST(vfs, no_new_names_in_a_removed_directory)
{
	unsigned long inodes = nr_inode(), dentries = nr_dentry();
	struct dentry *dead, *tmp, *file, *c[6];
	struct inode *dir;

	KT_ASSERT_EQ(kt, do_mkdirat(AT_FDCWD, "/tmp/ktest-dead", 0755), 0);
	KT_ASSERT_EQ(kt, ktest_write_file("/tmp/ktest-dead-f", "x", 0644), 0);
	dead = kern_path("/tmp/ktest-dead", 0);		/* as a cwd holds it */
	tmp = kern_path("/tmp", 0);
	file = kern_path("/tmp/ktest-dead-f", 0);
	KT_ASSERT_TRUE(kt, !IS_ERR(dead) && !IS_ERR(tmp) && !IS_ERR(file));
	KT_ASSERT_EQ(kt, do_rmdir(AT_FDCWD, "/tmp/ktest-dead"), 0);

	dir = dead->d_inode;
	for (int i = 0; i < 6; i++) {
		c[i] = lookup_one(dead, &"abcdef"[i], 1);
		KT_ASSERT_TRUE(kt, !IS_ERR(c[i]));
	}
	KT_EXPECT_EQ(kt, vfs_mkdir(dir, c[0], 0755), -ENOENT);
	KT_EXPECT_EQ(kt, vfs_create(dir, c[1], 0644), -ENOENT);
	KT_EXPECT_EQ(kt, vfs_mknod(dir, c[2], S_IFCHR | 0600, MKDEV(1, 3)), -ENOENT);
	KT_EXPECT_EQ(kt, vfs_symlink(dir, c[3], "/"), -ENOENT);
	KT_EXPECT_EQ(kt, vfs_link(file, dir, c[4]), -ENOENT);
	KT_EXPECT_EQ(kt, vfs_rename(tmp->d_inode, file, dir, c[5]), -ENOENT);
	for (int i = 0; i < 6; i++) {
		KT_EXPECT_TRUE(kt, c[i]->d_inode == NULL);
		dput(c[i]);
	}

	dput(file);
	dput(tmp);
	dput(dead);
	KT_EXPECT_EQ(kt, do_unlinkat(AT_FDCWD, "/tmp/ktest-dead-f"), 0);
	KT_EXPECT_EQ(kt, nr_inode(), inodes);
	KT_EXPECT_EQ(kt, nr_dentry(), dentries);
}

/*
 * kernel_write() (sendfile's output) stops at the largest file offset,
 * as write(2) does: the bytes up to it, then -EFBIG.  The position must
 * never wrap past LLONG_MAX into a negative offset.
 */
KTEST(vfs, kernel_write_stops_at_the_largest_offset)
{
	const loff_t max = MAX_LFS_FILESIZE;
	static char buf[PAGE_SIZE];
	struct file *file;
	loff_t pos = max - 10;

	KT_ASSERT_EQ(kt, ktest_write_file("/tmp/ktest-big", "", 0644), 0);
	file = filp_open("/tmp/ktest-big", O_RDWR, 0);
	KT_ASSERT_TRUE(kt, !IS_ERR(file));
	KT_EXPECT_EQ(kt, kernel_write(file, buf, sizeof(buf), &pos), 10);
	KT_EXPECT_EQ(kt, pos, max);
	KT_EXPECT_EQ(kt, file->f_inode->i_size, max);
	KT_EXPECT_EQ(kt, kernel_write(file, buf, sizeof(buf), &pos), -EFBIG);
	KT_EXPECT_EQ(kt, pos, max);
	KT_EXPECT_EQ(kt, file->f_inode->i_mapping->nrpages, 1);
	filp_close(file);
	KT_EXPECT_EQ(kt, do_unlinkat(AT_FDCWD, "/tmp/ktest-big"), 0);
}

/* Timestamps are wall-clock time (CLOCK_REALTIME), as ls -l shows them on Linux. */
KTEST(vfs, new_file_times_are_wall_clock_time)
{
	s64 now = (s64)(ktime_get_real_ns() / 1000000000ULL);
	struct dentry *d;

	KT_ASSERT_EQ(kt, ktest_write_file("/tmp/ktest-time", "t", 0644), 0);
	d = kern_path("/tmp/ktest-time", 0);
	KT_ASSERT_TRUE(kt, !IS_ERR(d));
	KT_EXPECT_GE(kt, d->d_inode->i_mtime.tv_sec, now);
	KT_EXPECT_LE(kt, d->d_inode->i_mtime.tv_sec, now + 1);
	KT_EXPECT_GE(kt, d->d_inode->i_ctime.tv_sec, now);
	dput(d);
	KT_EXPECT_EQ(kt, do_unlinkat(AT_FDCWD, "/tmp/ktest-time"), 0);
}
