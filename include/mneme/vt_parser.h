/*
 * vt_parser.h - the terminal logic of the screen console: a VT100 /
 * ECMA-48 escape-sequence parser and the cursor and attribute state it
 * drives (lib/vt_parser.c).  Pure: the cells live with the caller.
 *
 *	vt_init(&vt, &my_ops, cols, rows, priv);	clears the screen
 *	vt_write(&vt, buf, len);			bytes to the screen
 *
 * A cell is a u16 in the VGA text format: the character (code page 437)
 * in the low byte, its attribute (VGA colours: foreground in bits 0-3,
 * background in bits 4-6) in the high byte.  The driver stores cells
 * (VGA memory, fbcon's grid) behind get_cell/put_cell, and gets the
 * answers to status reports (ESC[6n) through respond.
 *
 * Linux: drivers/tty/vt/vt.c (do_con_trol, the vc_state machine, csi_J,
 * csi_K, csi_m, respond_string) over struct consw.
 */
#ifndef MNEME_VT_PARSER_H
#define MNEME_VT_PARSER_H

#include <mneme/types.h>

#define VT_MAX_PARAMS		16	/* more are ignored, as in Linux (NPAR) */
#define VT_PARAM_MAX		9999	/* larger numbers clamp to this */
#define VT_TAB_WIDTH		8
#define VT_ATTR_DEFAULT		0x07	/* light grey on black */
#define VT_CELL_ATTR_SHIFT	8
#define VT_CELL(ch, attr)	((u16)((u16)(attr) << VT_CELL_ATTR_SHIFT | (u8)(ch)))
#define VT_CELL_CHAR(cell)	((u8)(cell))
#define VT_CELL_ATTR(cell)	((u8)((cell) >> VT_CELL_ATTR_SHIFT))
#define VT_BLANK(attr)		VT_CELL(' ', attr)
#define VT_BOX_CHAR		0xfe	/* CP437 small square: no glyph */
#define VT_RESPONSE_MAX		16	/* "\e[9999;9999R" and its NUL */

struct vt;

struct vt_ops {
	u16 (*get_cell)(struct vt *vt, u32 x, u32 y);
	void (*put_cell)(struct vt *vt, u32 x, u32 y, u16 cell);
	/* An answer to the host (DSR, DA), to be read as typed input. */
	void (*respond)(struct vt *vt, const char *s, size_t len);
};

enum vt_state {
	VT_GROUND,		/* printing */
	VT_ESCAPE,		/* after ESC */
	VT_ESCAPE_INTER,	/* ESC and intermediates (ESC ( B): swallowed */
	VT_CSI,			/* after ESC [ (or 0x9b): parameters */
	VT_CSI_IGNORE,		/* a malformed CSI, swallowed to its final byte */
	VT_STRING,		/* OSC, DCS, ...: swallowed to BEL or ESC \ */
};

/* Where the cursor is and how text is drawn: what ESC 7 saves. */
struct vt_cursor {
	u32 x, y;
	u8 fg, bg;		/* VGA colour numbers 0-7 */
	bool bold, reverse;
};

/*
 * Invariants between calls: x < cols and y < rows always; need_wrap says
 * the last column was just written, so the next glyph goes to the start
 * of the next line first (a line of exactly cols characters and a
 * newline makes no blank line, as on a VT100).  nr_params <= VT_MAX_PARAMS.
 */
struct vt {
	const struct vt_ops *ops;
	void *priv;		/* the driver's */
	u32 cols, rows;
	struct vt_cursor cur, saved;
	bool need_wrap;
	bool cursor_visible;	/* DECTCEM, ESC[?25h / ESC[?25l */
	enum vt_state state;
	bool string_esc;	/* VT_STRING: an ESC came (ST is ESC \) */
	char private;		/* '?', '>', '=', '<' before the parameters, or 0 */
	bool intermediate;	/* CSI had an intermediate byte: ignored */
	u32 nr_params;
	u32 params[VT_MAX_PARAMS];
};

void vt_init(struct vt *vt, const struct vt_ops *ops, u32 cols, u32 rows,
	     void *priv);
void vt_write(struct vt *vt, const char *s, size_t len);
/* ESC c: default attributes, blank screen, cursor home and shown. */
void vt_reset(struct vt *vt);
/* The attribute byte text drawn now gets (colours, bold, reverse). */
u8 vt_attr(const struct vt_cursor *c);

#endif
