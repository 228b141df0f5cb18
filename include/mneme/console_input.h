/*
 * console_input.h - bytes typed at the console (PS/2 keyboard and the
 * serial line), from their interrupt handlers to the tty layer.  Raw
 * bytes: no echo and no line editing here.  Until the console tty takes
 * over (console_input_set_receiver(), from tty_init()) they are queued
 * in a small ring; from then on they go straight to the receiver, the
 * ring's leftovers first.
 */
#ifndef MNEME_CONSOLE_INPUT_H
#define MNEME_CONSOLE_INPUT_H

#include <mneme/types.h>

#define CONSOLE_INPUT_SIZE	256

void console_input_push(char c);	/* from interrupt context */
/* Take one byte; returns -1 when the buffer is empty. */
int console_input_pop(void);
typedef void (*console_receive_t)(const unsigned char *cp, size_t count);
/*
 * From now on hand every byte to fn (called with interrupts off), the
 * queued ones first; NULL queues them again.  Returns the previous fn.
 */
console_receive_t console_input_set_receiver(console_receive_t fn);

#endif
