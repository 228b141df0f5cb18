/*
 * kernel/sched/wait.c - wait queues and completions.
 *
 * A wait queue is a list of wait_queue_entry, each naming a sleeping task
 * and the function wake_up() calls for it (autoremove_wake_function():
 * wake the task and take the entry off the list).  The entry lives on
 * the sleeper's stack for as long as it waits (DEFINE_WAIT in the
 * wait_event() macros); finish_wait() takes it off if no wake-up did.
 *
 * Invariant: an entry is on at most one queue, and on it only between
 * prepare_to_wait() and its wake-up or finish_wait().  Locking: the lists
 * are changed with interrupts off (one CPU; Linux: wq_head->lock, a
 * spinlock taken with irqsave).  Linux: kernel/sched/wait.c,
 * completion.c.
 */
#include <asm/processor.h>
#include <mneme/kernel.h>
#include <mneme/sched.h>
#include <mneme/wait.h>

static int default_wake_function(struct wait_queue_entry *wq_entry)
{
	return wake_up_process(wq_entry->private);
}

int autoremove_wake_function(struct wait_queue_entry *wq_entry)
{
	int ret = default_wake_function(wq_entry);

	if (ret)
		list_del_init(&wq_entry->entry);
	return ret;
}

void init_wait_entry(struct wait_queue_entry *wq_entry)
{
	wq_entry->private = current;
	wq_entry->func = autoremove_wake_function;
	INIT_LIST_HEAD(&wq_entry->entry);
}

/* Queue up and set our state, before the caller tests its condition. */
void prepare_to_wait(wait_queue_head_t *wq, struct wait_queue_entry *wq_entry,
		     int state)
{
	unsigned long flags = local_irq_save();

	if (list_empty(&wq_entry->entry))
		list_add_tail(&wq_entry->entry, &wq->head);
	set_current_state(state);
	local_irq_restore(flags);
}

void finish_wait(wait_queue_head_t *wq, struct wait_queue_entry *wq_entry)
{
	unsigned long flags;

	__set_current_state(TASK_RUNNING);
	flags = local_irq_save();
	if (!list_empty(&wq_entry->entry))
		list_del_init(&wq_entry->entry);
	local_irq_restore(flags);
}

void __wake_up(wait_queue_head_t *wq)
{
	unsigned long flags = local_irq_save();
	struct wait_queue_entry *curr, *next;

	list_for_each_entry_safe(curr, next, &wq->head, entry)
		curr->func(curr);
	local_irq_restore(flags);
}

bool waitqueue_active(wait_queue_head_t *wq)
{
	return !list_empty(&wq->head);
}

void complete(struct completion *x)
{
	unsigned long flags = local_irq_save();

	x->done++;
	__wake_up(&x->wait);
	local_irq_restore(flags);
}

void wait_for_completion(struct completion *x)
{
	unsigned long flags;

	wait_event(x->wait, READ_ONCE(x->done));
	flags = local_irq_save();
	x->done--;
	local_irq_restore(flags);
}
