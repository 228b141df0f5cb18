/*
 * drivers/serial.c - 16550 UART on COM1 as the console ttyS0.
 *
 * Polled transmit (the log must work with interrupts off and in a panic);
 * receive by interrupt (IRQ 4) into the console input buffer, so a person
 * can type at the shell over the serial line.  Bytes '\n' go out as
 * "\r\n".  Register facts from the 16550 data sheet.  Linux:
 * drivers/tty/serial/8250/.
 */
#include <asm/io.h>
#include <mneme/console_input.h>
#include <mneme/irq.h>
#include <mneme/printk.h>
#include <mneme/serial.h>

#define COM1_BASE	0x3f8
#define COM1_IRQ	4
#define UART_CLOCK_HZ	115200	/* divisor 1 = 115200 baud */
#define BAUD		115200

#define UART_RBR	0	/* receive buffer (read) */
#define UART_THR	0	/* transmit holding (write) */
#define UART_DLL	0	/* divisor latch low (DLAB=1) */
#define UART_IER	1	/* interrupt enable */
#define UART_DLM	1	/* divisor latch high (DLAB=1) */
#define UART_FCR	2	/* FIFO control */
#define UART_LCR	3	/* line control */
#define UART_MCR	4	/* modem control */
#define UART_LSR	5	/* line status */
#define UART_SCR	7	/* scratch */

#define UART_IER_RDI	0x01	/* interrupt when data received */
#define UART_LCR_8N1	0x03
#define UART_LCR_DLAB	0x80
#define UART_FCR_ENABLE	0xc7	/* enable, clear both FIFOs, 14-byte trigger */
#define UART_MCR_DTR_RTS_OUT2 0x0b	/* OUT2 gates the IRQ line on PCs */
#define UART_LSR_DR	0x01	/* data ready */
#define UART_LSR_THRE	0x20	/* transmit holding register empty */

static bool serial_present;

static bool uart_probe(void)
{
	outb(COM1_BASE + UART_SCR, 0x5a);
	return inb(COM1_BASE + UART_SCR) == 0x5a;
}

void serial_putc(char c)
{
	int spins = 100000;	/* a missing UART must not hang the log */

	if (!serial_present)
		return;
	while (!(inb(COM1_BASE + UART_LSR) & UART_LSR_THRE) && --spins)
		;
	outb(COM1_BASE + UART_THR, (u8)c);
}

static void serial_console_write(struct console *con, const char *s,
				 size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}

static struct console serial_console = {
	.name = "ttyS0",
	.write = serial_console_write,
};

void serial_init(void)
{
	u16 divisor = UART_CLOCK_HZ / BAUD;

	if (!uart_probe())
		return;		/* many PCs have no COM1: screen only */
	outb(COM1_BASE + UART_IER, 0);
	outb(COM1_BASE + UART_LCR, UART_LCR_DLAB);
	outb(COM1_BASE + UART_DLL, divisor & 0xff);
	outb(COM1_BASE + UART_DLM, divisor >> 8);
	outb(COM1_BASE + UART_LCR, UART_LCR_8N1);
	outb(COM1_BASE + UART_FCR, UART_FCR_ENABLE);
	outb(COM1_BASE + UART_MCR, UART_MCR_DTR_RTS_OUT2);
	serial_present = true;
	register_console(&serial_console);
}

static void serial_interrupt(unsigned int irq)
{
	while (inb(COM1_BASE + UART_LSR) & UART_LSR_DR) {
		char c = (char)inb(COM1_BASE + UART_RBR);

		console_input_push(c);	/* raw: the tty layer maps CR */
	}
}

void serial_enable_rx_irq(void)
{
	if (!serial_present)
		return;
	request_irq(COM1_IRQ, serial_interrupt, "serial");
	outb(COM1_BASE + UART_IER, UART_IER_RDI);
}
