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
#define __NR_nanosleep		35
#define __NR_getpid		39
#define __NR_clone		56
#define __NR_fork		57
#define __NR_vfork		58
#define __NR_execve		59
#define __NR_exit		60
#define __NR_wait4		61
#define __NR_uname		63
#define __NR_gettimeofday	96
#define __NR_getrlimit		97
#define __NR_getrusage		98
#define __NR_sysinfo		99
#define __NR_times		100
#define __NR_getuid		102
#define __NR_syslog		103
#define __NR_getgid		104
#define __NR_setuid		105
#define __NR_setgid		106
#define __NR_geteuid		107
#define __NR_getegid		108
#define __NR_getppid		110
#define __NR_getgroups		115
#define __NR_setgroups		116
#define __NR_setresuid		117
#define __NR_getresuid		118
#define __NR_setresgid		119
#define __NR_getresgid		120
#define __NR_setfsuid		122
#define __NR_setfsgid		123
#define __NR_sched_getparam	143
#define __NR_sched_getscheduler	145
#define __NR_prctl		157
#define __NR_arch_prctl		158
#define __NR_setrlimit		160
#define __NR_reboot		169
#define __NR_sethostname	170
#define __NR_setdomainname	171
#define __NR_gettid		186
#define __NR_time		201
#define __NR_sched_setaffinity	203
#define __NR_sched_getaffinity	204
#define __NR_set_tid_address	218
#define __NR_clock_settime	227
#define __NR_clock_gettime	228
#define __NR_clock_getres	229
#define __NR_clock_nanosleep	230
#define __NR_exit_group		231
#define __NR_set_robust_list	273
#define __NR_prlimit64		302
#define __NR_getcpu		309
#define __NR_getrandom		318
#define __NR_rseq		334

#define NR_syscalls		335	/* one past the last number we size for */

#endif
