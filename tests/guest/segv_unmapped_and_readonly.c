/*
 * segv_unmapped_and_readonly - a bad memory access delivers SIGSEGV with
 * the faulting address in si_addr and the reason in si_code: a write to
 * a page that was mapped and then unmapped is SEGV_MAPERR, as is a read
 * at address 16 (the NULL page); a write to a page made read-only with
 * mprotect(PROT_READ) is SEGV_ACCERR, while reading it still works.  The
 * handler leaves with siglongjmp(), which restores the signal mask, so
 * the next fault is delivered too.
 */
#include "guest.h"
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>

#define PAGE		4096
#define OFFSET		123	/* not page-aligned: si_addr must be exact */
#define LOW_ADDR	16
#define MARK		0x42

static sigjmp_buf env;
static volatile void *fault_addr;
static volatile int fault_code, fault_signo;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	fault_signo = sig;
	fault_addr = si->si_addr;
	fault_code = si->si_code;
	siglongjmp(env, 1);
}

/* write (or read) *addr and expect SIGSEGV at addr with code. */
static void expect_segv(volatile char *addr, int write_it, int code, const char *what)
{
	fault_signo = 0;
	fault_addr = NULL;
	fault_code = 0;
	if (sigsetjmp(env, 1) == 0) {
		if (write_it)
			*addr = MARK;
		else
			(void)*addr;
		EXPECT(0, "%s: the access at %p did not fault", what, (void *)addr);
		return;
	}
	EXPECT_EQ(SIGSEGV, fault_signo, "the signal");
	EXPECT(fault_addr == (void *)addr, "%s: expected si_addr %p, got %p",
	       what, (void *)addr, (void *)fault_addr);
	EXPECT(fault_code == code, "%s: expected si_code %d, got %d", what, code, fault_code);
}

int main(void)
{
	struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_SIGINFO };
	char *p;

	test_start("segv_unmapped_and_readonly");
	sigemptyset(&sa.sa_mask);
	EXPECT_EQ(0, sigaction(SIGSEGV, &sa, NULL), "sigaction(SIGSEGV)");

	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		test_abort("mmap of one page");
	EXPECT_EQ(0, munmap(p, PAGE), "munmap");
	expect_segv(p + OFFSET, 1, SEGV_MAPERR, "write to an unmapped page");
	expect_segv((char *)(uintptr_t)LOW_ADDR, 0, SEGV_MAPERR, "read at address 16");

	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		test_abort("mmap of one page");
	p[OFFSET] = MARK;
	EXPECT_EQ(0, mprotect(p, PAGE, PROT_READ), "mprotect(PROT_READ)");
	EXPECT_EQ(MARK, p[OFFSET], "reading the read-only page");
	expect_segv(p + OFFSET, 1, SEGV_ACCERR, "write to a read-only page");
	/* A second time: the mask was restored by siglongjmp. */
	expect_segv(p + OFFSET + 1, 1, SEGV_ACCERR, "a second write to the read-only page");
	EXPECT_EQ(MARK, p[OFFSET], "the read-only byte after the faulting writes");
	munmap(p, PAGE);
	return test_end();
}
