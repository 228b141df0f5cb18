/*
 * kernel/time/posix-timers.c - the clock system calls: clock_gettime,
 * clock_getres, clock_settime, gettimeofday, time, nanosleep and
 * clock_nanosleep.
 *
 * Clocks: CLOCK_REALTIME (and _COARSE) is ktime_get_real_ns();
 * CLOCK_MONOTONIC, _RAW, _COARSE and CLOCK_BOOTTIME are ktime_get_ns()
 * (no NTP slewing and no suspend, so they are one clock here; Linux keeps
 * them apart); CLOCK_PROCESS_CPUTIME_ID and CLOCK_THREAD_CPUTIME_ID are
 * the task's utime + stime, counted in ticks (one thread per process, so
 * the two agree).  Other ids, including Linux's dynamic per-process
 * clocks (negative ids), are -EINVAL.  clock_settime is allowed for root
 * on CLOCK_REALTIME only, -EPERM for others, -EINVAL elsewhere, as Linux.
 *
 * Sleeping: the timers run on the 100 Hz tick, so a sleep is turned into
 * jiffies and schedule_timeout() in TASK_INTERRUPTIBLE, repeated until
 * the monotonic clock has passed the deadline: a sleep never ends early,
 * and lasts up to a tick longer than asked (Linux's hrtimers wake within
 * microseconds).  A pending signal ends it with -EINTR and, for a
 * relative sleep, the time left in rem.  Linux returns
 * -ERESTART_RESTARTBLOCK there so that the signal code can restart the
 * sleep with the time left; we return -EINTR as a handler with no
 * SA_RESTART would see.  No locking: each call reads clocks and sleeps.
 * Linux: kernel/time/posix-timers.c, posix-stubs.c, hrtimer.c
 * (hrtimer_nanosleep()), time.c (gettimeofday, time).
 */
#include <asm/syscall.h>
#include <mneme/cred.h>
#include <mneme/kernel.h>
#include <mneme/sched.h>
#include <mneme/signal.h>
#include <mneme/time.h>
#include <mneme/uaccess.h>
#include <uapi/errno.h>
#include <uapi/time.h>

#define NSEC_PER_TICK	(NSEC_PER_SEC / HZ)

/* A task's CPU time in nanoseconds (ticks are NSEC_PER_TICK each). */
u64 task_cputime_ns(const struct task_struct *p)
{
	return (p->utime + p->stime) * NSEC_PER_TICK;
}

/* The value of clock id in ns in *now: 0 or -EINVAL. */
static int clock_read_ns(int id, u64 *now)
{
	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		*now = ktime_get_real_ns();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		*now = ktime_get_ns();
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		*now = task_cputime_ns(current);
		return 0;
	default:
		return -EINVAL;
	}
}

static struct __kernel_timespec ns_to_timespec(u64 ns)
{
	return (struct __kernel_timespec){ .tv_sec = (s64)(ns / NSEC_PER_SEC),
					   .tv_nsec = (long)(ns % NSEC_PER_SEC) };
}

static int put_timespec64(u64 ns, struct __kernel_timespec __user *uts)
{
	struct __kernel_timespec ts = ns_to_timespec(ns);

	return copy_to_user(uts, &ts, sizeof(ts)) ? -EFAULT : 0;
}

/* A user timespec in ns: 0, -EFAULT, or -EINVAL for a bad tv_nsec / tv_sec < 0. */
static int get_timespec64_ns(const struct __kernel_timespec __user *uts, u64 *ns)
{
	struct __kernel_timespec ts;

	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || (u64)ts.tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	if ((u64)ts.tv_sec >= ~0ULL / NSEC_PER_SEC)
		*ns = ~0ULL;		/* "for ever" saturates */
	else
		*ns = (u64)ts.tv_sec * NSEC_PER_SEC + (u64)ts.tv_nsec;
	return 0;
}

/* clock_gettime(clockid, tp) */
long sys_clock_gettime(struct pt_regs *regs)
{
	u64 now;
	int err = clock_read_ns((int)regs->rdi, &now);

	return err ? err : put_timespec64(now, (struct __kernel_timespec __user *)regs->rsi);
}

/* clock_getres(clockid, res): tick-based clocks say so, others 1 ns. */
long sys_clock_getres(struct pt_regs *regs)
{
	int id = (int)regs->rdi;
	u64 dummy, res = 1;
	int err = clock_read_ns(id, &dummy);

	if (err)
		return err;
	if (id == CLOCK_REALTIME_COARSE || id == CLOCK_MONOTONIC_COARSE ||
	    id == CLOCK_PROCESS_CPUTIME_ID || id == CLOCK_THREAD_CPUTIME_ID)
		res = NSEC_PER_TICK;
	if (!regs->rsi)
		return 0;
	return put_timespec64(res, (struct __kernel_timespec __user *)regs->rsi);
}

/* clock_settime(clockid, tp): CLOCK_REALTIME, root only. */
long sys_clock_settime(struct pt_regs *regs)
{
	u64 ns;
	int err;

	if ((int)regs->rdi != CLOCK_REALTIME)
		return -EINVAL;		/* the other clocks cannot be set */
	if (!capable(CAP_SYS_TIME))
		return -EPERM;
	err = get_timespec64_ns((const struct __kernel_timespec __user *)regs->rsi, &ns);
	return err ? err : do_settimeofday64(ns);
}

/* gettimeofday(tv, tz): the time zone is always UTC, no DST. */
long sys_gettimeofday(struct pt_regs *regs)
{
	struct __kernel_old_timeval __user *utv = (void __user *)regs->rdi;
	struct timezone __user *utz = (void __user *)regs->rsi;

	if (utv) {
		u64 now = ktime_get_real_ns();
		struct __kernel_old_timeval tv = {
			.tv_sec = (long)(now / NSEC_PER_SEC),
			.tv_usec = (long)(now % NSEC_PER_SEC / NSEC_PER_USEC),
		};

		if (copy_to_user(utv, &tv, sizeof(tv)))
			return -EFAULT;
	}
	if (utz) {
		struct timezone tz = { 0, 0 };

		if (copy_to_user(utz, &tz, sizeof(tz)))
			return -EFAULT;
	}
	return 0;
}

/* time(tloc): seconds since the epoch, also stored at tloc if not NULL. */
long sys_time(struct pt_regs *regs)
{
	long now = (long)(ktime_get_real_ns() / NSEC_PER_SEC);
	long __user *tloc = (long __user *)regs->rdi;

	if (tloc && put_user(now, tloc))
		return -EFAULT;
	return now;
}

/*
 * Sleep interruptibly until the monotonic clock reaches deadline: 0, or
 * -EINTR with a signal pending.
 */
static int do_nanosleep(u64 deadline)
{
	for (;;) {
		u64 now = ktime_get_ns();
		u64 left_ns;

		if (now >= deadline)
			return 0;
		/* the state before the test: a signal sent in between wakes us */
		set_current_state(TASK_INTERRUPTIBLE);
		if (signal_pending(current)) {
			__set_current_state(TASK_RUNNING);
			return -EINTR;
		}
		left_ns = deadline - now;
		if (left_ns / NSEC_PER_TICK >= (u64)MAX_SCHEDULE_TIMEOUT)
			schedule_timeout(MAX_SCHEDULE_TIMEOUT);
		else
			schedule_timeout((long)((left_ns + NSEC_PER_TICK - 1) / NSEC_PER_TICK));
	}
}

static u64 deadline_after(u64 now, u64 ns)
{
	return ns > ~0ULL - now ? ~0ULL : now + ns;
}

/* After -EINTR of a relative sleep: the time left, into rem if given. */
static int put_remaining(u64 deadline, struct __kernel_timespec __user *rem)
{
	u64 now = ktime_get_ns();

	if (rem && put_timespec64(deadline > now ? deadline - now : 0, rem))
		return -EFAULT;
	return -EINTR;
}

/* nanosleep(req, rem) */
long sys_nanosleep(struct pt_regs *regs)
{
	u64 ns, deadline;
	int err = get_timespec64_ns((const struct __kernel_timespec __user *)regs->rdi, &ns);

	if (err)
		return err;
	deadline = deadline_after(ktime_get_ns(), ns);
	err = do_nanosleep(deadline);
	if (err == -EINTR)
		return put_remaining(deadline, (struct __kernel_timespec __user *)regs->rsi);
	return err;
}

/*
 * clock_nanosleep(clockid, flags, req, rem): relative or TIMER_ABSTIME on
 * the wall or monotonic clocks.  An absolute CLOCK_REALTIME deadline is
 * turned into a monotonic one at the start (Linux re-arms it if the
 * clock is set meanwhile).  The CPU-time clocks are -EINVAL here (Linux
 * sleeps on the process clock until the process has used that much).
 */
long sys_clock_nanosleep(struct pt_regs *regs)
{
	int id = (int)regs->rdi, err;
	bool abs = regs->rsi & TIMER_ABSTIME;
	u64 ns, now, mono = ktime_get_ns(), deadline;

	if (id == CLOCK_PROCESS_CPUTIME_ID || id == CLOCK_THREAD_CPUTIME_ID ||
	    id == CLOCK_MONOTONIC_RAW || clock_read_ns(id, &now))
		return -EINVAL;
	err = get_timespec64_ns((const struct __kernel_timespec __user *)regs->rdx, &ns);
	if (err)
		return err;
	if (!abs)
		deadline = deadline_after(mono, ns);
	else
		deadline = ns <= now ? mono : deadline_after(mono, ns - now);
	err = do_nanosleep(deadline);
	if (err == -EINTR && !abs)
		return put_remaining(deadline, (struct __kernel_timespec __user *)regs->r10);
	return err;
}
