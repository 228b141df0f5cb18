/*
 * tests/host/test_acpi_s5.c - host tests for acpi_parse_s5() (lib/acpi_s5.c).
 *
 * Each AML snippet is the body of a DSDT (the bytes after its 36-byte
 * header), hand-assembled and checked against what iasl 20200925 emits
 * for the ASL quoted above it.  Every parse runs on an exact-size heap
 * copy, so AddressSanitizer catches a read of even one byte past the end.
 */
#include <stdlib.h>

#include "test.h"
#include "kernel_lib.h"
#include <mneme/acpi.h>

#define NAME_OP		0x08
#define BYTE_PREFIX	0x0a
#define WORD_PREFIX	0x0b
#define DWORD_PREFIX	0x0c
#define QWORD_PREFIX	0x0e
#define PACKAGE_OP	0x12
#define METHOD_OP	0x14
#define RETURN_OP	0xa4
#define SCOPE_OP	0x10
#define ZERO_OP		0x00
#define ONE_OP		0x01
#define ONES_OP		0xff
#define S5		'_', 'S', '5', '_'
#define UNSET		0xee	/* what the outputs hold before a parse */

struct s5_result {
	int ret;
	uint8_t a, b;
};

/* Parse a heap copy of exactly len bytes (ASan sees any over-read). */
static struct s5_result parse(const uint8_t *aml, size_t len)
{
	struct s5_result r = { .a = UNSET, .b = UNSET };
	uint8_t *copy = malloc(len ? len : 1);

	if (len)
		memcpy(copy, aml, len);
	r.ret = acpi_parse_s5(copy, len, &r.a, &r.b);
	free(copy);
	return r;
}

#define EXPECT_S5(aml, want_a, want_b)					\
	do {								\
		struct s5_result r_ = parse(aml, sizeof(aml));		\
		EXPECT_EQ(r_.ret, 0);					\
		EXPECT_EQ(r_.a, want_a);				\
		EXPECT_EQ(r_.b, want_b);				\
	} while (0)

#define EXPECT_S5_ERR(aml, len, err)					\
	do {								\
		struct s5_result r_ = parse(aml, len);			\
		EXPECT_EQ(r_.ret, err);					\
		EXPECT_EQ(r_.a, UNSET);					\
		EXPECT_EQ(r_.b, UNSET);					\
	} while (0)

/*
 * Name (_S3, Package (0x04) { One, One, Zero, Zero })
 * Name (_S5, Package (0x04) { Zero, Zero, Zero, Zero })	(QEMU's DSDT)
 */
static const uint8_t qemu_dsdt[] = {
	NAME_OP, '_', 'S', '3', '_', PACKAGE_OP, 0x06, 0x04,
	ONE_OP, ONE_OP, ZERO_OP, ZERO_OP,
	NAME_OP, S5, PACKAGE_OP, 0x06, 0x04,
	ZERO_OP, ZERO_OP, ZERO_OP, ZERO_OP,
};

TEST(zero_ops_give_zero_and_skip_other_sleep_states)
{
	EXPECT_S5(qemu_dsdt, 0, 0);
}

/* Name (_S5, Package () { 0x05, 0x05, 0, 0 }) */
static const uint8_t byte_prefix_dsdt[] = {
	NAME_OP, S5, PACKAGE_OP, 0x08, 0x04,
	BYTE_PREFIX, 0x05, BYTE_PREFIX, 0x05, ZERO_OP, ZERO_OP,
};

TEST(byte_prefix_values_are_read)
{
	EXPECT_S5(byte_prefix_dsdt, 5, 5);
}

/* Name (_S5, Package () { 0x07, One }) */
static const uint8_t mixed_dsdt[] = {
	NAME_OP, S5, PACKAGE_OP, 0x05, 0x02, BYTE_PREFIX, 0x07, ONE_OP,
};

TEST(byte_prefix_and_one_op_mix)
{
	EXPECT_S5(mixed_dsdt, 7, 1);
}

/*
 * Scope (\_SB) { Name (\_S5, Package () { 0x07, 0x07, 0, 0 }) }
 * Name (_S4, Package () { 0x06, 0x06, 0, 0 })
 */
static const uint8_t root_path_dsdt[] = {
	SCOPE_OP, 0x14, '_', 'S', 'B', '_',
	NAME_OP, '\\', S5, PACKAGE_OP, 0x08, 0x04,
	BYTE_PREFIX, 0x07, BYTE_PREFIX, 0x07, ZERO_OP, ZERO_OP,
	NAME_OP, '_', 'S', '4', '_', PACKAGE_OP, 0x08, 0x04,
	BYTE_PREFIX, 0x06, BYTE_PREFIX, 0x06, ZERO_OP, ZERO_OP,
};

TEST(root_path_name_is_found)
{
	EXPECT_S5(root_path_dsdt, 7, 7);
}

/* Name (_S5, Package () { 0x1234 }): a in bits 0-7, b in bits 8-15. */
static const uint8_t one_element_dsdt[] = {
	NAME_OP, S5, PACKAGE_OP, 0x05, 0x01, WORD_PREFIX, 0x34, 0x12,
};

TEST(one_element_package_splits_into_a_and_b)
{
	EXPECT_S5(one_element_dsdt, 0x34, 0x12);
}

/* Wider integers and Ones: only the low byte of each is kept. */
static const uint8_t wide_dsdt[] = {
	NAME_OP, S5, PACKAGE_OP, 0x11, 0x03,
	DWORD_PREFIX, 0x03, 0x00, 0x00, 0x00,
	QWORD_PREFIX, 0x04, 0, 0, 0, 0, 0, 0, 0x80,
	ONES_OP,
};

TEST(dword_and_qword_values_keep_low_byte)
{
	EXPECT_S5(wide_dsdt, 3, 4);
}

/* A two-byte PkgLength (0x40 | low nibble, then bits 4-11), as padded. */
static const uint8_t long_pkglength_dsdt[] = {
	NAME_OP, S5, PACKAGE_OP, 0x48, 0x00, 0x03,
	BYTE_PREFIX, 0x05, BYTE_PREFIX, 0x06, ZERO_OP,
};

TEST(two_byte_pkglength_is_decoded)
{
	EXPECT_S5(long_pkglength_dsdt, 5, 6);
}

TEST(every_truncation_fails_without_overread)
{
	size_t s5_at = 12, len;		/* qemu_dsdt: NameOp of _S5_ */

	for (len = 0; len < sizeof(qemu_dsdt); len++) {
		struct s5_result r = parse(qemu_dsdt, len);

		EXPECT_EQ(r.ret, len <= s5_at + 4 ? -ENOENT : -EINVAL);
		EXPECT_EQ(r.a, UNSET);
	}
}

/* PkgLength says 0x3f bytes but the DSDT ends first. */
static const uint8_t pkglength_past_end_dsdt[] = {
	NAME_OP, S5, PACKAGE_OP, 0x3f, 0x02, BYTE_PREFIX, 0x05, ZERO_OP,
};

TEST(pkglength_past_end_is_rejected)
{
	EXPECT_S5_ERR(pkglength_past_end_dsdt,
		      sizeof(pkglength_past_end_dsdt), -EINVAL);
}

/* PkgLength 2 covers only NumElements: the elements lie outside. */
static const uint8_t elements_outside_dsdt[] = {
	NAME_OP, S5, PACKAGE_OP, 0x02, 0x02, ZERO_OP, ZERO_OP,
	NAME_OP, '_', 'S', '4', '_',
};

TEST(elements_outside_the_package_are_rejected)
{
	EXPECT_S5_ERR(elements_outside_dsdt, sizeof(elements_outside_dsdt),
		      -EINVAL);
}

/* PkgLength 0 is shorter than the PkgLength byte itself. */
static const uint8_t pkglength_zero_dsdt[] = {
	NAME_OP, S5, PACKAGE_OP, 0x00, 0x02, ZERO_OP, ZERO_OP,
};

TEST(pkglength_shorter_than_itself_is_rejected)
{
	EXPECT_S5_ERR(pkglength_zero_dsdt, sizeof(pkglength_zero_dsdt),
		      -EINVAL);
}

static const uint8_t zero_elements_dsdt[] = {
	NAME_OP, S5, PACKAGE_OP, 0x02, 0x00,
};

/* Name (_S5, Package () { "ab", 0 }): a string is no sleep type. */
static const uint8_t string_element_dsdt[] = {
	NAME_OP, S5, PACKAGE_OP, 0x07, 0x02, 0x0d, 'a', 'b', 0x00, ZERO_OP,
};

TEST(empty_or_non_integer_package_is_rejected)
{
	EXPECT_S5_ERR(zero_elements_dsdt, sizeof(zero_elements_dsdt), -EINVAL);
	EXPECT_S5_ERR(string_element_dsdt, sizeof(string_element_dsdt),
		      -EINVAL);
}

/* Name (_S5, 5) first: not a package, so the later good one is used. */
static const uint8_t bad_then_good_dsdt[] = {
	NAME_OP, S5, BYTE_PREFIX, 0x05,
	NAME_OP, '\\', S5, PACKAGE_OP, 0x06, 0x04,
	ONE_OP, ZERO_OP, ZERO_OP, ZERO_OP,
};

TEST(malformed_s5_is_skipped_for_a_later_good_one)
{
	EXPECT_S5(bad_then_good_dsdt, 1, 0);
}

/* Name (_S3, ...), Name (_S4, ...) and no _S5. */
static const uint8_t no_s5_dsdt[] = {
	NAME_OP, '_', 'S', '3', '_', PACKAGE_OP, 0x06, 0x04,
	ONE_OP, ONE_OP, ZERO_OP, ZERO_OP,
	NAME_OP, '_', 'S', '4', '_', PACKAGE_OP, 0x06, 0x04,
	ONE_OP, ONE_OP, ZERO_OP, ZERO_OP,
};

TEST(dsdt_without_s5_gives_enoent)
{
	EXPECT_S5_ERR(no_s5_dsdt, sizeof(no_s5_dsdt), -ENOENT);
	EXPECT_S5_ERR(no_s5_dsdt, 0, -ENOENT);
	EXPECT_EQ(acpi_parse_s5(NULL, 0, NULL, NULL), -ENOENT);
}

/*
 * Method (_S5, 0) { Return (Package () { 5, 5 }) } and a bare reference
 * "Return (_S5)": neither is a Name, so neither is taken (ACPICA would
 * evaluate the method; we cannot).  "_S5_" at offset 0 has no byte
 * before it to look at.
 */
static const uint8_t method_s5_dsdt[] = {
	METHOD_OP, 0x0e, S5, 0x00, RETURN_OP, PACKAGE_OP, 0x06, 0x02,
	BYTE_PREFIX, 0x05, BYTE_PREFIX, 0x05,
	RETURN_OP, S5,
};
static const uint8_t s5_at_start_dsdt[] = {
	S5, PACKAGE_OP, 0x04, 0x02, ZERO_OP, ZERO_OP,
};

TEST(s5_not_defined_by_name_is_ignored)
{
	EXPECT_S5_ERR(method_s5_dsdt, sizeof(method_s5_dsdt), -ENOENT);
	EXPECT_S5_ERR(s5_at_start_dsdt, sizeof(s5_at_start_dsdt), -ENOENT);
}

/* --- randomised: encode random packages, parse them back ------------ */

/* Append value v as a random valid encoding of an AML integer. */
static size_t encode_integer(uint8_t *p, uint64_t v)
{
	static const uint8_t prefixes[] = {
		BYTE_PREFIX, WORD_PREFIX, DWORD_PREFIX, QWORD_PREFIX,
	};
	static const size_t sizes[] = { 1, 2, 4, 8 };
	size_t i = test_rand_below(4), n;

	if (v == 0 && test_rand_chance(50)) {
		p[0] = ZERO_OP;
		return 1;
	}
	if (v == 1 && test_rand_chance(50)) {
		p[0] = ONE_OP;
		return 1;
	}
	while (sizes[i] < 8 && v >> (8 * sizes[i]))
		i++;
	p[0] = prefixes[i];
	for (n = 0; n < sizes[i]; n++)
		p[1 + n] = (uint8_t)(v >> (8 * n));
	return 1 + sizes[i];
}

/* Append a PkgLength for a body of body_len bytes; 1 or 2 bytes long. */
static size_t encode_pkglength(uint8_t *p, size_t body_len)
{
	if (body_len + 1 <= 0x3f && test_rand_chance(50)) {
		p[0] = (uint8_t)(body_len + 1);
		return 1;
	}
	p[0] = (uint8_t)(0x40 | ((body_len + 2) & 0x0f));
	p[1] = (uint8_t)((body_len + 2) >> 4);
	return 2;
}

/* Random filler that cannot contain "_S5_" (no 'S' or '5' bytes). */
static size_t random_filler(uint8_t *p, size_t max)
{
	size_t n = test_rand_below(max + 1), i;

	for (i = 0; i < n; i++) {
		do
			p[i] = (uint8_t)test_rand_u64();
		while (p[i] == 'S' || p[i] == '5');
	}
	return n;
}

/* A DSDT body with one random \_S5_ package; returns its length. */
static size_t build_random_s5(uint8_t *aml, uint64_t vals[], int nr)
{
	uint8_t body[128];
	size_t len, body_len = 1, i;

	body[0] = (uint8_t)nr;
	for (i = 0; i < (size_t)nr; i++)
		body_len += encode_integer(body + body_len, vals[i]);
	len = random_filler(aml, 64);
	aml[len++] = NAME_OP;
	if (test_rand_chance(50))
		aml[len++] = '\\';
	memcpy(aml + len, "_S5_", 4);
	len += 4;
	aml[len++] = PACKAGE_OP;
	len += encode_pkglength(aml + len, body_len);
	memcpy(aml + len, body, body_len);
	len += body_len;
	return len + random_filler(aml + len, 64);
}

TEST(random_packages_parse_back_to_their_values)
{
	uint8_t aml[512];
	int iter;

	for (iter = 0; iter < 2000 && !test_failed(); iter++) {
		uint64_t vals[6];
		int nr = (int)test_rand_range(1, 6), i;
		size_t len;
		struct s5_result r;

		for (i = 0; i < nr; i++)
			vals[i] = test_rand_chance(50) ? test_rand_below(8)
						       : test_rand_u64();
		len = build_random_s5(aml, vals, nr);
		r = parse(aml, len);
		ASSERT_EQ(r.ret, 0);
		EXPECT_EQ(r.a, (uint8_t)vals[0]);
		EXPECT_EQ(r.b, (uint8_t)(nr == 1 ? vals[0] >> 8 : vals[1]));
	}
}

TEST(random_bytes_never_crash_or_overread)
{
	static const uint8_t seed_bytes[] = { NAME_OP, '\\', S5, PACKAGE_OP };
	uint8_t aml[256];
	int iter;

	for (iter = 0; iter < 5000 && !test_failed(); iter++) {
		size_t len = test_rand_below(sizeof(aml) + 1), i;
		struct s5_result r;

		for (i = 0; i < len; i++)
			aml[i] = test_rand_chance(30) ?
				 seed_bytes[test_rand_below(sizeof(seed_bytes))] :
				 (uint8_t)test_rand_below(16);
		r = parse(aml, len);
		EXPECT_TRUE(r.ret == 0 || r.ret == -ENOENT || r.ret == -EINVAL);
	}
}
