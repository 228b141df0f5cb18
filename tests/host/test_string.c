/*
 * tests/host/test_string.c - lib/string.c: memcpy, memmove, memset,
 * memcmp, strlen, strnlen, strcmp, strncmp, strchr, memchr, strstr and
 * strlcpy.
 *
 * Each function is run on random inputs next to the host C library's and
 * must give the same bytes, the same pointer, or a result of the same sign
 * (memcmp and friends only promise the sign).  Inputs include bytes above
 * 0x7f, which must compare as unsigned char, and live in heap blocks of
 * exactly their size, so AddressSanitizer reports any access past the end.
 * strlcpy is not in glibc 2.36, so it is checked against its definition.
 */
#include <stdlib.h>

#include "test.h"
#include "kernel_lib.h"

#define NR_RANDOM	20000
#define MAX_LEN		200
#define POOL_SIZE	(MAX_LEN + 64)

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		abort();
	return p;
}

/* Random bytes, from a small alphabet (to share prefixes) or any value. */
static void random_bytes(unsigned char *p, size_t n, bool small_alphabet)
{
	static const unsigned char small[] = { 'a', 'b', 0x80, 0xff };

	for (size_t i = 0; i < n; i++)
		p[i] = small_alphabet ? small[test_rand_below(sizeof(small))]
				      : (unsigned char)test_rand_u64();
}

/* A NUL-terminated random string of len bytes, in a block of len + 1. */
static char *random_string(size_t len, bool small_alphabet)
{
	char *s = xmalloc(len + 1);

	random_bytes((unsigned char *)s, len, small_alphabet);
	for (size_t i = 0; i < len; i++)
		if (!s[i])
			s[i] = 'z';
	s[len] = '\0';
	return s;
}

static size_t random_len(void)
{
	return test_rand_chance(20) ? test_rand_below(4)
				    : test_rand_below(MAX_LEN + 1);
}

TEST(memcpy_copies_exactly_n_bytes)
{
	unsigned char pool[POOL_SIZE], want[POOL_SIZE];

	for (int i = 0; i < NR_RANDOM && !test_failed(); i++) {
		size_t n = random_len();
		size_t at = test_rand_below(POOL_SIZE - n + 1);
		unsigned char *src = xmalloc(n);

		random_bytes(src, n, false);
		random_bytes(pool, sizeof(pool), false);
		memcpy(want, pool, sizeof(pool));
		memcpy(want + at, src, n);
		EXPECT_PTR_EQ(k_memcpy(pool + at, src, n), pool + at);
		EXPECT_MEMEQ(pool, want, sizeof(pool));

		/* And into a block of exactly n bytes. */
		{
			unsigned char *dst = xmalloc(n);

			k_memcpy(dst, src, n);
			EXPECT_MEMEQ(dst, src, n);
			free(dst);
		}
		free(src);
	}
}

TEST(memmove_overlaps_both_ways)
{
	unsigned char a[POOL_SIZE], b[POOL_SIZE];
	int forward = 0, backward = 0;

	for (int i = 0; i < NR_RANDOM && !test_failed(); i++) {
		size_t n = random_len();
		size_t src = test_rand_below(POOL_SIZE - n + 1);
		size_t dst = test_rand_chance(80) ?
			     /* near src, so the two overlap */
			     (size_t)test_rand_range(
				     src > 8 ? src - 8 : 0,
				     src + 8 < POOL_SIZE - n ? src + 8
							     : POOL_SIZE - n) :
			     test_rand_below(POOL_SIZE - n + 1);

		random_bytes(a, sizeof(a), false);
		memcpy(b, a, sizeof(a));
		EXPECT_PTR_EQ(k_memmove(a + dst, a + src, n), a + dst);
		memmove(b + dst, b + src, n);
		EXPECT_MEMEQ(a, b, sizeof(a));
		if (n && dst < src && dst + n > src)
			forward++;
		if (n && dst > src && src + n > dst)
			backward++;
	}
	/* Both overlapping directions must have been exercised. */
	EXPECT_TRUE(forward > NR_RANDOM / 10);
	EXPECT_TRUE(backward > NR_RANDOM / 10);
}

TEST(memset_stores_low_byte)
{
	unsigned char a[POOL_SIZE], b[POOL_SIZE];

	for (int i = 0; i < NR_RANDOM && !test_failed(); i++) {
		size_t n = random_len();
		size_t at = test_rand_below(POOL_SIZE - n + 1);
		int c = test_rand_range(-300, 600);	/* only (u8)c counts */

		random_bytes(a, sizeof(a), false);
		memcpy(b, a, sizeof(a));
		EXPECT_PTR_EQ(k_memset(a + at, c, n), a + at);
		memset(b + at, c, n);
		EXPECT_MEMEQ(a, b, sizeof(a));
	}
}

TEST(memcmp_sign_matches)
{
	for (int i = 0; i < NR_RANDOM && !test_failed(); i++) {
		size_t n = random_len();
		unsigned char *x = xmalloc(n), *y = xmalloc(n);
		size_t cmp_n = test_rand_below(n + 1);

		random_bytes(x, n, true);
		memcpy(y, x, n);
		if (n && test_rand_chance(70))	/* differ at one place */
			random_bytes(y + test_rand_below(n), 1, false);
		EXPECT_EQ(sign(k_memcmp(x, y, cmp_n)),
			  sign(memcmp(x, y, cmp_n)));
		free(x);
		free(y);
	}
	EXPECT_TRUE(k_memcmp("\x80", "\x7f", 1) > 0);	/* unsigned bytes */
	EXPECT_EQ(k_memcmp(NULL, NULL, 0), 0);
}

TEST(strlen_and_strnlen)
{
	EXPECT_EQ(k_strlen(""), 0);
	EXPECT_EQ(k_strnlen("abc", 0), 0);
	for (int i = 0; i < NR_RANDOM && !test_failed(); i++) {
		size_t len = random_len();
		char *s = random_string(len, false);
		size_t max = test_rand_below(len + 4);

		EXPECT_EQ(k_strlen(s), strlen(s));
		EXPECT_EQ(k_strnlen(s, max), strnlen(s, max));
		EXPECT_EQ(k_strnlen(s, (size_t)-1), len);
		free(s);
	}
	/* strnlen must not read past max when there is no NUL. */
	{
		char *raw = xmalloc(8);

		memset(raw, 'x', 8);
		EXPECT_EQ(k_strnlen(raw, 8), 8);
		EXPECT_EQ(k_strnlen(raw, 5), 5);
		free(raw);
	}
}

TEST(strcmp_and_strncmp_sign_matches)
{
	for (int i = 0; i < NR_RANDOM && !test_failed(); i++) {
		size_t la = test_rand_below(12), lb = test_rand_below(12);
		char *a = random_string(la, true), *b;
		size_t n = test_rand_below(14);

		if (test_rand_chance(30)) {		/* b a prefix of a */
			lb = test_rand_below(la + 1);
			b = xmalloc(lb + 1);
			memcpy(b, a, lb);
			b[lb] = '\0';
		} else {
			b = random_string(lb, true);
		}
		EXPECT_EQ(sign(k_strcmp(a, b)), sign(strcmp(a, b)));
		EXPECT_EQ(sign(k_strcmp(b, a)), sign(strcmp(b, a)));
		EXPECT_EQ(k_strcmp(a, a), 0);
		EXPECT_EQ(sign(k_strncmp(a, b, n)), sign(strncmp(a, b, n)));
		EXPECT_EQ(sign(k_strncmp(b, a, n)), sign(strncmp(b, a, n)));
		free(a);
		free(b);
	}
	EXPECT_TRUE(k_strcmp("\x80", "\x7f") > 0);
	EXPECT_TRUE(k_strncmp("ab\x80", "ab\x7f", 3) > 0);
	EXPECT_EQ(k_strncmp("abc", "abd", 2), 0);
	EXPECT_EQ(k_strncmp("abc", "xyz", 0), 0);
}

TEST(strchr_finds_first_and_nul)
{
	for (int i = 0; i < NR_RANDOM && !test_failed(); i++) {
		size_t len = random_len();
		char *s = random_string(len, true);
		int c;

		switch (test_rand_below(4)) {
		case 0:
			c = len ? (unsigned char)s[test_rand_below(len)] : 'a';
			break;
		case 1:
			c = 0;				/* finds the NUL */
			break;
		case 2:
			c = 'q';			/* absent */
			break;
		default:
			c = test_rand_range(-300, 600);	/* converted to char */
			break;
		}
		EXPECT_PTR_EQ(k_strchr(s, c), strchr(s, c));
		free(s);
	}
}

TEST(memchr_finds_first)
{
	for (int i = 0; i < NR_RANDOM && !test_failed(); i++) {
		size_t n = random_len();
		unsigned char *p = xmalloc(n);
		size_t search_n = test_rand_below(n + 1);
		int c;

		random_bytes(p, n, true);
		if (n && test_rand_chance(50))
			c = p[test_rand_below(n)];
		else if (test_rand_chance(50))
			c = test_rand_range(-300, 600);	/* converted to u8 */
		else
			c = 'q';			/* absent */
		EXPECT_PTR_EQ(k_memchr(p, c, search_n), memchr(p, c, search_n));
		free(p);
	}
	{
		static const char s[] = "a\0b";

		EXPECT_PTR_EQ(k_memchr(s, 'b', 3), s + 2);	/* past a NUL */
		EXPECT_PTR_EQ(k_memchr(s, 'b', 2), NULL);
	}
}

TEST(strstr_finds_first)
{
	for (int i = 0; i < NR_RANDOM && !test_failed(); i++) {
		size_t hl = test_rand_below(20), nl = test_rand_below(5);
		char *h = random_string(hl, true), *n;

		if (test_rand_chance(50) && nl <= hl) {	/* a real substring */
			size_t at = test_rand_below(hl - nl + 1);

			n = xmalloc(nl + 1);
			memcpy(n, h + at, nl);
			n[nl] = '\0';
		} else {
			n = random_string(nl, true);
		}
		EXPECT_PTR_EQ(k_strstr(h, n), strstr(h, n));
		free(h);
		free(n);
	}
	{
		const char *s = "mm.slub.alloc";

		EXPECT_PTR_EQ(k_strstr(s, "slub"), s + 3);
		EXPECT_PTR_EQ(k_strstr(s, ""), s);
		EXPECT_PTR_EQ(k_strstr(s, "slab"), NULL);
		EXPECT_PTR_EQ(k_strstr(s, "alloc!"), NULL);
	}
}

TEST(strlcpy_truncates_and_terminates)
{
	for (int i = 0; i < NR_RANDOM && !test_failed(); i++) {
		size_t len = random_len();
		char *src = random_string(len, false);
		size_t size = test_rand_chance(50) ? test_rand_below(len + 3)
						   : test_rand_below(4);
		char *dst = xmalloc(size);	/* exactly size bytes */
		size_t copied = size ? (len < size ? len : size - 1) : 0;

		EXPECT_EQ(k_strlcpy(dst, src, size), len);
		if (size) {
			EXPECT_MEMEQ(dst, src, copied);
			EXPECT_EQ(dst[copied], '\0');
		}
		free(dst);
		free(src);
	}
	{
		char buf[6] = "XXXXX";

		EXPECT_EQ(k_strlcpy(buf, "hello world", sizeof(buf)), 11);
		EXPECT_STREQ(buf, "hello");
		EXPECT_EQ(k_strlcpy(buf, "hi", sizeof(buf)), 2);
		EXPECT_STREQ(buf, "hi");
		EXPECT_EQ(k_strlcpy(buf, "abc", 0), 3);
		EXPECT_STREQ(buf, "hi");		/* size 0: untouched */
	}
}
