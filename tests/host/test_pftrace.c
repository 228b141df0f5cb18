/*
 * tests/host/test_pftrace.c - the page-fault trace's pure half,
 * lib/pftrace.c: the line format, outcome names, the sysctl's text and
 * whom a setting watches (off, every process, one pid).  pftrace_fault()
 * itself reads current, so tests/kernel/test_pftrace.c checks it.
 *
 * The sysctl parser is checked on fixed good and bad words and by a
 * round trip: every value it can give, shown by pftrace_show() and
 * parsed again, comes back unchanged (0, all, and random pids).
 */
#include "test.h"
#include "kernel_lib.h"
#include <mneme/pftrace.h>

static const struct pftrace_record cow_record = {
	.pid = 7, .comm = "pfdemo", .address = 0x7f3a1000, .ip = 0x401136,
	.write = true, .user = true, .has_vma = true,
	.vm_start = 0x7f3a0000, .vm_end = 0x7f3b0000, .perms = "rw-p",
	.outcome = PF_COW_COPY, .pfn = 0x1f3a2, .old_pfn = 0x1e000,
};

TEST(line_shows_every_field)
{
	char line[PFTRACE_LINE_MAX];
	int n = pftrace_format(line, sizeof(line), &cow_record);

	EXPECT_STREQ(line, "pftrace: pfdemo[7] 0x7f3a1000 ip 0x401136 write user "
		     "vma 7f3a0000-7f3b0000 rw-p cow-copy pfn 0x1f3a2 old_pfn 0x1e000");
	EXPECT_EQ(n, (int)strlen(line));
}

TEST(line_without_vma_or_page)
{
	struct pftrace_record r = {
		.pid = 12, .comm = "sh", .address = 0x10, .ip = 0x401000,
		.user = true, .outcome = PF_SEGV,
	};
	char line[PFTRACE_LINE_MAX];

	pftrace_format(line, sizeof(line), &r);
	EXPECT_STREQ(line, "pftrace: sh[12] 0x10 ip 0x401000 read user no vma segv");
	r.outcome = PF_STACK_GROW;
	pftrace_format(line, sizeof(line), &r);
	EXPECT_STREQ(line, "pftrace: sh[12] 0x10 ip 0x401000 read user no vma stack-grow");
	r.exec = true;
	r.user = false;
	r.outcome = PF_ZERO_PAGE;
	r.pfn = 0x5;
	pftrace_format(line, sizeof(line), &r);
	EXPECT_STREQ(line, "pftrace: sh[12] 0x10 ip 0x401000 exec kernel no vma zero-page pfn 0x5");
}

/* The longest comm and 64-bit numbers everywhere still fit, uncut. */
TEST(longest_line_fits)
{
	struct pftrace_record r = cow_record;
	char line[PFTRACE_LINE_MAX];

	memcpy(r.comm, "fifteen-chars-x", sizeof(r.comm));
	r.pid = 2147483647;
	r.address = r.ip = r.vm_start = r.vm_end = r.pfn = r.old_pfn = ~0UL;
	r.outcome = PF_STACK_GROW;
	EXPECT_TRUE(pftrace_format(line, sizeof(line), &r) < PFTRACE_LINE_MAX - 1);
	EXPECT_TRUE(strstr(line, "old_pfn 0xffffffffffffffff") != NULL);
}

TEST(outcome_names_are_distinct)
{
	static const char *const want[PF_NR_OUTCOMES] = {
		"zero-page", "anon-new", "file-map", "file-cow", "cow-copy",
		"cow-reuse", "stack-grow", "segv", "sigbus", "swap-in",
	};

	for (int i = 0; i < PF_NR_OUTCOMES; i++)
		EXPECT_STREQ(pf_outcome_name(i), want[i]);
	EXPECT_STREQ(pf_outcome_name(PF_NR_OUTCOMES), "unknown");
	EXPECT_STREQ(pf_outcome_name(-1), "unknown");
}

static int parsed(const char *text)
{
	int v = 12345;

	return pftrace_parse(text, &v) ? -EINVAL : v;	/* no good word gives -EINVAL */
}

TEST(sysctl_parses_off_all_and_pids)
{
	EXPECT_EQ(parsed("0"), 0);
	EXPECT_EQ(parsed("0\n"), 0);
	EXPECT_EQ(parsed("1"), PFTRACE_ALL);
	EXPECT_EQ(parsed("1\n"), PFTRACE_ALL);
	EXPECT_EQ(parsed("-1"), PFTRACE_ALL);
	EXPECT_EQ(parsed("2"), 2);
	EXPECT_EQ(parsed("4095"), 4095);
	EXPECT_EQ(parsed("pid:1"), 1);
	EXPECT_EQ(parsed("pid:1\n"), 1);
	EXPECT_EQ(parsed("pid:42"), 42);
	EXPECT_EQ(parsed("2147483647"), 2147483647);
}

TEST(sysctl_rejects_garbage)
{
	static const char *const bad[] = {
		"", "\n", "x", "1x", " 1", "1 ", "+1", "-2", "-0", "0x10", "007",
		"1\n\n", "pid:", "pid:0", "pid:-1", "pid:x", "pid: 3", "PID:3",
		"2147483648", "99999999999999999999", "pid:2147483648",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int v = 12345;

		EXPECT_EQ(pftrace_parse(bad[i], &v), -EINVAL);
		EXPECT_EQ(v, 12345);
		if (test_failed()) {
			TEST_NOTE_STR("input", bad[i]);
			return;
		}
	}
}

static void expect_round_trip(int value)
{
	char text[PFTRACE_SHOW_MAX];
	int back = 12345;

	pftrace_show(text, sizeof(text), value);
	EXPECT_EQ(pftrace_parse(text, &back), 0);
	EXPECT_EQ(back, value);
	if (test_failed())
		TEST_NOTE_STR("shown", text);
}

TEST(sysctl_show_parses_back)
{
	char text[PFTRACE_SHOW_MAX];

	pftrace_show(text, sizeof(text), PFTRACE_ALL);
	EXPECT_STREQ(text, "1");
	pftrace_show(text, sizeof(text), 1);
	EXPECT_STREQ(text, "pid:1");
	pftrace_show(text, sizeof(text), 0);
	EXPECT_STREQ(text, "0");
	expect_round_trip(0);
	expect_round_trip(PFTRACE_ALL);
	expect_round_trip(1);
	expect_round_trip(2147483647);
	for (int i = 0; i < 10000 && !test_failed(); i++)
		expect_round_trip((int)test_rand_range(2, 2147483647));
}

TEST(filter_off_all_and_one_pid)
{
	EXPECT_FALSE(pftrace_pid_wanted(0, 5));
	EXPECT_FALSE(pftrace_pid_wanted(0, 0));
	EXPECT_TRUE(pftrace_pid_wanted(PFTRACE_ALL, 5));
	EXPECT_TRUE(pftrace_pid_wanted(PFTRACE_ALL, 0));
	EXPECT_TRUE(pftrace_pid_wanted(5, 5));
	EXPECT_FALSE(pftrace_pid_wanted(6, 5));
	EXPECT_TRUE(pftrace_pid_wanted(1, 1));
	EXPECT_FALSE(pftrace_pid_wanted(1, 2));
	EXPECT_FALSE(pftrace_pid_wanted(-2, 2));
}
