/*
 * fs/proc/root.c - the "proc" filesystem type and its root directory.
 *
 * mount("proc", "/proc", "proc", 0, NULL) builds a superblock whose root
 * holds the fixed names (self, sys, and the system files of
 * fs/proc/system.c) and one directory per process, named by its pid.
 * The pid directories are not stored anywhere: lookup turns a number
 * into a directory if find_task_by_vpid() knows the pid (zombies too, as
 * in Linux: ps shows them as Z), and getdents64 lists the tasks there
 * are at that moment, after the fixed names, in increasing pid order.
 * A directory's position for pid p is PID_POS_BASE + p, so a listing
 * that continues in a second getdents64 call resumes after the last pid
 * it returned even if tasks came and went meanwhile.  Pid 0 (the idle
 * task) is not listed, as Linux does not list it.  Every mount gets its
 * own superblock (Linux shares one per pid namespace).
 * Linux: fs/proc/root.c, fs/proc/base.c (proc_pid_readdir, proc_pid_lookup).
 */
#include <mneme/err.h>
#include <mneme/kernel.h>
#include <mneme/sched.h>
#include <mneme/slab.h>
#include <mneme/sprintf.h>
#include <mneme/string.h>
#include <uapi/errno.h>
#include <uapi/stat.h>
#include <mneme/proc_fs.h>
#include "internal.h"

#define PID_POS_BASE	1024		/* past every fixed name's position */
#define FIXED_POS	2		/* after "." and ".." */

static const struct proc_entry *const root_fixed[] = { &proc_self_entry, &proc_sys_entry };

/* "123" -> 123; -1 unless all digits, no leading zero, below PID_MAX. */
static int name_to_pid(const char *name)
{
	int pid = 0;

	if (!name[0] || (name[0] == '0' && name[1]))
		return -1;
	for (const char *p = name; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		pid = pid * 10 + (*p - '0');
		if (pid >= PID_MAX)
			return -1;
	}
	return pid;
}

static const struct proc_entry *root_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(root_fixed); i++)
		if (!strcmp(root_fixed[i]->name, name))
			return root_fixed[i];
	for (const struct proc_entry *e = proc_system_entries; e->name; e++)
		if (!strcmp(e->name, name))
			return e;
	return NULL;
}

static struct dentry *proc_root_lookup(struct inode *dir, struct dentry *dentry)
{
	const struct proc_entry *e = root_find(dentry->d_name);
	int pid = e ? 0 : name_to_pid(dentry->d_name);
	struct inode *inode = NULL;

	if (!e && pid > 0 && find_task_by_vpid(pid))
		e = &proc_pid_dir_entry;
	else
		pid = 0;
	if (e) {
		inode = proc_get_inode(dir->i_sb, e, pid);
		if (!inode)
			return ERR_PTR(-ENOMEM);
	}
	d_add(dentry, inode);
	return NULL;
}

/* The smallest pid >= from that a task has (0: none). */
static int next_pid(int from)
{
	struct task_struct *p;
	int best = 0;

	list_for_each_entry(p, &init_task.tasks, tasks)
		if (p->pid >= from && (!best || p->pid < best))
			best = p->pid;
	return best;
}

static bool proc_pid_readdir(struct dir_context *ctx)
{
	char name[12];
	int pid = (int)max(ctx->pos - PID_POS_BASE, (loff_t)1);

	while ((pid = next_pid(pid)) > 0) {
		int len = scnprintf(name, sizeof(name), "%d", pid);

		ctx->pos = PID_POS_BASE + pid;
		if (!dir_emit(ctx, name, len, (u64)pid << 16, DT_DIR))
			return false;
		ctx->pos = PID_POS_BASE + pid + 1;
		pid++;
	}
	return true;
}

static int proc_root_readdir(struct file *file, struct dir_context *ctx)
{
	loff_t nfixed = (loff_t)ARRAY_SIZE(root_fixed);

	if (!proc_emit_dots(file, ctx))
		return 0;
	for (loff_t i = 0; i < nfixed; i++) {
		const struct proc_entry *e = root_fixed[i];

		if (FIXED_POS + i < ctx->pos)
			continue;
		if (!dir_emit(ctx, e->name, (int)strlen(e->name), (u64)(FIXED_POS + i),
			      (e->mode & S_IFMT) >> 12))
			return 0;
		ctx->pos = FIXED_POS + i + 1;
	}
	if (!proc_readdir_table(ctx, proc_system_entries, FIXED_POS + nfixed))
		return 0;
	if (ctx->pos < PID_POS_BASE)
		ctx->pos = PID_POS_BASE;
	proc_pid_readdir(ctx);
	return 0;
}

static const struct inode_operations proc_root_inode_ops = {
	.lookup = proc_root_lookup,
};

static ssize_t proc_root_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	(void)file, (void)buf, (void)count, (void)pos;
	return -EISDIR;
}

static const struct file_operations proc_root_ops = {
	.llseek = generic_file_llseek,
	.read = proc_root_read,
	.iterate_shared = proc_root_readdir,
};

static const struct proc_entry proc_root_entry = {
	.name = "/", .mode = S_IFDIR | 0555,
	.iop = &proc_root_inode_ops, .fop = &proc_root_ops,
};

static struct dentry *proc_mount(struct file_system_type *type, int flags,
				 const char *dev_name, void *data)
{
	struct super_block *sb = sget_anon(type);
	struct inode *root;

	(void)flags, (void)dev_name, (void)data;
	if (!sb)
		return ERR_PTR(-ENOMEM);
	sb->s_magic = PROC_SUPER_MAGIC;
	sb->s_op = &proc_sops;
	root = proc_get_inode(sb, &proc_root_entry, 0);
	sb->s_root = root ? d_make_root(root) : NULL;	/* the superblock's reference */
	if (!sb->s_root) {
		kfree(sb);
		return ERR_PTR(-ENOMEM);
	}
	return dget(sb->s_root);
}

static void proc_kill_sb(struct super_block *sb)
{
	dput(sb->s_root);
	WARN_ON(!list_empty(&sb->s_inodes));
	kfree(sb);
}

static struct file_system_type proc_fs_type = {
	.name = "proc",
	.mount = proc_mount,
	.kill_sb = proc_kill_sb,
};

void proc_root_init(void)
{
	register_filesystem(&proc_fs_type);
}
