/*
 * fs/initramfs.c - the boot modules that hold cpio archives: the initrd
 * and tools/qemu's --extra archive.
 *
 * Owns initrd_archives[], filled once by initrd_init() at boot and only
 * read afterwards, so no locking.  Each entry describes a module that
 * lib/cpio.c walked from start to trailer without an error; a module
 * that fails is reported with the reason and offset and left out, so
 * nothing later can trip over it.  The modules' memory was reserved by
 * memblock_setup() (mm/mm_init.c) and is never freed: names and data
 * handed out point into it.
 *
 * populate_rootfs() then unpacks every archive, in load order, into the
 * root ramfs: directories, regular files (their bytes copied into
 * page-cache pages with kernel_write()), symlinks and device nodes, with
 * the archive's modes, owners and mtimes.  An entry whose name already
 * exists replaces it: what was there is removed first, unless both are
 * directories (the directory stays and takes the new mode), so the
 * --extra archive, loaded last, wins.
 * Directory mtimes are set in a second pass, after their contents were
 * created (which touches them).  An entry that fails is reported and
 * skipped; the rest still comes.
 *
 * Linux: init/initramfs.c unpacks the archives the same way at boot, and
 * then frees their memory; ours stay (initrd_lookup() and the ktests
 * read them), and hard links inside an archive are not recreated (our
 * archives have none: tools/mkinitrd makes symlinks).
 */
#include <mneme/bootinfo.h>
#include <mneme/err.h>
#include <mneme/fs.h>
#include <mneme/initrd.h>
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/mm_early.h>
#include <mneme/printk.h>
#include <mneme/pagemap.h>
#include <mneme/string.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>
#include "internal.h"

static struct initrd_archive initrd_archives[BOOT_MAX_MODULES];
static int nr_initrd_archives;

static bool is_archive_module(const struct boot_module *m)
{
	return !strcmp(m->cmdline, "initrd") || !strcmp(m->cmdline, "extra");
}

/* Everything __va() reaches after init_mem_mapping(). */
static bool module_is_mapped(const struct boot_module *m)
{
	phys_addr_t mapped = max((phys_addr_t)max_pfn << PAGE_SHIFT,
				 (phys_addr_t)EARLY_DIRECT_MAP_SIZE);

	return m->start <= m->end && m->end <= mapped;
}

static void count_entry(struct initrd_archive *a, const struct cpio_entry *e)
{
	if (cpio_is_reg(e))
		a->nr_files++;
	else if (cpio_is_dir(e))
		a->nr_dirs++;
	else if (cpio_is_symlink(e))
		a->nr_symlinks++;
	else
		a->nr_other++;
}

/* Walk the whole archive once; 0 if it is well formed. */
static int check_archive(struct initrd_archive *a)
{
	struct cpio_iter it;
	struct cpio_entry e;
	int ret;

	cpio_iter_init(&it, a->start, a->size_bytes);
	while ((ret = cpio_next(&it, &e)) > 0)
		count_entry(a, &e);
	if (ret < 0)
		pr_err("%s: module %d is not a usable newc cpio archive: %s (offset %zu); ignored\n",
		       a->name, a->module, it.why, it.err_pos);
	return ret;
}

static void add_archive(int module)
{
	const struct boot_module *m = &boot_info.modules[module];
	struct initrd_archive *a = &initrd_archives[nr_initrd_archives];

	if (!module_is_mapped(m)) {
		pr_err("%s: module %d lies outside the direct map; ignored\n",
		       m->cmdline, module);
		return;
	}
	memset(a, 0, sizeof(*a));
	a->name = m->cmdline;
	a->module = module;
	a->start = __va(m->start);
	a->size_bytes = m->end - m->start;
	if (check_archive(a))
		return;
	nr_initrd_archives++;
	pr_info("%s: %u files, %u directories, %u symlinks, %zu KiB (module %d)\n",
		a->name, a->nr_files, a->nr_dirs, a->nr_symlinks,
		a->size_bytes >> 10, module);
}

void initrd_init(void)
{
	for (int i = 0; i < boot_info.nr_modules; i++)
		if (is_archive_module(&boot_info.modules[i]))
			add_archive(i);
	if (!nr_initrd_archives)
		pr_warn("initrd: none (no boot module named \"initrd\" holds a newc cpio archive)\n");
}

int initrd_nr_archives(void)
{
	return nr_initrd_archives;
}

const struct initrd_archive *initrd_archive(int i)
{
	return i >= 0 && i < nr_initrd_archives ? &initrd_archives[i] : NULL;
}

int initrd_for_each(int (*fn)(const struct cpio_entry *e,
			      const struct initrd_archive *a, void *arg),
		    void *arg)
{
	for (int i = 0; i < nr_initrd_archives; i++) {
		const struct initrd_archive *a = &initrd_archives[i];
		struct cpio_iter it;
		struct cpio_entry e;
		int ret;

		cpio_iter_init(&it, a->start, a->size_bytes);
		while (cpio_next(&it, &e) > 0) {
			ret = fn(&e, a, arg);
			if (ret)
				return ret;
		}
	}
	return 0;
}

struct lookup_state {
	const char *path;	/* without its leading "/" */
	struct cpio_entry *found;
	bool hit;
};

static int lookup_entry(const struct cpio_entry *e, const struct initrd_archive *a,
		      void *arg)
{
	struct lookup_state *st = arg;

	if (!strcmp(cpio_skip_root(e->name), st->path)) {
		*st->found = *e;	/* keep going: a later one wins */
		st->hit = true;
	}
	return 0;
}

int initrd_lookup(const char *path, struct cpio_entry *e)
{
	struct lookup_state st = { cpio_skip_root(path), e, false };

	initrd_for_each(lookup_entry, &st);
	return st.hit ? 0 : -ENOENT;
}

/* ---- unpacking into the root ramfs --------------------------------------- */

struct unpack_stats {
	unsigned int nr_files, nr_dirs, nr_symlinks, nr_other, nr_failed;
};

/* What is at name now, if its type differs from mode's (or always, for files), goes. */
static int clean_path(const char *name, umode_t mode)
{
	struct dentry *old = kern_path(name, 0);
	umode_t old_mode;

	if (IS_ERR(old))
		return 0;
	old_mode = old->d_inode->i_mode;
	dput(old);
	if (S_ISDIR(old_mode) && S_ISDIR(mode))
		return 0;
	return S_ISDIR(old_mode) ? do_rmdir(AT_FDCWD, name) : do_unlinkat(AT_FDCWD, name);
}

static int unpack_file(const char *name, const struct cpio_entry *e)
{
	struct file *file = filp_open(name, O_WRONLY | O_CREAT | O_TRUNC, e->mode & S_IALLUGO);
	loff_t pos = 0;
	ssize_t n;

	if (IS_ERR(file))
		return (int)PTR_ERR(file);
	n = kernel_write(file, e->data, e->size, &pos);
	filp_close(file);
	return n == (ssize_t)e->size ? 0 : n < 0 ? (int)n : -ENOSPC;
}

/* The archive's owner, mode and (except for directories, see below) mtime. */
static void set_attributes(const char *name, const struct cpio_entry *e)
{
	struct dentry *dentry = kern_path(name, 0);
	struct inode *inode;

	if (IS_ERR(dentry))
		return;
	inode = dentry->d_inode;
	inode->i_uid = e->uid;
	inode->i_gid = e->gid;
	if (!S_ISLNK(e->mode))
		inode->i_mode = (inode->i_mode & S_IFMT) | (e->mode & S_IALLUGO);
	inode->i_mtime.tv_sec = e->mtime;
	inode->i_mtime.tv_nsec = 0;
	dput(dentry);
}

static int create_entry(const char *name, const struct cpio_entry *e, struct unpack_stats *st)
{
	static char target[PATH_MAX];	/* boot runs one unpack at a time */

	if (cpio_is_dir(e)) {
		st->nr_dirs++;
		return do_mkdirat(AT_FDCWD, name, e->mode & S_IALLUGO);
	}
	if (cpio_is_reg(e)) {
		st->nr_files++;
		return unpack_file(name, e);
	}
	if (cpio_is_symlink(e)) {
		st->nr_symlinks++;
		if (e->size >= sizeof(target))
			return -ENAMETOOLONG;
		memcpy(target, e->data, e->size);
		target[e->size] = '\0';
		return do_symlinkat(target, AT_FDCWD, name);
	}
	st->nr_other++;
	return do_mknodat(AT_FDCWD, name, e->mode, MKDEV(e->rdev_major, e->rdev_minor));
}

static int unpack_entry(const struct cpio_entry *e, const struct initrd_archive *a, void *arg)
{
	const char *name = cpio_skip_root(e->name);
	int err;

	if (!*name)
		return 0;		/* "." is the root itself */
	err = clean_path(name, e->mode);
	if (!err) {
		err = create_entry(name, e, arg);
		if (err == -EEXIST && cpio_is_dir(e))
			err = 0;	/* a directory again: keep it, update it */
	}
	if (err) {
		((struct unpack_stats *)arg)->nr_failed++;
		pr_warn("rootfs: %s: /%s: error %d; skipped\n", a->name, name, err);
		return 0;
	}
	set_attributes(name, e);
	return 0;
}

/* Second pass: directories' mtimes, which their children's creation changed. */
static int set_dir_mtime(const struct cpio_entry *e, const struct initrd_archive *a, void *arg)
{
	const char *name = cpio_skip_root(e->name);
	struct dentry *dentry;

	if (!cpio_is_dir(e))
		return 0;
	dentry = *name ? kern_path(name, 0) : dget(rootfs_root());
	if (IS_ERR(dentry))
		return 0;
	dentry->d_inode->i_mtime.tv_sec = e->mtime;
	dentry->d_inode->i_mtime.tv_nsec = 0;
	dput(dentry);
	return 0;
}

int populate_rootfs(void)
{
	struct unpack_stats st = { 0 };

	if (!nr_initrd_archives)
		return -ENOENT;
	initrd_for_each(unpack_entry, &st);
	initrd_for_each(set_dir_mtime, NULL);
	pr_info("rootfs: unpacked %u files, %u directories, %u symlinks, %u other from %d archive(s) into ramfs (%lu KiB in the page cache)%s\n",
		st.nr_files, st.nr_dirs, st.nr_symlinks, st.nr_other, nr_initrd_archives,
		global_file_pages() << (PAGE_SHIFT - 10), st.nr_failed ? "; some failed" : "");
	return st.nr_failed ? -EIO : 0;
}
