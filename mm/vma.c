/*
 * mm/vma.c - the VMA set of an address space: a sorted list and an
 * augmented red-black tree of struct vm_area_struct, with lookup
 * (find_vma), free-area search (unmapped_area, unmapped_area_topdown),
 * insertion, splitting, merging and removal of ranges (include/mneme/
 * vma.h).  Only the bookkeeping: no page table or page is touched here.
 *
 * Why a tree with subtree gaps.  A process has from a handful to tens of
 * thousands of VMAs, and the two questions asked most are "which VMA
 * holds this address?" (every page fault) and "where is a free range of
 * this size?" (every mmap without MAP_FIXED).  A balanced search tree
 * keyed by address answers the first in O(log n).  For the second, each
 * node also caches rb_subtree_gap, the largest free gap lying just below
 * any VMA of its subtree, so the search can skip a whole subtree whose
 * biggest gap is too small and is O(log n) too.  The sorted list
 * (vm_next/vm_prev) gives the neighbours of a VMA in O(1), which every
 * gap, merge and split needs.  This is Linux from 3.8 (the gap cache,
 * by Michel Lespinasse) to 6.0; Linux 6.1 replaced tree and list by the
 * maple tree, a B-tree of ranges that stores the gaps implicitly
 * (docs/process-memory.md compares them).
 *
 * Data owned: the VMAs on mm->mmap / mm->mm_rb and mm's map_count and
 * highest_vm_end.  A file VMA also holds a reference on vm_file and is
 * on the file's i_mmap list from its insertion to remove_vma()
 * (vma_link_file()/unlink_file_vma(), mm/filemap.c); a split takes one
 * more reference, a merge drops the swallowed VMA's.  Invariants between calls (validate_mm() checks all):
 *   - the list is sorted by address, doubly linked, with no overlap, and
 *     every VMA is page aligned with vm_start < vm_end and vm_mm == mm;
 *   - an in-order walk of the tree meets the same VMAs in the same order,
 *     the tree obeys the red-black rules, and it has map_count nodes;
 *   - rb_subtree_gap of each VMA is the maximum of its own gap (from the
 *     end of the VMA before it, or 0, to vm_start_gap(); 0 if negative)
 *     and its children's rb_subtree_gap;
 *   - highest_vm_end is vm_end_gap() of the last VMA, or 0.
 * Keeping the gaps true: a VMA's gap depends on its own start and its
 * predecessor's end, so every change of vm_start, vm_end or the list
 * recomputes the gaps of the VMA changed and of the one after it, one at
 * a time, each from a tree that is otherwise consistent (the tree is
 * changed first when a VMA leaves, the list first when one arrives).
 *
 * Locking: none yet (one CPU; an mm changes only under its own task).
 * Linux takes mmap_lock for writing around all of this.
 *
 * Differences from Linux, on purpose: no per-thread vmacache (a
 * find_vma() cache), no anon_vma chains yet (anon_vma is a placeholder
 * compared for equality), mprotect-style changes split first and merge
 * after, where Linux's vma_merge() first tries to move a boundary
 * without a new VMA (same result; only the map_count limit can differ),
 * and the free-area search is recursive (its depth is the tree height,
 * at most 2 log2(65531) = 32) where Linux walks with a loop.
 *
 * Linux: mm/mmap.c of Linux 4.x-5.x (find_vma, __vma_link_rb,
 * vma_compute_subtree_gap, unmapped_area, __split_vma, vma_merge,
 * detach_vmas_to_be_unmapped, validate_mm), mm/vma.c of Linux 6.x.
 */
#include <mneme/err.h>
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/pagemap.h>
#include <mneme/printk.h>
#include <mneme/sprintf.h>
#include <mneme/vma.h>
#include <uapi/errno.h>

int sysctl_max_map_count = DEFAULT_MAX_MAP_COUNT;
unsigned long stack_guard_gap = STACK_GUARD_GAP_DEFAULT;

static inline struct vm_area_struct *rb_vma(struct rb_node *rb)
{
	return rb_entry_safe(rb, struct vm_area_struct, vm_rb);
}

/* ---- the gap cache ------------------------------------------------------ */

/* Where the free gap just below vma starts: the end of the VMA before it. */
static unsigned long vma_gap_start(const struct vm_area_struct *vma)
{
	return vma->vm_prev ? vm_end_gap(vma->vm_prev) : 0;
}

/* The free gap just below vma, 0 if a guard gap swallows it. */
static unsigned long vma_compute_gap(const struct vm_area_struct *vma)
{
	unsigned long start = vma_gap_start(vma), end = vm_start_gap(vma);

	return end > start ? end - start : 0;
}

static unsigned long vma_compute_subtree_gap(struct vm_area_struct *vma)
{
	unsigned long gap = vma_compute_gap(vma);
	struct vm_area_struct *child;

	child = rb_vma(vma->vm_rb.rb_left);
	if (child && child->rb_subtree_gap > gap)
		gap = child->rb_subtree_gap;
	child = rb_vma(vma->vm_rb.rb_right);
	if (child && child->rb_subtree_gap > gap)
		gap = child->rb_subtree_gap;
	return gap;
}

/* The rbtree's callbacks (rbtree.h): keep rb_subtree_gap true. */
static void vma_gap_propagate(struct rb_node *rb, struct rb_node *stop)
{
	while (rb != stop) {
		struct vm_area_struct *vma = rb_vma(rb);
		unsigned long gap = vma_compute_subtree_gap(vma);

		if (vma->rb_subtree_gap == gap)
			break;		/* so are all above */
		vma->rb_subtree_gap = gap;
		rb = rb_parent(rb);
	}
}

static void vma_gap_copy(struct rb_node *old, struct rb_node *new)
{
	rb_vma(new)->rb_subtree_gap = rb_vma(old)->rb_subtree_gap;
}

static void vma_gap_rotate(struct rb_node *old, struct rb_node *new)
{
	rb_vma(new)->rb_subtree_gap = rb_vma(old)->rb_subtree_gap;
	rb_vma(old)->rb_subtree_gap = vma_compute_subtree_gap(rb_vma(old));
}

static const struct rb_augment_callbacks vma_gap_callbacks = {
	.propagate = vma_gap_propagate,
	.copy = vma_gap_copy,
	.rotate = vma_gap_rotate,
};

/* vma's own gap changed (its start, or the end of the one before it). */
static void vma_gap_update(struct vm_area_struct *vma)
{
	vma_gap_propagate(&vma->vm_rb, NULL);
}

/* vma's end changed: the next VMA's gap, or the top of the set. */
static void vma_end_changed(struct mm_struct *mm, struct vm_area_struct *vma)
{
	if (vma->vm_next)
		vma_gap_update(vma->vm_next);
	else
		mm->highest_vm_end = vm_end_gap(vma);
}

/* Move vma's bounds (keeping its place in the order), then the gaps. */
void vma_set_range(struct mm_struct *mm, struct vm_area_struct *vma,
		   unsigned long start, unsigned long end, unsigned long pgoff)
{
	bool start_moved = start != vma->vm_start;

	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_pgoff = pgoff;
	if (start_moved)
		vma_gap_update(vma);
	vma_end_changed(mm, vma);
}

/* ---- lookup ------------------------------------------------------------- */

/*
 * Walk down from the root: a VMA ending above addr is a candidate, and
 * the answer if it also starts at or below addr; otherwise a better one
 * may be to its left.  Linux first asks a small per-thread cache.
 */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct rb_node *rb = mm->mm_rb.rb_node;
	struct vm_area_struct *found = NULL;

	while (rb) {
		struct vm_area_struct *vma = rb_vma(rb);

		if (vma->vm_end > addr) {
			found = vma;
			if (vma->vm_start <= addr)
				break;
			rb = rb->rb_left;
		} else {
			rb = rb->rb_right;
		}
	}
	return found;
}

struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	*pprev = vma ? vma->vm_prev : rb_vma(rb_last(&mm->mm_rb));
	return vma;
}

struct vm_area_struct *find_vma_intersection(struct mm_struct *mm,
					     unsigned long start, unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	return vma && vma->vm_start < end ? vma : NULL;
}

/*
 * Where a new VMA [addr, end) would hang in the tree (*rb_link below
 * *rb_parent) and which VMA would precede it: 0, or -ENOMEM when the
 * range overlaps a VMA.  Linux: find_vma_links().
 */
static int find_vma_links(struct mm_struct *mm, unsigned long addr, unsigned long end,
			  struct vm_area_struct **pprev, struct rb_node ***rb_link,
			  struct rb_node **rb_parent)
{
	struct rb_node **link = &mm->mm_rb.rb_node, *parent = NULL, *prev = NULL;

	while (*link) {
		struct vm_area_struct *vma = rb_vma(*link);

		parent = *link;
		if (vma->vm_end > addr) {
			if (vma->vm_start < end)
				return -ENOMEM;
			link = &parent->rb_left;
		} else {
			prev = parent;
			link = &parent->rb_right;
		}
	}
	*pprev = rb_vma(prev);
	*rb_link = link;
	*rb_parent = parent;
	return 0;
}

/* ---- free area search --------------------------------------------------- */

/*
 * A request, as the searches see it: a gap [gs, ge) can hold it when it
 * is at least length bytes (info->length plus the alignment slack, so
 * any such gap has an aligned spot), starts at or below high_start and
 * ends at or above low_end.  Linux's unmapped_area() uses the same test.
 */
/* The gap above the last VMA has no end. */
#define GAP_END_TOP	(~0UL)

struct gap_request {
	unsigned long length;		/* with the alignment slack */
	unsigned long high_start;	/* info->high_limit - length */
	unsigned long low_end;		/* info->low_limit + length */
};

static bool gap_fits(unsigned long gs, unsigned long ge, const struct gap_request *req)
{
	return ge > gs && ge - gs >= req->length && gs <= req->high_start &&
	       ge >= req->low_end;
}

static bool vma_gap_fits(const struct vm_area_struct *vma, const struct gap_request *req)
{
	return gap_fits(vma_gap_start(vma), vm_start_gap(vma), req);
}

/* 0, or -ENOMEM when no gap anywhere could hold the request. */
static int gap_request_init(struct gap_request *req, const struct vm_unmapped_area_info *info)
{
	req->length = info->length + info->align_mask;
	if (req->length < info->length || info->high_limit < req->length)
		return -ENOMEM;
	req->high_start = info->high_limit - req->length;
	if (info->low_limit > req->high_start)
		return -ENOMEM;
	req->low_end = info->low_limit + req->length;
	return 0;
}

/*
 * The lowest VMA of the subtree whose gap below it holds req.  Skipped:
 * a subtree whose largest gap is too small; the left subtree when every
 * gap in it ends too low (they all end below vma->vm_start); the right
 * one when every gap in it starts too high (at or above vma->vm_end).
 */
static struct vm_area_struct *lowest_fit(struct rb_node *rb, const struct gap_request *req)
{
	struct vm_area_struct *vma = rb_vma(rb);

	if (!vma || vma->rb_subtree_gap < req->length)
		return NULL;
	if (vma->vm_start > req->low_end) {
		struct vm_area_struct *found = lowest_fit(rb->rb_left, req);

		if (found)
			return found;
	}
	if (vma_gap_fits(vma, req))
		return vma;
	if (vma->vm_end > req->high_start)
		return NULL;
	return lowest_fit(rb->rb_right, req);
}

/* The mirror image: the highest VMA whose gap below it holds req. */
static struct vm_area_struct *highest_fit(struct rb_node *rb, const struct gap_request *req)
{
	struct vm_area_struct *vma = rb_vma(rb);

	if (!vma || vma->rb_subtree_gap < req->length)
		return NULL;
	if (vma->vm_end <= req->high_start) {
		struct vm_area_struct *found = highest_fit(rb->rb_right, req);

		if (found)
			return found;
	}
	if (vma_gap_fits(vma, req))
		return vma;
	if (vma->vm_start <= req->low_end)
		return NULL;
	return highest_fit(rb->rb_left, req);
}

/*
 * Bottom-up: the lowest gap that fits, among the gaps below each VMA and
 * the one above the last, then the lowest aligned address in it.
 */
unsigned long unmapped_area(struct mm_struct *mm, const struct vm_unmapped_area_info *info)
{
	struct gap_request req;
	const struct vm_area_struct *vma;
	unsigned long gs, addr;

	if (gap_request_init(&req, info))
		return -ENOMEM;
	vma = lowest_fit(mm->mm_rb.rb_node, &req);
	if (vma)
		gs = vma_gap_start(vma);
	else if (gap_fits(mm->highest_vm_end, GAP_END_TOP, &req))
		gs = mm->highest_vm_end;
	else
		return -ENOMEM;
	addr = max(gs, info->low_limit);
	addr += (info->align_offset - addr) & info->align_mask;
	return addr;
}

/*
 * Top-down (mmap's default on x86_64, below the stack): the highest gap
 * that fits, the one above the last VMA first, then the highest aligned
 * address in it that leaves length bytes below high_limit.
 */
unsigned long unmapped_area_topdown(struct mm_struct *mm,
				    const struct vm_unmapped_area_info *info)
{
	struct gap_request req;
	const struct vm_area_struct *vma;
	unsigned long ge, addr;

	if (gap_request_init(&req, info))
		return -ENOMEM;
	if (gap_fits(mm->highest_vm_end, GAP_END_TOP, &req)) {
		ge = GAP_END_TOP;
	} else {
		vma = highest_fit(mm->mm_rb.rb_node, &req);
		if (!vma)
			return -ENOMEM;
		ge = vm_start_gap(vma);
	}
	addr = min(ge, info->high_limit) - info->length;
	addr -= (addr - info->align_offset) & info->align_mask;
	return addr;
}

unsigned long vm_unmapped_area(struct mm_struct *mm, const struct vm_unmapped_area_info *info)
{
	if (info->flags & VM_UNMAPPED_AREA_TOPDOWN)
		return unmapped_area_topdown(mm, info);
	return unmapped_area(mm, info);
}

/* ---- linking and unlinking ---------------------------------------------- */

/* Put vma on the list after prev (NULL: first). */
static void __vma_link_list(struct mm_struct *mm, struct vm_area_struct *vma,
			    struct vm_area_struct *prev)
{
	struct vm_area_struct *next = prev ? prev->vm_next : mm->mmap;

	vma->vm_prev = prev;
	vma->vm_next = next;
	if (prev)
		prev->vm_next = vma;
	else
		mm->mmap = vma;
	if (next)
		next->vm_prev = vma;
}

/*
 * List first: the next VMA's gap shrinks, and is brought up to date
 * while vma is not yet in the tree.  Then vma goes into the tree with a
 * zero gap, as every node on its way down was left, and
 * rb_insert_augmented() propagates its true gap and rebalances.
 */
static void __vma_link(struct mm_struct *mm, struct vm_area_struct *vma,
		       struct vm_area_struct *prev, struct rb_node **rb_link,
		       struct rb_node *rb_parent)
{
	__vma_link_list(mm, vma, prev);
	vma_end_changed(mm, vma);
	rb_link_node(&vma->vm_rb, rb_parent, rb_link);
	vma->rb_subtree_gap = 0;
	rb_insert_augmented(&vma->vm_rb, &mm->mm_rb, &vma_gap_callbacks);
	mm->map_count++;
}

/* Insert without the anonymous pgoff rule (split and merge keep pgoffs). */
static int __insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev;
	struct rb_node **rb_link, *rb_parent;

	if (find_vma_links(mm, vma->vm_start, vma->vm_end, &prev, &rb_link, &rb_parent))
		return -ENOMEM;
	vma->vm_mm = mm;
	__vma_link(mm, vma, prev, rb_link, rb_parent);
	vma_link_file(vma);
	return 0;
}

int insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma)
{
	if (WARN_ON_ONCE(vma->vm_start >= vma->vm_end ||
			 !IS_ALIGNED(vma->vm_start | vma->vm_end, PAGE_SIZE)))
		return -EINVAL;
	if (vma_is_anonymous(vma) && !vma->anon_vma)
		vma->vm_pgoff = vma->vm_start >> PAGE_SHIFT;
	return __insert_vm_struct(mm, vma);
}

/*
 * Tree first, while the list still holds vma, so that every gap the
 * rebalancing recomputes is the one it had; then the list, and the gap
 * of the next VMA, which now reaches down to vma's predecessor.
 */
void vma_unlink(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev = vma->vm_prev, *next = vma->vm_next;

	rb_erase_augmented(&vma->vm_rb, &mm->mm_rb, &vma_gap_callbacks);
	RB_CLEAR_NODE(&vma->vm_rb);
	if (prev)
		prev->vm_next = next;
	else
		mm->mmap = next;
	if (next) {
		next->vm_prev = prev;
		vma_gap_update(next);
	} else {
		mm->highest_vm_end = prev ? vm_end_gap(prev) : 0;
	}
	vma->vm_next = vma->vm_prev = NULL;
	mm->map_count--;
}

/*
 * A file VMA holds a reference on vm_file (get_file() by whoever made
 * it: do_mmap(), __split_vma(), fork) and is on the file's i_mmap list;
 * both go here, with the VMA.
 */
struct vm_area_struct *remove_vma(struct vm_area_struct *vma)
{
	struct vm_area_struct *next = vma->vm_next;

	if (vma->vm_ops && vma->vm_ops->close)
		vma->vm_ops->close(vma);
	unlink_file_vma(vma);
	fput(vma->vm_file);
	vm_area_free(vma);
	return next;
}

void remove_vma_list(struct vm_area_struct *vma)
{
	while (vma)
		vma = remove_vma(vma);
}

void exit_mmap_vmas(struct mm_struct *mm)
{
	struct vm_area_struct *list = mm->mmap;

	mm->mmap = NULL;
	mm->mm_rb = RB_ROOT;
	mm->map_count = 0;
	mm->highest_vm_end = 0;
	remove_vma_list(list);
}

/* ---- split -------------------------------------------------------------- */

/*
 * The old VMA shrinks to one side of addr first (the other side is then
 * a free gap for a moment), and the copy is inserted into that gap.
 */
int __split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
		unsigned long addr, int new_below)
{
	unsigned long pages_below = (addr - vma->vm_start) >> PAGE_SHIFT;
	struct vm_area_struct *new;

	if (addr <= vma->vm_start || addr >= vma->vm_end || !IS_ALIGNED(addr, PAGE_SIZE))
		return -EINVAL;
	new = vm_area_dup(vma);
	if (!new)
		return -ENOMEM;
	if (new_below) {
		new->vm_end = addr;
		vma_set_range(mm, vma, addr, vma->vm_end, vma->vm_pgoff + pages_below);
	} else {
		new->vm_start = addr;
		new->vm_pgoff += pages_below;
		vma_set_range(mm, vma, vma->vm_start, addr, vma->vm_pgoff);
	}
	get_file(new->vm_file);		/* dropped by remove_vma() */
	if (new->vm_ops && new->vm_ops->open)
		new->vm_ops->open(new);
	return __insert_vm_struct(mm, new);	/* the range was just freed */
}

int split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
	      unsigned long addr, int new_below)
{
	if (mm->map_count >= sysctl_max_map_count)
		return -ENOMEM;
	return __split_vma(mm, vma, addr, new_below);
}

/* ---- merge -------------------------------------------------------------- */

/*
 * Compatibility, the rule for merging: two touching VMAs may become one
 * when nothing about either would change, that is when they have
 * the same vm_flags (and none of VM_SPECIAL, whose owners track their
 * VMAs), the same vm_file (NULL: both anonymous), the same anon_vma,
 * vm_ops and vm_private_data, no close() (one close would then stand for
 * two opens), and contiguous offsets: the lower one's vm_pgoff plus its
 * pages is the upper one's vm_pgoff.  For anonymous memory vm_pgoff is
 * vm_start >> PAGE_SHIFT, so neighbours are always contiguous.  Linux
 * also joins when only one side has an anon_vma yet, and compares the
 * userfaultfd context and anon name, which Mneme does not have.
 */
static bool vma_can_join(const struct vm_area_struct *vma, unsigned long vm_flags,
			 const struct anon_vma *anon_vma, const struct file *file)
{
	return vma->vm_flags == vm_flags && !(vm_flags & VM_SPECIAL) &&
	       vma->vm_file == file && vma->anon_vma == anon_vma &&
	       !(vma->vm_ops && vma->vm_ops->close);
}

/* Can lower and upper, touching, become one VMA? */
static bool vmas_mergeable(const struct vm_area_struct *lower,
			   const struct vm_area_struct *upper)
{
	return lower->vm_end == upper->vm_start &&
	       vma_can_join(lower, upper->vm_flags, upper->anon_vma, upper->vm_file) &&
	       lower->vm_ops == upper->vm_ops &&
	       lower->vm_private_data == upper->vm_private_data &&
	       lower->vm_pgoff + vma_pages(lower) == upper->vm_pgoff;
}

/* upper is absorbed by lower, its touching, mergeable neighbour below. */
static void vma_absorb_next(struct mm_struct *mm, struct vm_area_struct *lower)
{
	struct vm_area_struct *upper = lower->vm_next;
	unsigned long end = upper->vm_end;

	vma_unlink(mm, upper);
	unlink_file_vma(upper);
	fput(upper->vm_file);	/* lower holds its own */
	vm_area_free(upper);
	vma_set_range(mm, lower, lower->vm_start, end, lower->vm_pgoff);
}

struct vm_area_struct *vma_merge(struct mm_struct *mm, struct vm_area_struct *prev,
				 unsigned long addr, unsigned long end,
				 unsigned long vm_flags, struct anon_vma *anon_vma,
				 struct file *file, unsigned long pgoff)
{
	struct vm_area_struct *next = prev ? prev->vm_next : mm->mmap;
	unsigned long pglen = (end - addr) >> PAGE_SHIFT;
	bool join_prev, join_next;

	if (WARN_ON_ONCE((prev && prev->vm_end > addr) || (next && next->vm_start < end)))
		return NULL;		/* the range is not free */
	join_prev = prev && prev->vm_end == addr &&
		    vma_can_join(prev, vm_flags, anon_vma, file) &&
		    prev->vm_pgoff + vma_pages(prev) == pgoff;
	join_next = next && next->vm_start == end &&
		    vma_can_join(next, vm_flags, anon_vma, file) &&
		    next->vm_pgoff == pgoff + pglen;
	if (join_prev) {
		vma_set_range(mm, prev, prev->vm_start, end, prev->vm_pgoff);
		if (join_next && vmas_mergeable(prev, next))
			vma_absorb_next(mm, prev);
		return prev;
	}
	if (join_next) {
		vma_set_range(mm, next, addr, next->vm_end, pgoff);
		return next;
	}
	return NULL;
}

struct vm_area_struct *vma_merge_adjacent(struct mm_struct *mm, struct vm_area_struct *vma)
{
	if (vma->vm_prev && vmas_mergeable(vma->vm_prev, vma)) {
		vma = vma->vm_prev;
		vma_absorb_next(mm, vma);
	}
	if (vma->vm_next && vmas_mergeable(vma, vma->vm_next))
		vma_absorb_next(mm, vma);
	return vma;
}

/* ---- changing the rights of a range (mprotect) --------------------------- */

struct vm_area_struct *vma_modify_flags(struct mm_struct *mm, struct vm_area_struct *vma,
					unsigned long start, unsigned long end,
					unsigned long newflags)
{
	int err;

	if (newflags == vma->vm_flags)
		return vma;
	if (start > vma->vm_start) {
		err = split_vma(mm, vma, start, 1);
		if (err)
			return ERR_PTR(err);
	}
	if (end < vma->vm_end) {
		err = split_vma(mm, vma, end, 0);
		if (err)
			return ERR_PTR(err);
	}
	vma->vm_flags = newflags;
	vma_gap_update(vma);		/* VM_GROWSDOWN moves vm_start_gap() */
	return vma_merge_adjacent(mm, vma);
}

/* The rights prot_flags would give vma, or -EACCES if its VM_MAY* forbid them. */
static long mprotect_newflags(const struct vm_area_struct *vma, unsigned long prot_flags)
{
	unsigned long newflags = (vma->vm_flags & ~VM_ACCESS_FLAGS) | prot_flags;

	/* each VM_MAY* bit sits four places above the right it allows */
	if ((newflags & ~(newflags >> 4)) & VM_ACCESS_FLAGS)
		return -EACCES;
	return (long)newflags;
}

/* Linux: the loop of do_mprotect_pkey() over mprotect_fixup(). */
int vma_mprotect_range(struct mm_struct *mm, unsigned long start, unsigned long end,
		       unsigned long prot_flags)
{
	struct vm_area_struct *vma = find_vma(mm, start);
	unsigned long nstart = start;

	if (start >= end)
		return 0;
	if (!vma || vma->vm_start > start)
		return -ENOMEM;
	for (;;) {
		long newflags = mprotect_newflags(vma, prot_flags);
		unsigned long tmp = min(vma->vm_end, end);

		if (newflags < 0)
			return (int)newflags;
		vma = vma_modify_flags(mm, vma, nstart, tmp, (unsigned long)newflags);
		if (IS_ERR(vma))
			return (int)PTR_ERR(vma);
		nstart = max(tmp, vma->vm_end);	/* a merge may reach further */
		if (nstart >= end)
			return 0;
		vma = vma->vm_next;
		if (!vma || vma->vm_start != nstart)
			return -ENOMEM;		/* a hole in the range */
	}
}

/* ---- removing a range (munmap) ------------------------------------------ */

/*
 * Split where the range cuts a VMA (at most one split at each end), then
 * take out the VMAs wholly inside.  Linux: __do_munmap() up to
 * detach_vmas_to_be_unmapped().  The limit check is Linux's: splitting
 * one VMA in three needs one VMA more than there is.
 */
int vma_detach_range(struct mm_struct *mm, unsigned long start, unsigned long end,
		     struct vm_area_struct **detached)
{
	struct vm_area_struct *vma = find_vma(mm, start), *last, **tail = detached;
	int err;

	*detached = NULL;
	if (start >= end || !vma || vma->vm_start >= end)
		return 0;
	if (start > vma->vm_start) {
		if (end < vma->vm_end && mm->map_count >= sysctl_max_map_count)
			return -ENOMEM;
		err = __split_vma(mm, vma, start, 0);
		if (err)
			return err;
	}
	last = find_vma(mm, end);
	if (last && last->vm_start < end) {
		err = __split_vma(mm, last, end, 1);
		if (err)
			return err;
	}
	for (vma = find_vma(mm, start); vma && vma->vm_start < end;) {
		struct vm_area_struct *next = vma->vm_next;

		vma_unlink(mm, vma);
		*tail = vma;
		tail = &vma->vm_next;
		vma = next;
	}
	return 0;
}

int vma_remove_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct *detached;
	int err = vma_detach_range(mm, start, end, &detached);

	remove_vma_list(detached);
	return err;
}

/* ---- checking ----------------------------------------------------------- */

#define VALIDATE_MAX_REPORTS	8

struct vma_check {
	struct mm_struct *mm;
	int bugs;
};

__attribute__((format(printf, 3, 4)))
static void vma_bug(struct vma_check *c, const struct vm_area_struct *vma,
		    const char *fmt, ...)
{
	char msg[128];
	va_list args;

	if (c->bugs++ >= VALIDATE_MAX_REPORTS)
		return;
	va_start(args, fmt);
	vsnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	if (vma)
		pr_err("validate_mm: vma [%#lx, %#lx) flags %#lx: %s\n",
		       vma->vm_start, vma->vm_end, vma->vm_flags, msg);
	else
		pr_err("validate_mm: %s\n", msg);
}

/* One VMA against its predecessor on the list and its place in the tree. */
static void validate_vma(struct vma_check *c, struct vm_area_struct *vma,
			 struct vm_area_struct *prev, struct rb_node *rb)
{
	if (vma->vm_prev != prev)
		vma_bug(c, vma, "vm_prev is not the VMA before it");
	if (vma->vm_mm != c->mm)
		vma_bug(c, vma, "vm_mm is another mm");
	if (vma->vm_start >= vma->vm_end ||
	    !IS_ALIGNED(vma->vm_start | vma->vm_end, PAGE_SIZE))
		vma_bug(c, vma, "empty or unaligned");
	if (prev && prev->vm_end > vma->vm_start)
		vma_bug(c, vma, "overlaps or precedes the one before, ending at %#lx",
			prev->vm_end);
	if (rb != &vma->vm_rb)
		vma_bug(c, vma, "the tree's in-order walk has another VMA here");
	if (vma->rb_subtree_gap != vma_compute_subtree_gap(vma))
		vma_bug(c, vma, "rb_subtree_gap %#lx, expected %#lx",
			vma->rb_subtree_gap, vma_compute_subtree_gap(vma));
}

int validate_mm(struct mm_struct *mm)
{
	struct vma_check c = { .mm = mm };
	struct vm_area_struct *vma, *prev = NULL;
	struct rb_node *rb = rb_first(&mm->mm_rb);
	const char *why = rb_check(&mm->mm_rb);
	int count = 0;

	if (why)
		vma_bug(&c, NULL, "red-black tree: %s", why);
	for (vma = mm->mmap; vma; prev = vma, vma = vma->vm_next) {
		if (++count > mm->map_count) {
			vma_bug(&c, vma, "more VMAs on the list than map_count %d",
				mm->map_count);
			break;
		}
		validate_vma(&c, vma, prev, rb);
		rb = rb ? rb_next(rb) : NULL;
	}
	if (count != mm->map_count)
		vma_bug(&c, NULL, "%d VMAs on the list, map_count %d", count, mm->map_count);
	if (rb && count == mm->map_count)
		vma_bug(&c, NULL, "the tree has more VMAs than the list");
	if (mm->highest_vm_end != (prev ? vm_end_gap(prev) : 0))
		vma_bug(&c, NULL, "highest_vm_end %#lx, expected %#lx", mm->highest_vm_end,
			prev ? vm_end_gap(prev) : 0);
	return c.bugs;
}
