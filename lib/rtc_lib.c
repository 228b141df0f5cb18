/*
 * lib/rtc_lib.c - from the RTC's registers to seconds since 1970.
 *
 * cmos_decode_time() undoes the MC146818's formats: each register may be
 * BCD (status B bit DM clear, the PC default) or binary, and the hour
 * may be 12-hour with bit 7 as PM, where 12 AM is hour 0 and 12 PM is
 * hour 12.  The year register holds two digits; like Linux without a
 * century register, years below 70 are 20xx.
 *
 * days_from_civil() counts days with Howard Hinnant's era arithmetic:
 * shift the year to start in March, so that the leap day is the last day
 * of the shifted year, then count 400-year eras (146097 days each), years
 * in the era, and days in the year, where the days before month m of a
 * March-based year are (153 * m + 2) / 5.  Linux's mktime64() uses
 * Gauss's formula for the same count.  No state, no locking: pure.
 * Linux: kernel/time/time.c (mktime64()), drivers/rtc/rtc-mc146818-lib.c.
 */
#include <mneme/rtc.h>
#include <uapi/errno.h>

#define DAYS_PER_ERA		146097	/* 400 Gregorian years */
#define YEARS_PER_ERA		400
#define DAYS_0000_03_01_TO_EPOCH 719468	/* from 0000-03-01 to 1970-01-01 */
#define SECS_PER_DAY		86400
#define SECS_PER_HOUR		3600
#define SECS_PER_MIN		60
#define CMOS_YEAR_PIVOT		70	/* two-digit years below this are 20xx */

s64 days_from_civil(s64 year, unsigned int mon, unsigned int day)
{
	s64 y = year - (mon <= 2);
	s64 era = (y >= 0 ? y : y - (YEARS_PER_ERA - 1)) / YEARS_PER_ERA;
	s64 yoe = y - era * YEARS_PER_ERA;			/* 0..399 */
	s64 mp = mon > 2 ? mon - 3 : mon + 9;			/* March is 0 */
	s64 doy = (153 * mp + 2) / 5 + day - 1;			/* 0..365 */
	s64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;	/* 0..146096 */

	return era * DAYS_PER_ERA + doe - DAYS_0000_03_01_TO_EPOCH;
}

s64 mktime64(s64 year, unsigned int mon, unsigned int day, unsigned int hour,
	     unsigned int min, unsigned int sec)
{
	return days_from_civil(year, mon, day) * SECS_PER_DAY +
	       (s64)hour * SECS_PER_HOUR + (s64)min * SECS_PER_MIN + sec;
}

static unsigned int cmos_field(u8 val, bool binary)
{
	return binary ? val : bcd2bin(val);
}

/* The hour register in 0..23, from either mode. */
static int cmos_hour(u8 raw, u8 status_b)
{
	bool binary = status_b & RTC_DM_BINARY;
	int hour;

	if (status_b & RTC_24H)
		return (int)cmos_field(raw, binary);
	hour = (int)cmos_field(raw & ~RTC_HOUR_PM, binary);
	if (hour < 1 || hour > 12)
		return -1;
	hour %= 12;				/* 12 AM is 0 */
	return raw & RTC_HOUR_PM ? hour + 12 : hour;
}

static bool rtc_time_valid(const struct rtc_time *tm)
{
	static const u8 days_in_month[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return tm->tm_sec >= 0 && tm->tm_sec <= 59 && tm->tm_min >= 0 &&
	       tm->tm_min <= 59 && tm->tm_hour >= 0 && tm->tm_hour <= 23 &&
	       tm->tm_mon >= 1 && tm->tm_mon <= 12 && tm->tm_mday >= 1 &&
	       tm->tm_mday <= days_in_month[tm->tm_mon - 1];
}

int cmos_decode_time(const struct cmos_time_regs *regs, struct rtc_time *tm)
{
	bool binary = regs->status_b & RTC_DM_BINARY;
	int year = (int)cmos_field(regs->year, binary);

	tm->tm_sec = (int)cmos_field(regs->sec, binary);
	tm->tm_min = (int)cmos_field(regs->min, binary);
	tm->tm_hour = cmos_hour(regs->hour, regs->status_b);
	tm->tm_mday = (int)cmos_field(regs->mday, binary);
	tm->tm_mon = (int)cmos_field(regs->mon, binary);
	tm->tm_year = year + (year < CMOS_YEAR_PIVOT ? 2000 : 1900);
	if (year > 99 || !rtc_time_valid(tm))
		return -EINVAL;
	return 0;
}
