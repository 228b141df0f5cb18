/*
 * fs/proc/base.c - /proc/<pid>/ and /proc/self.
 *
 * A pid directory is a table (proc_pid_entries) whose files take the
 * task as argument; array.c has stat, statm and status, task_mmu.c
 * maps and smaps (and the memory lines of the other three), this file
 * cmdline and comm.  cmdline is the argv block that execve wrote at the
 * top of the stack, mm->arg_start..arg_end, NUL-separated, read out of
 * the process's memory through its page tables (access_process_vm()),
 * so a program that rewrites its argv changes what ps shows, as on
 * Linux.  Kernel threads and zombies have no mm and an empty cmdline.
 * /proc/self is a symlink whose target is the reader's pid, made anew at
 * each walk.  Linux: fs/proc/base.c.
 */
#include <mneme/kernel.h>
#include <mneme/mmap.h>
#include <mneme/pgtable.h>
#include <mneme/sched.h>
#include <mneme/sprintf.h>
#include <uapi/stat.h>
#include "internal.h"

#define CMDLINE_MAX	(32UL << 10)	/* execve's argument space (kernel/sys.c) */

int proc_pid_cmdline(struct seq_file *m, struct task_struct *task)
{
	struct mm_struct *mm = task->mm;
	unsigned long len;
	size_t room;
	char *buf;
	int n;

	if (!mm || mm->arg_end <= mm->arg_start)
		return 0;
	len = min(mm->arg_end - mm->arg_start, CMDLINE_MAX);
	buf = seq_get_buf(m, &room);
	if (room < len) {
		m->overflow = true;	/* single_open() retries with more room */
		return 0;
	}
	n = access_process_vm(task, mm->arg_start, buf, (int)len);
	seq_commit(m, (size_t)n);
	return 0;
}

static int proc_pid_comm(struct seq_file *m, struct task_struct *task)
{
	seq_printf(m, "%s\n", task->comm);
	return 0;
}

static const struct proc_entry proc_pid_entries[] = {
	{ .name = "cmdline", .mode = S_IFREG | 0444, .pid_show = proc_pid_cmdline },
	{ .name = "comm", .mode = S_IFREG | 0444, .pid_show = proc_pid_comm },
	{ .name = "maps", .mode = S_IFREG | 0444, .pid_show = proc_pid_maps },
	{ .name = "smaps", .mode = S_IFREG | 0444, .pid_show = proc_pid_smaps },
	{ .name = "stat", .mode = S_IFREG | 0444, .pid_show = proc_pid_stat },
	{ .name = "statm", .mode = S_IFREG | 0444, .pid_show = proc_pid_statm },
	{ .name = "status", .mode = S_IFREG | 0444, .pid_show = proc_pid_status },
	{ .name = NULL },
};

const struct proc_entry proc_pid_dir_entry = {
	.name = "<pid>", .mode = S_IFDIR | 0555, .children = proc_pid_entries,
};

static const char *proc_self_get_link(struct dentry *dentry, struct inode *inode)
{
	struct proc_inode *pi = PROC_I(inode);

	(void)dentry;
	scnprintf(pi->link, sizeof(pi->link), "%d", current->pid);
	return pi->link;
}

static const struct inode_operations proc_self_inode_ops = {
	.get_link = proc_self_get_link,
};

const struct proc_entry proc_self_entry = {
	.name = "self", .mode = S_IFLNK | 0777, .iop = &proc_self_inode_ops,
};
