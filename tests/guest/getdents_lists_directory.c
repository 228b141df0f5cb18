/*
 * getdents_lists_directory - readdir() over a directory with 100 files
 * (more than one getdents64 call's worth for musl's 2 KiB buffer) finds
 * each file exactly once, plus "." and "..", and nothing else; d_type is
 * DT_REG or DT_DIR where it is not DT_UNKNOWN; rewinddir() lists the same
 * again; and getdents64 with a buffer too small for one entry says EINVAL.
 */
#include "guest.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/syscall.h>

#define NR_FILES	100
#define TINY_BUF	8	/* smaller than any linux_dirent64 */

static char dir[256];

/* One pass of readdir(), checking every entry. */
static void list_once(DIR *d, const char *pass)
{
	int seen[NR_FILES] = { 0 }, dot = 0, dotdot = 0, other = 0;
	struct dirent *e;
	int n;

	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, "."))
			dot++;
		else if (!strcmp(e->d_name, ".."))
			dotdot++;
		else if (sscanf(e->d_name, "f%03d", &n) == 1 && n >= 0 && n < NR_FILES &&
			 strlen(e->d_name) == 4)
			seen[n]++;
		else if (other++ == 0)
			printf("%s: unexpected entry \"%s\"\n", pass, e->d_name);
		if (e->d_type != DT_UNKNOWN)
			EXPECT(e->d_type == (e->d_name[0] == '.' ? DT_DIR : DT_REG),
			       "%s: \"%s\" has d_type %d", pass, e->d_name, e->d_type);
	}
	EXPECT(dot == 1 && dotdot == 1, "%s: expected . and .. once each, got %d and %d",
	       pass, dot, dotdot);
	EXPECT_EQ(0, other, "unexpected entries");
	for (int i = 0; i < NR_FILES; i++)
		EXPECT(seen[i] == 1, "%s: expected f%03d once, seen %d times", pass, i, seen[i]);
}

int main(void)
{
	char path[300], tiny[TINY_BUF];
	DIR *d;
	int fd;

	test_start("getdents_lists_directory");
	make_temp_dir(dir, sizeof(dir));
	for (int i = 0; i < NR_FILES; i++) {
		snprintf(path, sizeof(path), "%s/f%03d", dir, i);
		fd = open(path, O_CREAT | O_WRONLY, 0644);
		EXPECT(fd >= 0, "creating %s: %s", path, strerror(errno));
		close(fd);
	}
	d = opendir(dir);
	EXPECT(d != NULL, "opendir(%s): %s", dir, strerror(errno));
	if (d) {
		list_once(d, "first pass");
		rewinddir(d);
		list_once(d, "after rewinddir");
		closedir(d);
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	EXPECT_ERRNO(syscall(SYS_getdents64, fd, tiny, sizeof(tiny)), EINVAL,
		     "getdents64 with an 8-byte buffer");
	close(fd);
	for (int i = 0; i < NR_FILES; i++) {
		snprintf(path, sizeof(path), "%s/f%03d", dir, i);
		unlink(path);
	}
	EXPECT_EQ(0, rmdir(dir), "rmdir() of the emptied directory");
	return test_end();
}
