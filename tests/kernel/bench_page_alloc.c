/*
 * tests/kernel/bench_page_alloc.c - what one page allocation and one free
 * cost, with the per-CPU lists (the normal case) and without them (every
 * order-0 operation goes to the buddy lists).  Two patterns: 2048
 * allocations then 2048 frees (the lists overflow and refill in batches),
 * and alloc/free pairs (one hot page reused: what the lists are for).
 */
#include <mneme/bench.h>
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/time.h>

#define BENCH_PAGES	2048

static struct page *pages[BENCH_PAGES];

/* One run: ns per allocation and per free of n blocks of this order. */
static void alloc_free_run(unsigned int order, int n, u64 *alloc_ns, u64 *free_ns)
{
	u64 t0, t1, t2;
	int got = 0;

	t0 = ktime_get_ns();
	for (int i = 0; i < n; i++) {
		pages[i] = alloc_pages(GFP_KERNEL | __GFP_NOWARN, order);
		got += pages[i] != NULL;
	}
	t1 = ktime_get_ns();
	for (int i = 0; i < n; i++)
		if (pages[i])
			__free_pages(pages[i], order);
	t2 = ktime_get_ns();
	*alloc_ns = got ? (t1 - t0) / got : 0;
	*free_ns = got ? (t2 - t1) / got : 0;
}

static void alloc_free_bench(unsigned int order, int n, const char *alloc_name,
			     const char *free_name)
{
	u64 a[BENCH_RUNS], f[BENCH_RUNS];

	alloc_free_run(order, n, &a[0], &f[0]);		/* warm up */
	for (int r = 0; r < BENCH_RUNS; r++)
		alloc_free_run(order, n, &a[r], &f[r]);
	bench_report(alloc_name, bench_median(a, BENCH_RUNS));
	if (free_name)
		bench_report(free_name, bench_median(f, BENCH_RUNS));
}

/* ns per alloc+free pair of one order-0 page: the hot-page case pcp is for. */
static void pair_bench(const char *name)
{
	u64 r[BENCH_RUNS];

	for (int run = 0; run < BENCH_RUNS; run++) {
		u64 t0 = ktime_get_ns();
		int got = 0;

		for (int i = 0; i < BENCH_PAGES; i++) {
			struct page *page = alloc_page(GFP_KERNEL | __GFP_NOWARN);

			if (page) {
				__free_page(page);
				got++;
			}
		}
		r[run] = got ? (ktime_get_ns() - t0) / got : 0;
	}
	bench_report(name, bench_median(r, BENCH_RUNS));
}

BENCH(page_alloc)
{
	pair_bench("page_alloc_free_pair_order0_ns");
	alloc_free_bench(0, BENCH_PAGES, "page_alloc_order0_ns", "page_free_order0_ns");
	alloc_free_bench(3, BENCH_PAGES / 8, "page_alloc_order3_ns", "page_free_order3_ns");
	pcp_set_enabled(false);
	alloc_free_bench(0, BENCH_PAGES, "page_alloc_order0_nopcp_ns",
			 "page_free_order0_nopcp_ns");
	pair_bench("page_alloc_free_pair_order0_nopcp_ns");
	pcp_set_enabled(true);
}
