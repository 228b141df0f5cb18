/*
 * kernel/bootinfo.c - read the Multiboot2 information into boot_info.
 *
 * GRUB leaves a list of tags (8-byte aligned, ending with a type-0 tag) in
 * memory below 4 GiB; boot/head.asm maps that range at PAGE_OFFSET, so we
 * read it through __va().  Strings stay where GRUB put them; memblock
 * (issue 3) reserves [info_start, info_end) so they are never overwritten.
 */
#include <mneme/bootinfo.h>
#include <mneme/kernel.h>
#include <mneme/mm_early.h>
#include <mneme/multiboot2.h>
#include <mneme/printk.h>
#include <mneme/string.h>

struct boot_info boot_info = { .cmdline = "", .bootloader = "" };

static void parse_mmap(const struct mb2_tag_mmap *t)
{
	const u8 *p = (const u8 *)t->entries;
	const u8 *end = (const u8 *)t + t->size;

	for (; p + t->entry_size <= end; p += t->entry_size) {
		const struct mb2_mmap_entry *e = (const void *)p;
		struct boot_mem_region *r;

		if (boot_info.nr_memmap == BOOT_MAX_MEMMAP) {
			pr_warn("boot: memory map has more than %d entries; ignoring the rest\n",
				BOOT_MAX_MEMMAP);
			return;
		}
		r = &boot_info.memmap[boot_info.nr_memmap++];
		r->addr = e->addr;
		r->size_bytes = e->len;
		r->type = (e->type >= BOOT_MEM_USABLE && e->type <= BOOT_MEM_UNUSABLE) ?
			  e->type : BOOT_MEM_RESERVED;
	}
}

static void parse_module(const struct mb2_tag_module *t)
{
	struct boot_module *m;

	if (boot_info.nr_modules == BOOT_MAX_MODULES) {
		pr_warn("boot: more than %d modules; ignoring the rest\n",
			BOOT_MAX_MODULES);
		return;
	}
	m = &boot_info.modules[boot_info.nr_modules++];
	m->start = t->mod_start;
	m->end = t->mod_end;
	m->cmdline = t->cmdline;
}

static void parse_framebuffer(const struct mb2_tag_framebuffer *t)
{
	struct boot_framebuffer *fb = &boot_info.fb;

	fb->addr = t->addr;
	fb->pitch = t->pitch;
	fb->width = t->width;
	fb->height = t->height;
	fb->bpp = t->bpp;
	if (t->fb_type == MB2_FRAMEBUFFER_TYPE_EGA_TEXT) {
		fb->type = BOOT_FB_EGA_TEXT;
	} else if (t->fb_type == MB2_FRAMEBUFFER_TYPE_RGB) {
		fb->type = BOOT_FB_RGB;
		fb->red_pos = t->red_pos;
		fb->red_size = t->red_size;
		fb->green_pos = t->green_pos;
		fb->green_size = t->green_size;
		fb->blue_pos = t->blue_pos;
		fb->blue_size = t->blue_size;
	}			/* indexed colour: unsupported, no screen */
}

static void parse_acpi(const struct mb2_tag_acpi *t, u8 revision)
{
	/* Prefer the ACPI 2.0 RSDP (XSDT) when GRUB gives both. */
	if (boot_info.rsdp && boot_info.rsdp_revision >= 2)
		return;
	boot_info.rsdp = __pa(t->rsdp);
	boot_info.rsdp_revision = revision;
}

static void parse_tag(const struct mb2_tag *tag)
{
	switch (tag->type) {
	case MB2_TAG_CMDLINE:
		boot_info.cmdline = ((const struct mb2_tag_string *)tag)->string;
		break;
	case MB2_TAG_BOOTLOADER:
		boot_info.bootloader = ((const struct mb2_tag_string *)tag)->string;
		break;
	case MB2_TAG_MODULE:
		parse_module((const void *)tag);
		break;
	case MB2_TAG_MMAP:
		parse_mmap((const void *)tag);
		break;
	case MB2_TAG_FRAMEBUFFER:
		parse_framebuffer((const void *)tag);
		break;
	case MB2_TAG_ACPI_OLD:
		parse_acpi((const void *)tag, 0);
		break;
	case MB2_TAG_ACPI_NEW:
		parse_acpi((const void *)tag, 2);
		break;
	}
}

void parse_boot_info(phys_addr_t info_phys)
{
	const struct mb2_info *info = __va(info_phys);
	const u8 *p = (const u8 *)(info + 1);
	const u8 *end = (const u8 *)info + info->total_size;

	boot_info.info_start = info_phys;
	boot_info.info_end = info_phys + info->total_size;
	while (p + sizeof(struct mb2_tag) <= end) {
		const struct mb2_tag *tag = (const void *)p;

		if (tag->type == MB2_TAG_END || tag->size < sizeof(*tag))
			break;
		parse_tag(tag);
		p += ALIGN(tag->size, 8);
	}
}

static const char *mem_type_name(u32 type)
{
	switch (type) {
	case BOOT_MEM_USABLE: return "usable";
	case BOOT_MEM_ACPI: return "ACPI data";
	case BOOT_MEM_NVS: return "ACPI NVS";
	case BOOT_MEM_UNUSABLE: return "unusable";
	default: return "reserved";
	}
}

/* Linux prints the firmware map as "BIOS-e820: [mem 0x...-0x...] usable". */
void print_memory_map(void)
{
	u64 usable = 0, reserved = 0;

	pr_info("Physical RAM map (from the Multiboot2 memory map):\n");
	for (int i = 0; i < boot_info.nr_memmap; i++) {
		const struct boot_mem_region *r = &boot_info.memmap[i];

		pr_info("  mb2-e820: [mem 0x%016lx-0x%016lx] %s\n",
			(unsigned long)r->addr,
			(unsigned long)(r->addr + r->size_bytes - 1),
			mem_type_name(r->type));
		if (r->type == BOOT_MEM_USABLE)
			usable += r->size_bytes;
		else
			reserved += r->size_bytes;
	}
	pr_info("  total: %lu KiB usable (%lu MiB), %lu KiB reserved or firmware\n",
		(unsigned long)(usable >> 10), (unsigned long)(usable >> 20),
		(unsigned long)(reserved >> 10));
}
