/*
 * user/hello.c - the smallest user program: one write(2), then exit 0.
 *
 * Built with musl-gcc -static like every program here, so the same binary
 * runs on Linux (try build/user/hello) and, once Mneme has processes, on
 * Mneme: it needs only write(2) and exit_group(2).
 */
#include <string.h>
#include <unistd.h>

int main(void)
{
	static const char msg[] = "hello from user space\n";

	if (write(STDOUT_FILENO, msg, strlen(msg)) != (ssize_t)strlen(msg))
		return 1;
	return 0;
}
