/* sprintf.h - formatted output into a buffer (lib/vsprintf.c). */
#ifndef MNEME_SPRINTF_H
#define MNEME_SPRINTF_H

#include <stdarg.h>
#include <mneme/compiler.h>
#include <mneme/types.h>

/*
 * C99 semantics: returns the length the full output would have, writes at
 * most size bytes including the terminating NUL (always NUL-terminated when
 * size > 0).  scnprintf() returns what was actually written instead.
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%, flags - 0 + space #, width and
 * precision (also as *), lengths hh h l ll z t j.  %p prints the full
 * 0x-prefixed 64-bit value (Linux hashes pointers; a teaching kernel shows
 * them).
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
__printf(3, 4) int snprintf(char *buf, size_t size, const char *fmt, ...);
int vscnprintf(char *buf, size_t size, const char *fmt, va_list args);
__printf(3, 4) int scnprintf(char *buf, size_t size, const char *fmt, ...);

#endif
