/*
 * tests/host/test_radix_tree.c - lib/radix-tree.c against a reference
 * model.
 *
 * The model is a sorted array of (index, item) pairs.  Random runs of
 * inserts, deletes, lookups, next-item searches and gang lookups go to
 * both, with indices drawn from several shapes at once: dense (a small
 * file), clustered around a random base, the top of the index space
 * (ULONG_MAX and just below), the boundaries where the tree must grow a
 * level (64^k - 1 and 64^k), and any 64-bit value.  Every answer is
 * compared with the model's; every SWEEP operations (and after every
 * failed insertion) the whole tree is compared, walked in order, and
 * its shape checked: each node's count, shift, parent and offset, no
 * empty node, the height as small as the largest index allows, and as
 * many nodes reachable as the allocator has outstanding (so a lost node
 * is caught where it is lost, not only by LeakSanitizer at exit).
 *
 * Node memory comes from malloc through a test allocator, which can be
 * told to fail its k-th next allocation: an insertion that then returns
 * -ENOMEM must leave the tree exactly as it was.
 */
#include <stdlib.h>

#include "test.h"
#include "kernel_lib.h"
#include <mneme/radix-tree.h>

#define NR_OPS		120000	/* per seed-derived run; >= 100 000 in all */
#define SWEEP		64	/* whole-tree comparison every SWEEP ops */
#define MODEL_MAX	5000	/* room for the dense test */
#define RANDOM_MAX	1500	/* the random runs keep the model (and the sweeps) this small */

/* ---- the test allocator ------------------------------------------------- */

static long nodes_outstanding;
static long fail_countdown = -1;	/* fail when it reaches 0; < 0: never */
static unsigned long nr_injected;

static struct radix_tree_node *test_node_alloc(gfp_t gfp)
{
	(void)gfp;
	if (fail_countdown >= 0 && fail_countdown-- == 0) {
		nr_injected++;
		return NULL;
	}
	nodes_outstanding++;
	return calloc(1, sizeof(struct radix_tree_node));
}

static void test_node_free(struct radix_tree_node *node)
{
	nodes_outstanding--;
	free(node);
}

static const struct radix_tree_node_allocator test_allocator = {
	.alloc = test_node_alloc,
	.free = test_node_free,
};

/* ---- the reference model ------------------------------------------------ */

struct entry {
	unsigned long index;
	void *item;
};

static struct entry model[MODEL_MAX];
static size_t model_len;

/* Position of the first entry with index >= idx. */
static size_t model_pos(unsigned long idx)
{
	size_t lo = 0, hi = model_len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (model[mid].index < idx)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void *model_lookup(unsigned long idx)
{
	size_t p = model_pos(idx);

	return p < model_len && model[p].index == idx ? model[p].item : NULL;
}

static void model_insert(unsigned long idx, void *item)
{
	size_t p = model_pos(idx);

	memmove(&model[p + 1], &model[p], (model_len - p) * sizeof(model[0]));
	model[p] = (struct entry){ idx, item };
	model_len++;
}

static void model_delete(unsigned long idx)
{
	size_t p = model_pos(idx);

	memmove(&model[p], &model[p + 1], (model_len - p - 1) * sizeof(model[0]));
	model_len--;
}

/* ---- index shapes ----------------------------------------------------------- */

static unsigned long cluster_base;

static unsigned long random_index(void)
{
	unsigned int k;

	switch (test_rand_below(6)) {
	case 0:
		return test_rand_below(4096);			/* a dense file */
	case 1:
		return cluster_base + test_rand_below(200);	/* a cluster */
	case 2:
		return ~0UL - test_rand_below(130);		/* the very top */
	case 3:
		k = (unsigned int)test_rand_range(1, 10);	/* where a level is added */
		return (1UL << (6 * k)) - (unsigned long)test_rand_below(2);
	case 4:
		if (model_len)					/* one we have */
			return model[test_rand_below(model_len)].index;
		return 0;
	default:
		return test_rand_u64();				/* anywhere */
	}
}

static void *random_item(void)
{
	return (void *)(uintptr_t)(test_rand_u64() | 1);	/* never NULL */
}

/* ---- whole-tree checks ------------------------------------------------------- */

/* Nodes under node (itself included), checking each; -1 on a bad node. */
static long check_node(const struct radix_tree_node *node, unsigned int shift,
		       const struct radix_tree_node *parent, unsigned int offset)
{
	long nodes = 1;
	unsigned int used = 0;

	if (node->shift != shift || node->parent != parent ||
	    (parent && node->offset != offset)) {
		TEST_FAIL("node %p: shift %u parent %p offset %u, expected %u %p %u",
			  (void *)node, node->shift, (void *)node->parent, node->offset,
			  shift, (void *)parent, offset);
		return -1;
	}
	for (unsigned int i = 0; i < RADIX_TREE_MAP_SIZE; i++) {
		if (!node->slots[i])
			continue;
		used++;
		if (shift > 0) {
			long sub = check_node(node->slots[i], shift - RADIX_TREE_MAP_SHIFT,
					      node, i);
			if (sub < 0)
				return -1;
			nodes += sub;
		}
	}
	if (used == 0 || used != node->count) {
		TEST_FAIL("node %p: count %u, %u slots in use (an empty node must be freed)",
			  (void *)node, node->count, used);
		return -1;
	}
	return nodes;
}

static unsigned int needed_height(void)
{
	unsigned long max;
	unsigned int h = 1;

	if (!model_len)
		return 0;
	max = model[model_len - 1].index;
	while (h * RADIX_TREE_MAP_SHIFT < 64 && (max >> (h * RADIX_TREE_MAP_SHIFT)))
		h++;
	return h;
}

/* The tree's shape, its contents in order, and its node count, against the model. */
static void check_whole_tree(const struct radix_tree_root *root)
{
	unsigned long index;
	size_t n = 0;
	long nodes = 0;
	void *item;

	EXPECT_EQ(root->height, needed_height());
	EXPECT_EQ(radix_tree_empty(root), model_len == 0);
	if (root->rnode)
		nodes = check_node(root->rnode, (root->height - 1) * RADIX_TREE_MAP_SHIFT,
				   NULL, 0);
	EXPECT_EQ(nodes, nodes_outstanding);
	radix_tree_for_each_item(item, root, index) {
		if (n >= model_len) {
			TEST_FAIL("iteration found index %#lx past the model's %zu entries",
				  index, model_len);
			return;
		}
		EXPECT_EQ(index, model[n].index);
		EXPECT_PTR_EQ(item, model[n].item);
		n++;
	}
	EXPECT_EQ(n, model_len);
	for (size_t i = 0; i < model_len; i++)
		EXPECT_PTR_EQ(radix_tree_lookup(root, model[i].index), model[i].item);
}

/* ---- one random operation ------------------------------------------------------ */

static void op_insert(struct radix_tree_root *root)
{
	unsigned long idx = random_index();
	void *item = random_item();
	bool present = model_lookup(idx) != NULL;
	long before = nodes_outstanding;
	int ret;

	if (!present && model_len >= RANDOM_MAX)
		return;
	if (test_rand_chance(8))
		fail_countdown = (long)test_rand_below(RADIX_TREE_MAX_PATH);
	ret = radix_tree_insert(root, idx, item);
	fail_countdown = -1;
	if (present) {
		EXPECT_EQ(ret, -EEXIST);
	} else if (ret == -ENOMEM) {
		EXPECT_EQ(nodes_outstanding, before);	/* nothing kept, nothing lost */
		check_whole_tree(root);
	} else {
		EXPECT_EQ(ret, 0);
		model_insert(idx, item);
	}
	EXPECT_PTR_EQ(radix_tree_lookup(root, idx), model_lookup(idx));
}

static void op_delete(struct radix_tree_root *root)
{
	unsigned long idx = random_index();
	void *want = model_lookup(idx);

	EXPECT_PTR_EQ(radix_tree_delete(root, idx), want);
	if (want)
		model_delete(idx);
	EXPECT_PTR_EQ(radix_tree_lookup(root, idx), NULL);
}

static void op_lookup(struct radix_tree_root *root)
{
	unsigned long idx = random_index();

	EXPECT_PTR_EQ(radix_tree_lookup(root, idx), model_lookup(idx));
}

static void op_next(struct radix_tree_root *root)
{
	unsigned long start = random_index(), idx = start;
	size_t p = model_pos(start);
	void *item = radix_tree_next_item(root, &idx);

	if (p == model_len) {
		EXPECT_PTR_EQ(item, NULL);
		EXPECT_EQ(idx, start);
		return;
	}
	EXPECT_PTR_EQ(item, model[p].item);
	EXPECT_EQ(idx, model[p].index);
}

static void op_gang(struct radix_tree_root *root)
{
	void *results[40];
	unsigned long start = random_index();
	unsigned int max = (unsigned int)test_rand_range(1, 40);
	size_t p = model_pos(start);
	size_t want = model_len - p < max ? model_len - p : max;
	unsigned int got = radix_tree_gang_lookup(root, results, start, max);

	EXPECT_EQ(got, want);
	for (unsigned int i = 0; i < got && i < want; i++)
		EXPECT_PTR_EQ(results[i], model[p + i].item);
}

static void random_op(struct radix_tree_root *root)
{
	unsigned int r = (unsigned int)test_rand_below(100);

	if (r < 45)
		op_insert(root);
	else if (r < 80)
		op_delete(root);
	else if (r < 88)
		op_lookup(root);
	else if (r < 95)
		op_next(root);
	else
		op_gang(root);
}

static void empty_tree(struct radix_tree_root *root)
{
	while (model_len) {
		unsigned long idx = model[test_rand_below(model_len)].index;

		EXPECT_PTR_EQ(radix_tree_delete(root, idx), model_lookup(idx));
		model_delete(idx);
	}
	check_whole_tree(root);
}

static void setup(struct radix_tree_root *root)
{
	radix_tree_set_allocator(&test_allocator);
	INIT_RADIX_TREE(root, GFP_KERNEL);
	model_len = 0;
	nodes_outstanding = 0;
	nr_injected = 0;
}

/* ---- the tests -------------------------------------------------------------------- */

TEST(random_ops_match_reference_model)
{
	struct radix_tree_root root;

	setup(&root);
	for (long i = 0; i < NR_OPS && !test_failed(); i++) {
		if (i % 5000 == 0)
			cluster_base = test_rand_u64() >> test_rand_below(64);
		random_op(&root);
		if (i % SWEEP == 0)
			check_whole_tree(&root);
	}
	check_whole_tree(&root);
	EXPECT_TRUE(nr_injected > 0);	/* the -ENOMEM path was taken */
	empty_tree(&root);
	EXPECT_EQ(root.height, 0);
	EXPECT_EQ(nodes_outstanding, 0);
}

/* Dense indices 0..n-1 fill leaves completely; the height follows the largest. */
TEST(dense_file_heights_grow_and_shrink)
{
	struct radix_tree_root root;
	const unsigned long n = 64 * 64 + 1;	/* needs a third level */

	setup(&root);
	for (unsigned long i = 0; i < n; i++) {
		void *item = (void *)(uintptr_t)(2 * i + 1);

		ASSERT_EQ(radix_tree_insert(&root, i, item), 0);
		model_insert(i, item);
	}
	EXPECT_EQ(root.height, 3);
	/* 65 leaves, 2 level-2 nodes, one top */
	EXPECT_EQ(nodes_outstanding, 68);
	check_whole_tree(&root);
	EXPECT_PTR_EQ(radix_tree_delete(&root, n - 1), (void *)(uintptr_t)(2 * (n - 1) + 1));
	model_delete(n - 1);
	EXPECT_EQ(root.height, 2);	/* 0..4095 fit in two levels again */
	EXPECT_EQ(nodes_outstanding, 65);
	check_whole_tree(&root);
	empty_tree(&root);
	EXPECT_EQ(nodes_outstanding, 0);
}

TEST(ulong_max_needs_eleven_levels)
{
	struct radix_tree_root root;
	void *a = (void *)0x1001, *b = (void *)0x2001;

	setup(&root);
	ASSERT_EQ(radix_tree_insert(&root, ~0UL, a), 0);
	EXPECT_EQ(root.height, RADIX_TREE_MAX_PATH);
	EXPECT_EQ(nodes_outstanding, RADIX_TREE_MAX_PATH);
	ASSERT_EQ(radix_tree_insert(&root, 0, b), 0);
	EXPECT_EQ(nodes_outstanding, 2 * RADIX_TREE_MAX_PATH - 1);	/* two paths, one top */
	EXPECT_PTR_EQ(radix_tree_lookup(&root, ~0UL), a);
	EXPECT_PTR_EQ(radix_tree_lookup(&root, ~0UL - 1), NULL);
	EXPECT_PTR_EQ(radix_tree_lookup(&root, 0), b);
	EXPECT_PTR_EQ(radix_tree_delete(&root, ~0UL), a);
	EXPECT_EQ(root.height, 1);	/* only index 0 is left */
	EXPECT_EQ(nodes_outstanding, 1);
	EXPECT_PTR_EQ(radix_tree_delete(&root, 0), b);
	EXPECT_EQ(root.height, 0);
	EXPECT_EQ(nodes_outstanding, 0);
	EXPECT_TRUE(radix_tree_empty(&root));
}

TEST(insert_refuses_null_and_duplicates)
{
	struct radix_tree_root root;

	setup(&root);
	EXPECT_EQ(radix_tree_insert(&root, 5, NULL), -EINVAL);
	EXPECT_EQ(nodes_outstanding, 0);
	EXPECT_EQ(radix_tree_insert(&root, 5, (void *)0x11), 0);
	EXPECT_EQ(radix_tree_insert(&root, 5, (void *)0x21), -EEXIST);
	EXPECT_PTR_EQ(radix_tree_lookup(&root, 5), (void *)0x11);
	EXPECT_PTR_EQ(radix_tree_delete(&root, 6), NULL);
	EXPECT_PTR_EQ(radix_tree_delete(&root, 5), (void *)0x11);
	EXPECT_EQ(nodes_outstanding, 0);
}

/*
 * Fail each allocation an insertion makes in turn, in the three cases
 * that allocate: the first node of an empty tree, new top levels plus a
 * path, and a path below an existing top.  Each failure must leave the
 * tree as it was; the last attempt succeeds.
 */
TEST(enomem_at_every_allocation_leaves_tree_unchanged)
{
	static const unsigned long existing[] = { 0, 0, 70 };
	static const unsigned long target[] = { 1UL << 40, ~0UL, 64 * 64 * 5 + 3 };

	for (unsigned int c = 0; c < 3; c++) {
		struct radix_tree_root root;
		unsigned long k;
		int ret;

		setup(&root);
		if (c > 0) {
			ASSERT_EQ(radix_tree_insert(&root, existing[c], (void *)0x31), 0);
			model_insert(existing[c], (void *)0x31);
		}
		for (k = 0;; k++) {
			long before = nodes_outstanding;

			fail_countdown = (long)k;
			ret = radix_tree_insert(&root, target[c], (void *)0x41);
			fail_countdown = -1;
			if (ret != -ENOMEM)
				break;
			EXPECT_EQ(nodes_outstanding, before);
			check_whole_tree(&root);
		}
		EXPECT_EQ(ret, 0);
		EXPECT_TRUE(k > 1);	/* more than one allocation was failed */
		model_insert(target[c], (void *)0x41);
		check_whole_tree(&root);
		empty_tree(&root);
		EXPECT_EQ(nodes_outstanding, 0);
	}
}
