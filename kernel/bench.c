/*
 * kernel/bench.c - run the BENCH()es selected by bench=PATTERN and print
 * their figures as "mmbench NAME VALUE" lines.
 */
#include <mneme/bench.h>
#include <mneme/glob.h>
#include <mneme/printk.h>

extern const struct bench __start_bench[], __stop_bench[];

void bench_report(const char *name, u64 value)
{
	pr_info("mmbench %s %lu\n", name, (unsigned long)value);
}

u64 bench_median(u64 *values, int n)
{
	for (int i = 1; i < n; i++) {		/* insertion sort: n is tiny */
		u64 v = values[i];
		int j = i - 1;

		while (j >= 0 && values[j] > v) {
			values[j + 1] = values[j];
			j--;
		}
		values[j + 1] = v;
	}
	return values[n / 2];
}

void bench_run(const char *pattern)
{
	int ran = 0;

	pr_info("bench: running benchmarks matching \"%s\" (median of %d runs)\n",
		pattern, BENCH_RUNS);
	for (const struct bench *b = __start_bench; b < __stop_bench; b++) {
		if (!glob_match(pattern, b->name))
			continue;
		b->fn();
		ran++;
	}
	pr_info("bench: %d benchmark(s) done\n", ran);
}
