/*
 * tests/kernel/test_vt.c - ktests for the screen console's terminal: bytes
 * go through tty0's own write (VGA text under BIOS, fbcon under UEFI,
 * both on lib/vt_parser.c) and the cells are read back from the driver
 * (the VGA text buffer, fbcon's grid) through its vt_ops.
 *
 * Each test saves the screen first and puts it back after, so the log on
 * the screen survives; it writes only to tty0, never to the serial line
 * (whose terminal, if a person's, would answer ESC[6n itself).  Writing
 * and checking happen with interrupts off, so neither a printk from an
 * interrupt nor the answer timer comes in between.  tests/host/
 * test_vt_parser.c checks the parser itself, sequence by sequence.
 */
#include <asm/processor.h>
#include <mneme/console_input.h>
#include <mneme/kernel.h>
#include <mneme/ktest.h>
#include <mneme/n_tty.h>
#include <mneme/printk.h>
#include <mneme/screen.h>
#include <mneme/string.h>
#include <mneme/tty.h>
#include <mneme/vmalloc.h>
#include <mneme/vt_parser.h>
#include <uapi/errno.h>

#define ESC		"\033"
#define CAPTURE_MAX	32

struct screen_save {
	struct console *con;
	struct vt *vt;
	struct vt state;
	u16 *cells;
	unsigned long flags;
};

/* Interrupts off, the screen saved; false (and skip) with no screen. */
static bool screen_save(struct ktest_ctx *kt, struct screen_save *sv)
{
	sv->con = screen_console();
	sv->vt = screen_vt();
	if (!sv->con || !sv->vt) {
		kt->skip_reason = "no screen console";
		return false;
	}
	sv->cells = vmalloc(sv->vt->cols * sv->vt->rows * sizeof(u16));
	if (!KT_EXPECT_TRUE(kt, sv->cells))
		return false;
	sv->flags = local_irq_save();
	sv->state = *sv->vt;
	for (u32 y = 0; y < sv->vt->rows; y++)
		for (u32 x = 0; x < sv->vt->cols; x++)
			sv->cells[y * sv->vt->cols + x] = sv->vt->ops->get_cell(sv->vt, x, y);
	return true;
}

static void screen_restore(struct screen_save *sv)
{
	for (u32 y = 0; y < sv->vt->rows; y++)
		for (u32 x = 0; x < sv->vt->cols; x++)
			sv->vt->ops->put_cell(sv->vt, x, y, sv->cells[y * sv->vt->cols + x]);
	*sv->vt = sv->state;
	sv->con->write(sv->con, "", 0);		/* the cursor, where it was */
	local_irq_restore(sv->flags);
	vfree(sv->cells);
}

static void screen_put(struct screen_save *sv, const char *s)
{
	sv->con->write(sv->con, s, strlen(s));
}

static u16 cell_at(struct screen_save *sv, u32 x, u32 y)
{
	return sv->vt->ops->get_cell(sv->vt, x, y);
}

static char captured[CAPTURE_MAX + 1];
static size_t nr_captured;

static void capture_input(const unsigned char *cp, size_t count)
{
	for (size_t i = 0; i < count && nr_captured < CAPTURE_MAX; i++)
		captured[nr_captured++] = (char)cp[i];
	captured[nr_captured] = '\0';
}

KTEST(vt, prompt_shows_no_escape_and_dsr_is_answered_as_input)
{
	struct screen_save sv;
	char pending[CAPTURE_MAX + 1];
	console_receive_t old;
	u16 after;
	size_t n;

	if (!screen_save(kt, &sv))
		return;
	after = cell_at(&sv, 6, 4);
	screen_put(&sv, ESC "[5;3H/ # " ESC "[6n");
	KT_EXPECT_EQ(kt, VT_CELL_CHAR(cell_at(&sv, 2, 4)), '/');
	KT_EXPECT_EQ(kt, VT_CELL_CHAR(cell_at(&sv, 4, 4)), '#');
	KT_EXPECT_EQ(kt, cell_at(&sv, 6, 4), after);	/* no "[6n" shown */
	KT_EXPECT_EQ(kt, sv.vt->cur.x, 6);
	n = screen_responses_pending(pending, CAPTURE_MAX);
	pending[n] = '\0';
	KT_EXPECT_STREQ(kt, pending, ESC "[5;7R");
	nr_captured = 0;
	captured[0] = '\0';
	old = console_input_set_receiver(capture_input);
	screen_flush_responses();
	console_input_set_receiver(old);
	KT_EXPECT_STREQ(kt, captured, ESC "[5;7R");
	KT_EXPECT_EQ(kt, screen_responses_pending(pending, CAPTURE_MAX), 0);
	screen_restore(&sv);
}

KTEST(vt, sgr_colours_and_reverse_reach_the_cells)
{
	struct screen_save sv;

	if (!screen_save(kt, &sv))
		return;
	screen_put(&sv, ESC "[1;1H" ESC "[31;44mX" ESC "[7mY" ESC "[1;32;49mZ" ESC "[0mW");
	KT_EXPECT_EQ(kt, cell_at(&sv, 0, 0), VT_CELL('X', 0x14));	/* red on blue */
	KT_EXPECT_EQ(kt, cell_at(&sv, 1, 0), VT_CELL('Y', 0x41));	/* reversed */
	KT_EXPECT_EQ(kt, cell_at(&sv, 2, 0), VT_CELL('Z', 0x28));	/* bold green, reversed */
	KT_EXPECT_EQ(kt, cell_at(&sv, 3, 0), VT_CELL('W', VT_ATTR_DEFAULT));
	screen_restore(&sv);
}

KTEST(vt, clear_erase_and_cursor_addressing_work_on_the_screen)
{
	struct screen_save sv;
	u32 last_col, last_row;

	if (!screen_save(kt, &sv))
		return;
	last_col = sv.vt->cols - 1;
	last_row = sv.vt->rows - 1;
	screen_put(&sv, ESC "[H" ESC "[2J" ESC "[2;1Habcdef" ESC "[2;3H" ESC "[K");
	KT_EXPECT_EQ(kt, VT_CELL_CHAR(cell_at(&sv, 1, 1)), 'b');
	KT_EXPECT_EQ(kt, VT_CELL_CHAR(cell_at(&sv, 2, 1)), ' ');
	KT_EXPECT_EQ(kt, VT_CELL_CHAR(cell_at(&sv, 5, 1)), ' ');
	screen_put(&sv, ESC "[999;999Hq" ESC "[1P");
	KT_EXPECT_EQ(kt, sv.vt->cur.x, last_col);
	KT_EXPECT_EQ(kt, sv.vt->cur.y, last_row);
	KT_EXPECT_EQ(kt, VT_CELL_CHAR(cell_at(&sv, last_col, last_row)), ' ');
	screen_put(&sv, ESC "[1;1H" ESC "[?1049h" ESC "]0;title\a" ESC "[2J");
	for (u32 x = 0; x < sv.vt->cols; x++)
		if (!KT_EXPECT_EQ(kt, cell_at(&sv, x, 1), VT_BLANK(VT_ATTR_DEFAULT)))
			break;
	screen_restore(&sv);
}

/* The answer goes through the console tty like a key: read(2) gets it. */
KTEST(vt, dsr_answer_is_read_from_the_console_tty)
{
	struct tty_struct *tty = tty_console();
	struct termios saved = tty->ldata.termios, raw = saved;
	struct screen_save sv;
	char buf[CAPTURE_MAX + 1];
	unsigned long flags;
	ssize_t n;

	if (!screen_save(kt, &sv))
		return;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	n_tty_flush_input(&tty->ldata);		/* interrupts are off here */
	n_tty_set_termios(&tty->ldata, &raw);
	screen_put(&sv, ESC "[3;9H" ESC "[6n");
	screen_restore(&sv);		/* interrupts on again: flush from here */
	screen_flush_responses();
	n = tty_read_kernel(tty, buf, CAPTURE_MAX, true);
	KT_EXPECT_EQ(kt, n, 6);
	buf[n > 0 ? n : 0] = '\0';
	KT_EXPECT_STREQ(kt, buf, ESC "[3;9R");
	flags = local_irq_save();
	n_tty_set_termios(&tty->ldata, &saved);
	local_irq_restore(flags);
}
