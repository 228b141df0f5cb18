/*
 * fs/select.c - waiting for several files at once: poll(2), ppoll(2),
 * select(2) and pselect6(2).
 *
 * One loop serves all four (do_poll()).  The first pass calls every
 * file's ->poll with a table whose qproc hooks a poll_table_entry of ours
 * onto each wait queue the file names; later passes pass no table.  When
 * nothing is ready the task sleeps interruptibly until a hooked queue is
 * woken (pollwake() sets `triggered` and wakes us), the time-out runs
 * out, or a signal arrives; then it asks every file again.  The entries
 * are unhooked and freed before returning.  select() is poll() on the
 * descriptors named in its three bitmaps, with the answers folded back
 * into bits the way Linux folds them (POLLIN_SET, POLLOUT_SET, POLLEX_SET).
 *
 * Invariant: every entry on `entries` is on exactly one wait queue until
 * poll_freewait(), and holds a reference on the file that queue belongs
 * to (taken in __pollwait(), as Linux's get_file()), so the queue cannot
 * be freed under us even if the descriptor is closed while we sleep.
 *
 * Differences from Linux: entries come one kmalloc at a time instead of
 * in pages; time-outs count in jiffies (10 ms), not high-resolution
 * timers, and end only once the monotonic clock has passed them too; an interrupted poll returns -EINTR without Linux's restart
 * block (which would re-run it with the time left).
 * Linux: fs/select.c.
 */
#include <asm/syscall.h>
#include <mneme/fdtable.h>
#include <mneme/fs.h>
#include <mneme/irqflags.h>
#include <mneme/kernel.h>
#include <mneme/list.h>
#include <mneme/poll.h>
#include <mneme/sched.h>
#include <mneme/signal.h>
#include <mneme/slab.h>
#include <mneme/string.h>
#include <mneme/time.h>
#include <mneme/uaccess.h>
#include <uapi/errno.h>

#define POLL_MAX_FDS	1024	/* RLIMIT_NOFILE's default: the fd table's size */
#define FD_SETSIZE	1024
#define BITS_PER_LONG	64

#define POLLIN_SET	(POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define POLLOUT_SET	(POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define POLLEX_SET	(POLLPRI)

struct poll_table_entry {
	struct wait_queue_entry wait;
	struct file *file;		/* referenced: it owns wq */
	wait_queue_head_t *wq;
	struct poll_wqueues *owner;
	struct list_head node;		/* on poll_wqueues.entries */
};

struct poll_wqueues {
	poll_table pt;
	struct task_struct *polling_task;
	volatile bool triggered;	/* a hooked queue was woken since the last look */
	int error;			/* -ENOMEM when an entry could not be made */
	struct list_head entries;
};

struct user_timeval {			/* struct timeval, x86_64 */
	long tv_sec;
	long tv_usec;
};

/* A hooked queue was woken: note it and wake the poller. */
static int pollwake(struct wait_queue_entry *wait)
{
	struct poll_table_entry *e = container_of(wait, struct poll_table_entry, wait);

	e->owner->triggered = true;
	wake_up_process(e->owner->polling_task);
	return 1;
}

/* The qproc: put one entry of ours on wq. */
static void __pollwait(struct file *file, wait_queue_head_t *wq, poll_table *pt)
{
	struct poll_wqueues *pwq = container_of(pt, struct poll_wqueues, pt);
	struct poll_table_entry *e = kmalloc(sizeof(*e), GFP_KERNEL);
	unsigned long flags;

	if (!e) {
		pwq->error = -ENOMEM;
		return;
	}
	e->file = get_file(file);
	e->wq = wq;
	e->owner = pwq;
	e->wait.private = current;
	e->wait.func = pollwake;
	flags = local_irq_save();
	list_add_tail(&e->wait.entry, &wq->head);
	local_irq_restore(flags);
	list_add_tail(&e->node, &pwq->entries);
}

static void poll_initwait(struct poll_wqueues *pwq)
{
	pwq->pt.qproc = __pollwait;
	pwq->polling_task = current;
	pwq->triggered = false;
	pwq->error = 0;
	INIT_LIST_HEAD(&pwq->entries);
}

static void poll_freewait(struct poll_wqueues *pwq)
{
	struct poll_table_entry *e, *n;

	list_for_each_entry_safe(e, n, &pwq->entries, node) {
		unsigned long flags = local_irq_save();

		list_del(&e->wait.entry);
		local_irq_restore(flags);
		list_del(&e->node);
		fput(e->file);
		kfree(e);
	}
}

__poll_t vfs_poll(struct file *file, poll_table *pt)
{
	if (!file->f_op || !file->f_op->poll)
		return DEFAULT_POLLMASK;
	return file->f_op->poll(file, pt);
}

/* One descriptor's answer: POLLNVAL for a bad fd, else its events of interest. */
static __poll_t do_pollfd(struct pollfd *pfd, poll_table *pt)
{
	struct file *file;
	__poll_t mask;

	if (pfd->fd < 0)
		return 0;			/* ignored, as poll(2) says */
	file = fget((unsigned int)pfd->fd);
	if (!file)
		return POLLNVAL;
	mask = vfs_poll(file, pt);
	fput(file);
	/* POLLERR and POLLHUP are reported whether asked for or not */
	return mask & ((__poll_t)(u16)pfd->events | POLLERR | POLLHUP);
}

/* Sleep until a hooked queue wakes, the time runs out, or a signal: jiffies left. */
static long poll_schedule(struct poll_wqueues *pwq, long timeout)
{
	set_current_state(TASK_INTERRUPTIBLE);
	if (!pwq->triggered && !signal_pending(current))
		timeout = schedule_timeout(timeout);
	__set_current_state(TASK_RUNNING);
	pwq->triggered = false;
	return timeout;
}

#define NSEC_PER_TICK	(NSEC_PER_SEC / HZ)

/* When a time-out of jiffies ends on the monotonic clock (0: never). */
static u64 poll_deadline(long timeout)
{
	if (timeout == MAX_SCHEDULE_TIMEOUT)
		return 0;
	return ktime_get_ns() + (u64)timeout * NSEC_PER_TICK;
}

/*
 * The jiffies still to wait once the tick says the time is up: ticks
 * can come late and then in a burst (a busy host under QEMU), so the
 * clock user space reads may not have got there yet; poll must not end
 * early by it (do_nanosleep() checks the same way).
 */
static long poll_time_left(u64 deadline)
{
	u64 now = ktime_get_ns();

	if (!deadline || now >= deadline)
		return 0;
	return (long)DIV_ROUND_UP(deadline - now, NSEC_PER_TICK);
}

/*
 * The heart of poll(2): fill each revents until one is nonzero or the
 * time-out (jiffies; MAX_SCHEDULE_TIMEOUT for none) passes.  Returns how
 * many are ready, 0 on time-out, -EINTR on a signal, -ENOMEM.
 * *timeout is left with the jiffies not slept.
 */
static int do_poll(struct pollfd *fds, unsigned int nfds, long *timeout)
{
	struct poll_wqueues table;
	poll_table *pt = &table.pt;
	u64 deadline = poll_deadline(*timeout);
	int count;

	poll_initwait(&table);
	for (;;) {
		count = 0;
		for (unsigned int i = 0; i < nfds; i++) {
			fds[i].revents = (short)do_pollfd(&fds[i], pt);
			if (fds[i].revents)
				count++;
		}
		pt = NULL;			/* hooked once is enough */
		if (count || !*timeout)
			break;
		if (table.error) {
			count = table.error;
			break;
		}
		if (signal_pending(current)) {
			count = -EINTR;
			break;
		}
		*timeout = poll_schedule(&table, *timeout);
		if (!*timeout)
			*timeout = poll_time_left(deadline);
	}
	poll_freewait(&table);
	return count;
}

/* ms (negative: wait for ever) to jiffies, rounded up as Linux does. */
static long ms_to_timeout(long ms)
{
	if (ms < 0)
		return MAX_SCHEDULE_TIMEOUT;
	return (long)(((unsigned long)ms * HZ + MSEC_PER_SEC - 1) / MSEC_PER_SEC);
}

/* A user timespec to jiffies; NULL means no time-out.  0 or -errno. */
static int timespec_to_timeout(const struct timespec64 __user *uts, long *timeout)
{
	struct timespec64 ts;

	if (!uts) {
		*timeout = MAX_SCHEDULE_TIMEOUT;
		return 0;
	}
	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (long)NSEC_PER_SEC)
		return -EINVAL;
	if (ts.tv_sec >= MAX_SCHEDULE_TIMEOUT / HZ - 1) {
		*timeout = MAX_SCHEDULE_TIMEOUT;
		return 0;
	}
	*timeout = ts.tv_sec * HZ + (long)(((u64)ts.tv_nsec * HZ + NSEC_PER_SEC - 1) / NSEC_PER_SEC);
	return 0;
}

/* Copy the pollfds in, poll, copy the answers out. */
static long poll_user(struct pollfd __user *ufds, unsigned long nfds, long *timeout)
{
	struct pollfd *fds;
	long ret;

	if (nfds > POLL_MAX_FDS)
		return -EINVAL;
	fds = kmalloc(max(nfds, 1UL) * sizeof(*fds), GFP_KERNEL);
	if (!fds)
		return -ENOMEM;
	ret = -EFAULT;
	if (copy_from_user(fds, ufds, nfds * sizeof(*fds)))
		goto out;
	ret = do_poll(fds, (unsigned int)nfds, timeout);
	for (unsigned long i = 0; ret >= 0 && i < nfds; i++)
		if (put_user(fds[i].revents, &ufds[i].revents))
			ret = -EFAULT;
out:
	kfree(fds);
	return ret;
}

/*
 * ppoll and pselect6 wait with a mask of their own.  Swap it in; after
 * the wait, put the old one back at once, unless a signal interrupted
 * us: then the old mask goes into the handler's frame (saved_sigmask),
 * so the signal is delivered under the temporary mask, as Linux does.
 */
static int set_wait_sigmask(const sigset_t __user *umask, unsigned long size)
{
	sigset_t set;

	if (!umask)
		return 0;
	if (size != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&set, umask, sizeof(set)))
		return -EFAULT;
	current->saved_sigmask = current->blocked;
	set_current_blocked(set);
	return 0;
}

static long finish_wait_sigmask(const sigset_t __user *umask, long ret)
{
	if (!umask)
		return ret;
	if (ret == -EINTR) {
		current->restore_sigmask = true;
		return -ERESTARTNOHAND;
	}
	set_current_blocked(current->saved_sigmask);
	return ret;
}

/* poll(fds, nfds, timeout_ms) */
long sys_poll(struct pt_regs *regs)
{
	long timeout = ms_to_timeout((int)regs->rdx);

	return poll_user((struct pollfd __user *)regs->rdi, regs->rsi, &timeout);
}

/* ppoll(fds, nfds, tmo_p, sigmask, sigsetsize) */
long sys_ppoll(struct pt_regs *regs)
{
	const sigset_t __user *umask = (const sigset_t __user *)regs->r10;
	long timeout, ret;

	ret = timespec_to_timeout((const struct timespec64 __user *)regs->rdx, &timeout);
	if (!ret)
		ret = set_wait_sigmask(umask, regs->r8);
	if (ret)
		return ret;
	ret = poll_user((struct pollfd __user *)regs->rdi, regs->rsi, &timeout);
	return finish_wait_sigmask(umask, ret);
}

/* ---- select ------------------------------------------------------------------ */

struct fd_sets {
	unsigned long in[FD_SETSIZE / BITS_PER_LONG];
	unsigned long out[FD_SETSIZE / BITS_PER_LONG];
	unsigned long ex[FD_SETSIZE / BITS_PER_LONG];
};

static bool fd_isset(const unsigned long *set, int fd)
{
	return set[fd / BITS_PER_LONG] & (1UL << (fd % BITS_PER_LONG));
}

static void fd_set_bit(unsigned long *set, int fd)
{
	set[fd / BITS_PER_LONG] |= 1UL << (fd % BITS_PER_LONG);
}

static int get_fd_set(unsigned long *set, const unsigned long __user *uset, int n)
{
	size_t bytes = (size_t)(n + BITS_PER_LONG - 1) / BITS_PER_LONG * sizeof(long);

	memset(set, 0, FD_SETSIZE / 8);
	return uset && copy_from_user(set, uset, bytes) ? -EFAULT : 0;
}

static int put_fd_set(unsigned long __user *uset, const unsigned long *set, int n)
{
	size_t bytes = (size_t)(n + BITS_PER_LONG - 1) / BITS_PER_LONG * sizeof(long);

	return uset && copy_to_user(uset, set, bytes) ? -EFAULT : 0;
}

/* The descriptors the three sets name, as pollfds; -EBADF for a closed one. */
static int sets_to_pollfds(const struct fd_sets *s, int n, struct pollfd *fds)
{
	int nr = 0;

	for (int fd = 0; fd < n; fd++) {
		short ev = (short)((fd_isset(s->in, fd) ? POLLIN_SET : 0) |
				   (fd_isset(s->out, fd) ? POLLOUT_SET : 0) |
				   (fd_isset(s->ex, fd) ? POLLEX_SET : 0));
		struct file *file;

		if (!ev)
			continue;
		file = fget((unsigned int)fd);
		if (!file)
			return -EBADF;
		fput(file);
		fds[nr++] = (struct pollfd){ .fd = fd, .events = ev };
	}
	return nr;
}

/* Fold poll answers back into the sets: the number of bits set. */
static int pollfds_to_sets(const struct pollfd *fds, int nr, struct fd_sets *s)
{
	int count = 0;

	memset(s, 0, sizeof(*s));
	for (int i = 0; i < nr; i++) {
		__poll_t r = (__poll_t)(u16)fds[i].revents, ev = (__poll_t)(u16)fds[i].events;

		if ((r & POLLIN_SET) && (ev & POLLIN)) {
			fd_set_bit(s->in, fds[i].fd);
			count++;
		}
		if ((r & POLLOUT_SET) && (ev & POLLOUT)) {
			fd_set_bit(s->out, fds[i].fd);
			count++;
		}
		if ((r & POLLEX_SET) && (ev & POLLPRI)) {
			fd_set_bit(s->ex, fds[i].fd);
			count++;
		}
	}
	return count;
}

/* select's work on user sets: ready count, 0 on time-out, -errno. */
static long core_sys_select(int n, unsigned long __user *inp, unsigned long __user *outp,
			    unsigned long __user *exp, long *timeout)
{
	struct fd_sets *s = kmalloc(sizeof(*s), GFP_KERNEL);
	struct pollfd *fds = NULL;
	long ret;
	int nr;

	if (!s)
		return -ENOMEM;
	ret = -EINVAL;
	if (n < 0)
		goto out;
	n = min(n, FD_SETSIZE);
	ret = -EFAULT;
	if (get_fd_set(s->in, inp, n) || get_fd_set(s->out, outp, n) ||
	    get_fd_set(s->ex, exp, n))
		goto out;
	ret = -ENOMEM;
	fds = kmalloc(sizeof(*fds) * (size_t)max(n, 1), GFP_KERNEL);
	if (!fds)
		goto out;
	ret = nr = sets_to_pollfds(s, n, fds);
	if (ret < 0)
		goto out;
	ret = do_poll(fds, (unsigned int)nr, timeout);
	if (ret < 0)
		goto out;
	ret = pollfds_to_sets(fds, nr, s);
	if (put_fd_set(inp, s->in, n) || put_fd_set(outp, s->out, n) ||
	    put_fd_set(exp, s->ex, n))
		ret = -EFAULT;
out:
	kfree(fds);
	kfree(s);
	return ret;
}

/* select(nfds, readfds, writefds, exceptfds, timeout): the timeval is updated. */
long sys_select(struct pt_regs *regs)
{
	struct user_timeval __user *utv = (struct user_timeval __user *)regs->r8;
	struct user_timeval tv;
	long timeout = MAX_SCHEDULE_TIMEOUT, ret;

	if (utv) {
		if (copy_from_user(&tv, utv, sizeof(tv)))
			return -EFAULT;
		if (tv.tv_sec < 0 || tv.tv_usec < 0 || tv.tv_usec >= USEC_PER_SEC)
			return -EINVAL;
		timeout = tv.tv_sec >= MAX_SCHEDULE_TIMEOUT / HZ - 1 ? MAX_SCHEDULE_TIMEOUT :
			  tv.tv_sec * HZ + (tv.tv_usec * HZ + USEC_PER_SEC - 1) / USEC_PER_SEC;
	}
	ret = core_sys_select((int)regs->rdi, (unsigned long __user *)regs->rsi,
			      (unsigned long __user *)regs->rdx,
			      (unsigned long __user *)regs->r10, &timeout);
	if (utv && timeout != MAX_SCHEDULE_TIMEOUT) {	/* Linux writes the time left */
		tv.tv_sec = timeout / HZ;
		tv.tv_usec = (timeout % HZ) * (USEC_PER_SEC / HZ);
		if (copy_to_user(utv, &tv, sizeof(tv)) && ret >= 0)
			ret = -EFAULT;
	}
	return ret;
}

/* pselect6(nfds, r, w, e, timespec, {sigmask, size}) */
long sys_pselect6(struct pt_regs *regs)
{
	struct { const sigset_t __user *mask; unsigned long size; } sig = { NULL, 0 };
	long timeout, ret;

	ret = timespec_to_timeout((const struct timespec64 __user *)regs->r8, &timeout);
	if (ret)
		return ret;
	if (regs->r9 && copy_from_user(&sig, (const void __user *)regs->r9, sizeof(sig)))
		return -EFAULT;
	ret = set_wait_sigmask(sig.mask, sig.size);
	if (ret)
		return ret;
	ret = core_sys_select((int)regs->rdi, (unsigned long __user *)regs->rsi,
			      (unsigned long __user *)regs->rdx,
			      (unsigned long __user *)regs->r10, &timeout);
	return finish_wait_sigmask(sig.mask, ret);
}
