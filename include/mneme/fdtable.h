/*
 * fdtable.h - a process's open files and its place in the tree:
 * struct files_struct (the file-descriptor table) and struct fs_struct
 * (root, current directory, umask).  fs/file.c owns both.
 *
 * A descriptor is an index into files->fd[]; each slot holds one
 * reference on its struct file (get_file()/fput()).  close_on_exec has
 * one bit per descriptor.  fork copies both structures (dup_fd(),
 * copy_fs_struct()), so parent and child share the struct files but not
 * the tables, as Linux's fork without CLONE_FILES/CLONE_FS; execve closes
 * the close-on-exec descriptors; exit closes everything.  Kernel threads
 * have neither (NULL) until they exec a program.
 * Linux: include/linux/fdtable.h, include/linux/fs_struct.h, fs/file.c.
 */
#ifndef MNEME_FDTABLE_H
#define MNEME_FDTABLE_H

#include <mneme/fs.h>
#include <mneme/types.h>

#define NR_OPEN_DEFAULT	1024	/* RLIMIT_NOFILE's default soft limit in Linux */
#define BITS_PER_LONG	64

struct files_struct {
	int count;			/* tasks using it (1: no CLONE_FILES yet) */
	int next_fd;			/* no free descriptor below this one */
	struct file **fd;		/* NR_OPEN_DEFAULT slots */
	unsigned long close_on_exec[NR_OPEN_DEFAULT / BITS_PER_LONG];
};

struct fs_struct {
	int users;
	struct dentry *root;		/* referenced: the walk never goes above */
	struct dentry *pwd;		/* referenced: relative paths start here */
	umode_t umask;			/* 022 at first, as Linux's init */
};

struct task_struct;

/* The descriptor's file with a reference (fput() it), or NULL. */
struct file *fget(unsigned int fd);
/* The lowest free descriptor (>= start), reserved: fd or -EMFILE. */
int get_unused_fd_flags(unsigned int flags);
int alloc_fd(unsigned int start, unsigned int flags);
void put_unused_fd(unsigned int fd);
/* Put file (its reference) into a reserved descriptor. */
void fd_install(unsigned int fd, struct file *file);
int close_fd(unsigned int fd);
/* dup2()'s core: newfd made to point at file (closing what was there). */
int replace_fd(unsigned int fd, struct file *file, unsigned int flags);
bool get_close_on_exec(unsigned int fd);
void set_close_on_exec(unsigned int fd, bool on);

/* fork, exec and exit. */
int copy_files(struct task_struct *p);		/* p gets a copy of current's */
int copy_fs(struct task_struct *p);
void do_close_on_exec(struct files_struct *files);
void exit_files(struct task_struct *tsk);
void exit_fs(struct task_struct *tsk);
/* A kernel thread about to exec: an empty table, root and cwd at "/". */
int init_task_files(void);

/* The umask of current (0 for a kernel thread). */
umode_t current_umask(void);
void set_fs_pwd(struct fs_struct *fs, struct dentry *dentry);

#endif
