/* stacktrace.h - printing the call chain (arch/x86/stacktrace.c). */
#ifndef MNEME_STACKTRACE_H
#define MNEME_STACKTRACE_H

#include <mneme/types.h>

#define STACKTRACE_MAX_DEPTH	24

/* Print "Call Trace:" from a frame pointer (and the faulting ip first). */
void show_stack(unsigned long ip, unsigned long bp, const char *log_level);
/* Backtrace of the caller. */
void dump_stack(void);
/* Fill ips[] with return addresses starting at frame bp; returns count. */
int save_stack_trace(unsigned long bp, unsigned long *ips, int max);

#endif
