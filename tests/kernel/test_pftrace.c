/*
 * tests/kernel/test_pftrace.c - ktests for the page-fault trace
 * (mm/pftrace.c): pftrace_fault() called directly with a fake VMA, its
 * line looked for in the kernel log (log_buf_copy() from where the log
 * ended before the call).  Off prints nothing; every process prints the
 * whole line; a pid filter prints a kernel thread's fault of that pid
 * and not the test's own; /proc/sys/vm/pftrace reads and writes the
 * setting, -EINVAL for garbage.  Each test puts sysctl_pftrace back.
 */
#include <mneme/err.h>
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/ktest.h>
#include <mneme/mm.h>
#include <mneme/pftrace.h>
#include <mneme/printk.h>
#include <mneme/sched.h>
#include <mneme/seq_file.h>
#include <mneme/sprintf.h>
#include <mneme/string.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include "../../fs/internal.h"
#include "ktest_util.h"

#define KT_ADDR		0x7f3a1234UL	/* a made-up faulting address */
#define KT_IP		0x401136UL
#define KT_PFN		0x1f3a2UL
#define KT_OLD_PFN	0x1e000UL
#define KT_LOG_MAX	1024

static const struct vm_area_struct kt_vma = {
	.vm_start = 0x7f3a0000UL, .vm_end = 0x7f3b0000UL,
	.vm_flags = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE,
};

static char kt_log[KT_LOG_MAX];

/* The log written since pos, NUL-ended, in kt_log. */
static const char *log_since(u64 pos)
{
	size_t n = log_buf_copy(kt_log, &pos, sizeof(kt_log) - 1);

	kt_log[n] = '\0';
	return kt_log;
}

static void kt_fault(void)
{
	pftrace_fault(&kt_vma, KT_ADDR, KT_IP, FAULT_FLAG_WRITE | FAULT_FLAG_USER,
		      PF_COW_COPY, KT_PFN, KT_OLD_PFN);
}

KTEST(pftrace, off_prints_nothing)
{
	int saved = sysctl_pftrace;
	u64 pos = log_buf_end();

	sysctl_pftrace = 0;
	kt_fault();
	sysctl_pftrace = saved;
	KT_EXPECT_TRUE(kt, !strstr(log_since(pos), "pftrace:"));
}

KTEST(pftrace, all_prints_one_whole_line)
{
	int saved = sysctl_pftrace;
	u64 pos = log_buf_end();
	char want[PFTRACE_LINE_MAX];

	sysctl_pftrace = PFTRACE_ALL;
	kt_fault();
	sysctl_pftrace = saved;
	snprintf(want, sizeof(want),
		 "pftrace: %s[%d] 0x7f3a1234 ip 0x401136 write user vma 7f3a0000-7f3b0000 rw-p "
		 "cow-copy pfn 0x1f3a2 old_pfn 0x1e000\n", current->comm, current->pid);
	KT_EXPECT_TRUE(kt, strstr(log_since(pos), want));
	if (!strstr(kt_log, want))
		pr_info("ktest: wanted \"%s\" in \"%s\"\n", want, kt_log);
}

static int fault_thread(void *arg)
{
	(void)arg;
	kt_fault();
	return 0;
}

KTEST(pftrace, pid_filter_prints_only_that_pids_faults)
{
	int saved = sysctl_pftrace, stat = 0;
	struct task_struct *tsk = kthread_create(fault_thread, NULL, "pftrace-kt");
	char want[64];
	u64 pos = log_buf_end();
	const char *log;

	KT_ASSERT_TRUE(kt, tsk);
	KT_ASSERT_TRUE(kt, tsk->pid != current->pid);
	snprintf(want, sizeof(want), "pftrace: pftrace-kt[%d] ", tsk->pid);
	sysctl_pftrace = tsk->pid;
	kt_fault();			/* ours: not the pid asked for */
	wake_up_process(tsk);
	KT_EXPECT_EQ(kt, kernel_wait(tsk->pid, &stat), tsk->pid);
	sysctl_pftrace = saved;
	log = log_since(pos);
	KT_EXPECT_TRUE(kt, strstr(log, want));
	KT_EXPECT_TRUE(kt, strstr(log, "pftrace:") == strstr(log, want));	/* no other */
}

/* Write text to /proc/sys/vm/pftrace as a user would: the write's return. */
static ssize_t sysctl_write(struct ktest_user *u, const char *text)
{
	struct file *file = filp_open("/proc/sys/vm/pftrace", O_WRONLY, 0);
	size_t len = strlen(text);
	loff_t pos = 0;
	ssize_t ret;

	if (IS_ERR(file))
		return PTR_ERR(file);
	memcpy(ktest_user_byte(u, KTEST_USER_BASE), text, len);
	ret = file->f_op->write(file, KTEST_UPTR(KTEST_USER_BASE), len, &pos);
	filp_close(file);
	return ret;
}

/* What a read of /proc/sys/vm/pftrace shows (the seq_file's snapshot). */
static void sysctl_read(char *buf, size_t size)
{
	struct file *file = filp_open("/proc/sys/vm/pftrace", O_RDONLY, 0);
	struct seq_file *m;

	buf[0] = '\0';
	if (IS_ERR(file))
		return;
	m = file->private_data;
	if (m)
		strlcpy(buf, m->buf, min(size, m->count + 1));
	filp_close(file);
}

KTEST(pftrace, proc_sysctl_reads_writes_and_rejects_garbage)
{
	int saved = sysctl_pftrace, err;
	struct ktest_user u = { 0 };
	char text[PFTRACE_SHOW_MAX + 1];

	err = do_mount("proc", "/proc", "proc", 0, NULL);
	KT_ASSERT_EQ(kt, err, 0);
	if (!KT_EXPECT_TRUE(kt, ktest_map_user(&u)))
		goto out_umount;
	KT_EXPECT_EQ(kt, sysctl_write(&u, "1\n"), 2);
	KT_EXPECT_EQ(kt, sysctl_pftrace, PFTRACE_ALL);
	sysctl_read(text, sizeof(text));
	KT_EXPECT_STREQ(kt, text, "1\n");
	KT_EXPECT_EQ(kt, sysctl_write(&u, "pid:1"), 5);
	KT_EXPECT_EQ(kt, sysctl_pftrace, 1);
	sysctl_read(text, sizeof(text));
	KT_EXPECT_STREQ(kt, text, "pid:1\n");
	KT_EXPECT_EQ(kt, sysctl_write(&u, "37"), 2);
	KT_EXPECT_EQ(kt, sysctl_pftrace, 37);
	KT_EXPECT_EQ(kt, sysctl_write(&u, "lots"), -EINVAL);
	KT_EXPECT_EQ(kt, sysctl_write(&u, "pid:0"), -EINVAL);
	KT_EXPECT_EQ(kt, sysctl_pftrace, 37);		/* garbage changes nothing */
	KT_EXPECT_EQ(kt, sysctl_write(&u, "0"), 1);
	KT_EXPECT_EQ(kt, sysctl_pftrace, 0);
	ktest_unmap_user(&u);
out_umount:
	sysctl_pftrace = saved;
	KT_EXPECT_EQ(kt, do_umount("/proc", 0), 0);
}
