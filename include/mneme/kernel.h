/* kernel.h - small helpers every file uses, and the panic/BUG/WARN family. */
#ifndef MNEME_KERNEL_H
#define MNEME_KERNEL_H

#include <mneme/compiler.h>
#include <mneme/types.h>

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define ALIGN(x, a)		(((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a)	((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))

#define min(a, b)		((a) < (b) ? (a) : (b))
#define max(a, b)		((a) > (b) ? (a) : (b))

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#define KB(x)			((u64)(x) << 10)
#define MB(x)			((u64)(x) << 20)
#define GB(x)			((u64)(x) << 30)

/*
 * Power-off statuses seen by the test harness (tools/qemu turns the
 * isa-debug-exit value back into this number).
 */
#define EXIT_SUCCESS_STATUS	0
#define EXIT_TEST_FAILURE	1	/* ktest: at least one test failed */
#define EXIT_PANIC		2	/* kernel panic or fatal exception */

__noreturn __printf(1, 2) void panic(const char *fmt, ...);

/* BUG_ON: the condition means corruption; stop with a report. */
#define BUG_ON(cond)							\
	do {								\
		if (unlikely(cond))					\
			panic("kernel BUG at %s:%d: %s", __FILE__,	\
			      __LINE__, #cond);				\
	} while (0)
#define BUG()	panic("kernel BUG at %s:%d", __FILE__, __LINE__)

void warn_slowpath(const char *file, int line, const char *cond);

/* WARN_ON: report with a backtrace and carry on. Evaluates to cond. */
#define WARN_ON(cond) ({						\
	bool __c = !!(cond);						\
	if (unlikely(__c))						\
		warn_slowpath(__FILE__, __LINE__, #cond);		\
	unlikely(__c);							\
})
#define WARN_ON_ONCE(cond) ({						\
	static bool __warned;						\
	bool __c = !!(cond);						\
	if (unlikely(__c) && !__warned) {				\
		__warned = true;					\
		warn_slowpath(__FILE__, __LINE__, #cond);		\
	}								\
	unlikely(__c);							\
})

#endif
