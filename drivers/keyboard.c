/*
 * drivers/keyboard.c - the PS/2 keyboard behind the i8042 controller.
 *
 * The i8042 holds one byte from the keyboard in its output buffer (status
 * bit OBF) and raises IRQ 1; the handler reads it from the data port and
 * hands it to scancode_feed() (lib/scancode.c), whose bytes go to
 * console_input_push() for the tty layer.  The controller's translation
 * (CTR bit XLATE) turns the keyboard's scan code set 2 into the set 1
 * that lib/scancode.c decodes.
 *
 * Data: kbd_state, the decoder's modifier state, touched only by the
 * interrupt handler once keyboard_init() has returned.
 * Invariants: every wait for the controller is bounded (I8042_TIMEOUT
 * polls, I8042_BUFFER_SIZE reads), so a PC with no i8042, where the ports
 * read 0xff, costs a few microseconds and never hangs.
 * Locking: one CPU; the handler runs with interrupts off.
 *
 * Simpler than Linux: no mouse (AUX port bytes are dropped), no self-test
 * or keyboard reset, no LEDs.  Linux: drivers/input/serio/i8042.c and
 * drivers/input/keyboard/atkbd.c.
 */
#include <asm/io.h>
#include <mneme/console_input.h>
#include <mneme/irq.h>
#include <mneme/keyboard.h>
#include <mneme/printk.h>
#include <mneme/scancode.h>
#include <uapi/errno.h>

#define KEYBOARD_IRQ		1

#define I8042_DATA_PORT		0x60
#define I8042_STATUS_PORT	0x64	/* read: status */
#define I8042_COMMAND_PORT	0x64	/* write: command */

#define I8042_STR_OBF		0x01	/* output buffer full: a byte waits */
#define I8042_STR_IBF		0x02	/* input buffer full: busy */
#define I8042_STR_AUXDATA	0x20	/* the waiting byte is the mouse's */
#define I8042_STR_ABSENT	0xff	/* what a floating bus reads */

#define I8042_CMD_CTL_RCTR	0x20	/* read the control register (CTR) */
#define I8042_CMD_CTL_WCTR	0x60	/* write the CTR */

#define I8042_CTR_KBDINT	0x01	/* interrupt on IRQ 1 for keyboard data */
#define I8042_CTR_KBDDIS	0x10	/* keyboard clock disabled */
#define I8042_CTR_XLATE		0x40	/* translate set 2 to set 1 */

#define I8042_BUFFER_SIZE	16	/* more bytes than this: not an i8042 */
#define I8042_TIMEOUT		10000	/* polls of the status port (~1 us each) */

static struct scancode_state kbd_state;

static u8 i8042_read_status(void)
{
	return inb(I8042_STATUS_PORT);
}

/* Wait until the controller can take a byte; false on time-out. */
static bool i8042_wait_write(void)
{
	for (int i = 0; i < I8042_TIMEOUT; i++)
		if (!(i8042_read_status() & I8042_STR_IBF))
			return true;
	return false;
}

/* Wait until the controller has a byte for us; false on time-out. */
static bool i8042_wait_read(void)
{
	for (int i = 0; i < I8042_TIMEOUT; i++)
		if (i8042_read_status() & I8042_STR_OBF)
			return true;
	return false;
}

/*
 * Throw away whatever the controller holds (keys typed in the boot loader,
 * self-test results).  A controller that never runs dry is not there.
 */
static int i8042_flush(void)
{
	for (int i = 0; i < I8042_BUFFER_SIZE; i++) {
		if (!(i8042_read_status() & I8042_STR_OBF))
			return 0;
		inb(I8042_DATA_PORT);
	}
	return -ENODEV;
}

static int i8042_command(u8 cmd)
{
	if (!i8042_wait_write())
		return -ENODEV;
	outb(I8042_COMMAND_PORT, cmd);
	return 0;
}

static int i8042_read_ctr(u8 *ctr)
{
	if (i8042_command(I8042_CMD_CTL_RCTR) || !i8042_wait_read())
		return -ENODEV;
	*ctr = inb(I8042_DATA_PORT);
	return 0;
}

static int i8042_write_ctr(u8 ctr)
{
	if (i8042_command(I8042_CMD_CTL_WCTR) || !i8042_wait_write())
		return -ENODEV;
	outb(I8042_DATA_PORT, ctr);
	return 0;
}

/*
 * Firmware usually leaves the keyboard interrupting with translation on,
 * but a UEFI boot need not: make sure, as Linux's i8042_controller_init().
 */
static int i8042_enable_keyboard(void)
{
	u8 ctr, want;
	int err = i8042_read_ctr(&ctr);

	if (err)
		return err;
	want = (ctr | I8042_CTR_KBDINT | I8042_CTR_XLATE) & ~I8042_CTR_KBDDIS;
	if (want == ctr)
		return 0;
	return i8042_write_ctr(want);
}

static void keyboard_interrupt(unsigned int irq)
{
	char out[SCANCODE_MAX_BYTES];
	u8 status = i8042_read_status();
	u8 code;
	int n;

	if (!(status & I8042_STR_OBF))
		return;		/* spurious: nothing waiting */
	code = inb(I8042_DATA_PORT);
	if (status & I8042_STR_AUXDATA)
		return;		/* a mouse byte: no mouse driver */
	n = scancode_feed(&kbd_state, code, out);
	for (int i = 0; i < n; i++)
		console_input_push(out[i]);
}

int keyboard_init(void)
{
	int err;

	if (i8042_read_status() == I8042_STR_ABSENT || i8042_flush())
		goto out_absent;
	err = i8042_enable_keyboard();
	if (err)
		goto out_absent;
	i8042_flush();		/* a key typed meanwhile is lost, not stuck */
	scancode_state_init(&kbd_state);
	err = request_irq(KEYBOARD_IRQ, keyboard_interrupt, "keyboard");
	if (err) {
		pr_warn("keyboard: IRQ %d busy (%d)\n", KEYBOARD_IRQ, err);
		return err;
	}
	pr_info("keyboard: PS/2 on i8042, IRQ %d\n", KEYBOARD_IRQ);
	return 0;

out_absent:
	pr_info("keyboard: no i8042 controller\n");
	return -ENODEV;
}
