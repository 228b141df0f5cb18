/*
 * tests/host/shim/fs_shim.c - the VFS functions mm/ calls:
 * current_time() (fs/inode.c), which mm/filemap.c uses to stamp a
 * written file, and get_file()/fput() (fs/file_table.c), which file VMAs
 * use; and the files the VMA tests map (host_file()).  A file of its own because <mneme/fs.h> defines loff_t
 * and dev_t, which the C library headers of kernel_shim.c also define.
 * The host has no wall clock here: the time since the test started.
 */
#include <mneme/fs.h>
#include <mneme/mm_types.h>
#include <mneme/pagemap.h>
#include <mneme/time.h>

#include "kernel_shim.h"

struct timespec64 current_time(void)
{
	u64 ns = ktime_get_ns();

	return (struct timespec64){ .tv_sec = (s64)(ns / NSEC_PER_SEC),
				    .tv_nsec = (long)(ns % NSEC_PER_SEC) };
}

/*
 * File n (1..HOST_NR_FILES) of the VMA tests: a struct file on an inode
 * with an empty page cache, so vma_link_file() has an i_mmap list to use.
 * Each holds one reference of its own; host_file_refs() says how many
 * VMAs hold the others (0 after every test, or a reference leaked).
 */
static struct file host_files[HOST_NR_FILES + 1];
static struct inode host_inodes[HOST_NR_FILES + 1];

struct file *host_file(int n)
{
	struct file *file = &host_files[n];

	if (!file->f_inode) {
		address_space_init(&host_inodes[n].i_data, &host_inodes[n]);
		file->f_inode = &host_inodes[n];
		file->f_count = 1;
	}
	return file;
}

int host_file_refs(int n)
{
	return host_file(n)->f_count - 1;
}

/* How many VMAs are on file n's i_mmap list. */
int host_file_mapcount(int n)
{
	struct vm_area_struct *vma;
	int count = 0;

	list_for_each_entry(vma, &host_file(n)->f_inode->i_mapping->i_mmap, shared)
		count++;
	return count;
}

/* sys_mmap()'s descriptor lookup: the host tests have no descriptors. */
struct file *fget(unsigned int fd)
{
	(void)fd;
	return NULL;
}

struct file *get_file(struct file *file)
{
	if (file)
		file->f_count++;
	return file;
}

void fput(struct file *file)
{
	if (file && --file->f_count < 1)
		BUG();		/* the test's own reference never goes */
}
