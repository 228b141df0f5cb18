/*
 * vma.h - the set of VMAs of an address space (mm/vma.c): lookup, free
 * area search, insertion, splitting, merging, removal of a range, and a
 * checker.  Pure bookkeeping: none of these touch page tables or pages;
 * the mmap/munmap/mprotect code (mm/mmap.c, mm/mprotect.c) calls them and
 * does the page-table half itself.
 *
 * VMA objects come from vm_area_alloc()/vm_area_dup()/vm_area_free()
 * (kernel/fork.c, the vm_area_cachep slab cache, as in Linux; the host
 * tests supply malloc() versions).
 *
 * Locking: one CPU, and an mm's VMAs are changed only by its own task
 * (or the exec or fork building it), so none yet.  Linux holds
 * mmap_lock (for writing to change the set, for reading to look up).
 *
 * Linux: include/linux/mm.h (find_vma, vm_unmapped_area_info, ...),
 * mm/vma.h, mm/mmap.c of Linux 4.x-6.0 (the rbtree era).
 */
#ifndef MNEME_VMA_H
#define MNEME_VMA_H

#include <mneme/mm_types.h>
#include <mneme/pgtable.h>

/* Linux's default vm.max_map_count, and the limit split_vma() obeys. */
#define DEFAULT_MAX_MAP_COUNT	65530
extern int sysctl_max_map_count;

/* The free gap kept below a VM_GROWSDOWN VMA (Linux: 256 pages, stack_guard_gap=). */
#define STACK_GUARD_GAP_DEFAULT	(256UL << PAGE_SHIFT)
extern unsigned long stack_guard_gap;

/* The allocator (kernel/fork.c; malloc in the host shim). */
struct vm_area_struct *vm_area_alloc(struct mm_struct *mm);	/* zeroed */
struct vm_area_struct *vm_area_dup(const struct vm_area_struct *orig);
void vm_area_free(struct vm_area_struct *vma);
void proc_caches_init(void);	/* makes vm_area_cachep; boot, after SLUB */

static inline unsigned long vma_pages(const struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

/* Private or shared anonymous memory has no file; shmem VMAs have vm_ops. */
static inline bool vma_is_anonymous(const struct vm_area_struct *vma)
{
	return !vma->vm_file && !vma->vm_ops;	/* Linux: !vma->vm_ops */
}

/* Where the free gap below vma must end: its start, less the guard of a stack. */
static inline unsigned long vm_start_gap(const struct vm_area_struct *vma)
{
	unsigned long start = vma->vm_start;

	if (vma->vm_flags & VM_GROWSDOWN) {
		start -= stack_guard_gap;
		if (start > vma->vm_start)	/* wrapped below 0 */
			start = 0;
	}
	return start;
}

/* Where the free gap above vma starts (x86 has no VM_GROWSUP). */
static inline unsigned long vm_end_gap(const struct vm_area_struct *vma)
{
	return vma->vm_end;
}

/* ---- lookup ------------------------------------------------------------- */

/* The first VMA with vm_end > addr (it may start above addr), or NULL. */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
/* find_vma(), and in *pprev the VMA before it (the last one if NULL). */
struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev);
/* The first VMA that overlaps [start, end), or NULL. */
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm,
					     unsigned long start, unsigned long end);

/* ---- free area search --------------------------------------------------- */

/*
 * A request for a free range (Linux's struct vm_unmapped_area_info):
 * length bytes within [low_limit, high_limit), at an address a with
 * (a & align_mask) == (align_offset & align_mask), lowest such range
 * first, or with VM_UNMAPPED_AREA_TOPDOWN the highest.  The stack guard
 * gaps below VM_GROWSDOWN VMAs count as used.
 */
#define VM_UNMAPPED_AREA_TOPDOWN	1
struct vm_unmapped_area_info {
	unsigned long flags;
	unsigned long length;
	unsigned long low_limit;
	unsigned long high_limit;
	unsigned long align_mask;
	unsigned long align_offset;
};

/* The address found, or -ENOMEM (as an unsigned long, IS_ERR_VALUE style). */
unsigned long unmapped_area(struct mm_struct *mm, const struct vm_unmapped_area_info *info);
unsigned long unmapped_area_topdown(struct mm_struct *mm,
				    const struct vm_unmapped_area_info *info);
unsigned long vm_unmapped_area(struct mm_struct *mm, const struct vm_unmapped_area_info *info);

/* ---- changing the set --------------------------------------------------- */

/*
 * Add vma (vm_start, vm_end, vm_flags... set; vm_mm is set here) to mm:
 * 0, or -ENOMEM if it overlaps a VMA already there.  An anonymous VMA
 * gets vm_pgoff = vm_start >> PAGE_SHIFT, as in Linux.  No merging.  A
 * file VMA goes on its file's i_mmap list (the caller took its file reference).
 */
int insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma);
/* Move vma's bounds in place (its neighbours allow it), keeping the gaps true. */
void vma_set_range(struct mm_struct *mm, struct vm_area_struct *vma,
		   unsigned long start, unsigned long end, unsigned long pgoff);
/* Take vma out of mm's list and tree (not freed). */
void vma_unlink(struct mm_struct *mm, struct vm_area_struct *vma);
/* vma->vm_ops->close(), off i_mmap, fput(vm_file), then free it; returns the VMA after it. */
struct vm_area_struct *remove_vma(struct vm_area_struct *vma);
/* remove_vma() on every VMA of a list chained by vm_next. */
void remove_vma_list(struct vm_area_struct *vma);

/*
 * Cut vma in two at addr (page aligned, strictly inside): the new VMA is
 * the part below addr if new_below, else the part above; vm_pgoff of the
 * upper part moves on by the pages of the lower.  0 or -ENOMEM (no
 * memory; split_vma() also refuses at sysctl_max_map_count VMAs), -EINVAL
 * for an addr not strictly inside.
 */
int __split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
		unsigned long addr, int new_below);
int split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
	      unsigned long addr, int new_below);

/*
 * A new mapping of [addr, end) in a free range, with prev the VMA just
 * below addr (or NULL): extend prev and/or the next VMA over it when they
 * touch the range and are compatible (same flags, file, ops, anon_vma;
 * vm_pgoff contiguous), joining all three if both are.  Returns the VMA
 * now covering [addr, end), or NULL when nothing could be merged (the
 * caller then inserts a VMA of its own).
 */
struct vm_area_struct *vma_merge(struct mm_struct *mm, struct vm_area_struct *prev,
				 unsigned long addr, unsigned long end,
				 unsigned long vm_flags, struct anon_vma *anon_vma,
				 struct file *file, unsigned long pgoff);
/* Join vma with a touching compatible neighbour on either side; the result. */
struct vm_area_struct *vma_merge_adjacent(struct mm_struct *mm, struct vm_area_struct *vma);

/*
 * Give the part [start, end) of vma (start, end inside it, page aligned)
 * the flags newflags: split off what lies outside, change the flags, and
 * merge with compatible neighbours.  The VMA now covering [start, end),
 * or ERR_PTR(-ENOMEM).  Nothing happens when the flags are unchanged.
 * The caller sets vm_page_prot and changes the ptes.
 */
struct vm_area_struct *vma_modify_flags(struct mm_struct *mm, struct vm_area_struct *vma,
					unsigned long start, unsigned long end,
					unsigned long newflags);
/*
 * mprotect()'s walk over the VMAs of [start, end): each gets its
 * VM_READ/WRITE/EXEC replaced by prot_flags (VM_* bits).  0; -ENOMEM at
 * the first unmapped page (the VMAs before it stay changed, as in
 * Linux); -EACCES where a VMA's VM_MAY* bits forbid a right asked for.
 */
int vma_mprotect_range(struct mm_struct *mm, unsigned long start, unsigned long end,
		       unsigned long prot_flags);

/*
 * munmap()'s bookkeeping: split the VMAs at start and end where they
 * straddle them, take every VMA inside [start, end) out of mm, and hand
 * them back in *detached, chained by vm_next in address order (NULL if
 * there were none), for the caller to unmap their pages and then
 * remove_vma_list().  0, or -ENOMEM when a split is refused (then
 * nothing is detached).
 */
int vma_detach_range(struct mm_struct *mm, unsigned long start, unsigned long end,
		     struct vm_area_struct **detached);
/* vma_detach_range() then remove_vma_list(): the tree side of munmap(). */
int vma_remove_range(struct mm_struct *mm, unsigned long start, unsigned long end);
/* Free every VMA of mm (exit). */
void exit_mmap_vmas(struct mm_struct *mm);

/*
 * Check every invariant of mm's VMA set (list order and links, no
 * overlap, map_count, highest_vm_end, the red-black rules, every
 * rb_subtree_gap); print each problem found with pr_err() and return how
 * many (0: all true).  Linux: validate_mm() under CONFIG_DEBUG_VM_RB.
 */
int validate_mm(struct mm_struct *mm);

#endif
