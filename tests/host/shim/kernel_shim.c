/*
 * tests/host/shim/kernel_shim.c - the kernel outside mm/ and lib/, as far
 * as mm/ needs it in the host test binary.
 *
 * mm/ calls printk, panic, warn_slowpath, dump_stack, sprint_symbol and
 * ktime_get_ns, and mm/mm_init.c also reads boot_info, the command line
 * and linker-script symbols.  Here they are host code:
 *
 *   printk/vprintk    format with the kernel's vscnprintf (lib/), append
 *                     to a capture buffer (kernel_shim.h), and print to
 *                     stdout only with HOST_PRINTK=1;
 *   panic             print the message and abort(): the test's process
 *                     dies, so the test fails, with the reason on stdout;
 *   dump_stack        one line into the capture (no kernel backtrace here;
 *                     ASan's reports carry the host's);
 *   sprint_symbol     the bare address, as the kernel does for an address
 *                     it has no symbol for;
 *   ktime_get_ns      CLOCK_MONOTONIC.
 *
 * It also owns the fake RAM behind PAGE_OFFSET (host_shim.h) and the
 * interrupt flag of the irqflags shim.  This file is not a test: host.mk
 * builds it like one (host headers, k_ names for the kernel's lib/).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "../kernel_lib.h"
#include "kernel_shim.h"
#include <mneme/bootinfo.h>
#include <mneme/kallsyms.h>
#include <mneme/kernel.h>
#include <mneme/mm_early.h>
#include <mneme/params.h>
#include <mneme/pgtable.h>
#include <mneme/printk.h>
#include <mneme/tlbflush.h>
#include <mneme/vma.h>
#include <mneme/stacktrace.h>
#include <mneme/time.h>
#include <mneme/uaccess.h>

/* ---- fake RAM and interrupts -------------------------------------------- */

unsigned char *host_fake_ram;
bool host_irqs_off;

/*
 * mmap()ed rather than a global array, so LeakSanitizer does not scan
 * 64 MiB for pointers at the end of every test, and so that an unmapped
 * guard page can follow it.  Untouched pages cost nothing.
 */
__attribute__((constructor)) static void host_fake_ram_init(void)
{
	size_t guard = 4096;
	unsigned char *p = mmap(NULL, HOST_FAKE_RAM_SIZE + guard,
				PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
				-1, 0);

	if (p == MAP_FAILED || mprotect(p + HOST_FAKE_RAM_SIZE, guard, PROT_NONE)) {
		perror("host tests: fake RAM");
		exit(2);
	}
	host_fake_ram = p;
}

/* ---- printk ------------------------------------------------------------- */

#define PRINTK_MSG_MAX	1024	/* as kernel/printk.c */

static char printk_buf[HOST_PRINTK_BUF_SIZE];
static size_t printk_len;
static unsigned long warn_count;

static bool printk_to_stdout(void)
{
	const char *s = getenv("HOST_PRINTK");

	return s && *s && strcmp(s, "0") != 0;
}

static void printk_store(const char *s, size_t n)
{
	if (n >= HOST_PRINTK_BUF_SIZE / 2)
		n = HOST_PRINTK_BUF_SIZE / 2 - 1;
	if (printk_len + n >= HOST_PRINTK_BUF_SIZE) {	/* keep the newer half */
		size_t drop = printk_len - HOST_PRINTK_BUF_SIZE / 2 + n;

		memmove(printk_buf, printk_buf + drop, printk_len - drop);
		printk_len -= drop;
	}
	memcpy(printk_buf + printk_len, s, n);
	printk_len += n;
	printk_buf[printk_len] = '\0';
}

int vprintk(const char *fmt, va_list args)
{
	char msg[PRINTK_MSG_MAX];
	const char *text = msg;
	int n = k_vscnprintf(msg, sizeof(msg), fmt, args);

	if (msg[0] == KERN_SOH[0] && msg[1])	/* the level: not shown */
		text += 2;
	printk_store(text, (size_t)n - (size_t)(text - msg));
	if (printk_to_stdout())
		fputs(text, stdout);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

const char *host_printk_buffer(void)
{
	return printk_buf;
}

void host_printk_reset(void)
{
	printk_len = 0;
	printk_buf[0] = '\0';
}

bool host_printk_contains(const char *s)
{
	return strstr(printk_buf, s) != NULL;
}

unsigned long host_warn_count(void)
{
	return warn_count;
}

/* ---- panic, WARN, backtraces --------------------------------------------- */

__noreturn void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk(KERN_EMERG "Kernel panic - not syncing: %s\n", msg);
	printf("  Kernel panic - not syncing: %s\n", msg);
	fflush(stdout);
	abort();
}

void warn_slowpath(const char *file, int line, const char *cond)
{
	warn_count++;
	pr_warn("------------[ cut here ]------------\n");
	pr_warn("WARNING: %s:%d: %s\n", file, line, cond);
	dump_stack();
	pr_warn("---[ end trace ]---\n");
}

void dump_stack(void)
{
	pr_warn("Call Trace: (not on the host)\n");
}

int sprint_symbol(char *buf, size_t size, unsigned long addr)
{
	return k_scnprintf(buf, size, "0x%lx", addr);
}

/* ---- user memory --------------------------------------------------------- */

/*
 * mm/filemap.c copies to and from user memory.  The host has one address
 * space, so a "user" pointer is an ordinary pointer and nothing faults.
 */
unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	memcpy(to, (const void *)from, n);
	return 0;
}

unsigned long raw_copy_from_user(void *to, const void __user *from, unsigned long n)
{
	memcpy(to, (const void *)from, n);
	return 0;
}

unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	memcpy((void *)to, from, n);
	return 0;
}

unsigned long clear_user(void __user *to, unsigned long n)
{
	memset((void *)to, 0, n);
	return 0;
}

/* ---- time ---------------------------------------------------------------- */

u64 ktime_get_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * NSEC_PER_SEC + (u64)ts.tv_nsec;
}

/* ---- what mm/mm_init.c reads from the rest of the kernel ----------------- */

struct boot_info boot_info = { .cmdline = "", .bootloader = "" };

static struct cmdline host_cmdline;

int host_params_set(const char *text)
{
	return cmdline_parse(&host_cmdline, text);
}

const char *param_get(const char *key)
{
	return cmdline_get(&host_cmdline, key);
}

bool param_has(const char *key)
{
	return cmdline_has(&host_cmdline, key);
}

void free_boot_page_tables(void)
{
}

/*
 * The running task (kernel/sched/core.c), which mm/pftrace.c reads: none
 * on the host (<mneme/sched.h> does not build against the C library's
 * headers, so host tests stay off pftrace_fault(); ktests cover it).
 */
struct task_struct;
struct task_struct *current_task;

/*
 * Linker-script symbols (linker.ld) the host's linker does not provide:
 * placeholders, so sizes printed from them are meaningless on the host.
 * _etext, _edata, __bss_start and _end come from the host's own script.
 */
char _text[1], _srodata[1], _erodata[1], _sdata[1], __bss_stop[1];
char _kernel_phys_start[1], _kernel_phys_end[1];

/*
 * Page tables and the TLB (arch/x86/mm/init.c, tlb.c).  init_top_pgt is
 * host memory, not fake RAM: mm/ only indexes it, and the tables below it
 * come from the buddy allocator like the kernel's.  There is no TLB; the
 * flushes are counted and the last range remembered for tests.
 */
pgd_t init_top_pgt[PTRS_PER_PGD] __attribute__((aligned(4096)));
unsigned long __supported_pte_mask = ~0UL;	/* as on a CPU with NX */
unsigned long nr_tlb_flush_one, nr_tlb_flush_all;
unsigned long host_tlb_flush_start, host_tlb_flush_end;

void flush_tlb_one_kernel(unsigned long addr)
{
	nr_tlb_flush_one++;
	host_tlb_flush_start = addr;
	host_tlb_flush_end = addr + PAGE_SIZE;
}

void flush_tlb_kernel_range(unsigned long start, unsigned long end)
{
	nr_tlb_flush_one++;
	host_tlb_flush_start = start;
	host_tlb_flush_end = end;
}

void flush_tlb_all(void)
{
	nr_tlb_flush_all++;
	host_tlb_flush_start = 0;
	host_tlb_flush_end = ~0UL;
}

/*
 * No task runs on the host: mm/mmap.c and mm/memory.c only read current
 * for rlimits and fault counts, which the host tests do not reach.
 */
struct task_struct *current_task;

/*
 * VMAs (include/mneme/vma.h): the kernel takes them from vm_area_cachep
 * in kernel/fork.c; here they come from malloc(), so ASan sees every use
 * after free and LeakSanitizer every VMA left behind, and
 * host_vma_live counts the ones allocated and not yet freed.  With
 * host_vma_fail_at = n, the n-th allocation from now fails (once).
 */
long host_vma_live;
long host_vma_fail_at;

static bool vma_alloc_fails(void)
{
	return host_vma_fail_at > 0 && --host_vma_fail_at == 0;
}

struct vm_area_struct *vm_area_alloc(struct mm_struct *mm)
{
	struct vm_area_struct *vma = vma_alloc_fails() ? NULL : calloc(1, sizeof(*vma));

	if (vma) {
		vma->vm_mm = mm;
		RB_CLEAR_NODE(&vma->vm_rb);
		INIT_LIST_HEAD(&vma->shared);	/* on no i_mmap list yet */
		host_vma_live++;
	}
	return vma;
}

struct vm_area_struct *vm_area_dup(const struct vm_area_struct *orig)
{
	struct vm_area_struct *vma = vma_alloc_fails() ? NULL : malloc(sizeof(*vma));

	if (vma) {
		*vma = *orig;
		vma->vm_next = vma->vm_prev = NULL;
		RB_CLEAR_NODE(&vma->vm_rb);
		INIT_LIST_HEAD(&vma->shared);	/* not orig's place on i_mmap */
		host_vma_live++;
	}
	return vma;
}

void vm_area_free(struct vm_area_struct *vma)
{
	host_vma_live--;
	free(vma);
}

