/*
 * scancode.h - PS/2 keyboard scan codes (set 1) to the bytes a terminal
 * sends, as a pure function so that host tests can drive it.
 *
 * The keyboard driver (drivers/keyboard.c) feeds every byte it reads from
 * the controller to scancode_feed(), which keeps the modifier state and
 * returns the bytes the key produced (US layout): characters, control
 * codes with Ctrl, Enter as '\r', Backspace as 0x7f, arrows and the
 * editing keys as the escape sequences of Linux's console ("\e[A").
 */
#ifndef MNEME_SCANCODE_H
#define MNEME_SCANCODE_H

#include <mneme/types.h>

#define SCANCODE_MAX_BYTES	4	/* longest output: "\e[3~" (Delete) */

/* Modifier keys held down (struct scancode_state.mods). */
#define KBD_MOD_LSHIFT		0x01
#define KBD_MOD_RSHIFT		0x02
#define KBD_MOD_LCTRL		0x04
#define KBD_MOD_RCTRL		0x08
#define KBD_MOD_LALT		0x10
#define KBD_MOD_RALT		0x20
#define KBD_MOD_SHIFT		(KBD_MOD_LSHIFT | KBD_MOD_RSHIFT)
#define KBD_MOD_CTRL		(KBD_MOD_LCTRL | KBD_MOD_RCTRL)
#define KBD_MOD_ALT		(KBD_MOD_LALT | KBD_MOD_RALT)

/* The decoder's state between bytes; all zero is the start state. */
struct scancode_state {
	u8 mods;		/* KBD_MOD_* bits of the keys held down */
	bool caps_lock;		/* toggled by each press of Caps Lock */
	bool caps_held;		/* Caps Lock is down: repeats do not toggle */
	bool extended;		/* an 0xe0 prefix came: next is an extended key */
	u8 skip;		/* bytes of a Pause sequence still to ignore */
};

void scancode_state_init(struct scancode_state *st);
/*
 * Feed one byte from the keyboard.  Returns how many bytes (0 to
 * SCANCODE_MAX_BYTES) the key produced into out: 0 for prefixes, key
 * releases, modifiers and keys with no meaning here.
 */
int scancode_feed(struct scancode_state *st, u8 code,
		  char out[SCANCODE_MAX_BYTES]);

#endif
