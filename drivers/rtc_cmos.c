/*
 * drivers/rtc_cmos.c - reading the PC's battery-backed clock (the
 * Motorola MC146818 in the chipset's CMOS, ports 0x70/0x71).
 *
 * Once a second the chip updates its registers; while status A's UIP
 * bit is set an update is about to start or is running, and a read may
 * see half the carry (23:59:59 -> 00:00:00 read as 00:59:59).  So we wait
 * for UIP to clear, read all the registers, and read them again until
 * two reads agree, as Linux's mc146818_get_time() does.  The chip keeps
 * local time or UTC as the firmware chose; QEMU and Linux installs keep
 * UTC, and that is what we assume.  Read once at boot
 * (kernel/time/timekeeping.c); nothing here is kept.  No locking: boot
 * runs alone and nothing else touches the CMOS index port.
 * Linux: drivers/rtc/rtc-cmos.c, drivers/rtc/rtc-mc146818-lib.c.
 */
#include <asm/io.h>
#include <asm/processor.h>
#include <mneme/kernel.h>
#include <mneme/rtc.h>
#include <mneme/string.h>
#include <uapi/errno.h>

#define CMOS_INDEX		0x70
#define CMOS_DATA		0x71
#define RTC_SECONDS		0x00
#define RTC_MINUTES		0x02
#define RTC_HOURS		0x04
#define RTC_DAY_OF_MONTH	0x07
#define RTC_MONTH		0x08
#define RTC_YEAR		0x09
#define RTC_REG_A		0x0a
#define RTC_REG_B		0x0b
#define RTC_UIP			0x80	/* status A: update in progress */
#define UIP_WAIT_LOOPS		1000000	/* an update lasts under 2 ms */
#define READ_TRIES		10

static u8 cmos_read(u8 reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

static int cmos_wait_uip_clear(void)
{
	for (int i = 0; i < UIP_WAIT_LOOPS; i++) {
		if (!(cmos_read(RTC_REG_A) & RTC_UIP))
			return 0;
		cpu_relax();
	}
	return -EIO;
}

static void cmos_read_regs(struct cmos_time_regs *r)
{
	r->sec = cmos_read(RTC_SECONDS);
	r->min = cmos_read(RTC_MINUTES);
	r->hour = cmos_read(RTC_HOURS);
	r->mday = cmos_read(RTC_DAY_OF_MONTH);
	r->mon = cmos_read(RTC_MONTH);
	r->year = cmos_read(RTC_YEAR);
	r->status_b = cmos_read(RTC_REG_B);
}

int rtc_cmos_read_time(struct rtc_time *tm)
{
	struct cmos_time_regs a, b;

	for (int i = 0; i < READ_TRIES; i++) {
		if (cmos_wait_uip_clear())
			return -EIO;
		cmos_read_regs(&a);
		if (cmos_wait_uip_clear())
			return -EIO;
		cmos_read_regs(&b);
		if (!memcmp(&a, &b, sizeof(a)))
			return cmos_decode_time(&a, tm);
	}
	return -EIO;
}
