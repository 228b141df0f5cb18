/*
 * user/startup_check.c - does a program start the way Linux starts it?
 *
 *	startup_check STATUS [ARG...]
 *
 * Checks what execve() hands a new program: argc and argv, the
 * environment, the auxiliary vector (AT_PAGESZ, AT_RANDOM, AT_PHDR,
 * AT_ENTRY, AT_EXECFN), thread-local storage (musl sets FS with
 * arch_prctl) and a heap that grows (malloc -> brk).  Prints one line per
 * check, then "startup_check: ok" or "startup_check: FAILED", and exits
 * with STATUS (or 1 when a check failed), so the exit status can be seen
 * to travel from the program to QEMU's exit code.  A static musl binary:
 * it gives the same answers on Linux (run build/user/startup_check 3).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

static __thread int tls_counter = 5;
static int failures;

static void check(int ok, const char *what)
{
	printf("startup_check: %s %s\n", ok ? "ok  " : "FAIL", what);
	failures += !ok;
}

int main(int argc, char **argv)
{
	unsigned char *random = (unsigned char *)getauxval(AT_RANDOM);
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	char *heap;

	check(argc >= 2, "argc >= 2 (argv[1] is the exit status)");
	check(argv[argc] == NULL, "argv ends with NULL");
	check(getenv("PATH") != NULL, "PATH is in the environment");
	check(getauxval(AT_PAGESZ) == 4096, "AT_PAGESZ is 4096");
	check(random != NULL && (random[0] | random[1] | random[2] | random[3]) != 0,
	      "AT_RANDOM points at random bytes");
	check(getauxval(AT_PHDR) != 0 && getauxval(AT_ENTRY) != 0, "AT_PHDR and AT_ENTRY set");
	check(execfn != NULL && strstr(execfn, "startup_check") != NULL, "AT_EXECFN names us");
	tls_counter++;
	check(tls_counter == 6, "thread-local storage works");
	heap = malloc(1 << 20);
	if (heap)
		memset(heap, 0x5a, 1 << 20);
	check(heap != NULL && heap[(1 << 20) - 1] == 0x5a, "a 1 MiB heap block is usable");
	free(heap);
	printf("startup_check: %s\n", failures ? "FAILED" : "ok");
	return failures ? 1 : (argc >= 2 ? atoi(argv[1]) : 1);
}
