/*
 * arch/x86/mm/tlb.c - flushing the TLB (see <mneme/tlbflush.h>).
 *
 * invlpg drops the translation of one page, global or not, and (Intel
 * SDM vol. 3, 4.10.4.1) every cached upper-level entry too.  Flushing
 * everything, global entries included, is a toggle of CR4.PGE; a CR3
 * write would keep the global (kernel) entries.  Linux: arch/x86/mm/tlb.c.
 */
#include <asm/cpufeature.h>
#include <asm/processor.h>
#include <mneme/irqflags.h>
#include <mneme/mm_early.h>
#include <mneme/tlbflush.h>

unsigned long nr_tlb_flush_one, nr_tlb_flush_all;

static inline void __flush_tlb_one(unsigned long addr)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"(addr) : "memory");
}

void flush_tlb_one_kernel(unsigned long addr)
{
	nr_tlb_flush_one++;
	__flush_tlb_one(addr);
}

void flush_tlb_all(void)
{
	unsigned long flags = local_irq_save();
	unsigned long cr4 = read_cr4();

	nr_tlb_flush_all++;
	if (cr4 & X86_CR4_PGE) {
		write_cr4(cr4 & ~X86_CR4_PGE);
		write_cr4(cr4);
	} else {
		write_cr3(read_cr3());
	}
	local_irq_restore(flags);
}

void flush_tlb_kernel_range(unsigned long start, unsigned long end)
{
	if ((end - start) >> PAGE_SHIFT > TLB_SINGLE_PAGE_FLUSH_CEILING) {
		flush_tlb_all();
		return;
	}
	for (unsigned long addr = start & ~(PAGE_SIZE - 1); addr < end; addr += PAGE_SIZE)
		flush_tlb_one_kernel(addr);
}
