/*
 * uapi/resource.h - resource limits and usage (Linux x86_64 ABI):
 * struct rlimit, the RLIMIT_* numbers, struct rusage, RUSAGE_*.
 * Linux: include/uapi/linux/resource.h, asm-generic/resource.h.
 */
#ifndef UAPI_RESOURCE_H
#define UAPI_RESOURCE_H

#include <uapi/time.h>

#define RLIMIT_CPU		0	/* CPU time in seconds */
#define RLIMIT_FSIZE		1	/* largest file */
#define RLIMIT_DATA		2	/* data + heap + private mappings */
#define RLIMIT_STACK		3
#define RLIMIT_CORE		4
#define RLIMIT_RSS		5
#define RLIMIT_NPROC		6
#define RLIMIT_NOFILE		7
#define RLIMIT_MEMLOCK		8
#define RLIMIT_AS		9
#define RLIMIT_LOCKS		10
#define RLIMIT_SIGPENDING	11
#define RLIMIT_MSGQUEUE		12
#define RLIMIT_NICE		13
#define RLIMIT_RTPRIO		14
#define RLIMIT_RTTIME		15
#define RLIM_NLIMITS		16

#define RLIM_INFINITY		(~0UL)

/* Linux's default soft/hard values for the limits that are not infinite. */
#define _STK_LIM		(8UL << 20)	/* RLIMIT_STACK soft: 8 MiB */
#define INR_OPEN_CUR		1024		/* RLIMIT_NOFILE soft */
#define INR_OPEN_MAX		4096		/* RLIMIT_NOFILE hard */
#define MLOCK_LIMIT		(8UL << 20)	/* RLIMIT_MEMLOCK: 8 MiB (Linux 5.16+) */
#define MQ_BYTES_MAX		819200		/* RLIMIT_MSGQUEUE */

struct rlimit {
	unsigned long rlim_cur;	/* soft limit */
	unsigned long rlim_max;	/* hard limit */
};

/* prlimit64(2)'s (the same layout on x86_64). */
struct rlimit64 {
	u64 rlim_cur;
	u64 rlim_max;
};

#define RUSAGE_SELF		0
#define RUSAGE_CHILDREN		(-1)
#define RUSAGE_THREAD		1

struct rusage {
	struct __kernel_old_timeval ru_utime;
	struct __kernel_old_timeval ru_stime;
	long ru_maxrss;		/* KiB */
	long ru_ixrss;
	long ru_idrss;
	long ru_isrss;
	long ru_minflt;
	long ru_majflt;
	long ru_nswap;
	long ru_inblock;
	long ru_oublock;
	long ru_msgsnd;
	long ru_msgrcv;
	long ru_nsignals;
	long ru_nvcsw;
	long ru_nivcsw;
};

#endif
