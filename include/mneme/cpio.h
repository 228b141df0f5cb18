/*
 * cpio.h - reading cpio archives in the "newc" format (lib/cpio.c).
 *
 *	struct cpio_iter it;
 *	struct cpio_entry e;
 *	int ret;
 *
 *	cpio_iter_init(&it, buf, len);
 *	while ((ret = cpio_next(&it, &e)) > 0)
 *		use(e.name, e.mode, e.data, e.size);
 *	if (ret < 0)
 *		printk("bad archive: %s at offset %zu\n", it.why, it.err_pos);
 *
 * Everything an entry points to (name, data) lies inside the buffer: the
 * parser copies nothing and allocates nothing.
 */
#ifndef MNEME_CPIO_H
#define MNEME_CPIO_H

#include <mneme/types.h>

/* The "newc" header: magic, then 13 fields of 8 hex digits. */
#define CPIO_NEWC_MAGIC		"070701"
#define CPIO_NEWC_CRC_MAGIC	"070702"	/* same layout, with a checksum */
#define CPIO_HEADER_SIZE	110
#define CPIO_TRAILER_NAME	"TRAILER!!!"

/* File types in cpio's mode field: the same bits as Linux's st_mode. */
#define CPIO_S_IFMT	0170000
#define CPIO_S_IFDIR	0040000
#define CPIO_S_IFREG	0100000
#define CPIO_S_IFLNK	0120000

struct cpio_entry {
	const char *name;	/* NUL-terminated, inside the archive */
	size_t name_len;	/* strlen(name) */
	u32 mode;		/* file type and permissions */
	u32 uid, gid, nlink, mtime;
	u32 rdev_major, rdev_minor;	/* device files */
	const void *data;	/* file contents, or a symlink's target */
	size_t size;		/* bytes at data (a target has no NUL) */
	size_t offset;		/* of the header, from the archive's start */
};

struct cpio_iter {
	const u8 *buf;
	size_t len;
	size_t pos;		/* next header; always <= len */
	bool done;		/* the trailer was read, or an error */
	const char *why;	/* after an error: what was wrong */
	size_t err_pos;		/* ... and the offset where */
};

void cpio_iter_init(struct cpio_iter *it, const void *buf, size_t len);
/*
 * The next entry in *e.  Returns 1 for an entry, 0 after the trailer,
 * -EINVAL when the archive is malformed (it->why says how; every later
 * call returns the same).  Bytes after the trailer are not read.
 */
int cpio_next(struct cpio_iter *it, struct cpio_entry *e);

/* The entry's type, from its mode. */
static inline bool cpio_is_dir(const struct cpio_entry *e)
{
	return (e->mode & CPIO_S_IFMT) == CPIO_S_IFDIR;
}
static inline bool cpio_is_reg(const struct cpio_entry *e)
{
	return (e->mode & CPIO_S_IFMT) == CPIO_S_IFREG;
}
static inline bool cpio_is_symlink(const struct cpio_entry *e)
{
	return (e->mode & CPIO_S_IFMT) == CPIO_S_IFLNK;
}

/*
 * path without its leading "/" and "./" parts, as names are stored
 * ("bin/sh"); "/", "." and "./" all become "".
 */
const char *cpio_skip_root(const char *path);

#endif
