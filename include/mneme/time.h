/*
 * time.h - the monotonic clock.
 *
 * ktime_get_ns() counts nanoseconds since boot: the TSC, calibrated against
 * the PIT at boot (arch/x86/tsc.c).  Before calibration it returns 0.
 * jiffies counts timer ticks (HZ per second).
 */
#ifndef MNEME_TIME_H
#define MNEME_TIME_H

#include <mneme/types.h>

#define HZ		100
#define NSEC_PER_SEC	1000000000ULL
#define NSEC_PER_MSEC	1000000ULL
#define NSEC_PER_USEC	1000ULL

extern volatile u64 jiffies;

u64 ktime_get_ns(void);
void time_mark_boot(void);	/* first thing at boot: time zero */
void tsc_init(void);		/* measure the TSC rate (10 ms, no IRQs) */
void tsc_print(void);		/* log the measured rate */
void time_init(void);		/* start the tick (needs the PIC) */
void mdelay(unsigned int ms);	/* busy-wait */
void timer_tick(void);		/* called from the timer interrupt */

#endif
