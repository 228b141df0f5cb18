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
 * Both drivers draw cells for the same terminal logic, lib/vt_parser.c
 * (escape sequences, cursor, colours), and attach it here.  Its answers
 * to status requests (ESC[6n, "where is the cursor?") are typed input
 * for the tty, but they are made inside a console write, which may be
 * inside the line discipline (echo, n_tty_write) with interrupts off:
 * pushing them there would re-enter N_TTY and, through its echo, the
 * terminal itself.  So screen_respond() only queues them, and
 * screen_flush_responses() hands them to console_input_push() from a
 * safe place: the console tty's write(2) once the discipline is done
 * (so busybox finds the answer before write() returns), or else a timer
 * at the next tick, in interrupt context as a key press would be.
 *
 * Data: which console and terminal are tty0, and the answer queue.
 * Invariants: at most one driver registers tty0; resp holds whole
 * answers (one that does not fit is dropped, not cut).
 * Locking: the queue is touched with interrupts off (one CPU).
 * Linux: the choice of conswitchp at boot (drivers/tty/vt/vt.c con_init,
 * and fbcon taking over from vgacon or the EFI framebuffer); the answers
 * are vt.c's respond_string(), which puts them in the tty's flip buffer
 * and pushes it to the line discipline from a work item, just as late.
 */
#include <asm/processor.h>
#include <mneme/bootinfo.h>
#include <mneme/console_input.h>
#include <mneme/kernel.h>
#include <mneme/mm_early.h>
#include <mneme/printk.h>
#include <mneme/screen.h>
#include <mneme/timer.h>

#define VGA_TEXT_PHYS		0xb8000
#define VGA_TEXT_COLS		80
#define VGA_TEXT_ROWS		25
#define VGA_TEXT_PITCH		(VGA_TEXT_COLS * 2)	/* two bytes a cell */

#define SCREEN_RESP_SIZE	64	/* a few answers: "\e[25;80R" is 8 bytes */

static u32 screen_cols = VGA_TEXT_COLS, screen_rows = VGA_TEXT_ROWS;
static struct console *screen_con;
static struct vt *screen_term;

static char resp[SCREEN_RESP_SIZE];
static size_t resp_len;
static struct timer_list resp_timer;

void screen_attach(struct console *con, struct vt *vt)
{
	screen_con = con;
	screen_term = vt;
}

struct console *screen_console(void)
{
	return screen_con;
}

struct vt *screen_vt(void)
{
	return screen_term;
}

void screen_flush_responses(void)
{
	unsigned long flags = local_irq_save();
	size_t budget = SCREEN_RESP_SIZE;	/* what echo adds waits its turn */

	while (resp_len && budget--) {
		char c = resp[0];

		resp_len--;
		for (size_t i = 0; i < resp_len; i++)
			resp[i] = resp[i + 1];
		console_input_push(c);	/* may echo: may queue more */
	}
	local_irq_restore(flags);
}

static void screen_resp_timer_fn(struct timer_list *t)
{
	screen_flush_responses();
}

void screen_respond(struct vt *vt, const char *s, size_t len)
{
	unsigned long flags = local_irq_save();

	if (resp_len + len <= SCREEN_RESP_SIZE) {
		for (size_t i = 0; i < len; i++)
			resp[resp_len++] = s[i];
		if (!timer_pending(&resp_timer)) {
			resp_timer.expires = jiffies + 1;
			add_timer(&resp_timer);
		}
	}
	local_irq_restore(flags);
}

/* The answers queued and not yet delivered (for the ktests). */
size_t screen_responses_pending(char *buf, size_t size)
{
	unsigned long flags = local_irq_save();
	size_t n = min(size, resp_len);

	for (size_t i = 0; i < n; i++)
		buf[i] = resp[i];
	local_irq_restore(flags);
	return n;
}

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

	timer_setup(&resp_timer, screen_resp_timer_fn);
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
