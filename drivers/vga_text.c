/*
 * drivers/vga_text.c - the VGA text-mode console, tty0 on a BIOS boot.
 *
 * In text mode the VGA shows a grid of cells (normally 80x25 at physical
 * 0xb8000); each cell is a 16-bit word, the character (code page 437) in
 * the low byte and its colours in the high byte.  Writing the word is all
 * it takes to show a character.  The blinking hardware cursor is placed
 * through the CRT controller's cursor-location registers.
 *
 * Data: vga, the one screen: where its cells are (through the direct map),
 * its geometry, and the cursor.
 * Invariants: 0 <= vga.y < vga.rows and 0 <= vga.x <= vga.cols; x == cols
 * means the last column was just written and the next character wraps
 * first (so a line of exactly cols characters and '\n' makes no blank
 * line, as on a VT100).
 * Locking: write() is called by printk with interrupts off, on one CPU.
 *
 * Simpler than Linux: no escape sequences (ESC shows as a box), one
 * colour, no scroll-back.  Linux: drivers/video/console/vgacon.c (the
 * driver) under drivers/tty/vt/vt.c (the terminal logic).
 */
#include <asm/io.h>
#include <mneme/kernel.h>
#include <mneme/mm_early.h>
#include <mneme/printk.h>
#include <mneme/screen.h>
#include <uapi/errno.h>

#define VGA_CELL_BYTES		2
#define VGA_ATTR_SHIFT		8	/* colours: the high byte of a cell */
#define VGA_ATTR_GREY_ON_BLACK	0x07	/* background 0 black, foreground 7 */
#define VGA_BOX_CHAR		0xfe	/* CP437 small square: no glyph */
#define TAB_WIDTH		8

#define ASCII_PRINTABLE_FIRST	0x20
#define ASCII_PRINTABLE_LAST	0x7e

/* The CRT controller (colour mode): an index port and a data port. */
#define VGA_CRTC_INDEX		0x3d4
#define VGA_CRTC_DATA		0x3d5
#define VGA_CRTC_CURSOR_HI	0x0e	/* cursor location, high byte */
#define VGA_CRTC_CURSOR_LO	0x0f	/* cursor location, low byte */

static struct {
	volatile u16 *cells;	/* cell (x, y) is cells[y * stride + x] */
	u32 cols, rows;
	u32 stride;		/* cells from one row to the next */
	u32 x, y;		/* the cursor */
} vga;

static u16 vga_cell(u8 ch)
{
	return (u16)(VGA_ATTR_GREY_ON_BLACK << VGA_ATTR_SHIFT | ch);
}

static void vga_clear_row(u32 y)
{
	for (u32 x = 0; x < vga.cols; x++)
		vga.cells[y * vga.stride + x] = vga_cell(' ');
}

/* Move every row up one; the bottom row becomes blank. */
static void vga_scroll(void)
{
	for (u32 y = 1; y < vga.rows; y++)
		for (u32 x = 0; x < vga.cols; x++)
			vga.cells[(y - 1) * vga.stride + x] =
				vga.cells[y * vga.stride + x];
	vga_clear_row(vga.rows - 1);
}

static void vga_newline(void)
{
	vga.x = 0;
	if (vga.y + 1 < vga.rows)
		vga.y++;
	else
		vga_scroll();
}

static void vga_put_char(u8 ch)
{
	if (vga.x >= vga.cols)
		vga_newline();
	vga.cells[vga.y * vga.stride + vga.x] = vga_cell(ch);
	vga.x++;
}

/* The next tab stop, stopping at the last column as Linux's vt does. */
static void vga_tab(void)
{
	vga.x = min(ALIGN(vga.x + 1, TAB_WIDTH), vga.cols - 1);
}

static void vga_putc(char c)
{
	u8 ch = (u8)c;

	switch (c) {
	case '\n':
		vga_newline();
		break;
	case '\r':
		vga.x = 0;
		break;
	case '\t':
		vga_tab();
		break;
	case '\b':
		if (vga.x > 0)
			vga.x--;
		break;
	default:
		if (ch >= ASCII_PRINTABLE_FIRST && ch <= ASCII_PRINTABLE_LAST)
			vga_put_char(ch);
		else if (ch > ASCII_PRINTABLE_LAST)
			vga_put_char(VGA_BOX_CHAR);
		break;		/* other control characters: nothing */
	}
}

static void vga_crtc_write(u8 reg, u8 val)
{
	outb(VGA_CRTC_INDEX, reg);
	outb(VGA_CRTC_DATA, val);
}

/* Put the hardware cursor under the cell the next character goes to. */
static void vga_move_hw_cursor(void)
{
	u32 x = min(vga.x, vga.cols - 1);
	u16 pos = (u16)(vga.y * vga.stride + x);

	vga_crtc_write(VGA_CRTC_CURSOR_HI, pos >> 8);
	vga_crtc_write(VGA_CRTC_CURSOR_LO, pos & 0xff);
}

static void vga_console_write(struct console *con, const char *s,
			      size_t len)
{
	for (size_t i = 0; i < len; i++)
		vga_putc(s[i]);
	vga_move_hw_cursor();
}

static struct console vga_console = {
	.name = "tty0",
	.write = vga_console_write,
};

int vga_text_init(phys_addr_t addr, u32 cols, u32 rows, u32 pitch_bytes)
{
	u32 stride = pitch_bytes / VGA_CELL_BYTES;

	if (!cols || !rows)
		return -EINVAL;
	if (stride < cols)
		stride = cols;	/* no pitch given: rows are packed */
	if (addr + (u64)stride * rows * VGA_CELL_BYTES > EARLY_DIRECT_MAP_SIZE)
		return -ERANGE;
	vga.cells = __va(addr);
	vga.cols = cols;
	vga.rows = rows;
	vga.stride = stride;
	for (u32 y = 0; y < rows; y++)
		vga_clear_row(y);
	vga.x = vga.y = 0;
	vga_move_hw_cursor();
	register_console(&vga_console);
	return 0;
}
