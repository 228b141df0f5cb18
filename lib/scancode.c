/*
 * lib/scancode.c - PS/2 scan code set 1 to terminal bytes (US layout).
 *
 * A key press sends its make code (0x01..0x58); its release sends the
 * same code with SC_RELEASE (0x80) set.  Keys added after the PC/XT
 * (arrows, right Ctrl and Alt, the editing block) are sent as the prefix
 * 0xe0 and then a code, and Pause as the fixed sequence e1 1d 45 e1 9d c5
 * with no release.  The i8042 translates the keyboard's set 2 into this
 * set 1 (drivers/keyboard.c keeps translation on).
 *
 * Data: struct scancode_state (include/mneme/scancode.h), owned by the
 * caller, holding the modifiers held down, Caps Lock, and where we are in
 * a prefixed sequence; the key maps below are constant.
 * Invariants: after any byte, st->mods has exactly the bits of the
 * modifiers whose press came without a release; st->extended is set only
 * between an 0xe0 and the byte after it.
 * Pure: no hardware access and no kernel calls, so tests/host runs it.
 *
 * Simpler than Linux on purpose: one fixed US keymap, no Num Lock (the
 * keypad always types digits), no dead keys or compose, no keyboard LEDs,
 * F-keys produce nothing.  Linux: drivers/input/keyboard/atkbd.c turns
 * scan codes into key codes, drivers/tty/vt/keyboard.c and defkeymap.c
 * turn key codes into bytes.
 */
#include <mneme/kernel.h>
#include <mneme/scancode.h>

#define SC_PREFIX_EXTENDED	0xe0
#define SC_PREFIX_PAUSE		0xe1
#define SC_PAUSE_TAIL		2	/* bytes after each 0xe1: 1d 45, 9d c5 */
#define SC_RELEASE		0x80	/* set in the code of a key release */
#define SC_CODE_MASK		0x7f

/* Make codes of the modifier keys (0xe0 + code: the right-hand one). */
#define SC_CTRL			0x1d
#define SC_LSHIFT		0x2a	/* with 0xe0: a fake shift, ignored */
#define SC_RSHIFT		0x36	/* with 0xe0: a fake shift, ignored */
#define SC_ALT			0x38
#define SC_CAPS_LOCK		0x3a

/* Make codes after 0xe0. */
#define SC_E0_KP_ENTER		0x1c
#define SC_E0_KP_SLASH		0x35
#define SC_E0_HOME		0x47
#define SC_E0_UP		0x48
#define SC_E0_PAGE_UP		0x49
#define SC_E0_LEFT		0x4b
#define SC_E0_RIGHT		0x4d
#define SC_E0_END		0x4f
#define SC_E0_DOWN		0x50
#define SC_E0_PAGE_DOWN		0x51
#define SC_E0_INSERT		0x52
#define SC_E0_DELETE		0x53

#define ASCII_ESC		0x1b
#define ASCII_DEL		0x7f	/* what Backspace sends, as on Linux */
#define CTRL_MASK		0x1f	/* Ctrl+key = the key's low five bits */

/* Index: make code.  0: no character (modifiers, F-keys, unknown). */
static const char keymap_plain[] = {
	0, ASCII_ESC, '1', '2', '3', '4', '5', '6',		/* 0x00 */
	'7', '8', '9', '0', '-', '=', ASCII_DEL, '\t',		/* 0x08 */
	'q', 'w', 'e', 'r', 't', 'y', 'u', 'i',			/* 0x10 */
	'o', 'p', '[', ']', '\r', 0, 'a', 's',			/* 0x18 */
	'd', 'f', 'g', 'h', 'j', 'k', 'l', ';',			/* 0x20 */
	'\'', '`', 0, '\\', 'z', 'x', 'c', 'v',			/* 0x28 */
	'b', 'n', 'm', ',', '.', '/', 0, '*',			/* 0x30 */
	0, ' ', 0, 0, 0, 0, 0, 0,				/* 0x38 */
	0, 0, 0, 0, 0, 0, 0, '7',				/* 0x40 */
	'8', '9', '-', '4', '5', '6', '+', '1',			/* 0x48 */
	'2', '3', '0', '.',					/* 0x50 */
};

static const char keymap_shift[] = {
	0, ASCII_ESC, '!', '@', '#', '$', '%', '^',		/* 0x00 */
	'&', '*', '(', ')', '_', '+', ASCII_DEL, '\t',		/* 0x08 */
	'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I',			/* 0x10 */
	'O', 'P', '{', '}', '\r', 0, 'A', 'S',			/* 0x18 */
	'D', 'F', 'G', 'H', 'J', 'K', 'L', ':',			/* 0x20 */
	'"', '~', 0, '|', 'Z', 'X', 'C', 'V',			/* 0x28 */
	'B', 'N', 'M', '<', '>', '?', 0, '*',			/* 0x30 */
	0, ' ', 0, 0, 0, 0, 0, 0,				/* 0x38 */
	0, 0, 0, 0, 0, 0, 0, '7',				/* 0x40 */
	'8', '9', '-', '4', '5', '6', '+', '1',			/* 0x48 */
	'2', '3', '0', '.',					/* 0x50 */
};

/* What the 0xe0 keys send: Linux console's sequences (defkeymap.map). */
static const char *const extended_keymap[] = {
	[SC_E0_KP_ENTER]	= "\r",
	[SC_E0_KP_SLASH]	= "/",
	[SC_E0_HOME]		= "\x1b[1~",
	[SC_E0_UP]		= "\x1b[A",
	[SC_E0_PAGE_UP]		= "\x1b[5~",
	[SC_E0_LEFT]		= "\x1b[D",
	[SC_E0_RIGHT]		= "\x1b[C",
	[SC_E0_END]		= "\x1b[4~",
	[SC_E0_DOWN]		= "\x1b[B",
	[SC_E0_PAGE_DOWN]	= "\x1b[6~",
	[SC_E0_INSERT]		= "\x1b[2~",
	[SC_E0_DELETE]		= "\x1b[3~",
};

void scancode_state_init(struct scancode_state *st)
{
	*st = (struct scancode_state){ 0 };
}

/* The KBD_MOD_* bit of a modifier key, or 0 for any other key. */
static u8 modifier_bit(u8 key, bool extended)
{
	switch (key) {
	case SC_LSHIFT:
		return extended ? 0 : KBD_MOD_LSHIFT;
	case SC_RSHIFT:
		return extended ? 0 : KBD_MOD_RSHIFT;
	case SC_CTRL:
		return extended ? KBD_MOD_RCTRL : KBD_MOD_LCTRL;
	case SC_ALT:
		return extended ? KBD_MOD_RALT : KBD_MOD_LALT;
	}
	return 0;
}

/*
 * Track Shift, Ctrl, Alt and Caps Lock.  Returns true when the byte was
 * one of them (or a fake shift) and so produces nothing.
 */
static bool update_modifiers(struct scancode_state *st, u8 key,
			     bool extended, bool release)
{
	u8 bit = modifier_bit(key, extended);

	if (bit) {
		if (release)
			st->mods &= (u8)~bit;
		else
			st->mods |= bit;
		return true;
	}
	if ((key == SC_LSHIFT || key == SC_RSHIFT) && extended)
		return true;	/* sent around Print Screen: not a shift */
	if (key == SC_CAPS_LOCK && !extended) {
		/* The keyboard repeats a held key's make code: toggle once. */
		if (!release && !st->caps_held)
			st->caps_lock = !st->caps_lock;
		st->caps_held = !release;
		return true;
	}
	return false;
}

static bool is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

/* Ctrl+key: letters and @[\]^_ give 0x00..0x1f, Ctrl+Space gives NUL. */
static char ctrl_code(char c)
{
	if (is_lower(c) || (c >= '@' && c <= '_'))
		return (char)(c & CTRL_MASK);
	if (c == ' ')
		return 0;
	return c;
}

/* One character; Alt sends ESC first, as Linux's console does. */
static int emit_char(const struct scancode_state *st, char c,
		     char out[SCANCODE_MAX_BYTES])
{
	int n = 0;

	if (st->mods & KBD_MOD_ALT)
		out[n++] = ASCII_ESC;
	out[n++] = c;
	return n;
}

static int plain_key(const struct scancode_state *st, u8 key,
		     char out[SCANCODE_MAX_BYTES])
{
	bool shift = st->mods & KBD_MOD_SHIFT;
	char c;

	if (key >= ARRAY_SIZE(keymap_plain) || !keymap_plain[key])
		return 0;
	if (is_lower(keymap_plain[key]) && st->caps_lock)
		shift = !shift;
	c = shift ? keymap_shift[key] : keymap_plain[key];
	if (st->mods & KBD_MOD_CTRL)
		c = ctrl_code(c);
	return emit_char(st, c, out);
}

static int extended_key(u8 key, char out[SCANCODE_MAX_BYTES])
{
	const char *seq;
	int n = 0;

	if (key >= ARRAY_SIZE(extended_keymap) || !extended_keymap[key])
		return 0;
	seq = extended_keymap[key];
	while (seq[n] && n < SCANCODE_MAX_BYTES) {
		out[n] = seq[n];
		n++;
	}
	return n;
}

int scancode_feed(struct scancode_state *st, u8 code,
		  char out[SCANCODE_MAX_BYTES])
{
	bool release = code & SC_RELEASE;
	u8 key = code & SC_CODE_MASK;
	bool extended;

	if (st->skip) {
		st->skip--;
		return 0;
	}
	if (code == SC_PREFIX_PAUSE) {
		st->skip = SC_PAUSE_TAIL;
		return 0;
	}
	if (code == SC_PREFIX_EXTENDED) {
		st->extended = true;
		return 0;
	}
	extended = st->extended;
	st->extended = false;
	if (update_modifiers(st, key, extended, release) || release)
		return 0;
	if (extended)
		return extended_key(key, out);
	return plain_key(st, key, out);
}
