/*
 * tests/kernel/test_time.c - ktests for the clock, the timer tick and the
 * interrupt plumbing behind it.  Tolerances are wide: they check the TSC
 * calibration and the PIT agree, not how fast anything runs.
 */
#include <asm/processor.h>
#include <mneme/console_input.h>
#include <mneme/irq.h>
#include <mneme/kernel.h>
#include <mneme/ktest.h>
#include <mneme/time.h>
#include <uapi/errno.h>

KTEST(time, clock_is_monotonic)
{
	u64 prev = ktime_get_ns();
	int backwards = 0;

	for (int i = 0; i < 10000; i++) {
		u64 now = ktime_get_ns();

		backwards += now < prev;
		prev = now;
	}
	KT_EXPECT_EQ(kt, backwards, 0);
	KT_EXPECT_GT(kt, prev, 0);
}

/* 200 ms by the TSC should be about 20 ticks of the 100 Hz PIT. */
KTEST(time, tsc_and_pit_tick_agree)
{
	u64 j0, ticks;

	KT_ASSERT_TRUE(kt, !irqs_disabled());
	j0 = jiffies;
	mdelay(200);
	ticks = jiffies - j0;
	KT_EXPECT_GE(kt, ticks, 200 * HZ / 1000 / 2);
	KT_EXPECT_LE(kt, ticks, 200 * HZ / 1000 * 2);
	KT_EXPECT_GT(kt, irq_count(0), 0);
}

KTEST(irq, request_irq_checks_its_arguments)
{
	KT_EXPECT_EQ(kt, request_irq(NR_IRQS, NULL, "bad"), -EINVAL);
	KT_EXPECT_EQ(kt, request_irq(2, NULL, "cascade"), -EINVAL);
	KT_EXPECT_EQ(kt, request_irq(0, NULL, "timer again"), -EBUSY);
}

KTEST(console, input_ring_keeps_order_and_drops_when_full)
{
	console_receive_t tty = console_input_set_receiver(NULL);	/* the ring again */
	int c, n = 0;

	while (console_input_pop() >= 0)	/* drain what was typed */
		;
	console_input_push('a');
	console_input_push('b');
	KT_EXPECT_EQ(kt, console_input_pop(), 'a');
	KT_EXPECT_EQ(kt, console_input_pop(), 'b');
	KT_EXPECT_EQ(kt, console_input_pop(), -1);
	for (int i = 0; i < CONSOLE_INPUT_SIZE * 2; i++)
		console_input_push((char)('0' + i % 10));
	while ((c = console_input_pop()) >= 0)
		n++;
	KT_EXPECT_EQ(kt, n, CONSOLE_INPUT_SIZE - 1);
	console_input_set_receiver(tty);
}
