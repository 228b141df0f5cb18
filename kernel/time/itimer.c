/*
 * kernel/time/itimer.c - the real-time interval timer: setitimer() and
 * getitimer() for ITIMER_REAL, and alarm() on top of it.  When it fires
 * the task gets SIGALRM (SI_KERNEL), and an interval re-arms it.
 *
 * Data: task->real_timer (a kernel timer, kernel/time/timer.c) and
 * task->it_real_incr, the interval in jiffies.  Invariant: the timer is
 * pending iff the itimer is armed.  It is cancelled at exit
 * (do_exit()), not inherited by fork (init_signal_state() sets up an
 * idle one), and kept across execve, as in Linux.  Locking: interrupts
 * off, since the tick runs it_real_fn().
 *
 * Differences from Linux: jiffy resolution (HZ = 100, so 10 ms), where
 * Linux uses an hrtimer; ITIMER_VIRTUAL and ITIMER_PROF (CPU-time
 * timers) are -EINVAL, since tasks do not count their CPU time yet.
 * Linux: kernel/time/itimer.c.
 */
#include <asm/processor.h>
#include <asm/syscall.h>
#include <mneme/kernel.h>
#include <mneme/sched.h>
#include <mneme/signal.h>
#include <mneme/string.h>
#include <mneme/time.h>
#include <mneme/timer.h>
#include <mneme/uaccess.h>
#include <uapi/errno.h>

#define ITIMER_REAL	0

struct timeval {
	long tv_sec;
	long tv_usec;
};

struct itimerval {
	struct timeval it_interval;
	struct timeval it_value;
};

static bool timeval_valid(const struct timeval *tv)
{
	return tv->tv_sec >= 0 && tv->tv_usec >= 0 && tv->tv_usec < USEC_PER_SEC;
}

/*
 * The longest a timer is set for: far enough (2^62 ticks) never to come,
 * small enough that jiffies + it cannot wrap (Linux: MAX_JIFFY_OFFSET).
 */
#define MAX_ITIMER_JIFFIES	(~0ULL >> 2)

/* Rounded up: a timer never fires early; saturated: it never wraps. */
static u64 timeval_to_jiffies(const struct timeval *tv)
{
	if ((u64)tv->tv_sec >= MAX_ITIMER_JIFFIES / HZ)
		return MAX_ITIMER_JIFFIES;
	return (u64)tv->tv_sec * HZ + DIV_ROUND_UP((u64)tv->tv_usec * HZ, USEC_PER_SEC);
}

static struct timeval jiffies_to_timeval(u64 j)
{
	return (struct timeval){ (long)(j / HZ), (long)(j % HZ) * (USEC_PER_SEC / HZ) };
}

void it_real_fn(struct timer_list *timer)
{
	struct task_struct *t = container_of(timer, struct task_struct, real_timer);

	send_sig(SIGALRM, t);
	if (t->it_real_incr) {
		timer->expires = jiffies + t->it_real_incr;
		add_timer(timer);
	}
}

/* The current setting; an armed timer shows at least 1 us left. */
static void get_itimer_real(struct itimerval *value)
{
	struct timer_list *timer = &current->real_timer;

	memset(value, 0, sizeof(*value));
	value->it_interval = jiffies_to_timeval(current->it_real_incr);
	if (timer_pending(timer)) {
		u64 left = timer->expires > jiffies ? timer->expires - jiffies : 0;

		value->it_value = jiffies_to_timeval(left);
		if (!left)
			value->it_value.tv_usec = 1;
	}
}

static void do_setitimer(const struct itimerval *value, struct itimerval *ovalue)
{
	struct timer_list *timer = &current->real_timer;
	unsigned long flags = local_irq_save();
	u64 first = timeval_to_jiffies(&value->it_value);

	if (ovalue)
		get_itimer_real(ovalue);
	del_timer(timer);
	current->it_real_incr = timeval_to_jiffies(&value->it_interval);
	if (first) {
		timer->expires = jiffies + first;
		add_timer(timer);
	}
	local_irq_restore(flags);
}

/* setitimer(which, new, old) */
long sys_setitimer(struct pt_regs *regs)
{
	const struct itimerval __user *unew = (const void __user *)regs->rsi;
	struct itimerval __user *uold = (void __user *)regs->rdx;
	struct itimerval new = { 0 }, old;

	if (regs->rdi != ITIMER_REAL)
		return -EINVAL;
	/* a NULL new value disarms, as Linux still allows */
	if (unew && copy_from_user(&new, unew, sizeof(new)))
		return -EFAULT;
	if (!timeval_valid(&new.it_value) || !timeval_valid(&new.it_interval))
		return -EINVAL;
	do_setitimer(&new, uold ? &old : NULL);
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* getitimer(which, value) */
long sys_getitimer(struct pt_regs *regs)
{
	struct itimerval value;
	unsigned long flags;

	if (regs->rdi != ITIMER_REAL)
		return -EINVAL;
	flags = local_irq_save();
	get_itimer_real(&value);
	local_irq_restore(flags);
	if (copy_to_user((void __user *)regs->rsi, &value, sizeof(value)))
		return -EFAULT;
	return 0;
}

/*
 * alarm(seconds): a one-shot ITIMER_REAL (0 cancels); returns the
 * seconds left on the old one, rounded to nearest, and at least 1 if any
 * time was left (Linux's alarm_setitimer()).
 */
long sys_alarm(struct pt_regs *regs)
{
	struct itimerval new = { .it_value = { (long)(unsigned int)regs->rdi, 0 } }, old;
	long left;

	do_setitimer(&new, &old);
	left = old.it_value.tv_sec;
	if ((!left && old.it_value.tv_usec) || old.it_value.tv_usec >= USEC_PER_SEC / 2)
		left++;
	return left;
}
