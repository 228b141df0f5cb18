/*
 * lib/acpi_s5.c - find the \_S5_ sleep type values in DSDT AML without
 * an AML interpreter.
 *
 * The firmware describes soft-off (S5) as a named package in its DSDT,
 * which iasl compiles to:
 *
 *	NameOp ['\'] '_S5_' PackageOp PkgLength NumElements SLP_TYPa SLP_TYPb ...
 *	 0x08   0x5c          0x12      1-4 bytes  1 byte   each an integer
 *
 * where each integer is ZeroOp (0x00), OneOp (0x01), OnesOp (0xff) or
 * BytePrefix (0x0a) / WordPrefix / DWordPrefix / QWordPrefix followed by
 * its little-endian value.  We scan the byte stream for '_S5_' preceded
 * by NameOp and decode the package in place; this is the "Shutdown"
 * trick the OSDev wiki describes.
 *
 * Owns no state.  Invariant: no byte outside aml[0..len) is ever read,
 * whatever the AML says (every length in it is untrusted).  No kernel
 * dependencies, so tests/host/test_acpi_s5.c runs it under ASan/UBSan.
 *
 * Linux counterpart: none directly.  Linux loads the whole namespace with
 * ACPICA and evaluates \_S5 (drivers/acpi/acpica/hwxface.c,
 * acpi_get_sleep_type_data()), which also handles an _S5_ defined as a
 * Method or in an SSDT; this pattern match does not, and on such
 * firmware ACPI power-off is simply unavailable.
 */
#include <mneme/acpi.h>
#include <uapi/errno.h>

#define AML_ZERO_OP		0x00
#define AML_ONE_OP		0x01
#define AML_NAME_OP		0x08
#define AML_BYTE_PREFIX		0x0a
#define AML_WORD_PREFIX		0x0b
#define AML_DWORD_PREFIX	0x0c
#define AML_QWORD_PREFIX	0x0e
#define AML_PACKAGE_OP		0x12
#define AML_ONES_OP		0xff
#define AML_ROOT_CHAR		'\\'
#define AML_NAMESEG_SIZE	4

/* PkgLength lead byte: bits 7-6 count the extra bytes that follow. */
#define AML_PKGLEN_EXTRA_SHIFT	6
#define AML_PKGLEN_SHORT_MASK	0x3f	/* no extra bytes: 6-bit length */
#define AML_PKGLEN_NIBBLE_MASK	0x0f	/* extra bytes: low nibble only */

/* A read position inside aml[0..end); pos never passes end. */
struct aml_cursor {
	const u8 *aml;
	size_t pos;
	size_t end;
};

static bool aml_has(const struct aml_cursor *c, size_t n)
{
	return n <= c->end - c->pos;
}

/* Read an n-byte little-endian value (n <= 8) and step over it. */
static int aml_read_le(struct aml_cursor *c, size_t n, u64 *val)
{
	size_t i;

	if (!aml_has(c, n))
		return -EINVAL;
	*val = 0;
	for (i = 0; i < n; i++)
		*val |= (u64)c->aml[c->pos + i] << (8 * i);
	c->pos += n;
	return 0;
}

/* PkgLength: the byte count from its own first byte to the object's end. */
static int aml_read_pkg_length(struct aml_cursor *c, size_t *pkg_len)
{
	size_t extra, i;
	u8 lead;

	if (!aml_has(c, 1))
		return -EINVAL;
	lead = c->aml[c->pos];
	extra = lead >> AML_PKGLEN_EXTRA_SHIFT;
	if (!aml_has(c, 1 + extra))
		return -EINVAL;
	if (extra == 0) {
		*pkg_len = lead & AML_PKGLEN_SHORT_MASK;
	} else {
		*pkg_len = lead & AML_PKGLEN_NIBBLE_MASK;
		for (i = 0; i < extra; i++)
			*pkg_len |= (size_t)c->aml[c->pos + 1 + i] << (4 + 8 * i);
	}
	c->pos += 1 + extra;
	return 0;
}

/* A ComputationalData integer or constant object (ZeroOp, OneOp, ...). */
static int aml_read_integer(struct aml_cursor *c, u64 *val)
{
	u8 op;

	if (!aml_has(c, 1))
		return -EINVAL;
	op = c->aml[c->pos++];
	switch (op) {
	case AML_ZERO_OP:
		*val = 0;
		return 0;
	case AML_ONE_OP:
		*val = 1;
		return 0;
	case AML_ONES_OP:
		*val = ~0ULL;
		return 0;
	case AML_BYTE_PREFIX:
		return aml_read_le(c, 1, val);
	case AML_WORD_PREFIX:
		return aml_read_le(c, 2, val);
	case AML_DWORD_PREFIX:
		return aml_read_le(c, 4, val);
	case AML_QWORD_PREFIX:
		return aml_read_le(c, 8, val);
	default:
		return -EINVAL;		/* a name, a buffer, ...: not ours */
	}
}

/*
 * Decode the package whose PackageOp is at aml[pos].  The package must
 * lie wholly inside aml[0..len): a PkgLength running past the end means
 * the stream was truncated.
 */
static int s5_parse_package(const u8 *aml, size_t len, size_t pos,
			    u8 *slp_typa, u8 *slp_typb)
{
	struct aml_cursor c = { .aml = aml, .pos = pos, .end = len };
	size_t pkg_start, pkg_len;
	u64 a, b;
	u8 nr_elements;

	if (!aml_has(&c, 1) || aml[c.pos++] != AML_PACKAGE_OP)
		return -EINVAL;
	pkg_start = c.pos;
	if (aml_read_pkg_length(&c, &pkg_len) ||
	    pkg_len < c.pos - pkg_start || pkg_len > len - pkg_start)
		return -EINVAL;
	c.end = pkg_start + pkg_len;	/* elements stay inside the package */
	if (!aml_has(&c, 1))
		return -EINVAL;
	nr_elements = aml[c.pos++];
	if (nr_elements == 0 || aml_read_integer(&c, &a))
		return -EINVAL;
	if (nr_elements >= 2) {
		if (aml_read_integer(&c, &b))
			return -EINVAL;
	} else {
		b = a >> 8;		/* one element: b in bits 8-15 */
	}
	*slp_typa = (u8)a;
	*slp_typb = (u8)b;
	return 0;
}

static bool aml_is_s5_nameseg(const u8 *p)
{
	return p[0] == '_' && p[1] == 'S' && p[2] == '5' && p[3] == '_';
}

/* Is the NameSeg at aml[pos] the name in "NameOp ['\'] _S5_"? */
static bool s5_is_name_definition(const u8 *aml, size_t pos)
{
	if (pos >= 1 && aml[pos - 1] == AML_NAME_OP)
		return true;
	return pos >= 2 && aml[pos - 1] == AML_ROOT_CHAR &&
	       aml[pos - 2] == AML_NAME_OP;
}

int acpi_parse_s5(const u8 *aml, size_t len, u8 *slp_typa, u8 *slp_typb)
{
	int ret = -ENOENT;
	size_t pos;

	if (!aml || len < AML_NAMESEG_SIZE)
		return ret;
	for (pos = 0; pos <= len - AML_NAMESEG_SIZE; pos++) {
		if (!aml_is_s5_nameseg(aml + pos) ||
		    !s5_is_name_definition(aml, pos))
			continue;
		if (!s5_parse_package(aml, len, pos + AML_NAMESEG_SIZE,
				      slp_typa, slp_typb))
			return 0;
		ret = -EINVAL;	/* keep looking: a later one may be good */
	}
	return ret;
}
