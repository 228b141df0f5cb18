/*
 * lib/glob.c - match a string against a shell wildcard pattern.
 *
 * Used by ktest=PATTERN.  '*' matches any run of characters, '?' any one,
 * '[abc]', '[a-z]' and '[!x]' (or '[^x]') a set.  Iterative with one
 * backtrack point for the last '*', so it runs in O(len(pattern) *
 * len(str)) and never recurses.  Corresponds to Linux lib/glob.c.
 */
#include <mneme/glob.h>

/* Match c against the set starting after '['; *end gets the ']' + 1. */
static bool match_set(const char *p, char c, const char **end)
{
	bool negate = (*p == '!' || *p == '^');
	bool hit = false;

	if (negate)
		p++;
	do {
		char lo = *p, hi = lo;

		if (p[1] == '-' && p[2] && p[2] != ']') {
			hi = p[2];
			p += 2;
		}
		if (c >= lo && c <= hi)
			hit = true;
		p++;
	} while (*p && *p != ']');
	*end = *p ? p + 1 : p;
	return hit != negate;
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
		if (*pat == '?' ||
		    (*pat == '[' && pat[1] && match_set(pat + 1, *str, &next)) ||
		    (*pat != '[' && *pat == *str)) {
			pat = (*pat == '[') ? next : pat + 1;
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
