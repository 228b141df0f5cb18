/*
 * kernel/sched/cputime.c - charging CPU time to tasks, tick by tick.
 *
 * Every tick (update_process_times()) charges one tick to the running
 * task: to utime if the interrupt came from user mode, to stime if it
 * came from kernel code, and to nobody (the CPU's idle count) if the CPU
 * was halted waiting for work.  This is Linux's tick-based accounting
 * (CONFIG_TICK_CPU_ACCOUNTING, account_process_tick()); a task that
 * always sleeps just before the tick is never charged, which is the
 * known weakness of sampling.  Linux can instead measure exactly at each
 * kernel entry and exit (CONFIG_VIRT_CPU_ACCOUNTING_GEN).
 *
 * When a parent reaps a child (kernel/exit.c), the child's totals and
 * its own children's go into the parent's c* fields: that is what
 * getrusage(RUSAGE_CHILDREN), times() and wait4()'s rusage report.
 *
 * Locking: the tick runs with interrupts off; readers on this one CPU
 * read u64s that the tick writes whole.
 * Linux: kernel/sched/cputime.c, kernel/exit.c (wait_task_zombie()).
 */
#include <mneme/kernel.h>
#include <mneme/kernel_stat.h>
#include <mneme/pgtable.h>
#include <mneme/vmstat.h>
#include <mneme/sched.h>

struct kernel_cpustat kcpustat;

void account_process_tick(struct task_struct *p, int user_tick)
{
	if (cpu_is_idle()) {
		kcpustat.idle++;
	} else if (user_tick) {
		p->utime++;
		kcpustat.user++;
	} else {
		p->stime++;
		kcpustat.system++;
	}
}

/* The peak resident set of mm so far, in pages (Linux: get_mm_hiwater_rss()). */
unsigned long get_mm_hiwater_rss(const struct mm_struct *mm)
{
	return max(mm->hiwater_rss, get_mm_rss(mm));
}

/* Before tsk drops mm (exit, exec): remember its peak (setmax_mm_hiwater_rss()). */
void task_note_maxrss(struct task_struct *tsk, const struct mm_struct *mm)
{
	if (mm)
		tsk->maxrss = max(tsk->maxrss, get_mm_hiwater_rss(mm));
}

/* p is being reaped by parent: p's time and counts become parent's children's. */
void account_reaped_child(struct task_struct *parent, const struct task_struct *p)
{
	parent->cutime += p->utime + p->cutime;
	parent->cstime += p->stime + p->cstime;
	parent->cmin_flt += p->min_flt + p->cmin_flt;
	parent->cmaj_flt += p->maj_flt + p->cmaj_flt;
	parent->cnvcsw += p->nvcsw + p->cnvcsw;
	parent->cnivcsw += p->nivcsw + p->cnivcsw;
	parent->cmaxrss = max(parent->cmaxrss, max(p->maxrss, p->cmaxrss));
}
