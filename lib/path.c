/*
 * lib/path.c - path_next(): one component of a path name at a time,
 * for the VFS's path walk (fs/namei.c).  Owns nothing; pure, so the host
 * tests run it (tests/host/test_path.c).
 * Linux: the component loop of link_path_walk() in fs/namei.c.
 */
#include <mneme/path.h>

static const char *skip_slashes(const char *p)
{
	while (*p == '/')
		p++;
	return p;
}

int path_next(const char **p, struct path_component *c)
{
	const char *s = skip_slashes(*p), *e = s, *rest;

	if (!*s) {
		*p = s;
		return 0;
	}
	while (*e && *e != '/')
		e++;
	rest = skip_slashes(e);
	c->name = s;
	c->len = (size_t)(e - s);
	c->last = !*rest;
	c->trailing_slash = c->last && rest != e;
	*p = rest;
	return 1;
}
