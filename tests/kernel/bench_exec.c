/*
 * tests/kernel/bench_exec.c - what a process costs: umh_execve_us runs
 * /bin/hello from the kernel with call_usermodehelper (make a process,
 * exec, map, run, exit, reap; user/mmbench's execve_us is fork + execve
 * from user space) and
 * fork_exit_us is one fork + child exit + wait in user/forkbench, from
 * the difference between 200 and 0 of them.  In this version both copy
 * or populate every page eagerly; issue 6's demand paging and
 * copy-on-write should bring them down.  Figures in microseconds.
 */
#include <mneme/bench.h>
#include <mneme/kernel.h>
#include <mneme/time.h>
#include <mneme/umh.h>

#define EXEC_RUNS	20
#define FORKS		200

/* ns for one run of argv[0], or 0 if it failed. */
static u64 time_program(const char *const *argv)
{
	int status = -1;
	u64 t0 = ktime_get_ns();

	if (call_usermodehelper(argv[0], argv, NULL, &status) || status)
		return 0;
	return ktime_get_ns() - t0;
}

BENCH(execve)
{
	static const char *const argv[] = { "/bin/hello", NULL };
	u64 runs[EXEC_RUNS];

	for (int i = 0; i < EXEC_RUNS; i++)
		runs[i] = time_program(argv);
	bench_report("umh_execve_us", bench_median(runs, EXEC_RUNS) / 1000);
}

BENCH(fork_exit)
{
	static const char *const none[] = { "/bin/forkbench", "0", NULL };
	static const char *const many[] = { "/bin/forkbench", "200", NULL };
	u64 base[BENCH_RUNS], with[BENCH_RUNS];

	for (int r = 0; r < BENCH_RUNS; r++) {
		base[r] = time_program(none);
		with[r] = time_program(many);
	}
	bench_report("fork_exit_us",
		     (bench_median(with, BENCH_RUNS) - bench_median(base, BENCH_RUNS)) / FORKS / 1000);
}
