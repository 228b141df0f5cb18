/*
 * lib/rbtree.c - red-black tree insertion, deletion and walks
 * (include/mneme/rbtree.h), with the augmented-tree callbacks.
 *
 * Data: none of its own; the nodes are embedded in the caller's objects
 * and the caller serialises access to a tree (the VMA tree: one task
 * changes its mm).  Invariants between calls: the three red-black rules
 * of rbtree.h, every child's parent link points back at its parent, and
 * for an augmented tree every node's cached value is what propagate()
 * would compute from its subtree.
 *
 * The code follows the textbook algorithms (Cormen et al., chapter 13)
 * with parent pointers instead of a sentinel, so an empty link is NULL
 * and counts as black.  Rotations leave each node's colour where it was;
 * the fix-up loops set colours explicitly, which makes every case read
 * as the picture in the book.  Linux's lib/rbtree.c does the same work
 * with colours folded into the relinking, and inlines the augmented
 * erase in <linux/rbtree_augmented.h>; the cases are the same.
 *
 * Pure C, compiled into the kernel and the host tests alike.
 * Linux: lib/rbtree.c, include/linux/rbtree.h, rbtree_augmented.h,
 * Documentation/core-api/rbtree.rst.
 */
#include <mneme/rbtree.h>

static inline void rb_set_parent(struct rb_node *node, struct rb_node *parent)
{
	node->__rb_parent_color = rb_color(node) | (unsigned long)parent;
}

static inline void rb_set_color(struct rb_node *node, unsigned long color)
{
	node->__rb_parent_color = (node->__rb_parent_color & ~1UL) | color;
}

static inline bool rb_node_is_red(const struct rb_node *node)
{
	return node && rb_is_red(node);		/* an empty link is black */
}

/* old was parent's child (or the root): now new is. */
static void rb_change_child(const struct rb_node *old, struct rb_node *new,
			    struct rb_node *parent, struct rb_root *root)
{
	if (!parent)
		root->rb_node = new;
	else if (parent->rb_left == old)
		parent->rb_left = new;
	else
		parent->rb_right = new;
}

/*
 * Rotate left at x: its right child y comes up into x's place and x
 * becomes y's left child; y's old left subtree moves across to x.
 *
 *	    x                 y
 *	   / \               / \
 *	  a   y     ==>     x   c
 *	     / \           / \
 *	    b   c         a   b
 */
static void rb_rotate_left(struct rb_node *x, struct rb_root *root,
			   const struct rb_augment_callbacks *augment)
{
	struct rb_node *y = x->rb_right;
	struct rb_node *parent = rb_parent(x);

	x->rb_right = y->rb_left;
	if (y->rb_left)
		rb_set_parent(y->rb_left, x);
	y->rb_left = x;
	rb_set_parent(y, parent);
	rb_set_parent(x, y);
	rb_change_child(x, y, parent, root);
	augment->rotate(x, y);
}

/* The mirror image: x's left child comes up. */
static void rb_rotate_right(struct rb_node *x, struct rb_root *root,
			    const struct rb_augment_callbacks *augment)
{
	struct rb_node *y = x->rb_left;
	struct rb_node *parent = rb_parent(x);

	x->rb_left = y->rb_right;
	if (y->rb_right)
		rb_set_parent(y->rb_right, x);
	y->rb_right = x;
	rb_set_parent(y, parent);
	rb_set_parent(x, y);
	rb_change_child(x, y, parent, root);
	augment->rotate(x, y);
}

static void dummy_propagate(struct rb_node *node, struct rb_node *stop)
{
	(void)node;
	(void)stop;
}

static void dummy_copy(struct rb_node *old, struct rb_node *new)
{
	(void)old;
	(void)new;
}

static const struct rb_augment_callbacks dummy_callbacks = {
	.propagate = dummy_propagate,
	.copy = dummy_copy,
	.rotate = dummy_copy,
};

/*
 * node has just been linked, red.  The only rule that can be broken is 2
 * (node's parent may be red).  Walk up: a red uncle means recolour and
 * move the problem two levels up; a black uncle means one or two
 * rotations at the grandparent, and the tree is done.
 */
static void rb_insert_fixup(struct rb_node *node, struct rb_root *root,
			    const struct rb_augment_callbacks *augment)
{
	for (;;) {
		struct rb_node *parent = rb_parent(node), *gparent, *uncle;

		if (!parent) {			/* node is the root */
			rb_set_color(node, RB_BLACK);
			return;
		}
		if (rb_is_black(parent))
			return;
		gparent = rb_parent(parent);	/* parent is red: not the root */
		uncle = parent == gparent->rb_left ? gparent->rb_right : gparent->rb_left;
		if (rb_node_is_red(uncle)) {
			rb_set_color(parent, RB_BLACK);
			rb_set_color(uncle, RB_BLACK);
			rb_set_color(gparent, RB_RED);
			node = gparent;
			continue;
		}
		if (parent == gparent->rb_left) {
			if (node == parent->rb_right) {	/* zig-zag: make it zig-zig */
				rb_rotate_left(parent, root, augment);
				parent = node;
			}
			rb_set_color(parent, RB_BLACK);
			rb_set_color(gparent, RB_RED);
			rb_rotate_right(gparent, root, augment);
		} else {
			if (node == parent->rb_left) {
				rb_rotate_right(parent, root, augment);
				parent = node;
			}
			rb_set_color(parent, RB_BLACK);
			rb_set_color(gparent, RB_RED);
			rb_rotate_left(gparent, root, augment);
		}
		return;
	}
}

void rb_insert_augmented(struct rb_node *node, struct rb_root *root,
			 const struct rb_augment_callbacks *augment)
{
	augment->propagate(node, NULL);
	rb_insert_fixup(node, root, augment);
}

void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	rb_insert_fixup(node, root, &dummy_callbacks);
}

/*
 * A black node has been taken out below parent, so every path through
 * parent's child `node' (NULL or black; NULL on the first round) is one
 * black short.  The sibling's subtree has a black to spare: borrow it by
 * recolouring or rotating (the book's cases 1-4), or, when the sibling
 * and its children are all black, paint the sibling red and move the
 * shortage up to parent.
 */
static void rb_erase_fixup(struct rb_node *parent, struct rb_root *root,
			   const struct rb_augment_callbacks *augment)
{
	struct rb_node *node = NULL;

	while (parent) {
		bool left = parent->rb_left == node;
		struct rb_node *sibling = left ? parent->rb_right : parent->rb_left;

		if (rb_is_red(sibling)) {		/* case 1: make it black */
			rb_set_color(sibling, RB_BLACK);
			rb_set_color(parent, RB_RED);
			if (left)
				rb_rotate_left(parent, root, augment);
			else
				rb_rotate_right(parent, root, augment);
			sibling = left ? parent->rb_right : parent->rb_left;
		}
		if (!rb_node_is_red(sibling->rb_left) &&
		    !rb_node_is_red(sibling->rb_right)) {	/* case 2 */
			rb_set_color(sibling, RB_RED);
			if (rb_is_red(parent)) {
				rb_set_color(parent, RB_BLACK);
				return;
			}
			node = parent;
			parent = rb_parent(node);
			continue;
		}
		if (left && !rb_node_is_red(sibling->rb_right)) {	/* case 3 */
			rb_set_color(sibling->rb_left, RB_BLACK);
			rb_set_color(sibling, RB_RED);
			rb_rotate_right(sibling, root, augment);
			sibling = parent->rb_right;
		} else if (!left && !rb_node_is_red(sibling->rb_left)) {
			rb_set_color(sibling->rb_right, RB_BLACK);
			rb_set_color(sibling, RB_RED);
			rb_rotate_left(sibling, root, augment);
			sibling = parent->rb_left;
		}
		/* case 4: the sibling's far child is red */
		rb_set_color(sibling, rb_color(parent));
		rb_set_color(parent, RB_BLACK);
		if (left) {
			rb_set_color(sibling->rb_right, RB_BLACK);
			rb_rotate_left(parent, root, augment);
		} else {
			rb_set_color(sibling->rb_left, RB_BLACK);
			rb_rotate_right(parent, root, augment);
		}
		return;
	}
}

/*
 * Unlink node from the tree.  With two children its in-order successor
 * (the leftmost node of its right subtree, which has no left child) is
 * moved into its place, colour and all, so the node actually removed
 * from the shape is the successor's old position.  Returns the parent
 * below which a black node went missing, for rb_erase_fixup(), or NULL
 * when no rule is broken.
 */
static struct rb_node *rb_unlink(struct rb_node *node, struct rb_root *root,
				 const struct rb_augment_callbacks *augment)
{
	struct rb_node *parent = rb_parent(node), *child, *successor, *sparent;
	struct rb_node *rebalance;

	if (!node->rb_left || !node->rb_right) {
		child = node->rb_left ? node->rb_left : node->rb_right;
		rb_change_child(node, child, parent, root);
		if (child) {	/* rule 3: a lone child is red, node black */
			child->__rb_parent_color = node->__rb_parent_color;
			rebalance = NULL;
		} else {
			rebalance = rb_is_black(node) ? parent : NULL;
		}
		if (parent)
			augment->propagate(parent, NULL);
		return rebalance;
	}

	successor = node->rb_right;
	while (successor->rb_left)
		successor = successor->rb_left;
	child = successor->rb_right;
	if (successor == node->rb_right) {
		sparent = successor;		/* child stays below successor */
		augment->copy(node, successor);
	} else {
		sparent = rb_parent(successor);
		sparent->rb_left = child;
		successor->rb_right = node->rb_right;
		rb_set_parent(node->rb_right, successor);
		augment->copy(node, successor);
		augment->propagate(sparent, successor);
	}
	successor->rb_left = node->rb_left;
	rb_set_parent(node->rb_left, successor);
	if (child) {
		rb_set_parent(child, sparent);
		rb_set_color(child, RB_BLACK);	/* it was red, successor black */
		rebalance = NULL;
	} else {
		rebalance = rb_is_black(successor) ? sparent : NULL;
	}
	successor->__rb_parent_color = node->__rb_parent_color;
	rb_change_child(node, successor, parent, root);
	augment->propagate(successor, NULL);
	return rebalance;
}

void rb_erase_augmented(struct rb_node *node, struct rb_root *root,
			const struct rb_augment_callbacks *augment)
{
	struct rb_node *rebalance = rb_unlink(node, root, augment);

	if (rebalance)
		rb_erase_fixup(rebalance, root, augment);
}

void rb_erase(struct rb_node *node, struct rb_root *root)
{
	rb_erase_augmented(node, root, &dummy_callbacks);
}

/* ---- walks -------------------------------------------------------------- */

struct rb_node *rb_first(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	while (n && n->rb_left)
		n = n->rb_left;
	return n;
}

struct rb_node *rb_last(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	while (n && n->rb_right)
		n = n->rb_right;
	return n;
}

/* The leftmost node of the right subtree, or the first ancestor we are left of. */
struct rb_node *rb_next(const struct rb_node *node)
{
	struct rb_node *parent;

	if (node->rb_right) {
		node = node->rb_right;
		while (node->rb_left)
			node = node->rb_left;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) && node == parent->rb_right)
		node = parent;
	return parent;
}

struct rb_node *rb_prev(const struct rb_node *node)
{
	struct rb_node *parent;

	if (node->rb_left) {
		node = node->rb_left;
		while (node->rb_right)
			node = node->rb_right;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) && node == parent->rb_left)
		node = parent;
	return parent;
}

/* ---- checking ----------------------------------------------------------- */

/* Black height of the subtree at node (empty links count 1), or -1. */
static int rb_check_subtree(const struct rb_node *node, const char **why)
{
	int lh, rh;

	if (!node)
		return 1;
	if (rb_is_red(node) && (rb_node_is_red(node->rb_left) ||
				rb_node_is_red(node->rb_right))) {
		*why = "a red node has a red child";
		return -1;
	}
	if ((node->rb_left && rb_parent(node->rb_left) != node) ||
	    (node->rb_right && rb_parent(node->rb_right) != node)) {
		*why = "a child's parent link does not point back";
		return -1;
	}
	lh = rb_check_subtree(node->rb_left, why);
	rh = rb_check_subtree(node->rb_right, why);
	if (lh < 0 || rh < 0)
		return -1;
	if (lh != rh) {
		*why = "black heights differ below a node";
		return -1;
	}
	return lh + rb_is_black(node);
}

const char *rb_check(const struct rb_root *root)
{
	const char *why = NULL;

	if (!root->rb_node)
		return NULL;
	if (rb_parent(root->rb_node))
		return "the root has a parent";
	if (rb_is_red(root->rb_node))
		return "the root is red";
	rb_check_subtree(root->rb_node, &why);
	return why;
}
