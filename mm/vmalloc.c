/*
 * mm/vmalloc.c - virtually contiguous kernel memory in the vmalloc area
 * [VMALLOC_START, VMALLOC_END), 32 TiB at 0xffffc90000000000.
 *
 * The buddy allocator hands out physically contiguous blocks, which get
 * hard to find as memory fragments.  vmalloc() takes single pages from
 * anywhere and maps them side by side at fresh virtual addresses, so a
 * 64 MiB table or a kernel stack needs no contiguous physical memory.
 * The price: a page-table walk to map, a TLB flush to unmap, and 4 KiB
 * TLB entries instead of the direct map's 1 GiB ones.
 *
 * Data structures
 * ---------------
 *  struct vmap_area  a busy range [va_start, va_end) of the area, always
 *                    one guard page longer than what it maps.  All busy
 *                    areas sit on vmap_area_list, sorted by address.
 *  struct vm_struct  what is mapped there: the pages, their count, the
 *                    flags (VM_ALLOC: ours to free; VM_MAP: the caller's)
 *                    and the caller, for vmallocinfo.
 *
 *   VMALLOC_START                                               VMALLOC_END
 *   | area A      |g| free  | area B          |g| area C |g|     free ... |
 *                  ^ guard page: never mapped, so an overrun faults
 *
 * Finding space is first fit over the sorted list: walk the busy areas
 * in address order and take the first gap that holds the request.  We
 * chose a list because it is the simplest structure a reader can check
 * by eye, and Mneme has tens of areas (kernel stacks, a few tables), not
 * Linux's tens of thousands.  Linux keeps the *free* space in an
 * augmented red-black tree, each node knowing the largest gap below it
 * (subtree_max_size), so first fit is O(log n) (mm/vmalloc.c,
 * find_vmap_lowest_match()); the busy areas are in a second tree for
 * lookup by address.  Both are O(n) here.
 *
 * Invariants between calls: the areas on vmap_area_list do not overlap
 * and are sorted; every page of an area except its last (the guard) is
 * mapped exactly when the area's vm_struct says so; the guard page and
 * all space outside areas have no pte.  Page tables under the area are
 * allocated on demand and freed when empty, except the 64 PUD tables
 * made at boot (vmalloc_init()): the PGD entries for the vmalloc area
 * never change after boot, so every address space that copies the
 * kernel half of init_mm's PGD sees all vmalloc mappings.
 *
 * Locking: one CPU.  The list is changed with interrupts off; mapping and
 * page allocation happen outside, on an area nobody else can see yet (or
 * any more).  vmalloc() must not be called from interrupt handlers, as
 * in Linux (boot code may call it before interrupts are on).
 * Unmapping flushes the TLB at once; Linux batches ("lazy" purging) to
 * save flushes, at the cost of stale entries living a little longer.
 * Linux: mm/vmalloc.c.
 */
#include <mneme/irqflags.h>
#include <mneme/kallsyms.h>
#include <mneme/kernel.h>
#include <mneme/list.h>
#include <mneme/mm.h>
#include <mneme/pgtable.h>
#include <mneme/printk.h>
#include <mneme/slab.h>
#include <mneme/sprintf.h>
#include <mneme/stacktrace.h>
#include <mneme/tlbflush.h>
#include <mneme/vmalloc.h>
#include <uapi/errno.h>

#define GUARD_SIZE	PAGE_SIZE

struct vmap_area {
	unsigned long va_start;
	unsigned long va_end;		/* exclusive; includes the guard page */
	struct list_head list;		/* on vmap_area_list, by address */
	struct vm_struct *vm;
};

static LIST_HEAD(vmap_area_list);
static unsigned long nr_vmalloc_pages, nr_vmap_areas;
unsigned long nr_vmalloc_bad_frees;

bool is_vmalloc_addr(const void *x)
{
	unsigned long addr = (unsigned long)x;

	return addr >= VMALLOC_START && addr < VMALLOC_END;
}

/* ---- the area allocator -------------------------------------------------- */

/*
 * First fit: the lowest address in [vstart, vend), aligned to align, with
 * size bytes free after it; 0 if there is none.  Also the area the new
 * one goes before (the list head when it goes last).
 */
static unsigned long find_vmap_lowest_match(unsigned long size, unsigned long align,
					    unsigned long vstart, unsigned long vend,
					    struct list_head **next)
{
	unsigned long addr = ALIGN(vstart, align);
	struct vmap_area *va;

	*next = &vmap_area_list;
	list_for_each_entry(va, &vmap_area_list, list) {
		if (va->va_end <= addr)
			continue;		/* wholly below the candidate */
		if (addr + size <= va->va_start) {
			*next = &va->list;	/* the gap before va fits */
			break;
		}
		addr = ALIGN(va->va_end, align);
		if (addr < va->va_end)
			return 0;		/* wrapped around the top */
	}
	if (addr + size < addr || addr + size > vend)
		return 0;
	return addr;
}

static struct vmap_area *alloc_vmap_area(unsigned long size, unsigned long align,
					 unsigned long vstart, unsigned long vend)
{
	struct vmap_area *va = kmalloc(sizeof(*va), GFP_KERNEL);
	struct list_head *next;
	unsigned long flags;

	if (!va)
		return NULL;
	flags = local_irq_save();
	va->va_start = find_vmap_lowest_match(size, align, vstart, vend, &next);
	if (va->va_start) {
		va->va_end = va->va_start + size;
		va->vm = NULL;
		list_add_tail(&va->list, next);	/* just before next: stays sorted */
		nr_vmap_areas++;
	}
	local_irq_restore(flags);
	if (!va->va_start) {
		kfree(va);
		return NULL;
	}
	return va;
}

static void free_vmap_area(struct vmap_area *va)
{
	unsigned long flags = local_irq_save();

	list_del(&va->list);
	nr_vmap_areas--;
	local_irq_restore(flags);
	kfree(va);
}

/* The area holding addr (its guard page included), or NULL. */
static struct vmap_area *find_vmap_area(unsigned long addr)
{
	struct vmap_area *va;

	list_for_each_entry(va, &vmap_area_list, list) {
		if (addr < va->va_start)
			break;
		if (addr < va->va_end)
			return va;
	}
	return NULL;
}

/* ---- mapping and unmapping ------------------------------------------------ */

struct vmap_walk {
	struct page **pages;
	unsigned int next;
	pgprot_t prot;
};

static int vmap_pte(pte_t *pte, unsigned long addr, void *data)
{
	struct vmap_walk *w = data;

	if (WARN_ON(!pte_none(*pte)))
		return -EBUSY;		/* someone else's mapping: never overwrite */
	set_pte(pte, mk_pte(w->pages[w->next++], w->prot));
	(void)addr;
	return 0;
}

static int vunmap_pte(pte_t *pte, unsigned long addr, void *data)
{
	(void)addr;
	(void)data;
	ptep_get_and_clear(pte);
	return 0;
}

/*
 * Take [addr, end) out of the page tables: clear the ptes, flush them
 * from the TLB, then give back the tables left empty.
 */
static void vunmap_range(unsigned long addr, unsigned long end)
{
	apply_to_existing_page_range(&init_mm, addr, end - addr, vunmap_pte, NULL);
	flush_tlb_kernel_range(addr, end);
	free_empty_kernel_tables(&init_mm, addr, end - addr);
}

/*
 * Map pages[0..] at [addr, end).  On failure, unmap the ptes this call
 * set (and only those: a pte found busy is someone else's) and give back
 * the tables it made.
 */
static int vmap_pages_range(unsigned long addr, unsigned long end,
			    pgprot_t prot, struct page **pages)
{
	struct vmap_walk w = { .pages = pages, .prot = prot };
	int err = apply_to_page_range(&init_mm, addr, end - addr, vmap_pte, &w);

	if (err) {
		if (w.next)
			vunmap_range(addr, addr + ((unsigned long)w.next << PAGE_SHIFT));
		free_empty_kernel_tables(&init_mm, addr, end - addr);
	}
	return err;
}

/* ---- areas ----------------------------------------------------------------- */

static struct vm_struct *__get_vm_area(unsigned long size, unsigned long align,
				       unsigned long flags, unsigned long start,
				       unsigned long end, unsigned long caller)
{
	struct vm_struct *area;
	struct vmap_area *va;

	size = PAGE_ALIGN(size);
	if (!size || size > end - start || WARN_ON(align & (align - 1)))
		return NULL;		/* empty, too big (or wrapped), bad align */
	area = kzalloc(sizeof(*area), GFP_KERNEL);
	if (!area)
		return NULL;
	va = alloc_vmap_area(size + GUARD_SIZE, max(align, PAGE_SIZE), start, end);
	if (!va) {
		kfree(area);
		return NULL;
	}
	area->addr = (void *)va->va_start;
	area->size = size + GUARD_SIZE;
	area->flags = flags;
	area->caller = caller;
	va->vm = area;
	return area;
}

struct vm_struct *find_vm_area(const void *addr)
{
	struct vmap_area *va = find_vmap_area((unsigned long)addr);

	return va && va->va_start == (unsigned long)addr ? va->vm : NULL;
}

struct vm_struct *find_vm_area_containing(unsigned long addr)
{
	struct vmap_area *va = is_vmalloc_addr((void *)addr) ? find_vmap_area(addr) : NULL;

	return va ? va->vm : NULL;
}

/*
 * Unmap the area starting at addr and give its address range back; the
 * vm_struct (with its pages) is the caller's to free.  NULL, and a
 * report, if addr does not start an area.
 */
static struct vm_struct *remove_vm_area(const void *addr, const char *who,
					unsigned long caller)
{
	struct vmap_area *va = is_vmalloc_addr(addr) ? find_vmap_area((unsigned long)addr) : NULL;
	struct vm_struct *vm;
	char sym[KSYM_NAME_LEN + 40];

	if (!va || va->va_start != (unsigned long)addr) {
		nr_vmalloc_bad_frees++;
		sprint_symbol(sym, sizeof(sym), caller);
		pr_err("BUG: %s(%p): %s; nothing freed (caller %s)\n", who, addr,
		       va ? "not the start of a vmalloc area" : "no vmalloc area here", sym);
		dump_stack();
		return NULL;
	}
	vm = va->vm;
	vunmap_range(va->va_start, va->va_end - GUARD_SIZE);
	nr_vmalloc_pages -= vm->nr_pages;
	free_vmap_area(va);
	return vm;
}

/* ---- vmalloc() and vfree() -------------------------------------------------- */

/*
 * The array of page pointers: 8 bytes a page, so 128 KiB for a 64 MiB
 * area.  Above a page it comes from vmalloc itself, as in Linux, so a big
 * vmalloc() never needs a big physically contiguous block.
 */
static struct page **alloc_page_array(unsigned long nr, unsigned long caller)
{
	unsigned long bytes = nr * sizeof(struct page *);

	if (bytes <= PAGE_SIZE)
		return kmalloc(bytes, GFP_KERNEL);
	return __vmalloc_node_range(bytes, 1, VMALLOC_START, VMALLOC_END,
				    GFP_KERNEL, PAGE_KERNEL, caller);
}

static void free_page_array(struct page **pages)
{
	if (is_vmalloc_addr(pages))
		vfree(pages);
	else
		kfree(pages);
}

static void free_vm_pages(struct vm_struct *area)
{
	for (unsigned int i = 0; i < area->nr_pages; i++)
		__free_page(area->pages[i]);
	free_page_array(area->pages);
}

/* Fill the area with fresh pages and map them. */
static int __vmalloc_area_node(struct vm_struct *area, gfp_t gfp, pgprot_t prot)
{
	unsigned long nr = get_vm_area_size(area) >> PAGE_SHIFT;
	unsigned long addr = (unsigned long)area->addr;
	int err;

	area->pages = alloc_page_array(nr, area->caller);
	if (!area->pages)
		return -ENOMEM;
	for (area->nr_pages = 0; area->nr_pages < nr; area->nr_pages++) {
		struct page *page = alloc_page(gfp);

		if (!page)
			return -ENOMEM;
		area->pages[area->nr_pages] = page;
	}
	err = vmap_pages_range(addr, addr + get_vm_area_size(area), prot, area->pages);
	if (!err)
		nr_vmalloc_pages += nr;
	return err;
}

void *__vmalloc_node_range(unsigned long size, unsigned long align,
			   unsigned long start, unsigned long end, gfp_t gfp,
			   pgprot_t prot, unsigned long caller)
{
	struct vm_struct *area = NULL;
	const char *why = "more than all of RAM";

	/* Linux's first check: more pages than the machine has cannot work. */
	if (PAGE_ALIGN(size) >> PAGE_SHIFT > totalram_pages || PAGE_ALIGN(size) < size)
		goto fail;
	why = "no vmalloc space or vm_struct";
	area = __get_vm_area(size, align, VM_ALLOC, start, end, caller);
	if (!area)
		goto fail;
	if (__vmalloc_area_node(area, gfp, prot))
		goto fail_free_area;
	return area->addr;

fail_free_area:
	why = "page allocation failure";
	free_vm_pages(area);
	free_vmap_area(find_vmap_area((unsigned long)area->addr));
	kfree(area);
fail:
	if (!(gfp & __GFP_NOWARN))
		pr_warn("vmalloc error: size %lu, %s\n", size, why);
	return NULL;
}

void *vmalloc(unsigned long size)
{
	return __vmalloc_node_range(size, 1, VMALLOC_START, VMALLOC_END, GFP_KERNEL,
				    PAGE_KERNEL, (unsigned long)__builtin_return_address(0));
}

void *vzalloc(unsigned long size)
{
	return __vmalloc_node_range(size, 1, VMALLOC_START, VMALLOC_END,
				    GFP_KERNEL | __GFP_ZERO, PAGE_KERNEL,
				    (unsigned long)__builtin_return_address(0));
}

void vfree(const void *addr)
{
	unsigned long caller = (unsigned long)__builtin_return_address(0);
	struct vm_struct *area;

	if (!addr)
		return;
	area = find_vm_area(addr);
	if (area && !(area->flags & VM_ALLOC)) {
		nr_vmalloc_bad_frees++;
		pr_err("BUG: vfree(%p): the area was made by vmap(); use vunmap()\n", addr);
		return;
	}
	area = remove_vm_area(addr, "vfree", caller);
	if (!area)
		return;
	free_vm_pages(area);
	kfree(area);
}

/* ---- vmap() and vunmap() ------------------------------------------------- */

void *vmap(struct page **pages, unsigned int count, unsigned long flags,
	   pgprot_t prot)
{
	unsigned long caller = (unsigned long)__builtin_return_address(0);
	unsigned long size = (unsigned long)count << PAGE_SHIFT;
	struct vm_struct *area;
	unsigned long addr;

	if (WARN_ON(flags & ~VM_MAP))
		return NULL;		/* only VM_MAP means anything here */
	area = __get_vm_area(size, 1, VM_MAP, VMALLOC_START, VMALLOC_END, caller);
	if (!area)
		return NULL;
	addr = (unsigned long)area->addr;
	area->pages = pages;
	area->nr_pages = count;
	if (vmap_pages_range(addr, addr + size, prot, pages)) {
		free_vmap_area(find_vmap_area(addr));
		kfree(area);
		return NULL;
	}
	nr_vmalloc_pages += count;
	return area->addr;
}

void vunmap(const void *addr)
{
	unsigned long caller = (unsigned long)__builtin_return_address(0);
	struct vm_struct *area;

	if (!addr)
		return;
	area = find_vm_area(addr);
	if (area && !(area->flags & VM_MAP)) {
		nr_vmalloc_bad_frees++;
		pr_err("BUG: vunmap(%p): the area was made by vmalloc(); use vfree()\n", addr);
		return;
	}
	area = remove_vm_area(addr, "vunmap", caller);
	kfree(area);		/* the pages are the caller's */
}

/* ---- lookups and reports ------------------------------------------------- */

struct page *vmalloc_to_page(const void *addr)
{
	pte_t *pte = is_vmalloc_addr(addr) ? follow_pte(&init_mm, (unsigned long)addr) : NULL;

	return pte && pte_present(*pte) ? pte_page(*pte) : NULL;
}

unsigned long vmalloc_nr_pages(void)
{
	return nr_vmalloc_pages;
}

unsigned long vmalloc_nr_areas(void)
{
	return nr_vmap_areas;
}

/* One /proc/vmallocinfo line: range, size, caller, pages, kind. */
static int format_vmap_area(char *buf, size_t size, const struct vmap_area *va)
{
	const struct vm_struct *vm = va->vm;
	char sym[KSYM_NAME_LEN + 40];

	sprint_symbol(sym, sizeof(sym), vm->caller);
	return scnprintf(buf, size, "0x%016lx-0x%016lx %8lu %s pages=%u %s\n",
			 va->va_start, va->va_end, vm->size, sym, vm->nr_pages,
			 vm->flags & VM_ALLOC ? "vmalloc" : "vmap");
}

int vmallocinfo_show(char *buf, size_t size)
{
	struct vmap_area *va;
	int n = 0;

	list_for_each_entry(va, &vmap_area_list, list)
		n += format_vmap_area(buf + n, size - n, va);
	return n;
}

void show_vmallocinfo(void)
{
	struct vmap_area *va;
	char line[160];

	pr_info("vmallocinfo: %lu areas, %lu pages mapped\n", nr_vmap_areas,
		nr_vmalloc_pages);
	list_for_each_entry(va, &vmap_area_list, list) {
		format_vmap_area(line, sizeof(line), va);
		pr_info("%s", line);
	}
}

/*
 * Give the vmalloc area its PUD tables now, so its PGD entries are set
 * once and for all: user page tables copy the kernel half of the PGD
 * when they are made, and would miss an entry added later.  (Linux:
 * preallocate_vmalloc_pages() in arch/x86/mm/init_64.c.)
 */
void vmalloc_init(void)
{
	unsigned long nr = 0;

	INIT_LIST_HEAD(&vmap_area_list);	/* host tests boot many times */
	nr_vmalloc_pages = nr_vmap_areas = nr_vmalloc_bad_frees = 0;

	kernel_pgd_frozen = false;		/* host tests boot many times */
	for (unsigned long addr = VMALLOC_START; addr < VMALLOC_END; addr += PGDIR_SIZE) {
		p4d_t *p4d = p4d_offset(pgd_offset_k(addr), addr);

		if (p4d_none(*p4d) && !pud_alloc(&init_mm, p4d, addr))
			panic("vmalloc_init: no memory for the vmalloc area's PUD tables");
		nr++;
	}
	kernel_pgd_frozen = true;
	pr_info("vmalloc: [0x%016lx-0x%016lx] %lu TiB, %lu PUD tables preallocated (%luK)\n",
		VMALLOC_START, VMALLOC_END - 1, VMALLOC_SIZE >> 40, nr,
		nr * (PAGE_SIZE >> 10));
}
