/*
 * vmalloc.h - virtually contiguous kernel memory (mm/vmalloc.c).
 *
 *	vmalloc(size) / vzalloc(size)   size bytes of pages that need not be
 *	                                physically contiguous, mapped in a row
 *	vfree(addr)                     unmap and free them (NULL is a no-op)
 *	vmap(pages, n, flags, prot)     map the caller's pages in a row
 *	vunmap(addr)                    unmap them (the pages stay the caller's)
 *	is_vmalloc_addr(p), vmalloc_to_page(p), find_vm_area(p)
 *
 * Every area is followed by one unmapped guard page, so running off its
 * end faults instead of corrupting the next area.  Not for interrupt
 * handlers (it allocates and maps).  Linux: include/linux/vmalloc.h.
 */
#ifndef MNEME_VMALLOC_H
#define MNEME_VMALLOC_H

#include <mneme/gfp.h>
#include <mneme/pgtable.h>
#include <mneme/types.h>

struct page;

/* vm_struct.flags (Linux's values) */
#define VM_ALLOC	0x00000002UL	/* vmalloc(): the area owns its pages */
#define VM_MAP		0x00000004UL	/* vmap(): the caller owns the pages */

/* One mapped area (Linux: struct vm_struct). */
struct vm_struct {
	void *addr;
	unsigned long size;		/* bytes, including the guard page */
	unsigned long flags;		/* VM_ALLOC or VM_MAP */
	struct page **pages;		/* the pages mapped, in order */
	unsigned int nr_pages;
	unsigned long caller;		/* who asked, for vmallocinfo */
};

/* The area's usable size: without the guard page. */
static inline unsigned long get_vm_area_size(const struct vm_struct *area)
{
	return area->size - PAGE_SIZE;
}

void vmalloc_init(void);		/* after kmem_cache_init() */

void *vmalloc(unsigned long size);
void *vzalloc(unsigned long size);
void vfree(const void *addr);
/* flags: VM_MAP or 0; anything else is refused. */
void *vmap(struct page **pages, unsigned int count, unsigned long flags,
	   pgprot_t prot);
void vunmap(const void *addr);

/*
 * The general form: size bytes at an address aligned to align in
 * [start, end), pages allocated with gfp and mapped with prot.
 */
void *__vmalloc_node_range(unsigned long size, unsigned long align,
			   unsigned long start, unsigned long end, gfp_t gfp,
			   pgprot_t prot, unsigned long caller);

bool is_vmalloc_addr(const void *x);
struct page *vmalloc_to_page(const void *addr);
struct vm_struct *find_vm_area(const void *addr);
/* The area containing addr, guard page included, or NULL. */
struct vm_struct *find_vm_area_containing(unsigned long addr);

/* Pages mapped by vmalloc()/vmap() (VmallocUsed), and areas in use. */
unsigned long vmalloc_nr_pages(void);
unsigned long vmalloc_nr_areas(void);
/* Linux's /proc/vmallocinfo, one area per line, into buf. */
int vmallocinfo_show(char *buf, size_t size);
/* The same, printed (the `vmallocinfo` boot option). */
void show_vmallocinfo(void);

/* vfree()/vunmap() calls refused (not an area start), for tests. */
extern unsigned long nr_vmalloc_bad_frees;

#endif
