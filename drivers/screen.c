/*
 * drivers/screen.c - choose the screen console tty0.
 *
 * The boot loader says in its framebuffer tag what the screen is (parsed
 * into boot_info.fb): an RGB framebuffer (UEFI GOP, or a VBE mode GRUB
 * set), VGA text mode, or an indexed-colour mode.  A BIOS boot in text
 * mode may give no tag at all; every PC then still has VGA text at
 * 0xb8000.  screen_init() starts the one driver that fits, and that
 * driver registers console "tty0".
 *
 * Data: none of its own.  Invariant: at most one driver registers tty0.
 * Linux: the choice of conswitchp at boot (drivers/tty/vt/vt.c con_init,
 * and fbcon taking over from vgacon or the EFI framebuffer).
 */
#include <mneme/bootinfo.h>
#include <mneme/mm_early.h>
#include <mneme/printk.h>
#include <mneme/screen.h>

#define VGA_TEXT_PHYS		0xb8000
#define VGA_TEXT_COLS		80
#define VGA_TEXT_ROWS		25
#define VGA_TEXT_PITCH		(VGA_TEXT_COLS * 2)	/* two bytes a cell */

static u32 screen_cols = VGA_TEXT_COLS, screen_rows = VGA_TEXT_ROWS;

void screen_get_size(u32 *cols, u32 *rows)
{
	*cols = screen_cols;
	*rows = screen_rows;
}

/* No framebuffer tag at all: parse_boot_info() left boot_info.fb zero. */
static bool no_framebuffer_tag(const struct boot_framebuffer *fb)
{
	return fb->type == BOOT_FB_NONE && !fb->addr && !fb->width;
}

static void screen_start_vga(phys_addr_t addr, u32 cols, u32 rows,
			     u32 pitch)
{
	int err = vga_text_init(addr, cols, rows, pitch);

	if (err) {
		pr_warn("screen: VGA text %ux%u at %#lx unusable (%d)\n",
			cols, rows, (unsigned long)addr, err);
		return;
	}
	screen_cols = cols;
	screen_rows = rows;
	pr_info("screen: tty0 is VGA text, %ux%u at %#lx\n", cols, rows,
		(unsigned long)addr);
}

static void screen_start_fbcon(const struct boot_framebuffer *fb)
{
	int err;

	if (fb->addr + (u64)fb->pitch * fb->height > EARLY_DIRECT_MAP_SIZE) {
		pr_warn("screen: framebuffer at %#lx is above 4 GiB, not mapped yet: no screen console\n",
			(unsigned long)fb->addr);
		return;
	}
	err = fbcon_init(fb);
	if (err) {
		pr_warn("screen: framebuffer %ux%u %u bpp unusable (%d): no screen console\n",
			fb->width, fb->height, fb->bpp, err);
		return;
	}
	fbcon_get_size(&screen_cols, &screen_rows);
	pr_info("screen: tty0 is fbcon, %ux%u %u bpp at %#lx, %ux%u characters\n",
		fb->width, fb->height, fb->bpp, (unsigned long)fb->addr,
		fb->width / FONT_8X16_WIDTH, fb->height / FONT_8X16_HEIGHT);
}

void screen_init(void)
{
	const struct boot_framebuffer *fb = &boot_info.fb;

	if (fb->type == BOOT_FB_RGB)
		screen_start_fbcon(fb);
	else if (fb->type == BOOT_FB_EGA_TEXT)
		screen_start_vga(fb->addr, fb->width, fb->height, fb->pitch);
	else if (no_framebuffer_tag(fb))
		screen_start_vga(VGA_TEXT_PHYS, VGA_TEXT_COLS, VGA_TEXT_ROWS,
				 VGA_TEXT_PITCH);
	else
		pr_warn("screen: indexed-colour framebuffer %ux%u not supported: no screen console\n",
			fb->width, fb->height);
}
