/*
 * arch/x86/usercopy.c - copying to and from user memory (<mneme/uaccess.h>).
 *
 * Every copy is one `rep movsb` (or `rep stosb`) between stac and clac:
 * stac sets EFLAGS.AC, which lets the kernel touch user pages while SMAP
 * is on; clac closes that window again at once.  The instruction has an
 * exception-table entry: if it faults on a user page (not mapped, or
 * read-only for a write), the fault handler resumes after it, and RCX
 * still holds the bytes the CPU had not copied yet, which is what the
 * caller gets back.  Linux does the same (copy_user_generic, with
 * alternatives choosing the best loop for the CPU; we test for SMAP at
 * run time instead of patching the code).
 */
#include <asm/cpufeature.h>
#include <asm/extable.h>
#include <mneme/kernel.h>
#include <mneme/string.h>
#include <mneme/uaccess.h>
#include <uapi/errno.h>

/* Open and close the window SMAP otherwise keeps shut. */
static __always_inline void stac(void)
{
	if (boot_cpu_has(X86_FEATURE_SMAP))
		__asm__ __volatile__("stac" ::: "memory");
}

static __always_inline void clac(void)
{
	if (boot_cpu_has(X86_FEATURE_SMAP))
		__asm__ __volatile__("clac" ::: "memory");
}

/* Copy n bytes; a fault stops it.  Returns the bytes not copied. */
static unsigned long copy_user_generic(void *to, const void *from, unsigned long n)
{
	stac();
	__asm__ __volatile__(
		"1:	rep movsb\n"
		"2:\n"
		_ASM_EXTABLE(1b, 2b)
		: "+c"(n), "+D"(to), "+S"(from)
		: : "memory");
	clac();
	return n;
}

unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	unsigned long left = n;

	if (access_ok(from, n))
		left = copy_user_generic(to, (const void *)from, n);
	if (left)		/* as Linux: never leave stale kernel bytes behind */
		memset((char *)to + (n - left), 0, left);
	return left;
}

/*
 * copy_from_user() without the zeroing: on a fault the rest of the
 * destination keeps what it held.  For copies into memory that already
 * holds data someone else can see, such as a page-cache page under
 * write(2): Linux's raw_copy_from_user(), which its write path uses
 * through copy_page_from_iter_atomic().
 */
unsigned long raw_copy_from_user(void *to, const void __user *from, unsigned long n)
{
	if (!access_ok(from, n))
		return n;
	return copy_user_generic(to, (const void *)from, n);
}

unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	if (!access_ok(to, n))
		return n;
	return copy_user_generic((void *)to, from, n);
}

unsigned long clear_user(void __user *to, unsigned long n)
{
	if (!access_ok(to, n))
		return n;
	stac();
	__asm__ __volatile__(
		"1:	rep stosb\n"
		"2:\n"
		_ASM_EXTABLE(1b, 2b)
		: "+c"(n), "+D"(to)
		: "a"(0)
		: "memory");
	clac();
	return n;
}

/*
 * Copy a NUL-terminated string of at most count bytes.  Returns its
 * length without the NUL, count if there was no NUL within count bytes
 * (dst is then not terminated, as in Linux), or -EFAULT.
 */
long strncpy_from_user(char *dst, const char __user *src, long count)
{
	for (long i = 0; i < count; i++) {
		char c;

		if (__get_user_n(&c, src + i, 1))
			return -EFAULT;
		dst[i] = c;
		if (!c)
			return i;
	}
	return count;
}

int __get_user_n(void *x, const void __user *ptr, unsigned long size)
{
	if (!access_ok(ptr, size) || copy_user_generic(x, (const void *)ptr, size)) {
		memset(x, 0, size);
		return -EFAULT;
	}
	return 0;
}

int __put_user_n(const void *x, void __user *ptr, unsigned long size)
{
	if (!access_ok(ptr, size) || copy_user_generic((void *)ptr, x, size))
		return -EFAULT;
	return 0;
}
