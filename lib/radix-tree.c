/*
 * lib/radix-tree.c - the radix tree of include/mneme/radix-tree.h: insert,
 * lookup, delete and in-order search over 64-slot nodes.
 *
 * Data: nodes only, from the installed radix_tree_node_allocator; the
 * root lives in its user's structure (struct address_space's i_pages).
 *
 * Invariants between calls, for a root of height h:
 *   - h == 0 exactly when rnode is NULL (the tree is empty);
 *   - every node's count is the number of its non-NULL slots, and is > 0:
 *     a node that empties is freed at once, so no empty node is kept;
 *   - a node at level l has shift 6(l-1); a child's parent and offset
 *     name the node and slot that point at it;
 *   - the tree is as short as it can be: when h > 1, the top node uses
 *     some slot other than 0 (else its slot 0 could be the top);
 *   - so indices up to radix_tree_maxindex(h) fit, and the largest index
 *     stored needs all h levels.
 * Insertion keeps the tree unchanged when a node cannot be allocated:
 * growing allocates every new top node before linking any, and a
 * failure on the way down frees the nodes made so far and shrinks the
 * tree back to its old height (which restores it exactly, since the old
 * tree was as short as it could be).
 *
 * Locking: none here; the caller serialises.  Recursion depth is at
 * most RADIX_TREE_MAX_PATH (11).
 * Linux: lib/radix-tree.c (before the xarray), with its height field
 * from the 2.6-era tree.
 */
#include <mneme/radix-tree.h>
#include <uapi/errno.h>

static const struct radix_tree_node_allocator *node_allocator;

void radix_tree_set_allocator(const struct radix_tree_node_allocator *allocator)
{
	node_allocator = allocator;
}

static struct radix_tree_node *radix_tree_node_alloc(const struct radix_tree_root *root,
						     unsigned int shift)
{
	struct radix_tree_node *node;

	if (!node_allocator)
		return NULL;
	node = node_allocator->alloc(root->gfp_mask);
	if (node)
		node->shift = (unsigned char)shift;
	return node;
}

static void radix_tree_node_free(struct radix_tree_node *node)
{
	node_allocator->free(node);
}

/* The largest index a tree of this height holds. */
static unsigned long radix_tree_maxindex(unsigned int height)
{
	unsigned int bits = height * RADIX_TREE_MAP_SHIFT;

	if (bits >= RADIX_TREE_INDEX_BITS)
		return ~0UL;
	return (1UL << bits) - 1;
}

/* The height a tree needs to hold index (at least 1). */
static unsigned int radix_tree_height_for(unsigned long index)
{
	unsigned int height = 1;

	while (index > radix_tree_maxindex(height))
		height++;
	return height;
}

static unsigned int slot_offset(unsigned long index, unsigned int shift)
{
	return (unsigned int)((index >> shift) & RADIX_TREE_MAP_MASK);
}

/*
 * Add levels on top until the tree is height levels high.  All the new
 * nodes are allocated before any is linked, so failure changes nothing.
 */
static int radix_tree_extend(struct radix_tree_root *root, unsigned int height)
{
	struct radix_tree_node *fresh[RADIX_TREE_MAX_PATH];
	unsigned int n = height - root->height;

	for (unsigned int i = 0; i < n; i++) {
		fresh[i] = radix_tree_node_alloc(root,
					(root->height + i) * RADIX_TREE_MAP_SHIFT);
		if (!fresh[i]) {
			while (i--)
				radix_tree_node_free(fresh[i]);
			return -ENOMEM;
		}
	}
	for (unsigned int i = 0; i < n; i++) {
		struct radix_tree_node *top = fresh[i];

		top->slots[0] = root->rnode;
		top->count = 1;
		root->rnode->parent = top;
		root->rnode->offset = 0;
		root->rnode = top;
		root->height++;
	}
	return 0;
}

/*
 * Free node and then each ancestor it leaves empty, clearing the slot
 * that pointed at it; an emptied top node makes the tree empty.
 */
static void radix_tree_free_empty(struct radix_tree_root *root,
				  struct radix_tree_node *node)
{
	while (node && node->count == 0) {
		struct radix_tree_node *parent = node->parent;

		if (parent) {
			parent->slots[node->offset] = NULL;
			parent->count--;
		} else {
			root->rnode = NULL;
			root->height = 0;
		}
		radix_tree_node_free(node);
		node = parent;
	}
}

/* Drop top nodes that use only slot 0, so the tree is as short as it can be. */
static void radix_tree_shrink(struct radix_tree_root *root)
{
	while (root->height > 1) {
		struct radix_tree_node *top = root->rnode;
		struct radix_tree_node *child = top->slots[0];

		if (top->count != 1 || !child)
			break;
		child->parent = NULL;
		child->offset = 0;
		root->rnode = child;
		root->height--;
		radix_tree_node_free(top);
	}
}

/*
 * Walk from the top to the leaf for index, creating missing nodes.
 * Returns the leaf, or NULL when a node could not be allocated (the
 * nodes this call made are freed again).
 */
static struct radix_tree_node *radix_tree_create_path(struct radix_tree_root *root,
						      unsigned long index)
{
	struct radix_tree_node *node = root->rnode;

	while (node->shift > 0) {
		unsigned int off = slot_offset(index, node->shift);
		struct radix_tree_node *child = node->slots[off];

		if (!child) {
			child = radix_tree_node_alloc(root, node->shift - RADIX_TREE_MAP_SHIFT);
			if (!child) {
				radix_tree_free_empty(root, node);
				return NULL;
			}
			child->parent = node;
			child->offset = (unsigned char)off;
			node->slots[off] = child;
			node->count++;
		}
		node = child;
	}
	return node;
}

int radix_tree_insert(struct radix_tree_root *root, unsigned long index, void *item)
{
	unsigned int height = radix_tree_height_for(index);
	struct radix_tree_node *leaf;
	unsigned int off;

	if (!item)
		return -EINVAL;
	if (!root->rnode) {
		root->rnode = radix_tree_node_alloc(root, (height - 1) * RADIX_TREE_MAP_SHIFT);
		if (!root->rnode)
			return -ENOMEM;
		root->height = height;
	} else if (height > root->height && radix_tree_extend(root, height)) {
		return -ENOMEM;
	}
	leaf = radix_tree_create_path(root, index);
	if (!leaf) {
		radix_tree_shrink(root);
		return -ENOMEM;
	}
	off = slot_offset(index, 0);
	if (leaf->slots[off])
		return -EEXIST;		/* nothing was created: the leaf existed */
	leaf->slots[off] = item;
	leaf->count++;
	return 0;
}

/* The leaf that would hold index, or NULL. */
static struct radix_tree_node *radix_tree_find_leaf(const struct radix_tree_root *root,
						    unsigned long index)
{
	struct radix_tree_node *node = root->rnode;

	if (!node || index > radix_tree_maxindex(root->height))
		return NULL;
	while (node && node->shift > 0)
		node = node->slots[slot_offset(index, node->shift)];
	return node;
}

void *radix_tree_lookup(const struct radix_tree_root *root, unsigned long index)
{
	struct radix_tree_node *leaf = radix_tree_find_leaf(root, index);

	return leaf ? leaf->slots[slot_offset(index, 0)] : NULL;
}

void *radix_tree_delete(struct radix_tree_root *root, unsigned long index)
{
	struct radix_tree_node *leaf = radix_tree_find_leaf(root, index);
	unsigned int off = slot_offset(index, 0);
	void *item;

	if (!leaf || !leaf->slots[off])
		return NULL;
	item = leaf->slots[off];
	leaf->slots[off] = NULL;
	leaf->count--;
	radix_tree_free_empty(root, leaf);
	radix_tree_shrink(root);
	return item;
}

/*
 * The first item at an index >= start under node, whose subtree begins
 * at index base.  Slots before start's are skipped; a later slot's
 * subtree is searched from its own beginning.
 */
static void *node_next_item(const struct radix_tree_node *node, unsigned long base,
			    unsigned long start, unsigned long *found)
{
	unsigned int first = slot_offset(start, node->shift);

	for (unsigned int i = first; i < RADIX_TREE_MAP_SIZE; i++) {
		unsigned long slot_base = base | ((unsigned long)i << node->shift);
		void *slot = node->slots[i];
		void *item;

		if (!slot)
			continue;
		if (node->shift == 0) {
			*found = slot_base;
			return slot;
		}
		item = node_next_item(slot, slot_base, i == first ? start : slot_base, found);
		if (item)
			return item;
	}
	return NULL;
}

void *radix_tree_next_item(const struct radix_tree_root *root, unsigned long *index)
{
	unsigned long found;
	void *item;

	if (!root->rnode || *index > radix_tree_maxindex(root->height))
		return NULL;
	item = node_next_item(root->rnode, 0, *index, &found);
	if (item)
		*index = found;
	return item;
}

unsigned int radix_tree_gang_lookup(const struct radix_tree_root *root, void **results,
				    unsigned long first_index, unsigned int max_items)
{
	unsigned long index = first_index;
	unsigned int n = 0;

	while (n < max_items) {
		void *item = radix_tree_next_item(root, &index);

		if (!item)
			break;
		results[n++] = item;
		if (index == ~0UL)
			break;
		index++;
	}
	return n;
}
