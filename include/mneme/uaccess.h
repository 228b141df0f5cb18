/*
 * uaccess.h - the only way the kernel touches user memory.
 *
 *	copy_from_user(to, from, n)   bytes NOT copied: 0 on success
 *	copy_to_user(to, from, n)     the same, the other way
 *	clear_user(to, n)             zero user memory; bytes not cleared
 *	strncpy_from_user(dst, src, n) string length, or -EFAULT
 *	get_user(x, ptr), put_user(x, ptr)  one 1/2/4/8-byte value: 0 or -EFAULT
 *
 * A user pointer is marked __user.  Each call first checks the whole
 * range lies below TASK_SIZE_MAX (access_ok()), so a user cannot make
 * the kernel read or write its own memory; then the access runs with
 * SMAP lifted (stac ... clac) and an exception-table fixup, so an
 * unmapped or protected user page ends the copy with an error instead of
 * an oops.  On a CPU with SMAP any other kernel access to a user page
 * faults: that is the point.  Linux: include/linux/uaccess.h,
 * arch/x86/include/asm/uaccess.h, arch/x86/lib/copy_user_64.S.
 */
#ifndef MNEME_UACCESS_H
#define MNEME_UACCESS_H

#include <mneme/compiler.h>
#include <mneme/pgtable.h>	/* TASK_SIZE_MAX */
#include <mneme/types.h>

/* Is [addr, addr + size) wholly user space?  (No wrap-around either.) */
static inline bool access_ok(const void __user *addr, unsigned long size)
{
	unsigned long a = (unsigned long)addr;

	return size <= TASK_SIZE_MAX && a <= TASK_SIZE_MAX - size;
}

unsigned long copy_from_user(void *to, const void __user *from, unsigned long n);
/* As copy_from_user(), but a fault leaves the rest of `to` untouched. */
unsigned long raw_copy_from_user(void *to, const void __user *from, unsigned long n);
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n);
unsigned long clear_user(void __user *to, unsigned long n);
long strncpy_from_user(char *dst, const char __user *src, long count);

/* One value; size-generic through these (arch/x86/usercopy.c). */
int __get_user_n(void *x, const void __user *ptr, unsigned long size);
int __put_user_n(const void *x, void __user *ptr, unsigned long size);

#define get_user(x, ptr) ({						\
	__typeof__(*(ptr)) __gu_val;					\
	int __gu_err = __get_user_n(&__gu_val, (ptr), sizeof(*(ptr)));	\
	(x) = __gu_err ? (__typeof__(*(ptr)))0 : __gu_val;		\
	__gu_err;							\
})

#define put_user(x, ptr) ({						\
	__typeof__(*(ptr)) __pu_val = (x);				\
	__put_user_n(&__pu_val, (ptr), sizeof(*(ptr)));			\
})

#endif
