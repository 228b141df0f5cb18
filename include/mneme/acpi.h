/*
 * acpi.h - just enough ACPI to switch a real PC off (sleep state S5).
 *
 * drivers/acpi.c walks RSDP -> RSDT/XSDT -> FADT -> DSDT once at boot and
 * keeps the PM1 control ports and the \_S5_ sleep type values; it runs
 * no AML.  lib/acpi_s5.c is the pure AML pattern match for the \_S5_
 * package, built for the host tests too.
 */
#ifndef MNEME_ACPI_H
#define MNEME_ACPI_H

#include <mneme/types.h>

/*
 * Find the ACPI tables and the S5 sleep values.  Prints one pr_info line
 * with what it found, or one pr_warn line saying why ACPI power-off is
 * not available.  Never panics on bad tables.
 */
void acpi_init(void);

/*
 * Enter S5 (soft off).  Returns only on failure: -ENODEV if acpi_init()
 * found no usable tables, -EIO if the machine is still running after the
 * write.  Call with nothing else left to do: the CPU spins for a while.
 */
int acpi_power_off(void);

/*
 * Find "Name (\_S5_, Package () { SLP_TYPa, SLP_TYPb, ... })" in an AML
 * byte stream (a DSDT without its 36-byte header) of len bytes and store
 * the low bytes of the first two elements.  A one-element package holds
 * a in bits 0-7 and b in bits 8-15, as ACPICA reads it.  Never reads
 * outside aml[0..len).  Returns 0, -ENOENT if there is no \_S5_ object,
 * or -EINVAL if every \_S5_ found is malformed or truncated.
 */
int acpi_parse_s5(const u8 *aml, size_t len, u8 *slp_typa, u8 *slp_typb);

#endif
