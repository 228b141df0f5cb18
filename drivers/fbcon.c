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
 * Data: fbcon, the one screen: where its pixels are (through the direct
 * map), the pixel format, the cell geometry, the cursor, and grid, a
 * shadow of the character in every cell.
 * Invariants: grid[y][x] is the character drawn in cell (x, y), except
 * that the cell under the cursor is drawn inverted between write() calls
 * (cursor_shown).  0 <= y < rows and 0 <= x <= cols; x == cols means the
 * next character wraps first, as in drivers/vga_text.c.
 * Locking: write() is called by printk with interrupts off, on one CPU.
 *
 * Scrolling redraws from the shadow grid only the cells whose character
 * changes, instead of moving pixels with memmove(): reading framebuffer
 * memory is uncached and very slow on real hardware, and most of a text
 * screen is blank, so this writes far less.  Linux's fbcon chooses
 * between the same two methods (SCROLL_MOVE, SCROLL_REDRAW).
 *
 * Simpler than Linux: no escape sequences, one colour, no scroll-back, no
 * acceleration.  Linux: drivers/video/fbdev/core/fbcon.c and bitblit.c
 * under drivers/tty/vt/vt.c.
 */
#include <mneme/kernel.h>
#include <mneme/mm_early.h>
#include <mneme/printk.h>
#include <mneme/screen.h>
#include <uapi/errno.h>

#define FBCON_MAX_COLS		480	/* 3840 pixels / 8: a 4K screen */
#define FBCON_MAX_ROWS		135	/* 2160 pixels / 16 */
#define FBCON_FG_RGB		0xaaaaaa	/* light grey, VGA colour 7 */
#define FBCON_BG_RGB		0x000000	/* black */
#define TAB_WIDTH		8
#define BITS_PER_BYTE		8
#define RGB_CHANNEL_BITS	8	/* 0xRRGGBB: 8 bits per channel */
#define RGB_RED_SHIFT		16
#define RGB_GREEN_SHIFT		8
#define RGB_BLUE_SHIFT		0
#define RGB_CHANNEL_MASK	0xff
#define GLYPH_LEFT_PIXEL	0x80	/* a glyph row's leftmost pixel bit */

#define ASCII_PRINTABLE_FIRST	0x20
#define ASCII_PRINTABLE_LAST	0x7e

static struct {
	u8 *base;		/* pixel (0, 0), through the direct map */
	u32 pitch;		/* bytes from one pixel row to the next */
	u32 bytes_pp;		/* bytes per pixel: 2, 3 or 4 */
	u32 width, height;	/* pixels */
	u32 fg, bg;		/* the two colours as pixel values */
	u32 cols, rows;		/* cells */
	u32 x, y;		/* the cursor */
	bool cursor_shown;	/* cell (x, y) is drawn inverted */
	char grid[FBCON_MAX_ROWS][FBCON_MAX_COLS];
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

static const u8 *font_glyph(char c)
{
	u8 ch = (u8)c;

	if (ch < FONT_8X16_FIRST || ch > FONT_8X16_LAST)
		return font_8x16[FONT_8X16_BOX];
	return font_8x16[ch - FONT_8X16_FIRST];
}

/* Draw cell (x, y) from the grid; inverted for the cursor. */
static void fbcon_draw_cell(u32 x, u32 y, bool inverse)
{
	const u8 *glyph = font_glyph(fbcon.grid[y][x]);
	u32 fg = inverse ? fbcon.bg : fbcon.fg;
	u32 bg = inverse ? fbcon.fg : fbcon.bg;

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

static void fbcon_set_cell(u32 x, u32 y, char c)
{
	if (fbcon.grid[y][x] == c)
		return;
	fbcon.grid[y][x] = c;
	fbcon_draw_cell(x, y, false);
}

/* Move every row up one by redrawing the cells that change. */
static void fbcon_scroll(void)
{
	for (u32 y = 1; y < fbcon.rows; y++)
		for (u32 x = 0; x < fbcon.cols; x++)
			fbcon_set_cell(x, y - 1, fbcon.grid[y][x]);
	for (u32 x = 0; x < fbcon.cols; x++)
		fbcon_set_cell(x, fbcon.rows - 1, ' ');
}

static void fbcon_newline(void)
{
	fbcon.x = 0;
	if (fbcon.y + 1 < fbcon.rows)
		fbcon.y++;
	else
		fbcon_scroll();
}

static void fbcon_put_char(char c)
{
	if (fbcon.x >= fbcon.cols)
		fbcon_newline();
	fbcon_set_cell(fbcon.x, fbcon.y, c);
	fbcon.x++;
}

static void fbcon_putc(char c)
{
	u8 ch = (u8)c;

	switch (c) {
	case '\n':
		fbcon_newline();
		break;
	case '\r':
		fbcon.x = 0;
		break;
	case '\t':
		fbcon.x = min(ALIGN(fbcon.x + 1, TAB_WIDTH), fbcon.cols - 1);
		break;
	case '\b':
		if (fbcon.x > 0)
			fbcon.x--;
		break;
	default:
		if (ch >= ASCII_PRINTABLE_FIRST)	/* the box above '~' */
			fbcon_put_char(c);
		break;		/* other control characters: nothing */
	}
}

/* Show or hide the cursor: the cell it is on, drawn inverted. */
static void fbcon_show_cursor(bool show)
{
	u32 x = min(fbcon.x, fbcon.cols - 1);

	if (fbcon.cursor_shown == show)
		return;
	fbcon_draw_cell(x, fbcon.y, show);
	fbcon.cursor_shown = show;
}

static void fbcon_console_write(struct console *con, const char *s,
				size_t len)
{
	fbcon_show_cursor(false);
	for (size_t i = 0; i < len; i++)
		fbcon_putc(s[i]);
	fbcon_show_cursor(true);
}

static struct console fbcon_console = {
	.name = "tty0",
	.write = fbcon_console_write,
};

/* Paint every pixel the background colour and fill the grid with ' '. */
static void fbcon_clear(void)
{
	for (u32 py = 0; py < fbcon.height; py++) {
		u8 *p = fbcon.base + py * fbcon.pitch;

		for (u32 px = 0; px < fbcon.width; px++)
			fb_put_pixel(p + px * fbcon.bytes_pp, fbcon.bg);
	}
	for (u32 y = 0; y < fbcon.rows; y++)
		for (u32 x = 0; x < fbcon.cols; x++)
			fbcon.grid[y][x] = ' ';
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
	fbcon.fg = fb_colour(fb, FBCON_FG_RGB);
	fbcon.bg = fb_colour(fb, FBCON_BG_RGB);
	fbcon.cols = min(fb->width / FONT_8X16_WIDTH, (u32)FBCON_MAX_COLS);
	fbcon.rows = min(fb->height / FONT_8X16_HEIGHT, (u32)FBCON_MAX_ROWS);
	fbcon.x = fbcon.y = 0;
	fbcon.cursor_shown = false;
	fbcon_clear();
	fbcon_show_cursor(true);
	register_console(&fbcon_console);
	return 0;
}

/* The console's size in character cells (for TIOCGWINSZ). */
void fbcon_get_size(u32 *cols, u32 *rows)
{
	*cols = fbcon.cols;
	*rows = fbcon.rows;
}
