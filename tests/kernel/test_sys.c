/*
 * tests/kernel/test_sys.c - ktests for the process calls' kernel side:
 * rlimits and ids inherited at fork (kernel/fork.c, kernel/sys_resource.c),
 * the wall clock moving with the monotonic one and settable without
 * moving it (kernel/time/timekeeping.c), CPU time charged by the tick
 * and handed to the parent at reaping (kernel/sched/cputime.c), and the
 * syslog view of the log (kernel/printk.c).  Runs on init_task.
 */
#include <mneme/kernel.h>
#include <mneme/kernel_stat.h>
#include <mneme/ktest.h>
#include <mneme/printk.h>
#include <mneme/sched.h>
#include <mneme/string.h>
#include <mneme/time.h>
#include <mneme/timer.h>
#include <uapi/errno.h>
#include <uapi/resource.h>

#define JAN_1_2020_NS	(1577836800ULL * NSEC_PER_SEC)
#define SPIN_MS		200
#define SLEEP_MS	100

struct seen {
	struct rlimit nofile;
	u32 uid;
};

static int record_limits(void *arg)
{
	struct seen *s = arg;

	s->nofile = current->rlim[RLIMIT_NOFILE];
	s->uid = current->cred.uid;
	return 0;
}

KTEST(sys, rlimit_and_cred_inherited_by_child)
{
	struct rlimit old, lowered = { 77, 4096 }, bad = { 10, 5 };
	struct seen s = { { 0, 0 }, 1 };
	struct task_struct *p;

	KT_EXPECT_EQ(kt, do_prlimit(current, RLIMIT_NOFILE, &bad, NULL), -EINVAL);
	KT_EXPECT_EQ(kt, do_prlimit(current, RLIM_NLIMITS, NULL, &old), -EINVAL);
	KT_ASSERT_EQ(kt, do_prlimit(current, RLIMIT_NOFILE, &lowered, &old), 0);
	KT_EXPECT_EQ(kt, old.rlim_cur, INR_OPEN_CUR);
	KT_EXPECT_EQ(kt, old.rlim_max, INR_OPEN_MAX);
	p = kthread_run(record_limits, &s, "rlim-child");
	if (p)
		kernel_wait(p->pid, NULL);
	do_prlimit(current, RLIMIT_NOFILE, &old, NULL);
	KT_ASSERT_TRUE(kt, p != NULL);
	KT_EXPECT_EQ(kt, s.nofile.rlim_cur, 77);
	KT_EXPECT_EQ(kt, s.nofile.rlim_max, 4096);
	KT_EXPECT_EQ(kt, s.uid, 0);
	KT_EXPECT_EQ(kt, current->rlim[RLIMIT_STACK].rlim_cur, _STK_LIM);
	KT_EXPECT_EQ(kt, current->rlim[RLIMIT_STACK].rlim_max, RLIM_INFINITY);
}

KTEST(sys, realtime_is_after_2020_and_moves_with_monotonic)
{
	u64 r0 = ktime_get_real_ns(), m0 = ktime_get_ns(), r1, m1;
	s64 drift;

	mdelay(50);
	r1 = ktime_get_real_ns();
	m1 = ktime_get_ns();
	drift = (s64)(r1 - r0) - (s64)(m1 - m0);
	KT_EXPECT_GT(kt, r0, JAN_1_2020_NS);
	KT_EXPECT_GE(kt, m1 - m0, 50 * NSEC_PER_MSEC);
	KT_EXPECT_LT(kt, drift < 0 ? -drift : drift, (s64)NSEC_PER_MSEC);
}

KTEST(sys, settimeofday_moves_realtime_not_monotonic)
{
	u64 saved = ktime_get_real_ns(), m0 = ktime_get_ns(), target = 2000000000ULL * NSEC_PER_SEC;
	u64 got, m1;

	KT_ASSERT_EQ(kt, do_settimeofday64(target), 0);
	got = ktime_get_real_ns();
	m1 = ktime_get_ns();
	do_settimeofday64(saved + (ktime_get_ns() - m0));	/* put it back */
	KT_EXPECT_GE(kt, got, target);
	KT_EXPECT_LT(kt, got - target, NSEC_PER_MSEC);
	KT_EXPECT_GE(kt, m1, m0);
	KT_EXPECT_LT(kt, m1 - m0, NSEC_PER_MSEC);
	KT_EXPECT_EQ(kt, do_settimeofday64(0), -EINVAL);	/* boot before 1970 */
	KT_EXPECT_LT(kt, ktime_get_real_ns() - saved, NSEC_PER_SEC);
}

static int spin_in_kernel(void *arg)
{
	(void)arg;
	mdelay(SPIN_MS);	/* PREEMPT_NONE: every tick meanwhile is ours */
	return 0;
}

static int sleep_a_while(void *arg)
{
	(void)arg;
	msleep(SLEEP_MS);
	return 0;
}

KTEST(sys, reaped_child_rusage_includes_its_ticks)
{
	u64 cstime0 = current->cstime, idle0 = kcpustat.idle;
	struct rusage ru, sleeper;
	struct task_struct *p = kthread_run(spin_in_kernel, NULL, "spinner");
	int ret;

	KT_ASSERT_TRUE(kt, p != NULL);
	ret = kernel_wait4(p->pid, NULL, 0, &ru);
	KT_EXPECT_GT(kt, ret, 0);
	/*
	 * 200 ms at 100 Hz: about 20 ticks, all in kernel mode.  Ask for a
	 * quarter: under emulation on a loaded host QEMU merges late ticks.
	 */
	KT_EXPECT_GE(kt, ru.ru_stime.tv_usec + ru.ru_stime.tv_sec * 1000000L, 50000);
	KT_EXPECT_EQ(kt, ru.ru_utime.tv_sec + ru.ru_utime.tv_usec, 0);
	KT_EXPECT_GE(kt, current->cstime - cstime0, (u64)SPIN_MS * HZ / 1000 / 4);
	/* a sleeper is not charged for the time the CPU sat idle */
	p = kthread_run(sleep_a_while, NULL, "sleeper");
	KT_ASSERT_TRUE(kt, p != NULL);
	kernel_wait4(p->pid, NULL, 0, &sleeper);
	KT_EXPECT_LT(kt, sleeper.ru_stime.tv_usec + sleeper.ru_stime.tv_sec * 1000000L, 30000);
	KT_EXPECT_GE(kt, kcpustat.idle - idle0, (u64)SLEEP_MS * HZ / 1000 / 4);
}

KTEST(sys, syslog_view_ends_with_the_newest_whole_lines)
{
	char buf[64];
	u64 pos, end;
	size_t n;

	pr_info("ktest-syslog-marker\n");
	end = log_buf_end();
	pos = log_buf_fit(0, sizeof(buf));
	KT_EXPECT_LE(kt, end - pos, sizeof(buf));
	n = log_buf_copy(buf, &pos, sizeof(buf) - 1);
	buf[n] = '\0';
	KT_EXPECT_EQ(kt, pos, end);
	KT_EXPECT_EQ(kt, buf[0], '<');		/* a line's start: "<6>[ ..." */
	KT_EXPECT_TRUE(kt, strstr(buf, "ktest-syslog-marker\n") != NULL);
	KT_EXPECT_EQ(kt, log_buf_copy(buf, &pos, sizeof(buf)), 0);
}
