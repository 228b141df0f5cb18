/*
 * drivers/tty/console_stub.c - PROVISIONAL /dev/console (char 5:1),
 * until the `tty` branch brings the real console tty with its line
 * discipline; that branch deletes this file.
 *
 * write() copies the user's bytes through a small bounce buffer to the
 * consoles (console_write_user(), the same path the old write(2)
 * stand-in in kernel/sys.c took), read() is end of file, and there are
 * no ioctls, so isatty() says no.  tty_init() here is __weak: the real
 * tty_init() of drivers/tty/ replaces it at link time as soon as it
 * exists, even before this file is deleted.
 * Linux: drivers/tty/tty_io.c (the console device).
 */
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/printk.h>
#include <mneme/uaccess.h>
#include <uapi/errno.h>
#include <uapi/stat.h>

#define TTYAUX_MAJOR	5
#define CONSOLE_MINOR	1
#define WRITE_CHUNK	256

static ssize_t console_stub_write(struct file *file, const char __user *buf, size_t count,
				  loff_t *pos)
{
	char chunk[WRITE_CHUNK];
	size_t done = 0;

	while (done < count) {
		size_t n = min(count - done, sizeof(chunk));
		unsigned long left = copy_from_user(chunk, buf + done, n);

		console_write_user(chunk, n - left);
		done += n - left;
		if (left)
			return done ? (ssize_t)done : -EFAULT;
	}
	return (ssize_t)done;
}

static ssize_t console_stub_read(struct file *file, char __user *buf, size_t count,
				 loff_t *pos)
{
	return 0;	/* no keyboard input through here: the tty branch adds it */
}

static const struct file_operations console_stub_fops = {
	.read = console_stub_read,
	.write = console_stub_write,
};

void __weak tty_init(void)
{
	int err = register_chrdev(TTYAUX_MAJOR, CONSOLE_MINOR, 1, "console", &console_stub_fops);

	if (!err)
		err = vfs_mknod_path("/dev/console", S_IFCHR | 0600,
				     MKDEV(TTYAUX_MAJOR, CONSOLE_MINOR));
	if (err)
		pr_err("console (provisional): cannot make /dev/console: error %d\n", err);
}
