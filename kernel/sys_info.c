/*
 * kernel/sys_info.c - what a process may ask about the system and its
 * CPU: uname, sethostname, sysinfo, prctl's name, the scheduler's
 * affinity and policy queries, getcpu; and the calls we refuse quietly.
 *
 * Data: the uts name (init_uts_ns; Linux keeps one per UTS namespace),
 * changed only by sethostname/setdomainname.  sysinfo(2) reports the
 * buddy allocator's totals in bytes (mem_unit 1, as Linux on 64-bit), no
 * swap yet, loads 0 (no load average is kept), and the number of tasks.
 * One CPU, so every affinity mask is {0}, the only policy SCHED_OTHER.
 * set_robust_list(2) and rseq(2) say -ENOSYS without the "not
 * implemented" log line: musl and glibc call them at every start and
 * carry on without (robust futexes and restartable sequences matter
 * only with threads).  Locking: none needed on one CPU; the uts name is
 * copied whole while no one can change it (no preemption in the kernel).
 * Linux: kernel/sys.c (newuname, sethostname, sysinfo, prctl),
 * kernel/sched/core.c (sched_getaffinity), kernel/rseq.c.
 */
#include <asm/syscall.h>
#include <mneme/cred.h>
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/sched.h>
#include <mneme/string.h>
#include <mneme/time.h>
#include <mneme/uaccess.h>
#include <mneme/utsname.h>
#include <mneme/version.h>
#include <uapi/errno.h>
#include <uapi/utsname.h>

_Static_assert(sizeof(struct sysinfo) == 112, "struct sysinfo is 112 bytes on x86_64");
_Static_assert(sizeof(struct new_utsname) == 390, "struct new_utsname is 6 x 65 bytes");

#define PR_SET_NAME	15
#define PR_GET_NAME	16
#define SCHED_OTHER	0
#define CPUMASK_BYTES	sizeof(unsigned long)	/* NR_CPUS 1, in whole longs */

struct new_utsname init_uts_ns = {
	.sysname = UTS_SYSNAME,
	.nodename = UTS_NODENAME,
	.release = UTS_RELEASE,
	.version = UTS_VERSION,
	.machine = UTS_MACHINE,
	.domainname = UTS_NODENAME,
};

/* uname(buf) */
long sys_uname(struct pt_regs *regs)
{
	return copy_to_user((void __user *)regs->rdi, &init_uts_ns, sizeof(init_uts_ns)) ?
		-EFAULT : 0;
}

/* Copy a name of len bytes (0 < len <= 64) from user space into field. */
static long set_uts_field(char *field, const struct pt_regs *regs)
{
	char name[__NEW_UTS_LEN];
	unsigned long len = regs->rsi;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (len > __NEW_UTS_LEN)
		return -EINVAL;
	if (copy_from_user(name, (const void __user *)regs->rdi, len))
		return -EFAULT;
	memcpy(field, name, len);
	memset(field + len, 0, __NEW_UTS_LEN + 1 - len);
	return 0;
}

/* sethostname(name, len) */
long sys_sethostname(struct pt_regs *regs)
{
	return set_uts_field(init_uts_ns.nodename, regs);
}

/* setdomainname(name, len) */
long sys_setdomainname(struct pt_regs *regs)
{
	return set_uts_field(init_uts_ns.domainname, regs);
}

/* sysinfo(info) */
long sys_sysinfo(struct pt_regs *regs)
{
	u64 up_ns = ktime_get_ns();
	struct sysinfo info = {
		/* Linux rounds a part second up */
		.uptime = (long)((up_ns + NSEC_PER_SEC - 1) / NSEC_PER_SEC),
		.totalram = totalram_pages * PAGE_SIZE,
		.freeram = nr_free_pages() * PAGE_SIZE,
		.procs = (u16)min(nr_tasks(), 0xffffUL),
		.mem_unit = 1,
	};

	return copy_to_user((void __user *)regs->rdi, &info, sizeof(info)) ? -EFAULT : 0;
}

/* prctl(option, arg2, ...): the task's name; other options -EINVAL. */
long sys_prctl(struct pt_regs *regs)
{
	char comm[TASK_COMM_LEN];
	long len;

	switch (regs->rdi) {
	case PR_SET_NAME:
		len = strncpy_from_user(comm, (const char __user *)regs->rsi, sizeof(comm));
		if (len < 0)
			return len;
		comm[sizeof(comm) - 1] = '\0';
		memcpy(current->comm, comm, sizeof(comm));
		return 0;
	case PR_GET_NAME:
		return copy_to_user((void __user *)regs->rsi, current->comm,
				    sizeof(current->comm)) ? -EFAULT : 0;
	default:
		return -EINVAL;
	}
}

/* pid 0 (the caller) or a live task: 0, -EINVAL (pid < 0) or -ESRCH. */
static int check_sched_pid(int pid)
{
	if (pid < 0)
		return -EINVAL;
	return pid == 0 || find_task_by_vpid(pid) ? 0 : -ESRCH;
}

/* sched_getaffinity(pid, len, mask): bytes written, the mask of CPU 0. */
long sys_sched_getaffinity(struct pt_regs *regs)
{
	unsigned long mask = 1;		/* CPU 0 */
	unsigned long len = regs->rsi;
	int err = check_sched_pid((int)regs->rdi);

	if (err)
		return err;
	if (len < CPUMASK_BYTES || (len & (sizeof(unsigned long) - 1)))
		return -EINVAL;
	if (copy_to_user((void __user *)regs->rdx, &mask, CPUMASK_BYTES))
		return -EFAULT;
	return CPUMASK_BYTES;
}

/* sched_setaffinity(pid, len, mask): any mask that holds CPU 0. */
long sys_sched_setaffinity(struct pt_regs *regs)
{
	unsigned char first = 0;
	int err = check_sched_pid((int)regs->rdi);

	if (err)
		return err;
	if (!regs->rsi)
		return -EINVAL;
	if (copy_from_user(&first, (const void __user *)regs->rdx, 1))
		return -EFAULT;
	return (first & 1) ? 0 : -EINVAL;	/* no CPU of the mask exists */
}

/* sched_getscheduler(pid): SCHED_OTHER for everyone (round robin inside). */
long sys_sched_getscheduler(struct pt_regs *regs)
{
	int err = check_sched_pid((int)regs->rdi);

	return err ? err : SCHED_OTHER;
}

/* sched_getparam(pid, param): priority 0, as SCHED_OTHER has. */
long sys_sched_getparam(struct pt_regs *regs)
{
	int err = check_sched_pid((int)regs->rdi);

	if (err)
		return err;
	return put_user(0, (int __user *)regs->rsi) ? -EFAULT : 0;
}

/* getcpu(cpu, node, cache): CPU 0 on node 0. */
long sys_getcpu(struct pt_regs *regs)
{
	if (regs->rdi && put_user(0U, (unsigned int __user *)regs->rdi))
		return -EFAULT;
	if (regs->rsi && put_user(0U, (unsigned int __user *)regs->rsi))
		return -EFAULT;
	return 0;
}

/* set_robust_list(head, len) and rseq(...): quietly not here (see above). */
long sys_set_robust_list(struct pt_regs *regs)
{
	(void)regs;
	return -ENOSYS;
}

long sys_rseq(struct pt_regs *regs)
{
	(void)regs;
	return -ENOSYS;
}
