/*
 * tests/kernel/test_sched.c - ktests for tasks and the scheduler
 * (kernel/sched/, kernel/fork.c, kernel/exit.c, arch/x86/process_64.c):
 * kernel threads run, take turns in round-robin order, sleep and wake,
 * keep their own FPU registers, exit with a code their parent reaps,
 * and leave no stack, task_struct or pid behind.  The test itself runs
 * on init_task, the parent of every thread it makes.
 */
#include <asm/desc.h>
#include <asm/processor.h>
#include <mneme/kernel.h>
#include <mneme/ktest.h>
#include <mneme/sched.h>
#include <mneme/string.h>
#include <mneme/time.h>
#include <mneme/timer.h>
#include <mneme/vmalloc.h>
#include <mneme/wait.h>
#include <uapi/errno.h>

#define LOG_LEN		64
#define ROUNDS		4
#define NR_THREADS_MANY	64
#define FPU_YIELDS	200

/* A shared log the threads append to, in the order they run. */
static char sched_log[LOG_LEN];
static int log_pos;

static void log_char(char c)
{
	if (log_pos < LOG_LEN - 1)
		sched_log[log_pos++] = c;
	sched_log[log_pos] = '\0';
}

static void log_reset(void)
{
	log_pos = 0;
	sched_log[0] = '\0';
}

/* Reap every child (they are all ours): how many were reaped. */
static int reap_all(void)
{
	int n = 0;

	while (kernel_wait(-1, NULL) > 0)
		n++;
	return n;
}

static int yield_logger(void *arg)
{
	for (int i = 0; i < ROUNDS; i++) {
		log_char((char)(unsigned long)arg);
		yield();
	}
	return 0;
}

KTEST(sched, three_kthreads_take_turns_round_robin)
{
	log_reset();
	KT_ASSERT_TRUE(kt, kthread_run(yield_logger, (void *)'a', "rr-a") != NULL);
	KT_ASSERT_TRUE(kt, kthread_run(yield_logger, (void *)'b', "rr-b") != NULL);
	KT_ASSERT_TRUE(kt, kthread_run(yield_logger, (void *)'c', "rr-c") != NULL);
	KT_EXPECT_STREQ(kt, sched_log, "");	/* none runs before we let go */
	KT_EXPECT_EQ(kt, reap_all(), 3);
	KT_EXPECT_STREQ(kt, sched_log, "abcabcabcabc");
}

static int msleep_logger(void *arg)
{
	for (int i = 0; i < 2; i++) {
		log_char((char)(unsigned long)arg);
		msleep(20);
	}
	return 0;
}

KTEST(sched, msleeping_kthreads_interleave)
{
	log_reset();
	KT_ASSERT_TRUE(kt, kthread_run(msleep_logger, (void *)'x', "sl-x") != NULL);
	KT_ASSERT_TRUE(kt, kthread_run(msleep_logger, (void *)'y', "sl-y") != NULL);
	KT_EXPECT_EQ(kt, reap_all(), 2);
	KT_EXPECT_STREQ(kt, sched_log, "xyxy");
}

KTEST(sched, tick_sets_need_resched_after_a_slice)
{
	u64 start;

	yield();		/* a fresh start: need_resched clear */
	KT_EXPECT_TRUE(kt, !need_resched());
	start = jiffies;
	while (jiffies - start <= SCHED_TIMESLICE && !need_resched())
		cpu_relax();
	KT_EXPECT_TRUE(kt, need_resched());
	KT_EXPECT_EQ(kt, cond_resched(), 1);
	KT_EXPECT_TRUE(kt, !need_resched());
}

static volatile int spinner_stop;
static volatile unsigned long others_ran;

static int cond_resched_spinner(void *arg)
{
	while (!spinner_stop)
		cond_resched();		/* the only way anyone else runs */
	return 0;
}

static int count_while_spinning(void *arg)
{
	while (!spinner_stop) {
		others_ran++;
		cond_resched();
	}
	return 0;
}

KTEST(sched, spinning_thread_with_cond_resched_lets_others_run)
{
	u64 start = jiffies;

	spinner_stop = 0;
	others_ran = 0;
	KT_ASSERT_TRUE(kt, kthread_run(cond_resched_spinner, NULL, "spinner") != NULL);
	KT_ASSERT_TRUE(kt, kthread_run(count_while_spinning, NULL, "counter") != NULL);
	/* We spin too, for three slices; each of us gets whole slices. */
	while (jiffies - start < 3 * SCHED_TIMESLICE)
		cond_resched();
	spinner_stop = 1;
	KT_EXPECT_EQ(kt, reap_all(), 2);
	KT_EXPECT_GT(kt, others_ran, 0);
	KT_EXPECT_GT(kt, nr_context_switches(), 0);
}

static volatile unsigned long sleep_ticks_seen;

static int tick_counter(void *arg)
{
	while (!spinner_stop) {
		sleep_ticks_seen++;
		yield();
	}
	return 0;
}

KTEST(sched, msleep_50_sleeps_at_least_50ms_and_lets_others_run)
{
	u64 start;

	spinner_stop = 0;
	sleep_ticks_seen = 0;
	KT_ASSERT_TRUE(kt, kthread_run(tick_counter, NULL, "busy") != NULL);
	start = jiffies;
	msleep(50);
	KT_EXPECT_GE(kt, jiffies - start, msecs_to_jiffies(50));
	KT_EXPECT_GT(kt, sleep_ticks_seen, 0);
	spinner_stop = 1;
	KT_EXPECT_EQ(kt, reap_all(), 1);
}

static DECLARE_WAIT_QUEUE_HEAD(ping_wq);
static DECLARE_WAIT_QUEUE_HEAD(pong_wq);
static volatile int ping, pong;

static int ponger(void *arg)
{
	for (int i = 1; i <= ROUNDS; i++) {
		wait_event(ping_wq, ping >= i);
		log_char('o');
		pong = i;
		wake_up(&pong_wq);
	}
	return 0;
}

KTEST(sched, wait_event_and_wake_up_hand_over)
{
	log_reset();
	ping = pong = 0;
	KT_ASSERT_TRUE(kt, kthread_run(ponger, NULL, "ponger") != NULL);
	for (int i = 1; i <= ROUNDS; i++) {
		log_char('i');
		ping = i;
		wake_up(&ping_wq);
		wait_event(pong_wq, pong >= i);
	}
	KT_EXPECT_EQ(kt, reap_all(), 1);
	KT_EXPECT_STREQ(kt, sched_log, "ioioioio");
	KT_EXPECT_TRUE(kt, !waitqueue_active(&ping_wq) && !waitqueue_active(&pong_wq));
}

KTEST(sched, wait_event_timeout_times_out_and_returns_early)
{
	DECLARE_WAIT_QUEUE_HEAD(wq);
	u64 start = jiffies;

	KT_EXPECT_EQ(kt, wait_event_timeout(wq, false, 3), 0);
	KT_EXPECT_GE(kt, jiffies - start, 3);
	KT_EXPECT_EQ(kt, wait_event_timeout(wq, true, 3), 3);
}

static int return_code(void *arg)
{
	return (int)(long)arg;
}

static int exit_code(void *arg)
{
	do_exit(-(long)arg);
}

KTEST(sched, kthread_exit_code_reaches_its_waiter)
{
	struct task_struct *k = kthread_run(return_code, (void *)42L, "ret42");
	int pid, code = 0;

	KT_ASSERT_TRUE(kt, k != NULL);
	pid = k->pid;
	KT_EXPECT_EQ(kt, kernel_wait(pid, &code), pid);
	KT_EXPECT_EQ(kt, code, 42);

	pid = kernel_thread(exit_code, (void *)7L, "exit7");
	KT_ASSERT_TRUE(kt, pid > 0);
	KT_EXPECT_EQ(kt, kernel_wait(pid, &code), pid);
	KT_EXPECT_EQ(kt, code, -7);
	KT_EXPECT_EQ(kt, kernel_wait(-1, &code), -ECHILD);
}

static int until_stopped(void *arg)
{
	while (!kthread_should_stop())
		msleep(10);
	return 99;
}

KTEST(sched, kthread_stop_returns_the_thread_result)
{
	struct task_struct *k = kthread_run(until_stopped, NULL, "stopme");

	KT_ASSERT_TRUE(kt, k != NULL);
	msleep(20);
	KT_EXPECT_EQ(kt, k->exit_state, 0);	/* still running */
	KT_EXPECT_EQ(kt, kthread_stop(k), 99);
	/* A thread stopped before it ever ran does not run its function. */
	k = kthread_create(until_stopped, NULL, "never");
	KT_ASSERT_TRUE(kt, k != NULL);
	KT_EXPECT_EQ(kt, kthread_stop(k), -EINTR);
}

static int quick(void *arg)
{
	return 0;
}

KTEST(sched, many_kthreads_reaped_leave_nothing_behind)
{
	unsigned long areas = vmalloc_nr_areas(), pids = nr_pids_in_use();
	unsigned long tasks = nr_tasks();
	int started = 0;

	for (int i = 0; i < NR_THREADS_MANY; i++)
		started += kernel_thread(quick, NULL, "quick") > 0;
	KT_EXPECT_EQ(kt, started, NR_THREADS_MANY);
	KT_EXPECT_EQ(kt, nr_tasks(), tasks + NR_THREADS_MANY);
	KT_EXPECT_EQ(kt, vmalloc_nr_areas(), areas + NR_THREADS_MANY);
	KT_EXPECT_EQ(kt, reap_all(), NR_THREADS_MANY);
	KT_EXPECT_EQ(kt, vmalloc_nr_areas(), areas);
	KT_EXPECT_EQ(kt, nr_pids_in_use(), pids);
	KT_EXPECT_EQ(kt, nr_tasks(), tasks);
}

/* xmm0..xmm2 loaded with pattern, kept across yields, read back. */
static int fpu_keeper(void *arg)
{
	u64 pattern = (u64)(unsigned long)arg, in[6], out[6];
	int bad = 0;

	for (int i = 0; i < 6; i++)
		in[i] = pattern + i;
	__asm__ __volatile__("movdqu 0(%0), %%xmm0\n\t"
			     "movdqu 16(%0), %%xmm1\n\t"
			     "movdqu 32(%0), %%xmm2" : : "r"(in) : "memory");
	for (int i = 0; i < FPU_YIELDS; i++)
		yield();
	__asm__ __volatile__("movdqu %%xmm0, 0(%0)\n\t"
			     "movdqu %%xmm1, 16(%0)\n\t"
			     "movdqu %%xmm2, 32(%0)" : : "r"(out) : "memory");
	for (int i = 0; i < 6; i++)
		bad += out[i] != in[i];
	return bad;
}

KTEST(sched, fpu_registers_survive_context_switches)
{
	int pid_a = kernel_thread(fpu_keeper, (void *)0x1111111100000000UL, "fpu-a");
	int pid_b = kernel_thread(fpu_keeper, (void *)0x2222222200000000UL, "fpu-b");
	int bad_a = -1, bad_b = -1;

	KT_ASSERT_TRUE(kt, pid_a > 0 && pid_b > 0);
	KT_EXPECT_EQ(kt, kernel_wait(pid_a, &bad_a), pid_a);
	KT_EXPECT_EQ(kt, kernel_wait(pid_b, &bad_b), pid_b);
	KT_EXPECT_EQ(kt, bad_a, 0);
	KT_EXPECT_EQ(kt, bad_b, 0);
}

static unsigned long seen_rsp0, seen_top;

static int record_rsp0(void *arg)
{
	seen_rsp0 = cpu_tss.rsp[0];
	seen_top = task_stack_top(current);
	return 0;
}

KTEST(sched, tss_rsp0_is_the_running_task_stack_top)
{
	KT_EXPECT_EQ(kt, cpu_tss.rsp[0], task_stack_top(current));
	KT_ASSERT_TRUE(kt, kernel_thread(record_rsp0, NULL, "rsp0") > 0);
	KT_EXPECT_EQ(kt, reap_all(), 1);
	KT_EXPECT_EQ(kt, seen_rsp0, seen_top);
	KT_EXPECT_NE(kt, seen_top, task_stack_top(current));
	KT_EXPECT_EQ(kt, cpu_tss.rsp[0], task_stack_top(current));
}
