/*
 * time.h - the monotonic clock and wall-clock time.
 *
 * ktime_get_ns() counts nanoseconds since boot: the TSC, calibrated against
 * the PIT at boot (arch/x86/time.c).  Before calibration it returns 0.
 * jiffies counts timer ticks (HZ per second).  ktime_get_real_ns() is
 * Unix time in nanoseconds: the RTC read at boot plus ktime_get_ns()
 * (kernel/time/timekeeping.c).
 */
#ifndef MNEME_TIME_H
#define MNEME_TIME_H

#include <mneme/types.h>

#define HZ		100
#define NSEC_PER_SEC	1000000000ULL
#define NSEC_PER_MSEC	1000000ULL
#define NSEC_PER_USEC	1000ULL
#define USEC_PER_SEC	1000000L	/* Linux's, for struct timeval */
#define MSEC_PER_SEC	1000L

extern volatile u64 jiffies;
extern u64 tsc_khz;		/* the TSC's rate (0 until calibrated) */

u64 ktime_get_ns(void);
void time_mark_boot(void);	/* first thing at boot: time zero */
void tsc_init(void);		/* measure the TSC rate (10 ms, no IRQs) */
void tsc_print(void);		/* log the measured rate */
void time_init(void);		/* start the tick (needs the PIC) */
void mdelay(unsigned int ms);	/* busy-wait */
/* kernel/time/timekeeping.c */
void timekeeping_init(void);	/* read the RTC once (after tsc_init()) */
u64 ktime_get_real_ns(void);	/* CLOCK_REALTIME */
int do_settimeofday64(u64 now_ns);
u64 boot_time_seconds(void);	/* Unix time at boot */
void timer_tick(int user_tick);	/* the timer interrupt: 1 if it hit user mode */

#endif
