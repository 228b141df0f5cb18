/*
 * uapi/unistd_64.h - Linux's x86_64 system-call numbers (a fact of the
 * ABI: arch/x86/entry/syscalls/syscall_64.tbl).  Only the numbers Mneme
 * implements or names so far; the table grows with each issue.
 */
#ifndef UAPI_UNISTD_64_H
#define UAPI_UNISTD_64_H

#define __NR_read		0
#define __NR_write		1
#define __NR_mmap		9
#define __NR_mprotect		10
#define __NR_munmap		11
#define __NR_brk		12
#define __NR_rt_sigaction	13
#define __NR_rt_sigprocmask	14
#define __NR_rt_sigreturn	15
#define __NR_ioctl		16
#define __NR_writev		20
#define __NR_sched_yield	24
#define __NR_pause		34
#define __NR_getitimer		36
#define __NR_alarm		37
#define __NR_setitimer		38
#define __NR_getpid		39
#define __NR_clone		56
#define __NR_fork		57
#define __NR_vfork		58
#define __NR_execve		59
#define __NR_exit		60
#define __NR_wait4		61
#define __NR_kill		62
#define __NR_setpgid		109
#define __NR_getppid		110
#define __NR_getpgrp		111
#define __NR_setsid		112
#define __NR_getpgid		121
#define __NR_getsid		124
#define __NR_rt_sigpending	127
#define __NR_rt_sigsuspend	130
#define __NR_sigaltstack	131
#define __NR_arch_prctl		158
#define __NR_gettid		186
#define __NR_tkill		200
#define __NR_set_tid_address	218
#define __NR_exit_group		231
#define __NR_tgkill		234

#define NR_syscalls		335	/* one past the last number we size for */

#endif
