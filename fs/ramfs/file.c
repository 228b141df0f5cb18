/*
 * fs/ramfs/file.c - ramfs regular files: all their bytes are page-cache
 * pages of the inode's address_space, read and written by the generic
 * page-cache code (generic_file_read/generic_file_write), and truncate
 * drops the pages past the new end from every mapping and the cache
 * (truncate_pagecache(), which also zeroes the rest of the last page, so
 * growing the file again shows zeroes); mmap() maps the cache's pages
 * (generic_file_mmap()).  Linux: fs/ramfs/file-mmu.c, simple_setattr() in fs/libfs.c.
 */
#include <mneme/fs.h>
#include <mneme/pagemap.h>
#include "internal.h"

static int ramfs_setattr_size(struct dentry *dentry, loff_t size)
{
	struct inode *inode = dentry->d_inode;

	if (size < inode->i_size)
		truncate_pagecache(inode, size);	/* mapped pages too */
	inode->i_size = size;
	return 0;
}

static int noop_fsync(struct file *file)
{
	return 0;	/* nothing is anywhere but in memory */
}

const struct inode_operations ramfs_file_inode_operations = {
	.setattr_size = ramfs_setattr_size,
};

const struct file_operations ramfs_file_operations = {
	.llseek = generic_file_llseek,
	.read = generic_file_read,
	.write = generic_file_write,
	.mmap = generic_file_mmap,
	.fsync = noop_fsync,
};
