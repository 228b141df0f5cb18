/* keyboard.h - the PS/2 keyboard on the i8042 controller (drivers/keyboard.c). */
#ifndef MNEME_KEYBOARD_H
#define MNEME_KEYBOARD_H

/*
 * Find the i8042, empty its output buffer, make sure it interrupts on
 * IRQ 1 with scan code translation to set 1, and take IRQ 1: from then on
 * every key typed goes to console_input_push().  Returns 0, or -ENODEV
 * when no controller answers (nothing is changed then).  Call after the
 * PIC is set up; it never waits long.
 */
int keyboard_init(void);

#endif
