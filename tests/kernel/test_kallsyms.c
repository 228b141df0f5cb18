/*
 * tests/kernel/test_kallsyms.c - ktests for the symbol table and the
 * frame-pointer backtrace.
 */
#include <mneme/kallsyms.h>
#include <mneme/kernel.h>
#include <mneme/ktest.h>
#include <mneme/mm_early.h>
#include <mneme/sprintf.h>
#include <mneme/stacktrace.h>
#include <mneme/string.h>

void kernel_main(u32 mb2_info_phys);
static int some_data = 42;

KTEST(kallsyms, lookup_finds_function_start)
{
	const char *name = NULL;
	unsigned long off = 1, size = 0;

	KT_ASSERT_TRUE(kt, kallsyms_lookup((unsigned long)kernel_main, &name,
					   &off, &size));
	KT_EXPECT_STREQ(kt, name, "kernel_main");
	KT_EXPECT_EQ(kt, off, 0);
	KT_EXPECT_GT(kt, size, 0);
}

KTEST(kallsyms, lookup_inside_function_gives_offset)
{
	const char *name = NULL;
	unsigned long off = 0, size = 0;

	KT_ASSERT_TRUE(kt, kallsyms_lookup((unsigned long)panic + 5, &name,
					   &off, &size));
	KT_EXPECT_STREQ(kt, name, "panic");
	KT_EXPECT_EQ(kt, off, 5);
	KT_EXPECT_GT(kt, size, 5);
}

KTEST(kallsyms, lookup_name_round_trips)
{
	KT_EXPECT_EQ(kt, kallsyms_lookup_name("panic"), (unsigned long)panic);
	KT_EXPECT_EQ(kt, kallsyms_lookup_name("no_such_function_here"), 0);
}

KTEST(kallsyms, data_is_not_text)
{
	const char *name;
	unsigned long off, size;

	KT_EXPECT_TRUE(kt, !kallsyms_lookup((unsigned long)&some_data, &name,
					    &off, &size));
}

KTEST(kallsyms, sprint_symbol_format)
{
	char buf[KSYM_NAME_LEN + 40], want[KSYM_NAME_LEN + 40];
	const char *name;
	unsigned long off, size;

	KT_ASSERT_TRUE(kt, kallsyms_lookup((unsigned long)kernel_main + 3, &name,
					   &off, &size));
	snprintf(want, sizeof(want), "kernel_main+0x3/0x%lx", size);
	sprint_symbol(buf, sizeof(buf), (unsigned long)kernel_main + 3);
	KT_EXPECT_STREQ(kt, buf, want);
	sprint_symbol(buf, sizeof(buf), 0x1234);
	KT_EXPECT_STREQ(kt, buf, "0x0000000000001234");
}

static __noinline int trace_inner(unsigned long *ips, int max)
{
	int n = save_stack_trace((unsigned long)__builtin_frame_address(0),
				 ips, max);

	barrier();
	return n;
}

/* volatile result: no tail call, so trace_outer keeps its frame */
static __noinline int trace_outer(unsigned long *ips, int max)
{
	volatile int n = trace_inner(ips, max);

	return n;
}

/* gcc may clone a function as "fn.constprop.0" or "fn.isra.0": accept those. */
static bool trace_has(const unsigned long *ips, int n, const char *fn)
{
	size_t len = strlen(fn);

	for (int i = 0; i < n; i++) {
		const char *name;
		unsigned long off, size;

		if (kallsyms_lookup(ips[i], &name, &off, &size) &&
		    strncmp(name, fn, len) == 0 &&
		    (name[len] == '\0' || name[len] == '.'))
			return true;
	}
	return false;
}

KTEST(kallsyms, backtrace_names_the_callers)
{
	unsigned long ips[STACKTRACE_MAX_DEPTH];
	int n = trace_outer(ips, STACKTRACE_MAX_DEPTH);

	KT_EXPECT_GE(kt, n, 3);
	KT_EXPECT_TRUE(kt, trace_has(ips, n, "trace_outer"));
	KT_EXPECT_TRUE(kt, trace_has(ips, n, "ktest_run"));
	KT_EXPECT_TRUE(kt, trace_has(ips, n, "rest_init"));	/* on init_task's stack */
}
