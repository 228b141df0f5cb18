/*
 * arch/x86/time.c - the timer tick and the monotonic clock.
 *
 * The PIT (8253/8254) channel 0 interrupts HZ times a second on IRQ 0:
 * that is the tick (jiffies; timers and the scheduler's time slice run from it).  The
 * clock is the TSC, which counts CPU cycles: we measure its rate once at
 * boot against PIT channel 2 (gated by port 0x61, polled, no interrupt
 * needed) and from then on ktime_get_ns() = (rdtsc() - tsc_at_boot) scaled
 * by that rate.  Under `make bench` QEMU runs with -icount, so the TSC
 * then counts instructions and times repeat exactly.
 * Linux: arch/x86/kernel/i8253.c, tsc.c (pit_calibrate_tsc()).
 */
#include <asm/io.h>
#include <asm/irq_regs.h>
#include <asm/ptrace.h>
#include <asm/processor.h>
#include <mneme/irq.h>
#include <mneme/kernel.h>
#include <mneme/printk.h>
#include <mneme/time.h>
#include <mneme/timer.h>

#define PIT_HZ			1193182	/* the PIT's input clock */
#define PIT_CH0			0x40
#define PIT_CH2			0x42
#define PIT_MODE		0x43
#define PIT_MODE_CH0_RATE	0x34	/* channel 0, lo/hi byte, mode 2 */
#define PIT_MODE_CH2_ONESHOT	0xb0	/* channel 2, lo/hi byte, mode 0 */
#define PORT_61			0x61	/* speaker/gate control */
#define PORT_61_GATE2		0x01
#define PORT_61_SPEAKER		0x02
#define PORT_61_OUT2		0x20	/* channel 2 output (read) */
#define CALIBRATE_MS		10
#define CALIBRATE_MAX_CYCLES	(1ULL << 32)
#define TIMER_IRQ		0

volatile u64 jiffies;
static u64 tsc_at_boot;
u64 tsc_khz;			/* 0 until calibrated */

/* Count TSC cycles while PIT channel 2 counts down CALIBRATE_MS. */
static u64 pit_calibrate_tsc_khz(void)
{
	u32 latch = PIT_HZ / (1000 / CALIBRATE_MS);
	u64 t0, t1;

	outb(PORT_61, (inb(PORT_61) & ~PORT_61_SPEAKER) | PORT_61_GATE2);
	outb(PIT_MODE, PIT_MODE_CH2_ONESHOT);
	outb(PIT_CH2, latch & 0xff);
	outb(PIT_CH2, latch >> 8);
	t0 = rdtsc();
	/*
	 * Give up after 2^32 TSC cycles (1-4 s) if the PIT never answers; a
	 * bound in loop iterations would be wrong under QEMU -icount, where
	 * an inb costs a few instructions instead of a microsecond.
	 */
	while (!(inb(PORT_61) & PORT_61_OUT2) &&
	       rdtsc() - t0 < CALIBRATE_MAX_CYCLES)
		;
	t1 = rdtsc();
	return (t1 - t0) / CALIBRATE_MS;
}

u64 ktime_get_ns(void)
{
	u64 cycles;

	if (!tsc_khz)
		return 0;
	cycles = rdtsc() - tsc_at_boot;
	/* split to avoid overflow: whole milliseconds, then the rest */
	return cycles / tsc_khz * NSEC_PER_MSEC +
	       cycles % tsc_khz * NSEC_PER_MSEC / tsc_khz;
}

static void timer_interrupt(unsigned int irq)
{
	struct pt_regs *regs = get_irq_regs();

	(void)irq;
	timer_tick(regs && user_mode(regs));
}

/* user_tick: the tick interrupted user mode (charged as utime, else stime). */
void timer_tick(int user_tick)
{
	jiffies++;
	update_process_times(user_tick);	/* timers, CPU time, the slice */
}

void mdelay(unsigned int ms)
{
	u64 end = ktime_get_ns() + (u64)ms * NSEC_PER_MSEC;

	while (ktime_get_ns() < end)
		cpu_relax();
}

void time_mark_boot(void)
{
	tsc_at_boot = rdtsc();
}

void tsc_init(void)
{
	tsc_khz = pit_calibrate_tsc_khz();
	if (!tsc_khz)
		tsc_khz = 1;	/* never divide by zero; times will be odd */
}

void tsc_print(void)
{
	pr_info("tsc: Detected %lu.%03lu MHz processor (calibrated against the PIT)\n",
		(unsigned long)(tsc_khz / 1000), (unsigned long)(tsc_khz % 1000));
}

void time_init(void)
{
	u32 divisor = PIT_HZ / HZ;

	outb(PIT_MODE, PIT_MODE_CH0_RATE);
	outb(PIT_CH0, divisor & 0xff);
	outb(PIT_CH0, divisor >> 8);
	request_irq(TIMER_IRQ, timer_interrupt, "timer");
	pr_info("clocksource: tsc; tick: PIT at %d Hz on IRQ %d\n", HZ, TIMER_IRQ);
}
