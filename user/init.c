/*
 * user/init.c - /sbin/init, a placeholder.
 *
 * Mneme cannot run it yet: there are no processes, no exec and no VFS.
 * It is in the initrd so that the kernel's initrd code and the exec work
 * have a real static ELF at the path init= defaults to.  Run on Linux, it
 * says what it is and exits 0.  The real init (mount /proc and /dev, run
 * /etc/rc, start the shell, reap orphans; issue 5, item 8) replaces it
 * when processes arrive.
 */
#include <string.h>
#include <unistd.h>

int main(void)
{
	static const char msg[] =
		"init: placeholder; the real init comes with processes\n";

	if (write(STDOUT_FILENO, msg, strlen(msg)) != (ssize_t)strlen(msg))
		return 1;
	return 0;
}
