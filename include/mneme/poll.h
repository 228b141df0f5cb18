/*
 * poll.h - how a file says "ready" to poll(2) and select(2).
 *
 * A file's ->poll(file, pt) does two things: it calls poll_wait() on every
 * wait queue whose wake-up could change its answer (a pipe's reader and
 * writer queues, the tty's input queue), and it returns the events that
 * are true right now (POLLIN, POLLOUT, POLLHUP, ...).  fs/select.c calls
 * ->poll once with a table that hooks the caller onto those queues, then
 * sleeps until one of them is woken or the time-out passes, then asks
 * again without the table.  A file with no ->poll is always ready for
 * reading and writing, as in Linux (DEFAULT_POLLMASK).
 * Linux: include/linux/poll.h.
 */
#ifndef MNEME_POLL_H
#define MNEME_POLL_H

#include <mneme/fs.h>
#include <mneme/wait.h>
#include <uapi/poll.h>

struct poll_table_struct;

typedef void (*poll_queue_proc)(struct file *file, wait_queue_head_t *wq,
				struct poll_table_struct *pt);

typedef struct poll_table_struct {
	poll_queue_proc qproc;		/* NULL: do not queue (the later passes) */
} poll_table;

static inline void poll_wait(struct file *file, wait_queue_head_t *wq, poll_table *pt)
{
	if (pt && pt->qproc && wq)
		pt->qproc(file, wq, pt);
}

#define DEFAULT_POLLMASK	(POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

/* The events true for file now, hooking pt's waiter on its queues. */
__poll_t vfs_poll(struct file *file, poll_table *pt);

#endif
