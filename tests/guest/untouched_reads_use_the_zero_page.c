/*
 * untouched_reads_use_the_zero_page - reading untouched private anonymous
 * memory maps the one shared zero page read-only, so reading every page
 * of 32 MiB lowers free memory (sysinfo freeram, /proc/meminfo MemFree)
 * by much less than 32 MiB: only the page tables; writing the same pages
 * then allocates a page each, lowering it by about 32 MiB.  Where
 * /proc/self/statm exists the same is measured as this process's
 * resident memory instead (the zero page is not counted in RSS), which
 * other processes cannot disturb.
 *
 * Reading and then writing every page must cost about 32 MiB in all: that
 * is the measurement's calibration.  Free memory (freeram plus the
 * per-CPU page lists, free_memory_bytes) moves for other reasons on a
 * busy host, so an attempt counts only if its total came out near 32 MiB;
 * the test passes if one of up to ten attempts (each on a fresh mapping,
 * unmapped after it) also shows the small read cost.
 */
#include "guest.h"
#include "guest_mem.h"

#define LEN		(32 * MIB)
#define READ_SLACK	(6 * MIB)	/* page tables and noise */
#define TOTAL_MIN	(LEN - 8 * MIB)
#define TOTAL_MAX	(LEN + 12 * MIB)
#define ATTEMPTS	10

/* used_bytes: memory in use, by this process (statm) or by the system. */
static long used_bytes(void)
{
	long rss = resident_bytes();

	return rss >= 0 ? rss : -free_memory_bytes();
}

/* touch_cost: memory used by reading or writing each page of p. */
static long touch_cost(char *p, int write_it)
{
	volatile char *v = p;
	long before = used_bytes();

	for (long off = 0; off < LEN; off += PAGE) {
		if (write_it)
			v[off] = 1;
		else
			(void)v[off];
	}
	return used_bytes() - before;
}

int main(void)
{
	long rcost = 0, wcost = 0;
	int i, calibrated = 0, passed = 0;

	test_start("untouched_reads_use_the_zero_page");
	for (i = 0; i < ATTEMPTS && !passed; i++) {
		char *p = map_anon(LEN, 0);

		rcost = touch_cost(p, 0);
		wcost = touch_cost(p, 1);
		munmap(p, LEN);
		if (rcost + wcost < TOTAL_MIN || rcost + wcost > TOTAL_MAX)
			continue;
		calibrated = 1;
		passed = rcost < READ_SLACK;
	}
	EXPECT(calibrated, "reading then writing 32 MiB: expected memory use to grow by "
	       "%ld..%ld KiB in all, it grew by %ld KiB reading and %ld KiB writing "
	       "(last of %d attempts)", TOTAL_MIN / 1024, TOTAL_MAX / 1024,
	       rcost / 1024, wcost / 1024, i);
	EXPECT(!calibrated || passed, "reading 32 MiB of untouched memory: expected memory use "
	       "to grow by less than %ld KiB, it grew by %ld KiB, then %ld KiB writing "
	       "(last of %d attempts)", READ_SLACK / 1024, rcost / 1024, wcost / 1024, i);
	return test_end();
}
