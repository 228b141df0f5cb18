/*
 * tests/host/test_scancode.c - lib/scancode.c: PS/2 set 1 scan codes to
 * the bytes a terminal sends.
 *
 * Each test feeds the bytes a real keyboard (through the i8042's
 * translation) would send for some keystrokes and checks the output
 * bytes, which are what the shell will read.
 */
#include "test.h"
#include "kernel_lib.h"
#include <mneme/scancode.h>

/* Make codes used below (set 1). */
#define K_ESC		0x01
#define K_2		0x03
#define K_BACKSPACE	0x0e
#define K_Q		0x10
#define K_U		0x16
#define K_ENTER		0x1c
#define K_CTRL		0x1d
#define K_A		0x1e
#define K_D		0x20
#define K_LSHIFT	0x2a
#define K_C		0x2e
#define K_RSHIFT	0x36
#define K_ALT		0x38
#define K_CAPS		0x3a
#define K_F1		0x3b
#define K_UP		0x48	/* after 0xe0 */
#define K_LEFT		0x4b	/* after 0xe0 */
#define K_RIGHT		0x4d	/* after 0xe0 */
#define K_DOWN		0x50	/* after 0xe0 */
#define K_DELETE	0x53	/* after 0xe0 */
#define EXT		0xe0
#define REL		0x80	/* release = make | 0x80 */

/*
 * Feed bytes, collecting all the output into out (NUL-terminated);
 * returns the number of bytes produced.
 */
static size_t feed(struct scancode_state *st, const u8 *codes, size_t n,
		   char *out, size_t out_size)
{
	size_t len = 0;

	for (size_t i = 0; i < n; i++) {
		char buf[SCANCODE_MAX_BYTES];
		int got = scancode_feed(st, codes[i], buf);

		if (got < 0 || got > SCANCODE_MAX_BYTES) {
			TEST_FAIL("code 0x%02x produced %d bytes", codes[i], got);
			break;
		}
		for (int j = 0; j < got && len + 1 < out_size; j++)
			out[len++] = buf[j];
	}
	out[len] = '\0';
	return len;
}

#define FEED(st, out, ...)						\
	feed(st, (const u8[]){ __VA_ARGS__ },				\
	     sizeof((const u8[]){ __VA_ARGS__ }), out, sizeof(out))

/* Press and release one key from the start state. */
static size_t tap(u8 key, char *out, size_t out_size)
{
	struct scancode_state st;
	const u8 codes[] = { key, (u8)(key | REL) };

	scancode_state_init(&st);
	return feed(&st, codes, sizeof(codes), out, out_size);
}

TEST(letter_without_modifiers_is_lower_case)
{
	char out[16];

	EXPECT_EQ(tap(K_A, out, sizeof(out)), 1);
	EXPECT_STREQ(out, "a");
	EXPECT_EQ(tap(K_Q, out, sizeof(out)), 1);
	EXPECT_STREQ(out, "q");
}

TEST(shift_gives_upper_case_and_symbols_until_released)
{
	struct scancode_state st;
	char out[16];

	scancode_state_init(&st);
	FEED(&st, out, K_LSHIFT, K_A, K_A | REL, K_2, K_2 | REL,
	     K_LSHIFT | REL, K_A, K_A | REL);
	EXPECT_STREQ(out, "A@a");
	FEED(&st, out, K_RSHIFT, K_C, K_RSHIFT | REL, K_C);
	EXPECT_STREQ(out, "Cc");
}

TEST(caps_lock_toggles_letters_only)
{
	struct scancode_state st;
	char out[16];

	scancode_state_init(&st);
	FEED(&st, out, K_CAPS, K_CAPS | REL, K_A, K_2, K_LSHIFT, K_A,
	     K_LSHIFT | REL, K_CAPS, K_CAPS | REL, K_A);
	EXPECT_STREQ(out, "A2aa");
}

TEST(held_caps_lock_repeating_toggles_once)
{
	struct scancode_state st;
	char out[16];

	/* A held key repeats its make code; an even count must not cancel. */
	scancode_state_init(&st);
	FEED(&st, out, K_CAPS, K_CAPS, K_CAPS | REL, K_A);
	EXPECT_STREQ(out, "A");
	FEED(&st, out, K_CAPS, K_CAPS, K_CAPS, K_CAPS | REL, K_A);
	EXPECT_STREQ(out, "a");
}

TEST(ctrl_letter_gives_control_code)
{
	struct scancode_state st;
	char out[16];

	scancode_state_init(&st);
	ASSERT_EQ(FEED(&st, out, K_CTRL, K_C), 1);
	EXPECT_EQ(out[0], 0x03);
	ASSERT_EQ(FEED(&st, out, K_D, K_D | REL, K_U), 2);
	EXPECT_EQ(out[0], 0x04);
	EXPECT_EQ(out[1], 0x15);
	FEED(&st, out, K_CTRL | REL, K_C);
	EXPECT_STREQ(out, "c");
}

TEST(right_ctrl_works_like_left_ctrl)
{
	struct scancode_state st;
	char out[16];

	scancode_state_init(&st);
	ASSERT_EQ(FEED(&st, out, EXT, K_CTRL, K_C), 1);
	EXPECT_EQ(out[0], 0x03);
	FEED(&st, out, EXT, K_CTRL | REL, K_C);
	EXPECT_STREQ(out, "c");
}

TEST(ctrl_with_shift_or_caps_still_gives_control_code)
{
	struct scancode_state st;
	char out[16];

	scancode_state_init(&st);
	ASSERT_EQ(FEED(&st, out, K_CAPS, K_CAPS | REL, K_CTRL, K_LSHIFT, K_C),
		  1);
	EXPECT_EQ(out[0], 0x03);
}

TEST(releases_produce_nothing)
{
	struct scancode_state st;
	char out[16];

	scancode_state_init(&st);
	EXPECT_EQ(FEED(&st, out, K_A | REL, K_ENTER | REL, K_LSHIFT | REL,
		       EXT, K_UP | REL, K_CAPS | REL), 0);
	/* and a stray release of Shift does not leave Shift down */
	FEED(&st, out, K_A);
	EXPECT_STREQ(out, "a");
}

TEST(enter_is_cr_and_backspace_is_del)
{
	char out[16];

	EXPECT_EQ(tap(K_ENTER, out, sizeof(out)), 1);
	EXPECT_EQ(out[0], '\r');
	EXPECT_EQ(tap(K_BACKSPACE, out, sizeof(out)), 1);
	EXPECT_EQ(out[0], 0x7f);
	EXPECT_EQ(tap(K_ESC, out, sizeof(out)), 1);
	EXPECT_EQ(out[0], 0x1b);
}

TEST(arrow_keys_give_ansi_escape_sequences)
{
	struct scancode_state st;
	char out[32];

	scancode_state_init(&st);
	EXPECT_EQ(FEED(&st, out, EXT, K_UP, EXT, K_UP | REL), 3);
	EXPECT_STREQ(out, "\x1b[A");
	FEED(&st, out, EXT, K_DOWN, EXT, K_RIGHT, EXT, K_LEFT);
	EXPECT_STREQ(out, "\x1b[B\x1b[C\x1b[D");
	FEED(&st, out, EXT, K_DELETE);
	EXPECT_STREQ(out, "\x1b[3~");
}

TEST(keypad_and_arrow_share_codes_but_not_meaning)
{
	struct scancode_state st;
	char out[16];

	/* 0x48 alone is keypad 8; only after 0xe0 is it the Up arrow. */
	scancode_state_init(&st);
	FEED(&st, out, K_UP, K_UP | REL);
	EXPECT_STREQ(out, "8");
}

TEST(unknown_scancodes_produce_nothing)
{
	struct scancode_state st;
	char out[16];

	scancode_state_init(&st);
	EXPECT_EQ(FEED(&st, out, 0x00, 0x59, 0x7f, K_F1, 0xfa, 0xff,
		       EXT, 0x10, EXT, 0x6a), 0);
	FEED(&st, out, K_A);
	EXPECT_STREQ(out, "a");
}

TEST(pause_sequence_produces_nothing_and_is_fully_consumed)
{
	struct scancode_state st;
	char out[16];

	scancode_state_init(&st);
	/* e1 1d 45 e1 9d c5: 1d would be Ctrl if it were not swallowed. */
	EXPECT_EQ(FEED(&st, out, 0xe1, 0x1d, 0x45), 0);
	FEED(&st, out, K_C);
	EXPECT_STREQ(out, "c");
	EXPECT_EQ(FEED(&st, out, 0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5), 0);
	FEED(&st, out, K_C);
	EXPECT_STREQ(out, "c");
}

TEST(fake_shift_around_print_screen_is_ignored)
{
	struct scancode_state st;
	char out[16];

	/* Print Screen: e0 2a e0 37, released as e0 b7 e0 aa. */
	scancode_state_init(&st);
	FEED(&st, out, EXT, K_LSHIFT, EXT, 0x37, K_A, K_A | REL);
	EXPECT_STREQ(out, "a");
	/* With Shift really held, the keyboard sends a fake release first. */
	FEED(&st, out, EXT, 0xb7, EXT, K_LSHIFT | REL, K_LSHIFT,
	     EXT, K_LSHIFT | REL, EXT, 0x37, K_A);
	EXPECT_STREQ(out, "A");
}

TEST(alt_sends_escape_before_the_character)
{
	struct scancode_state st;
	char out[16];

	scancode_state_init(&st);
	FEED(&st, out, K_ALT, K_D, K_ALT | REL, K_D);
	EXPECT_STREQ(out, "\x1b" "dd");
}

/* Whatever bytes arrive, the output stays within SCANCODE_MAX_BYTES. */
TEST(random_bytes_never_overflow_the_output)
{
	struct scancode_state st;

	scancode_state_init(&st);
	for (int i = 0; i < 100000 && !test_failed(); i++) {
		char buf[SCANCODE_MAX_BYTES];
		u8 code = (u8)test_rand_below(256);
		int n = scancode_feed(&st, code, buf);

		if (n < 0 || n > SCANCODE_MAX_BYTES)
			TEST_FAIL("byte 0x%02x gave %d bytes", code, n);
	}
}
