/*
 * busybox_time_reports_faults - `busybox time -v busybox true` runs the
 * command and prints (on stderr) its resource use from wait4's rusage,
 * including the line "Minor (reclaiming a frame) page faults: N": any
 * program touches some pages, so N > 0.  SKIP without busybox.
 */
#include "guest.h"
#include <sys/wait.h>

#define OUT_MAX		8192
#define MINOR_LABEL	"Minor (reclaiming a frame) page faults:"

static char busybox[256];
static char out[OUT_MAX];

/* run_time: `busybox time -v busybox true`, stdout and stderr into out. */
static int run_time(void)
{
	char *argv[] = { busybox, "time", "-v", busybox, "true", NULL };
	size_t len = 0;
	int p[2], status = -1;
	ssize_t n;
	pid_t pid;

	if (pipe(p) < 0)
		test_abort("pipe");
	pid = fork();
	if (pid < 0)
		test_abort("fork");
	if (pid == 0) {
		dup2(p[1], 1);
		dup2(p[1], 2);
		close(p[0]);
		execv(busybox, argv);
		_exit(127);
	}
	close(p[1]);
	while (len < OUT_MAX - 1 && (n = read(p[0], out + len, OUT_MAX - 1 - len)) > 0)
		len += n;
	out[len] = '\0';
	close(p[0]);
	waitpid(pid, &status, 0);
	return status;
}

int main(void)
{
	const char *line;
	long minor = -1;
	int status;

	test_start("busybox_time_reports_faults");
	if (find_busybox(busybox, sizeof(busybox)) < 0)
		test_skip("no busybox at /bin/busybox or on PATH");
	status = run_time();
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "busybox time -v: expected exit status 0, got status 0x%x; output:\n%s", status, out);
	line = strstr(out, MINOR_LABEL);
	EXPECT(line != NULL, "expected a line \"%s\" in the output:\n%s", MINOR_LABEL, out);
	if (line)
		minor = strtol(line + strlen(MINOR_LABEL), NULL, 10);
	EXPECT(minor > 0, "minor page faults of `busybox true`: expected > 0, got %ld", minor);
	return test_end();
}
