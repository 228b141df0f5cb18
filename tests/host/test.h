/*
 * tests/host/test.h - the host unit-test framework.
 *
 * Host tests are ordinary C programs compiled with the host gcc under
 * AddressSanitizer and UBSan (tests/host/host.mk).  A test file says
 *
 *	#include "test.h"
 *	#include "kernel_lib.h"
 *
 *	TEST(empty_string)
 *	{
 *		EXPECT_EQ(k_strlen(""), 0);
 *	}
 *
 * That is all: TEST() defines a static function plus a constructor (run
 * by the C runtime before main()) that puts the test on a list, so a new
 * test needs no registration table, and a new file only needs to be called
 * tests/host/test_<stem>.c for host.mk to build it.  tests/host/test.c holds main(), which
 * runs every test in its own child process (a crash fails that test, not
 * the run) and prints
 *
 *	host tests: seed N
 *	  <failure details, if any>
 *	TEST host.<stem>.<name> PASS|FAIL
 *	...
 *	N passed, M failed
 *
 * exiting 0 only when nothing failed.  "build/host/tests FILTER" runs only
 * the tests whose full name contains FILTER; TEST_NOFORK=1 runs them in one
 * process (for gdb).
 *
 * EXPECT_* records a failure and carries on; ASSERT_* also returns from the
 * (void) function it is written in, so use it in the TEST body, or check
 * test_failed() after calling a helper that uses it.
 *
 * Randomised tests draw from test_rand_u64() and friends.  Each test's
 * generator is seeded from the run's seed (TEST_SEED in the environment, or
 * a fixed default) and the test's name, so a failure reproduces with the
 * same TEST_SEED whether the test runs alone or with the others.
 */
#ifndef MNEME_HOST_TEST_H
#define MNEME_HOST_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct test_case {
	const char *name;	/* as written in TEST(name) */
	const char *file;	/* __FILE__: gives the <stem> of the name */
	int line;
	void (*fn)(void);
	struct test_case *next;
};

void test_register(struct test_case *tc);

#define TEST(tname)							\
	static void test_fn_##tname(void);				\
	static struct test_case test_case_##tname = {			\
		.name = #tname, .file = __FILE__, .line = __LINE__,	\
		.fn = test_fn_##tname,					\
	};								\
	__attribute__((constructor)) static void test_reg_##tname(void) \
	{								\
		test_register(&test_case_##tname);			\
	}								\
	static void test_fn_##tname(void)

/* Whether the running test has failed so far (to stop a random loop). */
bool test_failed(void);

/* Report a failure with a printf-style message, at file:line. */
__attribute__((format(printf, 3, 4)))
void test_fail_at(const char *file, int line, const char *fmt, ...);
#define TEST_FAIL(...)	test_fail_at(__FILE__, __LINE__, __VA_ARGS__)

/* Show a string (quoted, escaped) among the failure details; no failure. */
void test_note_str(const char *file, int line, const char *label,
		   const char *s);
#define TEST_NOTE_STR(label, s)	test_note_str(__FILE__, __LINE__, label, s)

/*
 * The checks behind the macros.  Each returns true when the check holds;
 * on failure it prints both sides with file and line and marks the test
 * failed.  Test helpers may call them with their caller's file and line.
 */
bool test_check_int(const char *file, int line, const char *macro,
		    const char *a_expr, const char *b_expr,
		    long long a, long long b, bool want_equal);
bool test_check_bool(const char *file, int line, const char *macro,
		     const char *expr, bool value, bool want);
bool test_check_ptr(const char *file, int line, const char *macro,
		    const char *a_expr, const char *b_expr,
		    const void *a, const void *b);
bool test_check_str(const char *file, int line, const char *macro,
		    const char *a_expr, const char *b_expr,
		    const char *a, const char *b);
bool test_check_mem(const char *file, int line, const char *macro,
		    const char *a_expr, const char *b_expr,
		    const void *a, const void *b, size_t n);

/*
 * Integers are compared as long long, so both sides are evaluated once and
 * any integer type (or bool, or char) may be mixed; a u64 above
 * LLONG_MAX shows as negative, and the hex shows its bits.
 */
#define TEST_INT_(macro, a, b, a_expr, b_expr, want_equal, on_fail)	\
	do {								\
		if (!test_check_int(__FILE__, __LINE__, macro, a_expr,	\
				    b_expr, (long long)(a),		\
				    (long long)(b), want_equal))	\
			on_fail;					\
	} while (0)

#define TEST_CALL_(check, macro, on_fail, ...)				\
	do {								\
		if (!check(__FILE__, __LINE__, macro, __VA_ARGS__))	\
			on_fail;					\
	} while (0)

#define EXPECT_EQ(a, b)	TEST_INT_("EXPECT_EQ", a, b, #a, #b, true, (void)0)
#define EXPECT_NE(a, b)	TEST_INT_("EXPECT_NE", a, b, #a, #b, false, (void)0)
#define EXPECT_TRUE(x)							\
	TEST_CALL_(test_check_bool, "EXPECT_TRUE", (void)0, #x, !!(x), true)
#define EXPECT_FALSE(x)							\
	TEST_CALL_(test_check_bool, "EXPECT_FALSE", (void)0, #x, !!(x), false)
#define EXPECT_PTR_EQ(a, b)						\
	TEST_CALL_(test_check_ptr, "EXPECT_PTR_EQ", (void)0, #a, #b, a, b)
#define EXPECT_STREQ(a, b)						\
	TEST_CALL_(test_check_str, "EXPECT_STREQ", (void)0, #a, #b, a, b)
#define EXPECT_MEMEQ(a, b, n)						\
	TEST_CALL_(test_check_mem, "EXPECT_MEMEQ", (void)0, #a, #b, a, b, n)

#define ASSERT_EQ(a, b)	TEST_INT_("ASSERT_EQ", a, b, #a, #b, true, return)
#define ASSERT_NE(a, b)	TEST_INT_("ASSERT_NE", a, b, #a, #b, false, return)
#define ASSERT_TRUE(x)							\
	TEST_CALL_(test_check_bool, "ASSERT_TRUE", return, #x, !!(x), true)
#define ASSERT_FALSE(x)							\
	TEST_CALL_(test_check_bool, "ASSERT_FALSE", return, #x, !!(x), false)
#define ASSERT_PTR_EQ(a, b)						\
	TEST_CALL_(test_check_ptr, "ASSERT_PTR_EQ", return, #a, #b, a, b)
#define ASSERT_STREQ(a, b)						\
	TEST_CALL_(test_check_str, "ASSERT_STREQ", return, #a, #b, a, b)
#define ASSERT_MEMEQ(a, b, n)						\
	TEST_CALL_(test_check_mem, "ASSERT_MEMEQ", return, #a, #b, a, b, n)

/* The run's seed, and the running test's pseudo-random generator. */
uint64_t test_seed(void);
uint64_t test_rand_u64(void);
uint64_t test_rand_below(uint64_t n);		/* uniform in [0, n), n > 0 */
long long test_rand_range(long long lo, long long hi);	/* [lo, hi] */
bool test_rand_chance(unsigned percent);	/* true percent% of the time */

#endif
