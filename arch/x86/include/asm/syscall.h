/*
 * asm/syscall.h - system calls: the table's function type, the calls
 * implemented so far, and entering user mode.
 *
 * A handler takes the saved user registers and reads its arguments from
 * them in the Linux order (rdi, rsi, rdx, r10, r8, r9); it returns the
 * result or a negative errno, which lands in the user's rax.  Linux
 * generates such wrappers (__x64_sys_write) from SYSCALL_DEFINEn();
 * ours are written by hand.
 */
#ifndef ASM_SYSCALL_H
#define ASM_SYSCALL_H

#include <asm/ptrace.h>
#include <mneme/compiler.h>
#include <mneme/types.h>

typedef long (*syscall_fn_t)(struct pt_regs *regs);

/* Set up SYSCALL/SYSRET and the per-CPU area (arch/x86/syscall_64.c). */
void syscall_init(void);
/* Called by the entry; true when the return may use sysret. */
bool do_syscall_64(struct pt_regs *regs);
/* Work before any return to user mode: rescheduling and signals. */
void exit_to_user_mode(struct pt_regs *regs);

/*
 * Leave the kernel for good in this task: build a user-mode frame at the
 * top of current's kernel stack and iret to ip with stack sp.  Linux:
 * start_thread() plus the return from kernel_execve().
 */
__noreturn void start_user_thread(unsigned long ip, unsigned long sp);

/* kernel/sys.c */
long sys_brk(struct pt_regs *regs);
long sys_set_tid_address(struct pt_regs *regs);
long sys_mmap(struct pt_regs *regs);
long sys_munmap(struct pt_regs *regs);
long sys_mprotect(struct pt_regs *regs);
/* mm/mremap.c, mm/mincore.c, mm/madvise.c */
long sys_mremap(struct pt_regs *regs);
long sys_mincore(struct pt_regs *regs);
long sys_madvise(struct pt_regs *regs);
/* arch/x86/process_64.c */
long sys_arch_prctl(struct pt_regs *regs);
long sys_sched_yield(struct pt_regs *regs);
long sys_getpid(struct pt_regs *regs);
long sys_gettid(struct pt_regs *regs);
long sys_exit(struct pt_regs *regs);
long sys_exit_group(struct pt_regs *regs);
long sys_fork(struct pt_regs *regs);
long sys_vfork(struct pt_regs *regs);
long sys_clone(struct pt_regs *regs);
long sys_wait4(struct pt_regs *regs);
long sys_getppid(struct pt_regs *regs);
long sys_execve(struct pt_regs *regs);
/* kernel/signal.c */
long sys_rt_sigaction(struct pt_regs *regs);
long sys_rt_sigprocmask(struct pt_regs *regs);
long sys_pause(struct pt_regs *regs);
long sys_kill(struct pt_regs *regs);
long sys_rt_sigpending(struct pt_regs *regs);
long sys_rt_sigsuspend(struct pt_regs *regs);
long sys_sigaltstack(struct pt_regs *regs);
long sys_tkill(struct pt_regs *regs);
long sys_tgkill(struct pt_regs *regs);
/* kernel/time/itimer.c */
long sys_getitimer(struct pt_regs *regs);
long sys_alarm(struct pt_regs *regs);
long sys_setitimer(struct pt_regs *regs);
/* arch/x86/signal.c */
long sys_rt_sigreturn(struct pt_regs *regs);
/* kernel/pgrp.c */
long sys_setpgid(struct pt_regs *regs);
long sys_getpgrp(struct pt_regs *regs);
long sys_setsid(struct pt_regs *regs);
long sys_getpgid(struct pt_regs *regs);
long sys_getsid(struct pt_regs *regs);

/* fs/: the VFS's calls, by number */
long sys_read(struct pt_regs *regs);
long sys_write(struct pt_regs *regs);
long sys_open(struct pt_regs *regs);
long sys_close(struct pt_regs *regs);
long sys_stat(struct pt_regs *regs);
long sys_fstat(struct pt_regs *regs);
long sys_lstat(struct pt_regs *regs);
long sys_lseek(struct pt_regs *regs);
long sys_ioctl(struct pt_regs *regs);
long sys_pread64(struct pt_regs *regs);
long sys_pwrite64(struct pt_regs *regs);
long sys_readv(struct pt_regs *regs);
long sys_writev(struct pt_regs *regs);
long sys_access(struct pt_regs *regs);
long sys_dup(struct pt_regs *regs);
long sys_dup2(struct pt_regs *regs);
long sys_sendfile(struct pt_regs *regs);
long sys_fcntl(struct pt_regs *regs);
long sys_truncate(struct pt_regs *regs);
long sys_ftruncate(struct pt_regs *regs);
long sys_getcwd(struct pt_regs *regs);
long sys_chdir(struct pt_regs *regs);
long sys_fchdir(struct pt_regs *regs);
long sys_rename(struct pt_regs *regs);
long sys_mkdir(struct pt_regs *regs);
long sys_rmdir(struct pt_regs *regs);
long sys_creat(struct pt_regs *regs);
long sys_link(struct pt_regs *regs);
long sys_unlink(struct pt_regs *regs);
long sys_symlink(struct pt_regs *regs);
long sys_readlink(struct pt_regs *regs);
long sys_chmod(struct pt_regs *regs);
long sys_fchmod(struct pt_regs *regs);
long sys_chown(struct pt_regs *regs);
long sys_fchown(struct pt_regs *regs);
long sys_lchown(struct pt_regs *regs);
long sys_umask(struct pt_regs *regs);
long sys_mknod(struct pt_regs *regs);
long sys_mount(struct pt_regs *regs);
long sys_umount2(struct pt_regs *regs);
long sys_getdents64(struct pt_regs *regs);
long sys_openat(struct pt_regs *regs);
long sys_mkdirat(struct pt_regs *regs);
long sys_mknodat(struct pt_regs *regs);
long sys_fchownat(struct pt_regs *regs);
long sys_newfstatat(struct pt_regs *regs);
long sys_unlinkat(struct pt_regs *regs);
long sys_renameat(struct pt_regs *regs);
long sys_linkat(struct pt_regs *regs);
long sys_symlinkat(struct pt_regs *regs);
long sys_readlinkat(struct pt_regs *regs);
long sys_fchmodat(struct pt_regs *regs);
long sys_faccessat(struct pt_regs *regs);
long sys_dup3(struct pt_regs *regs);
long sys_renameat2(struct pt_regs *regs);
long sys_statx(struct pt_regs *regs);
long sys_faccessat2(struct pt_regs *regs);
/* fs/pipe.c */
long sys_pipe(struct pt_regs *regs);
long sys_pipe2(struct pt_regs *regs);
/* fs/select.c, fs/sync.c */
long sys_poll(struct pt_regs *regs);
long sys_select(struct pt_regs *regs);
long sys_pselect6(struct pt_regs *regs);
long sys_ppoll(struct pt_regs *regs);
long sys_sync(struct pt_regs *regs);
long sys_fsync(struct pt_regs *regs);

/* kernel/sys_info.c */
long sys_uname(struct pt_regs *regs);
long sys_sethostname(struct pt_regs *regs);
long sys_setdomainname(struct pt_regs *regs);
long sys_sysinfo(struct pt_regs *regs);
long sys_prctl(struct pt_regs *regs);
long sys_sched_getaffinity(struct pt_regs *regs);
long sys_sched_setaffinity(struct pt_regs *regs);
long sys_sched_getscheduler(struct pt_regs *regs);
long sys_sched_getparam(struct pt_regs *regs);
long sys_getcpu(struct pt_regs *regs);
long sys_set_robust_list(struct pt_regs *regs);
long sys_rseq(struct pt_regs *regs);
/* kernel/cred.c */
long sys_getuid(struct pt_regs *regs);
long sys_getgid(struct pt_regs *regs);
long sys_setuid(struct pt_regs *regs);
long sys_setgid(struct pt_regs *regs);
long sys_geteuid(struct pt_regs *regs);
long sys_getegid(struct pt_regs *regs);
long sys_getgroups(struct pt_regs *regs);
long sys_setgroups(struct pt_regs *regs);
long sys_setresuid(struct pt_regs *regs);
long sys_getresuid(struct pt_regs *regs);
long sys_setresgid(struct pt_regs *regs);
long sys_getresgid(struct pt_regs *regs);
long sys_setfsuid(struct pt_regs *regs);
long sys_setfsgid(struct pt_regs *regs);
/* kernel/sys_resource.c */
long sys_getrlimit(struct pt_regs *regs);
long sys_setrlimit(struct pt_regs *regs);
long sys_prlimit64(struct pt_regs *regs);
long sys_getrusage(struct pt_regs *regs);
long sys_times(struct pt_regs *regs);
/* kernel/time/posix-timers.c */
long sys_clock_gettime(struct pt_regs *regs);
long sys_clock_getres(struct pt_regs *regs);
long sys_clock_settime(struct pt_regs *regs);
long sys_gettimeofday(struct pt_regs *regs);
long sys_time(struct pt_regs *regs);
long sys_nanosleep(struct pt_regs *regs);
long sys_clock_nanosleep(struct pt_regs *regs);
/* kernel/random.c, kernel/reboot.c, kernel/syslog.c */
long sys_getrandom(struct pt_regs *regs);
long sys_reboot(struct pt_regs *regs);
long sys_syslog(struct pt_regs *regs);

#endif
