/*
 * map_fixed_replaces - mmap(MAP_FIXED) over part of an existing mapping
 * replaces those pages with new ones (anonymous: zeros) and leaves the
 * rest; MAP_FIXED_NOREPLACE over a mapping fails with EEXIST (Linux
 * 4.17 and later) and leaves it alone, but works where nothing is
 * mapped; MAP_FIXED at a misaligned address and any mmap of length 0
 * give EINVAL.
 */
#include "guest.h"
#include "guest_mem.h"
#include <sys/utsname.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE	0x100000
#endif

#define NR_PAGES	8
#define LEN		(NR_PAGES * PAGE)
#define SEED		80
#define RW		(PROT_READ | PROT_WRITE)
#define ANON		(MAP_PRIVATE | MAP_ANONYMOUS)

/* has_noreplace: a Linux release of 4.17 or later (Mneme says one too). */
static int has_noreplace(void)
{
	struct utsname u;
	int major = 0, minor = 0;

	if (uname(&u) != 0 || sscanf(u.release, "%d.%d", &major, &minor) != 2)
		return 1;
	return major > 4 || (major == 4 && minor >= 17);
}

static void check_fixed(char *p)
{
	char *q = mmap(p + 2 * PAGE, 3 * PAGE, RW, ANON | MAP_FIXED, -1, 0);
	long bad;

	EXPECT(q == p + 2 * PAGE, "MAP_FIXED: expected %p, got %p", (void *)(p + 2 * PAGE), (void *)q);
	bad = first_nonzero(p + 2 * PAGE, 3 * PAGE);
	EXPECT(bad < 0, "MAP_FIXED pages: expected zeros, byte %ld is nonzero", bad);
	bad = pages_hold(p, 2, SEED);
	EXPECT(bad < 0, "below the MAP_FIXED range: page %ld changed", bad);
	bad = pages_hold(p + 5 * PAGE, 3, SEED + 5);
	EXPECT(bad < 0, "above the MAP_FIXED range: page %ld changed", bad + 5);
}

static void check_noreplace(char *p)
{
	char *q;

	if (!has_noreplace()) {
		printf("%s: MAP_FIXED_NOREPLACE not checked: kernel older than 4.17\n", test_name);
		return;
	}
	fill_pages(p, NR_PAGES, SEED);
	EXPECT_ERRNO(mmap(p + PAGE, PAGE, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0), EEXIST,
		     "MAP_FIXED_NOREPLACE over a mapping");
	EXPECT(pages_hold(p, NR_PAGES, SEED) < 0, "the mapping after a refused NOREPLACE changed");
	EXPECT_EQ(0, munmap(p + 6 * PAGE, 2 * PAGE), "munmap of the top two pages");
	EXPECT_ERRNO(mmap(p + 5 * PAGE, 2 * PAGE, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0), EEXIST,
		     "MAP_FIXED_NOREPLACE half over a mapping");
	q = mmap(p + 6 * PAGE, 2 * PAGE, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0);
	EXPECT(q == p + 6 * PAGE, "MAP_FIXED_NOREPLACE into the hole: expected %p, got %p",
	       (void *)(p + 6 * PAGE), (void *)q);
}

int main(void)
{
	char *p;

	test_start("map_fixed_replaces");
	p = map_anon(LEN, 0);
	fill_pages(p, NR_PAGES, SEED);
	check_fixed(p);
	check_noreplace(p);
	EXPECT_ERRNO(mmap(p + 1, PAGE, RW, ANON | MAP_FIXED, -1, 0), EINVAL,
		     "MAP_FIXED at a misaligned address");
	EXPECT_ERRNO(mmap(NULL, 0, RW, ANON, -1, 0), EINVAL, "mmap of length 0");
	EXPECT_ERRNO(mmap(p, 0, RW, ANON | MAP_FIXED, -1, 0), EINVAL, "MAP_FIXED of length 0");
	EXPECT(pages_hold(p, 2, SEED) < 0, "the mapping after the refused calls changed");
	munmap(p, LEN);
	return test_end();
}
