/*
 * tests/kernel/bench_slab.c - what one kmalloc() and one kfree() cost:
 * 2048 allocations of one size then 2048 frees, so the figures include
 * the slow path (a new or partial slab every slab's worth of objects) as
 * well as the per-CPU freelist fast path.  Figures are
 * kmalloc64_ns, kfree64_ns, kmalloc1k_ns and kfree1k_ns (issue 4).
 */
#include <mneme/bench.h>
#include <mneme/kernel.h>
#include <mneme/slab.h>
#include <mneme/time.h>

#define BENCH_OBJECTS	2048

static void *objects[BENCH_OBJECTS];

/* One run: ns per kmalloc(size) and per kfree() of BENCH_OBJECTS objects. */
static void kmalloc_run(size_t size, u64 *alloc_ns, u64 *free_ns)
{
	u64 t0, t1, t2;
	int got = 0;

	t0 = ktime_get_ns();
	for (int i = 0; i < BENCH_OBJECTS; i++) {
		objects[i] = kmalloc(size, GFP_KERNEL | __GFP_NOWARN);
		got += objects[i] != NULL;
	}
	t1 = ktime_get_ns();
	for (int i = 0; i < BENCH_OBJECTS; i++)
		kfree(objects[i]);
	t2 = ktime_get_ns();
	*alloc_ns = got ? (t1 - t0) / got : 0;
	*free_ns = got ? (t2 - t1) / got : 0;
}

static void kmalloc_bench(size_t size, const char *alloc_name, const char *free_name)
{
	u64 a[BENCH_RUNS], f[BENCH_RUNS];

	kmalloc_run(size, &a[0], &f[0]);	/* warm up: slabs exist */
	for (int r = 0; r < BENCH_RUNS; r++)
		kmalloc_run(size, &a[r], &f[r]);
	bench_report(alloc_name, bench_median(a, BENCH_RUNS));
	bench_report(free_name, bench_median(f, BENCH_RUNS));
}

BENCH(kmalloc64)
{
	kmalloc_bench(64, "kmalloc64_ns", "kfree64_ns");
}

BENCH(kmalloc1k)
{
	kmalloc_bench(1024, "kmalloc1k_ns", "kfree1k_ns");
}
