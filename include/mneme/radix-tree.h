/*
 * radix-tree.h - a map from unsigned long indices to pointers, as a
 * radix tree of 64-slot nodes.  The page cache keeps each file's pages
 * in one (mm/filemap.c: index = file offset / PAGE_SIZE).
 *
 * Why a radix tree.  A file's page indices are dense: a file of n pages
 * uses indices 0..n-1, with the odd hole.  A radix tree spends one node
 * per 64 neighbouring indices, so a dense file costs about n/64 nodes of
 * 528 bytes (under 2 % of the data it indexes), and every lookup walks
 * the same number of levels, ceil(bits of the largest index / 6): a 4 GiB
 * file (2^20 pages) is 4 levels deep, and even ULONG_MAX is only 11.  No
 * rebalancing, no comparisons, and a walk in index order (truncation,
 * writeback) is a walk over the slots in order.  A balanced search tree
 * would need log2(n) comparisons and a node per page; a hash table could
 * not walk a range in order.
 *
 * Shape.  The root says how many levels the tree has (height) and points
 * at the top node.  A node at level l (leaves are level 1) has 64 slots,
 * chosen by bits [6(l-1), 6l) of the index: an item in a leaf, a child
 * node above.  The height grows when an index too large for the tree is
 * inserted (a new top node whose slot 0 is the old top) and shrinks back
 * when only slot 0 of the top node is left in use, so the tree is always
 * as short as its largest index allows; a node whose last slot empties is
 * freed at once.  An empty tree has height 0 and no nodes.
 *
 * What Linux's xarray (include/linux/xarray.h, since 4.20) adds to the
 * radix tree it replaced: a lock inside the root and an API built around
 * it, marks (tags) per slot propagated up the tree (dirty and writeback
 * pages are found without visiting clean ones), multi-index entries
 * (one entry for a huge page), value entries (small integers such as
 * swap entries and shadow entries of evicted pages, told apart from
 * pointers by their low bit), a single entry at index 0 kept in the root
 * without a node, and RCU-safe lookups.  Mneme has one CPU and no marks
 * yet, so none of that is here.
 *
 * Node memory.  lib/ may not allocate, so the tree asks a
 * radix_tree_node_allocator that its user installs once: in the kernel,
 * mm/filemap.c's page_cache_init() hands out nodes from a kmem_cache
 * "radix_tree_node"; in the host tests they come from malloc, which lets
 * AddressSanitizer catch leaks and a test make allocations fail.
 * Insertion either succeeds or returns -ENOMEM with the tree unchanged.
 *
 * Locking: none; the caller serialises (one CPU, no sleeping inside).
 * Linux: lib/radix-tree.c, include/linux/radix-tree.h (before 4.20).
 */
#ifndef MNEME_RADIX_TREE_H
#define MNEME_RADIX_TREE_H

#include <mneme/gfp.h>
#include <mneme/types.h>

#define RADIX_TREE_MAP_SHIFT	6
#define RADIX_TREE_MAP_SIZE	(1UL << RADIX_TREE_MAP_SHIFT)	/* slots per node */
#define RADIX_TREE_MAP_MASK	(RADIX_TREE_MAP_SIZE - 1)
#define RADIX_TREE_INDEX_BITS	(8 * sizeof(unsigned long))
/* Levels needed for ULONG_MAX: ceil(64 / 6) = 11. */
#define RADIX_TREE_MAX_PATH	((RADIX_TREE_INDEX_BITS + RADIX_TREE_MAP_SHIFT - 1) / \
				 RADIX_TREE_MAP_SHIFT)

struct radix_tree_node {
	unsigned char shift;		/* index bits below this node: 6 * (level - 1) */
	unsigned char offset;		/* our slot in parent */
	unsigned short count;		/* slots in use */
	struct radix_tree_node *parent;	/* NULL for the top node */
	void *slots[RADIX_TREE_MAP_SIZE];
};

struct radix_tree_root {
	unsigned int height;		/* levels; 0 = empty */
	gfp_t gfp_mask;			/* for new nodes */
	struct radix_tree_node *rnode;	/* the top node, or NULL */
};

#define RADIX_TREE_INIT(mask)	{ .height = 0, .gfp_mask = (mask), .rnode = NULL }

static inline void INIT_RADIX_TREE(struct radix_tree_root *root, gfp_t mask)
{
	root->height = 0;
	root->gfp_mask = mask;
	root->rnode = NULL;
}

static inline bool radix_tree_empty(const struct radix_tree_root *root)
{
	return root->rnode == NULL;
}

/* Where nodes come from.  alloc returns a zeroed node or NULL. */
struct radix_tree_node_allocator {
	struct radix_tree_node *(*alloc)(gfp_t gfp);
	void (*free)(struct radix_tree_node *node);
};

/* Install the allocator (once, before the first insertion). */
void radix_tree_set_allocator(const struct radix_tree_node_allocator *allocator);

/*
 * Store item (not NULL) at index: 0, -EEXIST if index is taken, -EINVAL
 * for a NULL item, -ENOMEM (tree unchanged) when a node cannot be had.
 */
int radix_tree_insert(struct radix_tree_root *root, unsigned long index, void *item);

/* The item at index, or NULL. */
void *radix_tree_lookup(const struct radix_tree_root *root, unsigned long index);

/* Remove the item at index and return it (NULL if there was none). */
void *radix_tree_delete(struct radix_tree_root *root, unsigned long index);

/*
 * The first item at an index >= *index, with *index set to its index;
 * NULL (and *index untouched) when there is none.  Mneme's own helper,
 * the step under Linux's radix_tree_for_each_slot() iterator.
 */
void *radix_tree_next_item(const struct radix_tree_root *root, unsigned long *index);

/*
 * Up to max_items items at indices >= first_index, in index order, into
 * results; returns how many.  Linux's signature.
 */
unsigned int radix_tree_gang_lookup(const struct radix_tree_root *root, void **results,
				    unsigned long first_index, unsigned int max_items);

/* Every item, in index order: for (item = radix_tree_next_item(...)) ... */
#define radix_tree_for_each_item(item, root, index)			\
	for ((index) = 0, (item) = radix_tree_next_item(root, &(index));	\
	     (item);							\
	     (item) = (index) == ~0UL ? NULL :				\
		     ((index)++, radix_tree_next_item(root, &(index))))

#endif
