/*
 * fs/proc/internal.h - what procfs's files share.
 *
 * Every name in /proc is a struct proc_entry in a constant table: a
 * regular file with a show function (its text is made at open, by
 * single_open()) and maybe a write function, a directory with a table
 * of children, or a symlink.  Two directories are not tables only: the
 * root also lists one directory per process (/proc/<pid>, fs/proc/root.c)
 * and the per-process directory's entries take the process as argument
 * (pid_show).  An inode remembers its entry and, under /proc/<pid>, the
 * pid (not the task: the task may be reaped while the inode lives, and
 * is looked up again at every open).
 * Linux: fs/proc/internal.h (struct proc_dir_entry, struct proc_inode).
 */
#ifndef FS_PROC_INTERNAL_H
#define FS_PROC_INTERNAL_H

#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/seq_file.h>

#define PROC_SUPER_MAGIC	0x9fa0	/* Linux's */
#define PROC_ROOT_INO		1

struct mm_struct;
struct task_struct;

struct proc_entry {
	const char *name;
	umode_t mode;				/* S_IFREG/S_IFDIR/S_IFLNK | permissions */
	int (*show)(struct seq_file *m, void *data);		/* global files */
	int (*pid_show)(struct seq_file *m, struct task_struct *task);	/* /proc/<pid>/ files */
	ssize_t (*write)(struct file *file, const char __user *buf, size_t count, loff_t *pos);
	const struct proc_entry *children;	/* a directory's table, ended by a NULL name */
	const struct inode_operations *iop;	/* special directories and links */
	const struct file_operations *fop;
	/* A fixed string (PROC_STRING_ENTRY), printed with a newline. */
	const char *str;
	/* An integer tunable (PROC_INT_ENTRY): the variable and its range. */
	int *data;
	int min, max;
	void (*changed)(void);			/* after a write stored a new value */
};

struct proc_inode {
	struct inode vfs_inode;
	const struct proc_entry *pde;
	int pid;				/* > 0 under /proc/<pid>, else 0 */
	char link[16];				/* /proc/self's target, made at each walk */
};

static inline struct proc_inode *PROC_I(struct inode *inode)
{
	return container_of(inode, struct proc_inode, vfs_inode);
}

/* fs/proc/inode.c */
extern const struct file_operations proc_reg_file_ops;
extern const struct file_operations proc_dir_ops;
extern const struct inode_operations proc_dir_inode_ops;
extern const struct super_operations proc_sops;
struct inode *proc_get_inode(struct super_block *sb, const struct proc_entry *pde, int pid);
struct dentry *proc_lookup_table(struct inode *dir, struct dentry *dentry);
/* Emit the table's entries from ctx->pos (pos first_pos is the table's first). */
bool proc_readdir_table(struct dir_context *ctx, const struct proc_entry *table,
			loff_t first_pos);
bool proc_emit_dots(struct file *file, struct dir_context *ctx);
/* The live task behind a /proc/<pid> inode, or NULL (reaped). */
struct task_struct *proc_task(struct inode *inode);

/* fs/proc/base.c: /proc/<pid>/ and /proc/self */
extern const struct proc_entry proc_pid_dir_entry;
extern const struct proc_entry proc_self_entry;
int proc_pid_cmdline(struct seq_file *m, struct task_struct *task);

/* fs/proc/array.c: stat, statm, status */
int proc_pid_stat(struct seq_file *m, struct task_struct *task);
int proc_pid_statm(struct seq_file *m, struct task_struct *task);
int proc_pid_status(struct seq_file *m, struct task_struct *task);
char task_state_char(const struct task_struct *task);

/* fs/proc/system.c: the files about the whole system */
extern const struct proc_entry proc_system_entries[];	/* NULL-name ended */

/* fs/proc/meminfo.c */
int meminfo_show(struct seq_file *m, void *v);
int vmstat_show(struct seq_file *m, void *v);

/* fs/proc/task_mmu.c: maps, smaps, and the memory lines of status/statm/stat */
int proc_pid_maps(struct seq_file *m, struct task_struct *task);
int proc_pid_smaps(struct seq_file *m, struct task_struct *task);
void task_mem(struct seq_file *m, struct mm_struct *mm);
/* statm's fields, in pages; Linux's task_statm(). Returns size. */
unsigned long task_statm(struct mm_struct *mm, unsigned long *shared, unsigned long *text,
			 unsigned long *data, unsigned long *resident);
/* vsize in pages and rss for /proc/<pid>/stat (0 without an mm). */
unsigned long task_vsize_pages(const struct mm_struct *mm);
unsigned long task_rss_pages(const struct mm_struct *mm);

/* fs/proc/proc_sysctl.c: /proc/sys */
int proc_dointvec_show(struct seq_file *m, void *v);
ssize_t proc_dointvec_write(struct file *file, const char __user *buf, size_t count,
			    loff_t *pos);
/*
 * One line per integer tunable in /proc/sys: read it, write a decimal
 * in [min, max] (else -EINVAL), then fn() if not NULL.
 */
#define PROC_INT_ENTRY_CB(_name, _var, _min, _max, _fn)			\
	{ .name = (_name), .mode = S_IFREG | 0644, .show = proc_dointvec_show,	\
	  .write = proc_dointvec_write, .data = &(_var), .min = (_min),		\
	  .max = (_max), .changed = (_fn) }
/* A read-only file holding the string _str (Linux: proc_dostring). */
#define PROC_STRING_ENTRY(_name, _str)						\
	{ .name = (_name), .mode = S_IFREG | 0444, .show = proc_dostring_show,	\
	  .str = (_str) }
int proc_dostring_show(struct seq_file *m, void *v);

#define PROC_INT_ENTRY(_name, _var, _min, _max)				\
	PROC_INT_ENTRY_CB(_name, _var, _min, _max, NULL)

extern const struct proc_entry proc_sys_entry;

#endif
