/*
 * tests/host/test_path.c - lib/path.c: path_next(), the path walk's
 * component splitter.
 *
 * Fixed cases show what a walk meets: runs of slashes, a trailing slash,
 * "." and "..", the empty path.  The randomised test splits random paths
 * over the alphabet { '/', 'a', 'b', '.' } with path_next() and with a
 * reference written the obvious other way (strtok_r on a copy, then a
 * look at the last byte), and compares every component, its length and
 * its last and trailing_slash flags; each path sits in a buffer of
 * exactly its size so AddressSanitizer sees any read past the NUL.
 */
#include <stdlib.h>

#include "test.h"
#include "kernel_lib.h"
#include <mneme/path.h>

#define NR_RANDOM	100000
#define MAX_LEN		24
#define MAX_PARTS	(MAX_LEN / 2 + 1)

/* Split path into "name,name,...", with "!" after the last and "/" if it had a trailing slash. */
static void split(const char *path, char *out, size_t size)
{
	struct path_component c;
	const char *p = path;

	out[0] = '\0';
	while (path_next(&p, &c)) {
		snprintf(out + strlen(out), size - strlen(out), "%s%.*s%s%s",
			 out[0] ? "," : "", (int)c.len, c.name, c.last ? "!" : "",
			 c.trailing_slash ? "/" : "");
	}
}

#define SPLITS(path, want) do {						\
	char got[256];							\
	split(path, got, sizeof(got));					\
	EXPECT_STREQ(got, want);					\
} while (0)

TEST(fixed_cases)
{
	SPLITS("", "");
	SPLITS("/", "");
	SPLITS("///", "");
	SPLITS("a", "a!");
	SPLITS("/bin/sh", "bin,sh!");
	SPLITS("//usr///bin//", "usr,bin!/");
	SPLITS("a/", "a!/");
	SPLITS("./..", ".,..!");
	SPLITS("../a/./", "..,a,.!/");
}

/* The reference: strtok_r over a copy; the trailing slash from the last byte. */
static void reference_split(const char *path, char *out, size_t size)
{
	char copy[MAX_LEN + 1], *save, *tok, *parts[MAX_PARTS];
	int n = 0;
	size_t len = strlen(path);

	strcpy(copy, path);
	for (tok = strtok_r(copy, "/", &save); tok; tok = strtok_r(NULL, "/", &save))
		parts[n++] = tok;
	out[0] = '\0';
	for (int i = 0; i < n; i++)
		snprintf(out + strlen(out), size - strlen(out), "%s%s%s%s", i ? "," : "",
			 parts[i], i == n - 1 ? "!" : "",
			 i == n - 1 && path[len - 1] == '/' ? "/" : "");
}

TEST(matches_reference_random)
{
	static const char alphabet[] = "/ab.";
	for (int iter = 0; iter < NR_RANDOM && !test_failed(); iter++) {
		size_t len = (size_t)test_rand_below(MAX_LEN + 1);
		char *path = malloc(len + 1), got[256], want[256];

		for (size_t i = 0; i < len; i++)
			path[i] = alphabet[test_rand_below(4)];
		path[len] = '\0';
		split(path, got, sizeof(got));
		reference_split(path, want, sizeof(want));
		if (strcmp(got, want))
			TEST_FAIL("path \"%s\": path_next gives \"%s\", the reference \"%s\"",
				  path, got, want);
		free(path);
	}
}
