/*
 * fs/proc/proc_sysctl.c - /proc/sys: the kernel's tunables as files.
 *
 * Only what is used so far: vm/drop_caches (write 1, 2 or 3: 2 and 3
 * give every empty slab back to the page allocator, kmem_cache_shrink_all();
 * 1, the page cache, drops nothing yet, because the only page cache is
 * ramfs's, which is the files' data itself and which Linux does not drop
 * either); the integer tunables vm/overcommit_memory (0-2) and
 * vm/overcommit_ratio (stored and shown in /proc/meminfo's CommitLimit;
 * no allocation is refused on their account yet, mm/util.c),
 * vm/max_map_count (what split_vma() and mmap obey, mm/vma.c) and
 * vm/min_free_kbytes (a write recomputes the zones' watermarks); and
 * kernel/ostype, osrelease, version, hostname (writable, like
 * sethostname(2)) and pid_max.  An integer tunable is one
 * PROC_INT_ENTRY() line in its directory's table (internal.h).  A write takes one number or name
 * per call from the start of the buffer, as Linux's proc_dointvec does
 * for a single value.  Linux builds /proc/sys from ctl_table arrays
 * registered by each subsystem (kernel/sysctl.c); ours is one table here.
 * vm/pftrace is the page-fault trace's setting (mm/pftrace.c): "0", "1"
 * for every process, a pid, or "pid:N" (lib/pftrace.c parses and shows).
 * Linux: fs/proc/proc_sysctl.c, fs/drop_caches.c, kernel/utsname_sysctl.c.
 */
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/pftrace.h>
#include <mneme/sched.h>
#include <mneme/slab.h>
#include <mneme/string.h>
#include <mneme/uaccess.h>
#include <mneme/utsname.h>
#include <mneme/vma.h>
#include <uapi/errno.h>
#include <uapi/stat.h>
#include "internal.h"

#define SYSCTL_WRITE_MAX	__NEW_UTS_LEN
#define SYSCTL_INT_MAX		0x7fffffff
#define MIN_FREE_KBYTES_MIN	128		/* what init_per_zone_wmark_min() allows */
#define MIN_FREE_KBYTES_MAX	262144

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

/* "-12" -> -12 into *val: false unless an optional '-' and 1-10 digits, all of it. */
static bool sysctl_parse_int(const char *s, long *val)
{
	bool neg = *s == '-';
	long v = 0;
	int digits = 0;

	for (s += neg; *s; s++, digits++) {
		if (*s < '0' || *s > '9' || digits == 10)
			return false;
		v = v * 10 + (*s - '0');
	}
	*val = neg ? -v : v;
	return digits > 0;
}

static const struct proc_entry *file_pde(struct file *file)
{
	return PROC_I(file->f_inode)->pde;
}

int proc_dointvec_show(struct seq_file *m, void *v)
{
	const struct proc_entry *pde = PROC_I((struct inode *)m->private)->pde;

	(void)v;
	seq_printf(m, "%d\n", READ_ONCE(*pde->data));
	return 0;
}

ssize_t proc_dointvec_write(struct file *file, const char __user *buf, size_t count,
			    loff_t *pos)
{
	const struct proc_entry *pde = file_pde(file);
	char kbuf[SYSCTL_WRITE_MAX + 1];
	long len = sysctl_get_value(kbuf, buf, count), val;

	(void)pos;
	if (len < 0)
		return len;
	if (!sysctl_parse_int(kbuf, &val) || val < pde->min || val > pde->max)
		return -EINVAL;
	WRITE_ONCE(*pde->data, (int)val);
	if (pde->changed)
		pde->changed();
	return (ssize_t)count;
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

static int pftrace_sysctl_show(struct seq_file *m, void *v)
{
	char text[PFTRACE_SHOW_MAX];

	(void)v;
	pftrace_show(text, sizeof(text), READ_ONCE(sysctl_pftrace));
	seq_printf(m, "%s\n", text);
	return 0;
}

static ssize_t pftrace_sysctl_write(struct file *file, const char __user *buf, size_t count,
				    loff_t *pos)
{
	char kbuf[SYSCTL_WRITE_MAX + 1];
	long len = sysctl_get_value(kbuf, buf, count);
	int value;

	(void)file, (void)pos;
	if (len < 0)
		return len;
	if (pftrace_parse(kbuf, &value))
		return -EINVAL;
	WRITE_ONCE(sysctl_pftrace, value);
	return (ssize_t)count;
}

int proc_dostring_show(struct seq_file *m, void *v)
{
	const struct proc_entry *pde = PROC_I((struct inode *)m->private)->pde;

	(void)v;
	seq_printf(m, "%s\n", pde->str);
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
	PROC_INT_ENTRY("max_map_count", sysctl_max_map_count, 0, SYSCTL_INT_MAX),
	PROC_INT_ENTRY_CB("min_free_kbytes", min_free_kbytes, MIN_FREE_KBYTES_MIN,
			  MIN_FREE_KBYTES_MAX, setup_per_zone_wmarks),
	PROC_INT_ENTRY("overcommit_memory", sysctl_overcommit_memory, OVERCOMMIT_GUESS,
		       OVERCOMMIT_NEVER),
	PROC_INT_ENTRY("overcommit_ratio", sysctl_overcommit_ratio, 0, SYSCTL_INT_MAX),
	{ .name = "pftrace", .mode = S_IFREG | 0644, .show = pftrace_sysctl_show,
	  .write = pftrace_sysctl_write },
	{ .name = NULL },
};

static const struct proc_entry sys_kernel_entries[] = {
	{ .name = "hostname", .mode = S_IFREG | 0644, .show = proc_dostring_show,
	  .str = init_uts_ns.nodename, .write = hostname_write },
	PROC_STRING_ENTRY("osrelease", init_uts_ns.release),
	PROC_STRING_ENTRY("ostype", init_uts_ns.sysname),
	{ .name = "pid_max", .mode = S_IFREG | 0444, .show = pid_max_show },
	PROC_STRING_ENTRY("version", init_uts_ns.version),
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
