/*
 * proc_fs.h - procfs's entry point for the boot: register the "proc"
 * filesystem type so that mount(2) (init: mount -t proc proc /proc) can
 * make it.  fs/proc/ holds the rest.  Linux: include/linux/proc_fs.h.
 */
#ifndef MNEME_PROC_FS_H
#define MNEME_PROC_FS_H

void proc_root_init(void);	/* after vfs_caches_init() */

#endif
