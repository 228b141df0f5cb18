/*
 * tests/host/shim/fs_shim.c - the one VFS function mm/ calls:
 * current_time() (fs/inode.c), which mm/filemap.c uses to stamp a
 * written file.  A file of its own because <mneme/fs.h> defines loff_t
 * and dev_t, which the C library headers of kernel_shim.c also define.
 * The host has no wall clock here: the time since the test started.
 */
#include <mneme/fs.h>
#include <mneme/time.h>

struct timespec64 current_time(void)
{
	u64 ns = ktime_get_ns();

	return (struct timespec64){ .tv_sec = (s64)(ns / NSEC_PER_SEC),
				    .tv_nsec = (long)(ns % NSEC_PER_SEC) };
}
