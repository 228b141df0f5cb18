/*
 * timer.h - kernel timers (a function to call from the tick at a given
 * jiffy) and the sleeps built on them.
 *
 *	timer_setup(&t, fn); t.expires = jiffies + n; add_timer(&t);
 *	del_timer(&t);		1 if it was still pending
 *	msleep(ms);		sleep at least ms milliseconds
 *
 * The function runs in interrupt context, from the tick, with interrupts
 * off: it may wake tasks but not sleep.  Linux: include/linux/timer.h,
 * include/linux/delay.h (msleep), kernel/time/timer.c.
 */
#ifndef MNEME_TIMER_H
#define MNEME_TIMER_H

#include <mneme/list.h>
#include <mneme/time.h>
#include <mneme/types.h>

struct timer_list {
	struct list_head entry;		/* on the pending list, else empty */
	u64 expires;			/* in jiffies */
	void (*function)(struct timer_list *timer);
};

static inline void timer_setup(struct timer_list *timer,
			       void (*fn)(struct timer_list *))
{
	INIT_LIST_HEAD(&timer->entry);
	timer->function = fn;
}

static inline bool timer_pending(const struct timer_list *timer)
{
	return !list_empty(&timer->entry);
}

void add_timer(struct timer_list *timer);
int del_timer(struct timer_list *timer);
/* Every tick: timers, the running task's CPU time, then the scheduler. */
void update_process_times(int user_tick);

static inline unsigned long msecs_to_jiffies(unsigned int ms)
{
	return DIV_ROUND_UP((unsigned long)ms * HZ, 1000);
}

void msleep(unsigned int msecs);

#endif
