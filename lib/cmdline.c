/*
 * lib/cmdline.c - split a command line into flag and key=value words.
 *
 * Invariant after cmdline_parse(): every words[i].key (and value, when not
 * NULL) points into cl->buf, NUL-terminated; nr_words <= CMDLINE_MAX_WORDS.
 * Pure C, tested on the host (tests/host/test_cmdline.c).  Linux does the
 * same job in kernel/params.c:parse_args() with lib/cmdline.c helpers.
 */
#include <mneme/cmdline.h>
#include <mneme/string.h>
#include <uapi/errno.h>

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Copy one word starting at *src into dst, removing double quotes, and
 * split it at the first '=' outside quotes.  Returns bytes used in dst,
 * or 0 when the word does not fit in room (a cut word is never kept: a
 * shortened value such as mem=10 for mem=1024M would be wrong, not short).
 */
static size_t take_word(const char **src, char *dst, size_t room,
			struct cmdline_word *w)
{
	const char *s = *src;
	bool quoted = false;
	size_t n = 0;

	w->key = dst;
	w->value = NULL;
	while (*s && (quoted || !is_space(*s))) {
		char c = *s++;

		if (c == '"') {
			quoted = !quoted;
			continue;
		}
		if (n + 1 >= room)
			return 0;
		if (c == '=' && !quoted && !w->value) {
			dst[n++] = '\0';
			w->value = dst + n;
			continue;
		}
		dst[n++] = c;
	}
	dst[n++] = '\0';
	*src = s;
	return n;
}

int cmdline_parse(struct cmdline *cl, const char *text)
{
	size_t used = 0, n;

	cl->nr_words = 0;
	cl->buf[0] = '\0';
	if (!text)
		return 0;
	for (;;) {
		while (is_space(*text))
			text++;
		if (!*text)
			return 0;
		if (cl->nr_words == CMDLINE_MAX_WORDS || used + 2 > CMDLINE_MAX)
			return -E2BIG;
		n = take_word(&text, cl->buf + used, CMDLINE_MAX - used,
			      &cl->words[cl->nr_words]);
		if (!n)
			return -E2BIG;
		used += n;
		cl->nr_words++;
	}
}

static const struct cmdline_word *find_last(const struct cmdline *cl,
					    const char *key)
{
	for (int i = cl->nr_words - 1; i >= 0; i--)
		if (strcmp(cl->words[i].key, key) == 0)
			return &cl->words[i];
	return NULL;
}

const char *cmdline_get(const struct cmdline *cl, const char *key)
{
	const struct cmdline_word *w = find_last(cl, key);

	return w ? w->value : NULL;
}

bool cmdline_has(const struct cmdline *cl, const char *key)
{
	return find_last(cl, key) != NULL;
}

int cmdline_parse_u64(const char *s, u64 *out)
{
	unsigned base = 10;
	u64 v = 0;

	if (!s || !*s)
		return -EINVAL;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		if (!*s)
			return -EINVAL;
	}
	for (; *s; s++) {
		unsigned d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return -EINVAL;
		if (v > (~0ULL - d) / base)
			return -EINVAL;	/* overflow */
		v = v * base + d;
	}
	*out = v;
	return 0;
}

/* A size with an optional K, M or G suffix (powers of 1024), as mem= takes. */
int cmdline_parse_size(const char *s, u64 *bytes)
{
	char digits[24];
	size_t len = s ? strlen(s) : 0;
	unsigned int shift = 0;
	u64 v;

	if (!len || len >= sizeof(digits))
		return -EINVAL;
	switch (s[len - 1]) {
	case 'k': case 'K': shift = 10; break;
	case 'm': case 'M': shift = 20; break;
	case 'g': case 'G': shift = 30; break;
	}
	memcpy(digits, s, len);
	digits[shift ? len - 1 : len] = '\0';
	if (cmdline_parse_u64(digits, &v) || v > (~0ULL >> shift))
		return -EINVAL;
	*bytes = v << shift;
	return 0;
}
