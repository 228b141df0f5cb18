/*
 * fs/inode.c - inodes: allocation, reference counts, and eviction.
 *
 * An inode is one file.  new_inode() gives it to a superblock with one
 * reference (the caller's, usually handed on to a dentry with d_add()),
 * a link count of 1, the next inode number and an empty page cache.
 * iput() drops a reference; the last one evicts the inode: its pages
 * leave the page cache (truncate_inode_pages()), the filesystem forgets
 * it (evict_inode) and its memory goes back.  Dentries hold inode
 * references and open files hold dentries, so an unlinked file that is
 * still open keeps its data until the last close.
 *
 * Every inode of a superblock is on sb->s_inodes.  Linux keeps unused
 * inodes of disk filesystems cached for a while (i_state, the inode LRU);
 * with only in-memory filesystems so far, an inode nobody references has
 * nothing to come back for, so it is evicted at once.
 * Locking: none (one CPU, nothing here sleeps).
 * Linux: fs/inode.c.
 */
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/pagemap.h>
#include <mneme/slab.h>
#include <mneme/time.h>
#include <uapi/stat.h>
#include "internal.h"

#define NSEC_PER_SEC	1000000000ULL

static unsigned long nr_inodes;

/* "Now" for timestamps: CLOCK_REALTIME (from the RTC at boot), as Linux. */
struct timespec64 current_time(void)
{
	u64 ns = ktime_get_real_ns();
	struct timespec64 ts = { (s64)(ns / NSEC_PER_SEC), (long)(ns % NSEC_PER_SEC) };

	return ts;
}

void inode_set_times_now(struct inode *inode)
{
	inode->i_atime = inode->i_mtime = inode->i_ctime = current_time();
}

struct inode *new_inode(struct super_block *sb)
{
	struct inode *inode;

	if (sb->s_op && sb->s_op->alloc_inode)
		inode = sb->s_op->alloc_inode(sb);
	else
		inode = kzalloc(sizeof(*inode), GFP_KERNEL);
	if (!inode)
		return NULL;
	inode->i_sb = sb;
	inode->i_count = 1;
	inode->i_nlink = 1;
	inode->i_ino = ++sb->s_next_ino;
	address_space_init(&inode->i_data, inode);
	inode->i_mapping = &inode->i_data;
	inode_set_times_now(inode);
	list_add_tail(&inode->i_sb_list, &sb->s_inodes);
	nr_inodes++;
	return inode;
}

struct inode *igrab(struct inode *inode)
{
	if (inode)
		inode->i_count++;
	return inode;
}

static void evict(struct inode *inode)
{
	const struct super_operations *op = inode->i_sb->s_op;

	truncate_inode_pages(&inode->i_data, 0);
	if (op && op->evict_inode)
		op->evict_inode(inode);
	list_del(&inode->i_sb_list);
	nr_inodes--;
	if (op && op->free_inode)
		op->free_inode(inode);
	else
		kfree(inode);
}

void iput(struct inode *inode)
{
	if (!inode)
		return;
	BUG_ON(inode->i_count <= 0);
	if (--inode->i_count == 0)
		evict(inode);
}

/* A device node or FIFO: the type, the device, and what opening it does. */
void init_special_inode(struct inode *inode, umode_t mode, dev_t rdev)
{
	inode->i_mode = mode;
	if (S_ISCHR(mode)) {
		inode->i_fop = &def_chr_fops;
		inode->i_rdev = rdev;
	} else if (S_ISBLK(mode)) {
		inode->i_rdev = rdev;	/* no block devices yet: open fails */
	}
	/* FIFOs and sockets: opening them fails until fs/pipe.c offers FIFOs */
}

unsigned long nr_inode(void)
{
	return nr_inodes;
}
