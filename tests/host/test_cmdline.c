/*
 * tests/host/test_cmdline.c - lib/cmdline.c: cmdline_parse, cmdline_get,
 * cmdline_has and cmdline_parse_u64.
 *
 * Fixed cases cover flags, key=value, repeated keys, quoting, empty and
 * '='-holding values, odd whitespace, empty and NULL text and both -E2BIG
 * limits (words and bytes), where only complete words may be kept.  A
 * randomised round trip builds random words, joins them into a command
 * line with random quoting and whitespace, parses it and compares against
 * the words it started from, including what must be kept when the line is
 * too long.  cmdline_parse_u64 is checked on edge values and on random
 * numbers printed in decimal and hex.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#include "test.h"
#include "kernel_lib.h"

/* Every key and value must point into cl->buf (the header's invariant). */
static bool inside_buf(const struct cmdline *cl, const char *p)
{
	return p >= cl->buf && p < cl->buf + CMDLINE_MAX;
}

static void check_invariants(const char *file, int line,
			     const struct cmdline *cl)
{
	test_check_bool(file, line, "CHECK", "0 <= nr_words <= MAX",
			cl->nr_words >= 0 &&
			cl->nr_words <= CMDLINE_MAX_WORDS, true);
	for (int i = 0; i < cl->nr_words; i++) {
		const struct cmdline_word *w = &cl->words[i];

		test_check_bool(file, line, "CHECK", "key inside buf",
				inside_buf(cl, w->key), true);
		if (w->value)
			test_check_bool(file, line, "CHECK", "value inside buf",
					inside_buf(cl, w->value), true);
	}
}

#define CHECK_INVARIANTS(cl) check_invariants(__FILE__, __LINE__, cl)

TEST(flags)
{
	struct cmdline cl;

	EXPECT_EQ(cmdline_parse(&cl, "pftrace quiet"), 0);
	CHECK_INVARIANTS(&cl);
	ASSERT_EQ(cl.nr_words, 2);
	EXPECT_STREQ(cl.words[0].key, "pftrace");
	EXPECT_PTR_EQ(cl.words[0].value, NULL);
	EXPECT_STREQ(cl.words[1].key, "quiet");
	EXPECT_PTR_EQ(cl.words[1].value, NULL);
	EXPECT_TRUE(cmdline_has(&cl, "pftrace"));
	EXPECT_TRUE(cmdline_has(&cl, "quiet"));
	EXPECT_FALSE(cmdline_has(&cl, "quie"));
	EXPECT_FALSE(cmdline_has(&cl, "quiet2"));
	EXPECT_PTR_EQ(cmdline_get(&cl, "pftrace"), NULL);
	EXPECT_PTR_EQ(cmdline_get(&cl, "absent"), NULL);
}

TEST(key_value)
{
	struct cmdline cl;

	EXPECT_EQ(cmdline_parse(&cl, "loglevel=7 root=/dev/sda1 ktest=mm.*"),
		  0);
	CHECK_INVARIANTS(&cl);
	ASSERT_EQ(cl.nr_words, 3);
	EXPECT_STREQ(cl.words[0].key, "loglevel");
	EXPECT_STREQ(cl.words[0].value, "7");
	EXPECT_STREQ(cmdline_get(&cl, "loglevel"), "7");
	EXPECT_STREQ(cmdline_get(&cl, "root"), "/dev/sda1");
	EXPECT_STREQ(cmdline_get(&cl, "ktest"), "mm.*");
	EXPECT_TRUE(cmdline_has(&cl, "root"));
	EXPECT_PTR_EQ(cmdline_get(&cl, "loglevel=7"), NULL);
}

TEST(last_value_wins)
{
	struct cmdline cl;

	EXPECT_EQ(cmdline_parse(&cl, "loglevel=3 quiet loglevel=7 x=1"), 0);
	ASSERT_EQ(cl.nr_words, 4);
	EXPECT_STREQ(cmdline_get(&cl, "loglevel"), "7");
	EXPECT_STREQ(cl.words[0].value, "3");	/* every word is kept */
}

TEST(quoted_values)
{
	struct cmdline cl;

	EXPECT_EQ(cmdline_parse(&cl, "init=\"/bin/sh -x\" quiet"), 0);
	CHECK_INVARIANTS(&cl);
	ASSERT_EQ(cl.nr_words, 2);
	EXPECT_STREQ(cmdline_get(&cl, "init"), "/bin/sh -x");
	EXPECT_STREQ(cl.words[1].key, "quiet");

	/* Quotes may open and close anywhere; they are removed. */
	EXPECT_EQ(cmdline_parse(&cl, "a=b\" c \"d e"), 0);
	ASSERT_EQ(cl.nr_words, 2);
	EXPECT_STREQ(cmdline_get(&cl, "a"), "b c d");
	EXPECT_STREQ(cl.words[1].key, "e");

	/* An '=' inside quotes does not split. */
	EXPECT_EQ(cmdline_parse(&cl, "\"a=b\"=c \"x=y\""), 0);
	ASSERT_EQ(cl.nr_words, 2);
	EXPECT_STREQ(cl.words[0].key, "a=b");
	EXPECT_STREQ(cl.words[0].value, "c");
	EXPECT_STREQ(cl.words[1].key, "x=y");
	EXPECT_PTR_EQ(cl.words[1].value, NULL);

	/* Tabs inside quotes are kept too; "" is an empty value. */
	EXPECT_EQ(cmdline_parse(&cl, "msg=\"a\tb\" e=\"\""), 0);
	ASSERT_EQ(cl.nr_words, 2);
	EXPECT_STREQ(cmdline_get(&cl, "msg"), "a\tb");
	EXPECT_STREQ(cmdline_get(&cl, "e"), "");

	/* An unclosed quote runs to the end of the line. */
	EXPECT_EQ(cmdline_parse(&cl, "a=\"x y"), 0);
	ASSERT_EQ(cl.nr_words, 1);
	EXPECT_STREQ(cmdline_get(&cl, "a"), "x y");
}

TEST(empty_value_and_equals_in_value)
{
	struct cmdline cl;

	EXPECT_EQ(cmdline_parse(&cl, "key= opts=a=b,c=d =v"), 0);
	CHECK_INVARIANTS(&cl);
	ASSERT_EQ(cl.nr_words, 3);
	EXPECT_STREQ(cl.words[0].key, "key");
	EXPECT_STREQ(cl.words[0].value, "");	/* empty, not NULL */
	EXPECT_TRUE(cmdline_has(&cl, "key"));
	EXPECT_STREQ(cmdline_get(&cl, "key"), "");
	EXPECT_STREQ(cmdline_get(&cl, "opts"), "a=b,c=d");
	EXPECT_STREQ(cl.words[2].key, "");
	EXPECT_STREQ(cl.words[2].value, "v");
}

TEST(extra_whitespace)
{
	struct cmdline cl;

	EXPECT_EQ(cmdline_parse(&cl, "  \t a=1 \t\n  b \r\n"), 0);
	ASSERT_EQ(cl.nr_words, 2);
	EXPECT_STREQ(cl.words[0].key, "a");
	EXPECT_STREQ(cl.words[0].value, "1");
	EXPECT_STREQ(cl.words[1].key, "b");
	EXPECT_PTR_EQ(cl.words[1].value, NULL);
}

TEST(empty_and_null_text)
{
	struct cmdline cl;

	memset(&cl, 0x55, sizeof(cl));
	EXPECT_EQ(cmdline_parse(&cl, ""), 0);
	EXPECT_EQ(cl.nr_words, 0);
	EXPECT_FALSE(cmdline_has(&cl, ""));

	memset(&cl, 0x55, sizeof(cl));
	EXPECT_EQ(cmdline_parse(&cl, NULL), 0);
	EXPECT_EQ(cl.nr_words, 0);
	EXPECT_PTR_EQ(cmdline_get(&cl, "a"), NULL);

	EXPECT_EQ(cmdline_parse(&cl, " \t\n\r "), 0);
	EXPECT_EQ(cl.nr_words, 0);
}

/* "w0 w1 ... w<n-1>" */
static void numbered_words(char *text, size_t size, int n)
{
	size_t at = 0;

	text[0] = '\0';
	for (int i = 0; i < n; i++)
		at += snprintf(text + at, size - at, "%sw%d", i ? " " : "", i);
}

TEST(too_many_words_keeps_what_fits)
{
	struct cmdline cl;
	char text[CMDLINE_MAX];
	char name[16];

	numbered_words(text, sizeof(text), CMDLINE_MAX_WORDS);
	EXPECT_EQ(cmdline_parse(&cl, text), 0);
	EXPECT_EQ(cl.nr_words, CMDLINE_MAX_WORDS);

	numbered_words(text, sizeof(text), CMDLINE_MAX_WORDS + 6);
	EXPECT_EQ(cmdline_parse(&cl, text), -E2BIG);
	CHECK_INVARIANTS(&cl);
	ASSERT_EQ(cl.nr_words, CMDLINE_MAX_WORDS);
	for (int i = 0; i < CMDLINE_MAX_WORDS; i++) {
		snprintf(name, sizeof(name), "w%d", i);
		EXPECT_STREQ(cl.words[i].key, name);
	}
	EXPECT_TRUE(cmdline_has(&cl, "w63"));
	EXPECT_FALSE(cmdline_has(&cl, "w64"));
}

TEST(too_long_text_keeps_only_whole_words)
{
	static char text[3 * CMDLINE_MAX];
	struct cmdline cl;

	/* One word of CMDLINE_MAX - 1 bytes fits (its NUL takes the last). */
	memset(text, 'k', CMDLINE_MAX - 1);
	text[CMDLINE_MAX - 1] = '\0';
	EXPECT_EQ(cmdline_parse(&cl, text), 0);
	ASSERT_EQ(cl.nr_words, 1);
	EXPECT_EQ(strlen(cl.words[0].key), CMDLINE_MAX - 1);

	/* A full buffer takes no more words, not even an empty "" one. */
	strcpy(text + CMDLINE_MAX - 1, " \"\"");
	EXPECT_EQ(cmdline_parse(&cl, text), -E2BIG);
	ASSERT_EQ(cl.nr_words, 1);
	EXPECT_EQ(strlen(cl.words[0].key), CMDLINE_MAX - 1);

	/* One byte more does not fit; a cut word is not kept. */
	memset(text, 'k', CMDLINE_MAX);
	text[CMDLINE_MAX] = '\0';
	EXPECT_EQ(cmdline_parse(&cl, text), -E2BIG);
	EXPECT_EQ(cl.nr_words, 0);

	/* Same at the end of a line, after words that fit. */
	memcpy(text, "a b=1 ", 6);
	memset(text + 6, 'k', 2 * CMDLINE_MAX);
	text[6 + 2 * CMDLINE_MAX] = '\0';
	EXPECT_EQ(cmdline_parse(&cl, text), -E2BIG);
	CHECK_INVARIANTS(&cl);
	ASSERT_EQ(cl.nr_words, 2);
	EXPECT_STREQ(cl.words[0].key, "a");
	EXPECT_STREQ(cmdline_get(&cl, "b"), "1");

	/* A value cut inside quotes, just before a quoted space. */
	memcpy(text, "v=\"", 3);
	memset(text + 3, 'x', CMDLINE_MAX - 3);
	strcpy(text + CMDLINE_MAX - 1, " y\" z");
	EXPECT_EQ(cmdline_parse(&cl, text), -E2BIG);
	CHECK_INVARIANTS(&cl);
	EXPECT_EQ(cl.nr_words, 0);
	EXPECT_PTR_EQ(cmdline_get(&cl, "v"), NULL);
}

/* ------------------------------------------------------------------ */
/* Random round trip.                                                 */

#define NR_ROUND_TRIPS	20000
#define MAX_GEN_WORDS	(CMDLINE_MAX_WORDS + 8)

struct gen_word {
	char key[16];
	char value[48];
	bool has_value;
};

static const char *const key_pool[] = {
	"loglevel", "quiet", "init", "root", "ktest", "pftrace", "mem",
	"console", "a", "x.y", "swap", "k_9",
};

#define NR_KEYS (sizeof(key_pool) / sizeof(key_pool[0]))

/* long_values: so that the byte limit is reached, not only the count. */
static void random_word(struct gen_word *w, bool long_values)
{
	static const char value_chars[] = "abz09/.,-_=: \t";
	size_t len = test_rand_below(long_values ? sizeof(w->value) : 10);

	strcpy(w->key, key_pool[test_rand_below(NR_KEYS)]);
	w->has_value = test_rand_chance(60);
	for (size_t i = 0; i < len; i++)
		w->value[i] =
			value_chars[test_rand_below(sizeof(value_chars) - 1)];
	w->value[len] = '\0';
}

static size_t append_space(char *text, size_t at)
{
	static const char spaces[] = " \t\n\r";
	int n = 1 + test_rand_below(3);

	while (n--)
		text[at++] = spaces[test_rand_below(sizeof(spaces) - 1)];
	return at;
}

/*
 * Write the word, quoting a stretch of its value that covers every space
 * in it (or, when it has none, a random stretch or nothing).
 */
static size_t append_word(char *text, size_t at, const struct gen_word *w)
{
	size_t len = strlen(w->value), first = len, last = 0, qa, qb;

	at += sprintf(text + at, "%s", w->key);
	if (!w->has_value)
		return at;
	text[at++] = '=';
	for (size_t i = 0; i < len; i++) {
		if (w->value[i] == ' ' || w->value[i] == '\t') {
			if (first == len)
				first = i;
			last = i + 1;
		}
	}
	if (first == len && test_rand_chance(70)) {
		memcpy(text + at, w->value, len);
		return at + len;
	}
	if (first == len)
		first = last = test_rand_below(len + 1);
	qa = test_rand_below(first + 1);		/* quote opens here */
	qb = last + test_rand_below(len - last + 1);	/* and closes here */
	memcpy(text + at, w->value, qa);
	at += qa;
	text[at++] = '"';
	memcpy(text + at, w->value + qa, qb - qa);
	at += qb - qa;
	text[at++] = '"';
	memcpy(text + at, w->value + qb, len - qb);
	return at + len - qb;
}

/* Bytes the parser needs for w in cl->buf: key, NUL, value, NUL. */
static size_t word_bytes(const struct gen_word *w)
{
	return strlen(w->key) + 1 + (w->has_value ? strlen(w->value) + 1 : 0);
}

static void round_trip_once(void)
{
	static struct gen_word words[MAX_GEN_WORDS];
	static char text[MAX_GEN_WORDS * 128];
	static struct cmdline cl;
	int nr = test_rand_below(MAX_GEN_WORDS + 1), expect_nr = 0;
	size_t at = 0, used = 0;
	int expect_ret = 0;
	bool long_values = test_rand_chance(30);

	if (test_rand_chance(50))
		at = append_space(text, at);
	for (int i = 0; i < nr; i++) {
		random_word(&words[i], long_values);
		if (i)
			at = append_space(text, at);
		at = append_word(text, at, &words[i]);
	}
	if (test_rand_chance(50))
		at = append_space(text, at);
	text[at] = '\0';

	/* The model: whole words, in order, while both limits allow. */
	for (int i = 0; i < nr; i++) {
		used += word_bytes(&words[i]);
		if (i == CMDLINE_MAX_WORDS || used > CMDLINE_MAX) {
			expect_ret = -E2BIG;
			break;
		}
		expect_nr++;
	}

	EXPECT_EQ(cmdline_parse(&cl, text), expect_ret);
	CHECK_INVARIANTS(&cl);
	EXPECT_EQ(cl.nr_words, expect_nr);
	for (int i = 0; i < expect_nr && i < cl.nr_words; i++) {
		EXPECT_STREQ(cl.words[i].key, words[i].key);
		if (words[i].has_value)
			EXPECT_STREQ(cl.words[i].value, words[i].value);
		else
			EXPECT_PTR_EQ(cl.words[i].value, NULL);
	}
	for (size_t k = 0; k < NR_KEYS; k++) {
		const struct gen_word *last = NULL;

		for (int i = 0; i < expect_nr; i++)
			if (strcmp(words[i].key, key_pool[k]) == 0)
				last = &words[i];
		EXPECT_EQ(cmdline_has(&cl, key_pool[k]), last != NULL);
		if (last && last->has_value)
			EXPECT_STREQ(cmdline_get(&cl, key_pool[k]),
				     last->value);
		else
			EXPECT_PTR_EQ(cmdline_get(&cl, key_pool[k]), NULL);
	}
	if (test_failed())
		TEST_NOTE_STR("the command line was", text);
}

TEST(random_round_trip)
{
	for (int i = 0; i < NR_ROUND_TRIPS && !test_failed(); i++)
		round_trip_once();
}

/* ------------------------------------------------------------------ */
/* cmdline_parse_u64                                                  */

#define UNTOUCHED 0x5a5a5a5a5a5a5a5aULL	/* *out must keep it on error */

static void check_u64(const char *file, int line, const char *s,
		      int expect_ret, u64 expect)
{
	const char *shown = s ? s : "NULL";
	u64 v = UNTOUCHED;

	test_check_int(file, line, "cmdline_parse_u64", shown,
		       "expected return", cmdline_parse_u64(s, &v), expect_ret,
		       true);
	test_check_int(file, line, "cmdline_parse_u64", shown, "expected value",
		       (long long)v,
		       (long long)(expect_ret ? UNTOUCHED : expect),
		       true);
}

#define CHECK_U64(s, ret, v) check_u64(__FILE__, __LINE__, s, ret, v)

TEST(parse_u64_decimal_and_hex)
{
	CHECK_U64("0", 0, 0);
	CHECK_U64("42", 0, 42);
	CHECK_U64("007", 0, 7);			/* decimal, not octal */
	CHECK_U64("18446744073709551615", 0, UINT64_MAX);
	CHECK_U64("0x10", 0, 16);
	CHECK_U64("0XfF", 0, 255);
	CHECK_U64("0x0", 0, 0);
	CHECK_U64("0xffffffffffffffff", 0, UINT64_MAX);
	CHECK_U64("0x00000000000000000001", 0, 1);
}

TEST(parse_u64_overflow)
{
	CHECK_U64("18446744073709551616", -EINVAL, 0);
	CHECK_U64("18446744073709551620", -EINVAL, 0);
	CHECK_U64("99999999999999999999", -EINVAL, 0);
	CHECK_U64("0x10000000000000000", -EINVAL, 0);
	CHECK_U64("0x1ffffffffffffffff", -EINVAL, 0);
}

TEST(parse_u64_garbage)
{
	CHECK_U64(NULL, -EINVAL, 0);
	CHECK_U64("", -EINVAL, 0);
	CHECK_U64("0x", -EINVAL, 0);
	CHECK_U64("12a", -EINVAL, 0);
	CHECK_U64("abc", -EINVAL, 0);		/* hex needs 0x */
	CHECK_U64("-1", -EINVAL, 0);
	CHECK_U64("+1", -EINVAL, 0);
	CHECK_U64(" 1", -EINVAL, 0);
	CHECK_U64("1 ", -EINVAL, 0);
	CHECK_U64("0x-1", -EINVAL, 0);
	CHECK_U64("0xg", -EINVAL, 0);
	CHECK_U64("1k", -EINVAL, 0);
	CHECK_U64("0b101", -EINVAL, 0);
}

TEST(parse_u64_random)
{
	char s[64];

	for (int i = 0; i < 20000 && !test_failed(); i++) {
		u64 v = test_rand_u64() >> test_rand_below(64), got = 0;
		bool hex = test_rand_chance(50), overflow;
		unsigned long long ref;

		snprintf(s, sizeof(s), hex ? "0x%" PRIx64 : "%" PRIu64, v);
		EXPECT_EQ(cmdline_parse_u64(s, &got), 0);
		EXPECT_EQ(got, v);

		/* One more digit overflows exactly when strtoull says so. */
		snprintf(s, sizeof(s),
			 hex ? "0x%" PRIx64 "%d" : "%" PRIu64 "%d",
			 v, (int)test_rand_below(10));
		errno = 0;
		ref = strtoull(s, NULL, hex ? 16 : 10);
		overflow = (errno == ERANGE);
		got = 0;
		EXPECT_EQ(cmdline_parse_u64(s, &got), overflow ? -EINVAL : 0);
		if (!overflow)
			EXPECT_EQ(got, ref);
		if (test_failed())
			TEST_NOTE_STR("the input was", s);
	}
}

static void check_size(const char *file, int line, const char *s, int want_ret,
		       uint64_t want)
{
	uint64_t v = 0xdead;
	int ret = cmdline_parse_size(s, &v);

	test_check_int(file, line, "CHECK_SIZE", "ret", "want_ret", ret,
		       want_ret, true);
	if (want_ret == 0)
		test_check_int(file, line, "CHECK_SIZE", "bytes", "want",
			       (long long)v, (long long)want, true);
}
#define CHECK_SIZE(s, ret, want) check_size(__FILE__, __LINE__, s, ret, want)

TEST(parse_size_suffixes)
{
	CHECK_SIZE("65536", 0, 65536);
	CHECK_SIZE("64k", 0, 65536);
	CHECK_SIZE("64K", 0, 65536);
	CHECK_SIZE("512M", 0, 512ULL << 20);
	CHECK_SIZE("4G", 0, 4ULL << 30);
	CHECK_SIZE("0x10M", 0, 16ULL << 20);
	CHECK_SIZE("", -EINVAL, 0);
	CHECK_SIZE(NULL, -EINVAL, 0);
	CHECK_SIZE("M", -EINVAL, 0);
	CHECK_SIZE("12X", -EINVAL, 0);
	CHECK_SIZE("17179869184G", -EINVAL, 0);	/* 2^34 G overflows */
}
