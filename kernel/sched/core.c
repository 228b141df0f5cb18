/*
 * kernel/sched/core.c - the scheduler: which task runs next, and the
 * switch to it.
 *
 * Data: one run queue (struct rq, one CPU), a FIFO list of the tasks in
 * state TASK_RUNNING, the running one included.  schedule() takes the
 * running task off the list if it has gone to sleep, or moves it to the
 * tail if it is still runnable, and switches to the task at the head:
 * round robin.  Each turn lasts until the task sleeps or yields; the tick
 * (scheduler_tick()) counts down a time slice of SCHED_TIMESLICE ticks
 * and, when it runs out, sets TIF_NEED_RESCHED so the next cond_resched()
 * gives the CPU away.
 *
 * Invariants: p->on_rq iff p is on rq.queue; every TASK_RUNNING task is
 * on it (the running task may briefly be on it in a sleeping state,
 * between set_current_state() and schedule()); current is on it unless
 * it is about to sleep or die.  Locking: interrupts off (one CPU), since
 * wake-ups come from interrupt handlers (the tick's timers).
 *
 * Preemption: PREEMPT_NONE.  The tick never switches tasks itself; a
 * switch happens only inside schedule(), called by a task that sleeps,
 * yields, or sees need_resched() in cond_resched() (and, with user mode,
 * on the way back to user space).  Kernel code therefore runs undisturbed
 * between those points, which mm/ relies on: vmalloc's page-table
 * population, for one, is not written to be interrupted by another task.
 * A preemptible Linux (CONFIG_PREEMPT) also switches on the return from
 * an interrupt to kernel code when preempt_count is 0, and every piece
 * of code that must not be preempted says so with preempt_disable() or
 * a spinlock.
 *
 * Idle: Linux gives each CPU an idle task (init_task on the boot CPU,
 * after rest_init()).  Here init_task is also the ktest runner, so it is
 * an ordinary task on the run queue; when every task sleeps, schedule()
 * halts in place, on the stack of the task that went to sleep, until an
 * interrupt wakes somebody.  cpu_idle() is init_task's idle loop at the
 * end of boot.  Linux: kernel/sched/core.c, rt.c (round robin), idle.c.
 */
#include <asm/desc.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <mneme/kernel.h>
#include <mneme/printk.h>
#include <mneme/sched.h>
#include <mneme/time.h>

struct rq {
	struct list_head queue;		/* TASK_RUNNING tasks, next to run first */
	unsigned int nr_running;
	unsigned long nr_switches;
	bool idle;			/* halted in the idle loop: ticks count as idle */
};

static struct rq runqueue = { .queue = LIST_HEAD_INIT(runqueue.queue) };

static void enqueue_task(struct task_struct *p)
{
	list_add_tail(&p->run_list, &runqueue.queue);
	p->on_rq = true;
	runqueue.nr_running++;
}

static void dequeue_task(struct task_struct *p)
{
	list_del_init(&p->run_list);
	p->on_rq = false;
	runqueue.nr_running--;
}

/* Nothing runnable: halt until an interrupt wakes a task.  IRQs off. */
static void idle_until_runnable(void)
{
	runqueue.idle = true;
	while (!runqueue.nr_running)
		__asm__ __volatile__("sti; hlt; cli" ::: "memory");
	runqueue.idle = false;
}

/* True while the CPU waits for work (the tick then charges nobody). */
bool cpu_is_idle(void)
{
	return runqueue.idle;
}

/* Runs on next's stack right after the switch, with prev now stopped. */
static void finish_task_switch(struct task_struct *prev)
{
	/*
	 * A dead task could not free the stack it was running on; now that
	 * we are off it, we can.  The task_struct stays, a zombie, until its
	 * parent reaps it (kernel/exit.c).
	 */
	if (prev->state == TASK_DEAD) {
		put_task_stack(prev);
		if (prev->exit_state == EXIT_DEAD)
			release_task(prev);	/* its parent ignores SIGCHLD */
	}
}

static void context_switch(struct task_struct *prev, struct task_struct *next)
{
	runqueue.nr_switches++;
	prev = __switch_to_asm(prev, next);
	/* Now on next's stack: "prev" is whichever task ran before us. */
	finish_task_switch(prev);
}

/* Put prev where its state says, and pick the head of the queue. */
static struct task_struct *pick_next_task(struct task_struct *prev)
{
	if (prev->state != TASK_RUNNING) {
		if (prev->on_rq)
			dequeue_task(prev);
		prev->nvcsw++;
	} else {
		WARN_ON_ONCE(!prev->on_rq);
		list_move_tail(&prev->run_list, &runqueue.queue);
		prev->nivcsw++;
	}
	idle_until_runnable();
	return list_first_entry(&runqueue.queue, struct task_struct, run_list);
}

/* Give the CPU to the next runnable task; returns when we run again. */
void schedule(void)
{
	unsigned long flags = local_irq_save();
	struct task_struct *prev = current;
	struct task_struct *next;

	clear_tsk_need_resched(prev);
	next = pick_next_task(prev);
	if (next != prev)
		context_switch(prev, next);
	local_irq_restore(flags);
}

/* PREEMPT_NONE's preemption point: switch only if the tick asked. */
int cond_resched(void)
{
	if (!need_resched())
		return 0;
	schedule();
	return 1;
}

/* Go to the back of the queue now (Linux: yield(), sched_yield(2)). */
void yield(void)
{
	__set_current_state(TASK_RUNNING);
	schedule();
}

/* The end of a task's life: never returns (kernel/exit.c calls it). */
__noreturn void do_task_dead(void)
{
	local_irq_disable();
	__set_current_state(TASK_DEAD);
	schedule();
	BUG();
	for (;;)
		;
}

/* Make p runnable if it sleeps in one of the states in mask. */
static int try_to_wake_up(struct task_struct *p, long mask)
{
	unsigned long flags = local_irq_save();
	int woken = 0;

	if (p->state & mask) {
		p->state = TASK_RUNNING;
		if (!p->on_rq)
			enqueue_task(p);
		woken = 1;
	}
	local_irq_restore(flags);
	return woken;
}

int wake_up_state(struct task_struct *p, unsigned int state)
{
	return try_to_wake_up(p, state);
}

int wake_up_process(struct task_struct *p)
{
	return try_to_wake_up(p, TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE);
}

/* A new task's first wake-up (it was made not yet runnable). */
void wake_up_new_task(struct task_struct *p)
{
	unsigned long flags = local_irq_save();

	p->state = TASK_RUNNING;
	enqueue_task(p);
	local_irq_restore(flags);
}

/* What a new task runs first (ret_from_fork): finish the switch to it. */
void schedule_tail(struct task_struct *prev)
{
	finish_task_switch(prev);
	local_irq_enable();
}

/* From the timer interrupt: count down the slice, ask for a switch at 0. */
void scheduler_tick(void)
{
	struct task_struct *p = current;

	if (p->time_slice > 1) {
		p->time_slice--;
		return;
	}
	p->time_slice = SCHED_TIMESLICE;
	set_tsk_need_resched(p);
}

/*
 * One turn of init_task's idle loop: run another task if there is one,
 * else halt until the next interrupt.  sti;hlt is one step (an interrupt
 * right after sti still ends the hlt), so no wake-up is slept through.
 */
void cpu_idle(void)
{
	local_irq_disable();
	if (runqueue.nr_running > 1) {
		local_irq_enable();
		yield();
		return;
	}
	runqueue.idle = true;
	__asm__ __volatile__("sti; hlt" ::: "memory");
	runqueue.idle = false;
}

unsigned long nr_context_switches(void)
{
	return runqueue.nr_switches;
}

unsigned int nr_running(void)
{
	return runqueue.nr_running;
}

void sched_init(void)
{
	struct task_struct *idle = &init_task;

	fork_init();
	idle->state = TASK_RUNNING;
	idle->time_slice = SCHED_TIMESLICE;
	idle->parent = idle;
	INIT_LIST_HEAD(&idle->children);
	INIT_LIST_HEAD(&idle->sibling);
	INIT_LIST_HEAD(&idle->tasks);
	init_waitqueue_head(&idle->wait_chldexit);
	INIT_LIST_HEAD(&idle->pending.list);
	enqueue_task(idle);
	update_task_stack(task_stack_top(idle));
	pr_info("sched: round robin, %d ms slices, PREEMPT_NONE; %s is pid %d\n",
		SCHED_TIMESLICE * 1000 / HZ, idle->comm, idle->pid);
}
