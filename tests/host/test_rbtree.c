/*
 * tests/host/test_rbtree.c - lib/rbtree.c: the red-black rules, the
 * in-order walks, and an augmented value (the maximum of a per-node
 * weight over each subtree) kept true through every insertion, erase and
 * rotation, against a reference model: an array saying which keys are in
 * the tree and with what weight.
 *
 * The random test runs RB_RANDOM_OPS operations on keys [0, RB_KEYS),
 * each an insert of an absent key or an erase of a present one, half of
 * them on the plain tree (rb_insert_color/rb_erase) and half on an
 * augmented one, checking after every operation the rules (rb_check()),
 * that rb_first/rb_next and rb_last/rb_prev meet exactly the model's keys
 * in order, and every node's cached maximum.
 */
#include <stdlib.h>

#include "test.h"
#include "kernel_lib.h"
#include <mneme/rbtree.h>

#define RB_KEYS		300
#define RB_RANDOM_OPS	60000

struct item {
	struct rb_node rb;
	int key;
	unsigned long weight;
	unsigned long subtree_max;	/* the augmented value */
};

static struct item *rb_item(struct rb_node *rb)
{
	return rb ? rb_entry(rb, struct item, rb) : NULL;
}

static unsigned long item_compute_max(struct item *it)
{
	unsigned long max = it->weight;
	struct item *child;

	if ((child = rb_item(it->rb.rb_left)) && child->subtree_max > max)
		max = child->subtree_max;
	if ((child = rb_item(it->rb.rb_right)) && child->subtree_max > max)
		max = child->subtree_max;
	return max;
}

static void max_propagate(struct rb_node *rb, struct rb_node *stop)
{
	while (rb != stop) {
		struct item *it = rb_item(rb);
		unsigned long max = item_compute_max(it);

		if (it->subtree_max == max)
			break;
		it->subtree_max = max;
		rb = rb_parent(rb);
	}
}

static void max_copy(struct rb_node *old, struct rb_node *new)
{
	rb_item(new)->subtree_max = rb_item(old)->subtree_max;
}

static void max_rotate(struct rb_node *old, struct rb_node *new)
{
	rb_item(new)->subtree_max = rb_item(old)->subtree_max;
	rb_item(old)->subtree_max = item_compute_max(rb_item(old));
}

static const struct rb_augment_callbacks max_callbacks = {
	max_propagate, max_copy, max_rotate,
};

struct tree {
	struct rb_root root;
	struct item items[RB_KEYS];
	bool in[RB_KEYS];		/* the model */
	bool augmented;
	int count;
};

static void tree_insert(struct tree *t, int key, unsigned long weight)
{
	struct rb_node **link = &t->root.rb_node, *parent = NULL;
	struct item *it = &t->items[key];

	while (*link) {
		parent = *link;
		link = key < rb_item(parent)->key ? &parent->rb_left : &parent->rb_right;
	}
	it->key = key;
	it->weight = weight;
	it->subtree_max = 0;
	rb_link_node(&it->rb, parent, link);
	if (t->augmented)
		rb_insert_augmented(&it->rb, &t->root, &max_callbacks);
	else
		rb_insert_color(&it->rb, &t->root);
	t->in[key] = true;
	t->count++;
}

static void tree_erase(struct tree *t, int key)
{
	if (t->augmented)
		rb_erase_augmented(&t->items[key].rb, &t->root, &max_callbacks);
	else
		rb_erase(&t->items[key].rb, &t->root);
	t->in[key] = false;
	t->count--;
}

/* The rules, both walks against the model, and every cached maximum. */
static void tree_check(struct tree *t, long op)
{
	const char *why = rb_check(&t->root);
	struct rb_node *rb = rb_first(&t->root);
	int key;

	if (why)
		TEST_FAIL("op %ld: rb_check: %s", op, why);
	for (key = 0; key < RB_KEYS && !test_failed(); key++) {
		if (!t->in[key])
			continue;
		if (rb != &t->items[key].rb)
			TEST_FAIL("op %ld: forward walk: expected key %d, got %d", op, key,
				  rb ? rb_item(rb)->key : -1);
		else if (t->augmented && t->items[key].subtree_max !=
			 item_compute_max(&t->items[key]))
			TEST_FAIL("op %ld: key %d: subtree_max %lu, expected %lu", op, key,
				  t->items[key].subtree_max, item_compute_max(&t->items[key]));
		rb = rb ? rb_next(rb) : NULL;
	}
	if (rb && !test_failed())
		TEST_FAIL("op %ld: forward walk: extra key %d", op, rb_item(rb)->key);
	rb = rb_last(&t->root);
	for (key = RB_KEYS - 1; key >= 0 && !test_failed(); key--) {
		if (!t->in[key])
			continue;
		if (rb != &t->items[key].rb)
			TEST_FAIL("op %ld: backward walk: expected key %d", op, key);
		rb = rb ? rb_prev(rb) : NULL;
	}
}

static void random_ops(bool augmented)
{
	struct tree *t = calloc(1, sizeof(*t));
	long op;

	t->augmented = augmented;
	for (op = 0; op < RB_RANDOM_OPS / 2 && !test_failed(); op++) {
		int key = (int)test_rand_below(RB_KEYS);
		/* drift between nearly empty and nearly full */
		bool grow = (op / 3000) % 2 == 0;

		if (t->in[key] && (!grow || test_rand_chance(30)))
			tree_erase(t, key);
		else if (!t->in[key] && (grow || test_rand_chance(30)))
			tree_insert(t, key, test_rand_below(1000000));
		tree_check(t, op);
	}
	free(t);
}

TEST(random_insert_erase_keeps_rules_and_order)
{
	random_ops(false);
}

TEST(random_augmented_keeps_subtree_max)
{
	random_ops(true);
}

TEST(empty_tree_walks)
{
	struct rb_root root = RB_ROOT;

	EXPECT_PTR_EQ(rb_first(&root), NULL);
	EXPECT_PTR_EQ(rb_last(&root), NULL);
	EXPECT_PTR_EQ(rb_check(&root), NULL);
	EXPECT_TRUE(RB_EMPTY_ROOT(&root));
}

/* Ascending inserts are the worst case of an unbalanced tree: height stays logarithmic. */
TEST(sorted_inserts_stay_balanced)
{
	struct tree *t = calloc(1, sizeof(*t));
	struct rb_node *rb;
	int key, depth, max_depth = 0;

	for (key = 0; key < RB_KEYS; key++)
		tree_insert(t, key, (unsigned long)key);
	EXPECT_PTR_EQ(rb_check(&t->root), NULL);
	for (key = 0; key < RB_KEYS; key++) {
		for (depth = 0, rb = &t->items[key].rb; rb; rb = rb_parent(rb))
			depth++;
		if (depth > max_depth)
			max_depth = depth;
	}
	/* 2 log2(301) is about 16.5 */
	EXPECT_TRUE(max_depth <= 16);
	free(t);
}
