/*
 * file_ops - regular-file system calls in a temporary directory, data
 * checked byte for byte:
 *  - write() 3 pages + 100 bytes in 1000-byte pieces, read back from
 *    offset 0 in 777-byte pieces, and a pread() straddling a page boundary;
 *  - lseek() SEEK_SET/SEEK_CUR/SEEK_END and fstat()'s st_size;
 *  - ftruncate() shorter (reads stop at the new end) and longer (the new
 *    part reads as zeros, including bytes that had data before);
 *  - O_APPEND writes at the end whatever the offset;
 *  - a sparse file: a byte written 1 MiB in, the hole reads as zeros;
 *  - rename() (the old name is gone, the new one has the data) and
 *    unlink() (the name is gone, an open fd still reads the data).
 */
#include "guest.h"
#include <fcntl.h>
#include <sys/stat.h>

#define PAGE		4096
#define DATA_BYTES	(3 * PAGE + 100)
#define WRITE_PIECE	1000
#define READ_PIECE	777
#define SHORT_SIZE	5000
#define LONG_SIZE	20000
#define SPARSE_OFFSET	(1024 * 1024)

static char dir[256];
static unsigned char data[DATA_BYTES], back[LONG_SIZE];

static unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 13 + (i / PAGE));
}

static void path_of(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", dir, name);
}

/* Compare n bytes at back[] with want(i) (pattern or 0); count mismatches. */
static void expect_bytes(size_t from, size_t n, int zeros, const char *what)
{
	size_t bad = 0;

	for (size_t i = from; i < from + n; i++) {
		unsigned char want = zeros ? 0 : pattern(i);

		if (back[i] != want && bad++ == 0)
			printf("%s: byte %zu: expected 0x%02x, got 0x%02x\n", what, i, want, back[i]);
	}
	EXPECT_EQ(0, bad, what);
}

static size_t read_all(int fd, size_t max)
{
	size_t total = 0;
	ssize_t n;

	while (total < max && (n = read(fd, back + total,
					max - total < READ_PIECE ? max - total : READ_PIECE)) > 0)
		total += n;
	return total;
}

static void check_write_read(int fd)
{
	unsigned char two[8];
	struct stat st;

	for (size_t i = 0; i < DATA_BYTES; i++)
		data[i] = pattern(i);
	for (size_t done = 0; done < DATA_BYTES; done += WRITE_PIECE) {
		size_t n = DATA_BYTES - done < WRITE_PIECE ? DATA_BYTES - done : WRITE_PIECE;

		EXPECT_EQ(n, write(fd, data + done, n), "write()");
	}
	EXPECT_EQ(DATA_BYTES, lseek(fd, 0, SEEK_CUR), "offset after the writes");
	EXPECT_EQ(0, fstat(fd, &st), "fstat()");
	EXPECT_EQ(DATA_BYTES, st.st_size, "st_size");
	EXPECT(S_ISREG(st.st_mode), "st_mode 0%o is not a regular file", st.st_mode);
	EXPECT_EQ(0, lseek(fd, 0, SEEK_SET), "lseek(0, SEEK_SET)");
	memset(back, 0xee, sizeof(back));
	EXPECT_EQ(DATA_BYTES, read_all(fd, sizeof(back)), "bytes read back to end of file");
	expect_bytes(0, DATA_BYTES, 0, "data read back");
	EXPECT_EQ(0, read(fd, two, sizeof(two)), "read() at end of file");
	EXPECT_EQ(sizeof(two), pread(fd, two, sizeof(two), PAGE - 4), "pread() across a page boundary");
	EXPECT(!memcmp(two, data + PAGE - 4, sizeof(two)), "pread() across a page boundary: wrong bytes");
	EXPECT_EQ(DATA_BYTES - 10, lseek(fd, -10, SEEK_END), "lseek(-10, SEEK_END)");
	EXPECT_EQ(DATA_BYTES - 5, lseek(fd, 5, SEEK_CUR), "lseek(5, SEEK_CUR)");
	EXPECT_ERRNO(lseek(fd, -1, SEEK_SET), EINVAL, "lseek to a negative offset");
}

static void check_truncate(int fd)
{
	struct stat st;

	EXPECT_EQ(0, ftruncate(fd, SHORT_SIZE), "ftruncate() shorter");
	fstat(fd, &st);
	EXPECT_EQ(SHORT_SIZE, st.st_size, "st_size after ftruncate() shorter");
	lseek(fd, 0, SEEK_SET);
	EXPECT_EQ(SHORT_SIZE, read_all(fd, sizeof(back)), "bytes read after ftruncate() shorter");
	expect_bytes(0, SHORT_SIZE, 0, "data kept by ftruncate() shorter");
	EXPECT_EQ(0, ftruncate(fd, LONG_SIZE), "ftruncate() longer");
	lseek(fd, 0, SEEK_SET);
	EXPECT_EQ(LONG_SIZE, read_all(fd, sizeof(back)), "bytes read after ftruncate() longer");
	expect_bytes(0, SHORT_SIZE, 0, "data before the old end");
	expect_bytes(SHORT_SIZE, LONG_SIZE - SHORT_SIZE, 1, "the extension (zeros, even where data was)");
}

static void check_append(void)
{
	char path[300];
	struct stat st;
	int fd;

	path_of(path, sizeof(path), "append");
	fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	EXPECT_EQ(5, write(fd, "start", 5), "write() before O_APPEND");
	close(fd);
	fd = open(path, O_WRONLY | O_APPEND);
	lseek(fd, 0, SEEK_SET);
	EXPECT_EQ(4, write(fd, "tail", 4), "write() with O_APPEND");
	EXPECT_EQ(9, lseek(fd, 0, SEEK_CUR), "offset after the O_APPEND write");
	close(fd);
	stat(path, &st);
	EXPECT_EQ(9, st.st_size, "size after O_APPEND");
	fd = open(path, O_RDONLY);
	EXPECT_EQ(9, read(fd, back, 9), "read() of the appended file");
	EXPECT(!memcmp(back, "starttail", 9), "expected \"starttail\", got \"%.9s\"", (char *)back);
	close(fd);
	unlink(path);
}

static void check_sparse(void)
{
	char path[300];
	struct stat st;
	int fd;

	path_of(path, sizeof(path), "sparse");
	fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);
	EXPECT_EQ(SPARSE_OFFSET, lseek(fd, SPARSE_OFFSET, SEEK_SET), "lseek past the end");
	EXPECT_EQ(1, write(fd, "x", 1), "write() 1 MiB in");
	fstat(fd, &st);
	EXPECT_EQ(SPARSE_OFFSET + 1, st.st_size, "size of the sparse file");
	memset(back, 0xee, PAGE + 10);
	EXPECT_EQ(PAGE + 10, pread(fd, back, PAGE + 10, SPARSE_OFFSET / 2 - 5), "pread() in the hole");
	expect_bytes(0, PAGE + 10, 1, "the hole (zeros)");
	EXPECT_EQ(1, pread(fd, back, 10, SPARSE_OFFSET), "pread() of the last byte");
	EXPECT_EQ('x', back[0], "the byte after the hole");
	close(fd);
	unlink(path);
}

static void check_rename_unlink(const char *first)
{
	char second[300];
	int fd;

	path_of(second, sizeof(second), "renamed");
	EXPECT_EQ(0, rename(first, second), "rename()");
	EXPECT_ERRNO(open(first, O_RDONLY), ENOENT, "open() of the old name");
	fd = open(second, O_RDONLY);
	EXPECT(fd >= 0, "open() of the new name: %s", strerror(errno));
	EXPECT_EQ(0, unlink(second), "unlink()");
	EXPECT_ERRNO(open(second, O_RDONLY), ENOENT, "open() after unlink()");
	memset(back, 0xee, SHORT_SIZE);
	EXPECT_EQ(SHORT_SIZE, read(fd, back, SHORT_SIZE), "read() from an fd of an unlinked file");
	expect_bytes(0, SHORT_SIZE, 0, "data of the unlinked file");
	close(fd);
	EXPECT_ERRNO(unlink(second), ENOENT, "unlink() twice");
}

int main(void)
{
	char path[300];
	int fd;

	test_start("file_ops");
	make_temp_dir(dir, sizeof(dir));
	path_of(path, sizeof(path), "data");
	fd = open(path, O_CREAT | O_EXCL | O_RDWR, 0644);
	EXPECT(fd >= 0, "open(O_CREAT) of %s: %s", path, strerror(errno));
	EXPECT_ERRNO(open(path, O_CREAT | O_EXCL | O_RDWR, 0644), EEXIST, "O_CREAT|O_EXCL twice");
	check_write_read(fd);
	check_truncate(fd);
	close(fd);
	check_append();
	check_sparse();
	check_rename_unlink(path);
	EXPECT_EQ(0, rmdir(dir), "rmdir() of the emptied directory");
	return test_end();
}
