/* crash.h - crash=MODE on the command line (kernel/crash.c). */
#ifndef MNEME_CRASH_H
#define MNEME_CRASH_H

/* Trigger the fault named by mode; returns only if mode is unknown. */
void crash_trigger(const char *mode);

#endif
