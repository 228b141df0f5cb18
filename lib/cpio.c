/*
 * lib/cpio.c - walk a cpio archive in the "newc" format, entry by entry.
 *
 * The format (man 5 cpio, Linux Documentation/driver-api/early-userspace/
 * buffer-format.rst): each entry is a 110-byte ASCII header, "070701"
 * then 13 fields of 8 hex digits (ino, mode, uid, gid, nlink, mtime,
 * filesize, devmajor, devminor, rdevmajor, rdevminor, namesize, check);
 * then namesize bytes of name, its last byte the NUL; padding to a
 * multiple of 4 from the archive's start; filesize bytes of data (a
 * symlink's data is its target, without a NUL); padding to 4 again.  An
 * entry named "TRAILER!!!" ends the archive.
 *
 * The archive is untrusted input (it may come from tools/qemu --extra, or
 * be damaged), so every field is checked before it is used: all 8 digits
 * must be hex, the name must end in its only NUL within the buffer, and
 * the name and the data must lie inside [buf, buf + len), computed so
 * that no sum can wrap.  The first error stops the walk for good and says
 * what and where.  Nothing is copied or allocated; entries point into the
 * buffer, which the caller keeps.
 *
 * Invariant between calls: it->pos <= it->len, and it->pos is where the
 * next header starts (or the end of the buffer).
 *
 * Differences from Linux (init/initramfs.c): Linux unpacks as it parses,
 * skips zero padding between concatenated archives, and checks the
 * checksum of "070702" archives; we read one archive, stop at its
 * trailer, and ignore the checksum.  Hard links (nlink > 1, data with the
 * last link) are passed through as they come.
 */
#include <mneme/cpio.h>
#include <mneme/string.h>
#include <uapi/errno.h>

#define CPIO_MAGIC_LEN	6
#define CPIO_FIELD_LEN	8
#define CPIO_NAME_MAX	4096	/* PATH_MAX, with the NUL, as Linux */
#define CPIO_ALIGN	4

enum cpio_field {
	F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
	F_DEVMAJOR, F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK,
	NR_CPIO_FIELDS
};

void cpio_iter_init(struct cpio_iter *it, const void *buf, size_t len)
{
	it->buf = buf;
	it->len = len;
	it->pos = 0;
	it->done = false;
	it->why = NULL;
	it->err_pos = 0;
}

static int cpio_fail(struct cpio_iter *it, size_t pos, const char *why)
{
	it->done = true;
	it->why = why;
	it->err_pos = pos;
	return -EINVAL;
}

static size_t cpio_align(size_t off)
{
	return (off + CPIO_ALIGN - 1) & ~(size_t)(CPIO_ALIGN - 1);
}

static int hex_digit(u8 c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Eight hex digits, exactly; false if any is not one. */
static bool parse_field(const u8 *s, u32 *val)
{
	u32 v = 0;

	for (int i = 0; i < CPIO_FIELD_LEN; i++) {
		int d = hex_digit(s[i]);

		if (d < 0)
			return false;
		v = v << 4 | (u32)d;
	}
	*val = v;
	return true;
}

/* The header at it->pos into f[]; the caller checked it fits. */
static int read_header(struct cpio_iter *it, u32 f[NR_CPIO_FIELDS])
{
	const u8 *h = it->buf + it->pos;

	if (memcmp(h, CPIO_NEWC_MAGIC, CPIO_MAGIC_LEN) &&
	    memcmp(h, CPIO_NEWC_CRC_MAGIC, CPIO_MAGIC_LEN))
		return cpio_fail(it, it->pos, "bad magic: not a newc cpio archive");
	for (int i = 0; i < NR_CPIO_FIELDS; i++)
		if (!parse_field(h + CPIO_MAGIC_LEN + i * CPIO_FIELD_LEN, &f[i]))
			return cpio_fail(it, it->pos + CPIO_MAGIC_LEN + i * CPIO_FIELD_LEN,
					 "header field is not 8 hex digits");
	return 0;
}

/* The name after the header: inside the buffer, one NUL, at its end. */
static int read_name(struct cpio_iter *it, u32 name_size, struct cpio_entry *e)
{
	size_t off = it->pos + CPIO_HEADER_SIZE;
	const char *name = (const char *)it->buf + off;

	if (name_size == 0 || name_size > CPIO_NAME_MAX)
		return cpio_fail(it, it->pos, "name size is 0 or above PATH_MAX");
	if (name_size > it->len - off)
		return cpio_fail(it, off, "name runs past the end of the archive");
	if (name[name_size - 1] != '\0' || strnlen(name, name_size) != name_size - 1)
		return cpio_fail(it, off, "name is not one NUL-terminated string");
	e->name = name;
	e->name_len = name_size - 1;
	return 0;
}

/* The data after the padded name; a last, empty entry may lack padding. */
static int read_data(struct cpio_iter *it, size_t name_end, u32 size,
		     struct cpio_entry *e)
{
	size_t off = cpio_align(name_end);

	if (off > it->len)
		off = it->len;
	if (size > it->len - off)
		return cpio_fail(it, off, "file data runs past the end of the archive");
	e->data = it->buf + off;
	e->size = size;
	it->pos = cpio_align(off + size);
	if (it->pos > it->len)
		it->pos = it->len;
	return 0;
}

static void fill_entry(struct cpio_entry *e, const u32 f[NR_CPIO_FIELDS])
{
	e->mode = f[F_MODE];
	e->uid = f[F_UID];
	e->gid = f[F_GID];
	e->nlink = f[F_NLINK];
	e->mtime = f[F_MTIME];
	e->rdev_major = f[F_RDEVMAJOR];
	e->rdev_minor = f[F_RDEVMINOR];
}

int cpio_next(struct cpio_iter *it, struct cpio_entry *e)
{
	u32 f[NR_CPIO_FIELDS];
	size_t start = it->pos;
	int ret;

	if (it->done)
		return it->why ? -EINVAL : 0;
	if (it->len - it->pos < CPIO_HEADER_SIZE)
		return cpio_fail(it, it->pos, it->pos == it->len ?
				 "archive ends without a trailer" : "truncated header");
	ret = read_header(it, f);
	if (!ret)
		ret = read_name(it, f[F_NAMESIZE], e);
	if (!ret)
		ret = read_data(it, start + CPIO_HEADER_SIZE + f[F_NAMESIZE],
				f[F_FILESIZE], e);
	if (ret)
		return ret;
	fill_entry(e, f);
	e->offset = start;
	if (!strcmp(e->name, CPIO_TRAILER_NAME)) {
		it->done = true;
		return 0;
	}
	return 1;
}

const char *cpio_skip_root(const char *path)
{
	for (;;) {
		if (path[0] == '/')
			path++;
		else if (path[0] == '.' && path[1] == '/')
			path += 2;
		else if (path[0] == '.' && path[1] == '\0')
			path++;
		else
			return path;
	}
}
