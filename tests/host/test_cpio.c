/*
 * tests/host/test_cpio.c - lib/cpio.c: the newc reader behind the initrd.
 *
 * Archives are made at test time by the real cpio(1) (GNU cpio, -H newc
 * and -H crc) from trees of files, directories and symlinks the test
 * writes, and the parse is compared with the tree: names of every length
 * modulo 4 and data sizes of every length modulo 4 cover all paddings.
 * Hand-built archives (build_entry(), the same layout) give the exact
 * malformations: bad magic, a non-hex digit, sizes that point past the
 * end or wrap, a name without its NUL or with one inside, no trailer.
 * Then every truncation of a real archive, and random byte corruption,
 * must end in -EINVAL or the trailer without a read outside the buffer:
 * each archive lives in a malloc() block of exactly its length, so
 * AddressSanitizer stops any such read.
 */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"
#include "kernel_lib.h"
#include <mneme/cpio.h>

#define MAX_NODES	64

struct node {			/* one path of the tree cpio packs */
	char name[64];
	u32 type;		/* CPIO_S_IFREG, _IFDIR or _IFLNK */
	char *data;		/* contents, or a symlink's target */
	size_t size;
	bool seen;
};

struct tree {
	char dir[64];		/* where it is on the host */
	struct node nodes[MAX_NODES];
	int nr;
};

struct archive {
	u8 *buf;		/* malloc(len): ASan catches reads past it */
	size_t len;
};

static void tree_init(struct tree *t)
{
	memset(t, 0, sizeof(*t));
	strcpy(t->dir, "/tmp/mneme-cpio.XXXXXX");
	if (!mkdtemp(t->dir))
		TEST_FAIL("mkdtemp failed");
}

static void tree_free(struct tree *t)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s.cpio'", t->dir, t->dir);
	if (system(cmd) != 0)
		TEST_FAIL("could not remove %s", t->dir);
	for (int i = 0; i < t->nr; i++)
		free(t->nodes[i].data);
}

static struct node *tree_add(struct tree *t, const char *name, u32 type,
			     const void *data, size_t size)
{
	struct node *n = &t->nodes[t->nr++];
	char path[160];
	FILE *f;
	bool ok = true;

	snprintf(n->name, sizeof(n->name), "%s", name);
	n->type = type;
	n->size = size;
	n->data = malloc(size + 1);
	memcpy(n->data, data, size);
	n->data[size] = '\0';
	snprintf(path, sizeof(path), "%s/%s", t->dir, name);
	if (type == CPIO_S_IFDIR) {
		ok = mkdir(path, 0755) == 0;
	} else if (type == CPIO_S_IFLNK) {
		ok = symlink(n->data, path) == 0;
	} else if ((f = fopen(path, "wb"))) {
		ok = fwrite(data, 1, size, f) == size;
		ok = fclose(f) == 0 && ok;
	} else {
		ok = false;
	}
	if (!ok)
		TEST_FAIL("could not create %s", path);
	return n;
}

static void tree_add_file(struct tree *t, const char *name, size_t size)
{
	char *data = malloc(size ? size : 1);

	for (size_t i = 0; i < size; i++)
		data[i] = (char)test_rand_u64();
	tree_add(t, name, CPIO_S_IFREG, data, size);
	free(data);
}

static bool read_file(const char *path, struct archive *a)
{
	FILE *f = fopen(path, "rb");
	long len;

	if (!f || fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		if (f)
			fclose(f);
		return false;
	}
	a->len = (size_t)len;
	a->buf = malloc(a->len ? a->len : 1);
	if (fread(a->buf, 1, a->len, f) != a->len) {
		fclose(f);
		return false;
	}
	return fclose(f) == 0;
}

/* Pack the tree with the real cpio, in the given format (newc or crc). */
static bool pack_tree(struct tree *t, const char *format, struct archive *a)
{
	char cmd[512], out[96];

	snprintf(out, sizeof(out), "%s.cpio", t->dir);
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && find . -mindepth 1 | LC_ALL=C sort | "
		 "cpio -o -H %s --owner=0:0 --quiet > '%s'", t->dir, format, out);
	if (system(cmd) != 0 || !read_file(out, a)) {
		TEST_FAIL("'%s' failed (is cpio installed? tools/install-deps)", cmd);
		return false;
	}
	return true;
}

static struct node *tree_find(struct tree *t, const char *name)
{
	for (int i = 0; i < t->nr; i++)
		if (!strcmp(t->nodes[i].name, name))
			return &t->nodes[i];
	return NULL;
}

static bool inside(const struct archive *a, const void *p, size_t n)
{
	const u8 *q = p;

	return q >= a->buf && q <= a->buf + a->len && n <= (size_t)(a->buf + a->len - q);
}

/* What each entry points at lies in the buffer; the name is a string. */
static void check_entry_bounds(const struct archive *a, const struct cpio_entry *e)
{
	EXPECT_TRUE(inside(a, e->name, e->name_len + 1));
	EXPECT_EQ(e->name[e->name_len], '\0');
	EXPECT_EQ(strlen(e->name), e->name_len);
	EXPECT_TRUE(inside(a, e->data, e->size));
}

/* Parse the archive and tick off each entry against the tree. */
static void compare_with_tree(struct tree *t, const struct archive *a)
{
	struct cpio_iter it;
	struct cpio_entry e;
	int ret, nr = 0;

	cpio_iter_init(&it, a->buf, a->len);
	while ((ret = cpio_next(&it, &e)) > 0 && !test_failed()) {
		struct node *n = tree_find(t, cpio_skip_root(e.name));

		check_entry_bounds(a, &e);
		if (!n) {
			TEST_NOTE_STR("name", e.name);
			TEST_FAIL("entry not in the tree");
			return;
		}
		EXPECT_FALSE(n->seen);
		n->seen = true;
		nr++;
		EXPECT_EQ(e.mode & CPIO_S_IFMT, n->type);
		EXPECT_EQ(e.uid, 0);
		if (n->type == CPIO_S_IFDIR)
			continue;
		ASSERT_EQ(e.size, n->size);
		EXPECT_MEMEQ(e.data, n->data, n->size);
	}
	EXPECT_EQ(ret, 0);
	EXPECT_PTR_EQ(it.why, NULL);
	EXPECT_EQ(nr, t->nr);
	EXPECT_EQ(cpio_next(&it, &e), 0);	/* stays at the end */
}

/* A tree with every padding case: names and sizes of each length mod 4. */
static void fill_padding_tree(struct tree *t)
{
	static const char *const names[] = { "a", "bb", "ccc", "dddd", "eeeee" };
	char name[32];

	tree_add(t, "dir", CPIO_S_IFDIR, "", 0);
	tree_add(t, "dir/sub", CPIO_S_IFDIR, "", 0);
	for (int i = 0; i < 5; i++)
		for (size_t size = 0; size < 5; size++) {
			snprintf(name, sizeof(name), "dir/%s%zu", names[i], size);
			tree_add_file(t, name, size);
		}
	tree_add_file(t, "dir/sub/big", 70001);
	tree_add(t, "sh", CPIO_S_IFLNK, "/bin/busybox", 12);
	tree_add(t, "dangling", CPIO_S_IFLNK, "no/such/target", 14);
}

TEST(real_newc_archive_parses_to_the_tree)
{
	struct tree t;
	struct archive a = { 0 };

	tree_init(&t);
	fill_padding_tree(&t);
	if (pack_tree(&t, "newc", &a))
		compare_with_tree(&t, &a);
	free(a.buf);
	tree_free(&t);
}

TEST(real_crc_archive_parses_to_the_tree)
{
	struct tree t;
	struct archive a = { 0 };

	tree_init(&t);
	fill_padding_tree(&t);
	if (pack_tree(&t, "crc", &a)) {
		EXPECT_MEMEQ(a.buf, CPIO_NEWC_CRC_MAGIC, 6);
		compare_with_tree(&t, &a);
	}
	free(a.buf);
	tree_free(&t);
}

TEST(random_trees_parse_to_the_tree)
{
	for (int round = 0; round < 10 && !test_failed(); round++) {
		struct tree t;
		struct archive a = { 0 };
		int nr = (int)test_rand_range(1, 40);
		char name[48];

		tree_init(&t);
		for (int i = 0; i < nr; i++) {
			int len = (int)test_rand_range(1, 40);

			for (int j = 0; j < len; j++)
				name[j] = (char)('a' + test_rand_below(26));
			snprintf(name + len, sizeof(name) - len, "%d", i);
			tree_add_file(&t, name, test_rand_below(test_rand_chance(10) ? 20000 : 9));
		}
		if (pack_tree(&t, "newc", &a))
			compare_with_tree(&t, &a);
		free(a.buf);
		tree_free(&t);
	}
}

/* --- hand-built archives ------------------------------------------------- */

/* Append one newc entry at buf + pos (header, name, data, paddings). */
static size_t build_entry(u8 *buf, size_t pos, const char *name, u32 mode,
			  const void *data, u32 size)
{
	u32 name_size = (u32)strlen(name) + 1;

	pos += (size_t)sprintf((char *)buf + pos,
		"070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		1u, mode, 0u, 0u, 1u, 0u, size, 0u, 0u, 0u, 0u, name_size, 0u);
	memcpy(buf + pos, name, name_size);
	pos += name_size;
	while (pos % 4)
		buf[pos++] = 0;
	memcpy(buf + pos, data, size);
	pos += size;
	while (pos % 4)
		buf[pos++] = 0;
	return pos;
}

/* "hello" (a file), then the trailer. */
static size_t build_small(u8 *buf)
{
	size_t pos = build_entry(buf, 0, "hello", CPIO_S_IFREG | 0644, "hi!\n", 4);

	return build_entry(buf, pos, CPIO_TRAILER_NAME, 0, "", 0);
}

/* Parse a copy of buf[0, len) in its own malloc block; the result of the
 * last cpio_next(), and the number of entries before it. */
static int parse_all(const u8 *buf, size_t len, int *nr_entries, const char **why)
{
	struct archive a = { malloc(len ? len : 1), len };
	struct cpio_iter it;
	struct cpio_entry e;
	int ret, nr = 0;

	memcpy(a.buf, buf, len);
	cpio_iter_init(&it, a.buf, a.len);
	while ((ret = cpio_next(&it, &e)) > 0) {
		check_entry_bounds(&a, &e);
		if (++nr > 100000) {
			TEST_FAIL("no end after %d entries", nr);
			break;
		}
	}
	if (ret < 0) {
		EXPECT_TRUE(it.why != NULL);
		EXPECT_TRUE(it.err_pos <= len);
		EXPECT_EQ(cpio_next(&it, &e), ret);	/* errors stick */
	}
	if (nr_entries)
		*nr_entries = nr;
	if (why)
		*why = it.why;
	free(a.buf);
	return ret;
}

TEST(hand_built_archive_parses)
{
	u8 buf[512];
	size_t len = build_small(buf);
	struct cpio_iter it;
	struct cpio_entry e;

	cpio_iter_init(&it, buf, len);
	ASSERT_EQ(cpio_next(&it, &e), 1);
	EXPECT_STREQ(e.name, "hello");
	EXPECT_EQ(e.name_len, 5);
	EXPECT_EQ(e.mode, CPIO_S_IFREG | 0644);
	EXPECT_TRUE(cpio_is_reg(&e));
	ASSERT_EQ(e.size, 4);
	EXPECT_MEMEQ(e.data, "hi!\n", 4);
	EXPECT_EQ(e.offset, 0);
	EXPECT_EQ(cpio_next(&it, &e), 0);
	EXPECT_EQ(cpio_next(&it, &e), 0);
}

/* The archive is rejected, for a reason containing want_why. */
static void expect_malformed(const u8 *buf, size_t len, const char *want_why,
			     const char *what)
{
	const char *why = NULL;
	int ret = parse_all(buf, len, NULL, &why);

	if (ret != -EINVAL || !why || !strstr(why, want_why))
		TEST_FAIL("%s: expected -EINVAL and a reason containing '%s', got %d, '%s'",
			  what, want_why, ret, why ? why : "(none)");
}

/* One damaged header field of build_small()'s first entry, and the reason. */
struct field_case {
	int field;		/* 0 = ino ... 6 = filesize ... 11 = namesize */
	const char *value;	/* 8 characters */
	const char *why;
};

static const struct field_case bad_fields[] = {
	{ 0, "0000000G", "hex" },
	{ 3, " 0000001", "hex" },
	{ 6, "+0000001", "hex" },
	{ 9, "0x000001", "hex" },
	{ 6, "FFFFFFFF", "data runs past" },
	{ 6, "00000100", "data runs past" },	/* 256 > what is left */
	{ 11, "FFFFFFFF", "PATH_MAX" },
	{ 11, "00000100", "name runs past" },	/* below PATH_MAX, past the end */
	{ 11, "00000000", "name size is 0" },
	{ 11, "00000005", "NUL" },		/* "hello" without its NUL */
};

TEST(malformed_header_fields_are_rejected)
{
	u8 buf[512];

	for (size_t i = 0; i < sizeof(bad_fields) / sizeof(bad_fields[0]); i++) {
		const struct field_case *c = &bad_fields[i];
		size_t len = build_small(buf);

		memcpy(buf + 6 + 8 * c->field, c->value, 8);
		expect_malformed(buf, len, c->why, c->value);
	}
}

TEST(bad_magic_is_rejected)
{
	u8 buf[512];
	size_t len = build_small(buf);

	buf[5] = '7';			/* 070707: the older "odc" format */
	expect_malformed(buf, len, "magic", "070707");
	memcpy(buf, "\x7f" "ELF..", 6);
	expect_malformed(buf, len, "magic", "an ELF file");
}

TEST(name_with_a_nul_inside_is_rejected)
{
	u8 buf[512];
	size_t len = build_small(buf);

	buf[CPIO_HEADER_SIZE + 2] = '\0';		/* "he\0lo\0" */
	expect_malformed(buf, len, "NUL", "he\\0lo");
}

TEST(missing_trailer_is_an_error)
{
	u8 buf[512];
	size_t len = build_entry(buf, 0, "hello", CPIO_S_IFREG | 0644, "hi!\n", 4);
	int nr = -1;
	const char *why = NULL;

	EXPECT_EQ(parse_all(buf, len, &nr, &why), -EINVAL);
	EXPECT_EQ(nr, 1);
	EXPECT_TRUE(why && strstr(why, "without a trailer"));
	EXPECT_EQ(parse_all(buf, 0, &nr, NULL), -EINVAL);	/* empty buffer */
	EXPECT_EQ(nr, 0);
}

TEST(bytes_after_the_trailer_are_not_read)
{
	u8 buf[512];
	size_t len = build_small(buf);
	int nr = -1;

	memset(buf + len, 0xee, 40);			/* garbage, not an entry */
	EXPECT_EQ(parse_all(buf, len + 40, &nr, NULL), 0);
	EXPECT_EQ(nr, 1);
}

TEST(unpadded_last_empty_entry_is_accepted)
{
	u8 buf[512];
	size_t pos = build_entry(buf, 0, "hello", CPIO_S_IFREG | 0644, "hi!\n", 4);
	size_t name_end = pos + CPIO_HEADER_SIZE + sizeof(CPIO_TRAILER_NAME);

	build_entry(buf, pos, CPIO_TRAILER_NAME, 0, "", 0);
	ASSERT_NE(name_end % 4, 0);	/* so the padding is really cut off */
	EXPECT_EQ(parse_all(buf, name_end, NULL, NULL), 0);
}

/* --- damage to real archives ----------------------------------------------- */

/* Every prefix shorter than the end of the trailer's name is malformed. */
TEST(every_truncation_fails_cleanly)
{
	struct tree t;
	struct archive a = { 0 };

	tree_init(&t);
	tree_add_file(&t, "f1", 3);
	tree_add(&t, "d", CPIO_S_IFDIR, "", 0);
	tree_add_file(&t, "d/f22", 130);
	tree_add(&t, "l", CPIO_S_IFLNK, "d/f22", 5);
	if (pack_tree(&t, "newc", &a)) {
		struct cpio_iter it;
		struct cpio_entry e;
		size_t trailer_end;

		cpio_iter_init(&it, a.buf, a.len);
		while (cpio_next(&it, &e) > 0)
			;
		trailer_end = e.offset + CPIO_HEADER_SIZE + sizeof(CPIO_TRAILER_NAME);
		ASSERT_TRUE(trailer_end <= a.len);
		for (size_t len = 0; len <= a.len && !test_failed(); len++)
			EXPECT_EQ(parse_all(a.buf, len, NULL, NULL),
				  len < trailer_end ? -EINVAL : 0);
	}
	free(a.buf);
	tree_free(&t);
}

TEST(random_corruption_never_reads_outside)
{
	struct tree t;
	struct archive a = { 0 };
	static const char digits[] = "0123456789abcdefFG \0";

	tree_init(&t);
	fill_padding_tree(&t);
	if (pack_tree(&t, "newc", &a)) {
		u8 *copy = malloc(a.len);
		int failed = 0;

		for (int round = 0; round < 3000 && !test_failed(); round++) {
			memcpy(copy, a.buf, a.len);
			for (int n = (int)test_rand_range(1, 4); n > 0; n--) {
				size_t at = test_rand_below(a.len);

				copy[at] = test_rand_chance(50) ?
					   (u8)digits[test_rand_below(sizeof(digits))] :
					   (u8)test_rand_u64();
			}
			if (parse_all(copy, test_rand_chance(20) ?
				      test_rand_below(a.len + 1) : a.len, NULL, NULL) < 0)
				failed++;
		}
		EXPECT_TRUE(failed > 0);	/* the damage was noticed at times */
		free(copy);
	}
	free(a.buf);
	tree_free(&t);
}

TEST(skip_root)
{
	EXPECT_STREQ(cpio_skip_root("/bin/sh"), "bin/sh");
	EXPECT_STREQ(cpio_skip_root("./bin/sh"), "bin/sh");
	EXPECT_STREQ(cpio_skip_root("bin/sh"), "bin/sh");
	EXPECT_STREQ(cpio_skip_root("//.//./bin"), "bin");
	EXPECT_STREQ(cpio_skip_root("/"), "");
	EXPECT_STREQ(cpio_skip_root("."), "");
	EXPECT_STREQ(cpio_skip_root("./"), "");
	EXPECT_STREQ(cpio_skip_root(".hidden"), ".hidden");
	EXPECT_STREQ(cpio_skip_root("../x"), "../x");
}
