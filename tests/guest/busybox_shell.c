/*
 * busybox_shell - busybox's shell and a few applets give the answers
 * Linux gives, each run as `busybox sh -c CMD` with its output captured
 * through a pipe:
 *  - `echo hi | cat` prints exactly "hi\n" (a pipeline in the shell);
 *  - `ls /` lists bin (and tests, where /tests exists: in Mneme);
 *  - `ps` prints its "PID" header;
 *  - `free` has a "Mem:" line with total >= used;
 *  - `cat /proc/meminfo` has MemTotal and MemFree, MemTotal >= MemFree.
 * busybox is /bin/busybox, else the first on PATH; without one, SKIP.
 * Applets are named through busybox (`busybox cat`), so that on the
 * build machine it is busybox that is tested, not coreutils.
 */
#include "guest.h"
#include <sys/stat.h>
#include <sys/wait.h>

#define OUT_MAX	16384
#define CMD_MAX	512

static char busybox[256];
static char out[OUT_MAX], discard[OUT_MAX];

/* Run `busybox sh -c CMD` (%s in fmt becomes busybox's path); its output
 * in out[], its exit status returned (-1 if it could not run). */
static int run(const char *fmt)
{
	char cmd[CMD_MAX];
	char *argv[] = { busybox, "sh", "-c", cmd, NULL };
	size_t len = 0;
	int p[2], status = -1;
	ssize_t n;
	pid_t pid;

	snprintf(cmd, sizeof(cmd), fmt, busybox, busybox);
	if (pipe(p) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(p[1], STDOUT_FILENO);
		close(p[0]);
		close(p[1]);
		execv(busybox, argv);
		_exit(127);
	}
	close(p[1]);
	/* Read to the end, keeping the first OUT_MAX - 1 bytes (ps can say more). */
	while ((n = read(p[0], len < OUT_MAX - 1 ? out + len : discard,
			 len < OUT_MAX - 1 ? OUT_MAX - 1 - len : sizeof(discard))) > 0)
		len = len < OUT_MAX - 1 ? len + n : len;
	out[len] = '\0';
	close(p[0]);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		printf("`%s` ended with status 0x%x; its output:\n%s", cmd, status, out);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Does out[] have a line that is exactly word? */
static int has_line(const char *word)
{
	size_t n = strlen(word);

	for (const char *p = out; (p = strstr(p, word)); p++)
		if ((p == out || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
			return 1;
	return 0;
}

static long long meminfo_field(const char *name)
{
	const char *p = strstr(out, name);

	return p ? strtoll(p + strlen(name), NULL, 10) : -1;
}

static void check_free(void)
{
	long long total = -1, used = -1;
	const char *mem;

	EXPECT_EQ(0, run("%s free"), "`free`'s status");
	mem = strstr(out, "Mem:");
	EXPECT(mem && sscanf(mem, "Mem: %lld %lld", &total, &used) == 2,
	       "no \"Mem: TOTAL USED\" line in:\n%s", out);
	EXPECT(total >= used && used >= 0, "free: expected total >= used >= 0, got %lld and %lld",
	       total, used);
}

static void check_meminfo(void)
{
	long long total, free_kb;

	EXPECT_EQ(0, run("%s cat /proc/meminfo"), "`cat /proc/meminfo`'s status");
	total = meminfo_field("MemTotal:");
	free_kb = meminfo_field("MemFree:");
	EXPECT(total > 0 && free_kb >= 0, "no MemTotal or MemFree in:\n%s", out);
	EXPECT(total >= free_kb, "expected MemTotal >= MemFree, got %lld and %lld kB", total, free_kb);
}

int main(void)
{
	struct stat st;

	test_start("busybox_shell");
	if (find_busybox(busybox, sizeof(busybox)) < 0)
		test_skip("no busybox at /bin/busybox or on PATH");
	EXPECT_EQ(0, run("echo hi | %s cat"), "`echo hi | cat`'s status");
	EXPECT(!strcmp(out, "hi\n"), "echo hi | cat: expected \"hi\\n\", got \"%s\"", out);
	EXPECT_EQ(0, run("%s ls /"), "`ls /`'s status");
	EXPECT(has_line("bin"), "`ls /` does not list bin:\n%s", out);
	if (stat("/tests", &st) == 0 && S_ISDIR(st.st_mode))
		EXPECT(has_line("tests"), "`ls /` does not list tests:\n%s", out);
	EXPECT_EQ(0, run("%s ps"), "`ps`'s status");
	EXPECT(strstr(out, "PID") != NULL, "`ps` printed no PID header:\n%s", out);
	check_free();
	check_meminfo();
	return test_end();
}
