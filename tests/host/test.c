/*
 * tests/host/test.c - the runner and checks of the host unit-test framework.
 *
 * Owns the list of registered tests (filled by the constructors that TEST()
 * emits, before main() runs), the per-test failure state and the per-test
 * random generator.  main() sorts the tests by file and line so the output
 * order is the source order, then runs each in a forked child: an ASan
 * report, a UBSan error, a segfault or a hang (TEST_TIMEOUT_S) then fails
 * that one test and the run still ends with its "N passed, M failed" line.
 * The child reports through its exit status: 0 passed, TEST_EXIT_FAILED
 * some check failed, anything else died.  Details go to stdout, before the
 * TEST line they belong to; sanitizer reports go to stderr.
 *
 * This file is not a test: host.mk builds tests/host/test_*.c as tests.
 */
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test.h"

#define TEST_DEFAULT_SEED	20240601ULL
#define TEST_TIMEOUT_S		60	/* a test running longer has hung */
#define TEST_EXIT_FAILED	3	/* child: a check failed */
#define TEST_MAX_REPORTS	10	/* failure details printed per test */

static struct test_case *test_list;
static int nr_tests;

static uint64_t run_seed;
static uint64_t rng_state;
static unsigned nr_failures;		/* in the running test */

void test_register(struct test_case *tc)
{
	tc->next = test_list;
	test_list = tc;
	nr_tests++;
}

/* ------------------------------------------------------------------ */
/* Random numbers: splitmix64, one stream per test.                   */

static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t test_seed(void)
{
	return run_seed;
}

uint64_t test_rand_u64(void)
{
	return splitmix64(&rng_state);
}

uint64_t test_rand_below(uint64_t n)
{
	/* The modulo bias is below 2^-32 for the small n tests use. */
	return n ? test_rand_u64() % n : 0;
}

long long test_rand_range(long long lo, long long hi)
{
	return lo + (long long)test_rand_below((uint64_t)(hi - lo) + 1);
}

bool test_rand_chance(unsigned percent)
{
	return test_rand_below(100) < percent;
}

/* FNV-1a, to give each test its own random stream. */
static uint64_t hash_string(uint64_t h, const char *s)
{
	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* ------------------------------------------------------------------ */
/* Failure reports.                                                   */

bool test_failed(void)
{
	return nr_failures != 0;
}

/* Count a failure; whether its details should still be printed. */
static bool note_failure(void)
{
	return ++nr_failures <= TEST_MAX_REPORTS;
}

void test_fail_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (!note_failure())
		return;
	printf("  %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

bool test_check_bool(const char *file, int line, const char *macro,
		     const char *expr, bool value, bool want)
{
	if (value == want)
		return true;
	if (note_failure())
		printf("  %s:%d: %s(%s)\n      is %s\n", file, line, macro,
		       expr, value ? "true" : "false");
	return false;
}

bool test_check_int(const char *file, int line, const char *macro,
		    const char *a_expr, const char *b_expr,
		    long long a, long long b, bool want_equal)
{
	if ((a == b) == want_equal)
		return true;
	if (note_failure())
		printf("  %s:%d: %s(%s, %s)\n"
		       "      left:  %lld (0x%llx)\n"
		       "      right: %lld (0x%llx)\n",
		       file, line, macro, a_expr, b_expr,
		       a, (unsigned long long)a, b, (unsigned long long)b);
	return false;
}

bool test_check_ptr(const char *file, int line, const char *macro,
		    const char *a_expr, const char *b_expr,
		    const void *a, const void *b)
{
	if (a == b)
		return true;
	if (note_failure())
		printf("  %s:%d: %s(%s, %s)\n"
		       "      left:  %p\n"
		       "      right: %p\n",
		       file, line, macro, a_expr, b_expr, a, b);
	return false;
}

/* Print s quoted, with C escapes for anything not printable. */
static void print_quoted(const char *s, size_t n)
{
	putchar('"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c == '\n')
			printf("\\n");
		else if (c == '\t')
			printf("\\t");
		else if (c < 0x20 || c >= 0x7f)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void print_str_side(const char *label, const char *s)
{
	printf("      %s", label);
	if (s)
		print_quoted(s, strlen(s));
	else
		printf("NULL");
	printf("\n");
}

void test_note_str(const char *file, int line, const char *label,
		   const char *s)
{
	if (nr_failures > TEST_MAX_REPORTS)
		return;
	printf("  %s:%d: %s\n", file, line, label);
	print_str_side("", s);
}

bool test_check_str(const char *file, int line, const char *macro,
		    const char *a_expr, const char *b_expr,
		    const char *a, const char *b)
{
	if (a == b || (a && b && strcmp(a, b) == 0))
		return true;
	if (note_failure()) {
		printf("  %s:%d: %s(%s, %s)\n", file, line, macro, a_expr,
		       b_expr);
		print_str_side("left:  ", a);
		print_str_side("right: ", b);
	}
	return false;
}

/* Up to 16 bytes around the first difference, as hex. */
static void print_mem_side(const char *label, const unsigned char *p,
			   size_t from, size_t to)
{
	printf("      %s[%zu..%zu):", label, from, to);
	for (size_t i = from; i < to; i++)
		printf(" %02x", p[i]);
	printf("\n");
}

bool test_check_mem(const char *file, int line, const char *macro,
		    const char *a_expr, const char *b_expr,
		    const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	size_t diff, from, to;

	if (n == 0 || memcmp(a, b, n) == 0)
		return true;
	if (!note_failure())
		return false;
	for (diff = 0; x[diff] == y[diff]; diff++)
		;
	from = diff >= 4 ? diff - 4 : 0;
	to = from + 16 < n ? from + 16 : n;
	printf("  %s:%d: %s(%s, %s, %zu)\n      first difference at byte %zu\n",
	       file, line, macro, a_expr, b_expr, n, diff);
	print_mem_side("left:  ", x, from, to);
	print_mem_side("right: ", y, from, to);
	return false;
}

/* ------------------------------------------------------------------ */
/* The runner.                                                        */

/* "tests/host/test_vsprintf.c" -> "vsprintf" */
static void file_stem(const char *file, char *stem, size_t size)
{
	const char *base = strrchr(file, '/');
	size_t len;

	base = base ? base + 1 : file;
	if (strncmp(base, "test_", 5) == 0)
		base += 5;
	len = strcspn(base, ".");
	snprintf(stem, size, "%.*s", (int)len, base);
}

static void full_name(const struct test_case *tc, char *buf, size_t size)
{
	char stem[128];

	file_stem(tc->file, stem, sizeof(stem));
	snprintf(buf, size, "host.%s.%s", stem, tc->name);
}

static int compare_tests(const void *a, const void *b)
{
	const struct test_case *x = *(struct test_case *const *)a;
	const struct test_case *y = *(struct test_case *const *)b;
	int c = strcmp(x->file, y->file);

	return c ? c : x->line - y->line;
}

/* Run tc in this process; true when every check held. */
static bool run_here(const struct test_case *tc, const char *name)
{
	nr_failures = 0;
	rng_state = hash_string(run_seed ^ 0xcbf29ce484222325ULL, name);
	tc->fn();
	if (nr_failures > TEST_MAX_REPORTS)
		printf("  ... %u more failures not shown\n",
		       nr_failures - TEST_MAX_REPORTS);
	return nr_failures == 0;
}

/* Run tc in a child process; true when it passed. */
static bool run_forked(const struct test_case *tc, const char *name)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("host tests: fork");
		return false;
	}
	if (pid == 0) {
		alarm(TEST_TIMEOUT_S);
		exit(run_here(tc, name) ? 0 : TEST_EXIT_FAILED);
	}
	if (waitpid(pid, &status, 0) < 0) {
		perror("host tests: waitpid");
		return false;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return true;
	if (WIFSIGNALED(status))
		printf("  test process killed by signal %d (%s)%s\n",
		       WTERMSIG(status), strsignal(WTERMSIG(status)),
		       WTERMSIG(status) == SIGALRM ? ": timed out" : "");
	else if (WEXITSTATUS(status) != TEST_EXIT_FAILED)
		printf("  test process exited with status %d "
		       "(sanitizer report on stderr?)\n", WEXITSTATUS(status));
	return false;
}

static uint64_t parse_seed(void)
{
	const char *s = getenv("TEST_SEED");
	char *end;
	uint64_t seed;

	if (!s || !*s)
		return TEST_DEFAULT_SEED;
	seed = strtoull(s, &end, 0);
	if (*end) {
		fprintf(stderr, "host tests: TEST_SEED=%s is not a number\n",
			s);
		exit(2);
	}
	return seed;
}

int main(int argc, char **argv)
{
	const char *filter = argc > 1 ? argv[1] : NULL;
	const char *nofork = getenv("TEST_NOFORK");
	struct test_case **tests, *tc;
	int nr_passed = 0, nr_failed = 0, i = 0;

	/* Failure details and TEST lines must interleave in order. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	run_seed = parse_seed();
	printf("host tests: seed %" PRIu64 "\n", run_seed);

	tests = calloc(nr_tests ? nr_tests : 1, sizeof(*tests));
	if (!tests)
		return 2;
	for (tc = test_list; tc; tc = tc->next)
		tests[i++] = tc;
	qsort(tests, nr_tests, sizeof(*tests), compare_tests);

	for (i = 0; i < nr_tests; i++) {
		char name[256];
		bool ok;

		full_name(tests[i], name, sizeof(name));
		if (filter && !strstr(name, filter))
			continue;
		if (nofork && *nofork && strcmp(nofork, "0") != 0)
			ok = run_here(tests[i], name);
		else
			ok = run_forked(tests[i], name);
		printf("TEST %s %s\n", name, ok ? "PASS" : "FAIL");
		if (ok)
			nr_passed++;
		else
			nr_failed++;
	}
	printf("%d passed, %d failed\n", nr_passed, nr_failed);
	free(tests);
	return nr_failed ? 1 : 0;
}
