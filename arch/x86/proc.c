/*
 * arch/x86/proc.c - /proc/cpuinfo: the boot CPU as CPUID described it
 * (arch/x86/cpufeature.c), in Linux's "name\t: value" layout, with the
 * flag names Linux uses for the features Mneme knows.  One CPU, so one
 * block.  Linux: arch/x86/kernel/cpu/proc.c (show_cpuinfo()).
 */
#include <asm/cpufeature.h>
#include <mneme/kernel.h>
#include <mneme/seq_file.h>
#include <mneme/time.h>

static const struct {
	unsigned int feature;
	const char *name;
} cpuinfo_flags[] = {
	{ X86_FEATURE_FPU, "fpu" },	{ X86_FEATURE_TSC, "tsc" },
	{ X86_FEATURE_PAE, "pae" },	{ X86_FEATURE_APIC, "apic" },
	{ X86_FEATURE_PGE, "pge" },	{ X86_FEATURE_PAT, "pat" },
	{ X86_FEATURE_FXSR, "fxsr" },	{ X86_FEATURE_SSE2, "sse2" },
	{ X86_FEATURE_SYSCALL, "syscall" }, { X86_FEATURE_NX, "nx" },
	{ X86_FEATURE_GBPAGES, "pdpe1gb" }, { X86_FEATURE_LM, "lm" },
	{ X86_FEATURE_PCID, "pcid" },	{ X86_FEATURE_XSAVE, "xsave" },
	{ X86_FEATURE_HYPERVISOR, "hypervisor" }, { X86_FEATURE_SMEP, "smep" },
	{ X86_FEATURE_INVPCID, "invpcid" }, { X86_FEATURE_SMAP, "smap" },
};

int show_cpuinfo(struct seq_file *m, void *v)
{
	const struct cpuinfo_x86 *c = &boot_cpu_data;
	unsigned long khz = (unsigned long)tsc_khz;

	(void)v;
	seq_printf(m, "processor\t: 0\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\n",
		   c->vendor, c->family, c->model);
	seq_printf(m, "model name\t: %s\nstepping\t: %u\n",
		   c->model_name[0] ? c->model_name : "unknown", c->stepping);
	seq_printf(m, "cpu MHz\t\t: %lu.%03lu\n", khz / 1000, khz % 1000);
	seq_printf(m, "physical id\t: 0\nsiblings\t: 1\ncore id\t\t: 0\ncpu cores\t: 1\n");
	seq_printf(m, "fpu\t\t: %s\nflags\t\t:", boot_cpu_has(X86_FEATURE_FPU) ? "yes" : "no");
	for (size_t i = 0; i < ARRAY_SIZE(cpuinfo_flags); i++)
		if (boot_cpu_has(cpuinfo_flags[i].feature))
			seq_printf(m, " %s", cpuinfo_flags[i].name);
	/* Linux's bogomips: two loops per jiffy, i.e. 2 * TSC MHz on a modern CPU */
	seq_printf(m, "\nbogomips\t: %lu.%02lu\n\n", khz * 2 / 1000, khz * 2 % 1000 / 10);
	return 0;
}
