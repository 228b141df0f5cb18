/*
 * printk.h - the kernel log.
 *
 * As in Linux, a message may start with a level prefix (KERN_ERR, ...):
 * the byte KERN_SOH followed by a digit.  Messages go into the log buffer
 * (read later by dmesg) and to every registered console whose level
 * threshold lets them through (loglevel= on the command line).
 */
#ifndef MNEME_PRINTK_H
#define MNEME_PRINTK_H

#include <stdarg.h>
#include <mneme/compiler.h>
#include <mneme/types.h>

#define KERN_SOH	"\001"
#define KERN_EMERG	KERN_SOH "0"
#define KERN_ALERT	KERN_SOH "1"
#define KERN_CRIT	KERN_SOH "2"
#define KERN_ERR	KERN_SOH "3"
#define KERN_WARNING	KERN_SOH "4"
#define KERN_NOTICE	KERN_SOH "5"
#define KERN_INFO	KERN_SOH "6"
#define KERN_DEBUG	KERN_SOH "7"
#define KERN_CONT	KERN_SOH "c"	/* continue the previous line */

#define LOGLEVEL_DEFAULT	4	/* level of a message with no prefix */
#define CONSOLE_LOGLEVEL_DEFAULT 7	/* print levels 0..6, hide debug */

__printf(1, 2) int printk(const char *fmt, ...);
int vprintk(const char *fmt, va_list args);

#define pr_emerg(fmt, ...)	printk(KERN_EMERG fmt, ##__VA_ARGS__)
#define pr_alert(fmt, ...)	printk(KERN_ALERT fmt, ##__VA_ARGS__)
#define pr_crit(fmt, ...)	printk(KERN_CRIT fmt, ##__VA_ARGS__)
#define pr_err(fmt, ...)	printk(KERN_ERR fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...)	printk(KERN_WARNING fmt, ##__VA_ARGS__)
#define pr_notice(fmt, ...)	printk(KERN_NOTICE fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)	printk(KERN_INFO fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...)	printk(KERN_DEBUG fmt, ##__VA_ARGS__)
#define pr_cont(fmt, ...)	printk(KERN_CONT fmt, ##__VA_ARGS__)

/*
 * A console: somewhere log text is shown.  write() gets plain text with
 * '\n' line ends; it must work with interrupts off and never sleep.
 */
struct console {
	const char *name;		/* "ttyS0", "tty0" */
	void (*write)(struct console *con, const char *s, size_t len);
	bool enabled;
	struct console *next;
};

void register_console(struct console *con);
/*
 * console= on the command line: only the named consoles ("ttyS0", "tty0",
 * or "ttyS0,tty0") show the log.  Call before the consoles register.
 */
void console_select(const char *names);
extern int console_loglevel;

/* Copy up to size bytes of the log buffer into buf; returns the count. */
size_t log_buf_read(char *buf, size_t size);

/*
 * The log as a stream of bytes numbered from boot (for syslog(2)):
 * [log_buf_start(), log_buf_end()) is what the ring still holds.
 * log_buf_copy() copies up to size bytes from *pos (pulled up to the
 * start), advancing *pos; log_buf_fit() moves from forward so that at
 * most size bytes follow it, to the start of a line.
 */
u64 log_buf_start(void);
u64 log_buf_end(void);
size_t log_buf_len(void);
size_t log_buf_copy(char *buf, u64 *pos, size_t size);
u64 log_buf_fit(u64 from, size_t size);

/* User output to the consoles, bypassing the log (write(2) until the tty). */
void console_write_user(const char *s, size_t n);

#endif
