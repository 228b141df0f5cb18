/*
 * tests/kernel/test_printk.c - ktests for formatting and the kernel log:
 * every conversion vsnprintf supports, the log buffer's format, and the
 * console level filter.
 */
#include <mneme/kernel.h>
#include <mneme/ktest.h>
#include <mneme/printk.h>
#include <mneme/sprintf.h>
#include <mneme/string.h>

#define FMT_CASE(kt, want, ...)						\
	do {								\
		char __b[64];						\
		snprintf(__b, sizeof(__b), __VA_ARGS__);		\
		KT_EXPECT_STREQ(kt, __b, want);				\
	} while (0)

KTEST(printk, format_signed)
{
	FMT_CASE(kt, "-42", "%d", -42);
	FMT_CASE(kt, "+7", "%+d", 7);
	FMT_CASE(kt, " 7", "% d", 7);
	FMT_CASE(kt, "  -3", "%4i", -3);
	FMT_CASE(kt, "-3  |", "%-4d|", -3);
	FMT_CASE(kt, "-0003", "%05d", -3);
	FMT_CASE(kt, "  007", "%5.3d", 7);
	FMT_CASE(kt, "-9223372036854775808", "%lld", (long long)(-9223372036854775807LL - 1));
	FMT_CASE(kt, "-128", "%hhd", 128 + 0);
	FMT_CASE(kt, "-1", "%hd", 65535);
	FMT_CASE(kt, "", "%.0d", 0);
}

KTEST(printk, format_unsigned_and_hex)
{
	FMT_CASE(kt, "4294967295", "%u", 4294967295U);
	FMT_CASE(kt, "18446744073709551615", "%lu", ~0UL);
	FMT_CASE(kt, "ff", "%x", 255);
	FMT_CASE(kt, "FF", "%X", 255);
	FMT_CASE(kt, "0xff", "%#x", 255);
	FMT_CASE(kt, "0x00ff", "%#06x", 255);
	FMT_CASE(kt, "0", "%#x", 0);
	FMT_CASE(kt, "17", "%o", 15);
	FMT_CASE(kt, "017", "%#o", 15);
	FMT_CASE(kt, "12345678", "%zx", (size_t)0x12345678);
	FMT_CASE(kt, "ffffffffffffffff", "%llx", ~0ULL);
}

/* volatile so gcc cannot see the NULL and warn about it */
static const char *volatile null_string;

KTEST(printk, format_chars_strings_pointers)
{
	FMT_CASE(kt, "a", "%c", 'a');
	FMT_CASE(kt, "  a", "%3c", 'a');
	FMT_CASE(kt, "hi", "%s", "hi");
	FMT_CASE(kt, "   hi", "%5s", "hi");
	FMT_CASE(kt, "hi   |", "%-5s|", "hi");
	FMT_CASE(kt, "he", "%.2s", "hello");
	FMT_CASE(kt, "hel", "%.*s", 3, "hello");
	FMT_CASE(kt, "   hi", "%*s", 5, "hi");
	FMT_CASE(kt, "(null)", "%s", null_string);
	FMT_CASE(kt, "0xffffffff80000000", "%p", (void *)0xffffffff80000000UL);
	FMT_CASE(kt, "0x0000000000000000", "%p", NULL);
	FMT_CASE(kt, "100%", "%d%%", 100);
}

KTEST(printk, truncation_returns_full_length)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	KT_EXPECT_EQ(kt, snprintf(buf, sizeof(buf), "%s", "0123456789"), 10);
	KT_EXPECT_STREQ(kt, buf, "0123456");
	KT_EXPECT_EQ(kt, scnprintf(buf, sizeof(buf), "%s", "0123456789"), 7);
	KT_EXPECT_EQ(kt, snprintf(NULL, 0, "%d", 12345), 5);
}

KTEST(printk, log_buffer_keeps_level_and_timestamp)
{
	static char tail[256];
	size_t n;
	const char *p;

	printk(KERN_DEBUG "ktest log marker %d\n", 4242);
	n = log_buf_read(tail, sizeof(tail) - 1);
	tail[n] = '\0';
	p = strchr(tail, '\0') - strlen("ktest log marker 4242\n");
	KT_ASSERT_TRUE(kt, n > 40);
	KT_EXPECT_STREQ(kt, p, "ktest log marker 4242\n");
	/* the line reads "<7>[    s.micros] ktest log marker 4242" */
	while (p > tail && p[-1] != '\n')
		p--;
	KT_EXPECT_EQ(kt, p[0], '<');
	KT_EXPECT_EQ(kt, p[1], '7');
	KT_EXPECT_EQ(kt, p[3], '[');
	KT_EXPECT_EQ(kt, p[16], ']');
	KT_EXPECT_EQ(kt, p[9], '.');
}

static char captured[512];
static size_t captured_len;

static void capture_write(struct console *con, const char *s, size_t len)
{
	for (size_t i = 0; i < len && captured_len + 1 < sizeof(captured); i++)
		captured[captured_len++] = s[i];
	captured[captured_len] = '\0';
}

static struct console capture_console = {
	.name = "ktest",
	.write = capture_write,
};

KTEST(printk, console_shows_only_levels_below_loglevel)
{
	int saved = console_loglevel;

	if (!capture_console.next && !capture_console.enabled)
		register_console(&capture_console);
	capture_console.enabled = true;
	console_loglevel = 5;		/* show EMERG..WARNING */
	captured_len = 0;
	captured[0] = '\0';
	pr_info("ktest: info must be hidden\n");
	pr_warn("ktest: warning must show\n");
	console_loglevel = saved;
	capture_console.enabled = false;
	KT_EXPECT_TRUE(kt, strstr(captured, "warning must show"));
	KT_EXPECT_TRUE(kt, !strstr(captured, "info must be hidden"));
	KT_EXPECT_EQ(kt, captured[0], '[');
}
