/*
 * arch/x86/cpufeature.c - find out what the CPU can do and turn on the
 * protections Mneme relies on.
 *
 * NX: EFER.NXE lets page tables mark data non-executable (boot/head.asm
 * already set it when present; checked here).  SMEP: the kernel may not
 * execute user pages.  SMAP: the kernel may not touch user pages except
 * inside stac/clac (copy_from_user and friends, issue 5).  PCID and 1 GiB
 * pages are reported for mm/ to use.  FPU: x87 and SSE usable, with
 * fxsave/fxrstor, and no lazy #NM trap (the scheduler saves and restores
 * every task's registers on every switch).
 * Linux: arch/x86/kernel/cpu/common.c, fpu/init.c (fpu__init_cpu()).
 */
#include <asm/cpufeature.h>
#include <asm/processor.h>
#include <mneme/kernel.h>
#include <mneme/printk.h>
#include <mneme/string.h>

struct cpuinfo_x86 boot_cpu_data;

static void read_cpuid_words(struct cpuinfo_x86 *c)
{
	u32 a, b, cx, d, max_leaf, max_ext;

	cpuid_count(0, 0, &max_leaf, &b, &cx, &d);
	memcpy(c->vendor, &b, 4);
	memcpy(c->vendor + 4, &d, 4);
	memcpy(c->vendor + 8, &cx, 4);
	c->vendor[12] = '\0';

	cpuid_count(1, 0, &a, &b, &cx, &d);
	c->caps[CPUID_1_EDX] = d;
	c->caps[CPUID_1_ECX] = cx;
	c->family = (a >> 8) & 0xf;
	c->model = (a >> 4) & 0xf;
	c->stepping = a & 0xf;
	if (c->family == 0xf)
		c->family += (a >> 20) & 0xff;
	if (c->family >= 6)
		c->model |= ((a >> 16) & 0xf) << 4;
	if (max_leaf >= 7) {
		cpuid_count(7, 0, &a, &b, &cx, &d);
		c->caps[CPUID_7_0_EBX] = b;
	}
	cpuid_count(0x80000000, 0, &max_ext, &b, &cx, &d);
	if (max_ext >= 0x80000001) {
		cpuid_count(0x80000001, 0, &a, &b, &cx, &d);
		c->caps[CPUID_8000_0001_EDX] = d;
	}
	if (max_ext >= 0x80000004) {
		u32 *name = (u32 *)c->model_name;

		for (u32 leaf = 0; leaf < 3; leaf++)
			cpuid_count(0x80000002 + leaf, 0, &name[leaf * 4],
				    &name[leaf * 4 + 1], &name[leaf * 4 + 2],
				    &name[leaf * 4 + 3]);
		c->model_name[48] = '\0';
	}
}

static const struct {
	unsigned int feature;
	const char *name;
} shown_features[] = {
	{ X86_FEATURE_NX, "nx" },	{ X86_FEATURE_SMEP, "smep" },
	{ X86_FEATURE_SMAP, "smap" },	{ X86_FEATURE_PCID, "pcid" },
	{ X86_FEATURE_GBPAGES, "pdpe1gb" }, { X86_FEATURE_PAT, "pat" },
	{ X86_FEATURE_PGE, "pge" },	{ X86_FEATURE_XSAVE, "xsave" },
	{ X86_FEATURE_HYPERVISOR, "hypervisor" },
};

static void print_features(void)
{
	pr_info("CPU: %s (%s) family 0x%x model 0x%x stepping %u\n",
		boot_cpu_data.model_name[0] ? boot_cpu_data.model_name : "unknown model",
		boot_cpu_data.vendor, boot_cpu_data.family, boot_cpu_data.model,
		boot_cpu_data.stepping);
	pr_info("CPU features:");
	for (size_t i = 0; i < ARRAY_SIZE(shown_features); i++)
		pr_cont(" %s%s", boot_cpu_has(shown_features[i].feature) ? "+" : "-",
			shown_features[i].name);
	pr_cont("\n");
}

/* x87 and SSE on, no emulation, no lazy TS trap; a clean initial state. */
static void fpu_init_cpu(void)
{
	unsigned long cr0 = read_cr0();

	cr0 &= ~(X86_CR0_EM | X86_CR0_TS);
	cr0 |= X86_CR0_MP | X86_CR0_NE;
	write_cr0(cr0);
	write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
	__asm__ __volatile__("fninit");
}

u8 x86_smap_enabled;

void cpu_init(void)
{
	unsigned long cr4 = read_cr4();

	read_cpuid_words(&boot_cpu_data);
	print_features();
	fpu_init_cpu();
	cr4 = read_cr4();
	if (boot_cpu_has(X86_FEATURE_NX) && !(rdmsr(MSR_EFER) & EFER_NXE))
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	if (boot_cpu_has(X86_FEATURE_SMEP))
		cr4 |= X86_CR4_SMEP;
	if (boot_cpu_has(X86_FEATURE_SMAP)) {
		cr4 |= X86_CR4_SMAP;
		x86_smap_enabled = 1;	/* entry.asm: clac on every entry */
	}
	if (boot_cpu_has(X86_FEATURE_PGE))
		cr4 |= X86_CR4_PGE;
	write_cr4(cr4);
	pr_info("CPU: enabled%s%s%s\n",
		rdmsr(MSR_EFER) & EFER_NXE ? " NX" : "",
		cr4 & X86_CR4_SMEP ? " SMEP" : "",
		cr4 & X86_CR4_SMAP ? " SMAP" : "");
}
