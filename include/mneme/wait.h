/*
 * wait.h - wait queues: a list of tasks sleeping until some condition
 * becomes true, and the wait_event() loop that sleeps on one.
 *
 *	wait_event(wq, cond);		sleeper: returns once cond is true
 *	cond = true; wake_up(&wq);	waker: in that order
 *
 * The sleeper puts itself on the queue and sets its state *before*
 * testing cond (prepare_to_wait()), so a wake_up() between the test and
 * schedule() makes it runnable again and schedule() returns at once: no
 * wake-up is lost.  The lists are protected by disabling interrupts (one
 * CPU; Linux has a spinlock in wait_queue_head), so interrupt handlers
 * may call wake_up().  The macros use TASK_UNINTERRUPTIBLE: include
 * <mneme/sched.h> too.  Linux: include/linux/wait.h, kernel/sched/wait.c.
 */
#ifndef MNEME_WAIT_H
#define MNEME_WAIT_H

#include <mneme/list.h>
#include <mneme/types.h>

struct task_struct;
struct wait_queue_entry;

typedef int (*wait_queue_func_t)(struct wait_queue_entry *wq_entry);

struct wait_queue_entry {
	struct task_struct *private;	/* the sleeper */
	wait_queue_func_t func;		/* what wake_up() calls */
	struct list_head entry;
};

struct wait_queue_head {
	struct list_head head;
};
typedef struct wait_queue_head wait_queue_head_t;

#define __WAIT_QUEUE_HEAD_INITIALIZER(name)	{ LIST_HEAD_INIT((name).head) }
#define DECLARE_WAIT_QUEUE_HEAD(name) \
	wait_queue_head_t name = __WAIT_QUEUE_HEAD_INITIALIZER(name)

static inline void init_waitqueue_head(wait_queue_head_t *wq)
{
	INIT_LIST_HEAD(&wq->head);
}

int autoremove_wake_function(struct wait_queue_entry *wq_entry);
void init_wait_entry(struct wait_queue_entry *wq_entry);
#define DEFINE_WAIT(name)	struct wait_queue_entry name; init_wait_entry(&name)

void prepare_to_wait(wait_queue_head_t *wq, struct wait_queue_entry *wq_entry,
		     int state);
void finish_wait(wait_queue_head_t *wq, struct wait_queue_entry *wq_entry);
/*
 * Wake every waiter.  Linux's wake_up() wakes all non-exclusive waiters
 * and one exclusive one (prepare_to_wait_exclusive(), against thundering
 * herds); there are no exclusive waits here, so both wake all.
 */
void __wake_up(wait_queue_head_t *wq);
#define wake_up(wq)		__wake_up(wq)
#define wake_up_all(wq)		__wake_up(wq)
bool waitqueue_active(wait_queue_head_t *wq);

void schedule(void);
long schedule_timeout(long timeout);

#define __wait_event(wq, condition)					\
do {									\
	DEFINE_WAIT(__wait);						\
	for (;;) {							\
		prepare_to_wait(&(wq), &__wait, TASK_UNINTERRUPTIBLE);	\
		if (condition)						\
			break;						\
		schedule();						\
	}								\
	finish_wait(&(wq), &__wait);					\
} while (0)

/* Sleep until condition is true; it is re-tested after every wake-up. */
#define wait_event(wq, condition)					\
do {									\
	if (!(condition))						\
		__wait_event(wq, condition);				\
} while (0)

#define __wait_event_timeout(wq, condition, timeout) ({			\
	long __ret = (timeout);						\
	DEFINE_WAIT(__wait);						\
	for (;;) {							\
		prepare_to_wait(&(wq), &__wait, TASK_UNINTERRUPTIBLE);	\
		if (condition)						\
			break;						\
		__ret = schedule_timeout(__ret);			\
		if (!__ret) {						\
			__ret = (condition);				\
			break;						\
		}							\
	}								\
	finish_wait(&(wq), &__wait);					\
	__ret;								\
})

/*
 * Sleep until condition is true or timeout jiffies pass: 0 if the time
 * ran out with condition still false, else the jiffies left (at least 1).
 */
#define wait_event_timeout(wq, condition, timeout) ({			\
	long __t = (timeout);						\
	(condition) ? (__t ? __t : 1) :					\
		      __wait_event_timeout(wq, condition, __t);	\
})

/* One-shot events: complete() once, wait_for_completion() returns. */
struct completion {
	unsigned int done;
	wait_queue_head_t wait;
};
static inline void init_completion(struct completion *x)
{
	x->done = 0;
	init_waitqueue_head(&x->wait);
}
void complete(struct completion *x);
void wait_for_completion(struct completion *x);

#endif
