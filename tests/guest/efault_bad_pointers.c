/*
 * efault_bad_pointers - system calls given a bad user pointer fail with
 * EFAULT instead of crashing the process or the kernel: read() into,
 * write() from, open() and stat() of a path at, and stat() into, each of
 * NULL, 0x1, a kernel address (0xffff800000000000) and a page that was
 * mapped and then unmapped.  The raw system calls are used: musl's stat()
 * would itself write through the bad struct stat pointer.  Afterwards
 * the file is unchanged and the process works on.
 */
#include "guest.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#define PAGE		4096
#define IO_BYTES	10
#define CONTENT		"0123456789abcdef"

static char dir[256], file[300];

/* The file must still hold CONTENT: a failed write() changes nothing. */
static void expect_content(const char *after)
{
	char buf[sizeof(CONTENT)] = { 0 };
	int fd = open(file, O_RDONLY);
	ssize_t n = read(fd, buf, sizeof(buf));

	close(fd);
	EXPECT(n == (ssize_t)strlen(CONTENT) && !memcmp(buf, CONTENT, n),
	       "after %s: expected the file to hold \"%s\", read %zd bytes: %02x %02x %02x %02x ...",
	       after, CONTENT, n, (unsigned char)buf[0], (unsigned char)buf[1],
	       (unsigned char)buf[2], (unsigned char)buf[3]);
}

static void check_pointer(void *bad, const char *name)
{
	char what[96];
	struct stat st;
	int fd = open(file, O_RDWR);

	EXPECT(fd >= 0, "open(%s): %s", file, strerror(errno));
	snprintf(what, sizeof(what), "read() into %s", name);
	EXPECT_ERRNO(syscall(SYS_read, fd, bad, IO_BYTES), EFAULT, what);
	snprintf(what, sizeof(what), "write() from %s", name);
	EXPECT_ERRNO(syscall(SYS_write, fd, bad, IO_BYTES), EFAULT, what);
	snprintf(what, sizeof(what), "open() of a path at %s", name);
	EXPECT_ERRNO(syscall(SYS_open, bad, O_RDONLY), EFAULT, what);
	snprintf(what, sizeof(what), "stat() of a path at %s", name);
	EXPECT_ERRNO(syscall(SYS_stat, bad, &st), EFAULT, what);
	snprintf(what, sizeof(what), "stat() into %s", name);
	EXPECT_ERRNO(syscall(SYS_stat, file, bad), EFAULT, what);
	close(fd);
	snprintf(what, sizeof(what), "the calls with %s", name);
	expect_content(what);
}

int main(void)
{
	struct stat st;
	void *unmapped;
	int fd;

	test_start("efault_bad_pointers");
	make_temp_dir(dir, sizeof(dir));
	snprintf(file, sizeof(file), "%s/data", dir);
	fd = open(file, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	EXPECT(fd >= 0 && write(fd, CONTENT, strlen(CONTENT)) == (ssize_t)strlen(CONTENT),
	       "creating %s: %s", file, strerror(errno));
	close(fd);
	expect_content("creating it");

	unmapped = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	EXPECT(unmapped != MAP_FAILED, "mmap: %s", strerror(errno));
	munmap(unmapped, PAGE);

	check_pointer(NULL, "NULL");
	check_pointer((void *)1, "0x1");
	check_pointer((void *)0xffff800000000000ULL, "a kernel address");
	check_pointer(unmapped, "an unmapped page");

	/* The process goes on, and the file is as it was. */
	EXPECT_EQ(0, stat(file, &st), "stat() with good pointers");
	EXPECT_EQ(strlen(CONTENT), st.st_size, "the file's size");
	expect_content("all the bad pointers");
	unlink(file);
	rmdir(dir);
	return test_end();
}
