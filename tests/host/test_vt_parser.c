/*
 * tests/host/test_vt_parser.c - the screen console's terminal
 * (lib/vt_parser.c).
 *
 * A model screen (rows x cols cells in an array, behind struct vt_ops)
 * takes the parser's output.  Scripted cases write one kind of sequence
 * each (busybox's prompt with ESC[6n first) and check the cells, the
 * cursor and the answers sent back.  A randomised run then writes
 * 100 000 bytes of tokens (text, controls, every sequence the parser
 * knows, malformed and unknown ones, 8-bit CSI, strings, sequences cut
 * by CAN or split across writes) to screens from 1x1 to 30x12 and,
 * after each token, checks that the cursor is on the screen, that no
 * control byte ever became a glyph, and that the cells, cursor and
 * answers agree with a reference model written independently below
 * (it knows each token's meaning from the generator, and keeps the
 * cursor as a column that may equal cols, "wrap pending").
 */
#include <stddef.h>
#include <stdlib.h>

#include "test.h"
#include "kernel_lib.h"
#include <mneme/kernel.h>
#include <mneme/vt_parser.h>

#define MAX_COLS	80
#define MAX_ROWS	25
#define ANSWER_MAX	256
#define ESC		"\033"

struct screen {
	struct vt vt;
	u16 cell[MAX_ROWS][MAX_COLS];
	char answer[ANSWER_MAX];
	size_t answer_len;
	bool bad_glyph;		/* a control byte reached a cell */
};

static u16 model_get(struct vt *vt, u32 x, u32 y)
{
	struct screen *s = vt->priv;

	return s->cell[y][x];
}

static void model_put(struct vt *vt, u32 x, u32 y, u16 cell)
{
	struct screen *s = vt->priv;
	u8 ch = VT_CELL_CHAR(cell);

	if (x >= vt->cols || y >= vt->rows) {
		s->bad_glyph = true;
		return;
	}
	if (ch < 0x20 || ch == 0x7f || (ch > 0x7f && ch != VT_BOX_CHAR))
		s->bad_glyph = true;
	s->cell[y][x] = cell;
}

static void model_respond(struct vt *vt, const char *str, size_t len)
{
	struct screen *s = vt->priv;

	for (size_t i = 0; i < len && s->answer_len + 1 < ANSWER_MAX; i++)
		s->answer[s->answer_len++] = str[i];
	s->answer[s->answer_len] = '\0';
}

static const struct vt_ops model_ops = {
	.get_cell = model_get, .put_cell = model_put, .respond = model_respond,
};

static struct screen *screen_new(u32 cols, u32 rows)
{
	struct screen *s = calloc(1, sizeof(*s));

	vt_init(&s->vt, &model_ops, cols, rows, s);
	return s;
}

static void put(struct screen *s, const char *str)
{
	vt_write(&s->vt, str, strlen(str));
}

/* Row y's characters as a string (attributes left out). */
static const char *row(struct screen *s, u32 y)
{
	static char buf[MAX_COLS + 1];
	u32 x;

	for (x = 0; x < s->vt.cols; x++)
		buf[x] = (char)VT_CELL_CHAR(s->cell[y][x]);
	buf[x] = '\0';
	return buf;
}

static u8 attr_at(struct screen *s, u32 x, u32 y)
{
	return VT_CELL_ATTR(s->cell[y][x]);
}

#define EXPECT_CURSOR(s, cx, cy)				\
	do {							\
		EXPECT_EQ((s)->vt.cur.x, cx);			\
		EXPECT_EQ((s)->vt.cur.y, cy);			\
	} while (0)

/* --- scripted cases ----------------------------------------------------- */

TEST(busybox_prompt_shows_no_dsr_and_answers_the_cursor_position)
{
	struct screen *s = screen_new(10, 3);

	put(s, "/ # " ESC "[6n");
	EXPECT_STREQ(row(s, 0), "/ #       ");
	EXPECT_CURSOR(s, 4, 0);
	EXPECT_STREQ(s->answer, ESC "[1;5R");
	s->answer_len = 0;
	put(s, ESC "[5n");
	EXPECT_STREQ(s->answer, ESC "[0n");
	EXPECT_FALSE(s->bad_glyph);
	free(s);
}

/* Each sequence from where the previous one left the cursor. */
struct move_case {
	const char *seq;
	u32 x, y;		/* where the cursor must be after it */
};

static void check_moves(struct screen *s, const struct move_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		put(s, c[i].seq);
		if (s->vt.cur.x != c[i].x || s->vt.cur.y != c[i].y)
			TEST_FAIL("after case %zu: cursor %u,%u, want %u,%u", i,
				  s->vt.cur.x, s->vt.cur.y, c[i].x, c[i].y);
	}
}

TEST(cup_and_hvp_are_one_based_default_home_and_clamp)
{
	static const struct move_case moves[] = {
		{ ESC "[3;4H", 3, 2 }, { ESC "[H", 0, 0 }, { ESC "[99;99f", 9, 4 },
		{ ESC "[0;0H", 0, 0 }, { ESC "[;7H", 6, 0 }, { ESC "[4H", 0, 3 },
		{ ESC "[123456789123;2H", 1, 4 },	/* huge: clamps, no overflow */
	};
	struct screen *s = screen_new(10, 5);

	put(s, ESC "[3;4Hx");
	EXPECT_EQ(VT_CELL_CHAR(s->cell[2][3]), 'x');
	check_moves(s, moves, ARRAY_SIZE(moves));
	free(s);
}

TEST(relative_moves_clamp_at_the_edges)
{
	static const struct move_case moves[] = {
		{ ESC "[3;3H" ESC "[A", 2, 1 }, { ESC "[9A", 2, 0 },
		{ ESC "[2B" ESC "[0B", 2, 3 },	/* 0 means 1 */
		{ ESC "[4C", 6, 3 }, { ESC "[99C", 9, 3 }, { ESC "[3D", 6, 3 },
		{ ESC "[99D" ESC "[99B", 0, 4 }, { ESC "[5G", 4, 4 },
		{ ESC "[2d", 4, 1 }, { ESC "[E", 0, 2 }, { ESC "[2F", 0, 0 },
		{ ESC "[3;5H" ESC "[2`", 1, 2 }, { ESC "[2a", 3, 2 }, { ESC "[e", 3, 3 },
	};
	struct screen *s = screen_new(10, 5);

	check_moves(s, moves, ARRAY_SIZE(moves));
	free(s);
}

TEST(ed_and_el_erase_the_right_parts)
{
	struct screen *s = screen_new(4, 3);

	put(s, "abcdefghijk");
	put(s, ESC "[2;2H" ESC "[K");
	EXPECT_STREQ(row(s, 1), "e   ");
	put(s, "fgh" ESC "[2;3H" ESC "[1K");
	EXPECT_STREQ(row(s, 1), "   h");
	put(s, ESC "[2K");
	EXPECT_STREQ(row(s, 1), "    ");
	put(s, ESC "[1;1Habcd" ESC "[2;1Hefgh" ESC "[2;2H" ESC "[J");
	EXPECT_STREQ(row(s, 0), "abcd");
	EXPECT_STREQ(row(s, 1), "e   ");
	EXPECT_STREQ(row(s, 2), "    ");
	put(s, ESC "[2;1Hefgh" ESC "[3;1Hijkl" ESC "[2;2H" ESC "[1J");
	EXPECT_STREQ(row(s, 0), "    ");
	EXPECT_STREQ(row(s, 1), "  gh");
	EXPECT_STREQ(row(s, 2), "ijkl");
	put(s, ESC "[2J");
	EXPECT_STREQ(row(s, 2), "    ");
	EXPECT_CURSOR(s, 1, 1);		/* ED does not move the cursor */
	free(s);
}

TEST(insert_and_delete_characters_and_lines)
{
	struct screen *s = screen_new(6, 4);

	put(s, "abcdef" ESC "[1;3H" ESC "[2@");
	EXPECT_STREQ(row(s, 0), "ab  cd");
	put(s, ESC "[3P");
	EXPECT_STREQ(row(s, 0), "abd   ");
	put(s, ESC "[99P");
	EXPECT_STREQ(row(s, 0), "ab    ");
	put(s, "\n1\n2\n3" ESC "[2;1H" ESC "[L");
	EXPECT_STREQ(row(s, 1), "      ");
	EXPECT_STREQ(row(s, 2), "1     ");
	EXPECT_STREQ(row(s, 3), "2     ");
	put(s, ESC "[2M");
	EXPECT_STREQ(row(s, 1), "2     ");
	EXPECT_STREQ(row(s, 2), "      ");
	put(s, ESC "[1;1H" ESC "[2X");
	EXPECT_STREQ(row(s, 0), "      ");
	free(s);
}

TEST(sgr_sets_vga_colours_bold_and_reverse)
{
	struct screen *s = screen_new(10, 2);

	put(s, "a" ESC "[31mb" ESC "[1;44mc" ESC "[7md" ESC "[0me"
	       ESC "[32;41m" ESC "[39mf" ESC "[49mg" ESC "[38;5;1mh" ESC "[mi");
	EXPECT_EQ(attr_at(s, 0, 0), 0x07);
	EXPECT_EQ(attr_at(s, 1, 0), 0x04);	/* ANSI red is VGA 4 */
	EXPECT_EQ(attr_at(s, 2, 0), 0x1c);	/* bright red on blue */
	EXPECT_EQ(attr_at(s, 3, 0), 0x49);	/* reversed, still bold */
	EXPECT_EQ(attr_at(s, 4, 0), 0x07);
	EXPECT_EQ(attr_at(s, 5, 0), 0x47);	/* default fg on red */
	EXPECT_EQ(attr_at(s, 6, 0), 0x07);
	EXPECT_EQ(attr_at(s, 7, 0), 0x07);	/* 38;5;n skipped whole */
	EXPECT_EQ(attr_at(s, 8, 0), 0x07);
	put(s, ESC "[44;7m" ESC "[K");		/* erase: colours, not reverse */
	EXPECT_EQ(attr_at(s, 9, 0), 0x17);
	free(s);
}

TEST(unknown_and_private_sequences_are_swallowed_whole)
{
	struct screen *s = screen_new(20, 2);

	put(s, "a" ESC "[?1049h" ESC "[?7l" ESC "[2 q" ESC "[>0c" ESC "(B"
	       ESC "]0;title\007" ESC "]2;t" ESC "\\" ESC "[1:2m" ESC "[z"
	       ESC "#8" "\x9b" "1m" ESC "[?6n" ESC "[1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17H"
	       "b");
	EXPECT_STREQ(row(s, 0), "ab                  ");
	EXPECT_STREQ(s->answer, "");
	EXPECT_FALSE(s->bad_glyph);
	free(s);
}

TEST(controls_act_inside_a_sequence_and_can_aborts_it)
{
	struct screen *s = screen_new(10, 3);

	put(s, "abc" ESC "[2\r;3Hx");
	EXPECT_EQ(VT_CELL_CHAR(s->cell[1][2]), 'x');
	put(s, ESC "[2\030Hy");		/* CAN: the H is text */
	EXPECT_STREQ(row(s, 1), "  xHy     ");
	put(s, ESC "[1;1" ESC "[3;1Hz");	/* ESC restarts */
	EXPECT_EQ(VT_CELL_CHAR(s->cell[2][0]), 'z');
	free(s);
}

TEST(dectcem_hides_and_shows_the_cursor)
{
	struct screen *s = screen_new(10, 3);

	EXPECT_TRUE(s->vt.cursor_visible);
	put(s, ESC "[?25l");
	EXPECT_FALSE(s->vt.cursor_visible);
	put(s, ESC "[?25h");
	EXPECT_TRUE(s->vt.cursor_visible);
	free(s);
}

TEST(tab_wrap_backspace_and_scroll)
{
	struct screen *s = screen_new(10, 2);

	put(s, "\tx");
	EXPECT_EQ(VT_CELL_CHAR(s->cell[0][8]), 'x');
	put(s, "\t\t");
	EXPECT_CURSOR(s, 9, 0);			/* tabs stop at the last column */
	put(s, "\r0123456789");
	EXPECT_CURSOR(s, 9, 0);			/* wrap pending */
	EXPECT_TRUE(s->vt.need_wrap);
	put(s, "\n");				/* no blank line */
	EXPECT_CURSOR(s, 0, 1);
	put(s, "abcdefghij\b");
	EXPECT_CURSOR(s, 8, 1);			/* as Linux: from the wrap */
	put(s, "\nnext\a");
	EXPECT_STREQ(row(s, 0), "abcdefghij");
	EXPECT_STREQ(row(s, 1), "next      ");
	put(s, ESC "M");			/* RI at top scrolls down */
	put(s, ESC "M");
	EXPECT_STREQ(row(s, 0), "          ");
	EXPECT_STREQ(row(s, 1), "abcdefghij");
	free(s);
}

TEST(save_restore_and_reset)
{
	struct screen *s = screen_new(10, 3);

	put(s, ESC "[2;3H" ESC "[31m" ESC "7" ESC "[H" ESC "[0m" ESC "8x");
	EXPECT_EQ(s->cell[1][2], VT_CELL('x', 0x04));
	put(s, ESC "[3;3H" ESC "[s" ESC "[H" ESC "[u");
	EXPECT_CURSOR(s, 2, 2);
	put(s, ESC "[?25l" ESC "[44m" ESC "c");
	EXPECT_CURSOR(s, 0, 0);
	EXPECT_TRUE(s->vt.cursor_visible);
	EXPECT_EQ(s->cell[1][2], VT_BLANK(0x07));
	put(s, "y");
	EXPECT_EQ(s->cell[0][0], VT_CELL('y', 0x07));
	free(s);
}

TEST(a_sequence_split_across_writes_still_works)
{
	struct screen *s = screen_new(10, 3);
	const char *seq = ESC "[3;4H" "x" ESC "[6n";

	for (const char *p = seq; *p; p++)
		vt_write(&s->vt, p, 1);
	EXPECT_EQ(VT_CELL_CHAR(s->cell[2][3]), 'x');
	EXPECT_STREQ(s->answer, ESC "[3;5R");
	free(s);
}

TEST(a_one_by_one_screen_holds)
{
	struct screen *s = screen_new(1, 1);

	put(s, "ab\tc\b" ESC "[5;5H" ESC "[3@" ESC "[2M" ESC "[L" ESC "M" ESC "D\n");
	EXPECT_CURSOR(s, 0, 0);
	EXPECT_FALSE(s->bad_glyph);
	free(s);
}

/* --- the reference model -------------------------------------------------- */

struct ref {
	u32 cols, rows;
	u32 col, line;		/* col == cols: wrap pending */
	u8 fg, bg;
	bool bold, rev;
	u32 save_col, save_line;
	u8 save_fg, save_bg;
	bool save_bold, save_rev;
	bool visible;
	u16 cell[MAX_ROWS][MAX_COLS];
	char answer[ANSWER_MAX];
	size_t answer_len;
};

static u8 ref_attr(const struct ref *r)
{
	u8 a = (u8)(r->bg << 4 | r->fg);

	if (r->rev)
		a = (u8)((a >> 4) | (a << 4));
	return r->bold ? a | 0x08 : a;
}

static u16 ref_blank(const struct ref *r)
{
	return VT_BLANK(r->bg << 4 | r->fg);
}

static u32 ref_x(const struct ref *r)
{
	return r->col < r->cols ? r->col : r->cols - 1;
}

static void ref_clear(struct ref *r, u32 y, u32 x0, u32 x1)
{
	for (u32 x = x0; x < x1 && x < r->cols; x++)
		r->cell[y][x] = ref_blank(r);
}

/* Delete line y, everything below moves up, blank at the bottom. */
static void ref_delete_line(struct ref *r, u32 y)
{
	memmove(r->cell[y], r->cell[y + 1], (r->rows - 1 - y) * sizeof(r->cell[0]));
	ref_clear(r, r->rows - 1, 0, r->cols);
}

static void ref_insert_line(struct ref *r, u32 y)
{
	memmove(r->cell[y + 1], r->cell[y], (r->rows - 1 - y) * sizeof(r->cell[0]));
	ref_clear(r, y, 0, r->cols);
}

static void ref_down(struct ref *r)
{
	if (r->line + 1 < r->rows)
		r->line++;
	else
		ref_delete_line(r, 0);
}

static void ref_goto(struct ref *r, long x, long y)
{
	r->col = (u32)(x < 0 ? 0 : x >= r->cols ? r->cols - 1 : x);
	r->line = (u32)(y < 0 ? 0 : y >= r->rows ? r->rows - 1 : y);
}

static void ref_reset(struct ref *r)
{
	u32 cols = r->cols, rows = r->rows;

	/* everything but the geometry and the answers so far */
	memset(r, 0, offsetof(struct ref, answer));
	r->cols = cols;
	r->rows = rows;
	r->fg = r->save_fg = 7;
	r->visible = true;
	for (u32 y = 0; y < rows; y++)
		ref_clear(r, y, 0, cols);
}

static void ref_glyph(struct ref *r, u8 ch)
{
	if (r->col == r->cols) {
		r->col = 0;
		ref_down(r);
	}
	r->cell[r->line][r->col++] = VT_CELL(ch >= 0x80 ? VT_BOX_CHAR : ch, ref_attr(r));
}

static void ref_answer(struct ref *r, const char *s)
{
	size_t n = strlen(s);

	memcpy(r->answer + r->answer_len, s, n + 1);
	r->answer_len += n;
}

/* --- the random tokens ---------------------------------------------------- */

struct gen {
	char buf[512];
	size_t len;
};

static void emit(struct gen *g, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	g->len += (size_t)vsnprintf(g->buf + g->len, sizeof(g->buf) - g->len, fmt, ap);
	va_end(ap);
}

/* A parameter as written (maybe empty) and its value (0 when empty). */
static u32 rand_param(char *text, size_t size, u32 cols)
{
	static const u32 special[] = { 0, 1, 2, 9999 };
	u32 v;

	switch (test_rand_below(5)) {
	case 0:
		text[0] = '\0';
		return 0;
	case 1:
		v = special[test_rand_below(4)];
		break;
	case 2:
		snprintf(text, size, "123456789012");
		return 9999;
	default:
		v = (u32)test_rand_below(cols + 3);
		break;
	}
	snprintf(text, size, "%u", v);
	return v;
}

static u32 or1(u32 v)
{
	return v ? v : 1;
}

/* CSI ... final with one parameter, 0 meaning 1. */
static void tok_move(struct gen *g, struct ref *r)
{
	static const char finals[] = "ABCDEFGd`ae";
	char p[16], f = finals[test_rand_below(sizeof(finals) - 1)];
	long n = or1(rand_param(p, sizeof(p), r->cols)), x = ref_x(r), y = r->line;

	emit(g, ESC "[%s%c", p, f);
	switch (f) {
	case 'A': y -= n; break;
	case 'B': case 'e': y += n; break;
	case 'C': case 'a': x += n; break;
	case 'D': x -= n; break;
	case 'E': y += n; x = 0; break;
	case 'F': y -= n; x = 0; break;
	case 'G': case '`': x = n - 1; break;
	case 'd': y = n - 1; break;
	}
	ref_goto(r, x, y);
}

static void tok_cup(struct gen *g, struct ref *r)
{
	char p1[16], p2[16];
	u32 y = or1(rand_param(p1, sizeof(p1), r->rows));
	u32 x = or1(rand_param(p2, sizeof(p2), r->cols));
	bool cr_inside = test_rand_chance(10);

	emit(g, ESC "[%s%s;%s%c", p1, cr_inside ? "\r" : "", p2,
	     test_rand_chance(50) ? 'H' : 'f');
	ref_goto(r, (long)x - 1, (long)y - 1);
}

static void tok_erase(struct gen *g, struct ref *r)
{
	u32 mode = (u32)test_rand_below(4), x = ref_x(r), y = r->line;
	bool display = test_rand_chance(50);

	emit(g, ESC "[%.0u%c", mode, display ? 'J' : 'K');
	if (mode == 0 || mode == 2 || (display && mode == 3))
		ref_clear(r, y, mode == 0 ? x : 0, r->cols);
	if ((mode == 1) || (mode == 2 && !display))
		ref_clear(r, y, 0, x + 1);
	for (u32 yy = 0; display && yy < r->rows; yy++)
		if ((mode == 0 && yy > y) || (mode == 1 && yy < y) || mode >= 2)
			ref_clear(r, yy, 0, r->cols);
	if (mode < 3 || display)
		ref_goto(r, x, y);
}

static void tok_edit(struct gen *g, struct ref *r)
{
	static const char finals[] = "@PXLM";
	char p[16], f = finals[test_rand_below(sizeof(finals) - 1)];
	u32 n = or1(rand_param(p, sizeof(p), r->cols)), x = ref_x(r), y = r->line;
	u16 *line = r->cell[y];

	emit(g, ESC "[%s%c", p, f);
	for (u32 i = 0; i < n && i < MAX_COLS; i++) {
		if (f == '@') {
			memmove(line + x + 1, line + x, (r->cols - 1 - x) * 2);
			line[x] = ref_blank(r);
		} else if (f == 'P') {
			memmove(line + x, line + x + 1, (r->cols - 1 - x) * 2);
			line[r->cols - 1] = ref_blank(r);
		} else if (f == 'X') {
			ref_clear(r, y, x + i, x + i + 1);
		} else if (f == 'L') {
			ref_insert_line(r, y);
		} else {
			ref_delete_line(r, y);
		}
	}
	ref_goto(r, x, y);
}

static void tok_sgr(struct gen *g, struct ref *r)
{
	static const u8 vga[8] = { 0, 4, 2, 6, 1, 5, 3, 7 };
	u32 nr = (u32)test_rand_below(5);

	emit(g, ESC "[");
	if (!nr)
		r->fg = 7, r->bg = 0, r->bold = r->rev = false;
	for (u32 i = 0; i < nr; i++) {
		static const u32 codes[] = { 0, 1, 22, 7, 27, 39, 49, 4, 5, 38, 48 };
		u32 c = test_rand_chance(50) ? (u32)test_rand_range(30, 47)
					     : codes[test_rand_below(11)];

		emit(g, "%s%u", i ? ";" : "", c);
		if (c == 38 || c == 48) {
			emit(g, ";5;%u", (u32)test_rand_below(256));
			continue;
		}
		if (c == 0)
			r->fg = 7, r->bg = 0, r->bold = r->rev = false;
		r->bold = c == 1 ? true : c == 22 ? false : r->bold;
		r->rev = c == 7 ? true : c == 27 ? false : r->rev;
		r->fg = c >= 30 && c <= 37 ? vga[c - 30] : c == 39 ? 7 : r->fg;
		r->bg = c >= 40 && c <= 47 ? vga[c - 40] : c == 49 ? 0 : r->bg;
	}
	emit(g, "m");
}

static void tok_dsr(struct gen *g, struct ref *r)
{
	char a[32];

	if (test_rand_chance(50)) {
		emit(g, ESC "[6n");
		snprintf(a, sizeof(a), ESC "[%u;%uR", r->line + 1, ref_x(r) + 1);
		ref_answer(r, a);
	} else {
		emit(g, test_rand_chance(50) ? ESC "[5n" : "\x9b" "5n");
		ref_answer(r, ESC "[0n");
	}
}

/* Sequences that change nothing (and are never shown). */
static void tok_junk(struct gen *g, struct ref *r)
{
	static const char *const junk[] = {
		ESC "[?1049h", ESC "[?7l", ESC "[?1h", ESC "[2 q", ESC "[>c",
		ESC "(B", ESC ")0", ESC "#8", ESC "]0;a title\a", ESC "]2;x" ESC "\\",
		ESC "[1:2:3m", ESC "[z", ESC "[4h", ESC "[1;24r", ESC "[3g", ESC "=",
		ESC ">", ESC "[!p", ESC "[?6n", ESC "[=5c", ESC "[1\030", ESC "\032",
		ESC "[1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17m", "\x9b" "?25$p",
		ESC "P1$r\x9c\a", "\007", "\000", "\x7f", ESC "[" ESC "[t", ESC "[\x80",
	};

	(void)r;
	emit(g, "%s", junk[test_rand_below(ARRAY_SIZE(junk))]);
	if (g->len == 0)	/* "\000": %s wrote nothing */
		g->buf[g->len++] = '\0';
}

static void tok_text(struct gen *g, struct ref *r)
{
	u32 n = (u32)test_rand_range(1, 12);

	for (u32 i = 0; i < n; i++) {
		u8 c = test_rand_chance(5) ? (u8)test_rand_range(0xa0, 0xff)
					   : (u8)test_rand_range(0x20, 0x7e);

		g->buf[g->len++] = (char)c;
		ref_glyph(r, c);
	}
}

static void tok_control(struct gen *g, struct ref *r)
{
	static const char ctl[] = "\r\n\b\t\v\f";
	char c = ctl[test_rand_below(sizeof(ctl) - 1)];
	u32 x = ref_x(r);

	g->buf[g->len++] = c;
	if (c == '\r') {
		r->col = 0;
	} else if (c == '\b') {
		r->col = r->col == r->cols ? (r->cols >= 2 ? r->cols - 2 : 0)
					   : (r->col ? r->col - 1 : 0);
	} else if (c == '\t') {
		r->col = (x / 8 + 1) * 8 < r->cols ? (x / 8 + 1) * 8 : r->cols - 1;
	} else {
		r->col = 0;
		ref_down(r);
	}
}

static void tok_escape(struct gen *g, struct ref *r)
{
	static const char escs[] = "78DEMsuc";	/* c (reset) rarely */
	char e = escs[test_rand_below(test_rand_chance(97) ? 7 : 8)];
	u32 x = ref_x(r);

	if (e == 's' || e == 'u')
		emit(g, ESC "[%c", e);
	else
		emit(g, ESC "%c", e);
	if (e == '7' || e == 's') {
		r->save_col = x, r->save_line = r->line;
		r->save_fg = r->fg, r->save_bg = r->bg;
		r->save_bold = r->bold, r->save_rev = r->rev;
	} else if (e == '8' || e == 'u') {
		ref_goto(r, r->save_col, r->save_line);
		r->fg = r->save_fg, r->bg = r->save_bg;
		r->bold = r->save_bold, r->rev = r->save_rev;
	} else if (e == 'D' || e == 'E') {
		r->col = e == 'E' ? 0 : x;
		ref_down(r);
	} else if (e == 'M') {
		r->col = x;
		if (r->line)
			r->line--;
		else
			ref_insert_line(r, 0);
	} else {
		ref_reset(r);
	}
}

static void tok_cursor_mode(struct gen *g, struct ref *r)
{
	bool show = test_rand_chance(50);

	emit(g, ESC "[?%s25%c", test_rand_chance(30) ? "1;" : "", show ? 'h' : 'l');
	r->visible = show;
}

static void random_token(struct gen *g, struct ref *r)
{
	static void (*const toks[])(struct gen *, struct ref *) = {
		tok_text, tok_text, tok_text, tok_control, tok_control, tok_move,
		tok_cup, tok_erase, tok_edit, tok_sgr, tok_dsr, tok_junk,
		tok_escape, tok_cursor_mode,
	};

	g->len = 0;
	toks[test_rand_below(ARRAY_SIZE(toks))](g, r);
	g->buf[g->len] = '\0';	/* for the failure note */
}

/* Write the token in one to three pieces. */
static void write_pieces(struct screen *s, const struct gen *g)
{
	size_t a = test_rand_below(g->len + 1), b = test_rand_below(g->len + 1);

	if (a > b) {
		size_t t = a;

		a = b;
		b = t;
	}
	vt_write(&s->vt, g->buf, a);
	vt_write(&s->vt, g->buf + a, b - a);
	vt_write(&s->vt, g->buf + b, g->len - b);
}

static bool agrees(struct screen *s, struct ref *r, size_t *bytes)
{
	const struct vt *vt = &s->vt;
	u32 want_x = ref_x(r);

	if (vt->cur.x >= vt->cols || vt->cur.y >= vt->rows || s->bad_glyph) {
		TEST_FAIL("cursor %u,%u off a %ux%u screen, or a bad glyph (%d), after %zu bytes",
			  vt->cur.x, vt->cur.y, vt->cols, vt->rows, s->bad_glyph, *bytes);
		return false;
	}
	EXPECT_EQ(vt->cur.x, want_x);
	EXPECT_EQ(vt->cur.y, r->line);
	EXPECT_EQ(vt->need_wrap, r->col == r->cols);
	EXPECT_EQ(vt->cursor_visible, r->visible);
	EXPECT_STREQ(s->answer, r->answer);
	for (u32 y = 0; y < r->rows; y++)
		EXPECT_MEMEQ(s->cell[y], r->cell[y], r->cols * sizeof(u16));
	return !test_failed();
}

TEST(random_bytes_keep_the_cursor_on_screen_and_agree_with_a_model)
{
	static const u32 sizes[][2] = {
		{ 1, 1 }, { 2, 1 }, { 1, 3 }, { 8, 2 }, { 9, 4 }, { 16, 5 },
		{ 30, 12 }, { 17, 9 }, { 80, 25 }, { 5, 7 },
	};
	size_t bytes = 0;

	for (size_t i = 0; bytes < 100000 && !test_failed(); i++) {
		u32 cols = sizes[i % ARRAY_SIZE(sizes)][0], rows = sizes[i % ARRAY_SIZE(sizes)][1];
		struct screen *s = screen_new(cols, rows);
		struct ref *r = calloc(1, sizeof(*r));
		struct gen g;

		r->cols = cols;
		r->rows = rows;
		ref_reset(r);
		for (int t = 0; t < 2000 && !test_failed(); t++) {
			random_token(&g, r);
			write_pieces(s, &g);
			bytes += g.len;
			if (!agrees(s, r, &bytes))
				TEST_NOTE_STR("last token", g.buf);
			if (s->answer_len > ANSWER_MAX / 2)
				s->answer_len = r->answer_len = 0,
				s->answer[0] = r->answer[0] = '\0';
		}
		free(r);
		free(s);
	}
	EXPECT_TRUE(bytes >= 100000);
}
