/*
 * kernel/crash.c - crash=MODE: fault on purpose, so a class can see what
 * each kind of report looks like.
 *
 *   pagefault      read an unmapped kernel address (not-present read)
 *   nullderef      write through a NULL pointer (not-present write at 0)
 *   ud             execute ud2, an invalid opcode
 *   stackoverflow  recurse until init_task's vmalloc stack runs into the
 *                  unmapped page below it; the page fault cannot be
 *                  delivered on the full stack, so it becomes a double
 *                  fault on the IST stack, which names the task and its
 *                  stack range
 *   doublefault    point rsp at unmapped memory and trap: the CPU cannot
 *                  push the exception frame, faults again, double fault
 * Each ends in die() -> panic() -> power-off with EXIT_PANIC; none resets.
 */
#include <mneme/crash.h>
#include <mneme/kernel.h>
#include <mneme/printk.h>
#include <mneme/string.h>

/* A canonical kernel address with nothing mapped (PML4 slot 320). */
#define UNMAPPED_KERNEL_ADDR	0xffffa00000000000UL

static __noinline void crash_pagefault(void)
{
	volatile unsigned long *p = (volatile unsigned long *)UNMAPPED_KERNEL_ADDR;

	pr_info("crash: reading unmapped address %p\n", (void *)p);
	(void)*p;
}

static __noinline void crash_nullderef(void)
{
	volatile int *p = NULL;

	pr_info("crash: writing through a NULL pointer\n");
	*p = 1;
}

static __noinline void crash_ud(void)
{
	pr_info("crash: executing ud2\n");
	__asm__ __volatile__("ud2");
}

/* Never reached; a limit gcc cannot see through keeps -Winfinite-recursion quiet. */
static volatile int recurse_limit = 1 << 30;

/* Each frame holds a 512-byte buffer the compiler cannot optimise away. */
static __noinline int crash_recurse(int depth)
{
	volatile char frame[512];

	if (depth > recurse_limit)
		return 0;
	frame[0] = (char)depth;
	return crash_recurse(depth + 1) + frame[0];
}

static __noinline void crash_stackoverflow(void)
{
	pr_info("crash: recursing until the kernel stack overflows\n");
	crash_recurse(0);
}

static __noinline void crash_doublefault(void)
{
	pr_info("crash: int3 with rsp pointing at unmapped memory\n");
	__asm__ __volatile__("movq %0, %%rsp\n\tint3"
			     : : "r"(UNMAPPED_KERNEL_ADDR) : "memory");
}

static const struct {
	const char *name;
	void (*fn)(void);
} crash_modes[] = {
	{ "pagefault", crash_pagefault },
	{ "nullderef", crash_nullderef },
	{ "ud", crash_ud },
	{ "stackoverflow", crash_stackoverflow },
	{ "doublefault", crash_doublefault },
};

void crash_trigger(const char *mode)
{
	for (size_t i = 0; i < ARRAY_SIZE(crash_modes); i++) {
		if (strcmp(mode, crash_modes[i].name) == 0) {
			crash_modes[i].fn();
			panic("crash=%s did not crash", mode);
		}
	}
	pr_err("crash=%s: unknown mode; known: pagefault nullderef ud stackoverflow doublefault\n",
	       mode);
}
