/*
 * fs/proc/inode.c - procfs inodes and the operations every /proc file
 * and table directory shares.
 *
 * Inodes are made on lookup (proc_get_inode()) from a table entry and
 * go when their last dentry does: the dcache keeps nothing unused, so
 * /proc's tree exists only while someone walks or holds it, and a pid
 * directory cannot outlive its process in the dcache.  A regular file's
 * text is made at open by single_open() from the entry's show function
 * (or, under /proc/<pid>, pid_show with the task looked up again), and
 * read(2) copies from that snapshot.  An entry with only a write
 * function (drop_caches) opens with no text.  Locking: none (one CPU,
 * no preemption in the kernel); the task pointer is used only between
 * find_task_by_vpid() and the end of the show, which does not sleep.
 * Linux: fs/proc/inode.c, fs/proc/generic.c (proc_lookup_de, proc_readdir_de).
 */
#include <mneme/err.h>
#include <mneme/kernel.h>
#include <mneme/sched.h>
#include <mneme/slab.h>
#include <mneme/string.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>
#include "internal.h"

static struct inode *proc_alloc_inode(struct super_block *sb)
{
	struct proc_inode *pi = kzalloc(sizeof(*pi), GFP_KERNEL);

	(void)sb;
	return pi ? &pi->vfs_inode : NULL;
}

static void proc_free_inode(struct inode *inode)
{
	kfree(PROC_I(inode));
}

const struct super_operations proc_sops = {
	.alloc_inode = proc_alloc_inode,
	.free_inode = proc_free_inode,
};

struct task_struct *proc_task(struct inode *inode)
{
	int pid = PROC_I(inode)->pid;

	return pid > 0 ? find_task_by_vpid(pid) : NULL;
}

/*
 * open(O_TRUNC), as the shell's `echo 3 > drop_caches` does: there is
 * nothing stored to cut, so it succeeds and changes nothing (Linux's
 * procfs accepts the size change the same way).
 */
static int proc_setattr_size(struct dentry *dentry, loff_t size)
{
	(void)dentry, (void)size;
	return 0;
}

static const struct inode_operations proc_file_inode_ops = {
	.setattr_size = proc_setattr_size,
};

struct inode *proc_get_inode(struct super_block *sb, const struct proc_entry *pde, int pid)
{
	struct inode *inode = new_inode(sb);

	if (!inode)
		return NULL;
	PROC_I(inode)->pde = pde;
	PROC_I(inode)->pid = pid;
	inode->i_mode = pde->mode;
	if (S_ISDIR(pde->mode)) {
		inode->i_nlink = 2;
		inode->i_op = pde->iop ? pde->iop : &proc_dir_inode_ops;
		inode->i_fop = pde->fop ? pde->fop : &proc_dir_ops;
	} else if (S_ISREG(pde->mode)) {
		inode->i_op = &proc_file_inode_ops;
		inode->i_fop = pde->fop ? pde->fop : &proc_reg_file_ops;
	} else {
		inode->i_op = pde->iop;
		inode->i_fop = pde->fop ? pde->fop : &proc_reg_file_ops;
	}
	return inode;
}

/* ---- regular files ----------------------------------------------------- */


static int proc_single_show(struct seq_file *m, void *data)
{
	struct inode *inode = data;
	const struct proc_entry *pde = PROC_I(inode)->pde;
	struct task_struct *task;

	if (!pde->pid_show)
		return pde->show(m, NULL);
	task = proc_task(inode);
	if (!task)
		return -ESRCH;		/* reaped since the lookup */
	return pde->pid_show(m, task);
}

static int proc_reg_open(struct inode *inode, struct file *file)
{
	const struct proc_entry *pde = PROC_I(inode)->pde;

	if (!pde->show && !pde->pid_show) {
		/* write-only: no text to make */
		return (file->f_flags & O_ACCMODE) == O_RDONLY ? -EACCES : 0;
	}
	if ((file->f_flags & O_ACCMODE) != O_RDONLY && !pde->write)
		return -EACCES;		/* Linux: the mode's missing w bit */
	return single_open(file, proc_single_show, inode);
}

static ssize_t proc_reg_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	if (!file->private_data)
		return -EINVAL;
	return seq_read(file, buf, count, pos);
}

static ssize_t proc_reg_write(struct file *file, const char __user *buf, size_t count,
			      loff_t *pos)
{
	const struct proc_entry *pde = PROC_I(file->f_inode)->pde;

	return pde->write ? pde->write(file, buf, count, pos) : -EIO;
}

const struct file_operations proc_reg_file_ops = {
	.llseek = seq_lseek,
	.read = proc_reg_read,
	.write = proc_reg_write,
	.open = proc_reg_open,
	.release = single_release,
};

/* ---- table directories ------------------------------------------------------ */

static unsigned int proc_dt_type(umode_t mode)
{
	return (mode & S_IFMT) >> 12;	/* DT_* are the S_IFMT bits shifted */
}

/* Look name up in table: the entry, or NULL. */
static const struct proc_entry *proc_find(const struct proc_entry *table, const char *name)
{
	for (const struct proc_entry *e = table; e && e->name; e++)
		if (!strcmp(e->name, name))
			return e;
	return NULL;
}

struct dentry *proc_lookup_table(struct inode *dir, struct dentry *dentry)
{
	const struct proc_entry *e = proc_find(PROC_I(dir)->pde->children, dentry->d_name);
	int pid = PROC_I(dir)->pid;
	struct inode *inode = NULL;

	if (e && pid > 0 && !proc_task(dir))
		e = NULL;		/* the process is gone: its names with it */
	if (e) {
		inode = proc_get_inode(dir->i_sb, e, pid);
		if (!inode)
			return ERR_PTR(-ENOMEM);
	}
	d_add(dentry, inode);
	return NULL;
}

bool proc_emit_dots(struct file *file, struct dir_context *ctx)
{
	struct dentry *dir = file->f_dentry;

	if (ctx->pos == 0) {
		if (!dir_emit(ctx, ".", 1, dir->d_inode->i_ino, DT_DIR))
			return false;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!dir_emit(ctx, "..", 2, dir->d_parent->d_inode->i_ino, DT_DIR))
			return false;
		ctx->pos = 2;
	}
	return true;
}

/*
 * The entries of table from ctx->pos on; entry i is at position
 * first_pos + i.  Inode numbers here are made up (the inodes do not exist
 * until a lookup), as Linux's proc_readdir does for pid entries.
 */
bool proc_readdir_table(struct dir_context *ctx, const struct proc_entry *table,
			loff_t first_pos)
{
	for (loff_t i = 0; table && table[i].name; i++) {
		if (first_pos + i < ctx->pos)
			continue;
		if (!dir_emit(ctx, table[i].name, (int)strlen(table[i].name),
			      (u64)(first_pos + i + PROC_ROOT_INO + 1), proc_dt_type(table[i].mode)))
			return false;
		ctx->pos = first_pos + i + 1;
	}
	return true;
}

static int proc_readdir(struct file *file, struct dir_context *ctx)
{
	struct inode *dir = file->f_inode;

	if (PROC_I(dir)->pid > 0 && !proc_task(dir))
		return -ENOENT;
	if (proc_emit_dots(file, ctx))
		proc_readdir_table(ctx, PROC_I(dir)->pde->children, 2);
	return 0;
}

static ssize_t proc_dir_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	(void)file, (void)buf, (void)count, (void)pos;
	return -EISDIR;
}

const struct file_operations proc_dir_ops = {
	.llseek = generic_file_llseek,
	.read = proc_dir_read,
	.iterate_shared = proc_readdir,
};

const struct inode_operations proc_dir_inode_ops = {
	.lookup = proc_lookup_table,
};
