/*
 * tests/kernel/test_boot.c - ktests for what the boot loader told us and
 * how the kernel parsed it: memory map, command line, ACPI, framebuffer.
 */
#include <mneme/bootinfo.h>
#include <mneme/cmdline.h>
#include <mneme/kernel.h>
#include <mneme/ktest.h>
#include <mneme/mm_early.h>
#include <mneme/params.h>
#include <mneme/string.h>
#include <uapi/errno.h>

extern char _kernel_phys_start[];

KTEST(boot, memory_map_has_usable_ram)
{
	u64 usable = 0;

	KT_ASSERT_TRUE(kt, boot_info.nr_memmap > 0);
	for (int i = 0; i < boot_info.nr_memmap; i++) {
		const struct boot_mem_region *r = &boot_info.memmap[i];

		KT_EXPECT_GT(kt, r->size_bytes, 0);
		KT_EXPECT_GE(kt, r->addr + r->size_bytes, r->addr);	/* no wrap */
		if (r->type == BOOT_MEM_USABLE)
			usable += r->size_bytes;
	}
	KT_EXPECT_GE(kt, usable, MB(32));
}

KTEST(boot, kernel_image_lies_in_usable_ram)
{
	phys_addr_t start = __pa_symbol(_text), end = __pa_symbol(_end);
	bool inside = false;

	for (int i = 0; i < boot_info.nr_memmap; i++) {
		const struct boot_mem_region *r = &boot_info.memmap[i];

		if (r->type == BOOT_MEM_USABLE && r->addr <= start &&
		    end <= r->addr + r->size_bytes)
			inside = true;
	}
	KT_EXPECT_TRUE(kt, inside);
	KT_EXPECT_EQ(kt, (unsigned long)_kernel_phys_start, 0x200000);	/* linker.ld */
	KT_EXPECT_GT(kt, start, (phys_addr_t)_kernel_phys_start);
}

KTEST(boot, multiboot_info_recorded)
{
	KT_EXPECT_GT(kt, boot_info.info_end, boot_info.info_start);
	KT_EXPECT_LT(kt, boot_info.info_end, EARLY_DIRECT_MAP_SIZE);
	KT_EXPECT_TRUE(kt, boot_info.cmdline != NULL);
}

KTEST(boot, command_line_reaches_kernel)
{
	/* this test only runs because ktest= was on the command line */
	KT_EXPECT_TRUE(kt, param_has("ktest"));
	KT_EXPECT_TRUE(kt, strstr(boot_info.cmdline, "ktest=") != NULL);
	KT_EXPECT_TRUE(kt, !param_has("no-such-parameter"));
}

KTEST(boot, cmdline_parser_in_kernel)
{
	static struct cmdline cl;

	KT_EXPECT_EQ(kt, cmdline_parse(&cl, "a=1 flag init=\"/bin/sh -x\" a=2"), 0);
	KT_EXPECT_EQ(kt, cl.nr_words, 4);
	KT_EXPECT_STREQ(kt, cmdline_get(&cl, "a"), "2");
	KT_EXPECT_STREQ(kt, cmdline_get(&cl, "init"), "/bin/sh -x");
	KT_EXPECT_TRUE(kt, cmdline_has(&cl, "flag"));
	KT_EXPECT_TRUE(kt, cmdline_get(&cl, "flag") == NULL);
}

KTEST(boot, acpi_rsdp_found)
{
	const char *sig;

	if (!boot_info.rsdp)
		KT_SKIP(kt, "boot loader gave no ACPI RSDP");
	sig = __va(boot_info.rsdp);
	KT_EXPECT_EQ(kt, memcmp(sig, "RSD PTR ", 8), 0);
}

KTEST(boot, framebuffer_geometry_is_consistent)
{
	const struct boot_framebuffer *fb = &boot_info.fb;

	if (fb->type == BOOT_FB_NONE)
		KT_SKIP(kt, "no framebuffer tag (BIOS text mode assumed)");
	KT_EXPECT_NE(kt, fb->addr, 0);
	KT_EXPECT_GT(kt, fb->width, 0);
	KT_EXPECT_GT(kt, fb->height, 0);
	if (fb->type == BOOT_FB_RGB) {
		KT_EXPECT_TRUE(kt, fb->bpp == 16 || fb->bpp == 24 || fb->bpp == 32);
		KT_EXPECT_GE(kt, fb->pitch, fb->width * (fb->bpp / 8));
	} else {
		KT_EXPECT_EQ(kt, fb->addr, 0xb8000);
	}
}
