/*
 * err.h - error codes inside pointers, as Linux does it.
 *
 * A function that returns a pointer but has more than one way to fail
 * returns ERR_PTR(-ENOENT) and the like: the top 4095 addresses are never
 * valid kernel pointers, so IS_ERR() tells the two apart and PTR_ERR()
 * gets the errno back.  Linux: include/linux/err.h.
 */
#ifndef MNEME_ERR_H
#define MNEME_ERR_H

#include <mneme/compiler.h>
#include <mneme/types.h>

#define MAX_ERRNO	4095

#define IS_ERR_VALUE(x)	unlikely((unsigned long)(x) >= (unsigned long)-MAX_ERRNO)

static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

static inline bool IS_ERR(const void *ptr)
{
	return IS_ERR_VALUE((unsigned long)ptr);
}

static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return !ptr || IS_ERR_VALUE((unsigned long)ptr);
}

#endif
