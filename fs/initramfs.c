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
 * Linux: init/initramfs.c unpacks the archives into a ramfs at boot and
 * then frees their memory.  We have no VFS yet, so we only check, count
 * and look up; the ramfs that comes with the VFS (issue 5) fills itself
 * through initrd_for_each().
 */
#include <mneme/bootinfo.h>
#include <mneme/initrd.h>
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/mm_early.h>
#include <mneme/printk.h>
#include <mneme/string.h>
#include <uapi/errno.h>

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

static int lookup_one(const struct cpio_entry *e, const struct initrd_archive *a,
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

	initrd_for_each(lookup_one, &st);
	return st.hit ? 0 : -ENOENT;
}
