/*
 * kernel/fork.c - making tasks: task_structs, kernel stacks, kernel
 * threads.
 *
 * copy_process() builds a task: a task_struct from its own slab cache
 * (16-byte aligned for the fxsave area), a kernel stack, a pid, a place
 * in its parent's children list and on the list of all tasks, and a
 * first stack frame (copy_thread(), arch/x86/process_64.c) that makes
 * its first switch-in land in ret_from_fork, which calls the thread
 * function and then do_exit() with its return value.  kthread_create()
 * leaves the task asleep; wake_up_process() starts it.  The stack goes
 * back in finish_task_switch() after the task's last switch-out
 * (put_task_stack()), the task_struct when the parent reaps it
 * (free_task(), from kernel/exit.c).
 *
 * fork() (do_fork(), at the end) makes a user process the same way: a
 * kernel thread that returns to user mode on a copy of the parent's
 * registers, with a copy of its mm, its file-descriptor table (the same
 * open files, each with one more reference) and its root, cwd and umask
 * (copy_files(), copy_fs() in fs/file.c).  The child gets a copy of the
 * parent's signal actions, mask and alternate stack, and nothing pending
 * (copy_signal_state(), kernel/signal.c); at exit it sends exit_signal,
 * clone's low byte, to its parent.  Linux's copy_process() copies or
 * shares those by clone flags (CLONE_FILES, CLONE_FS, CLONE_SIGHAND), and
 * credentials too.
 *
 * A kernel stack is THREAD_SIZE bytes of vmalloc(), like Linux with
 * CONFIG_VMAP_STACK: the vmalloc area puts an unmapped guard page after
 * every area, so the page below any stack is never mapped, and a stack
 * overflow is a page fault (then a double fault, see arch/x86/traps.c)
 * rather than silent corruption of whatever lies below.
 *
 * init_task starts on the boot stack of boot/head.asm (which has a guard
 * page of its own); once vmalloc works, kernel_main() moves it onto a
 * vmalloc stack (init_task_move_stack()), so the stack-overflow demo and
 * report are those of an ordinary task.  Linux keeps init_task on its
 * static stack for ever; we move it so the lesson is the vmalloc one.
 *
 * stack_overflow_describe() is what the double-fault handler asks: is
 * this stack pointer in the guard page below a known stack?
 * Linux: kernel/fork.c, arch/x86/kernel/traps.c (handle_stack_overflow()).
 */
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <mneme/fdtable.h>
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/mmap.h>
#include <mneme/printk.h>
#include <mneme/sched.h>
#include <mneme/slab.h>
#include <mneme/sprintf.h>
#include <mneme/stackguard.h>
#include <mneme/string.h>
#include <mneme/uaccess.h>
#include <mneme/vma.h>
#include <mneme/vmalloc.h>
#include <uapi/errno.h>

/* The stack pointer may sit a little above the guard after a big push. */
#define STACK_OVERFLOW_SLACK	256

/* Linux's defaults (INIT_RLIMITS); NPROC and SIGPENDING set in fork_init(). */
#define INIT_RLIMITS {							\
	[RLIMIT_CPU]		= { RLIM_INFINITY, RLIM_INFINITY },	\
	[RLIMIT_FSIZE]		= { RLIM_INFINITY, RLIM_INFINITY },	\
	[RLIMIT_DATA]		= { RLIM_INFINITY, RLIM_INFINITY },	\
	[RLIMIT_STACK]		= { _STK_LIM, RLIM_INFINITY },		\
	[RLIMIT_CORE]		= { 0, RLIM_INFINITY },			\
	[RLIMIT_RSS]		= { RLIM_INFINITY, RLIM_INFINITY },	\
	[RLIMIT_NPROC]		= { 0, 0 },				\
	[RLIMIT_NOFILE]		= { INR_OPEN_CUR, INR_OPEN_MAX },	\
	[RLIMIT_MEMLOCK]	= { MLOCK_LIMIT, MLOCK_LIMIT },		\
	[RLIMIT_AS]		= { RLIM_INFINITY, RLIM_INFINITY },	\
	[RLIMIT_LOCKS]		= { RLIM_INFINITY, RLIM_INFINITY },	\
	[RLIMIT_SIGPENDING]	= { 0, 0 },				\
	[RLIMIT_MSGQUEUE]	= { MQ_BYTES_MAX, MQ_BYTES_MAX },	\
	[RLIMIT_NICE]		= { 0, 0 },				\
	[RLIMIT_RTPRIO]		= { 0, 0 },				\
	[RLIMIT_RTTIME]		= { RLIM_INFINITY, RLIM_INFINITY },	\
}

struct task_struct init_task = {
	.pid = 0,
	.comm = "swapper/0",
	.flags = PF_KTHREAD,
	.rlim = INIT_RLIMITS,		/* cred: all zero, root */
};
struct task_struct *current_task = &init_task;

/* Continue on another stack (arch/x86/entry.asm). */
__noreturn void call_on_stack(unsigned long stack_top, void (*fn)(void));

int alloc_thread_stack(struct task_struct *tsk)
{
	void *stack = __vmalloc_node_range(THREAD_SIZE, THREAD_SIZE, VMALLOC_START,
					   VMALLOC_END, GFP_KERNEL, PAGE_KERNEL,
					   (unsigned long)__builtin_return_address(0));

	if (!stack)
		return -ENOMEM;
	tsk->stack = stack;
	tsk->stack_vm_area = find_vm_area(stack);
	return 0;
}

void free_thread_stack(struct task_struct *tsk)
{
	vfree(tsk->stack);
	tsk->stack = NULL;
	tsk->stack_vm_area = NULL;
}

void init_task_move_stack(void (*fn)(void))
{
	if (alloc_thread_stack(&init_task))
		panic("no memory for init_task's kernel stack");
	pr_info("init_task %s: kernel stack [0x%016lx-0x%016lx] from vmalloc, guard page below\n",
		init_task.comm, task_stack_bottom(&init_task), task_stack_top(&init_task));
	call_on_stack(task_stack_top(&init_task), fn);
}

const char *stack_overflow_describe(unsigned long sp)
{
	static char desc[192];
	const struct task_struct *tsk = current;
	unsigned long bottom = task_stack_bottom(tsk);

	if (!tsk->stack || sp < bottom - PAGE_SIZE || sp >= bottom + STACK_OVERFLOW_SLACK)
		return boot_stack_overflow_describe(sp);
	scnprintf(desc, sizeof(desc),
		  "task %s (pid %d): rsp 0x%016lx hit the guard page 0x%016lx below its stack [0x%016lx-0x%016lx]",
		  tsk->comm, tsk->pid, sp, bottom - PAGE_SIZE, bottom,
		  task_stack_top(tsk));
	return desc;
}

/* ---- task_structs and kernel threads -------------------------------- */

static struct kmem_cache *task_struct_cachep;
static unsigned long nr_threads = 1;		/* init_task */
unsigned long total_forks;			/* tasks made since boot (/proc/stat) */

void fork_init(void)
{
	task_struct_cachep = kmem_cache_create("task_struct", sizeof(struct task_struct),
					       __alignof__(struct task_struct), 0, NULL);
	if (!task_struct_cachep)
		panic("no memory for the task_struct cache");
	/* Linux: max_threads / 2, from the memory size; ours: half the pids. */
	init_task.rlim[RLIMIT_NPROC].rlim_cur = PID_MAX / 2;
	init_task.rlim[RLIMIT_NPROC].rlim_max = PID_MAX / 2;
	init_task.rlim[RLIMIT_SIGPENDING] = init_task.rlim[RLIMIT_NPROC];
}

void put_task_stack(struct task_struct *tsk)
{
	free_thread_stack(tsk);
}

void free_task(struct task_struct *tsk)
{
	unsigned long flags;

	BUG_ON(tsk->stack || tsk == &init_task);
	flags = local_irq_save();
	nr_threads--;
	local_irq_restore(flags);
	kmem_cache_free(task_struct_cachep, tsk);
}

unsigned long nr_tasks(void)
{
	return nr_threads;
}

/* Link p under current and onto the list of all tasks. */
static void link_task(struct task_struct *p)
{
	unsigned long flags = local_irq_save();

	p->parent = current;
	list_add_tail(&p->sibling, &current->children);
	list_add_tail(&p->tasks, &init_task.tasks);
	nr_threads++;
	total_forks++;
	local_irq_restore(flags);
}

static void init_task_fields(struct task_struct *p, int (*fn)(void *), void *arg,
			     const char *name)
{
	p->state = TASK_UNINTERRUPTIBLE;	/* until its first wake-up */
	p->flags = PF_KTHREAD;
	p->time_slice = SCHED_TIMESLICE;
	strlcpy(p->comm, name, sizeof(p->comm));
	INIT_LIST_HEAD(&p->run_list);
	INIT_LIST_HEAD(&p->children);
	INIT_LIST_HEAD(&p->sibling);
	INIT_LIST_HEAD(&p->tasks);
	init_waitqueue_head(&p->wait_chldexit);
	p->threadfn = fn;
	p->data = arg;
	p->pgrp = current->pgrp;	/* a child joins its parent's group and session */
	p->session = current->session;
	init_signal_state(p);		/* kernel threads: default actions */
	p->cred = current->cred;	/* ids and limits are inherited */
	memcpy(p->rlim, current->rlim, sizeof(p->rlim));
	p->start_time = ktime_get_ns();
}

static struct task_struct *copy_process(int (*fn)(void *), void *arg,
					const char *name, int *err)
{
	struct task_struct *p = kmem_cache_zalloc(task_struct_cachep, GFP_KERNEL);

	*err = -ENOMEM;
	if (!p)
		return NULL;
	if (alloc_thread_stack(p))
		goto free_task_struct;
	p->pid = alloc_pid();
	if (p->pid < 0) {
		*err = p->pid;
		goto free_stack;
	}
	init_task_fields(p, fn, arg, name);
	copy_thread(p);
	link_task(p);
	return p;

free_stack:
	free_thread_stack(p);
free_task_struct:
	kmem_cache_free(task_struct_cachep, p);
	return NULL;
}

struct task_struct *kthread_create(int (*fn)(void *), void *arg, const char *name)
{
	int err;

	return copy_process(fn, arg, name, &err);
}

struct task_struct *kthread_run(int (*fn)(void *), void *arg, const char *name)
{
	struct task_struct *p = kthread_create(fn, arg, name);

	if (p)
		wake_up_process(p);
	return p;
}

int kernel_thread(int (*fn)(void *), void *arg, const char *name)
{
	int err;
	struct task_struct *p = copy_process(fn, arg, name, &err);

	if (!p)
		return err;
	wake_up_new_task(p);
	return p->pid;
}

/* ---- address spaces ------------------------------------------------------ */

/*
 * VMAs come from their own slab cache (mm/vma.c links them into an mm).
 * Linux keeps these here too, and makes the cache in proc_caches_init().
 */
static struct kmem_cache *vm_area_cachep;

void proc_caches_init(void)
{
	vm_area_cachep = kmem_cache_create("vm_area_struct", sizeof(struct vm_area_struct),
					   __alignof__(struct vm_area_struct), 0, NULL);
	if (!vm_area_cachep)
		panic("no memory for the vm_area_struct cache");
}

struct vm_area_struct *vm_area_alloc(struct mm_struct *mm)
{
	struct vm_area_struct *vma = kmem_cache_zalloc(vm_area_cachep, GFP_KERNEL);

	if (vma) {
		vma->vm_mm = mm;
		RB_CLEAR_NODE(&vma->vm_rb);
		INIT_LIST_HEAD(&vma->shared);	/* on no i_mmap list yet */
	}
	return vma;
}

/* A copy of orig, on no list and in no tree (split, fork). */
struct vm_area_struct *vm_area_dup(const struct vm_area_struct *orig)
{
	struct vm_area_struct *vma = kmem_cache_alloc(vm_area_cachep, GFP_KERNEL);

	if (vma) {
		*vma = *orig;
		vma->vm_next = vma->vm_prev = NULL;
		RB_CLEAR_NODE(&vma->vm_rb);
		INIT_LIST_HEAD(&vma->shared);	/* not orig's place on i_mmap */
	}
	return vma;
}

void vm_area_free(struct vm_area_struct *vma)
{
	kmem_cache_free(vm_area_cachep, vma);
}

/*
 * A new, empty user address space: a PGD sharing the kernel half.  One
 * task uses an mm for now (no threads, fork copies), so there is no
 * reference count yet (Linux: mm_users, mm_count).
 */
struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = kzalloc(sizeof(*mm), GFP_KERNEL);

	if (!mm)
		return NULL;
	if (!pgd_alloc(mm)) {
		kfree(mm);
		return NULL;
	}
	return mm;
}

/* Free an address space that no CPU has loaded: pages, tables, PGD. */
void mmput(struct mm_struct *mm)
{
	exit_mmap(mm);
	WARN_ON(get_mm_rss(mm) || mm->nr_pgtables);
	pgd_free(mm);
	kfree(mm);
}

/* ---- fork ----------------------------------------------------------------- */

#define CSIGNAL			0x000000ff	/* the signal sent to the parent at exit */
#define CLONE_VM		0x00000100
#define CLONE_VFORK		0x00004000
#define CLONE_SETTLS		0x00080000
#define CLONE_PARENT_SETTID	0x00100000
#define CLONE_CHILD_CLEARTID	0x00200000
#define CLONE_CHILD_SETTID	0x01000000
/* The fork-like clones: glibc's fork(), musl's posix_spawn (vm|vfork). */
#define CLONE_FORK_LIKE		(CSIGNAL | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | \
				 CLONE_CHILD_CLEARTID | CLONE_SETTLS)

/*
 * A copy of oldmm: its layout and counters, then its VMAs and page
 * tables, the pages shared copy-on-write (dup_mmap(), mm/mmap.c).
 */
static struct mm_struct *dup_mm(struct mm_struct *oldmm)
{
	struct mm_struct *mm = mm_alloc();
	pgd_t *pgd;

	if (!mm)
		return NULL;
	pgd = mm->pgd;
	*mm = *oldmm;
	mm->pgd = pgd;
	mm->mmap = NULL;
	mm->mm_rb = RB_ROOT;
	mm->map_count = 0;
	mm->highest_vm_end = 0;
	mm->nr_pgtables = 0;
	memset(mm->rss_stat, 0, sizeof(mm->rss_stat));
	mm->hiwater_rss = 0;
	if (dup_mmap(mm, oldmm)) {
		mmput(mm);
		return NULL;
	}
	return mm;
}

/*
 * Write a tid into the child's copy of its memory (CLONE_CHILD_SETTID):
 * a write fault in the child's mm first, so a copy-on-write page is
 * copied rather than written under the parent's feet.
 */
static void set_child_tid(struct mm_struct *mm, unsigned long uaddr, int pid)
{
	struct page *page = NULL;

	if (!(uaddr & 3) && !fixup_user_fault(mm, uaddr, FAULT_FLAG_WRITE))
		page = follow_user_page(mm, uaddr);

	if (page)
		*(int *)((char *)page_address(page) + (uaddr & (PAGE_SIZE - 1))) = pid;
}

/*
 * fork(), vfork() and the fork-like clone()s: a new process with a copy
 * of the caller's memory, registers, FPU state and TLS, returning 0 where
 * the parent returns the child's pid.  CLONE_VM|CLONE_VFORK is served as
 * a plain fork: the child gets a copy, not the parent's memory, which is
 * what a vfork child may count on anyway as long as it only execs or
 * exits.  Other clone flags (threads) are -EINVAL.
 */
long do_fork(struct pt_regs *regs, unsigned long clone_flags, unsigned long newsp)
{
	unsigned long extra = clone_flags & ~CLONE_FORK_LIKE;
	struct pt_regs *child_regs;
	struct task_struct *p;

	if (!current->mm || (extra && extra != (CLONE_VM | CLONE_VFORK)))
		return -EINVAL;
	if ((clone_flags & CLONE_SETTLS) && regs->r8 >= TASK_SIZE_MAX)
		return -EPERM;		/* a non-canonical FS base would #GP in the kernel */
	child_regs = kmalloc(sizeof(*child_regs), GFP_KERNEL);
	if (!child_regs)
		return -ENOMEM;
	*child_regs = *regs;
	child_regs->rax = 0;
	if (newsp)
		child_regs->rsp = newsp;
	p = kthread_create(ret_to_user_after_fork, child_regs, current->comm);
	if (!p) {
		kfree(child_regs);
		return -ENOMEM;
	}
	p->mm = dup_mm(current->mm);
	if (!p->mm || copy_files(p) || copy_fs(p)) {
		kthread_stop(p);	/* never ran: it exits at once and is reaped */
		kfree(child_regs);
		return -ENOMEM;
	}
	p->flags = (p->flags & ~PF_KTHREAD) | PF_FORKNOEXEC;
	copy_signal_state(p);		/* handlers, mask, alt stack; nothing pending */
	p->exit_signal = (int)(clone_flags & CSIGNAL);
	arch_dup_task_state(p);
	if (clone_flags & CLONE_SETTLS)
		p->thread.fsbase = regs->r8;
	if (clone_flags & CLONE_CHILD_SETTID)
		set_child_tid(p->mm, regs->r10, p->pid);
	if (clone_flags & CLONE_PARENT_SETTID)
		put_user(p->pid, (int __user *)regs->rdx);
	wake_up_process(p);
	return p->pid;
}
