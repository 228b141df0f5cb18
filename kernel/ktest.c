/*
 * kernel/ktest.c - run the KTEST()s selected by ktest=PATTERN.
 *
 * Tests run one after another on init_task's stack with interrupts on.
 * A test that crashes the kernel ends the run with a panic report, which
 * the harness counts as a failure of the whole boot.
 *
 * After the last test, one more check, ktest.no_pages_leaked: the free
 * page count must be back where it was before the first, once the slab
 * caches have given back their empty slabs and the per-CPU lists are
 * drained, and so must the count of allocated slab objects (a leaked
 * kmalloc() hides in a slab page that was there anyway), of vmalloc
 * areas and of page-table pages.  Pages a test leaks on purpose through
 * a "Bad page state" report (the allocator never frees such a page) are
 * allowed for.
 */
#include <mneme/glob.h>
#include <mneme/kernel.h>
#include <mneme/ktest.h>
#include <mneme/mm.h>
#include <mneme/printk.h>
#include <mneme/slab.h>
#include <mneme/sprintf.h>
#include <mneme/string.h>
#include <mneme/vmalloc.h>

extern const struct ktest __start_ktest[], __stop_ktest[];

static void report_failure(struct ktest_ctx *kt, const char *file, int line)
{
	kt->failures++;
	pr_err("    %s: check failed at %s:%d\n", kt->name, file, line);
}

bool ktest_check_int(struct ktest_ctx *kt, bool ok, const char *file, int line,
		     const char *expr_a, const char *op, const char *expr_b,
		     long long a, long long b)
{
	kt->checks++;
	if (ok)
		return true;
	report_failure(kt, file, line);
	pr_err("      expected %s %s %s\n", expr_a, op, expr_b);
	pr_err("      %s = %lld (0x%llx)\n", expr_a, a, (unsigned long long)a);
	pr_err("      %s = %lld (0x%llx)\n", expr_b, b, (unsigned long long)b);
	return false;
}

bool ktest_check_str(struct ktest_ctx *kt, bool equal_wanted, const char *file,
		     int line, const char *expr_a, const char *expr_b,
		     const char *a, const char *b)
{
	bool equal = a && b && strcmp(a, b) == 0;

	kt->checks++;
	if (equal == equal_wanted)
		return true;
	report_failure(kt, file, line);
	pr_err("      expected %s %s %s\n", expr_a, equal_wanted ? "==" : "!=",
	       expr_b);
	pr_err("      %s = \"%s\"\n", expr_a, a ? a : "(null)");
	pr_err("      %s = \"%s\"\n", expr_b, b ? b : "(null)");
	return false;
}

bool ktest_check_true(struct ktest_ctx *kt, bool ok, const char *file,
		      int line, const char *expr)
{
	kt->checks++;
	if (ok)
		return true;
	report_failure(kt, file, line);
	pr_err("      expected true: %s\n", expr);
	return false;
}

/* Run one test; returns 1 pass, 0 fail, -1 skip. */
static int run_one(const struct ktest *t, const char *full_name)
{
	struct ktest_ctx kt = { .name = full_name };

	t->fn(&kt);
	if (kt.skip_reason && !kt.failures) {
		pr_info("TEST %s SKIP (%s)\n", full_name, kt.skip_reason);
		return -1;
	}
	if (!kt.checks) {
		pr_err("    %s: checked nothing; a test must be able to fail\n",
		       full_name);
		kt.failures++;
	}
	pr_info("TEST %s %s\n", full_name, kt.failures ? "FAIL" : "PASS");
	return kt.failures ? 0 : 1;
}

/* What the tests must give back; counted with no empty slabs cached. */
struct mem_usage {
	unsigned long free_pages, slab_objects, vmalloc_areas, pgtable_pages;
	unsigned long bad_pages;
};

static void measure_mem_usage(struct mem_usage *u)
{
	struct slab_totals t;

	kmem_cache_shrink_all();
	drain_local_pages();
	get_slab_totals(&t);
	u->free_pages = nr_free_pages();
	u->slab_objects = t.active_objs;
	u->vmalloc_areas = vmalloc_nr_areas();
	u->pgtable_pages = nr_page_table_pages;
	u->bad_pages = nr_bad_pages;
}

/* The leak check: true when nothing is missing. */
static bool no_pages_leaked(const struct mem_usage *before)
{
	struct mem_usage after;
	unsigned long bad;

	measure_mem_usage(&after);
	bad = after.bad_pages - before->bad_pages;
	if (after.free_pages + bad >= before->free_pages &&
	    after.free_pages <= before->free_pages &&
	    after.slab_objects == before->slab_objects &&
	    after.vmalloc_areas == before->vmalloc_areas &&
	    after.pgtable_pages == before->pgtable_pages)
		return true;
	pr_err("    ktest.no_pages_leaked: before/after the tests: free pages %lu/%lu (%lu leaked on purpose by bad-page tests), slab objects %lu/%lu, vmalloc areas %lu/%lu, page-table pages %lu/%lu\n",
	       before->free_pages, after.free_pages, bad, before->slab_objects,
	       after.slab_objects, before->vmalloc_areas, after.vmalloc_areas,
	       before->pgtable_pages, after.pgtable_pages);
	return false;
}

int ktest_run(const char *pattern)
{
	int passed = 0, failed = 0, skipped = 0;
	struct mem_usage before;

	measure_mem_usage(&before);
	pr_info("ktest: running tests matching \"%s\" (%lu pages free)\n", pattern,
		before.free_pages);
	for (const struct ktest *t = __start_ktest; t < __stop_ktest; t++) {
		char full_name[96];
		int r;

		scnprintf(full_name, sizeof(full_name), "%s.%s", t->suite,
			  t->name);
		if (!glob_match(pattern, full_name))
			continue;
		r = run_one(t, full_name);
		passed += r == 1;
		failed += r == 0;
		skipped += r == -1;
	}
	if (passed + failed) {
		bool ok = no_pages_leaked(&before);

		pr_info("TEST ktest.no_pages_leaked %s\n", ok ? "PASS" : "FAIL");
		passed += ok;
		failed += !ok;
	}
	if (skipped)
		pr_info("%d passed, %d failed, %d skipped\n", passed, failed,
			skipped);
	else
		pr_info("%d passed, %d failed\n", passed, failed);
	if (passed + failed + skipped == 0)
		pr_warn("ktest: no test matches \"%s\"\n", pattern);
	return failed;
}
