/*
 * ktest.h - in-kernel self-tests.
 *
 *	KTEST(printk, pads_numbers)
 *	{
 *		char buf[8];
 *		snprintf(buf, sizeof(buf), "%3d", 7);
 *		KT_EXPECT_STREQ(kt, buf, "  7");
 *	}
 *
 * KTEST() puts a struct ktest in section .ktest (collected by linker.ld);
 * ktest=PATTERN on the command line runs every test whose "suite.name"
 * matches the glob, prints "TEST suite.name PASS|FAIL|SKIP", then
 * "N passed, M failed" and powers off (status 0 only if none failed).
 * KT_EXPECT_* report a failure (file, line, both sides) and go on;
 * KT_ASSERT_* also end the test.  A test that checks nothing fails: a test
 * that cannot fail is a defect.  Linux: KUnit (include/kunit/test.h).
 */
#ifndef MNEME_KTEST_H
#define MNEME_KTEST_H

#include <mneme/compiler.h>
#include <mneme/types.h>

struct ktest_ctx {
	const char *name;
	int checks;		/* expectations evaluated */
	int failures;		/* expectations failed */
	const char *skip_reason;
};

struct ktest {
	const char *suite;
	const char *name;
	void (*fn)(struct ktest_ctx *kt);
};

#define KTEST(suite, name)						\
	static void ktest_##suite##_##name(struct ktest_ctx *kt);	\
	static const struct ktest __ktest_##suite##_##name		\
		__section(".ktest") __used __aligned(8) = {		\
		#suite, #name, ktest_##suite##_##name };		\
	static void ktest_##suite##_##name(struct ktest_ctx *kt)

bool ktest_check_int(struct ktest_ctx *kt, bool ok, const char *file, int line,
		     const char *expr_a, const char *op, const char *expr_b,
		     long long a, long long b);
bool ktest_check_str(struct ktest_ctx *kt, bool equal_wanted, const char *file,
		     int line, const char *expr_a, const char *expr_b,
		     const char *a, const char *b);
bool ktest_check_true(struct ktest_ctx *kt, bool ok, const char *file,
		      int line, const char *expr);

#define KT_CMP(kt, a, op, b) ({						\
	long long __a = (long long)(a), __b = (long long)(b);		\
	ktest_check_int(kt, __a op __b, __FILE__, __LINE__, #a, #op, #b,	\
			__a, __b);					\
})
#define KT_EXPECT_EQ(kt, a, b)	KT_CMP(kt, a, ==, b)
#define KT_EXPECT_NE(kt, a, b)	KT_CMP(kt, a, !=, b)
#define KT_EXPECT_LT(kt, a, b)	KT_CMP(kt, a, <, b)
#define KT_EXPECT_LE(kt, a, b)	KT_CMP(kt, a, <=, b)
#define KT_EXPECT_GT(kt, a, b)	KT_CMP(kt, a, >, b)
#define KT_EXPECT_GE(kt, a, b)	KT_CMP(kt, a, >=, b)
#define KT_EXPECT_TRUE(kt, c)	ktest_check_true(kt, !!(c), __FILE__, __LINE__, #c)
#define KT_EXPECT_STREQ(kt, a, b) \
	ktest_check_str(kt, true, __FILE__, __LINE__, #a, #b, (a), (b))

#define KT_ASSERT_EQ(kt, a, b)	do { if (!KT_EXPECT_EQ(kt, a, b)) return; } while (0)
#define KT_ASSERT_TRUE(kt, c)	do { if (!KT_EXPECT_TRUE(kt, c)) return; } while (0)

/* Mark the test skipped (e.g. a CPU feature is missing) and return. */
#define KT_SKIP(kt, reason)	do { (kt)->skip_reason = (reason); return; } while (0)

/* Run the tests matching pattern; returns the number that failed. */
int ktest_run(const char *pattern);

#endif
