/*
 * mm_early.h - the address-space constants and conversions that exist
 * before mm/ proper (issue 3 grows this into pgtable.h and page.h).
 *
 * The boot page tables (boot/head.asm) map physical 0..4 GiB at
 * PAGE_OFFSET, so __va() works there from kernel_main() on.
 */
#ifndef MNEME_MM_EARLY_H
#define MNEME_MM_EARLY_H

#include <mneme/types.h>

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#ifndef PAGE_OFFSET	/* host tests point it at a buffer of fake RAM */
#define PAGE_OFFSET		0xffff800000000000UL	/* direct map */
#endif
#define __START_KERNEL_map	0xffffffff80000000UL	/* kernel image */
#define EARLY_DIRECT_MAP_SIZE	(4UL << 30)	/* what boot/head.asm maps */

#define __va(pa)	((void *)((unsigned long)(pa) + PAGE_OFFSET))
#define __pa(va)	((phys_addr_t)((unsigned long)(va) - PAGE_OFFSET))
/* Physical address of a symbol in the kernel image. */
#define __pa_symbol(x)	((phys_addr_t)((unsigned long)(x) - __START_KERNEL_map))

/* Linker-script symbols (linker.ld). */
extern char _text[], _etext[], _srodata[], _erodata[], _sdata[], _edata[];
extern char __bss_start[], __bss_stop[], _end[];

#endif
