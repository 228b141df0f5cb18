/*
 * fs/char_dev.c - character devices: which driver serves which device
 * number.
 *
 * A driver registers a range of minors of one major with its
 * file_operations (register_chrdev()); a device node's inode gets
 * def_chr_fops (init_special_inode()), whose open() looks the node's
 * i_rdev up here, swaps the driver's fops into the file and calls the
 * driver's own open().  A node with no driver behind it opens with
 * -ENXIO, as in Linux.  The table is small and fixed (CHRDEV_MAX
 * registrations); Linux hashes struct char_device_struct by major and
 * keeps a kobject map of struct cdev.
 * Locking: none; drivers register at boot.
 * Linux: fs/char_dev.c.
 */
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/printk.h>
#include <uapi/errno.h>

#define CHRDEV_MAX	32

struct char_device_struct {
	unsigned int major, baseminor, count;
	const char *name;
	const struct file_operations *fops;
};

static struct char_device_struct chrdevs[CHRDEV_MAX];
static int nr_chrdevs;

static bool ranges_overlap(const struct char_device_struct *cd, unsigned int major,
			   unsigned int baseminor, unsigned int count)
{
	return cd->major == major && baseminor < cd->baseminor + cd->count &&
	       cd->baseminor < baseminor + count;
}

int register_chrdev(unsigned int major, unsigned int baseminor, unsigned int count,
		    const char *name, const struct file_operations *fops)
{
	struct char_device_struct *cd;

	if (!count || !fops || baseminor + count > (1U << MINORBITS))
		return -EINVAL;
	for (int i = 0; i < nr_chrdevs; i++)
		if (ranges_overlap(&chrdevs[i], major, baseminor, count))
			return -EBUSY;
	if (nr_chrdevs == CHRDEV_MAX)
		return -ENOSPC;
	cd = &chrdevs[nr_chrdevs++];
	cd->major = major;
	cd->baseminor = baseminor;
	cd->count = count;
	cd->name = name;
	cd->fops = fops;
	return 0;
}

static const struct file_operations *chrdev_fops(dev_t dev)
{
	for (int i = 0; i < nr_chrdevs; i++) {
		const struct char_device_struct *cd = &chrdevs[i];

		if (cd->major == MAJOR(dev) && MINOR(dev) >= cd->baseminor &&
		    MINOR(dev) < cd->baseminor + cd->count)
			return cd->fops;
	}
	return NULL;
}

static int chrdev_open(struct inode *inode, struct file *file)
{
	const struct file_operations *fops = chrdev_fops(inode->i_rdev);

	if (!fops)
		return -ENXIO;
	file->f_op = fops;
	return fops->open ? fops->open(inode, file) : 0;
}

const struct file_operations def_chr_fops = {
	.open = chrdev_open,
};
