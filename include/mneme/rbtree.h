/*
 * rbtree.h - red-black trees, intrusive, in Linux's shape (lib/rbtree.c).
 *
 * The node lives inside the object (struct vm_area_struct has a
 * struct rb_node vm_rb), and rb_entry() gets back to the object, as with
 * list_entry().  The tree does not know the key: the caller walks down
 * from root->rb_node comparing its own keys, finds the empty child link
 * where the new node belongs, and then
 *
 *	rb_link_node(&obj->node, parent, link);	  hang it there, red
 *	rb_insert_color(&obj->node, root);	  recolour and rotate
 *
 * and rb_erase(&obj->node, root) takes it out.  rb_first/rb_last/rb_next/
 * rb_prev walk the nodes in key order.
 *
 * The red-black rules, which keep the height within 2 log2(n + 1):
 *   1. every node is red or black; the root is black;
 *   2. a red node has no red child;
 *   3. every path from a node down to an empty link has the same number
 *      of black nodes.
 * A node's parent pointer and its colour share one word: nodes are at
 * least 4-byte aligned, so bit 0 of the parent address holds the colour.
 *
 * Augmented trees: each node may also cache a value computed from its
 * own object and its two subtrees (the VMA tree caches the largest free
 * gap below each node: mm/vma.c).  The tree's own operations change the
 * shape only by linking, unlinking, and rotating, so it tells the caller
 * about exactly those through struct rb_augment_callbacks, and the cached
 * values stay true.  Linux keeps this part in <linux/rbtree_augmented.h>
 * and inlines the erase; here it is one header and the same functions.
 */
#ifndef MNEME_RBTREE_H
#define MNEME_RBTREE_H

#include <mneme/kernel.h>
#include <mneme/types.h>

struct rb_node {
	unsigned long __rb_parent_color;	/* parent address | colour bit */
	struct rb_node *rb_right;
	struct rb_node *rb_left;
} __attribute__((aligned(sizeof(long))));

struct rb_root {
	struct rb_node *rb_node;
};

#define RB_RED		0
#define RB_BLACK	1

#define RB_ROOT		((struct rb_root) { NULL })
#define rb_entry(ptr, type, member)	container_of(ptr, type, member)
#define rb_entry_safe(ptr, type, member) \
	({ __typeof__(ptr) ____ptr = (ptr); \
	   ____ptr ? rb_entry(____ptr, type, member) : NULL; })

#define rb_parent(r)	((struct rb_node *)((r)->__rb_parent_color & ~3UL))
#define rb_color(r)	((r)->__rb_parent_color & 1)
#define rb_is_red(r)	(rb_color(r) == RB_RED)
#define rb_is_black(r)	(rb_color(r) == RB_BLACK)

#define RB_EMPTY_ROOT(root)	((root)->rb_node == NULL)
/* A node that is in no tree points at itself (after RB_CLEAR_NODE). */
#define RB_EMPTY_NODE(node) \
	((node)->__rb_parent_color == (unsigned long)(node))
#define RB_CLEAR_NODE(node) \
	((node)->__rb_parent_color = (unsigned long)(node))

/* Hang node, red and childless, at *rb_link below parent (NULL: the root). */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **rb_link)
{
	node->__rb_parent_color = (unsigned long)parent;	/* red */
	node->rb_left = node->rb_right = NULL;
	*rb_link = node;
}

/*
 * The callbacks of an augmented tree (Linux's rb_augment_callbacks):
 *   propagate(node, stop)  recompute the value of node, then of each
 *                          ancestor in turn, stopping below stop (NULL:
 *                          go to the root); it may stop early once a value
 *                          comes out unchanged;
 *   copy(old, new)         new has taken old's place over the same set of
 *                          nodes: new's value = old's;
 *   rotate(old, new)       new has been rotated up over old: new's value
 *                          = old's (same subtree), old's is recomputed.
 */
struct rb_augment_callbacks {
	void (*propagate)(struct rb_node *node, struct rb_node *stop);
	void (*copy)(struct rb_node *old, struct rb_node *new);
	void (*rotate)(struct rb_node *old, struct rb_node *new);
};

/* Plain trees. */
void rb_insert_color(struct rb_node *node, struct rb_root *root);
void rb_erase(struct rb_node *node, struct rb_root *root);

/*
 * Augmented trees.  rb_insert_augmented() first propagates the new
 * node's value to the root (Linux leaves that step to the caller), then
 * rebalances; rb_erase_augmented() keeps every value true through the
 * unlinking and the rebalancing.
 */
void rb_insert_augmented(struct rb_node *node, struct rb_root *root,
			 const struct rb_augment_callbacks *augment);
void rb_erase_augmented(struct rb_node *node, struct rb_root *root,
			const struct rb_augment_callbacks *augment);

/* In-order walks: NULL past the end. */
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

/*
 * Check the red-black rules and the parent links of the whole tree:
 * NULL when all hold, else a short description of the first violation.
 * For tests and validate_mm() (Linux keeps this in lib/rbtree_test.c).
 */
const char *rb_check(const struct rb_root *root);

#endif
