/*
 * bench.h - in-kernel micro-benchmarks, run with bench=PATTERN.
 *
 *	BENCH(page_alloc_order0) { ... bench_report("page_alloc_order0_ns", ns); }
 *
 * BENCH() puts the function in section .bench (linker.ld); bench=PATTERN
 * runs the ones whose name matches and powers off.  Results are lines
 * "mmbench NAME VALUE" that `make bench` collects.  make bench runs QEMU
 * with -icount shift=0, so guest time counts instructions (1 ns each) and
 * figures repeat across runs and machines.  Benchmarks are not tests:
 * nothing here asserts on a figure.
 */
#ifndef MNEME_BENCH_H
#define MNEME_BENCH_H

#include <mneme/compiler.h>
#include <mneme/types.h>

struct bench {
	const char *name;
	void (*fn)(void);
};

#define BENCH(name)							\
	static void bench_##name(void);					\
	static const struct bench __bench_##name			\
		__section(".bench") __used __aligned(8) = {		\
		#name, bench_##name };					\
	static void bench_##name(void)

#define BENCH_RUNS	7	/* each figure is the median of this many runs */

void bench_report(const char *name, u64 value);
/* Median of n values (sorts them in place). */
u64 bench_median(u64 *values, int n);
/* Run the benchmarks matching pattern. */
void bench_run(const char *pattern);

#endif
