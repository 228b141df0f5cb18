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
#define __NR_ioctl		16
#define __NR_writev		20
#define __NR_sched_yield	24
#define __NR_getpid		39
#define __NR_clone		56
#define __NR_fork		57
#define __NR_vfork		58
#define __NR_execve		59
#define __NR_exit		60
#define __NR_wait4		61
#define __NR_getppid		110
#define __NR_arch_prctl		158
#define __NR_gettid		186
#define __NR_set_tid_address	218
#define __NR_exit_group		231

#define NR_syscalls		335	/* one past the last number we size for */

#endif
