/*
 * tests/kernel/bench_vmalloc.c - what vmalloc(64 KiB) and its vfree()
 * cost: 16 page allocations, a vmap_area and vm_struct, a page-table walk
 * that may allocate a pte table, and on free the unmapping, a TLB flush
 * and the table freed again.  256 areas are made, then freed, so the
 * first-fit search walks a list of growing length as it would with many
 * kernel stacks.  Figures: vmalloc64k_us (issue 4) rounded, and
 * vmalloc64k_ns / vfree64k_ns for the detail.
 */
#include <mneme/bench.h>
#include <mneme/kernel.h>
#include <mneme/time.h>
#include <mneme/vmalloc.h>

#define BENCH_AREAS	256
#define AREA_SIZE	(64UL << 10)

static void *areas[BENCH_AREAS];

static void vmalloc_run(u64 *alloc_ns, u64 *free_ns)
{
	u64 t0, t1, t2;
	int got = 0;

	t0 = ktime_get_ns();
	for (int i = 0; i < BENCH_AREAS; i++) {
		areas[i] = vmalloc(AREA_SIZE);
		got += areas[i] != NULL;
	}
	t1 = ktime_get_ns();
	for (int i = 0; i < BENCH_AREAS; i++)
		vfree(areas[i]);
	t2 = ktime_get_ns();
	*alloc_ns = got ? (t1 - t0) / got : 0;
	*free_ns = got ? (t2 - t1) / got : 0;
}

BENCH(vmalloc64k)
{
	u64 a[BENCH_RUNS], f[BENCH_RUNS], alloc_ns;

	vmalloc_run(&a[0], &f[0]);	/* warm up: slabs and tables exist */
	for (int r = 0; r < BENCH_RUNS; r++)
		vmalloc_run(&a[r], &f[r]);
	alloc_ns = bench_median(a, BENCH_RUNS);
	bench_report("vmalloc64k_us", (alloc_ns + 500) / 1000);
	bench_report("vmalloc64k_ns", alloc_ns);
	bench_report("vfree64k_ns", bench_median(f, BENCH_RUNS));
}
