/*
 * text_pages_shared_between_processes - two processes running the same
 * program share its text: the kernel maps the program file's page-cache
 * pages into both (a file-backed MAP_PRIVATE r-x VMA), it does not copy
 * them.  /proc/self/smaps shows it: for the r-xp VMA holding main(), Pss
 * (each page's size divided by the number of processes mapping it) is
 * about half of Rss while a second process runs this binary, and Pss ==
 * Rss when this process is alone.  The child is this program run again
 * by execve() (not just forked, whose sharing would prove nothing about
 * exec), and it walks its own smaps first, so both have touched the
 * same code.  SKIP when /proc/self/smaps does not exist.
 */
#include "guest.h"
#include <stdint.h>
#include <sys/wait.h>

#define LINE_MAX_BYTES	512
#define CHILD_ARG	"--child"

struct text_rss {
	long rss_kb, pss_kb;
	int found;
};

/* Rss and Pss of the r-xp VMA of smaps holding address addr. */
static struct text_rss text_rss(uintptr_t addr)
{
	struct text_rss t = { 0, 0, 0 };
	char line[LINE_MAX_BYTES];
	int in_text = 0;
	FILE *f = fopen("/proc/self/smaps", "r");

	if (!f)
		return t;
	while (fgets(line, sizeof(line), f)) {
		unsigned long start, end;
		char perms[8];

		if (sscanf(line, "%lx-%lx %7s", &start, &end, perms) == 3) {
			in_text = addr >= start && addr < end && strcmp(perms, "r-xp") == 0;
			t.found |= in_text;
			continue;
		}
		if (in_text && strncmp(line, "Rss:", 4) == 0)
			t.rss_kb = strtol(line + 4, NULL, 10);
		else if (in_text && strncmp(line, "Pss:", 4) == 0)
			t.pss_kb = strtol(line + 4, NULL, 10);
	}
	fclose(f);
	return t;
}

/* The child: the same walk, then "ready" and wait for the parent's close. */
static int child(int ready_fd, int hold_fd)
{
	char c;

	(void)text_rss((uintptr_t)&text_rss);
	if (write(ready_fd, "r", 1) != 1)
		return 1;
	while (read(hold_fd, &c, 1) > 0)
		;
	return 0;
}

static void check_shared(const char *self)
{
	int ready[2], hold[2], status = 0;
	struct text_rss alone, shared;
	char fdbuf[2][16], c;
	pid_t pid;

	if (pipe(ready) || pipe(hold))
		test_abort("pipe");
	alone = text_rss((uintptr_t)&text_rss);
	EXPECT(alone.found, "no r-xp VMA holds main's code in /proc/self/smaps");
	EXPECT(alone.rss_kb > 0, "text Rss alone: expected > 0 kB, got %ld kB", alone.rss_kb);
	EXPECT_EQ(alone.rss_kb, alone.pss_kb, "text Pss (kB) while alone: Rss");
	snprintf(fdbuf[0], sizeof(fdbuf[0]), "%d", ready[1]);
	snprintf(fdbuf[1], sizeof(fdbuf[1]), "%d", hold[0]);
	pid = fork();
	if (pid < 0)
		test_abort("fork");
	if (pid == 0) {
		close(hold[1]);
		execl(self, self, CHILD_ARG, fdbuf[0], fdbuf[1], (char *)NULL);
		_exit(127);
	}
	close(ready[1]);
	close(hold[0]);
	EXPECT_EQ(1, read(ready[0], &c, 1), "the child's ready byte");
	shared = text_rss((uintptr_t)&text_rss);
	/* Pss = Rss/2 for pages both map; a few pages only one of us touched. */
	EXPECT(shared.rss_kb > 0 && shared.pss_kb * 10 <= shared.rss_kb * 7,
	       "text with a second process: expected Pss about Rss/2, got Rss %ld kB Pss %ld kB",
	       shared.rss_kb, shared.pss_kb);
	EXPECT(shared.pss_kb * 10 >= shared.rss_kb * 4,
	       "text Pss below Rss/2 (a third mapper?): Rss %ld kB Pss %ld kB",
	       shared.rss_kb, shared.pss_kb);
	close(hold[1]);
	EXPECT_EQ(pid, waitpid(pid, &status, 0), "waitpid");
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "the child: expected exit 0, got status %#x", status);
	close(ready[0]);
}

int main(int argc, char **argv)
{
	const char *self;

	if (argc == 4 && strcmp(argv[1], CHILD_ARG) == 0)
		return child(atoi(argv[2]), atoi(argv[3]));
	test_start("text_pages_shared_between_processes");
	if (access("/proc/self/smaps", R_OK) != 0)
		test_skip("no /proc/self/smaps to read Rss and Pss from");
	self = self_path(argc > 0 ? argv[0] : NULL);
	if (!self)
		test_abort("the program's own path (AT_EXECFN)");
	check_shared(self);
	return test_end();
}
