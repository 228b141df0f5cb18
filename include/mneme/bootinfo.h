/*
 * bootinfo.h - what the boot loader told us, parsed once at boot.
 *
 * kernel/bootinfo.c walks the Multiboot2 tags and fills struct boot_info;
 * every later subsystem reads this instead of the raw tags, so the tag
 * format is known in one file.  Addresses are physical.
 */
#ifndef MNEME_BOOTINFO_H
#define MNEME_BOOTINFO_H

#include <mneme/types.h>

#define BOOT_MAX_MEMMAP		128
#define BOOT_MAX_MODULES	16

enum boot_mem_type {
	BOOT_MEM_USABLE = 1,		/* Multiboot2 type numbers (= e820) */
	BOOT_MEM_RESERVED = 2,
	BOOT_MEM_ACPI = 3,		/* ACPI tables, reclaimable */
	BOOT_MEM_NVS = 4,
	BOOT_MEM_UNUSABLE = 5,		/* bad RAM */
};

struct boot_mem_region {
	phys_addr_t addr;
	u64 size_bytes;
	u32 type;			/* enum boot_mem_type */
};

struct boot_module {
	phys_addr_t start, end;		/* [start, end) */
	const char *cmdline;		/* the module's string from grub.cfg */
};

enum boot_fb_type {
	BOOT_FB_NONE = 0,
	BOOT_FB_RGB,			/* linear framebuffer (UEFI GOP, VBE) */
	BOOT_FB_EGA_TEXT,		/* VGA text mode at 0xb8000 */
};

struct boot_framebuffer {
	enum boot_fb_type type;
	phys_addr_t addr;
	u32 pitch;			/* bytes per scan line (text: per row) */
	u32 width, height;		/* pixels (text: columns, rows) */
	u8 bpp;
	u8 red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
};

struct boot_info {
	const char *cmdline;		/* never NULL: "" when absent */
	const char *bootloader;		/* "GRUB 2.06..." or "" */
	struct boot_mem_region memmap[BOOT_MAX_MEMMAP];
	int nr_memmap;
	struct boot_module modules[BOOT_MAX_MODULES];
	int nr_modules;
	struct boot_framebuffer fb;
	phys_addr_t rsdp;		/* physical address of our RSDP copy, 0 if none */
	u8 rsdp_revision;		/* 0: ACPI 1.0 RSDT, >= 2: XSDT */
	phys_addr_t info_start, info_end;	/* the Multiboot2 info itself */
};

extern struct boot_info boot_info;

/* Parse the Multiboot2 information at physical address info_phys. */
void parse_boot_info(phys_addr_t info_phys);
/* Print the memory map, Linux e820 style, with totals. */
void print_memory_map(void);

#endif
