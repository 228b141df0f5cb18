/*
 * kernel_stat.h - where the CPU's time went, in ticks: the counters
 * behind /proc/stat's "cpu" line (and busybox top's percentages).
 * One CPU, so one set.  Linux: include/linux/kernel_stat.h (kcpustat).
 */
#ifndef MNEME_KERNEL_STAT_H
#define MNEME_KERNEL_STAT_H

#include <mneme/types.h>

struct kernel_cpustat {
	u64 user;	/* ticks that interrupted user mode */
	u64 system;	/* ticks that interrupted kernel code, not idle */
	u64 idle;	/* ticks that found the CPU halted with nothing to run */
};

extern struct kernel_cpustat kcpustat;

#endif
