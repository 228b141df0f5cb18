/*
 * kernel/sys_resource.c - resource limits and resource usage:
 * getrlimit, setrlimit, prlimit64, getrusage and times.
 *
 * Limits: task->rlim[RLIM_NLIMITS], Linux's defaults in init_task
 * (kernel/fork.c), copied at fork and kept across exec.  The rules are
 * Linux's do_prlimit(): soft <= hard or -EINVAL; raising a hard limit
 * needs CAP_SYS_RESOURCE (root); RLIMIT_NOFILE may not exceed nr_open.
 * Only some are enforced so far: NOFILE by the fd table (the VFS);
 * AS, DATA and STACK come with the demand-paging issue; the rest are
 * stored and reported.  Linux keeps the limits in signal_struct, shared
 * by a process's threads; one thread per process makes the task the
 * place.
 *
 * Usage: CPU time is counted in ticks by kernel/sched/cputime.c (HZ is
 * USER_HZ, so times() reports ticks as they are); the children's fields
 * grow when a child is reaped; ru_maxrss is the peak of the mm's
 * resident pages, in KiB; the fault counts stay 0 until the
 * demand-paging issue counts faults.  Locking: a task changes only its
 * own limits, or another's through prlimit64 with interrupts off.
 * Linux: kernel/sys.c (do_prlimit(), getrusage(), do_sys_times()).
 */
#include <asm/processor.h>
#include <asm/syscall.h>
#include <mneme/cred.h>
#include <mneme/kernel.h>
#include <mneme/pgtable.h>
#include <mneme/sched.h>
#include <mneme/string.h>
#include <mneme/time.h>
#include <mneme/uaccess.h>
#include <uapi/errno.h>
#include <uapi/resource.h>
#include <uapi/time.h>

#define SYSCTL_NR_OPEN	(1UL << 20)	/* /proc/sys/fs/nr_open's default */
#define PAGE_SIZE_KB	(PAGE_SIZE / 1024)
#define USEC_PER_TICK	(1000000 / HZ)

/*
 * Read and/or set one limit of p: old (if not NULL) gets the limit
 * before the change.  0, -EINVAL or -EPERM.
 */
int do_prlimit(struct task_struct *p, unsigned int resource,
	       const struct rlimit *new_rlim, struct rlimit *old_rlim)
{
	struct rlimit *rlim;
	unsigned long flags;

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	rlim = &p->rlim[resource];
	if (new_rlim) {
		if (new_rlim->rlim_cur > new_rlim->rlim_max)
			return -EINVAL;
		if (resource == RLIMIT_NOFILE && new_rlim->rlim_max > SYSCTL_NR_OPEN)
			return -EPERM;
		if (new_rlim->rlim_max > rlim->rlim_max && !capable(CAP_SYS_RESOURCE))
			return -EPERM;
	}
	flags = local_irq_save();
	if (old_rlim)
		*old_rlim = *rlim;
	if (new_rlim)
		*rlim = *new_rlim;
	local_irq_restore(flags);
	return 0;
}

/* getrlimit(resource, rlim) */
long sys_getrlimit(struct pt_regs *regs)
{
	struct rlimit r;
	int err = do_prlimit(current, (unsigned int)regs->rdi, NULL, &r);

	if (err)
		return err;
	return copy_to_user((void __user *)regs->rsi, &r, sizeof(r)) ? -EFAULT : 0;
}

/* setrlimit(resource, rlim) */
long sys_setrlimit(struct pt_regs *regs)
{
	struct rlimit r;

	if (copy_from_user(&r, (const void __user *)regs->rsi, sizeof(r)))
		return -EFAULT;
	return do_prlimit(current, (unsigned int)regs->rdi, &r, NULL);
}

/*
 * prlimit64(pid, resource, new, old): pid 0 is the caller.  Another
 * process's limits need the same real uid or root (Linux also checks
 * the other ids and the security module).
 */
long sys_prlimit64(struct pt_regs *regs)
{
	const struct rlimit64 __user *unew = (const void __user *)regs->rdx;
	struct rlimit64 __user *uold = (void __user *)regs->r10;
	struct rlimit new_r, old_r;
	struct task_struct *p = current;
	int pid = (int)regs->rdi, err;

	if (unew) {
		struct rlimit64 r64;

		if (copy_from_user(&r64, unew, sizeof(r64)))
			return -EFAULT;
		new_r.rlim_cur = r64.rlim_cur;
		new_r.rlim_max = r64.rlim_max;
	}
	if (pid) {
		p = find_task_by_vpid(pid);
		if (!p || p->exit_state)
			return -ESRCH;
		if (p->cred.uid != current->cred.uid && !capable(CAP_SYS_RESOURCE))
			return -EPERM;
	}
	err = do_prlimit(p, (unsigned int)regs->rsi, unew ? &new_r : NULL, &old_r);
	if (!err && uold) {
		struct rlimit64 r64 = { old_r.rlim_cur, old_r.rlim_max };

		if (copy_to_user(uold, &r64, sizeof(r64)))
			return -EFAULT;
	}
	return err;
}

static struct __kernel_old_timeval ticks_to_timeval(u64 ticks)
{
	return (struct __kernel_old_timeval){ .tv_sec = (long)(ticks / HZ),
					      .tv_usec = (long)(ticks % HZ * USEC_PER_TICK) };
}

/* p's own peak resident set in pages, counting the mm it has now. */
static unsigned long task_maxrss(const struct task_struct *p)
{
	return p->mm ? max(p->maxrss, get_mm_hiwater_rss(p->mm)) : p->maxrss;
}

void getrusage_task(struct task_struct *p, int who, struct rusage *ru)
{
	u64 utime = 0, stime = 0;
	unsigned long maxrss = 0;

	memset(ru, 0, sizeof(*ru));
	if (who != RUSAGE_CHILDREN) {	/* SELF or BOTH */
		utime += p->utime;
		stime += p->stime;
		ru->ru_minflt += (long)p->min_flt;
		ru->ru_majflt += (long)p->maj_flt;
		ru->ru_nvcsw += (long)p->nvcsw;
		ru->ru_nivcsw += (long)p->nivcsw;
		maxrss = task_maxrss(p);
	}
	if (who != RUSAGE_SELF) {	/* CHILDREN or BOTH */
		utime += p->cutime;
		stime += p->cstime;
		ru->ru_minflt += (long)p->cmin_flt;
		ru->ru_majflt += (long)p->cmaj_flt;
		ru->ru_nvcsw += (long)p->cnvcsw;
		ru->ru_nivcsw += (long)p->cnivcsw;
		maxrss = max(maxrss, p->cmaxrss);
	}
	ru->ru_utime = ticks_to_timeval(utime);
	ru->ru_stime = ticks_to_timeval(stime);
	ru->ru_maxrss = (long)(maxrss * PAGE_SIZE_KB);
}

/* getrusage(who, usage): RUSAGE_SELF, RUSAGE_THREAD (the same), RUSAGE_CHILDREN. */
long sys_getrusage(struct pt_regs *regs)
{
	int who = (int)regs->rdi;
	struct rusage ru;

	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD)
		return -EINVAL;
	getrusage_task(current, who == RUSAGE_THREAD ? RUSAGE_SELF : who, &ru);
	return copy_to_user((void __user *)regs->rsi, &ru, sizeof(ru)) ? -EFAULT : 0;
}

/*
 * times(buf): CPU times in clock ticks (USER_HZ), and the ticks since
 * boot as the result.  Linux starts its count 5 minutes before zero
 * (INITIAL_JIFFIES) so that wrap-around bugs show early; ours starts at 0.
 */
long sys_times(struct pt_regs *regs)
{
	struct tms __user *ubuf = (struct tms __user *)regs->rdi;
	const struct task_struct *p = current;

	if (ubuf) {
		struct tms t = {
			.tms_utime = (long)p->utime, .tms_stime = (long)p->stime,
			.tms_cutime = (long)p->cutime, .tms_cstime = (long)p->cstime,
		};

		if (copy_to_user(ubuf, &t, sizeof(t)))
			return -EFAULT;
	}
	/*
	 * Linux returns jiffies in USER_HZ units.  Under emulation our tick
	 * can fall behind the TSC (late timer interrupts are merged), so the
	 * elapsed count comes from the monotonic clock the jiffies follow.
	 */
	return (long)(ktime_get_ns() / (NSEC_PER_SEC / USER_HZ));
}
