/*
 * fs/proc/proc_sysctl.c - /proc/sys: the kernel's tunables as files.
 *
 * Only what is used so far: vm/drop_caches (write 1, 2 or 3: 2 and 3
 * give every empty slab back to the page allocator, kmem_cache_shrink_all();
 * 1, the page cache, drops nothing yet, because the only page cache is
 * ramfs's, which is the files' data itself and which Linux does not drop
 * either), and kernel/ostype, osrelease, version, hostname (writable,
 * like sethostname(2)) and pid_max.  A write takes one number or name
 * per call from the start of the buffer, as Linux's proc_dointvec does
 * for a single value.  Linux builds /proc/sys from ctl_table arrays
 * registered by each subsystem (kernel/sysctl.c); ours is one table here.
 * Linux: fs/proc/proc_sysctl.c, fs/drop_caches.c, kernel/utsname_sysctl.c.
 */
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/sched.h>
#include <mneme/slab.h>
#include <mneme/string.h>
#include <mneme/uaccess.h>
#include <mneme/utsname.h>
#include <uapi/errno.h>
#include <uapi/stat.h>
#include "internal.h"

#define SYSCTL_WRITE_MAX	__NEW_UTS_LEN

/* Copy a written value in, without its trailing newline: length or -errno. */
static long sysctl_get_value(char *kbuf, const char __user *buf, size_t count)
{
	if (count == 0 || count > SYSCTL_WRITE_MAX)
		return -EINVAL;
	if (copy_from_user(kbuf, buf, count))
		return -EFAULT;
	kbuf[count] = '\0';
	if (kbuf[count - 1] == '\n')
		kbuf[--count] = '\0';
	return (long)count;
}

static ssize_t drop_caches_write(struct file *file, const char __user *buf, size_t count,
				 loff_t *pos)
{
	char kbuf[SYSCTL_WRITE_MAX + 1];
	long len = sysctl_get_value(kbuf, buf, count);

	(void)file, (void)pos;
	if (len < 0)
		return len;
	if (len != 1 || kbuf[0] < '1' || kbuf[0] > '3')
		return -EINVAL;
	if (kbuf[0] & 2)
		kmem_cache_shrink_all();
	drain_local_pages();	/* a batch parked on the per-CPU list is not in MemFree */
	return (ssize_t)count;
}

static int ostype_show(struct seq_file *m, void *v)
{
	(void)v;
	seq_printf(m, "%s\n", init_uts_ns.sysname);
	return 0;
}

static int osrelease_show(struct seq_file *m, void *v)
{
	(void)v;
	seq_printf(m, "%s\n", init_uts_ns.release);
	return 0;
}

static int version_show(struct seq_file *m, void *v)
{
	(void)v;
	seq_printf(m, "%s\n", init_uts_ns.version);
	return 0;
}

static int hostname_show(struct seq_file *m, void *v)
{
	(void)v;
	seq_printf(m, "%s\n", init_uts_ns.nodename);
	return 0;
}

static ssize_t hostname_write(struct file *file, const char __user *buf, size_t count,
			      loff_t *pos)
{
	char kbuf[SYSCTL_WRITE_MAX + 1];
	long len = sysctl_get_value(kbuf, buf, count);

	(void)file, (void)pos;
	if (len < 0)
		return len;
	memset(init_uts_ns.nodename, 0, sizeof(init_uts_ns.nodename));
	memcpy(init_uts_ns.nodename, kbuf, (size_t)len);
	return (ssize_t)count;
}

static int pid_max_show(struct seq_file *m, void *v)
{
	(void)v;
	seq_printf(m, "%d\n", PID_MAX);
	return 0;
}

static const struct proc_entry sys_vm_entries[] = {
	{ .name = "drop_caches", .mode = S_IFREG | 0200, .write = drop_caches_write },
	{ .name = NULL },
};

static const struct proc_entry sys_kernel_entries[] = {
	{ .name = "hostname", .mode = S_IFREG | 0644, .show = hostname_show,
	  .write = hostname_write },
	{ .name = "osrelease", .mode = S_IFREG | 0444, .show = osrelease_show },
	{ .name = "ostype", .mode = S_IFREG | 0444, .show = ostype_show },
	{ .name = "pid_max", .mode = S_IFREG | 0444, .show = pid_max_show },
	{ .name = "version", .mode = S_IFREG | 0444, .show = version_show },
	{ .name = NULL },
};

static const struct proc_entry sys_entries[] = {
	{ .name = "kernel", .mode = S_IFDIR | 0555, .children = sys_kernel_entries },
	{ .name = "vm", .mode = S_IFDIR | 0555, .children = sys_vm_entries },
	{ .name = NULL },
};

const struct proc_entry proc_sys_entry = {
	.name = "sys", .mode = S_IFDIR | 0555, .children = sys_entries,
};
