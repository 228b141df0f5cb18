/*
 * arch/x86/mm/fault.c - what the page-fault report shows about the page
 * tables: dump_pagetable(addr) walks from CR3 to the entry for addr and
 * prints each level's entry with its flags decoded, stopping at a leaf
 * (4 KiB pte, 2 MiB pmd, 1 GiB pud) or at the first entry that is not
 * present, which is where the CPU's walk failed.
 *
 * Linux prints the same walk on one line ("PGD 1a3067 P4D 1a3067 PUD
 * 1a4067 PMD 0"); we print a line per level with the index and decoded
 * flags, since reading it is the lesson.  Each table is read through the
 * direct map with a probing load, so a corrupt entry pointing nowhere
 * gives "unreadable" rather than a fault inside the fault report.
 * issue 6 adds do_page_fault() here.  Linux: arch/x86/mm/fault.c.
 */
#include <asm/extable.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <mneme/kernel.h>
#include <mneme/pgtable.h>
#include <mneme/printk.h>
#include <mneme/sprintf.h>

/* "P RW US A D PS G NX" for the bits that are set. */
static void format_entry_flags(char *buf, size_t size, unsigned long e)
{
	static const struct { unsigned long bit; const char *name; } bits[] = {
		{ _PAGE_PRESENT, "P" }, { _PAGE_RW, "RW" }, { _PAGE_USER, "US" },
		{ _PAGE_PWT, "PWT" }, { _PAGE_PCD, "PCD" }, { _PAGE_ACCESSED, "A" },
		{ _PAGE_DIRTY, "D" }, { _PAGE_PSE, "PS" }, { _PAGE_GLOBAL, "G" },
		{ _PAGE_NX, "NX" },
	};
	int n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(bits); i++)
		if (e & bits[i].bit)
			n += scnprintf(buf + n, size - n, "%s%s", n ? " " : "",
				       bits[i].name);
}

static const char *const level_names[] = { "PGD", "PUD", "PMD", "PTE" };
static const int level_shifts[] = { PGDIR_SHIFT, PUD_SHIFT, PMD_SHIFT, PAGE_SHIFT };

/* Print one entry; true when the walk goes on to the next level. */
static bool show_entry(int level, unsigned long index, unsigned long e)
{
	char flags[48];
	bool leaf = level == 3 || (level > 0 && (e & _PAGE_PSE));

	if (!(e & _PAGE_PRESENT)) {
		pr_emerg("  %s[%03lu] %016lx  not present\n", level_names[level], index, e);
		return false;
	}
	format_entry_flags(flags, sizeof(flags), e);
	if (leaf)
		pr_emerg("  %s[%03lu] %016lx  %s -> %s page at phys 0x%lx\n",
			 level_names[level], index, e, flags,
			 level == 1 ? "1G" : level == 2 ? "2M" : "4K",
			 e & PTE_PFN_MASK);
	else
		pr_emerg("  %s[%03lu] %016lx  %s -> %s table at phys 0x%lx\n",
			 level_names[level], index, e, flags,
			 level_names[level + 1], e & PTE_PFN_MASK);
	return !leaf;
}

void dump_pagetable(unsigned long addr)
{
	phys_addr_t table = read_cr3() & PTE_PFN_MASK;

	pr_emerg("Page-table walk for 0x%016lx (CR3 0x%lx):\n", addr,
		 (unsigned long)table);
	for (int level = 0; level < 4; level++) {
		unsigned long index = (addr >> level_shifts[level]) & (PTRS_PER_TABLE - 1);
		u64 e;

		if (probe_kernel_read_u64((u64 *)__va(table) + index, &e)) {
			pr_emerg("  %s table at phys 0x%lx: unreadable\n",
				 level_names[level], (unsigned long)table);
			return;
		}
		if (!show_entry(level, index, e))
			return;
		table = e & PTE_PFN_MASK;
	}
}
