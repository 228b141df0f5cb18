/*
 * mm.h - pages and the page allocator's interface.
 *
 * mem_map is a flat array of struct page, one per page frame from pfn 0 to
 * max_pfn - 1 (holes included, marked PG_reserved), so converting between
 * a pfn, its struct page and its direct-map address is arithmetic.  Linux
 * calls this the FLATMEM model; big machines use SPARSEMEM instead.
 *
 *	alloc_pages(gfp, order)		2^order contiguous pages, or NULL
 *	__free_pages(page, order)	give them back
 *	__get_free_pages / free_pages	the same, by direct-map address
 *	get_zeroed_page(gfp)		one zero-filled page's address
 *	alloc_pages_exact(size, gfp)	size bytes rounded to pages, the tail
 *					beyond size given back at once
 */
#ifndef MNEME_MM_H
#define MNEME_MM_H

#include <mneme/gfp.h>
#include <mneme/mm_early.h>
#include <mneme/mm_types.h>
#include <mneme/mmzone.h>
#include <mneme/page-flags.h>

extern struct page *mem_map;
extern unsigned long max_pfn;		/* mem_map has max_pfn entries */
extern unsigned long totalram_pages;	/* pages given to the buddy allocator */

#define PFN_UP(x)	(((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PAGE_ALIGN(x)	ALIGN((x), PAGE_SIZE)
#define PFN_DOWN(x)	((x) >> PAGE_SHIFT)
#define PFN_PHYS(pfn)	((phys_addr_t)(pfn) << PAGE_SHIFT)

static inline bool pfn_valid(unsigned long pfn)
{
	return pfn < max_pfn;
}

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return mem_map + pfn;
}

static inline unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)(page - mem_map);
}

static inline void *page_address(const struct page *page)
{
	return __va(PFN_PHYS(page_to_pfn(page)));
}

static inline struct page *virt_to_page(const void *addr)
{
	return pfn_to_page(PFN_DOWN(__pa(addr)));
}

static inline enum zone_type page_zonenum(const struct page *page)
{
	return (enum zone_type)((page->flags >> ZONES_PGSHIFT) & ZONES_MASK);
}

static inline struct zone *page_zone(const struct page *page)
{
	return &NODE_DATA(0)->node_zones[page_zonenum(page)];
}

static inline void set_page_zone(struct page *page, enum zone_type zone)
{
	page->flags &= ~(ZONES_MASK << ZONES_PGSHIFT);
	page->flags |= (unsigned long)zone << ZONES_PGSHIFT;
}

static inline int page_count(const struct page *page)
{
	return page->_refcount;
}

static inline void set_page_count(struct page *page, int v)
{
	page->_refcount = v;
}

static inline int page_mapcount(const struct page *page)
{
	return page->_mapcount + 1;
}

static inline void get_page(struct page *page)
{
	page->_refcount++;
}

struct page *alloc_pages(gfp_t gfp, unsigned int order);
#define alloc_page(gfp)		alloc_pages(gfp, 0)
void __free_pages(struct page *page, unsigned int order);
#define __free_page(page)	__free_pages(page, 0)
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
#define __get_free_page(gfp)	__get_free_pages(gfp, 0)
unsigned long get_zeroed_page(gfp_t gfp);
void free_pages(unsigned long addr, unsigned int order);
#define free_page(addr)		free_pages(addr, 0)
void *alloc_pages_exact(size_t size, gfp_t gfp);
void free_pages_exact(void *virt, size_t size);

/* Drop a reference; the last one frees the (order-0) page. */
void put_page(struct page *page);

/* Give the pages on the per-CPU lists back to the buddy allocator. */
void drain_local_pages(void);
/* Turn the per-CPU lists on or off (for make bench and tests). */
void pcp_set_enabled(bool enabled);
unsigned long nr_free_pages(void);	/* all zones, buddy lists only */
unsigned long nr_free_pcp_pages(void);	/* free pages waiting on the per-CPU lists */

/* Boot: hand a range of free frames to the buddy allocator. */
void __free_pages_core(struct page *page, unsigned int order);
/* Boot: give back a reserved page (boot page tables, init data). */
void free_reserved_page(struct page *page);

enum zone_type gfp_zone(gfp_t gfp);	/* highest zone gfp allows */
bool zone_watermark_ok(const struct zone *z, unsigned int order,
		       unsigned long mark, enum zone_type highest_zoneidx,
		       unsigned int alloc_flags);
extern int min_free_kbytes;
/* Print a page's state (flags, counts, owner) and why. */
void dump_page(const struct page *page, const char *reason);
/* The condition means a corrupt page: show it and stop. */
#define VM_BUG_ON_PAGE(cond, page)					\
	do {								\
		if (unlikely(cond)) {					\
			dump_page(page, "VM_BUG_ON_PAGE(" #cond ")");	\
			BUG();						\
		}							\
	} while (0)

extern unsigned long nr_page_table_pages;	/* mm/memory.c */
extern unsigned long nr_bad_pages;	/* "Bad page state" reports so far */

/* Boot (mm/mm_init.c), in this order, with init_mem_mapping() between. */
void memblock_setup(void);		/* RAM and reservations into memblock */
void mem_init(void);			/* mem_map, zones, buddy, watermarks */
void mm_report(void);			/* buddyinfo and zoneinfo to the log */

/* Zone set-up, used at boot (mm/mm_init.c) and by the host tests. */
void init_zone(struct zone *zone, enum zone_type type, unsigned long start_pfn,
	       unsigned long end_pfn, unsigned long present_pages);
void __free_pages_memory(unsigned long start_pfn, unsigned long end_pfn);
void init_per_zone_wmark_min(void);	/* watermarks, reserves, pcp sizes */
unsigned long int_sqrt(unsigned long x);

/* Reports (mm/show_mem.c). */
void show_free_areas(void);		/* Linux's "Mem-Info:" dump */
int buddyinfo_show(char *buf, size_t size);	/* /proc/buddyinfo */
int zoneinfo_show(char *buf, size_t size);	/* /proc/zoneinfo */

/*
 * What a page fault was (handle_mm_fault()'s flags, Linux's names and
 * values): the x86 error code decoded by arch/x86/mm/fault.c.
 */
#define FAULT_FLAG_WRITE	0x01	/* a write (else a read) */
#define FAULT_FLAG_USER		0x40	/* from user mode */
#define FAULT_FLAG_INSTRUCTION	0x100	/* an instruction fetch */

/*
 * One fault on its way through mm/memory.c (Linux: struct vm_fault): the
 * VMA and page-aligned address, the FAULT_FLAG_* bits, the file offset
 * in pages (pgoff), the pte being filled and its value when the fault
 * began.  A vm_ops->fault() handler returns the page in ->page with a
 * reference it hands over, or VM_FAULT_* error bits.
 */
struct vm_fault {
	struct vm_area_struct *vma;
	unsigned long address;		/* page aligned */
	unsigned long real_address;	/* as faulted (the trace shows it) */
	unsigned long ip;		/* the faulting instruction, or 0 */
	unsigned int flags;		/* FAULT_FLAG_* */
	unsigned long pgoff;		/* vm_pgoff + page index in the VMA */
	pmd_t *pmd;
	pte_t *pte;
	pte_t orig_pte;
	struct page *page;		/* ->fault()'s page (referenced) */
};

/* handle_mm_fault()'s result bits (Linux's values); 0 is success. */
typedef unsigned int vm_fault_t;
#define VM_FAULT_OOM		0x0001	/* no memory: the task is killed */
#define VM_FAULT_SIGBUS		0x0002	/* beyond the end of a file */
#define VM_FAULT_MAJOR		0x0004	/* waited for I/O */
#define VM_FAULT_SIGSEGV	0x0040	/* no such page after all */
#define VM_FAULT_ERROR		(VM_FAULT_OOM | VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV)

struct pt_regs;
/* Resolve a fault at address in vma (access already checked): mm/memory.c. */
vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			   unsigned int flags, struct pt_regs *regs);
/* Fault in address of mm as the kernel would for a user (fork's tid write): 0 or -errno. */
int fixup_user_fault(struct mm_struct *mm, unsigned long address, unsigned int fault_flags);
/* Stack growth down to address (mm/mmap.c): 0 or -ENOMEM. */
int expand_stack(struct vm_area_struct *vma, unsigned long address);

/* The shared zero page: read faults on untouched anonymous memory map it. */
extern unsigned long zero_pfn;
void zero_page_init(void);	/* boot, after the buddy allocator */
static inline bool is_zero_pfn(unsigned long pfn)
{
	return pfn == zero_pfn;
}
#define my_zero_pfn(addr)	(zero_pfn)

/* Fault injection (mm/fail_page_alloc.c). */
bool should_fail_alloc_page(gfp_t gfp, unsigned int order);
void fail_page_alloc_setup(const char *spec);	/* "PROBABILITY[,INTERVAL]" */
unsigned long fail_page_alloc_injected(void);	/* failures made so far */

#endif
