/*
 * kernel/console_input.c - a ring buffer between console interrupts and
 * readers, until the console tty takes the bytes itself.
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
static console_receive_t receiver;

void console_input_push(char c)
{
	unsigned int next = (head + 1) % CONSOLE_INPUT_SIZE;

	if (receiver) {
		receiver((const unsigned char *)&c, 1);
		return;
	}
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

/* The tty takes over: what was typed before it existed goes first. */
console_receive_t console_input_set_receiver(console_receive_t fn)
{
	unsigned long flags = local_irq_save();
	console_receive_t old = receiver;

	while (fn && tail != head) {
		unsigned char c = (unsigned char)buf[tail];

		tail = (tail + 1) % CONSOLE_INPUT_SIZE;
		fn(&c, 1);
	}
	receiver = fn;
	local_irq_restore(flags);
	return old;
}
