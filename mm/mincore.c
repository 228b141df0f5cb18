/*
 * mm/mincore.c - mincore(): which pages of a range are resident.
 *
 * One byte per page, bit 0 set when the page is in memory, the other
 * bits 0.  With demand paging, "resident" means:
 *  - a present pte maps it (an anonymous page once touched, the zero
 *    page after a read, a page-cache page this process mapped);
 *  - or, where no pte is present, the page of the VMA's file (or shmem
 *    object) at that offset is in the page cache: another process, or a
 *    read(), brought it in.  Untouched anonymous memory is not resident.
 * Swap will add "swapped out: not resident" (Linux checks the swap
 * cache) when it lands.
 *
 * The vector is filled a page of bytes at a time in a kernel buffer and
 * copied out, as Linux does, so one call can cover any length.
 *
 * Data owned: none (the buffer is per call).  Invariants: reads only;
 * nothing is faulted in.  Locking: one CPU (Linux: mmap_lock for reading
 * and the page-table lock while walking ptes).
 * Linux: mm/mincore.c (sys_mincore, do_mincore, mincore_page,
 * mincore_pte_range, mincore_unmapped_range).
 */
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/mman.h>
#include <mneme/mmap.h>
#include <mneme/pagemap.h>
#include <mneme/pgtable.h>
#include <mneme/sched.h>
#include <mneme/slab.h>
#include <mneme/uaccess.h>
#include <mneme/vma.h>
#include <asm/syscall.h>
#include <uapi/errno.h>

#define MINCORE_RESIDENT	1	/* the only bit Linux defines */

/* Is the page at index in mapping's page cache (Linux: mincore_page())? */
static unsigned char mincore_page(struct address_space *mapping, unsigned long index)
{
	struct page *page = find_get_page(mapping, index);

	if (!page)
		return 0;
	put_page(page);
	return MINCORE_RESIDENT;
}

/* The page cache behind vma's pages, or NULL for private anonymous memory. */
static struct address_space *vma_page_cache(struct vm_area_struct *vma)
{
	if (vma->vm_file)
		return vma->vm_file->f_inode->i_mapping;
	if (vma_is_shmem(vma))
		return shmem_vma_mapping(vma);
	return NULL;
}

/* One page of vma at addr (Linux: mincore_pte_range() and mincore_unmapped_range()). */
static unsigned char mincore_one(struct vm_area_struct *vma, unsigned long addr)
{
	pte_t *pte = follow_pte(vma->vm_mm, addr);
	struct address_space *mapping;

	if (pte && pte_present(ptep_get(pte)))
		return MINCORE_RESIDENT;
	mapping = vma_page_cache(vma);
	if (!mapping)
		return 0;
	return mincore_page(mapping, vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT));
}

/*
 * Fill vec[] for up to pages pages from addr, within the one VMA that
 * holds addr: the number of pages done, or -ENOMEM if addr is unmapped.
 */
long do_mincore(struct mm_struct *mm, unsigned long addr, unsigned long pages,
		unsigned char *vec)
{
	struct vm_area_struct *vma = find_vma(mm, addr);
	unsigned long end, nr = 0;

	if (!vma || addr < vma->vm_start)
		return -ENOMEM;
	end = min(vma->vm_end, addr + (pages << PAGE_SHIFT));
	for (; addr < end; addr += PAGE_SIZE)
		vec[nr++] = mincore_one(vma, addr);
	return (long)nr;
}

/*
 * mincore(start, len, vec): 0; -EINVAL for a misaligned start, -ENOMEM
 * for a range past user space or with unmapped pages, -EFAULT for a vec
 * that cannot take a byte per page.
 */
long sys_mincore(struct pt_regs *regs)
{
	unsigned long start = regs->rdi, len = regs->rsi, pages;
	unsigned char __user *vec = (unsigned char __user *)regs->rdx;
	unsigned char *tmp;
	long ret = 0;

	if (!current->mm || (start & (PAGE_SIZE - 1)))
		return -EINVAL;
	if (!access_ok((const void __user *)start, len))
		return -ENOMEM;
	pages = (len >> PAGE_SHIFT) + ((len & (PAGE_SIZE - 1)) != 0);
	if (!access_ok(vec, pages))
		return -EFAULT;
	tmp = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!tmp)
		return -EAGAIN;		/* Linux's answer when it has no buffer */
	while (pages) {
		ret = do_mincore(current->mm, start, min(pages, PAGE_SIZE), tmp);
		if (ret <= 0)
			break;
		if (copy_to_user(vec, tmp, (unsigned long)ret)) {
			ret = -EFAULT;
			break;
		}
		pages -= (unsigned long)ret;
		vec += ret;
		start += (unsigned long)ret << PAGE_SHIFT;
		ret = 0;
	}
	kfree(tmp);
	return ret;
}
