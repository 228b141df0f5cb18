/*
 * console_input.h - bytes typed at the console (PS/2 keyboard and the
 * serial line), queued by their interrupt handlers for the tty layer.
 * Raw bytes: no echo and no line editing here.
 */
#ifndef MNEME_CONSOLE_INPUT_H
#define MNEME_CONSOLE_INPUT_H

#include <mneme/types.h>

#define CONSOLE_INPUT_SIZE	256

void console_input_push(char c);	/* from interrupt context */
/* Take one byte; returns -1 when the buffer is empty. */
int console_input_pop(void);

#endif
