/*
 * path.h - splitting a path name into its components (lib/path.c).
 *
 *	const char *p = "/usr//bin/";
 *	struct path_component c;
 *
 *	while (path_next(&p, &c))
 *		use(c.name, c.len);	"usr" (3), then "bin" (3, last, trailing slash)
 *
 * Slashes in a row count as one; a leading slash is the caller's business
 * (path_is_absolute()).  Pure code: tests/host/test_path.c runs it
 * against a reference splitter.
 */
#ifndef MNEME_PATH_H
#define MNEME_PATH_H

#include <mneme/types.h>

struct path_component {
	const char *name;	/* not NUL-terminated: name[0..len) */
	size_t len;
	bool last;		/* nothing but slashes follows */
	bool trailing_slash;	/* last, and at least one slash follows */
};

/* The next component into *c and advance *p past it: 1, or 0 at the end. */
int path_next(const char **p, struct path_component *c);

static inline bool path_is_absolute(const char *path)
{
	return path[0] == '/';
}

/* "." and "..", which a walk does not look up. */
static inline bool path_is_dot(const struct path_component *c)
{
	return c->len == 1 && c->name[0] == '.';
}
static inline bool path_is_dotdot(const struct path_component *c)
{
	return c->len == 2 && c->name[0] == '.' && c->name[1] == '.';
}

#endif
