/*
 * kernel/syslog.c - syslog(2), which busybox dmesg and klogctl(3) use:
 * read or clear the kernel log, and set the console's log level.
 *
 * The log (kernel/printk.c) is a byte ring that already holds lines in
 * the form dmesg expects, "<6>[    0.123456] text\n".  Two cursors over
 * its byte count say what a reader has seen: syslog_seq, where READ (2)
 * continues, and clear_seq, where READ_ALL starts after a CLEAR; both
 * are pulled up to the oldest byte still held when the ring overwrites
 * them.  A read that cannot take everything returns the newest part,
 * starting at a line boundary, as Linux returns whole records.  READ
 * returns what is unread without blocking (Linux sleeps until there is
 * some).  Every action is root's (CAP_SYSLOG); Linux lets anyone read
 * when dmesg_restrict is 0.  Locking: interrupts off while the cursors
 * and the ring are read; copying to user space happens from a kernel
 * copy made under that protection.
 * Linux: kernel/printk/printk.c (do_syslog(), syslog_print_all()).
 */
#include <asm/processor.h>
#include <asm/syscall.h>
#include <mneme/cred.h>
#include <mneme/kernel.h>
#include <mneme/printk.h>
#include <mneme/slab.h>
#include <mneme/uaccess.h>
#include <uapi/errno.h>

#define SYSLOG_ACTION_CLOSE		0
#define SYSLOG_ACTION_OPEN		1
#define SYSLOG_ACTION_READ		2
#define SYSLOG_ACTION_READ_ALL		3
#define SYSLOG_ACTION_READ_CLEAR	4
#define SYSLOG_ACTION_CLEAR		5
#define SYSLOG_ACTION_CONSOLE_OFF	6
#define SYSLOG_ACTION_CONSOLE_ON	7
#define SYSLOG_ACTION_CONSOLE_LEVEL	8
#define SYSLOG_ACTION_SIZE_UNREAD	9
#define SYSLOG_ACTION_SIZE_BUFFER	10

#define MINIMUM_CONSOLE_LOGLEVEL	1	/* CONSOLE_OFF still shows KERN_EMERG */
#define CONSOLE_LOGLEVEL_MAX		8
#define SYSLOG_CHUNK			(16UL << 10)	/* copied out per step */

static u64 syslog_seq, clear_seq;
static int saved_console_loglevel = -1;

/*
 * Copy the log's bytes [*from, end of log) to ubuf, at most len of them,
 * taking the newest ones (from a line start) when they do not all fit.
 * Advances *from past what was copied: the count, or -EFAULT / -ENOMEM.
 */
static long syslog_copy(u64 *from, char __user *ubuf, size_t len)
{
	char *chunk = kmalloc(SYSLOG_CHUNK, GFP_KERNEL);
	long done = 0;

	if (!chunk)
		return -ENOMEM;
	*from = log_buf_fit(*from, len);
	while ((size_t)done < len) {
		size_t n = log_buf_copy(chunk, from, min(len - (size_t)done, SYSLOG_CHUNK));

		if (!n)
			break;
		if (copy_to_user(ubuf + done, chunk, n)) {
			done = -EFAULT;
			break;
		}
		done += (long)n;
	}
	kfree(chunk);
	return done;
}

static long syslog_read(u64 *cursor, char __user *buf, long len)
{
	if (!buf || len < 0)
		return -EINVAL;
	if (!len)
		return 0;
	if (!access_ok(buf, (unsigned long)len))
		return -EFAULT;
	return syslog_copy(cursor, buf, (size_t)len);
}

static long syslog_console_level(long level)
{
	if (level < 1 || level > CONSOLE_LOGLEVEL_MAX)
		return -EINVAL;
	console_loglevel = (int)max(level, (long)MINIMUM_CONSOLE_LOGLEVEL);
	saved_console_loglevel = -1;	/* a later CONSOLE_ON keeps this one */
	return 0;
}

/* syslog(type, buf, len) */
long sys_syslog(struct pt_regs *regs)
{
	char __user *buf = (char __user *)regs->rsi;
	long len = (long)(int)regs->rdx, ret;
	u64 from;

	if (!capable(CAP_SYSLOG))
		return -EPERM;
	switch ((int)regs->rdi) {
	case SYSLOG_ACTION_CLOSE:
	case SYSLOG_ACTION_OPEN:
		return 0;
	case SYSLOG_ACTION_READ:
		return syslog_read(&syslog_seq, buf, len);
	case SYSLOG_ACTION_READ_ALL:
		from = clear_seq;
		return syslog_read(&from, buf, len);
	case SYSLOG_ACTION_READ_CLEAR:
		from = clear_seq;
		ret = syslog_read(&from, buf, len);
		if (ret >= 0)
			clear_seq = log_buf_end();
		return ret;
	case SYSLOG_ACTION_CLEAR:
		clear_seq = log_buf_end();
		return 0;
	case SYSLOG_ACTION_CONSOLE_OFF:
		if (saved_console_loglevel == -1)
			saved_console_loglevel = console_loglevel;
		console_loglevel = MINIMUM_CONSOLE_LOGLEVEL;
		return 0;
	case SYSLOG_ACTION_CONSOLE_ON:
		if (saved_console_loglevel != -1) {
			console_loglevel = saved_console_loglevel;
			saved_console_loglevel = -1;
		}
		return 0;
	case SYSLOG_ACTION_CONSOLE_LEVEL:
		return syslog_console_level(len);
	case SYSLOG_ACTION_SIZE_UNREAD:
		return (long)(log_buf_end() - max(syslog_seq, log_buf_start()));
	case SYSLOG_ACTION_SIZE_BUFFER:
		return (long)log_buf_len();
	default:
		return -EINVAL;
	}
}
