/*
 * mm_types.h - struct page: one for every physical page frame.
 *
 * mem_map[pfn] describes frame pfn.  Size matters: there is one per 4 KiB
 * of RAM, so every byte here costs 256 KiB per GiB of RAM.  This struct is
 * 56 bytes, so mem_map takes 14 MiB per GiB (1.4 %).  As in Linux (64
 * bytes there), the words after the counts are a union with one layout
 * per owner; the owner is told by the flags (PG_buddy, PG_slab, ...):
 *
 *   owner            word 2 (+16)   word 3 (+24)  word 4 (+32)   words 5-6 (+40)
 *   free (buddy)     -              -             order          free_area list
 *   page cache       address_space  offset        buffer state   LRU list
 *   anonymous        anon_vma       offset        swap entry     LRU list
 *   slab (head)      slab_cache     freelist      inuse/objects  partial list
 *   slab or large    -              -             -              compound_head,
 *   kmalloc (tail)                                               head | 1
 *   large kmalloc    -              -             magic | order  -
 *   (head)
 *
 * A slab's fields overlay mapping/index/private/lru, so mm/slub.c clears
 * them (mapping back to NULL, tails' lru re-initialised) before it gives
 * the pages back: the buddy allocator checks mapping on every free.
 * compound_head overlays lru.next, whose bit 0 is clear in every other
 * use (a list pointer), which is how Linux tells tail pages apart too.
 *
 * Invariants: _refcount is 0 exactly when the page is free (in the buddy
 * allocator or on a per-CPU list); _mapcount is -1 when no page table maps
 * the page (Linux's convention, so "mapped once" is 0); PG_buddy is set
 * only on the first page of a free buddy block, with its order in private.
 *
 * Also here, as in Linux: struct vm_area_struct, one range of a process's
 * address space with one set of rights and one backing (see below, and
 * mm/vma.c for the tree that holds them).
 */
#ifndef MNEME_MM_TYPES_H
#define MNEME_MM_TYPES_H

#include <asm/pgtable.h>
#include <mneme/list.h>
#include <mneme/rbtree.h>
#include <mneme/types.h>

struct address_space;
struct anon_vma;
struct file;
struct kmem_cache;
struct mm_struct;
struct vm_area_struct;
struct vm_fault;

struct page {
	unsigned long flags;		/* PG_* bits, zone number on top */
	int _refcount;			/* users of the page; 0 = free */
	int _mapcount;			/* page-table mappings - 1 */
	union {
		struct {	/* buddy, page cache, anonymous */
			struct address_space *mapping;	/* page cache / anon owner */
			unsigned long index;		/* offset within mapping */
			unsigned long private;		/* buddy order; owner data */
			struct list_head lru;		/* free list or LRU */
		};
		struct {	/* first page of a slab (mm/slub.c) */
			struct kmem_cache *slab_cache;	/* the owning cache */
			void *freelist;			/* first free object */
			union {
				unsigned long counters;
				struct {
					unsigned int inuse:16;	/* objects handed out */
					unsigned int objects:15; /* objects in the slab */
					unsigned int frozen:1;	/* the CPU's slab */
				};
			};
			struct list_head slab_list;	/* cache's partial list */
		};
		struct {	/* other pages of a slab or large kmalloc */
			unsigned long _tail_pad[3];
			unsigned long compound_head;	/* head page | 1 */
		};
	};
};

_Static_assert(sizeof(struct page) == 56, "struct page must stay 56 bytes");

/*
 * vm_flags: Linux's bit values (include/linux/mm.h), so that /proc/<pid>/
 * smaps' VmFlags and a reader's memory of Linux agree.  The low four are
 * the current rights and equal PROT_READ/WRITE/EXEC and MAP_SHARED; each
 * VM_MAY* bit, four places up, says whether mprotect() may turn the
 * matching right on (a read-only file opened O_RDONLY never gets
 * VM_MAYWRITE on a shared mapping).
 */
#define VM_NONE		0x00000000UL
#define VM_READ		0x00000001UL
#define VM_WRITE	0x00000002UL
#define VM_EXEC		0x00000004UL
#define VM_SHARED	0x00000008UL
#define VM_MAYREAD	0x00000010UL
#define VM_MAYWRITE	0x00000020UL
#define VM_MAYEXEC	0x00000040UL
#define VM_MAYSHARE	0x00000080UL
#define VM_GROWSDOWN	0x00000100UL	/* a stack: grows down on faults below it */
#define VM_PFNMAP	0x00000400UL	/* raw frames, no struct page use */
#define VM_LOCKED	0x00002000UL	/* mlock()ed */
#define VM_IO		0x00004000UL	/* device memory */
#define VM_SEQ_READ	0x00008000UL	/* madvise(MADV_SEQUENTIAL) */
#define VM_RAND_READ	0x00010000UL	/* madvise(MADV_RANDOM) */
#define VM_DONTCOPY	0x00020000UL	/* not inherited by fork (MADV_DONTFORK) */
#define VM_DONTEXPAND	0x00040000UL	/* mremap() may not grow it */
#define VM_ACCOUNT	0x00100000UL	/* counted in Committed_AS */
#define VM_NORESERVE	0x00200000UL	/* MAP_NORESERVE: not counted */
#define VM_HUGETLB	0x00400000UL
#define VM_WIPEONFORK	0x02000000UL	/* the child sees zeroes (MADV_WIPEONFORK) */
#define VM_DONTDUMP	0x04000000UL	/* left out of core dumps */
#define VM_MIXEDMAP	0x10000000UL
#define VM_HUGEPAGE	0x20000000UL
#define VM_NOHUGEPAGE	0x40000000UL

#define VM_ACCESS_FLAGS	(VM_READ | VM_WRITE | VM_EXEC)
#define VM_MAY_FLAGS	(VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC | VM_MAYSHARE)
#define VM_STACK	VM_GROWSDOWN	/* x86: stacks grow down */
/* Mappings that are never merged or split behind the driver's back. */
#define VM_SPECIAL	(VM_IO | VM_DONTEXPAND | VM_PFNMAP | VM_MIXEDMAP)

/*
 * What a mapping's backer does for it (Linux: struct vm_operations_struct).
 * open() is called for each new VMA copied from another (split, fork),
 * close() when a VMA goes; a VMA whose ops have close() is never merged,
 * since merging would make one close() stand for two opens.
 */
struct vm_operations_struct {
	void (*open)(struct vm_area_struct *vma);
	void (*close)(struct vm_area_struct *vma);
	int (*fault)(struct vm_fault *vmf);
};

/*
 * One range [vm_start, vm_end) of a process's address space, page
 * aligned, with one set of rights (vm_flags, and vm_page_prot, the pte
 * bits they give) and one backing: vm_file from byte vm_pgoff <<
 * PAGE_SHIFT on, or anonymous memory (vm_file NULL; vm_pgoff is then
 * vm_start >> PAGE_SHIFT, as in Linux, so that anonymous neighbours are
 * "contiguous" in the same sense as file ones).
 *
 * The mm holds its VMAs twice, as Linux 4.x-5.x did: on a list sorted by
 * address (vm_next/vm_prev, from mm->mmap) for walks, and in a red-black
 * tree keyed by address (vm_rb, from mm->mm_rb) for lookups.  Each tree
 * node also caches rb_subtree_gap, the largest free gap just below any
 * VMA of its subtree, so the free-area search is O(log n): mm/vma.c.
 */
struct vm_area_struct {
	unsigned long vm_start;		/* first byte */
	unsigned long vm_end;		/* first byte after */
	struct vm_area_struct *vm_next, *vm_prev;	/* sorted by address */
	struct rb_node vm_rb;
	/*
	 * The largest gap below a VMA of this subtree: for each VMA, from
	 * the end of the one before it (or 0) to its own start, the stack
	 * guard gap included (vm_start_gap()).
	 */
	unsigned long rb_subtree_gap;
	struct mm_struct *vm_mm;	/* the address space it belongs to */
	pgprot_t vm_page_prot;		/* pte rights for vm_flags */
	unsigned long vm_flags;		/* VM_* */
	struct anon_vma *anon_vma;	/* anonymous pages' reverse map (later) */
	const struct vm_operations_struct *vm_ops;
	unsigned long vm_pgoff;		/* offset in vm_file, in pages */
	struct file *vm_file;		/* what is mapped, or NULL: anonymous */
	void *vm_private_data;		/* the backer's */
	/*
	 * On vm_file's mapping->i_mmap list while the VMA is in an mm, so
	 * truncate finds every page table mapping the file (Linux 2.6.0 had
	 * this list; today an interval tree by pgoff, vma->shared.rb).
	 */
	struct list_head shared;
};

#endif
