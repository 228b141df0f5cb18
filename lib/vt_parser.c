/*
 * lib/vt_parser.c - the screen console's terminal: a VT100 / ECMA-48
 * parser turning the bytes written to tty0 into glyphs, cursor motion and
 * erasing, as Linux's VT does for its console.
 *
 * A byte is, by state (enum vt_state):
 *   any state: a C0 control (below 0x20) acts at once, even inside a
 *     sequence (BS, TAB, LF, CR; BEL and the rest do nothing), except
 *     that ESC starts a new sequence and CAN/SUB abandon one; DEL does
 *     nothing; 0x9b is CSI (8-bit, as Linux without UTF-8);
 *   ground: a glyph at the cursor (bytes above 0x7e show a box);
 *   escape: '[' CSI, ']' 'P' '^' '_' 'X' a string (swallowed), 'c'
 *     reset, '7'/'8' save/restore the cursor, 'D' 'E' 'M' index, next
 *     line, reverse index; intermediates (ESC ( B) are swallowed;
 *   CSI: parameters "n;n;...", an optional private marker first ('?'),
 *     then a final byte 0x40-0x7e picks the action (csi_dispatch()).
 *     Anything malformed is swallowed up to its final byte, never shown.
 *
 * Data: struct vt (include/mneme/vt_parser.h), owned by the driver; the
 * cells themselves are the driver's, through vt->ops.
 * Invariants: the cursor is always on the screen (x < cols, y < rows):
 * every motion clamps, parameters included; need_wrap is set only by a
 * glyph written in the last column and cleared by every other motion.
 * Pure: no hardware access and no kernel calls, so tests/host runs it.
 * Locking: the caller's (the console write path, interrupts off).
 *
 * Simpler than Linux on purpose: no UTF-8 (one byte, one cell), no
 * character sets (ESC ( 0 line drawing), no scroll region (DECSTBM:
 * IL/DL/RI act on the whole screen), no insert mode, no tab stops but
 * every 8th column, no underline/blink/256 colours, no LNM: LF also
 * returns the carriage, the console's convention (drivers/tty/tty_io.c
 * drops ONLCR's CR before an LF).  Linux: drivers/tty/vt/vt.c.
 */
#include <mneme/kernel.h>
#include <mneme/sprintf.h>
#include <mneme/vt_parser.h>

#define ASCII_BEL	0x07
#define ASCII_BS	0x08
#define ASCII_HT	0x09
#define ASCII_LF	0x0a
#define ASCII_VT	0x0b
#define ASCII_FF	0x0c
#define ASCII_CR	0x0d
#define ASCII_CAN	0x18
#define ASCII_SUB	0x1a
#define ASCII_ESC	0x1b
#define ASCII_SPACE	0x20
#define ASCII_DEL	0x7f
#define C1_CSI		0x9b

#define VGA_BOLD	0x08	/* the foreground's intensity bit */
#define VGA_FG_SHIFT	0
#define VGA_BG_SHIFT	4
#define VT_COLOUR_DEFAULT_FG	7
#define VT_COLOUR_DEFAULT_BG	0
#define DECTCEM		25	/* ESC[?25h: show the cursor */

/* ANSI colour n (black red green yellow blue magenta cyan white) in VGA's order. */
static const u8 ansi_to_vga[8] = { 0, 4, 2, 6, 1, 5, 3, 7 };

u8 vt_attr(const struct vt_cursor *c)
{
	u8 fg = c->reverse ? c->bg : c->fg;
	u8 bg = c->reverse ? c->fg : c->bg;

	return (u8)(bg << VGA_BG_SHIFT | fg << VGA_FG_SHIFT |
		    (c->bold ? VGA_BOLD : 0));
}

/* Erased cells: blank in the current colours, not reversed (as Linux's vc_video_erase_char). */
static u16 vt_erase_cell(const struct vt *vt)
{
	return VT_BLANK(vt->cur.bg << VGA_BG_SHIFT | vt->cur.fg << VGA_FG_SHIFT);
}

static void vt_fill(struct vt *vt, u32 y, u32 x0, u32 x1)
{
	u16 blank = vt_erase_cell(vt);

	for (u32 x = x0; x < x1; x++)
		vt->ops->put_cell(vt, x, y, blank);
}

static void vt_copy_row(struct vt *vt, u32 to, u32 from)
{
	for (u32 x = 0; x < vt->cols; x++)
		vt->ops->put_cell(vt, x, to, vt->ops->get_cell(vt, x, from));
}

/* Rows top..rows-1 move up n; n blank rows come in at the bottom. */
static void vt_scroll_up(struct vt *vt, u32 top, u32 n)
{
	n = min(n, vt->rows - top);
	for (u32 y = top; y + n < vt->rows; y++)
		vt_copy_row(vt, y, y + n);
	for (u32 y = vt->rows - n; y < vt->rows; y++)
		vt_fill(vt, y, 0, vt->cols);
}

/* Rows top..rows-1 move down n (the last n are lost); blanks at top. */
static void vt_scroll_down(struct vt *vt, u32 top, u32 n)
{
	n = min(n, vt->rows - top);
	for (u32 y = vt->rows - 1; y >= top + n; y--)
		vt_copy_row(vt, y, y - n);
	for (u32 y = top; y < top + n; y++)
		vt_fill(vt, y, 0, vt->cols);
}

/* Every cursor motion but a glyph's goes through here, clamped. */
static u32 vt_clamp(long v, u32 limit)
{
	return v < 0 ? 0 : v >= (long)limit ? limit - 1 : (u32)v;
}

static void vt_goto(struct vt *vt, long x, long y)
{
	vt->cur.x = vt_clamp(x, vt->cols);
	vt->cur.y = vt_clamp(y, vt->rows);
	vt->need_wrap = false;
}

/* IND: down a line, scrolling at the bottom. */
static void vt_index(struct vt *vt)
{
	if (vt->cur.y + 1 < vt->rows)
		vt->cur.y++;
	else
		vt_scroll_up(vt, 0, 1);
	vt->need_wrap = false;
}

/* RI: up a line, scrolling down at the top. */
static void vt_reverse_index(struct vt *vt)
{
	if (vt->cur.y > 0)
		vt->cur.y--;
	else
		vt_scroll_down(vt, 0, 1);
	vt->need_wrap = false;
}

static void vt_newline(struct vt *vt)
{
	vt->cur.x = 0;
	vt_index(vt);
}

static void vt_put_glyph(struct vt *vt, u8 ch)
{
	if (vt->need_wrap)
		vt_newline(vt);
	if (ch > ASCII_DEL)
		ch = VT_BOX_CHAR;
	vt->ops->put_cell(vt, vt->cur.x, vt->cur.y, VT_CELL(ch, vt_attr(&vt->cur)));
	if (vt->cur.x + 1 < vt->cols)
		vt->cur.x++;
	else
		vt->need_wrap = true;
}

/* The next multiple of 8, stopping at the last column as Linux's vt does. */
static void vt_tab(struct vt *vt)
{
	vt_goto(vt, ALIGN(vt->cur.x + 1, VT_TAB_WIDTH), vt->cur.y);
}

void vt_reset(struct vt *vt)
{
	vt->cur = (struct vt_cursor){ .fg = VT_COLOUR_DEFAULT_FG,
				      .bg = VT_COLOUR_DEFAULT_BG };
	vt->saved = vt->cur;
	vt->need_wrap = false;
	vt->cursor_visible = true;
	vt->state = VT_GROUND;
	for (u32 y = 0; y < vt->rows; y++)
		vt_fill(vt, y, 0, vt->cols);
}

void vt_init(struct vt *vt, const struct vt_ops *ops, u32 cols, u32 rows,
	     void *priv)
{
	vt->ops = ops;
	vt->priv = priv;
	vt->cols = cols;
	vt->rows = rows;
	vt_reset(vt);
}

/* --- CSI actions ------------------------------------------------------ */

/* Parameter i, or def when missing or 0 (ECMA-48: 0 means the default). */
static u32 vt_param(const struct vt *vt, u32 i, u32 def)
{
	return i < vt->nr_params && vt->params[i] ? vt->params[i] : def;
}

static u32 vt_param0(const struct vt *vt)
{
	return vt->nr_params ? vt->params[0] : 0;
}

/* ED: 0 cursor to end, 1 start to cursor, 2 (and 3) everything. */
static void csi_erase_display(struct vt *vt, u32 mode)
{
	u32 y0 = 0, y1 = vt->rows;

	if (mode == 0) {
		vt_fill(vt, vt->cur.y, vt->cur.x, vt->cols);
		y0 = vt->cur.y + 1;
	} else if (mode == 1) {
		vt_fill(vt, vt->cur.y, 0, vt->cur.x + 1);
		y1 = vt->cur.y;
	} else if (mode != 2 && mode != 3) {
		return;
	}
	for (u32 y = y0; y < y1; y++)
		vt_fill(vt, y, 0, vt->cols);
	vt->need_wrap = false;
}

/* EL: 0 cursor to end of line, 1 start to cursor, 2 the whole line. */
static void csi_erase_line(struct vt *vt, u32 mode)
{
	if (mode == 0)
		vt_fill(vt, vt->cur.y, vt->cur.x, vt->cols);
	else if (mode == 1)
		vt_fill(vt, vt->cur.y, 0, vt->cur.x + 1);
	else if (mode == 2)
		vt_fill(vt, vt->cur.y, 0, vt->cols);
	else
		return;
	vt->need_wrap = false;
}

/* ICH (insert) and DCH (delete) n characters at the cursor, in its row. */
static void csi_insert_chars(struct vt *vt, u32 n)
{
	u32 y = vt->cur.y;

	n = min(n, vt->cols - vt->cur.x);
	for (u32 x = vt->cols - 1; x >= vt->cur.x + n; x--)
		vt->ops->put_cell(vt, x, y, vt->ops->get_cell(vt, x - n, y));
	vt_fill(vt, y, vt->cur.x, vt->cur.x + n);
	vt->need_wrap = false;
}

static void csi_delete_chars(struct vt *vt, u32 n)
{
	u32 y = vt->cur.y;

	n = min(n, vt->cols - vt->cur.x);
	for (u32 x = vt->cur.x; x + n < vt->cols; x++)
		vt->ops->put_cell(vt, x, y, vt->ops->get_cell(vt, x + n, y));
	vt_fill(vt, y, vt->cols - n, vt->cols);
	vt->need_wrap = false;
}

/* ECH: blank n characters from the cursor, nothing moves. */
static void csi_erase_chars(struct vt *vt, u32 n)
{
	vt_fill(vt, vt->cur.y, vt->cur.x, vt->cur.x + min(n, vt->cols - vt->cur.x));
	vt->need_wrap = false;
}

/* One SGR parameter; returns how many following ones it used. */
static u32 sgr_one(struct vt_cursor *c, u32 p, const u32 *rest, u32 nr_rest)
{
	if (p == 0)
		*c = (struct vt_cursor){ .x = c->x, .y = c->y,
					 .fg = VT_COLOUR_DEFAULT_FG,
					 .bg = VT_COLOUR_DEFAULT_BG };
	else if (p == 1)
		c->bold = true;
	else if (p == 22)
		c->bold = false;
	else if (p == 7)
		c->reverse = true;
	else if (p == 27)
		c->reverse = false;
	else if (p >= 30 && p <= 37)
		c->fg = ansi_to_vga[p - 30];
	else if (p == 39)
		c->fg = VT_COLOUR_DEFAULT_FG;
	else if (p >= 40 && p <= 47)
		c->bg = ansi_to_vga[p - 40];
	else if (p == 49)
		c->bg = VT_COLOUR_DEFAULT_BG;
	else if ((p == 38 || p == 48) && nr_rest)	/* 5;n or 2;r;g;b: skipped */
		return min(nr_rest, rest[0] == 5 ? 2u : rest[0] == 2 ? 4u : 1u);
	return 0;		/* underline, blink, ...: not shown */
}

static void csi_sgr(struct vt *vt)
{
	struct vt_cursor *c = &vt->cur;

	if (!vt->nr_params)
		sgr_one(c, 0, NULL, 0);
	for (u32 i = 0; i < vt->nr_params; i++)
		i += sgr_one(c, vt->params[i], vt->params + i + 1,
			     vt->nr_params - i - 1);
}

static void vt_respond(struct vt *vt, const char *s, size_t len)
{
	if (vt->ops->respond)
		vt->ops->respond(vt, s, len);
}

/* DSR: 5 "are you well" -> ESC[0n, 6 "where is the cursor" -> ESC[row;colR. */
static void csi_dsr(struct vt *vt)
{
	char buf[VT_RESPONSE_MAX];
	int n;

	if (vt_param0(vt) == 5) {
		vt_respond(vt, "\033[0n", 4);
	} else if (vt_param0(vt) == 6) {
		n = snprintf(buf, sizeof(buf), "\033[%u;%uR", vt->cur.y + 1,
			     vt->cur.x + 1);
		vt_respond(vt, buf, (size_t)n);
	}
}

static void csi_private(struct vt *vt, u8 final)
{
	if (vt->private != '?' || (final != 'h' && final != 'l'))
		return;		/* only DEC modes; '>' '=' '<' ignored */
	for (u32 i = 0; i < vt->nr_params; i++)
		if (vt->params[i] == DECTCEM)
			vt->cursor_visible = final == 'h';
	/* other DEC modes (?1049 alternate screen, ?7 autowrap...): ignored */
}

static void csi_cursor(struct vt *vt, u8 final)
{
	long x = vt->cur.x, y = vt->cur.y, n = vt_param(vt, 0, 1);

	switch (final) {
	case 'A': y -= n; break;			/* CUU */
	case 'B': case 'e': y += n; break;		/* CUD, VPR */
	case 'C': case 'a': x += n; break;		/* CUF, HPR */
	case 'D': x -= n; break;			/* CUB */
	case 'E': y += n; x = 0; break;			/* CNL */
	case 'F': y -= n; x = 0; break;			/* CPL */
	case 'G': case '`': x = n - 1; break;		/* CHA, HPA */
	case 'd': y = n - 1; break;			/* VPA */
	case 'H': case 'f':				/* CUP, HVP */
		y = n - 1;
		x = (long)vt_param(vt, 1, 1) - 1;
		break;
	}
	vt_goto(vt, x, y);
}

static void csi_dispatch(struct vt *vt, u8 final)
{
	u32 n = vt_param(vt, 0, 1);

	if (vt->intermediate)
		return;		/* ESC[2 q (cursor shape) and the like */
	if (vt->private) {
		csi_private(vt, final);
		return;
	}
	switch (final) {
	case 'A': case 'B': case 'C': case 'D': case 'E': case 'F':
	case 'G': case 'H': case 'a': case 'd': case 'e': case 'f': case '`':
		csi_cursor(vt, final);
		break;
	case 'J': csi_erase_display(vt, vt_param0(vt)); break;
	case 'K': csi_erase_line(vt, vt_param0(vt)); break;
	case '@': csi_insert_chars(vt, n); break;
	case 'P': csi_delete_chars(vt, n); break;
	case 'X': csi_erase_chars(vt, n); break;
	case 'L': vt_scroll_down(vt, vt->cur.y, n); vt->need_wrap = false; break;
	case 'M': vt_scroll_up(vt, vt->cur.y, n); vt->need_wrap = false; break;
	case 'm': csi_sgr(vt); break;
	case 'n': csi_dsr(vt); break;
	case 'c':		/* DA: "a VT102", Linux's answer */
		if (!vt_param0(vt))
			vt_respond(vt, "\033[?6c", 5);
		break;
	case 's': vt->saved = vt->cur; break;		/* SCOSC */
	case 'u':					/* SCORC */
		vt->cur = vt->saved;
		vt_goto(vt, vt->cur.x, vt->cur.y);
		break;
	default:
		break;		/* unknown: swallowed */
	}
}

/* --- the state machine ------------------------------------------------ */

static void vt_start_csi(struct vt *vt)
{
	vt->state = VT_CSI;
	vt->private = 0;
	vt->intermediate = false;
	vt->nr_params = 0;
	for (u32 i = 0; i < VT_MAX_PARAMS; i++)
		vt->params[i] = 0;
}

/* A C0 control; ESC, CAN and SUB also change the state. */
static void vt_control(struct vt *vt, u8 c)
{
	switch (c) {
	case ASCII_BS:
		if (vt->cur.x > 0)
			vt_goto(vt, (long)vt->cur.x - 1, vt->cur.y);
		else
			vt->need_wrap = false;
		break;
	case ASCII_HT: vt_tab(vt); break;
	case ASCII_LF: case ASCII_VT: case ASCII_FF: vt_newline(vt); break;
	case ASCII_CR: vt->cur.x = 0; vt->need_wrap = false; break;
	case ASCII_CAN: case ASCII_SUB: vt->state = VT_GROUND; break;
	case ASCII_ESC: vt->state = VT_ESCAPE; break;
	default: break;	/* BEL, NUL, SO, SI, ...: nothing */
	}
}

static void vt_escape(struct vt *vt, u8 c)
{
	vt->state = VT_GROUND;
	switch (c) {
	case '[': vt_start_csi(vt); break;
	case ']': case 'P': case 'X': case '^': case '_':
		vt->state = VT_STRING;		/* OSC, DCS, SOS, PM, APC */
		vt->string_esc = false;
		break;
	case 'c': vt_reset(vt); break;			/* RIS */
	case '7': vt->saved = vt->cur; break;		/* DECSC */
	case '8':					/* DECRC */
		vt->cur = vt->saved;
		vt_goto(vt, vt->cur.x, vt->cur.y);
		break;
	case 'D': vt_index(vt); break;			/* IND */
	case 'E': vt_newline(vt); break;		/* NEL */
	case 'M': vt_reverse_index(vt); break;		/* RI */
	default:
		if (c < '0')		/* an intermediate: ESC ( B, ESC # 8 */
			vt->state = VT_ESCAPE_INTER;
		break;		/* other finals: ignored */
	}
}

static void vt_csi_byte(struct vt *vt, u8 c)
{
	if (c >= '0' && c <= '9') {
		u32 *p = &vt->params[vt->nr_params ? vt->nr_params - 1 : 0];

		if (vt->intermediate) {
			vt->state = VT_CSI_IGNORE;
			return;
		}
		if (!vt->nr_params)
			vt->nr_params = 1;
		*p = min(*p * 10 + (u32)(c - '0'), (u32)VT_PARAM_MAX);
	} else if (c == ';') {
		if (vt->intermediate)
			vt->state = VT_CSI_IGNORE;
		else if (!vt->nr_params)
			vt->nr_params = 2;	/* ";5": an empty first one */
		else if (vt->nr_params < VT_MAX_PARAMS)
			vt->nr_params++;
		else
			vt->state = VT_CSI_IGNORE;
	} else if (c >= '<' && c <= '?') {
		if (vt->nr_params || vt->private || vt->intermediate)
			vt->state = VT_CSI_IGNORE;
		else
			vt->private = (char)c;
	} else if (c >= ASCII_SPACE && c < '0') {
		vt->intermediate = true;
	} else if (c >= '@' && c <= '~') {
		vt->state = VT_GROUND;
		csi_dispatch(vt, c);
	} else {
		vt->state = VT_CSI_IGNORE;	/* ':' sub-parameters */
	}
}

static void vt_string_byte(struct vt *vt, u8 c)
{
	if (c == ASCII_BEL || (vt->string_esc && c == '\\'))
		vt->state = VT_GROUND;
	else if (vt->string_esc)	/* ESC then not '\': a new sequence */
		vt_escape(vt, c);
	else
		vt->string_esc = c == ASCII_ESC;
}

static void vt_byte(struct vt *vt, u8 c)
{
	if (vt->state == VT_STRING) {
		vt_string_byte(vt, c);
	} else if (c == C1_CSI) {
		vt_start_csi(vt);
	} else if (c < ASCII_SPACE) {
		vt_control(vt, c);
	} else if (c == ASCII_DEL) {
		/* nothing, in every state */
	} else if (vt->state == VT_GROUND) {
		vt_put_glyph(vt, c);
	} else if (vt->state == VT_ESCAPE) {
		vt_escape(vt, c);
	} else if (vt->state == VT_ESCAPE_INTER) {
		if (c >= '0')
			vt->state = VT_GROUND;	/* the final: ignored */
	} else if (c > ASCII_DEL) {
		vt->state = VT_GROUND;	/* not a CSI byte: the sequence ends */
	} else if (vt->state == VT_CSI) {
		vt_csi_byte(vt, c);
	} else if (c >= '@') {		/* VT_CSI_IGNORE: its final byte */
		vt->state = VT_GROUND;
	}
}

void vt_write(struct vt *vt, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		vt_byte(vt, (u8)s[i]);
}
