/*
 * kernel/console_input.c - a ring buffer between console interrupts and
 * readers.
 *
 * Single producer side (interrupt handlers, which run with interrupts off)
 * and consumers that disable interrupts around the pop, so no lock is
 * needed on one CPU.  When full, new bytes are dropped (a person typing
 * faster than the shell reads loses the newest keys, as on a real tty).
 */
#include <asm/processor.h>
#include <mneme/console_input.h>

static char buf[CONSOLE_INPUT_SIZE];
static unsigned int head, tail;	/* head: next write, tail: next read */

void console_input_push(char c)
{
	unsigned int next = (head + 1) % CONSOLE_INPUT_SIZE;

	if (next == tail)
		return;
	buf[head] = c;
	head = next;
}

int console_input_pop(void)
{
	unsigned long flags = local_irq_save();
	int c = -1;

	if (tail != head) {
		c = (unsigned char)buf[tail];
		tail = (tail + 1) % CONSOLE_INPUT_SIZE;
	}
	local_irq_restore(flags);
	return c;
}
