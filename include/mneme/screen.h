/*
 * screen.h - the screen console tty0: VGA text mode (drivers/vga_text.c)
 * or a text console drawn on a linear framebuffer (drivers/fbcon.c).
 *
 * screen_init() (drivers/screen.c) looks at boot_info.fb and starts the
 * one driver that fits; that driver registers console "tty0".  The
 * drivers' own entry points are declared here for screen_init() only.
 */
#ifndef MNEME_SCREEN_H
#define MNEME_SCREEN_H

#include <mneme/bootinfo.h>
#include <mneme/types.h>
#include <mneme/vt_parser.h>

struct console;

/*
 * Pick and start the screen console from boot_info.fb: RGB framebuffer ->
 * fbcon, EGA text -> vga_text, no framebuffer tag -> VGA text at 0xb8000
 * (a BIOS boot), anything else -> none.  Call after parse_boot_info().
 */
void screen_init(void);

/* VGA text console on cols x rows cells at physical addr; 0 or -errno. */
int vga_text_init(phys_addr_t addr, u32 cols, u32 rows, u32 pitch_bytes);
/* Framebuffer console on an RGB framebuffer of 16, 24 or 32 bpp. */
int fbcon_init(const struct boot_framebuffer *fb);
void fbcon_get_size(u32 *cols, u32 *rows);

/*
 * The screen console's size in character cells, for the console tty's
 * TIOCGWINSZ: the VGA text mode's or fbcon's, 80x25 with no screen.
 */
void screen_get_size(u32 *cols, u32 *rows);

/* The driver that started says which console and terminal tty0 is. */
void screen_attach(struct console *con, struct vt *vt);
struct console *screen_console(void);	/* NULL: no screen console */
struct vt *screen_vt(void);

/*
 * The terminal's answers (ESC[6n -> ESC[row;colR): screen_respond() is
 * the drivers' vt_ops.respond, and only queues; screen_flush_responses()
 * gives the queue to console_input_push() as typed input.  The console
 * tty's write calls it when N_TTY is done; a timer does at the next tick
 * otherwise.  Never call it from inside a console write.
 */
void screen_respond(struct vt *vt, const char *s, size_t len);
void screen_flush_responses(void);
/* Copy what is queued and not yet delivered; returns its length. */
size_t screen_responses_pending(char *buf, size_t size);

/* The built-in font (drivers/font_8x16.c, made by tools/gen-font). */
#define FONT_8X16_WIDTH		8
#define FONT_8X16_HEIGHT	16
#define FONT_8X16_FIRST		0x20	/* ' ': the first glyph */
#define FONT_8X16_LAST		0x7e	/* '~': the last character glyph */
#define FONT_8X16_BOX		(FONT_8X16_LAST - FONT_8X16_FIRST + 1)
#define FONT_8X16_NR_GLYPHS	(FONT_8X16_BOX + 1)

extern const u8 font_8x16[FONT_8X16_NR_GLYPHS][FONT_8X16_HEIGHT];

#endif
