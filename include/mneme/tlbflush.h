/*
 * tlbflush.h - telling the CPU a page-table entry changed.
 *
 * The TLB caches translations; after an entry loses rights or goes away,
 * the old translation must be flushed before anyone relies on the change.
 * (Adding a mapping or rights needs no flush on x86: a miss or a fault
 * re-walks the tables.)  Kernel mappings are global (_PAGE_GLOBAL), so a
 * CR3 write does not drop them; these do.  One CPU, so no shootdown IPIs.
 *
 *	flush_tlb_one_kernel(addr)       one page (invlpg)
 *	flush_tlb_kernel_range(s, e)     page by page up to a ceiling, then all
 *	flush_tlb_all()                  everything, global entries included
 *
 * No PCID: every CR3 write flushes the non-global entries.  Issue 6's
 * user mappings add flush_tlb_page(vma, addr) and flush_tlb_mm(mm).
 * Linux: arch/x86/include/asm/tlbflush.h, arch/x86/mm/tlb.c.
 */
#ifndef MNEME_TLBFLUSH_H
#define MNEME_TLBFLUSH_H

/* Beyond this many pages a range flush flushes everything (Linux: 33). */
#define TLB_SINGLE_PAGE_FLUSH_CEILING	33

void flush_tlb_one_kernel(unsigned long addr);
void flush_tlb_kernel_range(unsigned long start, unsigned long end);
void flush_tlb_all(void);

/* Counters, for tests and the docs' exercises. */
extern unsigned long nr_tlb_flush_one, nr_tlb_flush_all;

#endif
