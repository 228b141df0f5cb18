/*
 * asm/cpufeature.h - CPU features found with CPUID (arch/x86/cpufeature.c).
 *
 * Each feature is a (CPUID word, bit) pair as in Linux's X86_FEATURE_*,
 * numbered word * 32 + bit.
 */
#ifndef ASM_CPUFEATURE_H
#define ASM_CPUFEATURE_H

#include <mneme/types.h>

enum cpuid_word {
	CPUID_1_EDX,		/* leaf 1 */
	CPUID_1_ECX,
	CPUID_7_0_EBX,		/* leaf 7 subleaf 0 */
	CPUID_8000_0001_EDX,	/* extended leaf 0x80000001 */
	NCAPWORDS,
};

#define X86_FEATURE(word, bit)	((word) * 32 + (bit))
#define X86_FEATURE_FPU		X86_FEATURE(CPUID_1_EDX, 0)
#define X86_FEATURE_TSC		X86_FEATURE(CPUID_1_EDX, 4)
#define X86_FEATURE_PAE		X86_FEATURE(CPUID_1_EDX, 6)
#define X86_FEATURE_APIC	X86_FEATURE(CPUID_1_EDX, 9)
#define X86_FEATURE_PGE		X86_FEATURE(CPUID_1_EDX, 13)
#define X86_FEATURE_PAT		X86_FEATURE(CPUID_1_EDX, 16)
#define X86_FEATURE_FXSR	X86_FEATURE(CPUID_1_EDX, 24)
#define X86_FEATURE_SSE2	X86_FEATURE(CPUID_1_EDX, 26)
#define X86_FEATURE_PCID	X86_FEATURE(CPUID_1_ECX, 17)
#define X86_FEATURE_XSAVE	X86_FEATURE(CPUID_1_ECX, 26)
#define X86_FEATURE_HYPERVISOR	X86_FEATURE(CPUID_1_ECX, 31)
#define X86_FEATURE_SMEP	X86_FEATURE(CPUID_7_0_EBX, 7)
#define X86_FEATURE_INVPCID	X86_FEATURE(CPUID_7_0_EBX, 10)
#define X86_FEATURE_SMAP	X86_FEATURE(CPUID_7_0_EBX, 20)
#define X86_FEATURE_SYSCALL	X86_FEATURE(CPUID_8000_0001_EDX, 11)
#define X86_FEATURE_NX		X86_FEATURE(CPUID_8000_0001_EDX, 20)
#define X86_FEATURE_GBPAGES	X86_FEATURE(CPUID_8000_0001_EDX, 26)
#define X86_FEATURE_LM		X86_FEATURE(CPUID_8000_0001_EDX, 29)

struct cpuinfo_x86 {
	char vendor[13];
	char model_name[49];
	u32 family, model, stepping;
	u32 caps[NCAPWORDS];
};

extern struct cpuinfo_x86 boot_cpu_data;

static inline bool boot_cpu_has(unsigned int feature)
{
	return boot_cpu_data.caps[feature / 32] & (1U << (feature % 32));
}

/* Read CPUID, print the features, enable NX, SMEP and SMAP when present. */
void cpu_init(void);

/* /proc/cpuinfo's text (arch/x86/proc.c). */
struct seq_file;
int show_cpuinfo(struct seq_file *m, void *v);

#endif
