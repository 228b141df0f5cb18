/*
 * drivers/fbcon.c - a text console drawn on a linear framebuffer, tty0
 * on a UEFI boot (or when GRUB set a graphics mode).
 *
 * The firmware hands us a block of memory that is the picture: pixel
 * (px, py) is bpp/8 bytes at base + py * pitch + px * bpp/8, its red,
 * green and blue fields at the bit positions and sizes boot_info.fb gives.
 * We cut the screen into cells of the 8x16 built-in font
 * (drivers/font_8x16.c) and draw a character by writing its glyph's
 * pixels in the foreground or background colour.
 *
 * What is written goes through the terminal logic of lib/vt_parser.c
 * (escape sequences, cursor motion, colours), which keeps its cells in
 * grid, in VGA's format (character and colour attribute); the 16 VGA
 * colours are drawn with the VGA palette, as Linux's default colour map.
 *
 * Data: fbcon, the one screen: where its pixels are (through the direct
 * map), the pixel format and palette, the cell geometry, the terminal
 * (fbcon.vt: cursor, attributes, parser), and grid, a shadow of every
 * cell.
 * Invariants: grid[y][x] is the cell drawn at (x, y), except that the
 * cell under the cursor (cursor_x, cursor_y) is drawn inverted between
 * write() calls when cursor_shown; the cursor is on the screen (struct vt).
 * Locking: write() is called by printk with interrupts off, on one CPU.
 *
 * Scrolling redraws from the shadow grid only the cells that change
 * (character or colours), instead of moving pixels with memmove():
 * reading framebuffer memory is uncached and very slow on real hardware,
 * and most of a text screen is blank, so this writes far less.  Linux's fbcon chooses
 * between the same two methods (SCROLL_MOVE, SCROLL_REDRAW).
 *
 * Simpler than Linux: no scroll-back, no acceleration, no UTF-8, a box
 * for every byte above '~'.  Linux: drivers/video/fbdev/core/fbcon.c and bitblit.c
 * under drivers/tty/vt/vt.c.
 */
#include <mneme/kernel.h>
#include <mneme/mm_early.h>
#include <mneme/printk.h>
#include <mneme/screen.h>
#include <mneme/vt_parser.h>
#include <uapi/errno.h>

#define FBCON_MAX_COLS		480	/* 3840 pixels / 8: a 4K screen */
#define FBCON_MAX_ROWS		135	/* 2160 pixels / 16 */
#define VGA_NR_COLOURS		16
#define VGA_ATTR_FG_MASK	0x0f
#define VGA_ATTR_BG_SHIFT	4
#define VGA_ATTR_BG_MASK	0x07
#define BITS_PER_BYTE		8
#define RGB_CHANNEL_BITS	8	/* 0xRRGGBB: 8 bits per channel */
#define RGB_RED_SHIFT		16
#define RGB_GREEN_SHIFT		8
#define RGB_BLUE_SHIFT		0
#define RGB_CHANNEL_MASK	0xff
#define GLYPH_LEFT_PIXEL	0x80	/* a glyph row's leftmost pixel bit */

/* The VGA palette as 0xRRGGBB (Linux: default_red/grn/blu in vt.c). */
static const u32 vga_palette_rgb[VGA_NR_COLOURS] = {
	0x000000, 0x0000aa, 0x00aa00, 0x00aaaa, 0xaa0000, 0xaa00aa, 0xaa5500, 0xaaaaaa,
	0x555555, 0x5555ff, 0x55ff55, 0x55ffff, 0xff5555, 0xff55ff, 0xffff55, 0xffffff,
};

static struct {
	u8 *base;		/* pixel (0, 0), through the direct map */
	u32 pitch;		/* bytes from one pixel row to the next */
	u32 bytes_pp;		/* bytes per pixel: 2, 3 or 4 */
	u32 width, height;	/* pixels */
	u32 palette[VGA_NR_COLOURS];	/* the VGA colours as pixel values */
	u32 cols, rows;		/* cells */
	struct vt vt;
	u32 cursor_x, cursor_y;	/* where the cursor was drawn */
	bool cursor_shown;	/* cell (cursor_x, cursor_y) is drawn inverted */
	u16 grid[FBCON_MAX_ROWS][FBCON_MAX_COLS];
} fbcon;

/* One 8-bit channel scaled to a field of size bits at bit pos. */
static u32 fb_channel(u32 rgb, u32 shift, u8 pos, u8 size)
{
	u32 v = (rgb >> shift) & RGB_CHANNEL_MASK;

	if (size >= RGB_CHANNEL_BITS)
		v <<= size - RGB_CHANNEL_BITS;
	else
		v >>= RGB_CHANNEL_BITS - size;
	return v << pos;
}

/* 0xRRGGBB as a pixel value in the framebuffer's format. */
static u32 fb_colour(const struct boot_framebuffer *fb, u32 rgb)
{
	return fb_channel(rgb, RGB_RED_SHIFT, fb->red_pos, fb->red_size) |
	       fb_channel(rgb, RGB_GREEN_SHIFT, fb->green_pos,
			  fb->green_size) |
	       fb_channel(rgb, RGB_BLUE_SHIFT, fb->blue_pos, fb->blue_size);
}

static void fb_put_pixel(u8 *p, u32 pixel)
{
	switch (fbcon.bytes_pp) {
	case 4:
		*(volatile u32 *)p = pixel;
		break;
	case 3:
		((volatile u8 *)p)[0] = (u8)pixel;
		((volatile u8 *)p)[1] = (u8)(pixel >> BITS_PER_BYTE);
		((volatile u8 *)p)[2] = (u8)(pixel >> (2 * BITS_PER_BYTE));
		break;
	case 2:
		*(volatile u16 *)p = (u16)pixel;
		break;
	}
}

static const u8 *font_glyph(u8 ch)
{
	if (ch < FONT_8X16_FIRST || ch > FONT_8X16_LAST)
		return font_8x16[FONT_8X16_BOX];
	return font_8x16[ch - FONT_8X16_FIRST];
}

/* Draw cell (x, y) from the grid; inverted for the cursor. */
static void fbcon_draw_cell(u32 x, u32 y, bool inverse)
{
	u16 cell = fbcon.grid[y][x];
	u8 attr = VT_CELL_ATTR(cell);
	const u8 *glyph = font_glyph(VT_CELL_CHAR(cell));
	u32 fg = fbcon.palette[attr & VGA_ATTR_FG_MASK];
	u32 bg = fbcon.palette[(attr >> VGA_ATTR_BG_SHIFT) & VGA_ATTR_BG_MASK];

	if (inverse) {
		u32 t = fg;

		fg = bg;
		bg = t;
	}

	for (u32 row = 0; row < FONT_8X16_HEIGHT; row++) {
		u8 *p = fbcon.base + (y * FONT_8X16_HEIGHT + row) * fbcon.pitch
			+ x * FONT_8X16_WIDTH * fbcon.bytes_pp;

		for (u32 col = 0; col < FONT_8X16_WIDTH; col++) {
			bool on = glyph[row] & (GLYPH_LEFT_PIXEL >> col);

			fb_put_pixel(p, on ? fg : bg);
			p += fbcon.bytes_pp;
		}
	}
}

/* The terminal's cells: redraw only what changes (scrolling included). */
static u16 fbcon_get_cell(struct vt *vt, u32 x, u32 y)
{
	return fbcon.grid[y][x];
}

static void fbcon_put_cell(struct vt *vt, u32 x, u32 y, u16 cell)
{
	if (fbcon.grid[y][x] == cell)
		return;
	fbcon.grid[y][x] = cell;
	fbcon_draw_cell(x, y, false);
}

static const struct vt_ops fbcon_vt_ops = {
	.get_cell = fbcon_get_cell,
	.put_cell = fbcon_put_cell,
	.respond = screen_respond,
};

/* Draw the cursor (the terminal's cell, inverted) unless ESC[?25l hid it. */
static void fbcon_show_cursor(void)
{
	if (!fbcon.vt.cursor_visible)
		return;
	fbcon.cursor_x = fbcon.vt.cur.x;
	fbcon.cursor_y = fbcon.vt.cur.y;
	fbcon_draw_cell(fbcon.cursor_x, fbcon.cursor_y, true);
	fbcon.cursor_shown = true;
}

static void fbcon_hide_cursor(void)
{
	if (!fbcon.cursor_shown)
		return;
	fbcon_draw_cell(fbcon.cursor_x, fbcon.cursor_y, false);
	fbcon.cursor_shown = false;
}

static void fbcon_console_write(struct console *con, const char *s,
				size_t len)
{
	fbcon_hide_cursor();
	vt_write(&fbcon.vt, s, len);
	fbcon_show_cursor();
}

static struct console fbcon_console = {
	.name = "tty0",
	.write = fbcon_console_write,
};

/* Paint every pixel black and fill the grid with black blanks to match. */
static void fbcon_clear(void)
{
	for (u32 py = 0; py < fbcon.height; py++) {
		u8 *p = fbcon.base + py * fbcon.pitch;

		for (u32 px = 0; px < fbcon.width; px++)
			fb_put_pixel(p + px * fbcon.bytes_pp, fbcon.palette[0]);
	}
	for (u32 y = 0; y < fbcon.rows; y++)
		for (u32 x = 0; x < fbcon.cols; x++)
			fbcon.grid[y][x] = VT_BLANK(VT_ATTR_DEFAULT);
}

static int fbcon_check(const struct boot_framebuffer *fb)
{
	u32 bytes_pp = fb->bpp / BITS_PER_BYTE;

	if (fb->bpp != 16 && fb->bpp != 24 && fb->bpp != 32)
		return -EINVAL;
	if (fb->width < FONT_8X16_WIDTH || fb->height < FONT_8X16_HEIGHT ||
	    fb->pitch < fb->width * bytes_pp)
		return -EINVAL;
	if (fb->addr + (u64)fb->pitch * fb->height > EARLY_DIRECT_MAP_SIZE)
		return -ERANGE;
	return 0;
}

int fbcon_init(const struct boot_framebuffer *fb)
{
	int err = fbcon_check(fb);

	if (err)
		return err;
	fbcon.base = __va(fb->addr);
	fbcon.pitch = fb->pitch;
	fbcon.bytes_pp = fb->bpp / BITS_PER_BYTE;
	fbcon.width = fb->width;
	fbcon.height = fb->height;
	for (u32 i = 0; i < VGA_NR_COLOURS; i++)
		fbcon.palette[i] = fb_colour(fb, vga_palette_rgb[i]);
	fbcon.cols = min(fb->width / FONT_8X16_WIDTH, (u32)FBCON_MAX_COLS);
	fbcon.rows = min(fb->height / FONT_8X16_HEIGHT, (u32)FBCON_MAX_ROWS);
	fbcon.cursor_shown = false;
	fbcon_clear();
	vt_init(&fbcon.vt, &fbcon_vt_ops, fbcon.cols, fbcon.rows, NULL);
	fbcon_show_cursor();
	screen_attach(&fbcon_console, &fbcon.vt);
	register_console(&fbcon_console);
	return 0;
}

/* The console's size in character cells (for TIOCGWINSZ). */
void fbcon_get_size(u32 *cols, u32 *rows)
{
	*cols = fbcon.cols;
	*rows = fbcon.rows;
}
