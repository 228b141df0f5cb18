/*
 * tests/kernel/test_initrd.c - ktests for the initrd GRUB loaded
 * (fs/initramfs.c over lib/cpio.c): it is there, it parses, it holds
 * what tools/mkinitrd puts in, and tools/qemu --extra's archive is seen
 * and overrides it, in the archives and in the root ramfs unpacked from them.
 */
#include <mneme/err.h>
#include <mneme/fs.h>
#include <mneme/initrd.h>
#include <mneme/kernel.h>
#include <mneme/ktest.h>
#include <mneme/string.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

static const u8 elf_magic[4] = { 0x7f, 'E', 'L', 'F' };

/* The archive that holds e's data. */
static const struct initrd_archive *archive_of(const struct cpio_entry *e)
{
	for (int i = 0; i < initrd_nr_archives(); i++) {
		const struct initrd_archive *a = initrd_archive(i);
		const u8 *start = a->start;

		if ((const u8 *)e->data >= start &&
		    (const u8 *)e->data <= start + a->size_bytes)
			return a;
	}
	return NULL;
}

static const struct initrd_archive *find_archive(const char *name)
{
	for (int i = 0; i < initrd_nr_archives(); i++)
		if (!strcmp(initrd_archive(i)->name, name))
			return initrd_archive(i);
	return NULL;
}

KTEST(initrd, module_present_and_parses)
{
	const struct initrd_archive *a = find_archive("initrd");

	KT_ASSERT_TRUE(kt, a != NULL);
	KT_EXPECT_EQ(kt, initrd_archive(0), a);		/* the first module */
	KT_EXPECT_GT(kt, a->nr_files, 2);		/* init, hello, busybox */
	KT_EXPECT_GE(kt, a->nr_dirs, 7);
	KT_EXPECT_GT(kt, a->nr_symlinks, 100);		/* busybox applets */
	KT_EXPECT_EQ(kt, a->nr_other, 0);
}

static void expect_elf(struct ktest_ctx *kt, const char *path)
{
	struct cpio_entry e;

	KT_ASSERT_EQ(kt, initrd_lookup(path, &e), 0);
	KT_EXPECT_TRUE(kt, cpio_is_reg(&e));
	KT_EXPECT_EQ(kt, e.mode & 0111, 0111);
	KT_ASSERT_TRUE(kt, e.size > sizeof(elf_magic));
	KT_EXPECT_EQ(kt, memcmp(e.data, elf_magic, sizeof(elf_magic)), 0);
}

KTEST(initrd, sbin_init_is_an_elf_executable)
{
	expect_elf(kt, "/sbin/init");
}

KTEST(initrd, bin_busybox_is_an_elf_executable)
{
	expect_elf(kt, "/bin/busybox");
}

KTEST(initrd, sh_is_a_symlink_to_busybox)
{
	static const char target[] = "/bin/busybox";
	struct cpio_entry e;

	KT_ASSERT_EQ(kt, initrd_lookup("/bin/sh", &e), 0);
	KT_EXPECT_TRUE(kt, cpio_is_symlink(&e));
	KT_ASSERT_EQ(kt, e.size, strlen(target));
	KT_EXPECT_EQ(kt, memcmp(e.data, target, e.size), 0);
}

KTEST(initrd, standard_directories)
{
	static const char *const dirs[] = {
		"/bin", "/sbin", "/etc", "/dev", "/proc", "/tmp", "/tests",
	};
	struct cpio_entry e;

	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
		KT_EXPECT_EQ(kt, initrd_lookup(dirs[i], &e), 0);
		KT_EXPECT_TRUE(kt, cpio_is_dir(&e));
	}
}

KTEST(initrd, lookup_of_missing_path_fails)
{
	struct cpio_entry e;

	KT_EXPECT_EQ(kt, initrd_lookup("/no/such/file", &e), -ENOENT);
	KT_EXPECT_EQ(kt, initrd_lookup("/bin/busybox/", &e), -ENOENT);
	KT_EXPECT_EQ(kt, initrd_lookup("./sbin/init", &e), 0);
	KT_EXPECT_EQ(kt, initrd_lookup("sbin/init", &e), 0);
}

/* tests/harness boots with --extra DIR holding these two files. */
#define EXTRA_FILE	"/ktest-extra.txt"
#define EXTRA_TEXT	"seen through initrd_lookup\n"
#define EXTRA_OVERRIDE	"/etc/hostname"	/* also in the initrd */

KTEST(initrd, extra_file_visible)
{
	struct cpio_entry e;

	if (!find_archive("extra"))
		KT_SKIP(kt, "no extra module (boot with tools/qemu --extra DIR)");
	KT_ASSERT_EQ(kt, initrd_lookup(EXTRA_FILE, &e), 0);
	KT_EXPECT_TRUE(kt, cpio_is_reg(&e));
	KT_ASSERT_EQ(kt, e.size, strlen(EXTRA_TEXT));
	KT_EXPECT_EQ(kt, memcmp(e.data, EXTRA_TEXT, e.size), 0);
	KT_EXPECT_EQ(kt, archive_of(&e), find_archive("extra"));
}

KTEST(initrd, extra_overrides_initrd)
{
	const struct initrd_archive *extra = find_archive("extra");
	struct cpio_entry e;

	if (!extra)
		KT_SKIP(kt, "no extra module (boot with tools/qemu --extra DIR)");
	KT_ASSERT_EQ(kt, initrd_lookup(EXTRA_OVERRIDE, &e), 0);
	KT_EXPECT_EQ(kt, archive_of(&e), extra);
}

#define EXTRA_HOSTNAME	"mneme-extra\n"	/* what tests/harness puts in --extra's /etc/hostname */

/* populate_rootfs() unpacked the extra archive last: its file won in the root ramfs. */
KTEST(initrd, extra_replaces_the_file_in_the_root_ramfs)
{
	char buf[32];
	struct file *file;
	loff_t pos = 0;
	ssize_t n;

	if (!find_archive("extra"))
		KT_SKIP(kt, "no extra module (boot with tools/qemu --extra DIR)");
	file = filp_open(EXTRA_OVERRIDE, O_RDONLY, 0);
	KT_ASSERT_TRUE(kt, !IS_ERR(file));
	n = kernel_read(file, buf, sizeof(buf) - 1, &pos);
	filp_close(file);
	KT_ASSERT_EQ(kt, n, strlen(EXTRA_HOSTNAME));
	buf[n] = '\0';
	KT_EXPECT_STREQ(kt, buf, EXTRA_HOSTNAME);
	file = filp_open(EXTRA_FILE, O_RDONLY, 0);
	KT_EXPECT_TRUE(kt, !IS_ERR(file));
	if (!IS_ERR(file))
		filp_close(file);
}
