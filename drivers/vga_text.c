/*
 * drivers/vga_text.c - the VGA text-mode console, tty0 on a BIOS boot.
 *
 * In text mode the VGA shows a grid of cells (normally 80x25 at physical
 * 0xb8000); each cell is a 16-bit word, the character (code page 437) in
 * the low byte and its colours in the high byte.  Writing the word is all
 * it takes to show a character.  The blinking hardware cursor is placed
 * through the CRT controller's cursor-location registers.
 *
 * What is written goes through the terminal logic of lib/vt_parser.c
 * (escape sequences, cursor motion, colours), which stores its cells
 * here: its cell format is VGA's.
 *
 * Data: vga, the one screen: where its cells are (through the direct map),
 * its geometry, and its terminal (vga.vt: cursor, attributes, parser).
 * Invariants: those of struct vt: the cursor is on the screen, and a
 * line of exactly cols characters and '\n' makes no blank line.
 * Locking: write() is called by printk with interrupts off, on one CPU.
 *
 * Simpler than Linux: no scroll-back, no UTF-8, no hardware scrolling
 * (rows are copied).  Linux: drivers/video/console/vgacon.c (the
 * driver) under drivers/tty/vt/vt.c (the terminal logic).
 */
#include <asm/io.h>
#include <mneme/kernel.h>
#include <mneme/mm_early.h>
#include <mneme/printk.h>
#include <mneme/screen.h>
#include <mneme/vt_parser.h>
#include <uapi/errno.h>

#define VGA_CELL_BYTES		2

/* The CRT controller (colour mode): an index port and a data port. */
#define VGA_CRTC_INDEX		0x3d4
#define VGA_CRTC_DATA		0x3d5
#define VGA_CRTC_CURSOR_HI	0x0e	/* cursor location, high byte */
#define VGA_CRTC_CURSOR_LO	0x0f	/* cursor location, low byte */

static struct {
	volatile u16 *cells;	/* cell (x, y) is cells[y * stride + x] */
	u32 cols, rows;
	u32 stride;		/* cells from one row to the next */
	struct vt vt;
} vga;

static u16 vga_get_cell(struct vt *vt, u32 x, u32 y)
{
	return vga.cells[y * vga.stride + x];
}

static void vga_put_cell(struct vt *vt, u32 x, u32 y, u16 cell)
{
	vga.cells[y * vga.stride + x] = cell;
}

static const struct vt_ops vga_vt_ops = {
	.get_cell = vga_get_cell,
	.put_cell = vga_put_cell,
	.respond = screen_respond,
};

static void vga_crtc_write(u8 reg, u8 val)
{
	outb(VGA_CRTC_INDEX, reg);
	outb(VGA_CRTC_DATA, val);
}

/*
 * Put the hardware cursor under the cell the next character goes to, or
 * just past the screen when ESC[?25l hid it.
 */
static void vga_move_hw_cursor(void)
{
	u32 pos = vga.vt.cur.y * vga.stride + vga.vt.cur.x;

	if (!vga.vt.cursor_visible)
		pos = vga.rows * vga.stride;
	vga_crtc_write(VGA_CRTC_CURSOR_HI, (u8)(pos >> 8));
	vga_crtc_write(VGA_CRTC_CURSOR_LO, (u8)(pos & 0xff));
}

static void vga_console_write(struct console *con, const char *s,
			      size_t len)
{
	vt_write(&vga.vt, s, len);
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
	vt_init(&vga.vt, &vga_vt_ops, cols, rows, NULL);	/* clears */
	vga_move_hw_cursor();
	screen_attach(&vga_console, &vga.vt);
	register_console(&vga_console);
	return 0;
}
