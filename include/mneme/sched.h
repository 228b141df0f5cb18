/*
 * sched.h - tasks and the scheduler interface.
 *
 * A task is a kernel stack plus what the scheduler needs to stop it and
 * start it again: the saved stack pointer (thread.sp; the callee-saved
 * registers sit on the stack itself), the FPU/SSE registers (fpu, an
 * fxsave image), its state, and its place on the run list.  A user
 * process is a task with an mm (its address space); files and signals
 * join the struct with the rest of user space, where the comments say.
 *
 * Kernel stacks are THREAD_SIZE (16 KiB) from vmalloc, so the page below
 * each is unmapped (the guard page of the area below it, or free space):
 * an overflow faults at once instead of overwriting a neighbour.
 *
 * Preemption model: Linux's CONFIG_PREEMPT_NONE.  The tick only sets
 * TIF_NEED_RESCHED; the switch happens when the running task calls
 * schedule(), cond_resched(), or sleeps (and, from the syscall work on,
 * on return to user mode).  Kernel code is never preempted from the
 * interrupt return path, so code between two such calls runs as one
 * piece on this single CPU.  See kernel/sched/core.c.
 *
 * Linux: include/linux/sched.h, kernel/fork.c (alloc_thread_stack_node()).
 */
#ifndef MNEME_SCHED_H
#define MNEME_SCHED_H

#include <mneme/compiler.h>
#include <mneme/cred.h>
#include <mneme/list.h>
#include <mneme/signal.h>
#include <mneme/time.h>
#include <mneme/timer.h>
#include <mneme/types.h>
#include <mneme/wait.h>
#include <uapi/resource.h>

#define THREAD_SIZE	(16UL << 10)
#define TASK_COMM_LEN	16
#define PID_MAX		4096		/* pids are 0 .. PID_MAX-1 */

/* task->state (Linux's __state values). */
#define TASK_RUNNING		0x0000	/* on the run list, or running */
#define TASK_INTERRUPTIBLE	0x0001	/* asleep; a signal wakes it too */
#define TASK_UNINTERRUPTIBLE	0x0002	/* asleep until its wake-up */
#define TASK_STOPPED		0x0004	/* stopped by SIGSTOP & co. until SIGCONT */
#define TASK_DEAD		0x0080	/* has run for the last time */
/* task->exit_state */
#define EXIT_ZOMBIE		0x0020	/* exited, waiting to be reaped */
#define EXIT_DEAD		0x0010	/* exited, reaps itself (parent ignores SIGCHLD) */

/* task->flags */
#define PF_EXITING		0x00000004
#define PF_FORKNOEXEC		0x00000040	/* forked but has not exec'd */
#define PF_KTHREAD		0x00200000
#define PF_KTHREAD_SHOULD_STOP	0x00000001	/* Linux: KTHREAD_SHOULD_STOP */

/* task->thread_info.flags */
#define TIF_NEED_RESCHED	3

/* Round-robin quantum, in ticks (Linux's old RR_TIMESLICE is 100 ms). */
#define SCHED_TIMESLICE		(HZ / 10)	/* 100 ms */

#define MAX_SCHEDULE_TIMEOUT	((long)(~0UL >> 1))

struct vm_struct;
struct pt_regs;
struct files_struct;
struct fs_struct;

struct thread_info {
	unsigned long flags;		/* TIF_* bits */
};

/* The x87/SSE registers as fxsave writes them (512 bytes, 16-aligned). */
struct fxregs_state {
	u16 cwd, swd, twd, fop;
	u64 rip, rdp;
	u32 mxcsr, mxcsr_mask;
	u8 rest[480];
} __aligned(16);

/* What __switch_to_asm saves and restores (arch/x86/switch_to.asm). */
struct thread_struct {
	unsigned long sp;		/* kernel rsp while switched out */
	unsigned long fsbase;		/* user FS base (TLS), arch_prctl(ARCH_SET_FS) */
	/* The last user fault, for the signal frame's sigcontext. */
	unsigned long cr2, trap_nr, error_code;
};

struct task_struct {
	struct thread_info thread_info;	/* first, as in Linux */
	struct thread_struct thread;	/* offset 8: TASK_threadsp in switch_to.asm */
	volatile long state;		/* TASK_* */
	int exit_state;			/* 0 or EXIT_ZOMBIE */
	unsigned int flags;		/* PF_* */
	int pid;
	char comm[TASK_COMM_LEN];

	void *stack;			/* lowest address of the kernel stack */
	struct vm_struct *stack_vm_area;

	/* Scheduling: on the run list while TASK_RUNNING (on_rq). */
	struct list_head run_list;
	bool on_rq;
	unsigned int time_slice;	/* ticks left in this turn */
	unsigned long nvcsw, nivcsw;	/* switches by sleeping / by yielding */

	/*
	 * CPU time in ticks, charged by the tick to the mode it interrupted
	 * (kernel/sched/cputime.c), and page-fault counts (0 until the
	 * demand-paging issue counts faults).  The c* fields sum the reaped
	 * children's (and their children's), as Linux's signal_struct does.
	 */
	u64 utime, stime;
	u64 cutime, cstime;
	unsigned long min_flt, maj_flt, cmin_flt, cmaj_flt;
	unsigned long cnvcsw, cnivcsw;
	unsigned long maxrss, cmaxrss;	/* peak resident pages of our mms / of a child */
	u64 start_time;			/* ktime_get_ns() at fork */

	/* Family: parent reaps us; children and sibling link the tree. */
	struct task_struct *parent;
	struct list_head children;
	struct list_head sibling;
	struct list_head tasks;		/* on the list of all tasks */
	wait_queue_head_t wait_chldexit;	/* our waiters for a child's exit */
	int exit_code;
	int exit_signal;		/* sent to the parent at exit: clone's low byte */

	/* Job control: process group and session ids (inherited at fork). */
	int pgrp;
	int session;
	/*
	 * Job control stops (kernel/signal.c): what the parent's wait4()
	 * has still to hear, with WUNTRACED (a stop) or WCONTINUED.
	 */
	int stop_signal;		/* the stopping signal, 0 when running */
	bool stop_unreported;
	bool cont_unreported;

	/* Signals (kernel/signal.c), one thread per process. */
	sigset_t blocked;
	sigset_t saved_sigmask;		/* rt_sigsuspend's mask, put back after the handler */
	bool restore_sigmask;
	struct sigpending pending;
	struct sighand_struct sighand;	/* Linux: a shared, counted sighand_struct */
	unsigned long sas_ss_sp;	/* sigaltstack */
	unsigned long sas_ss_size;
	struct timer_list real_timer;	/* ITIMER_REAL, alarm(): SIGALRM when it fires */
	u64 it_real_incr;		/* its interval in jiffies (0: one shot) */

	/* A kernel thread's function, until ret_from_fork calls it. */
	int (*threadfn)(void *data);
	void *data;

	struct cred cred;		/* ids, copied at fork (mneme/cred.h) */
	struct rlimit rlim[RLIM_NLIMITS];	/* copied at fork (kernel/sys_resource.c) */

	/* The user address space; NULL for kernel threads (they use init_mm). */
	struct mm_struct *mm;
	/* Open files and root/cwd (<mneme/fdtable.h>); NULL for kernel threads. */
	struct files_struct *files;
	struct fs_struct *fs;
	/*
	 * Linux keeps wait_chldexit, rlim and the children's usage counters in
	 * signal_struct, shared by threads; one thread per process here.
	 */

	struct fxregs_state fpu;	/* saved on every switch (eager FPU) */
};

/* Task 0, "swapper/0": the boot CPU's own flow of control. */
extern struct task_struct init_task;
/* The running task (one CPU; Linux reads it from a per-CPU variable). */
extern struct task_struct *current_task;
#define current	current_task

static inline unsigned long task_stack_bottom(const struct task_struct *tsk)
{
	return (unsigned long)tsk->stack;
}
static inline unsigned long task_stack_top(const struct task_struct *tsk)
{
	return (unsigned long)tsk->stack + THREAD_SIZE;
}

static inline void set_tsk_need_resched(struct task_struct *p)
{
	p->thread_info.flags |= 1UL << TIF_NEED_RESCHED;
}
static inline void clear_tsk_need_resched(struct task_struct *p)
{
	p->thread_info.flags &= ~(1UL << TIF_NEED_RESCHED);
}
static inline bool test_tsk_need_resched(const struct task_struct *p)
{
	return READ_ONCE(p->thread_info.flags) & (1UL << TIF_NEED_RESCHED);
}
static inline bool need_resched(void)
{
	return test_tsk_need_resched(current);
}

#define __set_current_state(s)	(current->state = (s))
#define set_current_state(s)	do { barrier(); current->state = (s); barrier(); } while (0)

/* A THREAD_SIZE vmalloc stack for tsk: 0 or -ENOMEM. */
int alloc_thread_stack(struct task_struct *tsk);
void free_thread_stack(struct task_struct *tsk);

/*
 * Move the boot flow of control onto a vmalloc stack for init_task and
 * continue in fn, never to return (the boot stack is left behind).
 */
__noreturn void init_task_move_stack(void (*fn)(void));

/* kernel/sched/core.c */
void sched_init(void);			/* before interrupts are enabled */
void schedule(void);
int cond_resched(void);			/* schedule() if the tick asked: 1 if it did */
void yield(void);			/* to the back of the run queue */
__noreturn void do_task_dead(void);
void cpu_idle(void);			/* one turn of init_task's idle loop */
unsigned int nr_running(void);
void scheduler_tick(void);		/* from the timer interrupt */
int wake_up_process(struct task_struct *p);	/* 1 if it was asleep */
/* Wake p if its state is one of state's bits: 1 if it was woken. */
int wake_up_state(struct task_struct *p, unsigned int state);
void wake_up_new_task(struct task_struct *p);
void schedule_tail(struct task_struct *prev);	/* first thing a new task runs */
unsigned long nr_context_switches(void);

/* kernel/sched/cputime.c */
void account_process_tick(struct task_struct *p, int user_tick);
bool cpu_is_idle(void);			/* kernel/sched/core.c: halted, nothing runnable */
struct mm_struct;
unsigned long get_mm_hiwater_rss(const struct mm_struct *mm);
void task_note_maxrss(struct task_struct *tsk, const struct mm_struct *mm);
void account_reaped_child(struct task_struct *parent, const struct task_struct *p);
/* kernel/sys_resource.c: p's usage (RUSAGE_SELF, _CHILDREN, or both: RUSAGE_BOTH). */
#define RUSAGE_BOTH	(-2)
void getrusage_task(struct task_struct *p, int who, struct rusage *ru);
/* Read (old_rlim) and/or set (new_rlim) p's limit: 0, -EINVAL, -EPERM. */
int do_prlimit(struct task_struct *p, unsigned int resource,
	       const struct rlimit *new_rlim, struct rlimit *old_rlim);
/* kernel/time/posix-timers.c */
u64 task_cputime_ns(const struct task_struct *p);

/* kernel/time/timer.c */
long schedule_timeout(long timeout);	/* jiffies left when woken early */
long schedule_timeout_uninterruptible(long timeout);

/* kernel/fork.c */
void fork_init(void);
/* Start fn(arg) in a new kernel thread, child of current: pid or -errno. */
int kernel_thread(int (*fn)(void *), void *arg, const char *name);
struct task_struct *kthread_create(int (*fn)(void *), void *arg, const char *name);
struct task_struct *kthread_run(int (*fn)(void *), void *arg, const char *name);
void put_task_stack(struct task_struct *tsk);
struct mm_struct *mm_alloc(void);	/* empty user address space */
void mmput(struct mm_struct *mm);	/* free it (not loaded anywhere) */
void exit_mm(void);			/* current gives up its mm */
void free_task(struct task_struct *tsk);
unsigned long nr_tasks(void);		/* tasks with a task_struct, zombies too */
extern unsigned long total_forks;	/* tasks made since boot */

/* kernel/pid.c */
int alloc_pid(void);			/* a free pid, or -EAGAIN */
void free_pid(int pid);
/* The task (zombies too) with this pid, or NULL; interrupts off or one CPU. */
struct task_struct *find_task_by_vpid(int pid);
unsigned long nr_pids_in_use(void);
int last_allocated_pid(void);

/* kernel/exit.c */
__noreturn void do_exit(long code);
/* Free a reaped (or self-reaping, EXIT_DEAD) task's pid and task_struct. */
void release_task(struct task_struct *p);
/* Reap child pid (-1: any), uninterruptibly; exit code in *stat: pid, or -ECHILD. */
int kernel_wait(int pid, int *stat);
/* Who adopts orphans: pid 1 while it runs, else init_task. */
extern struct task_struct *child_reaper;
#define WNOHANG		0x00000001	/* wait4(): do not block (Linux's value) */
#define WUNTRACED	0x00000002	/* wait4(): report stopped children too */
#define WCONTINUED	0x00000008	/* wait4(): report continued children too */
/*
 * wait4()'s wait, interruptible: pid > 0 that child, -1 any, 0 our
 * process group, < -1 group -pid.  The child's pid (0 with WNOHANG and
 * nothing to report), -ECHILD, or -ERESTARTSYS when a signal came.
 */
int kernel_wait4(int pid, int *stat, int options, struct rusage *ru);	/* ru: the child's usage, or NULL */
/* fork()/vfork()/clone(): a copy of current returning to regs with rax 0. */
long do_fork(struct pt_regs *regs, unsigned long clone_flags, unsigned long newsp);
bool kthread_should_stop(void);
/* Ask k to stop, wait for it, reap it: its exit code.  Only k's parent. */
int kthread_stop(struct task_struct *k);

/* arch/x86/process_64.c */
void copy_thread(struct task_struct *p);
struct task_struct *__switch_to(struct task_struct *prev, struct task_struct *next);
void fpu_init_task(struct task_struct *p);
/* fork: the child gets current's live FPU registers and FS base. */
void arch_dup_task_state(struct task_struct *p);
/* exec: a fresh FPU state and no TLS base. */
void arch_setup_new_exec(void);
/* A forked child's thread function: into user mode on the saved frame. */
int ret_to_user_after_fork(void *regs);
/* arch/x86/switch_to.asm: returns the task we switched away from. */
struct task_struct *__switch_to_asm(struct task_struct *prev, struct task_struct *next);

#endif
