/*
 * multiboot2.h - the Multiboot2 boot information format (the facts of the
 * Multiboot2 specification, section 3.6).  Only the tags Mneme reads.
 */
#ifndef MNEME_MULTIBOOT2_H
#define MNEME_MULTIBOOT2_H

#include <mneme/compiler.h>
#include <mneme/types.h>

#define MULTIBOOT2_BOOTLOADER_MAGIC	0x36d76289

#define MB2_TAG_END		0
#define MB2_TAG_CMDLINE		1
#define MB2_TAG_BOOTLOADER	2
#define MB2_TAG_MODULE		3
#define MB2_TAG_BASIC_MEMINFO	4
#define MB2_TAG_MMAP		6
#define MB2_TAG_FRAMEBUFFER	8
#define MB2_TAG_ACPI_OLD	14
#define MB2_TAG_ACPI_NEW	15

#define MB2_MEMORY_AVAILABLE	1
#define MB2_MEMORY_RESERVED	2
#define MB2_MEMORY_ACPI_RECLAIMABLE 3
#define MB2_MEMORY_NVS		4
#define MB2_MEMORY_BADRAM	5

#define MB2_FRAMEBUFFER_TYPE_INDEXED	0
#define MB2_FRAMEBUFFER_TYPE_RGB	1
#define MB2_FRAMEBUFFER_TYPE_EGA_TEXT	2

struct mb2_info {
	u32 total_size;
	u32 reserved;
} __packed;

struct mb2_tag {
	u32 type;
	u32 size;
} __packed;

struct mb2_tag_string {		/* command line, boot loader name */
	u32 type, size;
	char string[];
} __packed;

struct mb2_tag_module {
	u32 type, size;
	u32 mod_start, mod_end;
	char cmdline[];
} __packed;

struct mb2_mmap_entry {
	u64 addr, len;
	u32 type, zero;
} __packed;

struct mb2_tag_mmap {
	u32 type, size;
	u32 entry_size, entry_version;
	struct mb2_mmap_entry entries[];
} __packed;

struct mb2_tag_framebuffer {
	u32 type, size;
	u64 addr;
	u32 pitch, width, height;
	u8 bpp, fb_type;
	u16 reserved;
	/* for fb_type RGB: */
	u8 red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
} __packed;

struct mb2_tag_acpi {
	u32 type, size;
	u8 rsdp[];		/* a copy of the RSDP (v1: 20 bytes, v2: 36) */
} __packed;

#endif
