/*
 * uapi/time.h - clocks and time values as the Linux x86_64 ABI has them:
 * struct timespec, timeval, timezone, tms, the clock ids of
 * clock_gettime(2) and TIMER_ABSTIME.  Linux: include/uapi/linux/time.h,
 * time_types.h, include/uapi/linux/times.h.
 */
#ifndef UAPI_TIME_H
#define UAPI_TIME_H

#include <mneme/types.h>

struct __kernel_timespec {
	s64 tv_sec;
	long tv_nsec;
};

struct __kernel_old_timeval {
	long tv_sec;
	long tv_usec;
};

struct timezone {
	int tz_minuteswest;
	int tz_dsttime;
};

/* times(2): clock ticks (USER_HZ per second). */
struct tms {
	long tms_utime;
	long tms_stime;
	long tms_cutime;
	long tms_cstime;
};

/* What user space counts in: times(2), /proc/<pid>/stat (Linux: 100). */
#define USER_HZ			100

#define CLOCK_REALTIME			0
#define CLOCK_MONOTONIC			1
#define CLOCK_PROCESS_CPUTIME_ID	2
#define CLOCK_THREAD_CPUTIME_ID		3
#define CLOCK_MONOTONIC_RAW		4
#define CLOCK_REALTIME_COARSE		5
#define CLOCK_MONOTONIC_COARSE		6
#define CLOCK_BOOTTIME			7

#define TIMER_ABSTIME			0x01

#endif
