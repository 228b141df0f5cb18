/* serial.h - the 16550 UART on COM1 (drivers/serial.c). */
#ifndef MNEME_SERIAL_H
#define MNEME_SERIAL_H

#include <mneme/types.h>

void serial_init(void);			/* 115200 8N1, registers console ttyS0 */
void serial_enable_rx_irq(void);	/* after the PIC is set up */
void serial_putc(char c);

#endif
