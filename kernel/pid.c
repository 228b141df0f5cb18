/*
 * kernel/pid.c - process ids.
 *
 * A bitmap of PID_MAX bits, one per pid; pid 0 is init_task's for ever.
 * alloc_pid() hands out the next free pid after the last one given,
 * wrapping round (so a pid just freed is not reused at once, as on
 * Linux); a pid stays taken from copy_process() until the task is reaped
 * (release_task()), zombie included, so no two tasks ever share one.
 * Locking: interrupts off (one CPU).  Linux: kernel/pid.c, which keeps
 * struct pid objects in an IDR per pid namespace.
 */
#include <asm/processor.h>
#include <mneme/kernel.h>
#include <mneme/sched.h>
#include <uapi/errno.h>

#define BITS_PER_LONG	64

static unsigned long pidmap[PID_MAX / BITS_PER_LONG] = { 1UL };	/* pid 0 */
static int last_pid;
static unsigned long nr_pids = 1;

static bool pid_taken(int pid)
{
	return pidmap[pid / BITS_PER_LONG] & (1UL << (pid % BITS_PER_LONG));
}

struct task_struct *find_task_by_vpid(int pid)
{
	struct task_struct *p;

	if (pid <= 0 || pid >= PID_MAX || !pid_taken(pid))
		return NULL;
	list_for_each_entry(p, &init_task.tasks, tasks)
		if (p->pid == pid)
			return p;
	return NULL;
}

int alloc_pid(void)
{
	unsigned long flags = local_irq_save();
	int pid = last_pid;

	for (int tries = 0; tries < PID_MAX; tries++) {
		pid = pid + 1 < PID_MAX ? pid + 1 : 1;
		if (pid_taken(pid))
			continue;
		pidmap[pid / BITS_PER_LONG] |= 1UL << (pid % BITS_PER_LONG);
		last_pid = pid;
		nr_pids++;
		local_irq_restore(flags);
		return pid;
	}
	local_irq_restore(flags);
	return -EAGAIN;
}

void free_pid(int pid)
{
	unsigned long flags = local_irq_save();

	BUG_ON(pid <= 0 || pid >= PID_MAX || !pid_taken(pid));
	pidmap[pid / BITS_PER_LONG] &= ~(1UL << (pid % BITS_PER_LONG));
	nr_pids--;
	local_irq_restore(flags);
}

unsigned long nr_pids_in_use(void)
{
	return nr_pids;
}

/* The pid handed out last (/proc/loadavg's last field). */
int last_allocated_pid(void)
{
	return READ_ONCE(last_pid);
}
