/*
 * fs/binfmt_script.c - "#!" scripts: a file that starts with
 *
 *	#!/bin/sh -e
 *
 * runs as the interpreter with argv [interpreter, optional argument,
 * script path, the script's argv[1]...].  The optional argument is the
 * rest of the line after the interpreter's name, spaces and tabs around
 * it trimmed, as one word (Linux does the same; it is not split).  The
 * line is read from the first BINPRM_BUF_SIZE bytes; an interpreter name
 * cut off by that limit is -ENOEXEC, as in Linux 5.0 and later.
 * fs/exec.c builds the new argv and runs the interpreter, one level deep
 * (an interpreter that is itself a script is -ELOOP; Linux allows 5).
 * Pure parsing; no state.  Linux: fs/binfmt_script.c.
 */
#include <mneme/binfmts.h>
#include <mneme/kernel.h>
#include <mneme/string.h>
#include <uapi/errno.h>

static bool spacetab(char c)
{
	return c == ' ' || c == '\t';
}

int parse_script_line(const u8 *data, size_t size, char *buf, const char **interp,
		      const char **arg)
{
	size_t len = min(size, (size_t)BINPRM_BUF_SIZE - 1);
	char *p, *end, *nl;
	bool cut;

	if (size < 2 || data[0] != '#' || data[1] != '!')
		return 0;
	memcpy(buf, data, len);
	buf[len] = '\0';
	nl = memchr(buf, '\n', len);
	cut = !nl && size > len;	/* the line goes on past the buffer */
	end = nl ? nl : buf + len;
	*end = '\0';
	while (end > buf + 2 && spacetab(end[-1]))
		*--end = '\0';
	for (p = buf + 2; spacetab(*p); p++)
		;
	if (!*p)
		return -ENOEXEC;	/* "#!" and nothing */
	*interp = p;
	while (*p && !spacetab(*p))
		p++;
	if (cut && !*p)
		return -ENOEXEC;	/* the name itself may be cut short */
	*arg = NULL;
	if (*p) {
		*p++ = '\0';
		while (spacetab(*p))
			p++;
		if (*p)
			*arg = p;
	}
	return 1;
}
