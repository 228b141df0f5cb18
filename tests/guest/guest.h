/*
 * tests/guest/guest.h - the few helpers every in-guest test program shares.
 *
 * A test is one static program (musl-gcc -static) that checks what Linux
 * does, prints "expected ..., got ..." for each check that fails, and
 * exits 0 (pass), 1 (fail) or 77 (skip, automake's convention).  stdout is
 * unbuffered (test_start) so that output is never duplicated by fork() and
 * never lost by _exit().
 */
#ifndef TESTS_GUEST_GUEST_H
#define TESTS_GUEST_GUEST_H

#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#define EXIT_SKIP	77

static const char *test_name = "test";
static int test_failures;

static inline void test_start(const char *name)
{
	test_name = name;
	setvbuf(stdout, NULL, _IONBF, 0);
}

/* EXPECT(cond, "fmt", ...): count and describe a failed check. */
#define EXPECT(cond, ...) do {						\
	if (!(cond)) {							\
		test_failures++;					\
		printf("%s: %s:%d: ", test_name, __FILE__, __LINE__);	\
		printf(__VA_ARGS__);					\
		printf("\n");						\
	}								\
} while (0)

/* EXPECT_EQ(expected, actual, what): integers, both printed on failure. */
#define EXPECT_EQ(exp, act, what) do {					\
	long long e_ = (long long)(exp), a_ = (long long)(act);	\
	EXPECT(e_ == a_, "%s: expected %lld, got %lld", (what), e_, a_); \
} while (0)

/* EXPECT_ERRNO(call, err, what): call returns -1 and sets errno to err. */
#define EXPECT_ERRNO(call, err, what) do {				\
	errno = 0;							\
	long r_ = (long)(call);						\
	int e_ = errno;							\
	EXPECT(r_ == -1 && e_ == (err),					\
	       "%s: expected -1 with errno %d (%s), got %ld with errno %d (%s)", \
	       (what), (err), strerror(err), r_, e_, strerror(e_));	\
} while (0)

/* test_skip: say why, and exit 77: only for what cannot be checked here. */
static inline __attribute__((noreturn)) void test_skip(const char *why)
{
	printf("%s: SKIP: %s\n", test_name, why);
	exit(EXIT_SKIP);
}

/* test_end: the exit status for main to return. */
static inline int test_end(void)
{
	if (test_failures) {
		printf("%s: %d check(s) failed\n", test_name, test_failures);
		return 1;
	}
	printf("%s: ok\n", test_name);
	return 0;
}

/* self_path: the path this program was started by, to run it again. */
static inline const char *self_path(const char *argv0)
{
	if (argv0 && strchr(argv0, '/'))
		return argv0;
	return (const char *)getauxval(AT_EXECFN);
}

/* test_abort: a failure after which the test cannot go on; exit 1. */
static inline __attribute__((noreturn)) void test_abort(const char *what)
{
	printf("%s: FAIL: %s: %s\n", test_name, what, strerror(errno));
	exit(1);
}

/*
 * make_temp_dir: a fresh directory under $TMPDIR or /tmp.  Failing to make
 * one fails the test (not a skip): in Mneme it means mkdir does not work.
 */
static inline char *make_temp_dir(char *buf, size_t size)
{
	const char *base = getenv("TMPDIR");

	snprintf(buf, size, "%s/%s.XXXXXX", base && *base ? base : "/tmp", test_name);
	if (!mkdtemp(buf))
		test_abort("mkdtemp of a temporary directory");
	return buf;
}

/*
 * find_busybox: busybox's path into buf: /bin/busybox, else the first on
 * PATH; -1 if there is none (the caller skips).
 */
static inline int find_busybox(char *buf, size_t size)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL;

	if (access("/bin/busybox", X_OK) == 0) {
		snprintf(buf, size, "/bin/busybox");
		return 0;
	}
	if (errno != ENOENT)	/* a broken access(), not a missing busybox */
		test_abort("access(\"/bin/busybox\", X_OK)");
	copy = strdup(path ? path : "/bin:/usr/bin");
	for (dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		snprintf(buf, size, "%s/busybox", dir);
		if (access(buf, X_OK) == 0) {
			free(copy);
			return 0;
		}
	}
	free(copy);
	return -1;
}

#endif
