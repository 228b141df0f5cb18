/*
 * tests/host/test_rtc_lib.c - host tests for lib/rtc_lib.c: the civil
 * date to Unix time conversion against the C library's timegm(), BCD,
 * and the decoding of the CMOS clock's registers in each of its formats.
 */
#define _DEFAULT_SOURCE		/* timegm() */
#include <time.h>

#include "test.h"
#include "kernel_lib.h"
#include <mneme/rtc.h>
#include <uapi/errno.h>

static const int month_days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static long long reference_timegm(int y, int mon, int d, int h, int mi, int s)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mon - 1, .tm_mday = d,
			 .tm_hour = h, .tm_min = mi, .tm_sec = s };

	return (long long)timegm(&tm);
}

/* Random valid dates 1970..2100 (and before 1970: negative days) vs timegm. */
TEST(mktime64_matches_timegm_for_random_dates)
{
	for (int i = 0; i < 200000 && !test_failed(); i++) {
		int y = 1900 + (int)(test_rand_u64() % 201);	/* 1900..2100 */
		int mon = 1 + (int)(test_rand_u64() % 12);
		int dim = month_days[mon - 1] + (mon == 2 && leap(y));
		int d = 1 + (int)(test_rand_u64() % dim);
		int h = (int)(test_rand_u64() % 24), mi = (int)(test_rand_u64() % 60);
		int s = (int)(test_rand_u64() % 60);

		EXPECT_EQ(mktime64(y, mon, d, h, mi, s), reference_timegm(y, mon, d, h, mi, s));
	}
}

TEST(days_from_civil_known_days)
{
	EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
	EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
	EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);	/* after a 400-year leap day */
	EXPECT_EQ(days_from_civil(2100, 3, 1) - days_from_civil(2100, 2, 28), 1);	/* no Feb 29 */
	EXPECT_EQ(mktime64(2038, 1, 19, 3, 14, 8), 2147483648LL);	/* 2^31: past 32 bits */
}

/* Every byte 0x00..0x99 whose nibbles are digits decodes to its value. */
TEST(bcd2bin_every_two_digit_value)
{
	for (int tens = 0; tens < 10; tens++)
		for (int ones = 0; ones < 10; ones++)
			EXPECT_EQ(bcd2bin((u8)(tens << 4 | ones)), tens * 10 + ones);
}

static struct cmos_time_regs regs_bcd(u8 status_b)
{
	/* 2026-12-03 07:05:09 in BCD */
	return (struct cmos_time_regs){ .sec = 0x09, .min = 0x05, .hour = 0x07, .mday = 0x03,
					.mon = 0x12, .year = 0x26, .status_b = status_b };
}

TEST(cmos_decode_bcd_24h)
{
	struct cmos_time_regs r = regs_bcd(RTC_24H);
	struct rtc_time tm;

	r.hour = 0x23;
	ASSERT_EQ(cmos_decode_time(&r, &tm), 0);
	EXPECT_EQ(tm.tm_year, 2026);
	EXPECT_EQ(tm.tm_mon, 12);
	EXPECT_EQ(tm.tm_mday, 3);
	EXPECT_EQ(tm.tm_hour, 23);
	EXPECT_EQ(tm.tm_min, 5);
	EXPECT_EQ(tm.tm_sec, 9);
}

TEST(cmos_decode_binary_24h)
{
	struct cmos_time_regs r = { .sec = 59, .min = 58, .hour = 13, .mday = 31,
				    .mon = 1, .year = 99, .status_b = RTC_24H | RTC_DM_BINARY };
	struct rtc_time tm;

	ASSERT_EQ(cmos_decode_time(&r, &tm), 0);
	EXPECT_EQ(tm.tm_year, 1999);	/* two digits >= 70: 19xx */
	EXPECT_EQ(tm.tm_hour, 13);
	EXPECT_EQ(tm.tm_sec, 59);
}

/* 12-hour mode: 12 AM is 0, 12 PM is 12, 1 PM is 13 (BCD and binary). */
TEST(cmos_decode_12_hour_mode)
{
	static const struct { u8 raw; bool binary; int hour; } cases[] = {
		{ 0x12, false, 0 }, { 0x01, false, 1 }, { 0x11, false, 11 },
		{ 0x80 | 0x12, false, 12 }, { 0x80 | 0x01, false, 13 }, { 0x80 | 0x11, false, 23 },
		{ 12, true, 0 }, { 0x80 | 12, true, 12 }, { 0x80 | 7, true, 19 },
	};
	struct rtc_time tm;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cmos_time_regs r = regs_bcd(cases[i].binary ? RTC_DM_BINARY : 0);

		if (cases[i].binary) {
			r.sec = 9; r.min = 5; r.mday = 3; r.mon = 12; r.year = 26;
		}
		r.hour = cases[i].raw;
		ASSERT_EQ(cmos_decode_time(&r, &tm), 0);
		EXPECT_EQ(tm.tm_hour, cases[i].hour);
	}
}

TEST(cmos_decode_rejects_garbage)
{
	struct cmos_time_regs r = regs_bcd(RTC_24H);
	struct rtc_time tm;

	r.mon = 0x13;
	EXPECT_EQ(cmos_decode_time(&r, &tm), -EINVAL);
	r = regs_bcd(RTC_24H);
	r.mday = 0x31;
	r.mon = 0x11;			/* November 31st */
	EXPECT_EQ(cmos_decode_time(&r, &tm), -EINVAL);
	r = regs_bcd(0);
	r.hour = 0x00;			/* no hour 0 in 12-hour mode */
	EXPECT_EQ(cmos_decode_time(&r, &tm), -EINVAL);
	r = regs_bcd(RTC_24H);
	r.sec = 0xff;			/* a dead battery */
	EXPECT_EQ(cmos_decode_time(&r, &tm), -EINVAL);
}
