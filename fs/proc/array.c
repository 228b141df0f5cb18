/*
 * fs/proc/array.c - /proc/<pid>/stat, statm and status: what ps, top and
 * free read about a process, in Linux's formats.
 *
 * stat is one line of 52 fields in Linux's order (man 5 proc): fields
 * that Mneme has no notion of yet print as Linux prints them for a task
 * without them (0, or -1 for tpgid without a terminal).  Times are in
 * clock ticks (USER_HZ, which is HZ here); starttime counts from boot.
 * Memory: sizes are the sum of the VMAs (mm->total_vm, hiwater_vm), the
 * resident set is get_mm_rss() (pages mapped now, by demand paging).
 * Kernel threads have no mm: zeros in stat, no Vm lines in status (as
 * Linux).  The caller holds the task from lookup to the end of the show.
 * Linux: fs/proc/array.c, fs/proc/task_mmu.c (task_mem, task_statm).
 */
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/pgtable.h>
#include <mneme/sched.h>
#include <mneme/vmstat.h>
#include <mneme/time.h>
#include <uapi/resource.h>
#include <uapi/time.h>
#include "internal.h"

#define NSEC_PER_USER_TICK	(NSEC_PER_SEC / USER_HZ)
#define DEFAULT_PRIO_FIELD	20	/* SCHED_OTHER at nice 0: prio 120 - 100 */
#define SIGCHLD_NR		17	/* what a child's parent is sent at exit */
#define K(pages)		((unsigned long)(pages) << (PAGE_SHIFT - 10))

char task_state_char(const struct task_struct *task)
{
	if (task->exit_state == EXIT_ZOMBIE)
		return 'Z';
	if (task->state == TASK_RUNNING)
		return 'R';
	if (task->state & TASK_INTERRUPTIBLE)
		return 'S';
	if (task->state & TASK_UNINTERRUPTIBLE)
		return 'D';
	return 'X';
}

static const char *task_state_name(char c)
{
	switch (c) {
	case 'R': return "R (running)";
	case 'S': return "S (sleeping)";
	case 'D': return "D (disk sleep)";
	case 'Z': return "Z (zombie)";
	default: return "X (dead)";
	}
}

static int task_ppid(const struct task_struct *task)
{
	return task->parent && task->parent != task ? task->parent->pid : 0;
}

static unsigned long mm_vm_pages(const struct mm_struct *mm)
{
	return mm ? mm->total_vm : 0;
}

static unsigned long mm_rss_pages(const struct mm_struct *mm)
{
	return mm ? get_mm_rss(mm) : 0;
}

/* Fields 1-24: who, state, family, faults, times, memory. */
static void stat_first_half(struct seq_file *m, const struct task_struct *t)
{
	const struct mm_struct *mm = t->mm;

	seq_printf(m, "%d (%s) %c %d %d %d 0 -1 %u %lu %lu %lu %lu ", t->pid, t->comm,
		   task_state_char(t), task_ppid(t), t->pgrp, t->session, t->flags,
		   t->min_flt, t->cmin_flt, t->maj_flt, t->cmaj_flt);
	seq_printf(m, "%llu %llu %llu %llu %d 0 1 0 %llu %lu %lu ",
		   (unsigned long long)t->utime, (unsigned long long)t->stime,
		   (unsigned long long)t->cutime, (unsigned long long)t->cstime,
		   DEFAULT_PRIO_FIELD, (unsigned long long)(t->start_time / NSEC_PER_USER_TICK),
		   mm_vm_pages(mm) * PAGE_SIZE, mm_rss_pages(mm));
}

int proc_pid_stat(struct seq_file *m, struct task_struct *t)
{
	const struct mm_struct *mm = t->mm;

	stat_first_half(m, t);
	/* 25-34: rsslim startcode endcode startstack kstkesp kstkeip, four signal masks */
	seq_printf(m, "%lu %lu %lu %lu 0 0 0 0 0 0 ", t->rlim[RLIMIT_RSS].rlim_cur,
		   mm ? mm->start_code : 0, mm ? mm->end_code : 0, mm ? mm->start_stack : 0);
	/* 35-44: wchan nswap cnswap exit_signal processor rt_priority policy blkio guest cguest */
	seq_printf(m, "0 0 0 %d 0 0 0 0 0 0 ", SIGCHLD_NR);
	/* 45-52: start_data end_data start_brk arg_start arg_end env_start env_end exit_code */
	seq_printf(m, "%lu %lu %lu %lu %lu %lu %lu %d\n", mm ? mm->start_data : 0,
		   mm ? mm->end_data : 0, mm ? mm->start_brk : 0, mm ? mm->arg_start : 0,
		   mm ? mm->arg_end : 0, mm ? mm->env_start : 0, mm ? mm->env_end : 0,
		   t->exit_state == EXIT_ZOMBIE ? t->exit_code : 0);
	return 0;
}

/* size resident shared text lib data dt, in pages. */
int proc_pid_statm(struct seq_file *m, struct task_struct *t)
{
	const struct mm_struct *mm = t->mm;
	unsigned long size = mm_vm_pages(mm), text = 0;

	if (mm && mm->end_code > mm->start_code)
		text = min((unsigned long)(PAGE_ALIGN(mm->end_code - mm->start_code) >> PAGE_SHIFT), size);
	seq_printf(m, "%lu %lu 0 %lu 0 %lu 0\n", size, mm_rss_pages(mm), text,
		   mm ? mm->data_vm + mm->stack_vm : 0);
	return 0;
}

static void status_ids(struct seq_file *m, const struct cred *c)
{
	seq_printf(m, "Uid:\t%u\t%u\t%u\t%u\n", c->uid, c->euid, c->suid, c->fsuid);
	seq_printf(m, "Gid:\t%u\t%u\t%u\t%u\n", c->gid, c->egid, c->sgid, c->fsgid);
	seq_puts(m, "Groups:\t");
	for (int i = 0; i < c->ngroups; i++)
		seq_printf(m, "%u ", c->groups[i]);
	seq_putc(m, '\n');
}

static void status_mem(struct seq_file *m, const struct task_struct *t)
{
	const struct mm_struct *mm = t->mm;

	if (!mm)
		return;
	seq_printf(m, "VmPeak:\t%8lu kB\nVmSize:\t%8lu kB\n", K(max(mm->hiwater_vm, mm->total_vm)),
		   K(mm->total_vm));
	seq_printf(m, "VmHWM:\t%8lu kB\nVmRSS:\t%8lu kB\n", K(get_mm_hiwater_rss(mm)),
		   K(get_mm_rss(mm)));
	seq_printf(m, "VmPTE:\t%8lu kB\n", K(mm->nr_pgtables));
}

int proc_pid_status(struct seq_file *m, struct task_struct *t)
{
	seq_printf(m, "Name:\t%s\nUmask:\t0022\nState:\t%s\n", t->comm,
		   task_state_name(task_state_char(t)));
	seq_printf(m, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n", t->pid,
		   t->pid, task_ppid(t));
	status_ids(m, &t->cred);
	status_mem(m, t);
	seq_printf(m, "Threads:\t1\n");
	seq_printf(m, "voluntary_ctxt_switches:\t%lu\nnonvoluntary_ctxt_switches:\t%lu\n",
		   t->nvcsw, t->nivcsw);
	return 0;
}
