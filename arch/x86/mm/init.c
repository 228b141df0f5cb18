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
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <mneme/kernel.h>
#include <mneme/memblock.h>
#include <mneme/mm.h>
#include <mneme/pgtable.h>
#include <mneme/printk.h>
#include <mneme/string.h>

pgd_t init_top_pgt[PTRS_PER_PGD] __aligned(PAGE_SIZE);
unsigned long __supported_pte_mask = ~_PAGE_NX;
static unsigned long pgtable_pages;	/* pages of tables built, for the log */

extern char _kernel_phys_start[], boot_stack_guard[];
extern char early_pgtables_start[], early_pgtables_end[];

/*
 * A zeroed page for a page table, reachable through the boot direct map.
 * These come from memblock, before the buddy allocator exists, and stay
 * for good (PG_reserved), so they are not marked PG_table.
 */
static void *alloc_low_pgtable_page(void)
{
	phys_addr_t pa = memblock_phys_alloc_range(PAGE_SIZE, PAGE_SIZE, 0,
						   EARLY_DIRECT_MAP_SIZE);
	void *table;

	if (!pa)
		panic("out of memory for the kernel page tables");
	table = __va(pa);
	memset(table, 0, PAGE_SIZE);
	pgtable_pages++;
	return table;
}

/* The entries below va at each level, allocating tables that are missing. */
static pud_t *early_pud(unsigned long va)
{
	p4d_t *p4d = p4d_offset(pgd_offset_k(va), va);

	if (p4d_none(*p4d))
		p4d_populate(p4d, alloc_low_pgtable_page());
	return pud_offset(p4d, va);
}

static pmd_t *early_pmd(unsigned long va)
{
	pud_t *pud = early_pud(va);

	if (pud_none(*pud))
		pud_populate(pud, alloc_low_pgtable_page());
	BUG_ON(pud_leaf(*pud));
	return pmd_offset(pud, va);
}

static pte_t *early_pte(unsigned long va)
{
	pmd_t *pmd = early_pmd(va);

	if (pmd_none(*pmd))
		pmd_populate_kernel(pmd, alloc_low_pgtable_page());
	BUG_ON(pmd_leaf(*pmd));
	return pte_offset_kernel(pmd, va);
}

static void map_direct_range(phys_addr_t end)
{
	bool gbpages = boot_cpu_has(X86_FEATURE_GBPAGES);
	unsigned long step = gbpages ? PUD_SIZE : PMD_SIZE;
	unsigned long prot = (__PAGE_KERNEL | _PAGE_PSE) & __supported_pte_mask;

	for (phys_addr_t pa = 0; pa < end; pa += step) {
		unsigned long va = (unsigned long)__va(pa);

		if (gbpages)
			*early_pud(va) = __pud(pa | prot);
		else
			*early_pmd(va) = __pmd(pa | prot);
	}
	pr_info("init_memory_mapping: [mem 0x%016lx-0x%016lx] with %s pages\n",
		0UL, (unsigned long)end - 1, gbpages ? "1G" : "2M");
}

/* Protection of one page of the kernel image, by section. */
static pgprot_t image_page_prot(unsigned long va)
{
	if (va == (unsigned long)boot_stack_guard)
		return PAGE_NONE;	/* not present: the stack guard */
	if (va < (unsigned long)_srodata)
		return PAGE_KERNEL_RX;
	if (va < (unsigned long)_sdata)
		return PAGE_KERNEL_RO;
	return PAGE_KERNEL;
}

static void map_kernel_image(void)
{
	unsigned long start = ALIGN_DOWN((unsigned long)_text, PAGE_SIZE);
	unsigned long end = ALIGN((unsigned long)_end, PAGE_SIZE);

	for (unsigned long va = start; va < end; va += PAGE_SIZE) {
		pgprot_t prot = image_page_prot(va);

		set_pte(early_pte(va), pgprot_val(prot) ?
			pfn_pte(PFN_DOWN(__pa_symbol(va)), prot) : __pte(0));
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
		__supported_pte_mask |= _PAGE_NX;
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

pte_t *lookup_address(unsigned long va, enum pg_level *level)
{
	p4d_t *p4d = p4d_offset(pgd_offset_k(va), va);
	pud_t *pud;
	pmd_t *pmd;
	pte_t *pte;

	*level = PG_LEVEL_NONE;
	if (!p4d_present(*p4d))
		return NULL;
	pud = pud_offset(p4d, va);
	if (!pud_present(*pud))
		return NULL;
	*level = PG_LEVEL_1G;
	if (pud_leaf(*pud))
		return (pte_t *)pud;
	pmd = pmd_offset(pud, va);
	*level = PG_LEVEL_2M;
	if (pmd_leaf(*pmd))
		return (pte_t *)pmd;
	*level = PG_LEVEL_NONE;
	if (!pmd_present(*pmd))
		return NULL;
	pte = pte_offset_kernel(pmd, va);
	*level = pte_present(*pte) ? PG_LEVEL_4K : PG_LEVEL_NONE;
	return pte_present(*pte) ? pte : NULL;
}

phys_addr_t kernel_pgd_phys(void)
{
	return __pa_symbol(init_top_pgt);
}
