/*
 * rtc.h - calendar time: the CMOS real-time clock's registers, decoded,
 * and the conversion of a civil date to Unix time.
 *
 * The pure parts (lib/rtc_lib.c: BCD, 12-hour mode, days_from_civil(),
 * mktime64()) are host-tested; drivers/rtc_cmos.c reads the chip.
 * Linux: include/linux/rtc.h, include/linux/bcd.h, kernel/time/time.c
 * (mktime64()), drivers/rtc/rtc-mc146818-lib.c.
 */
#ifndef MNEME_RTC_H
#define MNEME_RTC_H

#include <mneme/types.h>

/* A broken-down UTC time, as the chip has it (unlike Linux's rtc_time:
 * tm_mon is 1..12 and tm_year the full year, which is what we read). */
struct rtc_time {
	int tm_sec, tm_min, tm_hour;	/* 0..59, 0..59, 0..23 */
	int tm_mday, tm_mon, tm_year;	/* 1..31, 1..12, e.g. 2026 */
};

/* The MC146818's time registers, in register order as read. */
struct cmos_time_regs {
	u8 sec, min, hour, mday, mon, year;
	u8 status_b;			/* RTC_REG_B: the data format */
};

#define RTC_DM_BINARY	0x04	/* status B: values are binary, not BCD */
#define RTC_24H		0x02	/* status B: 24-hour mode (else 12 + PM bit) */
#define RTC_HOUR_PM	0x80	/* in 12-hour mode: the hour's PM flag */

static inline unsigned int bcd2bin(u8 val)
{
	return (val & 0x0f) + (val >> 4) * 10;
}

/* Days from 1970-01-01 to year-mon-day (proleptic Gregorian; may be < 0). */
s64 days_from_civil(s64 year, unsigned int mon, unsigned int day);
/* Seconds since the epoch of a UTC date and time (mon 1..12). */
s64 mktime64(s64 year, unsigned int mon, unsigned int day, unsigned int hour,
	     unsigned int min, unsigned int sec);
/*
 * Decode the registers into tm: BCD or binary, 12 or 24 hours, a
 * two-digit year taken as 1970..2069.  0, or -EINVAL if a field is out
 * of range (a dead battery reads as garbage).
 */
int cmos_decode_time(const struct cmos_time_regs *regs, struct rtc_time *tm);

/* drivers/rtc_cmos.c: read the chip; 0 or -EIO / -EINVAL. */
int rtc_cmos_read_time(struct rtc_time *tm);

#endif
