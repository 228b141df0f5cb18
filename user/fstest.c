/*
 * user/fstest.c - the file system calls as Linux does them.
 *
 * Works inside a directory of its own under /tmp (mkdtemp), which it
 * removes at the end, so it runs the same on the Linux host
 * (build/user/fstest) and in Mneme (init=/bin/fstest).  Checks, each
 * printed when it fails with what was expected and what came:
 *   - data: 20000 bytes of a pattern (five pages, not page-aligned) come
 *     back byte for byte through read, lseek and pread; ftruncate shrinks
 *     and grows (the new part reads as zeroes); O_APPEND writes at the
 *     end; a file unlinked while open still reads until closed;
 *   - names: O_CREAT|O_EXCL, stat sizes and modes (with umask 022),
 *     mkdir and getdents64 listing exactly what was made, rename over an
 *     existing file, link counts, symlink, readlink and lstat, openat
 *     relative to a directory fd, chdir and getcwd;
 *   - descriptors: dup shares the offset, dup2, fcntl F_DUPFD, F_GETFD,
 *     F_SETFD, F_GETFL and F_SETFL;
 *   - errors: ENOENT, ENOTDIR, EISDIR, ENOTEMPTY, EEXIST, EBADF, and
 *     EFAULT for bad pointers to read, write, open, stat, fstat,
 *     getdents64, readlink and getcwd.
 * Prints "fstest: OK" and exits 0 when everything held, else 1.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BIG_SIZE	20000	/* bytes: crosses four page boundaries */

static int failures;
static char *volatile bad_ptr = (char *)8;	/* never mapped */

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		failures++;						\
		printf("fstest: FAIL line %d: %s: ", __LINE__, #cond);	\
		printf(__VA_ARGS__);					\
		printf(" (errno %d %s)\n", errno, strerror(errno));	\
	}								\
} while (0)

/* The call failed with exactly err. */
#define CHECK_ERR(call, err) do {					\
	errno = 0;							\
	long __r = (long)(call);					\
	CHECK(__r == -1 && errno == (err), "expected -1 with %s, got %ld", #err, __r); \
} while (0)

static unsigned char pattern(long i)
{
	return (unsigned char)(i * 7 + i / 4096);
}

static void fill(unsigned char *buf, long start, long n)
{
	for (long i = 0; i < n; i++)
		buf[i] = pattern(start + i);
}

/* The first index where buf differs from the pattern at start, or -1. */
static long mismatch(const unsigned char *buf, long start, long n)
{
	for (long i = 0; i < n; i++)
		if (buf[i] != pattern(start + i))
			return i;
	return -1;
}

static void check_data(void)
{
	static unsigned char buf[BIG_SIZE], back[BIG_SIZE];
	int fd = open("big", O_RDWR | O_CREAT | O_TRUNC, 0644);
	long m;

	CHECK(fd >= 0, "open big");
	fill(buf, 0, BIG_SIZE);
	CHECK(write(fd, buf, BIG_SIZE) == BIG_SIZE, "write %d bytes", BIG_SIZE);
	CHECK(lseek(fd, 0, SEEK_CUR) == BIG_SIZE, "offset after write");
	CHECK(lseek(fd, 0, SEEK_SET) == 0, "lseek to 0");
	memset(back, 0, sizeof(back));
	CHECK(read(fd, back, BIG_SIZE + 100) == BIG_SIZE, "read it all back");
	m = mismatch(back, 0, BIG_SIZE);
	CHECK(m == -1, "byte %ld differs", m);
	CHECK(read(fd, back, 10) == 0, "read at the end is 0 (EOF)");
	CHECK(pread(fd, back, 5000, 4000) == 5000, "pread across a page boundary");
	m = mismatch(back, 4000, 5000);
	CHECK(m == -1, "pread byte %ld differs", m);
	CHECK(lseek(fd, -100, SEEK_END) == BIG_SIZE - 100, "SEEK_END - 100");
	CHECK_ERR(lseek(fd, -1, SEEK_SET), EINVAL);
	CHECK(ftruncate(fd, 5000) == 0, "ftruncate to 5000");
	CHECK(ftruncate(fd, 12000) == 0, "ftruncate up to 12000");
	CHECK(pread(fd, back, BIG_SIZE, 0) == 12000, "size 12000 after growing");
	m = mismatch(back, 0, 5000);
	CHECK(m == -1, "kept byte %ld differs", m);
	for (m = 5000; m < 12000 && !back[m]; m++)
		;
	CHECK(m == 12000, "byte %ld after the regrow is %d, not 0", m, back[m]);
	close(fd);
}

static void check_append_and_excl(void)
{
	char buf[16];
	int fd;

	CHECK_ERR(open("big", O_RDWR | O_CREAT | O_EXCL, 0644), EEXIST);
	fd = open("log", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0 && write(fd, "abc", 3) == 3, "write abc");
	close(fd);
	fd = open("log", O_WRONLY | O_APPEND);
	CHECK(lseek(fd, 0, SEEK_SET) == 0 && write(fd, "de", 2) == 2, "append de");
	CHECK(fcntl(fd, F_GETFL) & O_APPEND, "F_GETFL shows O_APPEND");
	CHECK(fcntl(fd, F_SETFL, 0) == 0 && !(fcntl(fd, F_GETFL) & O_APPEND), "F_SETFL clears it");
	CHECK(lseek(fd, 0, SEEK_SET) == 0 && write(fd, "X", 1) == 1, "write at 0 without O_APPEND");
	close(fd);
	fd = open("log", O_RDONLY);
	memset(buf, 0, sizeof(buf));
	CHECK(read(fd, buf, sizeof(buf)) == 5 && !strcmp(buf, "Xbcde"), "log holds '%s'", buf);
	CHECK_ERR(write(fd, "x", 1), EBADF);	/* opened read-only */
	close(fd);
}

static void check_stat(void)
{
	struct stat st;
	int fd;

	umask(022);
	fd = open("modes", O_WRONLY | O_CREAT | O_EXCL, 0666);
	CHECK(fd >= 0 && write(fd, "12345", 5) == 5, "make modes");
	CHECK(fstat(fd, &st) == 0 && st.st_size == 5, "fstat size %ld", (long)st.st_size);
	CHECK(S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0644, "mode 0%o", st.st_mode);
	CHECK(st.st_nlink == 1, "nlink %lu", (unsigned long)st.st_nlink);
	close(fd);
	CHECK(chmod("modes", 0600) == 0 && stat("modes", &st) == 0 &&
	      (st.st_mode & 07777) == 0600, "chmod 0600 gives 0%o", st.st_mode & 07777);
	CHECK(mkdir("d", 0777) == 0 && stat("d", &st) == 0 && S_ISDIR(st.st_mode) &&
	      (st.st_mode & 07777) == 0755, "mkdir with umask: 0%o", st.st_mode);
	CHECK(link("modes", "d/hard") == 0 && stat("modes", &st) == 0 && st.st_nlink == 2,
	      "link: nlink %lu", (unsigned long)st.st_nlink);
	CHECK(unlink("d/hard") == 0 && stat("modes", &st) == 0 && st.st_nlink == 1,
	      "unlink of the link: nlink %lu", (unsigned long)st.st_nlink);
	CHECK(stat("big", &st) == 0 && st.st_size == 12000, "big is %ld", (long)st.st_size);
	CHECK(syscall(SYS_newfstatat, AT_FDCWD, "", &st, AT_EMPTY_PATH) == 0 && S_ISDIR(st.st_mode),
	      "AT_EMPTY_PATH with AT_FDCWD is the cwd");
	fd = open("modes", O_RDONLY);
	CHECK(syscall(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH) == 0 && st.st_size == 5,
	      "AT_EMPTY_PATH on a file fd: size %ld", (long)st.st_size);
	CHECK_ERR(syscall(SYS_newfstatat, fd, "", &st, 0), ENOENT);
	close(fd);
	CHECK(access("modes", R_OK | W_OK) == 0, "access R_OK|W_OK");
	CHECK_ERR(access("modes", X_OK), EACCES);
}

/* The names getdents64 lists for path, sorted into one string "a b c". */
static void list_dir(const char *path, char *out, size_t size)
{
	char buf[1024], names[16][64];
	int fd = open(path, O_RDONLY | O_DIRECTORY), n = 0;
	long len;

	out[0] = '\0';
	if (fd < 0)
		return;
	while ((len = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < len;) {
			struct dirent *d = (struct dirent *)(buf + off);

			if (n < 16)
				snprintf(names[n++], sizeof(names[0]), "%.63s", d->d_name);
			off += d->d_reclen;
		}
	}
	close(fd);
	for (int i = 0; i < n; i++)		/* insertion sort: few names */
		for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char t[64];

			memcpy(t, names[j], sizeof(t));
			memcpy(names[j], names[j - 1], sizeof(t));
			memcpy(names[j - 1], t, sizeof(t));
		}
	for (int i = 0; i < n; i++)
		snprintf(out + strlen(out), size - strlen(out), "%s%s", i ? " " : "", names[i]);
}

static void check_dirs(void)
{
	char list[256], buf[64];
	struct stat st;
	int dfd, fd;

	CHECK(mkdir("d/sub", 0755) == 0, "mkdir d/sub");
	dfd = open("d", O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0, "open d as a directory");
	fd = openat(dfd, "f1", O_WRONLY | O_CREAT, 0644);
	CHECK(fd >= 0 && write(fd, "one", 3) == 3, "openat(d, f1)");
	close(fd);
	CHECK(mkdirat(dfd, "sub/deeper", 0755) == 0, "mkdirat");
	CHECK(fstatat(dfd, "f1", &st, 0) == 0 && st.st_size == 3, "fstatat f1");
	close(dfd);
	list_dir("d", list, sizeof(list));
	CHECK(!strcmp(list, ". .. f1 sub"), "getdents64 of d: '%s'", list);
	CHECK(symlink("f1", "d/link") == 0, "symlink");
	memset(buf, 0, sizeof(buf));
	CHECK(readlink("d/link", buf, sizeof(buf)) == 2 && !strcmp(buf, "f1"), "readlink '%s'", buf);
	CHECK(lstat("d/link", &st) == 0 && S_ISLNK(st.st_mode) && st.st_size == 2, "lstat link");
	CHECK(stat("d/link", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 3, "stat follows");
	CHECK_ERR(readlink("d/f1", buf, sizeof(buf)), EINVAL);
	CHECK_ERR(rmdir("d"), ENOTEMPTY);
	CHECK_ERR(rmdir("d/sub"), ENOTEMPTY);
	CHECK_ERR(mkdir("d/sub", 0755), EEXIST);
	CHECK_ERR(open("d/f1/x", O_RDONLY), ENOTDIR);
	CHECK_ERR(open("d/f1/", O_RDONLY), ENOTDIR);
	CHECK_ERR(open("d/nothing", O_RDONLY), ENOENT);
	CHECK_ERR(open("d", O_WRONLY), EISDIR);
	CHECK_ERR(unlink("d/sub"), EISDIR);
	CHECK_ERR(rmdir("d/f1"), ENOTDIR);
	CHECK(rmdir("d/sub/deeper") == 0 && rmdir("d/sub") == 0, "rmdir empty dirs");
}

static void check_rename_and_unlink(void)
{
	char buf[16];
	int fd;

	fd = open("d/f2", O_WRONLY | O_CREAT, 0644);
	CHECK(fd >= 0 && write(fd, "two", 3) == 3, "make f2");
	close(fd);
	CHECK(rename("d/f2", "d/f1") == 0, "rename over an existing file");
	CHECK_ERR(open("d/f2", O_RDONLY), ENOENT);
	fd = open("d/f1", O_RDONLY);
	memset(buf, 0, sizeof(buf));
	CHECK(read(fd, buf, sizeof(buf)) == 3 && !strcmp(buf, "two"), "f1 now holds '%s'", buf);
	/* unlink while open: the data stays until the close */
	CHECK(unlink("d/f1") == 0, "unlink open f1");
	CHECK_ERR(open("d/f1", O_RDONLY), ENOENT);
	memset(buf, 0, sizeof(buf));
	CHECK(pread(fd, buf, sizeof(buf), 0) == 3 && !strcmp(buf, "two"),
	      "the unlinked file still reads '%s'", buf);
	close(fd);
	CHECK(unlink("d/link") == 0 && rmdir("d") == 0, "d emptied and removed");
}

static void check_fds(void)
{
	char c = 0;
	int fd = open("log", O_RDONLY), fd2, fd3;

	CHECK(fd >= 0, "open log");
	fd2 = dup(fd);
	CHECK(fd2 > fd, "dup gives %d", fd2);
	CHECK(read(fd, &c, 1) == 1 && c == 'X', "read 1");
	CHECK(read(fd2, &c, 1) == 1 && c == 'b', "dup shares the offset: got '%c'", c);
	CHECK(dup2(fd, 10) == 10, "dup2 to 10");
	CHECK(read(10, &c, 1) == 1 && c == 'c', "fd 10 shares it too: '%c'", c);
	CHECK(fcntl(10, F_GETFD) == 0, "dup2 clears FD_CLOEXEC");
	CHECK(fcntl(10, F_SETFD, FD_CLOEXEC) == 0 && fcntl(10, F_GETFD) == FD_CLOEXEC, "F_SETFD");
	fd3 = fcntl(fd, F_DUPFD, 20);
	CHECK(fd3 == 20, "F_DUPFD 20 gives %d", fd3);
	fd3 = fcntl(fd, F_DUPFD_CLOEXEC, 20);
	CHECK(fd3 == 21 && fcntl(21, F_GETFD) == FD_CLOEXEC, "F_DUPFD_CLOEXEC gives %d", fd3);
	CHECK(close(20) == 0 && close(21) == 0 && close(10) == 0 && close(fd2) == 0, "closes");
	CHECK_ERR(close(fd2), EBADF);
	CHECK_ERR(dup2(fd2, 11), EBADF);
	CHECK_ERR(read(fd2, &c, 1), EBADF);
	close(fd);
}

static void check_efault(void)
{
	int fd = open("log", O_RDWR);

	CHECK_ERR(read(fd, bad_ptr, 4), EFAULT);
	CHECK_ERR(write(fd, bad_ptr, 4), EFAULT);
	CHECK_ERR(open(bad_ptr, O_RDONLY), EFAULT);
	/* raw calls: musl's stat() may fill a buffer of its own first */
	CHECK_ERR(syscall(SYS_stat, bad_ptr, bad_ptr), EFAULT);
	CHECK_ERR(syscall(SYS_stat, "log", bad_ptr), EFAULT);
	CHECK_ERR(syscall(SYS_fstat, fd, bad_ptr), EFAULT);
	close(fd);
	fd = open(".", O_RDONLY | O_DIRECTORY);
	CHECK_ERR(syscall(SYS_getdents64, fd, bad_ptr, 1024), EFAULT);
	close(fd);
	CHECK(symlink("log", "efault-link") == 0, "symlink for readlink");
	CHECK_ERR(readlink("efault-link", bad_ptr, 16), EFAULT);
	CHECK_ERR(syscall(SYS_getcwd, bad_ptr, 4096), EFAULT);
	CHECK(unlink("efault-link") == 0, "unlink efault-link");
}

static void check_cwd(const char *dir)
{
	char cwd[PATH_MAX], want[PATH_MAX];

	CHECK(mkdir("c", 0755) == 0 && chdir("c") == 0, "chdir c");
	snprintf(want, sizeof(want), "%s/c", dir);
	CHECK(getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, want), "getcwd '%s', want '%s'", cwd, want);
	CHECK_ERR(syscall(SYS_getcwd, cwd, 2), ERANGE);
	CHECK(chdir("..") == 0 && getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, dir),
	      "back up: '%s'", cwd);
	CHECK_ERR(chdir("log"), ENOTDIR);
	CHECK(rmdir("c") == 0, "rmdir c");
}

int main(void)
{
	char dir[] = "/tmp/fstest.XXXXXX";

	setvbuf(stdout, NULL, _IONBF, 0);
	if (!mkdtemp(dir) || chdir(dir)) {
		printf("fstest: cannot make and enter %s: %s\n", dir, strerror(errno));
		return 1;
	}
	check_data();
	check_append_and_excl();
	check_stat();
	check_dirs();
	check_rename_and_unlink();
	check_fds();
	check_efault();
	check_cwd(dir);
	CHECK(unlink("big") == 0 && unlink("log") == 0 && unlink("modes") == 0, "clean up");
	CHECK(chdir("/") == 0 && rmdir(dir) == 0, "rmdir %s", dir);
	printf("fstest: %s\n", failures ? "FAILED" : "OK");
	return failures ? 1 : 0;
}
