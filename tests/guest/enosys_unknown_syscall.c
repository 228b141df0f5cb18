/*
 * enosys_unknown_syscall - a system call number the kernel does not
 * have returns -1 with errno ENOSYS, and the process goes on: numbers
 * past the end of Linux's x86_64 table (500-511, 99999, 2^31 - 1, -1),
 * and numbers that are valid but have no implementation in Linux
 * either (sys_ni_syscall: 180 nfsservctl, 183 afs_syscall, 184 tuxcall,
 * 236 vserver).  A number in use would not do on Linux (x86_64 goes up
 * to about 460 today), so the list holds only ones Linux leaves empty.
 */
#include "guest.h"
#include <sys/syscall.h>

static const long unknown[] = {
	500, 501, 502, 503, 504, 505, 506, 507, 508, 509, 510, 511,
	99999, 0x7fffffff, -1,
	180, 183, 184, 236,
};

int main(void)
{
	char what[64];

	test_start("enosys_unknown_syscall");
	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		snprintf(what, sizeof(what), "syscall(%ld)", unknown[i]);
		EXPECT_ERRNO(syscall(unknown[i], 1, 2, 3, 4, 5, 6), ENOSYS, what);
	}
	/* Still alive, and a real system call still works. */
	EXPECT_EQ(getpid(), syscall(SYS_getpid), "getpid after the unknown calls");
	return test_end();
}
