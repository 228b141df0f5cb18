/*
 * arch/x86/mm/init.c - the kernel's own page tables.
 *
 * The boot tables (boot/head.asm) map 4 GiB twice (identity and direct
 * map) and the first GiB a third time (the kernel image), with 2 MiB
 * pages, all writable and executable.  init_mem_mapping() replaces them with
 * init_top_pgt, which has
 *
 *   PAGE_OFFSET + [0, max(4 GiB, end of RAM))   the direct map: 1 GiB pages
 *                                               when the CPU has them, else
 *                                               2 MiB; read/write, never
 *                                               executable
 *   __START_KERNEL_map + the image              4 KiB pages: text read-only
 *                                               and executable, rodata
 *                                               read-only, data and bss
 *                                               writable; neither executable
 *                                               (W^X), the boot stack's
 *                                               guard page not mapped
 *
 * and no identity map, so address 0 faults.  Page-table pages come from
 * memblock, below 4 GiB so the boot direct map can fill them in.
 *
 * Linux maps only RAM in the direct map, maps the first MiB with 4 KiB
 * pages, and reaches device memory through ioremap().  We map the whole
 * first 4 GiB with large pages because the framebuffer, VGA memory and
 * ACPI tables live there and there is no ioremap() yet.  On a real PC a
 * large page that spans MTRR ranges of different memory types (the VGA
 * hole, the PCI hole) is, by the Intel SDM (vol. 3, 11.11.9), undefined
 * in its caching; QEMU does not care.  A known shortcut, to be replaced
 * by RAM-only large pages and ioremap() for devices.
 * Linux: arch/x86/mm/init.c, init_64.c (kernel_physical_mapping_init),
 * and mm/pat/set_memory.c for the image permissions.
 */
#include <asm/cpufeature.h>
#include <asm/pgtable_types.h>
#include <asm/processor.h>
#include <mneme/kernel.h>
#include <mneme/memblock.h>
#include <mneme/mm.h>
#include <mneme/pgtable.h>
#include <mneme/printk.h>
#include <mneme/string.h>

static u64 init_top_pgt[PTRS_PER_TABLE] __aligned(PAGE_SIZE);
static unsigned long supported_pte_mask = ~_PAGE_NX;
static unsigned long pgtable_pages;	/* pages of tables built, for the log */

extern char _kernel_phys_start[], boot_stack_guard[];
extern char early_pgtables_start[], early_pgtables_end[];

/* A zeroed page for a page table, reachable through the boot direct map. */
static u64 *alloc_low_pgtable_page(void)
{
	phys_addr_t pa = memblock_phys_alloc_range(PAGE_SIZE, PAGE_SIZE, 0,
						   EARLY_DIRECT_MAP_SIZE);
	u64 *table;

	if (!pa)
		panic("out of memory for the kernel page tables");
	table = __va(pa);
	memset(table, 0, PAGE_SIZE);
	pgtable_pages++;
	return table;
}

/* The table an entry points to, allocating it when the entry is empty. */
static u64 *table_below(u64 *entry)
{
	if (!(*entry & _PAGE_PRESENT)) {
		u64 *table = alloc_low_pgtable_page();

		*entry = __pa(table) | _KERNPG_TABLE;
	}
	BUG_ON(*entry & _PAGE_PSE);
	return __va(*entry & PTE_PFN_MASK);
}

static void map_direct_range(phys_addr_t end)
{
	bool gbpages = boot_cpu_has(X86_FEATURE_GBPAGES);
	unsigned long step = gbpages ? PUD_SIZE : PMD_SIZE;
	u64 prot = (__PAGE_KERNEL | _PAGE_PSE) & supported_pte_mask;

	for (phys_addr_t pa = 0; pa < end; pa += step) {
		unsigned long va = (unsigned long)__va(pa);
		u64 *pud = table_below(&init_top_pgt[pgd_index(va)]);

		if (gbpages) {
			pud[pud_index(va)] = pa | prot;
			continue;
		}
		table_below(&pud[pud_index(va)])[pmd_index(va)] = pa | prot;
	}
	pr_info("init_memory_mapping: [mem 0x%016lx-0x%016lx] with %s pages\n",
		0UL, (unsigned long)end - 1, gbpages ? "1G" : "2M");
}

/* Protection of one page of the kernel image, by section. */
static u64 image_page_prot(unsigned long va)
{
	if (va == (unsigned long)boot_stack_guard)
		return 0;		/* not present: the stack guard */
	if (va < (unsigned long)_srodata)
		return __PAGE_KERNEL_RX;
	if (va < (unsigned long)_sdata)
		return __PAGE_KERNEL_RO & supported_pte_mask;
	return __PAGE_KERNEL & supported_pte_mask;
}

static void map_kernel_image(void)
{
	unsigned long start = ALIGN_DOWN((unsigned long)_text, PAGE_SIZE);
	unsigned long end = ALIGN((unsigned long)_end, PAGE_SIZE);

	for (unsigned long va = start; va < end; va += PAGE_SIZE) {
		u64 *pud = table_below(&init_top_pgt[pgd_index(va)]);
		u64 *pmd = table_below(&pud[pud_index(va)]);
		u64 *pte = table_below(&pmd[pmd_index(va)]);
		u64 prot = image_page_prot(va);

		pte[pte_index(va)] = prot ? (__pa_symbol(va) | prot) : 0;
	}
	pr_info("Kernel image: text %luK r-x, rodata %luK r--, data+bss %luK rw-, stack guard page unmapped\n",
		(unsigned long)(_etext - _text) >> 10,
		(unsigned long)(_sdata - _srodata) >> 10,
		(unsigned long)(_end - _sdata) >> 10);
}

void init_mem_mapping(void)
{
	phys_addr_t end = max(memblock_end_of_DRAM(), (phys_addr_t)EARLY_DIRECT_MAP_SIZE);

	if (boot_cpu_has(X86_FEATURE_NX))
		supported_pte_mask |= _PAGE_NX;
	end = ALIGN(end, PUD_SIZE);
	map_direct_range(end);
	map_kernel_image();
	write_cr3(__pa_symbol(init_top_pgt));
	memblock_set_current_limit(MEMBLOCK_ALLOC_ANYWHERE);
	/* global entries survive a CR3 write: toggle PGE to flush them too */
	write_cr4(read_cr4() & ~X86_CR4_PGE);
	write_cr4(read_cr4() | (boot_cpu_has(X86_FEATURE_PGE) ? X86_CR4_PGE : 0));
	pr_info("Switched to the kernel page tables (%lu table pages, %luK)\n",
		pgtable_pages, pgtable_pages * (PAGE_SIZE >> 10));
}

/* The 4 KiB tables of boot/head.asm, between the two labels it exports. */
void free_boot_page_tables(void)
{
	phys_addr_t first = (phys_addr_t)early_pgtables_start;
	phys_addr_t last = (phys_addr_t)early_pgtables_end;
	unsigned long n = 0;

	for (phys_addr_t pa = first; pa < last; pa += PAGE_SIZE, n++)
		free_reserved_page(pfn_to_page(PFN_DOWN(pa)));
	pr_info("Freeing boot page tables: %luK\n", n * (PAGE_SIZE >> 10));
}

u64 *lookup_address(unsigned long va, enum pg_level *level)
{
	u64 *entry = &init_top_pgt[pgd_index(va)];
	enum pg_level lvl = PG_LEVEL_NONE;

	for (int shift = PUD_SHIFT; shift >= PAGE_SHIFT; shift -= 9) {
		u64 *table;

		if (!(*entry & _PAGE_PRESENT))
			break;
		table = __va(*entry & PTE_PFN_MASK);
		entry = &table[(va >> shift) & (PTRS_PER_TABLE - 1)];
		lvl = shift == PUD_SHIFT ? PG_LEVEL_1G :
		      shift == PMD_SHIFT ? PG_LEVEL_2M : PG_LEVEL_4K;
		if ((*entry & _PAGE_PSE) || lvl == PG_LEVEL_4K)
			break;
	}
	*level = (*entry & _PAGE_PRESENT) ? lvl : PG_LEVEL_NONE;
	return (*entry & _PAGE_PRESENT) ? entry : NULL;
}

phys_addr_t kernel_pgd_phys(void)
{
	return __pa_symbol(init_top_pgt);
}
