/*
 * drivers/acpi.c - ACPI soft-off (S5) for real PCs, without AML.
 *
 * At boot acpi_init() follows the firmware's tables
 *
 *	RSDP --> RSDT (32-bit entries) or XSDT (64-bit) --> FADT ("FACP")
 *	FADT --> PM1a/PM1b control ports, SMI_CMD, ACPI_ENABLE, DSDT
 *	DSDT --> Name (\_S5_, Package () { SLP_TYPa, SLP_TYPb, ... })
 *
 * and keeps what power-off needs in acpi_sleep (valid once all of it was
 * found).  acpi_power_off() then switches the chipset into ACPI mode if
 * the firmware has not, and writes SLP_TYPx | SLP_EN to PM1x_CNT.
 *
 * Invariants: every table is read through the boot direct map (__va), so
 * nothing at or above EARLY_DIRECT_MAP_SIZE is ever dereferenced; every
 * table is read only within its own Length, which is itself bounded by
 * ACPI_MAX_TABLE_SIZE, and only after its signature and checksum are
 * checked.  Bad tables make power-off unavailable, never a panic.
 * acpi_sleep is written once by acpi_init() (single CPU, boot) and only
 * read afterwards, so it needs no lock.
 *
 * Linux counterparts: drivers/acpi/tables.c and acpica/tbxfroot.c (finding
 * the tables), drivers/acpi/sleep.c (acpi_power_off) and
 * acpica/hwsleep.c (acpi_hw_legacy_sleep).  Linux evaluates \_S5 with the
 * AML interpreter and runs _PTS first; we pattern-match the DSDT
 * (lib/acpi_s5.c) and run no AML, which is enough on most PCs.  Linux
 * also only warns about a bad table checksum; we refuse the table.
 */
#include <mneme/acpi.h>
#include <mneme/bootinfo.h>
#include <mneme/kernel.h>
#include <mneme/mm_early.h>
#include <mneme/printk.h>
#include <mneme/string.h>
#include <uapi/errno.h>
#include <asm/io.h>
#include <asm/processor.h>

/* Root System Description Pointer (ACPI 6.5, 5.2.5.3). */
#define RSDP_SIGNATURE		"RSD PTR "
#define RSDP_SIGNATURE_SIZE	8
#define RSDP_REVISION		15	/* u8 */
#define RSDP_RSDT_ADDRESS	16	/* u32 */
#define RSDP_XSDT_ADDRESS	24	/* u64, revision >= 2 */
#define RSDP_V1_SIZE		20	/* what the first checksum covers */
#define RSDP_V2_SIZE		36	/* what the extended checksum covers */
#define RSDP_REV_XSDT		2	/* ACPI 2.0+: XSDT present */

/* Where a BIOS keeps the RSDP when no boot loader hands it over (5.2.5.1). */
#define BDA_EBDA_SEGMENT	0x40e	/* u16: real-mode segment of the EBDA */
#define EBDA_MIN_ADDR		0x400	/* below this the pointer is bogus */
#define EBDA_LIMIT		0xa0000	/* the EBDA ends below video memory */
#define EBDA_SCAN_SIZE		1024	/* the RSDP is in its first KiB */
#define BIOS_ROM_START		0xe0000
#define BIOS_ROM_END		0x100000
#define RSDP_SCAN_STEP		16	/* the RSDP is 16-byte aligned */

/* System Description Table header, common to all tables (5.2.6). */
#define SDT_SIGNATURE		0	/* 4 chars */
#define SDT_LENGTH		4	/* u32, including the header */
#define SDT_REVISION		8	/* u8 */
#define SDT_HEADER_SIZE		36
#define ACPI_SIG_SIZE		4
#define ACPI_MAX_TABLE_SIZE	(16UL << 20)	/* big DSDTs are < 1 MiB */
#define ACPI_MAX_ROOT_ENTRIES	256
#define RSDT_ENTRY_SIZE		4	/* u32 physical addresses */
#define XSDT_ENTRY_SIZE		8	/* u64 physical addresses */

/* Fixed ACPI Description Table fields (5.2.9). */
#define FADT_DSDT		40	/* u32 physical address */
#define FADT_SMI_CMD		48	/* u32 I/O port */
#define FADT_ACPI_ENABLE	52	/* u8 value for SMI_CMD */
#define FADT_PM1A_CNT_BLK	64	/* u32 I/O port */
#define FADT_PM1B_CNT_BLK	68	/* u32 I/O port, 0 if none */
#define FADT_FLAGS		112	/* u32 */
#define FADT_X_DSDT		140	/* u64, FADT revision >= 2 */
#define FADT_X_PM1A_CNT_BLK	172	/* Generic Address Structure */
#define FADT_X_PM1B_CNT_BLK	184	/* Generic Address Structure */
#define FADT_MIN_SIZE		(FADT_PM1B_CNT_BLK + 4)
#define FADT_REV_X_FIELDS	2
#define FADT_HW_REDUCED_ACPI	(1U << 20)	/* no PM1 blocks at all */

/* Generic Address Structure (5.2.3.2). */
#define GAS_SPACE_ID		0	/* u8 */
#define GAS_ADDRESS		4	/* u64 */
#define GAS_SIZE		12
#define GAS_SPACE_SYSTEM_IO	1

/* PM1 control register bits (4.8.3.2.1). */
#define ACPI_PM1_SCI_EN		(1U << 0)	/* 1: ACPI mode */
#define ACPI_PM1_GBL_RLS	(1U << 2)	/* write-only: raise an SMI */
#define ACPI_PM1_SLP_TYP_SHIFT	10
#define ACPI_PM1_SLP_TYP_MASK	(7U << ACPI_PM1_SLP_TYP_SHIFT)
#define ACPI_PM1_SLP_EN		(1U << 13)	/* write-only: go to sleep */

#define IO_PORT_MAX		0xffff
/* Busy waits, in io_delay()s of about 1 us each: no timer is assumed. */
#define ACPI_ENABLE_POLL_LOOPS	1000000		/* ACPICA allows 3 s */
#define ACPI_POWER_OFF_WAIT_LOOPS 500000

/* What acpi_power_off() needs; valid only if acpi_init() found all. */
struct acpi_sleep_info {
	bool valid;
	u16 pm1a_cnt;		/* I/O port of PM1a_CNT */
	u16 pm1b_cnt;		/* I/O port of PM1b_CNT, 0 if none */
	u16 smi_cmd;		/* 0: no SMI port, always in ACPI mode */
	u8 acpi_enable;		/* value for SMI_CMD to enter ACPI mode */
	u8 slp_typa, slp_typb;	/* from \_S5_ */
};

static struct acpi_sleep_info acpi_sleep;

/* Each reason power-off is unavailable is reported by one warning. */
#define acpi_give_up(fmt, ...)						\
	pr_warn("ACPI: " fmt "; power-off via ACPI unavailable\n",	\
		##__VA_ARGS__)

static u16 get_le16(const u8 *p)
{
	return (u16)(p[0] | p[1] << 8);
}

static u32 get_le32(const u8 *p)
{
	return (u32)get_le16(p) | (u32)get_le16(p + 2) << 16;
}

static u64 get_le64(const u8 *p)
{
	return (u64)get_le32(p) | (u64)get_le32(p + 4) << 32;
}

/* ACPI checksums: all bytes, checksum byte included, sum to 0 mod 256. */
static bool acpi_checksum_ok(const u8 *p, size_t len)
{
	u8 sum = 0;

	while (len--)
		sum += *p++;
	return sum == 0;
}

/* Is [pa, pa + len) non-null and inside the boot direct map? */
static bool acpi_phys_mapped(phys_addr_t pa, u64 len)
{
	return pa != 0 && len <= EARLY_DIRECT_MAP_SIZE &&
	       pa <= EARLY_DIRECT_MAP_SIZE - len;
}

/* --- finding the RSDP ------------------------------------------------- */

static bool rsdp_valid(const u8 *rsdp, u8 revision)
{
	if (memcmp(rsdp, RSDP_SIGNATURE, RSDP_SIGNATURE_SIZE) ||
	    !acpi_checksum_ok(rsdp, RSDP_V1_SIZE))
		return false;
	return revision < RSDP_REV_XSDT ||
	       acpi_checksum_ok(rsdp, RSDP_V2_SIZE);
}

/* The first valid RSDP on a 16-byte boundary in [start, end), or 0. */
static phys_addr_t acpi_scan_rsdp(phys_addr_t start, phys_addr_t end)
{
	phys_addr_t pa;

	for (pa = ALIGN(start, RSDP_SCAN_STEP); pa + RSDP_V2_SIZE <= end;
	     pa += RSDP_SCAN_STEP) {
		const u8 *p = __va(pa);

		if (rsdp_valid(p, p[RSDP_REVISION]))
			return pa;
	}
	return 0;
}

/* The legacy BIOS search: the EBDA's first KiB, then the BIOS ROM area. */
static phys_addr_t acpi_find_rsdp_bios(u8 *revision)
{
	phys_addr_t ebda = (phys_addr_t)get_le16(__va(BDA_EBDA_SEGMENT)) << 4;
	phys_addr_t pa = 0;

	if (ebda >= EBDA_MIN_ADDR && ebda + EBDA_SCAN_SIZE <= EBDA_LIMIT)
		pa = acpi_scan_rsdp(ebda, ebda + EBDA_SCAN_SIZE);
	if (!pa)
		pa = acpi_scan_rsdp(BIOS_ROM_START, BIOS_ROM_END);
	if (pa)
		*revision = ((const u8 *)__va(pa))[RSDP_REVISION];
	else
		acpi_give_up("no RSDP from the boot loader or the BIOS");
	return pa;
}

/* GRUB's copy of the RSDP if it handed one over, else the BIOS search. */
static phys_addr_t acpi_find_rsdp(u8 *revision)
{
	phys_addr_t pa = boot_info.rsdp;

	if (!pa)
		return acpi_find_rsdp_bios(revision);
	*revision = boot_info.rsdp_revision;
	if (!acpi_phys_mapped(pa, RSDP_V2_SIZE)) {
		acpi_give_up("RSDP at 0x%lx is above 4 GiB", pa);
		return 0;
	}
	if (!rsdp_valid(__va(pa), *revision)) {
		acpi_give_up("RSDP at 0x%lx has a bad signature or checksum",
			     pa);
		return 0;
	}
	return pa;
}

/* --- tables ------------------------------------------------------------ */

/*
 * Why the table at pa cannot be used as sig, or NULL if it can: it must
 * have signature sig, a Length that covers the header and stays under
 * ACPI_MAX_TABLE_SIZE and the direct map, and a good checksum.
 */
static const char *acpi_table_problem(phys_addr_t pa, const char *sig)
{
	const u8 *t;
	u32 len;

	if (!pa)
		return "address is 0";
	if (!acpi_phys_mapped(pa, SDT_HEADER_SIZE))
		return "is not below 4 GiB";
	t = __va(pa);
	if (memcmp(t + SDT_SIGNATURE, sig, ACPI_SIG_SIZE))
		return "has the wrong signature";
	len = get_le32(t + SDT_LENGTH);
	if (len < SDT_HEADER_SIZE || len > ACPI_MAX_TABLE_SIZE ||
	    !acpi_phys_mapped(pa, len))
		return "has a bad length";
	if (!acpi_checksum_ok(t, len))
		return "has a bad checksum";
	return NULL;
}

/* The table at pa if it is a good sig, else NULL and a warning. */
static const u8 *acpi_map_table(phys_addr_t pa, const char *sig)
{
	const char *why = acpi_table_problem(pa, sig);

	if (why) {
		acpi_give_up("%s at 0x%lx %s", sig, pa, why);
		return NULL;
	}
	return __va(pa);
}

static u32 acpi_table_len(const u8 *t)
{
	return get_le32(t + SDT_LENGTH);
}

/*
 * The XSDT if the RSDP revision has one and it is good, else the RSDT
 * (ACPICA also falls back to the RSDT when the XSDT is unusable).
 */
static const u8 *acpi_map_root(phys_addr_t rsdp_pa, u8 revision,
			       bool *is_xsdt)
{
	const u8 *rsdp = __va(rsdp_pa);
	phys_addr_t xsdt = 0;

	if (revision >= RSDP_REV_XSDT)
		xsdt = get_le64(rsdp + RSDP_XSDT_ADDRESS);
	if (xsdt) {
		const char *why = acpi_table_problem(xsdt, "XSDT");

		if (!why) {
			*is_xsdt = true;
			return __va(xsdt);
		}
		pr_warn("ACPI: XSDT at 0x%lx %s, trying the RSDT\n", xsdt,
			why);
	}
	*is_xsdt = false;
	return acpi_map_table(get_le32(rsdp + RSDP_RSDT_ADDRESS), "RSDT");
}

/* Entry i of the root table: a 32-bit (RSDT) or 64-bit (XSDT) address. */
static phys_addr_t acpi_root_entry(const u8 *root, bool is_xsdt, u32 i)
{
	const u8 *entries = root + SDT_HEADER_SIZE;

	if (is_xsdt)
		return get_le64(entries + XSDT_ENTRY_SIZE * i);
	return get_le32(entries + RSDT_ENTRY_SIZE * i);
}

/* Find and check the table with signature sig listed in the root table. */
static const u8 *acpi_find_table(const u8 *root, bool is_xsdt,
				 const char *sig)
{
	u32 entry_size = is_xsdt ? XSDT_ENTRY_SIZE : RSDT_ENTRY_SIZE;
	u32 nr = (acpi_table_len(root) - SDT_HEADER_SIZE) / entry_size;
	u32 i;

	nr = min(nr, (u32)ACPI_MAX_ROOT_ENTRIES);
	for (i = 0; i < nr; i++) {
		phys_addr_t pa = acpi_root_entry(root, is_xsdt, i);

		if (!pa)
			continue;
		if (!acpi_phys_mapped(pa, SDT_HEADER_SIZE)) {
			pr_warn("ACPI: table at 0x%lx is above 4 GiB, skipped\n",
				pa);
			continue;
		}
		if (!memcmp(__va(pa), sig, ACPI_SIG_SIZE))
			return acpi_map_table(pa, sig);
	}
	acpi_give_up("no %s listed in the %s", sig, is_xsdt ? "XSDT" : "RSDT");
	return NULL;
}

/* --- the FADT ---------------------------------------------------------- */

/* Does the FADT have the size-byte field at off (ACPI 2.0+ fields)? */
static bool fadt_has(const u8 *fadt, u32 off, u32 size)
{
	return fadt[SDT_REVISION] >= FADT_REV_X_FIELDS &&
	       off + size <= acpi_table_len(fadt);
}

/* X_DSDT if present, non-zero and below 4 GiB, else the 32-bit DSDT. */
static phys_addr_t fadt_dsdt(const u8 *fadt)
{
	phys_addr_t x_dsdt = 0;

	if (fadt_has(fadt, FADT_X_DSDT, sizeof(u64)))
		x_dsdt = get_le64(fadt + FADT_X_DSDT);
	if (x_dsdt && acpi_phys_mapped(x_dsdt, SDT_HEADER_SIZE))
		return x_dsdt;
	if (x_dsdt)
		pr_warn("ACPI: X_DSDT 0x%lx is above 4 GiB, trying DSDT\n",
			x_dsdt);
	return get_le32(fadt + FADT_DSDT);
}

/* A 32-bit I/O port field as a port number, 0 if absent or too large. */
static u16 io_port(u64 addr)
{
	return addr <= IO_PORT_MAX ? (u16)addr : 0;
}

/* A PM1x_CNT port: the X_ GAS if it is in I/O space, else the 32-bit one. */
static u16 fadt_pm1_cnt(const u8 *fadt, u32 legacy_off, u32 x_off)
{
	if (fadt_has(fadt, x_off, GAS_SIZE)) {
		const u8 *gas = fadt + x_off;
		u16 port = io_port(get_le64(gas + GAS_ADDRESS));

		if (gas[GAS_SPACE_ID] == GAS_SPACE_SYSTEM_IO && port)
			return port;
	}
	return io_port(get_le32(fadt + legacy_off));
}

static bool fadt_hw_reduced(const u8 *fadt)
{
	return FADT_FLAGS + sizeof(u32) <= acpi_table_len(fadt) &&
	       (get_le32(fadt + FADT_FLAGS) & FADT_HW_REDUCED_ACPI);
}

/* Fill in the PM1 ports and the SMI command from the FADT. */
static int acpi_read_fadt(const u8 *fadt, struct acpi_sleep_info *info)
{
	if (acpi_table_len(fadt) < FADT_MIN_SIZE) {
		acpi_give_up("FADT is only %u bytes", acpi_table_len(fadt));
		return -EINVAL;
	}
	info->pm1a_cnt = fadt_pm1_cnt(fadt, FADT_PM1A_CNT_BLK,
				      FADT_X_PM1A_CNT_BLK);
	info->pm1b_cnt = fadt_pm1_cnt(fadt, FADT_PM1B_CNT_BLK,
				      FADT_X_PM1B_CNT_BLK);
	info->smi_cmd = io_port(get_le32(fadt + FADT_SMI_CMD));
	info->acpi_enable = fadt[FADT_ACPI_ENABLE];
	if (!info->pm1a_cnt) {
		acpi_give_up("%s", fadt_hw_reduced(fadt) ?
			     "hardware-reduced ACPI has no PM1a_CNT" :
			     "FADT has no I/O-port PM1a_CNT");
		return -ENODEV;
	}
	return 0;
}

/* Find \_S5_ in the DSDT's AML (the bytes after its header). */
static int acpi_read_s5(const u8 *dsdt, struct acpi_sleep_info *info)
{
	int ret = acpi_parse_s5(dsdt + SDT_HEADER_SIZE,
				acpi_table_len(dsdt) - SDT_HEADER_SIZE,
				&info->slp_typa, &info->slp_typb);

	if (ret == -ENOENT)
		acpi_give_up("no \\_S5_ package in the DSDT");
	else if (ret)
		acpi_give_up("the DSDT's \\_S5_ package is malformed");
	return ret;
}

void acpi_init(void)
{
	struct acpi_sleep_info info = { 0 };
	const u8 *root, *fadt, *dsdt;
	phys_addr_t rsdp;
	bool is_xsdt;
	u8 revision = 0;

	rsdp = acpi_find_rsdp(&revision);
	if (!rsdp)
		return;
	root = acpi_map_root(rsdp, revision, &is_xsdt);
	if (!root)
		return;
	fadt = acpi_find_table(root, is_xsdt, "FACP");
	if (!fadt || acpi_read_fadt(fadt, &info))
		return;
	dsdt = acpi_map_table(fadt_dsdt(fadt), "DSDT");
	if (!dsdt || acpi_read_s5(dsdt, &info))
		return;
	info.valid = true;
	acpi_sleep = info;
	pr_info("ACPI: RSDP 0x%lx rev %u (%s), FADT 0x%lx, DSDT 0x%lx, PM1_CNT a=0x%x b=0x%x, S5 SLP_TYP a=%u b=%u\n",
		rsdp, revision, is_xsdt ? "XSDT" : "RSDT", __pa(fadt),
		__pa(dsdt), info.pm1a_cnt, info.pm1b_cnt, info.slp_typa,
		info.slp_typb);
}

/* --- power-off --------------------------------------------------------- */

static void acpi_spin(unsigned long loops)
{
	while (loops--)
		io_delay();
}

static bool acpi_sci_enabled(void)
{
	return inw(acpi_sleep.pm1a_cnt) & ACPI_PM1_SCI_EN;
}

/*
 * Ask the firmware (SMM) to hand the PM registers to us, as ACPICA's
 * acpi_enable() does.  If it will not, try S5 anyway: many chipsets
 * honour SLP_EN in legacy mode too.
 */
static void acpi_enable_mode(void)
{
	unsigned long i;

	if (acpi_sci_enabled())
		return;
	if (!acpi_sleep.smi_cmd || !acpi_sleep.acpi_enable) {
		pr_warn("ACPI: SCI_EN is clear and there is no SMI_CMD to set it\n");
		return;
	}
	outb(acpi_sleep.smi_cmd, acpi_sleep.acpi_enable);
	for (i = 0; i < ACPI_ENABLE_POLL_LOOPS; i++) {
		if (acpi_sci_enabled())
			return;
		io_delay();
	}
	pr_warn("ACPI: firmware did not set SCI_EN\n");
}

/* PM1x_CNT's current value with SLP_TYP replaced and write-only bits 0. */
static u16 pm1_cnt_with_slp_typ(u16 port, u8 slp_typ)
{
	u16 v = inw(port);

	v &= ~(ACPI_PM1_SLP_TYP_MASK | ACPI_PM1_SLP_EN | ACPI_PM1_GBL_RLS);
	return v | ((slp_typ << ACPI_PM1_SLP_TYP_SHIFT) & ACPI_PM1_SLP_TYP_MASK);
}

/* As acpi_hw_legacy_sleep(): write SLP_TYP first, then SLP_TYP | SLP_EN. */
static void acpi_enter_s5(void)
{
	u16 a = pm1_cnt_with_slp_typ(acpi_sleep.pm1a_cnt, acpi_sleep.slp_typa);
	u16 b = 0;

	if (acpi_sleep.pm1b_cnt)
		b = pm1_cnt_with_slp_typ(acpi_sleep.pm1b_cnt,
					 acpi_sleep.slp_typb);
	outw(acpi_sleep.pm1a_cnt, a);
	if (acpi_sleep.pm1b_cnt)
		outw(acpi_sleep.pm1b_cnt, b);
	outw(acpi_sleep.pm1a_cnt, a | ACPI_PM1_SLP_EN);
	if (acpi_sleep.pm1b_cnt)
		outw(acpi_sleep.pm1b_cnt, b | ACPI_PM1_SLP_EN);
}

int acpi_power_off(void)
{
	unsigned long flags;

	if (!acpi_sleep.valid)
		return -ENODEV;
	flags = local_irq_save();
	acpi_enable_mode();
	acpi_enter_s5();
	acpi_spin(ACPI_POWER_OFF_WAIT_LOOPS);
	local_irq_restore(flags);
	pr_warn("ACPI: still running after entering S5\n");
	return -EIO;
}
