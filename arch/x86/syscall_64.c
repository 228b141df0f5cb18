/*
 * arch/x86/syscall_64.c - the SYSCALL instruction and the system-call table.
 *
 * User space puts the Linux x86_64 syscall number in rax and arguments in
 * rdi, rsi, rdx, r10, r8, r9, then executes `syscall`: the CPU saves rip
 * in rcx and rflags in r11, loads CS/SS from MSR_STAR, masks rflags with
 * MSR_SYSCALL_MASK (interrupts, trap and AC off) and jumps to
 * entry_SYSCALL_64 (MSR_LSTAR) in ring 0, still on the user stack.  The
 * entry (entry.asm) switches to the task's kernel stack through GS
 * (asm/percpu.h), builds a struct pt_regs like an interrupt's, and calls
 * do_syscall_64(), which looks the number up in sys_call_table and puts
 * the result (or -errno) in regs->rax.  The return uses sysret when the
 * frame still says "return to the instruction after syscall" and iret
 * otherwise (a handler that changed rip or rflags, as execve and signals
 * will).
 *
 * An unimplemented number returns -ENOSYS and is logged once with the
 * calling task's name, never panics (DESIGN.md principle 2).
 * Linux: arch/x86/entry/entry_64.S, common.c, syscall_64.c.
 */
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <asm/segment.h>
#include <asm/syscall.h>
#include <asm/desc.h>
#include <mneme/kernel.h>
#include <mneme/pgtable.h>
#include <mneme/printk.h>
#include <mneme/sched.h>
#include <mneme/signal.h>
#include <uapi/errno.h>
#include <uapi/unistd_64.h>

#define MSR_STAR		0xc0000081
#define MSR_LSTAR		0xc0000082
#define MSR_SYSCALL_MASK	0xc0000084
#define EFER_SCE		(1UL << 0)

/* rflags bits cleared on entry: TF, IF, DF, AC, NT (Linux clears more). */
#define X86_EFLAGS_TF	(1UL << 8)
#define X86_EFLAGS_IF	(1UL << 9)
#define X86_EFLAGS_DF	(1UL << 10)
#define X86_EFLAGS_NT	(1UL << 14)
#define X86_EFLAGS_AC	(1UL << 18)
#define X86_EFLAGS_FIXED (1UL << 1)	/* always reads as 1 */
#define SYSCALL_RFLAGS_MASK	(X86_EFLAGS_TF | X86_EFLAGS_IF | X86_EFLAGS_DF | \
				 X86_EFLAGS_NT | X86_EFLAGS_AC)

struct pcpu_hot pcpu_hot;

void entry_SYSCALL_64(void);

/* -ENOSYS, logged once per number (numbers past the table share one log). */
static long sys_ni_syscall(struct pt_regs *regs)
{
	static unsigned long logged[NR_syscalls / 64 + 1];
	unsigned long nr = regs->error_code;	/* orig_rax */
	unsigned long bit = min(nr, (unsigned long)NR_syscalls);

	if (!(logged[bit / 64] & (1UL << (bit % 64)))) {
		logged[bit / 64] |= 1UL << (bit % 64);
		pr_warn("%s[%d]: syscall %lu not implemented, returning -ENOSYS\n",
			current->comm, current->pid, nr);
	}
	return -ENOSYS;
}

static const syscall_fn_t sys_call_table[NR_syscalls] = {
	[__NR_read] = sys_read,
	[__NR_write] = sys_write,
	[__NR_open] = sys_open,
	[__NR_close] = sys_close,
	[__NR_stat] = sys_stat,
	[__NR_fstat] = sys_fstat,
	[__NR_lstat] = sys_lstat,
	[__NR_poll] = sys_poll,
	[__NR_lseek] = sys_lseek,
	[__NR_mmap] = sys_mmap,
	[__NR_mprotect] = sys_mprotect,
	[__NR_munmap] = sys_munmap,
	[__NR_brk] = sys_brk,
	[__NR_rt_sigaction] = sys_rt_sigaction,
	[__NR_rt_sigprocmask] = sys_rt_sigprocmask,
	[__NR_rt_sigreturn] = sys_rt_sigreturn,
	[__NR_ioctl] = sys_ioctl,
	[__NR_pread64] = sys_pread64,
	[__NR_pwrite64] = sys_pwrite64,
	[__NR_readv] = sys_readv,
	[__NR_writev] = sys_writev,
	[__NR_access] = sys_access,
	[__NR_pipe] = sys_pipe,
	[__NR_select] = sys_select,
	[__NR_sched_yield] = sys_sched_yield,
	[__NR_mremap] = sys_mremap,
	[__NR_mincore] = sys_mincore,
	[__NR_madvise] = sys_madvise,
	[__NR_dup] = sys_dup,
	[__NR_dup2] = sys_dup2,
	[__NR_pause] = sys_pause,
	[__NR_nanosleep] = sys_nanosleep,
	[__NR_getitimer] = sys_getitimer,
	[__NR_alarm] = sys_alarm,
	[__NR_setitimer] = sys_setitimer,
	[__NR_getpid] = sys_getpid,
	[__NR_sendfile] = sys_sendfile,
	[__NR_clone] = sys_clone,
	[__NR_fork] = sys_fork,
	[__NR_vfork] = sys_vfork,
	[__NR_execve] = sys_execve,
	[__NR_exit] = sys_exit,
	[__NR_wait4] = sys_wait4,
	[__NR_kill] = sys_kill,
	[__NR_uname] = sys_uname,
	[__NR_fcntl] = sys_fcntl,
	[__NR_fsync] = sys_fsync,
	[__NR_fdatasync] = sys_fsync,
	[__NR_truncate] = sys_truncate,
	[__NR_ftruncate] = sys_ftruncate,
	[__NR_getcwd] = sys_getcwd,
	[__NR_chdir] = sys_chdir,
	[__NR_fchdir] = sys_fchdir,
	[__NR_rename] = sys_rename,
	[__NR_mkdir] = sys_mkdir,
	[__NR_rmdir] = sys_rmdir,
	[__NR_creat] = sys_creat,
	[__NR_link] = sys_link,
	[__NR_unlink] = sys_unlink,
	[__NR_symlink] = sys_symlink,
	[__NR_readlink] = sys_readlink,
	[__NR_chmod] = sys_chmod,
	[__NR_fchmod] = sys_fchmod,
	[__NR_chown] = sys_chown,
	[__NR_fchown] = sys_fchown,
	[__NR_lchown] = sys_lchown,
	[__NR_umask] = sys_umask,
	[__NR_gettimeofday] = sys_gettimeofday,
	[__NR_getrlimit] = sys_getrlimit,
	[__NR_getrusage] = sys_getrusage,
	[__NR_sysinfo] = sys_sysinfo,
	[__NR_times] = sys_times,
	[__NR_getuid] = sys_getuid,
	[__NR_syslog] = sys_syslog,
	[__NR_getgid] = sys_getgid,
	[__NR_setuid] = sys_setuid,
	[__NR_setgid] = sys_setgid,
	[__NR_geteuid] = sys_geteuid,
	[__NR_getegid] = sys_getegid,
	[__NR_setpgid] = sys_setpgid,
	[__NR_getppid] = sys_getppid,
	[__NR_getpgrp] = sys_getpgrp,
	[__NR_setsid] = sys_setsid,
	[__NR_getgroups] = sys_getgroups,
	[__NR_setgroups] = sys_setgroups,
	[__NR_setresuid] = sys_setresuid,
	[__NR_getresuid] = sys_getresuid,
	[__NR_setresgid] = sys_setresgid,
	[__NR_getresgid] = sys_getresgid,
	[__NR_getpgid] = sys_getpgid,
	[__NR_setfsuid] = sys_setfsuid,
	[__NR_setfsgid] = sys_setfsgid,
	[__NR_getsid] = sys_getsid,
	[__NR_rt_sigpending] = sys_rt_sigpending,
	[__NR_rt_sigsuspend] = sys_rt_sigsuspend,
	[__NR_sigaltstack] = sys_sigaltstack,
	[__NR_mknod] = sys_mknod,
	[__NR_sched_getparam] = sys_sched_getparam,
	[__NR_sched_getscheduler] = sys_sched_getscheduler,
	[__NR_prctl] = sys_prctl,
	[__NR_arch_prctl] = sys_arch_prctl,
	[__NR_setrlimit] = sys_setrlimit,
	[__NR_sync] = sys_sync,
	[__NR_mount] = sys_mount,
	[__NR_umount2] = sys_umount2,
	[__NR_reboot] = sys_reboot,
	[__NR_sethostname] = sys_sethostname,
	[__NR_setdomainname] = sys_setdomainname,
	[__NR_gettid] = sys_gettid,
	[__NR_tkill] = sys_tkill,
	[__NR_time] = sys_time,
	[__NR_sched_setaffinity] = sys_sched_setaffinity,
	[__NR_sched_getaffinity] = sys_sched_getaffinity,
	[__NR_getdents64] = sys_getdents64,
	[__NR_set_tid_address] = sys_set_tid_address,
	[__NR_clock_settime] = sys_clock_settime,
	[__NR_clock_gettime] = sys_clock_gettime,
	[__NR_clock_getres] = sys_clock_getres,
	[__NR_clock_nanosleep] = sys_clock_nanosleep,
	[__NR_exit_group] = sys_exit_group,
	[__NR_tgkill] = sys_tgkill,
	[__NR_openat] = sys_openat,
	[__NR_mkdirat] = sys_mkdirat,
	[__NR_mknodat] = sys_mknodat,
	[__NR_fchownat] = sys_fchownat,
	[__NR_newfstatat] = sys_newfstatat,
	[__NR_unlinkat] = sys_unlinkat,
	[__NR_renameat] = sys_renameat,
	[__NR_linkat] = sys_linkat,
	[__NR_symlinkat] = sys_symlinkat,
	[__NR_readlinkat] = sys_readlinkat,
	[__NR_fchmodat] = sys_fchmodat,
	[__NR_faccessat] = sys_faccessat,
	[__NR_pselect6] = sys_pselect6,
	[__NR_ppoll] = sys_ppoll,
	[__NR_set_robust_list] = sys_set_robust_list,
	[__NR_dup3] = sys_dup3,
	[__NR_pipe2] = sys_pipe2,
	[__NR_prlimit64] = sys_prlimit64,
	[__NR_getcpu] = sys_getcpu,
	[__NR_renameat2] = sys_renameat2,
	[__NR_getrandom] = sys_getrandom,
	[__NR_statx] = sys_statx,
	[__NR_rseq] = sys_rseq,
	[__NR_faccessat2] = sys_faccessat2,
};

/*
 * True when sysret can return: rip and rflags are still in rcx and r11
 * (SYSRET reloads them from there) and rip is canonical (a sysret to a
 * non-canonical rip faults in ring 0 on Intel CPUs: the classic
 * CVE-2012-0217).
 */
static bool can_sysret(const struct pt_regs *regs)
{
	return regs->rcx == regs->rip && regs->r11 == regs->rflags &&
	       regs->rip < TASK_SIZE_MAX && !(regs->rflags & (X86_EFLAGS_TF | X86_EFLAGS_NT));
}

bool do_syscall_64(struct pt_regs *regs)
{
	unsigned long nr = regs->error_code;
	syscall_fn_t fn = nr < NR_syscalls ? sys_call_table[nr] : NULL;

	local_irq_enable();
	regs->rax = (fn ? fn : sys_ni_syscall)(regs);
	local_irq_disable();
	exit_to_user_mode(regs);
	return can_sysret(regs);
}

void update_task_stack(unsigned long top)
{
	pcpu_hot.top_of_stack = top;
	cpu_tss.rsp[0] = top;
}

void syscall_init(void)
{
	wrmsr(MSR_STAR, ((u64)__USER32_CS << 48) | ((u64)__KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (u64)entry_SYSCALL_64);
	wrmsr(MSR_SYSCALL_MASK, SYSCALL_RFLAGS_MASK);
	wrmsr(MSR_GS_BASE, (u64)&pcpu_hot);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}

/* The iret half of start_user_thread() (entry.asm). */
__noreturn void start_user_thread_frame(struct pt_regs *frame);

void start_user_thread(unsigned long ip, unsigned long sp)
{
	struct pt_regs regs = {
		.rip = ip, .cs = __USER_CS, .rflags = X86_EFLAGS_IF | X86_EFLAGS_FIXED,
		.rsp = sp, .ss = __USER_DS, .vector = ~0UL, .error_code = ~0UL,
	};

	/* Entries from user mode land at the top of this task's stack. */
	update_task_stack(task_stack_top(current));
	local_irq_disable();
	exit_to_user_mode(&regs);	/* signals kept pending across execve */
	start_user_thread_frame(&regs);	/* the frame is popped where it lies */
}

/*
 * The last stop before any return to user mode (from a syscall or an
 * interrupt), called and returning with interrupts off, so a tick cannot
 * set need_resched between the test and the return unnoticed.  This is
 * where a user program is preempted and where pending signals are
 * delivered: default actions, or a handler's frame pushed on its stack
 * (Linux: exit_to_user_mode_loop()).
 */
void exit_to_user_mode(struct pt_regs *regs)
{
	for (;;) {
		if (need_resched()) {
			local_irq_enable();
			schedule();
			local_irq_disable();
		} else if (signal_pending(current)) {
			local_irq_enable();
			arch_do_signal_or_restart(regs);	/* arch/x86/signal.c */
			local_irq_disable();
		} else {
			return;
		}
	}
}
