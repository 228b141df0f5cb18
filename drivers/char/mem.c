/*
 * drivers/char/mem.c - the memory devices of major 1: /dev/null (3),
 * /dev/zero (5), /dev/full (7), /dev/random (8) and /dev/urandom (9).
 *
 * null reads end of file and takes every write; zero reads zero bytes
 * and takes every write; full reads zeros and refuses every write with
 * -ENOSPC (a disk that is always full, for testing error paths); random
 * and urandom read get_random_bytes() (<mneme/random.h>) and take writes
 * without using them.  Every node is mode 0666, as on Linux.
 *
 * No data of their own, no locking.  Linux differs: /dev/mem, kmem and
 * port (minors 1, 2, 4) give raw access to memory and I/O ports, which a
 * teaching kernel need not hand out; writes to random mix into the
 * entropy pool; random lives in drivers/char/random.c with its own
 * blocking rules (since 5.6 neither device blocks once seeded).
 * Linux: drivers/char/mem.c.
 */
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/printk.h>
#include <mneme/random.h>
#include <mneme/sched.h>
#include <mneme/sprintf.h>
#include <mneme/tty.h>
#include <mneme/uaccess.h>
#include <uapi/errno.h>
#include <uapi/stat.h>

#define MEM_MAJOR		1
#define MEM_DEV_MODE		0666
#define RANDOM_CHUNK		256	/* bytes made and copied at a time */

/* null and zero keep no position: every seek lands at 0 (Linux's null_lseek). */
static loff_t null_lseek(struct file *file, loff_t offset, int whence)
{
	return file->f_pos = 0;
}

static ssize_t read_null(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	return 0;
}

static ssize_t write_null(struct file *file, const char __user *buf, size_t count,
			  loff_t *pos)
{
	return (ssize_t)count;
}

static ssize_t read_zero(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	if (clear_user(buf, count))
		return -EFAULT;
	return (ssize_t)count;
}

static ssize_t write_full(struct file *file, const char __user *buf, size_t count,
			  loff_t *pos)
{
	return -ENOSPC;
}

/* Random bytes a chunk at a time; a fault after some bytes returns those. */
static ssize_t read_random(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	u8 kbuf[RANDOM_CHUNK];
	size_t done = 0;

	while (done < count) {
		size_t n = count - done < sizeof(kbuf) ? count - done : sizeof(kbuf);

		get_random_bytes(kbuf, n);
		if (copy_to_user(buf + done, kbuf, n))
			return done ? (ssize_t)done : -EFAULT;
		done += n;
		cond_resched();
	}
	return (ssize_t)done;
}

static const struct file_operations null_fops = {
	.llseek = null_lseek, .read = read_null, .write = write_null,
};
static const struct file_operations zero_fops = {
	.llseek = null_lseek, .read = read_zero, .write = write_null,
};
static const struct file_operations full_fops = {
	.llseek = null_lseek, .read = read_zero, .write = write_full,
};
static const struct file_operations random_fops = {
	.llseek = noop_llseek, .read = read_random, .write = write_null,
};

static const struct memdev {
	const char *name;
	unsigned int minor;
	const struct file_operations *fops;
} devlist[] = {
	{ "null", 3, &null_fops },
	{ "zero", 5, &zero_fops },
	{ "full", 7, &full_fops },
	{ "random", 8, &random_fops },
	{ "urandom", 9, &random_fops },
};

static int register_memdev(const struct memdev *dev)
{
	char path[16];
	int err = register_chrdev(MEM_MAJOR, dev->minor, 1, dev->name, dev->fops);

	if (err)
		return err;
	scnprintf(path, sizeof(path), "/dev/%s", dev->name);
	return vfs_mknod_path(path, S_IFCHR | MEM_DEV_MODE, MKDEV(MEM_MAJOR, dev->minor));
}

void chr_dev_init(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(devlist); i++) {
		int err = register_memdev(&devlist[i]);

		if (err)
			pr_err("mem: /dev/%s: error %d\n", devlist[i].name, err);
	}
}
