/*
 * arch/x86/mm/set_memory.c - changing the protection of kernel pages
 * that are mapped with 4 KiB ptes (vmalloc areas, the kernel image).
 *
 * Each call checks that every page of [addr, addr + numpages pages) has
 * a pte, rewrites them through apply_to_existing_page_range(), then
 * flushes those pages from the TLB: a page that loses a right must not
 * keep it in a stale TLB entry.  The
 * direct map uses 1 GiB/2 MiB pages; Linux splits such a page into 4 KiB
 * ones before changing part of it (cpa's split_large_page()), we refuse
 * with -EINVAL, which is enough for vmalloc.
 * Linux: arch/x86/mm/pat/set_memory.c (change_page_attr_set_clr()).
 */
#include <mneme/kernel.h>
#include <mneme/pgtable.h>
#include <mneme/tlbflush.h>
#include <uapi/errno.h>

struct cpa_data {
	unsigned long set, clear;
	bool check_only;	/* first pass: is every page mapped? */
	int done;		/* ptes seen: fewer than asked means a hole */
};

static int change_pte_prot(pte_t *pte, unsigned long addr, void *data)
{
	struct cpa_data *cpa = data;

	(void)addr;
	if (!pte_present(*pte))
		return -EINVAL;		/* a hole: nothing to protect */
	if (!cpa->check_only)
		set_pte(pte, pte_clear_flags(pte_set_flags(*pte, cpa->set), cpa->clear));
	cpa->done++;
	return 0;
}

/* Both passes walk the same ptes; all change, or (a hole) none. */
static int change_page_attr(unsigned long addr, int numpages,
			    unsigned long set, unsigned long clear)
{
	struct cpa_data cpa = { .set = set, .clear = clear, .check_only = true };
	unsigned long size = (unsigned long)numpages << PAGE_SHIFT;
	int err;

	if ((addr & (PAGE_SIZE - 1)) || numpages <= 0)
		return -EINVAL;
	err = apply_to_existing_page_range(&init_mm, addr, size, change_pte_prot, &cpa);
	if (err || cpa.done != numpages)
		return -EINVAL;
	cpa.check_only = false;
	apply_to_existing_page_range(&init_mm, addr, size, change_pte_prot, &cpa);
	flush_tlb_kernel_range(addr, addr + size);
	return 0;
}

int set_memory_ro(unsigned long addr, int numpages)
{
	return change_page_attr(addr, numpages, 0, _PAGE_RW);
}

int set_memory_rw(unsigned long addr, int numpages)
{
	return change_page_attr(addr, numpages, _PAGE_RW, 0);
}

int set_memory_nx(unsigned long addr, int numpages)
{
	return change_page_attr(addr, numpages, _PAGE_NX & __supported_pte_mask, 0);
}

int set_memory_x(unsigned long addr, int numpages)
{
	return change_page_attr(addr, numpages, 0, _PAGE_NX);
}
