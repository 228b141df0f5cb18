/*
 * tests/kernel/test_proc.c - ktests for procfs (fs/proc/) through the
 * VFS: mount it on /proc, read /proc/meminfo with filp_open() and
 * kernel_read() and check it against the allocator's totals, resolve
 * /proc/self from a kernel thread, and watch a new task's directory
 * appear in lookups and in the listing and go once the task is reaped.
 * Each test mounts proc itself and unmounts it, so the test leaves the
 * tree as it found it.
 */
#include <mneme/err.h>
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/ktest.h>
#include <mneme/mm.h>
#include <mneme/sched.h>
#include <mneme/seq_file.h>
#include <mneme/slab.h>
#include <mneme/sprintf.h>
#include <mneme/string.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include "../../fs/internal.h"
#include "ktest_util.h"

#define PROC_READ_MAX	4096

/* Mount proc on /proc for the test: 0, or why not. */
static int proc_mount_for_test(void)
{
	return do_mount("proc", "/proc", "proc", 0, NULL);
}

static char *proc_read(const char *path)
{
	return ktest_proc_read(path, PROC_READ_MAX);
}

KTEST(proc, meminfo_memtotal_is_totalram)
{
	char *text;

	KT_ASSERT_EQ(kt, proc_mount_for_test(), 0);
	text = proc_read("/proc/meminfo");
	do_umount("/proc", 0);
	KT_ASSERT_TRUE(kt, text != NULL);
	KT_EXPECT_EQ(kt, ktest_proc_field(text, "MemTotal:"), totalram_pages * (PAGE_SIZE / 1024));
	KT_EXPECT_GT(kt, ktest_proc_field(text, "MemFree:"), 0);
	KT_EXPECT_LE(kt, ktest_proc_field(text, "MemFree:"), ktest_proc_field(text, "MemTotal:"));
	KT_EXPECT_EQ(kt, ktest_proc_field(text, "SwapTotal:"), 0);
	KT_EXPECT_TRUE(kt, !strncmp(text, "MemTotal:  ", 11));	/* Linux's alignment */
	kfree(text);
}

struct self_result {
	int pid;
	char link[16];
	char resolved[16];
};

/* In a kernel thread (pid > 0): what /proc/self says and leads to. */
static int resolve_self(void *arg)
{
	struct self_result *r = arg;
	struct dentry *link = kern_path("/proc/self", 0), *target;

	r->pid = current->pid;
	if (IS_ERR(link))
		return 1;
	strlcpy(r->link, link->d_inode->i_op->get_link(link, link->d_inode), sizeof(r->link));
	dput(link);
	target = kern_path("/proc/self", LOOKUP_FOLLOW);
	if (IS_ERR(target))
		return 2;
	strlcpy(r->resolved, target->d_name, sizeof(r->resolved));
	dput(target);
	return 0;
}

KTEST(proc, self_resolves_to_the_callers_pid)
{
	struct self_result r = { 0 };
	char want[16];
	struct task_struct *p;
	int status = -1;

	KT_ASSERT_EQ(kt, proc_mount_for_test(), 0);
	p = kthread_run(resolve_self, &r, "proc-self");
	if (p)
		kernel_wait(p->pid, &status);
	do_umount("/proc", 0);
	KT_ASSERT_TRUE(kt, p != NULL);
	KT_EXPECT_EQ(kt, status, 0);
	scnprintf(want, sizeof(want), "%d", r.pid);
	KT_EXPECT_STREQ(kt, r.link, want);
	KT_EXPECT_STREQ(kt, r.resolved, want);
}

struct listing {
	struct dir_context ctx;
	const char *name;
	bool found;
};

static bool find_actor(struct dir_context *ctx, const char *name, int namelen, loff_t offset,
		       u64 ino, unsigned int d_type)
{
	struct listing *l = container_of(ctx, struct listing, ctx);

	(void)offset, (void)ino;
	if ((int)strlen(l->name) == namelen && !strncmp(name, l->name, namelen) && d_type == DT_DIR)
		l->found = true;
	return true;
}

/* Whether getdents of /proc would list name. */
static bool proc_lists(const char *name)
{
	struct file *dir = filp_open("/proc", O_RDONLY | O_DIRECTORY, 0);
	struct listing l = { .ctx = { .actor = find_actor }, .name = name };

	if (IS_ERR(dir))
		return false;
	dir->f_op->iterate_shared(dir, &l.ctx);
	filp_close(dir);
	return l.found;
}

static int idle_thread(void *arg)
{
	(void)arg;
	while (!kthread_should_stop())
		schedule_timeout_uninterruptible(1);
	return 0;
}

KTEST(proc, pid_dir_appears_with_the_task_and_goes_after_reaping)
{
	struct task_struct *p;
	char path[32], name[16];
	struct dentry *d;
	char *stat;
	bool listed, listed_after, found_after;

	KT_ASSERT_EQ(kt, proc_mount_for_test(), 0);
	p = kthread_run(idle_thread, NULL, "proc-victim");
	if (!p) {
		do_umount("/proc", 0);
		KT_ASSERT_TRUE(kt, p != NULL);
	}
	scnprintf(name, sizeof(name), "%d", p->pid);
	scnprintf(path, sizeof(path), "/proc/%d/stat", p->pid);
	stat = proc_read(path);
	listed = proc_lists(name);
	kthread_stop(p);
	listed_after = proc_lists(name);
	d = kern_path(path, 0);
	found_after = !IS_ERR(d);
	if (found_after)
		dput(d);
	do_umount("/proc", 0);
	KT_EXPECT_TRUE(kt, stat != NULL);
	KT_EXPECT_TRUE(kt, stat && !strncmp(stat, name, strlen(name)));
	KT_EXPECT_TRUE(kt, stat && strstr(stat, "(proc-victim) ") != NULL);
	KT_EXPECT_TRUE(kt, listed);
	KT_EXPECT_TRUE(kt, !listed_after);
	KT_EXPECT_TRUE(kt, !found_after);
	kfree(stat);
}
