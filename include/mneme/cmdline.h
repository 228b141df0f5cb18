/*
 * cmdline.h - the kernel command line split into words.
 *
 * The parser (lib/cmdline.c) is pure C so tests/host can test it.  Words
 * are separated by spaces; a word is either a flag ("pftrace") or
 * key=value ("loglevel=7"); a value may be double-quoted to hold spaces
 * (init="/bin/sh -x").  When a key repeats, the last value wins, as in
 * Linux.  kernel/params.c holds the one parsed command line of the running
 * kernel and decides which words are the kernel's and which go to init.
 */
#ifndef MNEME_CMDLINE_H
#define MNEME_CMDLINE_H

#include <mneme/types.h>

#define CMDLINE_MAX		1024	/* bytes, like Linux's COMMAND_LINE_SIZE/2 */
#define CMDLINE_MAX_WORDS	64

struct cmdline_word {
	const char *key;
	const char *value;	/* NULL for a flag */
};

struct cmdline {
	char buf[CMDLINE_MAX];
	struct cmdline_word words[CMDLINE_MAX_WORDS];
	int nr_words;
};

/*
 * Parse text into cl.  Returns 0, or -E2BIG when the text or the number of
 * words does not fit (what fits is kept, so the kernel can still boot and
 * say what it dropped).
 */
int cmdline_parse(struct cmdline *cl, const char *text);

/* Value of the last key=value word for key; NULL when absent or a flag. */
const char *cmdline_get(const struct cmdline *cl, const char *key);

/* Whether key appears at all, as a flag or with a value. */
bool cmdline_has(const struct cmdline *cl, const char *key);

/* Parse a decimal (or 0x hex) unsigned number; returns 0 or -EINVAL. */
int cmdline_parse_u64(const char *s, u64 *out);

/* Parse a size such as "512M", "4G", "65536" or "64k" into bytes; 0 or -EINVAL. */
int cmdline_parse_size(const char *s, u64 *bytes);

#endif
