/*
 * tests/kernel/bench_sched.c - what a context switch costs: init_task and
 * a kernel thread ping-pong through two wait queues (wake_up(), then
 * wait_event() until the other answers), so each round trip is two
 * switches, each with its wake-up, the run-queue work, the register and
 * stack swap and the fxsave/fxrstor.  Figure: context_switch_ns, per
 * switch (issue 5).
 */
#include <mneme/bench.h>
#include <mneme/kernel.h>
#include <mneme/sched.h>
#include <mneme/time.h>
#include <mneme/wait.h>

#define PINGPONG_ROUNDS	2000

static DECLARE_WAIT_QUEUE_HEAD(ping_wq);
static DECLARE_WAIT_QUEUE_HEAD(pong_wq);
static volatile unsigned long ping, pong;

static int pong_thread(void *arg)
{
	for (unsigned long i = 1; i <= PINGPONG_ROUNDS; i++) {
		wait_event(ping_wq, ping >= i);
		pong = i;
		wake_up(&pong_wq);
	}
	return 0;
}

/* One run: ns per switch, or 0 if the thread could not be made. */
static u64 pingpong_run(void)
{
	unsigned long switches = nr_context_switches();
	u64 t0, t1;
	int pid;

	ping = pong = 0;
	pid = kernel_thread(pong_thread, NULL, "pong");
	if (pid < 0)
		return 0;
	t0 = ktime_get_ns();
	for (unsigned long i = 1; i <= PINGPONG_ROUNDS; i++) {
		ping = i;
		wake_up(&ping_wq);
		wait_event(pong_wq, pong >= i);
	}
	t1 = ktime_get_ns();
	kernel_wait(pid, NULL);
	switches = nr_context_switches() - switches;
	return switches ? (t1 - t0) / switches : 0;
}

BENCH(context_switch)
{
	u64 ns[BENCH_RUNS];

	pingpong_run();		/* warm up: slab and vmalloc caches */
	for (int r = 0; r < BENCH_RUNS; r++)
		ns[r] = pingpong_run();
	bench_report("context_switch_ns", bench_median(ns, BENCH_RUNS));
}
