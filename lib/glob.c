/*
 * lib/glob.c - match a string against a shell wildcard pattern.
 *
 * Used by ktest=PATTERN.  '*' matches any run of characters, '?' any one,
 * '[abc]', '[a-z]' and '[!x]' (or '[^x]') a set.  Iterative with one
 * backtrack point for the last '*', so it runs in O(len(pattern) *
 * len(str)) and never recurses.  Corresponds to Linux lib/glob.c.
 */
#include <mneme/glob.h>

/*
 * Match c against the set whose text starts at p, just after the '['.
 * Returns 1 or 0 and points *end past the closing ']'; returns -1 when
 * there is no closing ']', and then the '[' is an ordinary character (as
 * in fnmatch(3) and Linux).  A ']' right after "[" or "[!" is a member,
 * and so is a '-' first or last.
 */
static int match_set(const char *p, unsigned char c, const char **end)
{
	bool negate = (*p == '!' || *p == '^');
	bool hit = false;

	if (negate)
		p++;
	do {
		unsigned char lo = *p, hi = lo;

		if (!lo)
			return -1;
		if (p[1] == '-' && p[2] && p[2] != ']') {
			hi = p[2];
			p += 2;
		}
		if (c >= lo && c <= hi)
			hit = true;
		p++;
	} while (*p != ']');
	*end = p + 1;
	return hit != negate;
}

/* Whether the one-character pattern item at pat (not '*') matches c. */
static bool match_one(const char *pat, char c, const char **next)
{
	*next = pat + 1;
	if (*pat == '?')
		return true;
	if (*pat == '[') {
		int hit = match_set(pat + 1, c, next);

		if (hit >= 0)
			return hit;
		*next = pat + 1;	/* unclosed: a literal '[' */
	}
	return *pat == c;
}

bool glob_match(const char *pat, const char *str)
{
	const char *star_p = NULL, *star_s = NULL;

	while (*str) {
		const char *next;

		if (*pat == '*') {
			star_p = ++pat;
			star_s = str;
			continue;
		}
		if (*pat && match_one(pat, *str, &next)) {
			pat = next;
			str++;
			continue;
		}
		if (!star_p)
			return false;
		pat = star_p;		/* let the last '*' eat one more char */
		str = ++star_s;
	}
	while (*pat == '*')
		pat++;
	return *pat == '\0';
}
