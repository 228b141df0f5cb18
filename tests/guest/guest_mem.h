/*
 * tests/guest/guest_mem.h - helpers shared by the process-memory tests
 * (issue 6): free memory (sysinfo() and the per-CPU page lists), resident
 * memory (/proc/self/statm), a /proc/vmstat counter, fresh anonymous mappings, page patterns, and
 * catching the SIGSEGV of one access.
 *
 * Include after guest.h.  The SIGSEGV catcher is one per program: a
 * handler that records si_addr and si_code and leaves with siglongjmp()
 * (which restores the signal mask, so the next fault is delivered too).
 */
#ifndef TESTS_GUEST_GUEST_MEM_H
#define TESTS_GUEST_GUEST_MEM_H

#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>

#define PAGE		4096L
#define MIB		(1024L * 1024L)

/*
 * pcp_pages: the free pages waiting on the page allocator's per-CPU lists
 * (the "count:" lines of /proc/zoneinfo), 0 without that file.  Linux and
 * Mneme both leave them out of MemFree, and Linux keeps up to thousands
 * per CPU there, so an allocation served from them does not lower
 * MemFree at all.
 */
static inline long pcp_pages(void)
{
	char line[128];
	long count, total = 0;
	FILE *f = fopen("/proc/zoneinfo", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, " count: %ld", &count) == 1)
			total += count;
	fclose(f);
	return total;
}

/*
 * free_memory_bytes: memory no one uses, in bytes: sysinfo's freeram
 * (MemFree) plus the pages on the per-CPU lists.
 */
static inline long free_memory_bytes(void)
{
	struct sysinfo si;

	if (sysinfo(&si) != 0)
		test_abort("sysinfo");
	return (long)si.freeram * (long)si.mem_unit + pcp_pages() * PAGE;
}

/*
 * resident_bytes: this process's resident memory from /proc/self/statm
 * (its second field, in pages), or -1 without that file.  Unlike free
 * memory it does not move when other processes allocate.
 */
static inline long resident_bytes(void)
{
	long size, resident;
	FILE *f = fopen("/proc/self/statm", "r");

	if (!f)
		return -1;
	if (fscanf(f, "%ld %ld", &size, &resident) != 2)
		resident = -1;
	fclose(f);
	return resident < 0 ? -1 : resident * PAGE;
}

/* vmstat_counter: NAME's value in /proc/vmstat, or -1 if it has none. */
static inline long vmstat_counter(const char *name)
{
	char key[64];
	long value, found = -1;
	FILE *f = fopen("/proc/vmstat", "r");

	if (!f)
		return -1;
	while (fscanf(f, "%63s %ld", key, &value) == 2)
		if (strcmp(key, name) == 0) {
			found = value;
			break;
		}
	fclose(f);
	return found;
}

/* map_anon: LEN bytes of fresh private (or shared) anonymous memory. */
static inline char *map_anon(long len, int shared)
{
	int flags = (shared ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, flags, -1, 0);

	if (p == MAP_FAILED)
		test_abort("mmap of anonymous memory");
	return p;
}

static sigjmp_buf segv_env;
static volatile void *segv_addr;
static volatile int segv_code, segv_signo;

static void segv_handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	segv_signo = sig;
	segv_addr = si->si_addr;
	segv_code = si->si_code;
	siglongjmp(segv_env, 1);
}

/* catch_segv: install the handler; call once, first. */
static inline void catch_segv(void)
{
	struct sigaction sa = { .sa_sigaction = segv_handler, .sa_flags = SA_SIGINFO };

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSEGV, &sa, NULL) != 0)
		test_abort("sigaction(SIGSEGV)");
}

/*
 * expect_segv: read (write_it 0) or write ADDR and expect SIGSEGV with
 * si_addr ADDR and si_code CODE.  Returns 1 if it faulted.
 */
static inline int expect_segv(volatile char *addr, int write_it, int code, const char *what)
{
	segv_signo = 0;
	segv_addr = NULL;
	segv_code = 0;
	if (sigsetjmp(segv_env, 1) == 0) {
		if (write_it)
			*addr = 0x5a;
		else
			(void)*addr;
		/* keep the failure count's update after the access that should fault */
		__asm__ __volatile__("" ::: "memory");
		EXPECT(0, "%s: expected SIGSEGV at %p, the access did not fault",
		       what, (void *)addr);
		return 0;
	}
	EXPECT(segv_signo == SIGSEGV, "%s: expected signal %d, got %d", what, SIGSEGV, segv_signo);
	EXPECT(segv_addr == (void *)addr, "%s: expected si_addr %p, got %p",
	       what, (void *)addr, (void *)segv_addr);
	EXPECT(segv_code == code, "%s: expected si_code %d, got %d", what, code, segv_code);
	return 1;
}

/* expect_no_segv: the access to ADDR works (no fault); returns 1 if so. */
static inline int expect_no_segv(volatile char *addr, int write_it, const char *what)
{
	segv_signo = 0;
	if (sigsetjmp(segv_env, 1) == 0) {
		if (write_it)
			*addr = *addr;
		else
			(void)*addr;
		return 1;
	}
	EXPECT(0, "%s: expected no fault at %p, got signal %d si_code %d at %p",
	       what, (void *)addr, segv_signo, segv_code, (void *)segv_addr);
	return 0;
}

/* fill_pages / pages_hold: one byte pattern per page, from SEED. */
static inline void fill_pages(char *p, long nr_pages, int seed)
{
	for (long i = 0; i < nr_pages; i++)
		p[i * PAGE] = (char)(seed + i);
}

/* pages_hold: the first page (index) that does not hold the pattern, or -1. */
static inline long pages_hold(const char *p, long nr_pages, int seed)
{
	for (long i = 0; i < nr_pages; i++)
		if (p[i * PAGE] != (char)(seed + i))
			return i;
	return -1;
}

/* first_nonzero: index of the first nonzero byte in [p, p+len), or -1. */
static inline long first_nonzero(const char *p, long len)
{
	for (long i = 0; i < len; i++)
		if (p[i])
			return i;
	return -1;
}

#endif
