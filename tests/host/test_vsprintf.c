/*
 * tests/host/test_vsprintf.c - lib/vsprintf.c: vsnprintf, snprintf,
 * vscnprintf and scnprintf.
 *
 * Fixed cases pin down every conversion, flag, width and precision form and
 * length modifier that <mneme/sprintf.h> promises, plus truncation, the C99
 * return value and scnprintf's.  The randomised test builds random
 * conversion specifications and checks the kernel's output byte for byte
 * against the host C library's snprintf, at random buffer sizes so the
 * truncated forms are compared too.  %p is kernel-specific (the C library
 * prints "0x1234" and "(nil)") and is only tested with fixed cases.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

#include "test.h"
#include "kernel_lib.h"

#define BUF_SIZE	256
#define CANARY		0x7e	/* fills buffers; must survive past size */

/*
 * Format with the kernel's vsnprintf into a roomy buffer and expect exactly
 * expect, with strlen(expect) returned.  The format attribute makes gcc
 * check that each case's arguments match its format.
 */
static void vcheck(const char *file, int line, const char *expect,
		   const char *fmt, va_list ap)
{
	char buf[BUF_SIZE];
	int n;

	memset(buf, CANARY, sizeof(buf));
	n = k_vsnprintf(buf, sizeof(buf), fmt, ap);
	test_check_str(file, line, "CHECK", fmt, expect, buf, expect);
	test_check_int(file, line, "CHECK", "return value", "strlen(expect)",
		       n, (long long)strlen(expect), true);
}

__attribute__((format(printf, 4, 5)))
static void check(const char *file, int line, const char *expect,
		  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcheck(file, line, expect, fmt, ap);
	va_end(ap);
}

/* For valid formats that gcc warns about (ignored flags, %s of NULL). */
static void check_unchecked(const char *file, int line, const char *expect,
			    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcheck(file, line, expect, fmt, ap);
	va_end(ap);
}

#define CHECK(expect, ...) check(__FILE__, __LINE__, expect, __VA_ARGS__)
#define CHECK_UNCHECKED(expect, ...) \
	check_unchecked(__FILE__, __LINE__, expect, __VA_ARGS__)

TEST(signed_decimal)
{
	CHECK("0", "%d", 0);
	CHECK("42", "%d", 42);
	CHECK("-42", "%d", -42);
	CHECK("2147483647", "%d", INT_MAX);
	CHECK("-2147483648", "%d", INT_MIN);
	CHECK("-7", "%i", -7);
	CHECK("x=1, y=-2", "x=%d, y=%i", 1, -2);
}

TEST(unsigned_conversions)
{
	CHECK("0", "%u", 0u);
	CHECK("4294967295", "%u", UINT_MAX);
	CHECK("deadbeef", "%x", 0xdeadbeefu);
	CHECK("DEADBEEF", "%X", 0xdeadbeefu);
	CHECK("0", "%x", 0u);
	CHECK("10", "%o", 8u);
	CHECK("0", "%o", 0u);
	CHECK("37777777777", "%o", UINT_MAX);
}

TEST(char_string_percent)
{
	char buf[8];

	CHECK("A", "%c", 'A');
	CHECK("\xe9", "%c", 0xe9);
	CHECK("B", "%c", 0x100 + 'B');	/* converted to unsigned char */
	CHECK("hello", "%s", "hello");
	CHECK("", "%s", "");
	CHECK_UNCHECKED("(null)", "%s", (char *)NULL);
	CHECK("100%", "100%%");
	CHECK("%d", "%%d");

	/* "%c" of 0 writes a NUL byte and counts it, as C says. */
	memset(buf, CANARY, sizeof(buf));
	EXPECT_EQ(k_snprintf(buf, sizeof(buf), "a%cb", 0), 3);
	EXPECT_MEMEQ(buf, "a\0b", 4);
}

TEST(pointer)
{
	CHECK("0x0000000000001234", "%p", (void *)0x1234);
	CHECK("0xffffffff80000000", "%p", (void *)0xffffffff80000000UL);
	/* The full 0x-prefixed value, for NULL too (glibc: "(nil)"). */
	CHECK("0x0000000000000000", "%p", NULL);
	CHECK("[0x00000000000000ff]", "[%p]", (void *)0xff);
}

TEST(flags)
{
	CHECK("42   |", "%-5d|", 42);
	CHECK("00042", "%05d", 42);
	CHECK("-0042", "%05d", -42);
	/* '-' overrides '0' */
	CHECK_UNCHECKED("42   |", "%-05d|", 42);
	CHECK("+42", "%+d", 42);
	CHECK("-42", "%+d", -42);
	CHECK("+0", "%+d", 0);
	CHECK(" 42", "% d", 42);
	CHECK("-42", "% d", -42);
	CHECK_UNCHECKED("+42", "%+ d", 42);		/* '+' overrides ' ' */
	CHECK_UNCHECKED("+42", "% +d", 42);
	CHECK("  +42", "%+5d", 42);
	CHECK("+0042", "%+05d", 42);
	CHECK(" 0042", "% 05d", 42);
	CHECK("0xff", "%#x", 255u);
	CHECK("0XFF", "%#X", 255u);
	CHECK("0", "%#x", 0u);			/* no prefix for zero */
	CHECK("010", "%#o", 8u);
	CHECK("0", "%#o", 0u);
	CHECK("0x000000ff", "%#010x", 255u);
	CHECK("0xff      |", "%-#10x|", 255u);
	CHECK("00000010", "%#08o", 8u);
}

TEST(flags_on_unsigned_have_no_effect)
{
	/* '+' and ' ' only apply to signed conversions (C11 7.21.6.1). */
	CHECK_UNCHECKED("42", "%+u", 42u);
	CHECK_UNCHECKED("2a", "% x", 42u);
	CHECK_UNCHECKED("  52", "%+4o", 42u);
	CHECK_UNCHECKED("abc", "%+s", "abc");
	CHECK_UNCHECKED("x", "% c", 'x');
}

TEST(width_and_precision)
{
	CHECK("   42", "%5d", 42);
	CHECK("42", "%1d", 42);
	CHECK("     005", "%8.3d", 5);
	CHECK("    -005", "%8.3d", -5);
	/* '0' is ignored when there is a precision */
	CHECK_UNCHECKED("     007", "%08.3d", 7);
	CHECK("", "%.0d", 0);			/* 0 with precision 0: nothing */
	CHECK("", "%.d", 0);			/* "." alone means 0 */
	CHECK("     |", "%5.0d|", 0);
	CHECK("+", "%+.0d", 0);
	CHECK("", "%.0x", 0u);
	CHECK("", "%#.0x", 0u);
	CHECK("0", "%#.0o", 0u);		/* '#' forces one zero */
	CHECK("001", "%#.3o", 1u);
	CHECK("010", "%#.2o", 8u);
	CHECK("0007", "%.4u", 7u);
	CHECK("abc", "%.3s", "abcdef");
	CHECK("abcdef", "%.10s", "abcdef");
	CHECK("", "%.0s", "abcdef");
	CHECK("       abc|", "%10.3s|", "abcdef");
	CHECK("ab        |", "%-10s|", "ab");
	CHECK("    x", "%5c", 'x');
	CHECK("x    |", "%-5c|", 'x');
}

TEST(star_width_and_precision)
{
	CHECK("   42", "%*d", 5, 42);
	CHECK("42   |", "%*d|", -5, 42);		/* negative: '-' flag */
	CHECK("0007", "%.*d", 4, 7);
	CHECK("7", "%.*d", -1, 7);		/* negative: no precision */
	CHECK("00042", "%0*d", 5, 42);
	CHECK("    ab", "%*.*s", 6, 2, "abcdef");
	CHECK("ab    |", "%-*.*s|", 6, 2, "abcdef");
	CHECK("abc", "%.*s", 3, "abcdef");
	CHECK("  0x00ff", "%#*.*x", 8, 4, 255u);
}

TEST(length_modifiers)
{
	CHECK("-1", "%hhd", 255);
	CHECK("127", "%hhd", 127);
	CHECK("7", "%hhu", 256 + 7);
	CHECK("ff", "%hhx", -1);
	CHECK("-1", "%hd", 65535);
	CHECK("1", "%hu", 65537);
	CHECK("-32768", "%hi", 32768);
	CHECK("-9223372036854775808", "%ld", LONG_MIN);
	CHECK("18446744073709551615", "%lu", ULONG_MAX);
	CHECK("-9223372036854775808", "%lld", LLONG_MIN);
	CHECK("9223372036854775807", "%lli", LLONG_MAX);
	CHECK("ffffffffffffffff", "%llx", ~0ULL);
	CHECK("FFFFFFFFFFFFFFFF", "%llX", ~0ULL);
	CHECK("1777777777777777777777", "%llo", ~0ULL);
	CHECK("18446744073709551615", "%zu", (size_t)-1);
	CHECK("-5", "%zd", (ssize_t)-5);
	CHECK("-3", "%td", (ptrdiff_t)-3);
	CHECK("ffffffffffffffff", "%tx", (ptrdiff_t)-1);
	CHECK("-9223372036854775808", "%jd", INTMAX_MIN);
	CHECK("18446744073709551615", "%ju", UINTMAX_MAX);
	CHECK("  0x0000123456789abc", "%#20.16jx",
	      (uintmax_t)0x123456789abcULL);
	CHECK("1 2 3", "%hhd %ld %lld", 1, 2L, 3LL);
}

TEST(malformed_formats)
{
	/* Not C; the kernel's own choices, kept so they stay safe. */
	CHECK_UNCHECKED("abc", "abc%");		/* trailing '%': stop */
	CHECK_UNCHECKED("%y", "%y");		/* unknown: printed */
	CHECK_UNCHECKED("a%yb", "a%yb");
}

/* Fill buf with the canary, format, and check what was written. */
static void check_truncated(const char *file, int line, size_t size,
			    const char *expect_buf, int expect_ret)
{
	char buf[BUF_SIZE];
	int n;

	memset(buf, CANARY, sizeof(buf));
	n = k_snprintf(buf, size, "%s", "hello world");
	test_check_int(file, line, "snprintf", "return", "expected", n,
		       expect_ret, true);
	if (size)
		test_check_str(file, line, "snprintf", "buf", "expected", buf,
			       expect_buf);
	test_check_int(file, line, "snprintf", "buf[size]", "CANARY",
		       buf[size], CANARY, true);
}

TEST(truncation_returns_full_length)
{
	char buf[16];

	check_truncated(__FILE__, __LINE__, 100, "hello world", 11);
	check_truncated(__FILE__, __LINE__, 12, "hello world", 11);
	check_truncated(__FILE__, __LINE__, 11, "hello worl", 11);
	check_truncated(__FILE__, __LINE__, 5, "hell", 11);
	check_truncated(__FILE__, __LINE__, 1, "", 11);
	check_truncated(__FILE__, __LINE__, 0, NULL, 11);

	/* size 0: buf may be NULL, and only the length is computed. */
	EXPECT_EQ(k_snprintf(NULL, 0, "%d-%s", 12345, "abc"), 9);

	/* Truncation in the middle of padding and digits. */
	memset(buf, CANARY, sizeof(buf));
	EXPECT_EQ(k_snprintf(buf, 4, "%08d", 42), 8);
	EXPECT_STREQ(buf, "000");
	EXPECT_EQ(buf[4], CANARY);
	EXPECT_EQ(k_snprintf(buf, 6, "%#x|%s", 0xabcdu, "tail"), 11);
	EXPECT_STREQ(buf, "0xabc");
}

static int call_vscnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = k_vscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

TEST(scnprintf_returns_what_was_written)
{
	char buf[BUF_SIZE];

	memset(buf, CANARY, sizeof(buf));
	EXPECT_EQ(k_scnprintf(buf, sizeof(buf), "%s", "hello world"), 11);
	EXPECT_STREQ(buf, "hello world");
	EXPECT_EQ(k_scnprintf(buf, 12, "%s", "hello world"), 11);
	EXPECT_EQ(k_scnprintf(buf, 11, "%s", "hello world"), 10);
	EXPECT_STREQ(buf, "hello worl");
	EXPECT_EQ(k_scnprintf(buf, 5, "%s", "hello world"), 4);
	EXPECT_STREQ(buf, "hell");
	EXPECT_EQ(k_scnprintf(buf, 1, "%s", "hello world"), 0);
	EXPECT_STREQ(buf, "");
	EXPECT_EQ(k_scnprintf(NULL, 0, "%s", "hello world"), 0);
	EXPECT_EQ(call_vscnprintf(buf, 5, "%d", 123456), 4);
	EXPECT_STREQ(buf, "1234");
	EXPECT_EQ(call_vscnprintf(buf, sizeof(buf), "%d", 123456), 6);

	/* The usual use: appending until the buffer is full. */
	{
		char small[10];
		int len = 0;

		for (int i = 0; i < 5; i++)
			len += k_scnprintf(small + len, sizeof(small) - len,
					   "%d,", i * 11);
		EXPECT_EQ(len, 9);
		EXPECT_STREQ(small, "0,11,22,3");
	}
}

/* ------------------------------------------------------------------ */
/* Random conversions, compared with the C library.                   */

#define NR_RANDOM_SPECS	200000

enum arg_type { ARG_INT, ARG_LONG, ARG_LLONG, ARG_UINT, ARG_ULONG,
		ARG_ULLONG, ARG_STR };

struct rspec {
	char fmt[96];
	int nr_stars;
	int stars[2];		/* '*' width and/or precision, in order */
	enum arg_type type;
	unsigned long long value;
	char str[40];
};

typedef int (*snprintf_fn)(char *buf, size_t size, const char *fmt, ...);

static size_t append(char *dst, size_t at, const char *s)
{
	size_t n = strlen(s);

	memcpy(dst + at, s, n + 1);
	return at + n;
}

/* Literal text around the conversion: no '%' but sometimes "%%". */
static size_t append_literal(char *fmt, size_t at)
{
	static const char chars[] = "ab Z:-09\t";
	int n = test_rand_below(4);

	for (int i = 0; i < n; i++) {
		if (test_rand_chance(10)) {
			at = append(fmt, at, "%%");
			continue;
		}
		fmt[at++] = chars[test_rand_below(sizeof(chars) - 1)];
	}
	fmt[at] = '\0';
	return at;
}

/* A value that often sits at an edge: 0, small, a power of two, max. */
static unsigned long long random_value(void)
{
	unsigned bits = 1 + test_rand_below(64);
	unsigned long long v;

	switch (test_rand_below(5)) {
	case 0:
		v = test_rand_below(20);
		break;
	case 1:
		v = 1ULL << (bits - 1);
		break;
	case 2:
		v = bits == 64 ? ~0ULL : (1ULL << bits) - 1;
		break;
	default:
		v = test_rand_u64() >> (64 - bits);
		break;
	}
	return test_rand_chance(30) ? -v : v;
}

static void random_string(char *s, size_t max)
{
	size_t n = test_rand_below(max);

	for (size_t i = 0; i < n; i++)
		s[i] = 1 + test_rand_below(255);	/* any byte but NUL */
	s[n] = '\0';
}

static const char *random_length(char conv, enum arg_type *type)
{
	static const char *const lengths[] = { "", "hh", "h", "l", "ll", "z",
					       "t", "j" };
	bool is_signed = (conv == 'd' || conv == 'i');
	const char *len = lengths[test_rand_below(8)];

	if (len[0] == 'l' && len[1] == 'l')
		*type = is_signed ? ARG_LLONG : ARG_ULLONG;
	else if (len[0] == 'l' || len[0] == 'z' || len[0] == 't' ||
		 len[0] == 'j')
		*type = is_signed ? ARG_LONG : ARG_ULONG;
	else
		*type = is_signed ? ARG_INT : ARG_UINT;
	return len;
}

/*
 * Build one random conversion that C defines: '#' only with o x X, '0'
 * only with integer conversions, no precision with %c, no length with
 * %c or %s (those would be wide characters).
 */
static void random_spec(struct rspec *r)
{
	static const char convs[] = "diuxXocs";
	char conv = convs[test_rand_below(sizeof(convs) - 1)];
	bool integer = (conv != 'c' && conv != 's');
	const char *flag_set = conv == 'o' || conv == 'x' || conv == 'X' ?
			       "-0+ #" : integer ? "-0+ " : "-+ ";
	size_t at = append_literal(r->fmt, 0);
	char num[16];
	int nr_flags = test_rand_below(4);

	r->nr_stars = 0;
	r->fmt[at++] = '%';
	for (int i = 0; i < nr_flags; i++)
		r->fmt[at++] = flag_set[test_rand_below(strlen(flag_set))];
	r->fmt[at] = '\0';

	if (test_rand_chance(20)) {
		at = append(r->fmt, at, "*");
		r->stars[r->nr_stars++] = test_rand_range(-30, 30);
	} else if (test_rand_chance(50)) {
		snprintf(num, sizeof(num), "%d", (int)test_rand_range(1, 30));
		at = append(r->fmt, at, num);
	}

	if (conv != 'c' && test_rand_chance(50)) {
		if (test_rand_chance(20)) {
			at = append(r->fmt, at, ".*");
			r->stars[r->nr_stars++] = test_rand_range(-5, 25);
		} else if (test_rand_chance(10)) {
			at = append(r->fmt, at, ".");
		} else {
			snprintf(num, sizeof(num), ".%d",
				 (int)test_rand_range(0, 25));
			at = append(r->fmt, at, num);
		}
	}

	if (integer) {
		at = append(r->fmt, at, random_length(conv, &r->type));
		r->value = random_value();
	} else if (conv == 'c') {
		r->type = ARG_INT;
		r->value = test_rand_chance(90) ? test_rand_below(256) :
						  random_value();
	} else {
		r->type = ARG_STR;
		random_string(r->str, sizeof(r->str));
	}
	r->fmt[at++] = conv;
	r->fmt[at] = '\0';
	append_literal(r->fmt, at);
}

/* Call f with r's arguments, each passed as the type its format wants. */
#define CALL_WITH_STARS(f, buf, size, r, v)				\
	((r)->nr_stars == 0 ? f(buf, size, (r)->fmt, v) :		\
	 (r)->nr_stars == 1 ? f(buf, size, (r)->fmt, (r)->stars[0], v) : \
	 f(buf, size, (r)->fmt, (r)->stars[0], (r)->stars[1], v))

static int format_with(snprintf_fn f, char *buf, size_t size,
		       const struct rspec *r)
{
	unsigned long long v = r->value;

	switch (r->type) {
	case ARG_INT:
		return CALL_WITH_STARS(f, buf, size, r, (int)v);
	case ARG_LONG:
		return CALL_WITH_STARS(f, buf, size, r, (long)v);
	case ARG_LLONG:
		return CALL_WITH_STARS(f, buf, size, r, (long long)v);
	case ARG_UINT:
		return CALL_WITH_STARS(f, buf, size, r, (unsigned)v);
	case ARG_ULONG:
		return CALL_WITH_STARS(f, buf, size, r, (unsigned long)v);
	case ARG_ULLONG:
		return CALL_WITH_STARS(f, buf, size, r, v);
	case ARG_STR:
		return CALL_WITH_STARS(f, buf, size, r, r->str);
	}
	return -1;
}

/* Check one spec at one buffer size against the C library. */
static void compare_one(const struct rspec *r, size_t size)
{
	/* Exactly size bytes each, so ASan sees any write past the end. */
	char *kbuf = size ? malloc(size) : NULL;
	char *cbuf = size ? malloc(size) : NULL;
	char *sbuf = size ? malloc(size) : NULL;
	int kret, cret, sret, expect_sret;

	if (size && (!kbuf || !cbuf || !sbuf))
		abort();
	kret = format_with(k_snprintf, kbuf, size, r);
	cret = format_with(snprintf, cbuf, size, r);
	sret = format_with(k_scnprintf, sbuf, size, r);
	expect_sret = size == 0 ? 0 : cret < (int)size ? cret : (int)size - 1;

	if (kret != cret || (size && memcmp(kbuf, cbuf, size) != 0) ||
	    sret != expect_sret || (size && memcmp(sbuf, cbuf, size) != 0)) {
		TEST_FAIL("format \"%s\", size %zu, stars %d (%d, %d), "
			  "value 0x%llx, type %d, seed %llu",
			  r->fmt, size, r->nr_stars, r->stars[0], r->stars[1],
			  r->value, r->type, (unsigned long long)test_seed());
		EXPECT_EQ(kret, cret);
		EXPECT_EQ(sret, expect_sret);
		if (size) {
			kbuf[size - 1] = cbuf[size - 1] = '\0';
			EXPECT_STREQ(kbuf, cbuf);
			EXPECT_MEMEQ(kbuf, cbuf, size);
		}
	}
	free(kbuf);
	free(cbuf);
	free(sbuf);
}

TEST(matches_libc_random)
{
	struct rspec r;

	for (int i = 0; i < NR_RANDOM_SPECS && !test_failed(); i++) {
		size_t full;

		memset(&r, 0, sizeof(r));
		random_spec(&r);
		full = format_with(snprintf, NULL, 0, &r);
		/* Mostly roomy, often truncated, sometimes size 0. */
		if (test_rand_chance(50))
			compare_one(&r, full + 1 + test_rand_below(4));
		else
			compare_one(&r, test_rand_below(full + 2));
	}
}
