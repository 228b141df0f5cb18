/*
 * kernel/time/timer.c - timers, schedule_timeout() and msleep().
 *
 * Pending timers sit on one list sorted by expiry, soonest first, so the
 * tick (run_local_timers()) looks only at the head: O(1) per tick when
 * nothing expires, O(n) per add_timer().  Linux uses a timer wheel
 * (hashed buckets by expiry, O(1) add) and runs expired timers from a
 * softirq rather than from the interrupt itself.
 *
 * Invariant: a timer is on the list iff timer_pending(); it is taken off
 * before its function runs, so the function may add it again.  Locking:
 * interrupts off (the tick changes the list too).
 *
 * schedule_timeout() puts a timer on the sleeper's own stack whose
 * function wakes the sleeper, as Linux does; msleep() loops on it until
 * the whole time has passed.  Linux: kernel/time/timer.c.
 */
#include <asm/processor.h>
#include <mneme/kernel.h>
#include <mneme/sched.h>
#include <mneme/timer.h>

static LIST_HEAD(timer_list_head);

void add_timer(struct timer_list *timer)
{
	unsigned long flags = local_irq_save();
	struct list_head *pos = &timer_list_head;
	struct timer_list *t;

	BUG_ON(timer_pending(timer));
	list_for_each_entry(t, &timer_list_head, entry) {
		if (t->expires > timer->expires) {
			pos = &t->entry;
			break;
		}
	}
	list_add_tail(&timer->entry, pos);	/* before pos: stays sorted */
	local_irq_restore(flags);
}

int del_timer(struct timer_list *timer)
{
	unsigned long flags = local_irq_save();
	int pending = timer_pending(timer);

	if (pending)
		list_del_init(&timer->entry);
	local_irq_restore(flags);
	return pending;
}

/* From the tick (interrupts off): run every timer that is due. */
static void run_local_timers(void)
{
	while (!list_empty(&timer_list_head)) {
		struct timer_list *t = list_first_entry(&timer_list_head,
							struct timer_list, entry);

		if (t->expires > jiffies)
			break;
		list_del_init(&t->entry);
		t->function(t);
	}
}

void update_process_times(int user_tick)
{
	run_local_timers();
	account_process_tick(current, user_tick);
	scheduler_tick();
}

struct process_timer {
	struct timer_list timer;
	struct task_struct *task;
};

static void process_timeout(struct timer_list *t)
{
	wake_up_process(container_of(t, struct process_timer, timer)->task);
}

/*
 * Sleep (in the state the caller set) until woken or timeout jiffies
 * pass: returns the jiffies left, 0 if the time ran out.
 */
long schedule_timeout(long timeout)
{
	struct process_timer timer;
	u64 expire;
	long left;

	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		schedule();
		return timeout;
	}
	if (WARN_ON_ONCE(timeout < 0)) {
		__set_current_state(TASK_RUNNING);
		return 0;
	}
	expire = jiffies + (u64)timeout;
	timer.task = current;
	timer_setup(&timer.timer, process_timeout);
	timer.timer.expires = expire;
	add_timer(&timer.timer);
	schedule();
	del_timer(&timer.timer);
	left = (long)(expire - jiffies);
	return left < 0 ? 0 : left;
}

long schedule_timeout_uninterruptible(long timeout)
{
	__set_current_state(TASK_UNINTERRUPTIBLE);
	return schedule_timeout(timeout);
}

/*
 * At least msecs: one jiffy more than asked, because the first tick may
 * come at once (Linux does the same).
 */
void msleep(unsigned int msecs)
{
	long timeout = (long)msecs_to_jiffies(msecs) + 1;

	while (timeout)
		timeout = schedule_timeout_uninterruptible(timeout);
}
