/*
 * execve_errors - execve() fails, and the caller goes on, with Linux's
 * errors: a missing file ENOENT, a path through a regular file ENOTDIR,
 * an executable text file without "#!" ENOEXEC, a directory EACCES, and
 * a file without any x bit EACCES (even for root).
 */
#include "guest.h"
#include <fcntl.h>
#include <sys/stat.h>

static char dir[256];

extern char **environ;

static void make_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);

	EXPECT(fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text),
	       "creating %s: %s", path, strerror(errno));
	close(fd);
	chmod(path, mode);	/* whatever the umask took away */
}

static void expect_exec_fails(const char *path, int err, const char *what)
{
	char *argv[] = { (char *)path, NULL };

	EXPECT_ERRNO(execve(path, argv, environ), err, what);
}

int main(void)
{
	char text[300], noexec[300], missing[300], through[300];

	test_start("execve_errors");
	make_temp_dir(dir, sizeof(dir));
	snprintf(text, sizeof(text), "%s/text", dir);
	snprintf(noexec, sizeof(noexec), "%s/noexec", dir);
	snprintf(missing, sizeof(missing), "%s/missing", dir);
	snprintf(through, sizeof(through), "%s/text/x", dir);
	make_file(text, "hello, not an ELF file\n", 0755);
	make_file(noexec, "#!/bin/sh\nexit 0\n", 0644);

	expect_exec_fails(missing, ENOENT, "execve of a missing file");
	expect_exec_fails(through, ENOTDIR, "execve of a path through a file");
	expect_exec_fails(text, ENOEXEC, "execve of a text file without #!");
	expect_exec_fails(dir, EACCES, "execve of a directory");
	expect_exec_fails(noexec, EACCES, "execve of a file without x bits");

	unlink(text);
	unlink(noexec);
	EXPECT_EQ(0, rmdir(dir), "rmdir()");
	return test_end();
}
