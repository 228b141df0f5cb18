/* fs/ramfs/internal.h - what ramfs's two files share.  Linux: fs/ramfs/internal.h. */
#ifndef FS_RAMFS_INTERNAL_H
#define FS_RAMFS_INTERNAL_H

#include <mneme/fs.h>

extern const struct inode_operations ramfs_file_inode_operations;
extern const struct file_operations ramfs_file_operations;

struct inode *ramfs_get_inode(struct super_block *sb, umode_t mode, dev_t dev);
void ramfs_kill_sb(struct super_block *sb);

#endif
