/*
 * mman.h - the memory calls beyond mmap/munmap/mprotect/brk: mremap()
 * (mm/mremap.c), madvise() (mm/madvise.c) and mincore() (mm/mincore.c),
 * each on a given mm as do_mmap() is, so that ktests can drive them on an
 * mm of their own.  Flag values: <uapi/mman.h>.
 */
#ifndef MNEME_MMAN_H
#define MNEME_MMAN_H

#include <mneme/mm_types.h>

/* mremap(): the (new) address of the mapping, or -errno. */
long do_mremap(struct mm_struct *mm, unsigned long addr, unsigned long old_len,
	       unsigned long new_len, unsigned long flags, unsigned long new_addr);
/* Move the ptes of [old_addr, +len) to new_addr on; the bytes moved. */
unsigned long move_page_tables(struct mm_struct *mm, unsigned long old_addr,
			       unsigned long new_addr, unsigned long len);

/* madvise(): 0 or -errno. */
long do_madvise(struct mm_struct *mm, unsigned long start, unsigned long len_in,
		int behavior);
/* Clear the ptes of [start, end) in vma, their pages freed (MADV_DONTNEED). */
void zap_page_range(struct vm_area_struct *vma, unsigned long start, unsigned long end);

/* mincore() of up to pages pages from addr, in one VMA: pages done, or -ENOMEM. */
long do_mincore(struct mm_struct *mm, unsigned long addr, unsigned long pages,
		unsigned char *vec);

#endif
