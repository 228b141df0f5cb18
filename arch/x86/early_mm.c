/*
 * arch/x86/early_mm.c - small changes to the boot page tables, until
 * arch/x86/mm/init.c replaces them with init_top_pgt.
 *
 * boot/head.asm maps 0..4 GiB three times with 2 MiB pages: identity, at
 * PAGE_OFFSET, and (the first GiB) at __START_KERNEL_map.  All three share
 * the same page directories (early_pd).  Here we
 *  - drop the identity map once we run in the high half, so a NULL
 *    pointer dereference faults as it should;
 *  - split the 2 MiB page holding the boot stack into 4 KiB pages and
 *    unmap the guard page below the stack, so an overflow faults.
 * The tables live in .boot.bss, linked at their physical address, so we
 * reach them through __va().
 */
#include <asm/processor.h>
#include <mneme/kernel.h>
#include <mneme/mm_early.h>
#include <mneme/printk.h>
#include <mneme/sprintf.h>
#include <mneme/stackguard.h>

#define PTE_PRESENT	(1UL << 0)
#define PTE_RW		(1UL << 1)
#define PTE_PSE		(1UL << 7)
#define PMD_SHIFT	21
#define PMD_SIZE	(1UL << PMD_SHIFT)
#define PTRS_PER_TABLE	512

extern u64 early_pml4[], early_pd[];
extern char boot_stack_guard[], boot_stack_bottom[], boot_stack_top[];

static u64 boot_stack_pt[PTRS_PER_TABLE] __aligned(PAGE_SIZE);

static void flush_tlb_all_early(void)
{
	write_cr3(read_cr3());
}

void early_unmap_identity(void)
{
	u64 *pml4 = __va((phys_addr_t)early_pml4);

	pml4[0] = 0;
	flush_tlb_all_early();
}

void boot_stack_guard_init(void)
{
	u64 *pd = __va((phys_addr_t)early_pd);
	phys_addr_t guard = __pa_symbol(boot_stack_guard);
	unsigned long pmd_index = guard >> PMD_SHIFT;
	phys_addr_t base = pmd_index << PMD_SHIFT;

	BUG_ON(!(pd[pmd_index] & PTE_PSE));
	for (int i = 0; i < PTRS_PER_TABLE; i++)
		boot_stack_pt[i] = (base + i * PAGE_SIZE) | PTE_PRESENT | PTE_RW;
	boot_stack_pt[(guard - base) >> PAGE_SHIFT] = 0;
	pd[pmd_index] = __pa_symbol(boot_stack_pt) | PTE_PRESENT | PTE_RW;
	flush_tlb_all_early();
}

const char *boot_stack_overflow_describe(unsigned long sp)
{
	static char desc[160];
	unsigned long guard = (unsigned long)boot_stack_guard;

	/* sp may sit just above the guard when the failing push was big */
	if (sp < guard || sp >= (unsigned long)boot_stack_bottom + 256)
		return NULL;
	scnprintf(desc, sizeof(desc),
		  "rsp 0x%016lx hit the guard page 0x%016lx below the boot stack [0x%016lx-0x%016lx]",
		  sp, guard, (unsigned long)boot_stack_bottom,
		  (unsigned long)boot_stack_top);
	return desc;
}
