/*
 * kernel/time/timekeeping.c - wall-clock time: CLOCK_REALTIME.
 *
 * The monotonic clock (ktime_get_ns(), the calibrated TSC) starts at 0 at
 * boot.  Wall-clock time is that plus one offset, realtime_offset_ns: the
 * Unix time of the moment ktime_get_ns() was 0.  timekeeping_init() sets
 * it from the CMOS RTC (drivers/rtc_cmos.c), read once: from then on the
 * TSC alone keeps time, as Linux does between NTP adjustments.  Without a
 * readable RTC the clock starts at the epoch and says so.  settimeofday
 * and clock_settime(CLOCK_REALTIME) move the offset; the monotonic clock
 * never moves.  Linux keeps more offsets (offs_real, offs_boot, offs_tai)
 * in its struct timekeeper and writes the RTC back every 11 minutes;
 * there is no suspend here, so CLOCK_BOOTTIME equals CLOCK_MONOTONIC.
 *
 * Locking: the offset is one u64, written with interrupts off and read
 * whole on this one CPU.
 * Linux: kernel/time/timekeeping.c, kernel/time/ntp.c (sync_cmos_clock()).
 */
#include <asm/processor.h>
#include <mneme/kernel.h>
#include <mneme/printk.h>
#include <mneme/rtc.h>
#include <mneme/time.h>
#include <uapi/errno.h>

static u64 realtime_offset_ns;

u64 ktime_get_real_ns(void)
{
	return realtime_offset_ns + ktime_get_ns();
}

/* Set CLOCK_REALTIME to now_ns (since the epoch): 0 or -EINVAL. */
int do_settimeofday64(u64 now_ns)
{
	unsigned long flags;
	u64 mono = ktime_get_ns();

	if (now_ns < mono)
		return -EINVAL;		/* would put the boot before 1970 */
	flags = local_irq_save();
	realtime_offset_ns = now_ns - mono;
	local_irq_restore(flags);
	return 0;
}

/* Unix time of the boot (btime in /proc/stat). */
u64 boot_time_seconds(void)
{
	return realtime_offset_ns / NSEC_PER_SEC;
}

void timekeeping_init(void)
{
	struct rtc_time tm;
	int err = rtc_cmos_read_time(&tm);
	u64 mono = ktime_get_ns();
	s64 secs;

	if (err) {
		pr_warn("rtc_cmos: cannot read the clock (error %d); time starts at 1970\n", err);
		return;
	}
	secs = mktime64(tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (secs < 0 || (u64)secs * NSEC_PER_SEC < mono) {
		pr_warn("rtc_cmos: clock reads before 1970; time starts at 1970\n");
		return;
	}
	realtime_offset_ns = (u64)secs * NSEC_PER_SEC - mono;
	pr_info("rtc_cmos: setting system clock to %04d-%02d-%02d %02d:%02d:%02d UTC (%lld)\n",
		tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		(long long)secs);
}
